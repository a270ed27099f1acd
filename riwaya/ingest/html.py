"""HTML pages → the article's main text, via trafilatura.

A saved news page is mostly navigation, related-story teasers, scripts and
comment threads, all full of numbers that are not the report's. The
contract defines an HTML document's text as the extracted main text, so the
offsets of claims point into that, not into the markup.

The page's own metadata (title, site name, date, canonical URL, language)
is kept too: the title as trafilatura finds it, the rest marked as
inferred, since a page's markup is not the user's word; a sidecar still
wins over all of it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

from riwaya.ingest.decode import DecodeError, decode_bytes
from riwaya.ingest.meta import guess_language, parse_published
from riwaya.model import Document, Outlet

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.IGNORECASE)


@dataclass
class Page:
    """What trafilatura found in a page."""

    text: str
    title: str | None = None
    sitename: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None


def decode_html(data: bytes) -> str:
    """Decode a page: byte-order mark, then ``<meta charset>``, then detection.

    A page's own charset declaration beats statistical detection, but pages
    lie often enough (a UTF-8 declaration on a Windows-1256 file) that a
    declaration that fails to decode strictly is ignored.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    m = _META_CHARSET.search(data[:4096])
    if m is not None:
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if text.strip():
                return text
    return decode_bytes(data)


def extract_page(data: bytes) -> Page:
    """The main text and metadata of an HTML page; :class:`DecodeError` when there is none."""
    html = decode_html(data)
    import trafilatura  # imported lazily: a text-only corpus never pays for it

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise DecodeError(f"could not parse HTML ({type(exc).__name__}: {exc})") from None
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise DecodeError("no main text found in the HTML page")
    return Page(
        text=text,
        title=_clean(getattr(result, "title", None)),
        sitename=_clean(getattr(result, "sitename", None)),
        date=_clean(getattr(result, "date", None)),
        url=_clean(getattr(result, "url", None)),
        language=_clean(getattr(result, "language", None)),
    )


def document_from_html(data: bytes, doc_id: str, path: str | None = None) -> Document:
    """An HTML page's bytes → its Document; :class:`DecodeError` when it has no main text.

    The one place a page becomes a Document, whether it is an ``.html`` file
    read by ``analyze`` or an HTML record of a WARC read by ``riwaya batch``,
    so both give the same text, offsets and metadata for the same page. The
    page's site name and date are marked inferred (markup is not the user's
    word); the caller applies sidecar metadata over them. ``sha256`` is of
    the bytes as fetched.
    """
    page = extract_page(data)
    doc = Document(id=doc_id, text=page.text, path=path,
                   sha256=hashlib.sha256(data).hexdigest(), language=guess_language(page.text),
                   title=page.title, url=page.url)
    if page.sitename:
        doc.outlet = Outlet(name=page.sitename, inferred=True)
    if page.date:
        parsed = parse_published(page.date)
        if parsed is not None:
            doc.published, doc.published_inferred = parsed[0], True
    return doc


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
