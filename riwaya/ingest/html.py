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
import re
from dataclasses import dataclass

from riwaya.ingest.decode import DecodeError, decode_bytes

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


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
