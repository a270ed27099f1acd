"""Make a library's SVG output fit to inline in the one-file report.

matplotlib and graphviz write standalone SVG files: an XML prologue, a
DOCTYPE pointing at w3.org, RDF metadata with namespace URLs, and element ids
(``figure_1``, ``node1``) that repeat from one drawing to the next. Inline in
HTML none of the prologue is needed and repeated ids would make one plot's
clip paths clip another, so each drawing gets its own id prefix and loses
every ``http(s)://`` string (the report must not reference the network).
"""

from __future__ import annotations

import re

from markupsafe import escape

_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')
_PATH_DATA = re.compile(r'(\sd|\spoints)="([^"]*)"')
_DECIMAL = re.compile(r"-?\d+\.\d{2,}")


def _round_path(match: re.Match[str]) -> str:
    """Path coordinates to 0.1 pt: invisible on screen and in print, a third of the bytes."""
    data = _DECIMAL.sub(lambda m: f"{float(m.group()):.1f}".rstrip("0").rstrip("."), match.group(2))
    return f'{match.group(1)}="{" ".join(data.split())}"'


def inline_svg(svg: str, prefix: str, *, label: str = "", keep_size: bool = True) -> str:
    """Return ``svg`` ready to inline: no prologue/metadata/namespace URLs, ids prefixed.

    By default the drawing keeps its natural size (text stays the size the
    library laid it out at) and CSS only shrinks it on narrow screens
    (``max-width: 100%``, the ``viewBox`` keeps the aspect); ``keep_size=False``
    drops ``width``/``height`` so it fills its container. ``label`` becomes its
    accessible name.
    """
    svg = _PROLOGUE.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = _XMLNS.sub("", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = _PATH_DATA.sub(_round_path, svg)
    ids = set(_ID.findall(svg))
    if ids:
        svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
        pattern = re.compile(r"(url\(#|href=\"#)(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")([\")])")
        svg = pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", svg)
    if not keep_size:
        for _ in range(2):
            svg = _SIZE.sub(r"\1", svg, count=1)
    attrs = ' role="img"'
    if label:
        attrs += f' aria-label="{escape(label)}"'
    svg = re.sub(r"<svg\b", "<svg" + attrs, svg, count=1)
    return svg.strip()
