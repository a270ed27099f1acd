"""The isnad graph: outlet → intermediary → ultimate source, laid out by Graphviz.

A chain of attribution is a layered directed graph, which is what ``dot`` lays
out best (ranks, few crossings, edge routing); networkx + matplotlib would
need hand-placed layers and fixed-size label boxes. ``dot -Tsvg`` writes each
label as SVG text, so the browser shapes the Arabic, and it sizes each box
from the label's measured width. The graph runs right to left (``rankdir=RL``)
so that, in the Arabic page, outlets stand where reading starts.

``dot`` is Debian's ``graphviz`` package. When it is missing the report still
renders, with the chains given as text in the figures table and a note where
the graph would be: :func:`available` lets callers and tests tell.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass

from riwaya.report.labels import kind_colour, kind_label
from riwaya.report.safety import plain
from riwaya.report.svg import inline_svg

_TITLE = re.compile(r"<title>.*?</title>", re.S)
_ARABIC = re.compile(r"[\u0600-\u06ff]")
FONT = "Noto Naskh Arabic,Noto Sans Arabic,DejaVu Sans,sans-serif"


@dataclass(frozen=True)
class Node:
    """One party in an attribution chain; ``key`` identifies it across chains."""

    key: str
    name: str
    kind: str


def available() -> bool:
    """True when Graphviz's ``dot`` is on PATH."""
    return shutil.which("dot") is not None


def _quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped so ``\\N`` etc. stay literal."""
    return '"' + plain(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _tint(colour: str) -> str:
    """A light fill for a kind's colour (15 % over white) so black label text stays readable."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(255 - 0.15 * (255 - c)) for c in (r, g, b)))


def dot_source(chains: list[list[Node]]) -> str:
    """DOT for the chains (each outlet first, ultimate source last); repeated links thicken."""
    ids: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    edges: Counter[tuple[str, str]] = Counter()
    for chain in chains:
        for node in chain:
            if node.key not in ids:
                ids[node.key] = f"n{len(ids) + 1}"
                nodes[node.key] = node
            elif _ARABIC.search(node.name) and not _ARABIC.search(nodes[node.key].name):
                nodes[node.key] = node      # label the party as the Arabic reports name it
        for a, b in zip(chain, chain[1:], strict=False):
            if a.key != b.key:
                edges[(ids[a.key], ids[b.key])] += 1
    lines = [
        "digraph isnad {",
        '  graph [rankdir=RL, bgcolor="transparent", nodesep=0.25, ranksep=0.55, pad=0.1];',
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=13, margin="0.15,0.06", penwidth=1.4];',
        f'  edge [color="#666666", arrowsize=0.7, fontname="{FONT}", fontsize=10, fontcolor="#666666"];',
    ]
    for key, nid in ids.items():
        node = nodes[key]
        colour = kind_colour(node.kind)
        label = _quote(node.name)[:-1] + "\\n" + _quote(kind_label(node.kind))[1:]
        lines.append(f'  {nid} [label={label}, color="{colour}", fillcolor="{_tint(colour)}", '
                     f'tooltip={_quote(node.name)}];')
    for (a, b), n in edges.items():
        extra = f', penwidth={min(1 + 0.6 * (n - 1), 5):.1f}, label="{n}"' if n > 1 else ""
        lines.append(f"  {a} -> {b} [{extra.lstrip(', ')}];")
    lines.append("}")
    return "\n".join(lines)


def isnad_svg(chains: list[list[Node]], *, prefix: str, label: str = "", timeout: float = 20) -> str | None:
    """Inline SVG of the chains, or None when ``dot`` is missing or fails."""
    if not chains or not available():
        return None
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=dot_source(chains).encode("utf-8"),
                              capture_output=True, timeout=timeout, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    svg = _TITLE.sub("", done.stdout.decode("utf-8", "replace"))   # titles are node ids (n1, n1->n2)
    return inline_svg(svg, prefix, label=label)
