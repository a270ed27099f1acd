"""Hostile document text is shown, never run: HTML, Markdown, graph labels, bidi controls."""

from __future__ import annotations

from html.parser import HTMLParser
from importlib import resources

import pytest

from riwaya.model import Analysis, Claim, Document, Incident, Outlet, Place, Slot, Source, Voice
from riwaya.report import isnad
from riwaya.report.html import render_html
from riwaya.report.markdown import md, render_markdown
from riwaya.report.safety import BIDI_CONTROLS, Highlight, html_text, marked_text, plain, safe_url

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(2)">'
BREAKOUT = '"><svg onload=alert(3)>'
RLO = "\u202e"
PDF = "\u202c"
TEXT = (
    f"قالت مصادر إن {SCRIPT} أكثر من 150 عنصراً فرّوا. {IMG} و&amp; &lt;b&gt; &#x3C;i&#x3E; "
    f"وأعلن المتحدث {RLO}051 قتيلاً{PDF} ثم {BREAKOUT} </textarea></details></mark> نحو 40 جريحاً. "
    "\u2067عزل\u2069 \u2066LRI\n"
)
EVIL_NAME = 'مصدر <b onmouseover="alert(4)">x</b> \\N "]; n1 -> n9 [label="pwn" \u202eRLO'


def _hostile() -> Analysis:
    doc = Document(id="evil", text=TEXT, language="ar", title=f"عنوان {SCRIPT}",
                   outlet=Outlet(name=f"منفذ {IMG}"), url="javascript:alert(5)", published="2024-01-01")
    script_at = TEXT.index(SCRIPT)
    rlo_at = TEXT.index(RLO)
    claims = [
        Claim(id="evil#c1", document="evil", quantity="escaped", low=150, high=None, qualifier="more_than",
              start=script_at, end=TEXT.index("فرّوا") + 5, text=TEXT[script_at:TEXT.index("فرّوا") + 5],
              source=Source(EVIL_NAME, None, "anonymous"), incident="i1",
              via=[Source(f"وسيط {BREAKOUT}", None, "media")]),
        Claim(id="evil#c2", document="evil", quantity="killed", low=150, high=150, qualifier="exact",
              start=rlo_at, end=rlo_at + 11, text=TEXT[rlo_at:rlo_at + 11],
              source=Source("المتحدث", None, "party"), incident="i1"),
        Claim(id="evil#c3", document="evil", quantity="wounded<script>", low=40, high=40, qualifier="approx",
              start=TEXT.index("نحو 40"), end=TEXT.index("نحو 40") + len("نحو 40 جريحاً"), text="نحو 40 جريحاً",
              source=Source("x", None, f"kind{IMG}"), party=SCRIPT, incident="i1"),
    ]
    slot = Slot("escaped", None, ["evil#c1", "evil#c2"], contested=True, low=150, high=None,
                voices=[Voice(EVIL_NAME, "anonymous", ["evil#c1"]), Voice("المتحدث", "party", ["evil#c2"])])
    inc = Incident(id=f"i1{SCRIPT}", documents=["evil"], slots=[slot, Slot("wounded<script>", SCRIPT, ["evil#c3"])],
                   place=Place(name=f"مكان {IMG}", country="سوريا"), actors=[SCRIPT, RLO + "abc"])
    for c in claims:
        c.incident = inc.id
    return Analysis(documents=[doc], claims=claims, incidents=[inc])


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text = ""
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._script:
            self.scripts[-1] += data
        else:
            self.text += data


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(_hostile())


def test_no_injected_script_or_handler(html: str) -> None:
    page = Elements()
    page.feed(html)
    ours = resources.files("riwaya.report").joinpath("assets", "report.js").read_text(encoding="utf-8")
    assert page.scripts == [ours]
    handlers = [(t, k) for t, a in page.tags for k in a if k.lower().startswith("on")]
    assert handlers == []
    assert not [t for t, _ in page.tags if t in ("img", "iframe", "object", "embed", "textarea")]
    svg_tags = [a for t, a in page.tags if t == "svg"]
    assert all(set(a) <= {"role", "aria-label", "width", "height", "viewbox", "version", "class"} for a in svg_tags)


