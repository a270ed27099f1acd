"""Everything that puts untrusted text into the report goes through here.

Report text comes from scraped news pages, so it may hold markup
(``<script>``, ``<img onerror=…>``), entities, or Unicode bidi controls that
reorder what the reader sees (U+202E can make «150» read «051»). HTML is
escaped; embedding, override and isolate controls are replaced by a visible
marker so they neither act nor hide; lone surrogates (undecodable input) become
U+FFFD. Each replacement is one code point for one code point *before* markup is
added, so claim offsets still index the same characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

#: Controls that open an embedding, override or isolate: they change the order
#: of the text after them. LRM/RLM/ALM (U+200E/F, U+061C) only act as strong
#: letters and are common in Arabic web text, so they stay.
BIDI_CONTROLS = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
_CONTROL_RE = re.compile("[" + "".join(BIDI_CONTROLS) + "\ud800-\udfff]")


def plain(text: str | None) -> str:
    """Text with bidi controls shown as ``[RLO]``: for SVG labels, Markdown and graph labels."""
    if not text:
        return ""
    return _CONTROL_RE.sub(lambda m: f"[{BIDI_CONTROLS.get(m.group(), 'U+FFFD')}]", text)


def _html_control(match: re.Match[str]) -> str:
    char = match.group()
    if char not in BIDI_CONTROLS:
        return "\ufffd"
    name = unicodedata.name(char, "BIDI CONTROL")
    return (f'<span class="bidi-ctl" title="U+{ord(char):04X} {name}">'
            f"{BIDI_CONTROLS[char]}</span>")


#: A number with separators (a date, a range, thousands, an open bound «…»).
#: After Arabic letters the bidi algorithm turns digits into Arabic numbers,
#: which hyphens and dashes do not join, so «2023-03-14» would show as
#: «14-03-2023» and «20–99» as «99–20»; such runs are isolated left-to-right.
NUMERIC_RUN = re.compile(r"(?:\d+|…)(?:[,.:/\-–](?:\d+|…))+")
_ENTITY = re.compile(r"(&#?\w+;)")


def html_text(text: str | None, *, numbers: bool = False) -> Markup:
    """Escape ``text`` for HTML and make bidi controls visible and inert.

    With ``numbers`` each numeric run with separators is wrapped in
    ``<bdi dir="ltr" class="n">`` (see :data:`NUMERIC_RUN`), which CSS keeps on one line.
    """
    if not text:
        return Markup("")
    escaped = str(escape(text))
    if numbers:
        parts = _ENTITY.split(escaped)
        parts[0::2] = [NUMERIC_RUN.sub(r'<bdi dir="ltr" class="n">\g<0></bdi>', p) for p in parts[0::2]]
        escaped = "".join(parts)
    return Markup(_CONTROL_RE.sub(_html_control, escaped))


def html_numbers(text: str | None) -> Markup:
    """:func:`html_text` with numeric runs isolated: for figures, dates and headings."""
    return html_text(text, numbers=True)


def isolate_numbers(text: str) -> str:
    """Plain-text variant for Markdown: numeric runs between LRI (U+2066) and PDI (U+2069).

    Only balanced pairs that riwaya itself inserts around digits; controls
    coming from input were already made visible by :func:`plain`.
    """
    return NUMERIC_RUN.sub(lambda m: f"\u2066{m.group()}\u2069", text)


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link, else None (never ``javascript:`` or ``data:``)."""
    if not url or _CONTROL_RE.search(url) or any(c.isspace() for c in url.strip()):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


@dataclass(frozen=True)
class Highlight:
    """A span to wrap in ``<mark>``: ``anchor`` is its element id, ``css`` its kind."""

    start: int
    end: int
    anchor: str
    css: str = "claim"
    title: str = ""


def marked_text(text: str, spans: Iterable[Highlight]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark id=anchor>``.

    Nested spans nest; a span that crosses one already open is cut at the
    crossing, its pieces sharing ``data-ev`` and the first piece carrying the
    id, so every highlight is reachable and the HTML stays well formed.
    """
    spans = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end),
    )
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[Highlight] = []
    started: set[str] = set()

    def open_mark(span: Highlight) -> None:
        attrs = f' data-ev="{span.anchor}" class="{span.css}"'
        if span.anchor not in started:
            attrs = f' id="{span.anchor}" tabindex="-1"' + attrs
            started.add(span.anchor)
        if span.title:
            attrs += f' title="{escape(plain(span.title))}"'
        out.append(f"<mark{attrs}>")

    pending = list(spans)
    for left, right in zip(bounds, bounds[1:], strict=False):
        # close marks ending here; reopen (as continuation pieces) any that
        # were open inside them but go on past this point
        reopen: list[Highlight] = []
        while stack and any(s.end <= left for s in stack):
            top = stack.pop()
            out.append("</mark>")
            if top.end > left:
                reopen.append(top)
        for span in reversed(reopen):
            open_mark(span)
            stack.append(span)
        while pending and pending[0].start == left:
            span = pending.pop(0)
            open_mark(span)
            stack.append(span)
        out.append(str(html_text(text[left:right])))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))