def test_hostile_text_is_shown_as_text(html: str) -> None:
    page = Elements()
    page.feed(html)
    assert SCRIPT in page.text                       # visible, literally
    assert IMG in page.text and BREAKOUT in page.text
    assert "&amp; &lt;b&gt; &#x3C;i&#x3E;" in page.text    # entities in the source stay entities
    assert "javascript:" not in {a.get("href", "") for _, a in page.tags}
    assert "javascript:alert(5)" in page.text        # the bad URL is shown, not linked


def test_bidi_controls_are_visible_and_inert(html: str) -> None:
    assert not any(c in html for c in BIDI_CONTROLS)
    assert html.count('class="bidi-ctl"') >= 5
    assert "<span class=\"bidi-ctl\" title=\"U+202E RIGHT-TO-LEFT OVERRIDE\">RLO</span>051" in html


def test_the_claim_over_the_script_is_still_highlighted(html: str) -> None:
    start = html.index('<mark id="ev-c1"')
    end = html.index("</mark>", start)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html[start:end]


def test_graph_labels_cannot_break_out_of_dot() -> None:
    source = isnad.dot_source([[isnad.Node("a", f"منفذ {IMG}", "outlet"),
                                isnad.Node("b", EVIL_NAME, "anonymous")]])
    assert 'label="pwn"' not in source.replace('\\"', "")
    assert "\\\\N" in source and RLO not in source
    if isnad.available():
        svg = isnad.isnad_svg([[isnad.Node("a", "x", "outlet"), isnad.Node("b", EVIL_NAME, "anonymous")]],
                              prefix="t")
        assert svg is not None and "<b " not in svg and "&lt;b onmouseover" in svg
        assert svg.count('class="node"') == 2


def test_markdown_escapes_html_markdown_and_bidi() -> None:
    text = render_markdown(_hostile())
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "&lt;script&gt;" in text
    assert RLO not in text and PDF not in text and r"\[RLO\]051" in text
    for line in text.splitlines():
        if line.startswith("| ") and "---" not in line:
            assert line.count(" | ") == 5, line          # no cell broken by a '|' in the input
    assert "](javascript" not in text
    assert "⚠" not in text                                # every offset in the fixture resolves


def test_md_helper() -> None:
    assert md("a|b *c* [x](y) <b>") == r"a\|b \*c\* \[x\]\(y\) &lt;b&gt;"
    assert md("line1\nline2") == "line1 line2"


def test_plain_and_html_text() -> None:
    assert plain("a\u202eb\u2066c") == "a[RLO]b[LRI]c"
    assert plain("\ud800x") == "[U+FFFD]x"
    assert str(html_text("<b>&\u200f")) == "&lt;b&gt;&amp;\u200f"        # RLM is harmless, kept


def test_safe_url() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.org", "http://", "https://e.org/\u202ex",
                "https://a b", "vbscript:x", None, ""):
        assert safe_url(bad) is None, bad


def test_marked_text_nests_and_cuts_crossing_spans() -> None:
    text = "abcdefghij"
    out = str(marked_text(text, [Highlight(0, 6, "a"), Highlight(2, 4, "b"), Highlight(4, 8, "c"),
                                 Highlight(2, 4, "d"), Highlight(5, 99, "bad"), Highlight(3, 3, "empty")]))
    assert "bad" not in out and "empty" not in out
    assert out.count("<mark") == out.count("</mark>")
    # every highlight has exactly one id-carrying piece
    for anchor in "abcd":
        assert out.count(f'id="{anchor}"') == 1
    # c crosses a: cut at 6, its continuation carries data-ev but no id
    assert out.count('data-ev="c"') == 2
    plain_text = "".join(__import__("re").split(r"<[^>]+>", out))
    assert plain_text == text


def test_marked_text_escapes_inside_marks() -> None:
    out = str(marked_text("x<i>y", [Highlight(1, 4, "m", title='"><script>')]))
    assert out == ('x<mark id="m" tabindex="-1" data-ev="m" class="claim" title="&#34;&gt;&lt;script&gt;">'
                   "&lt;i&gt;</mark>y")
