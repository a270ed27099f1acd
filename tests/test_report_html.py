"""The HTML report on the sample analysis: structure, links to evidence, self-containment."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from riwaya.model import Analysis
from riwaya.report import isnad
from riwaya.report.html import ISNAD_MISSING, render_html
from riwaya.report.sample import sample_analysis
from riwaya.report.view import build_view

needs_dot = pytest.mark.skipif(not isnad.available(), reason="Graphviz 'dot' not installed (apt-get install graphviz)")


class Page(HTMLParser):
    """Every element with its attributes, the text inside each id'd element, script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []    # (tag, id) stack
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag not in ("meta", "link", "br", "img", "input", "hr", "path", "use", "rect", "circle",
                       "line", "polygon", "polyline", "ellipse", "stop"):
            self._open.append((tag, a.get("id")))
            if a.get("id"):
                self.text_by_id.setdefault(a["id"], "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        for _, ident in self._open:
            if ident:
                self.text_by_id[ident] += data

    def by_class(self, tag: str, cls: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and cls in (a.get("class") or "").split()]


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return sample_analysis()


@pytest.fixture(scope="module")
def html(analysis: Analysis) -> str:
    return render_html(analysis)


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


def test_document_is_arabic_rtl_and_responsive(html: str, page: Page) -> None:
    assert html.startswith("<!doctype html>")
    root = next(a for t, a in page.elements if t == "html")
    assert root == {"lang": "ar", "dir": "rtl"}
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.elements)
    assert "@media (max-width: 640px)" in html and "@media print" in html


def test_nothing_is_fetched_from_the_network(analysis: Analysis, html: str, page: Page) -> None:
    urls = {d.url for d in analysis.documents if d.url}
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name in ("src", "href", "xlink:href", "action", "poster", "srcset", "data", "background"):
                value = (value or "").strip().lower()
                if tag == "a" and name == "href" and value in {u.lower() for u in urls}:
                    continue   # a document's own URL, shown as a link to follow, never fetched
                assert not re.match(r"(https?:)?//", value), (tag, name, value)
    # not even a namespace URL or a DOCTYPE left over from the SVG libraries
    stripped = html
    for u in urls:
        stripped = stripped.replace(u, "")
    assert "http://" not in stripped and "https://" not in stripped
    assert "@import" not in html and "url(http" not in html
    assert not any(t in ("link", "img", "iframe", "object", "embed") for t, _ in page.elements)


def test_content_security_policy_pins_the_one_script(page: Page) -> None:
    csp = next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    assert len(page.scripts) == 1
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_every_claim_links_to_its_highlighted_evidence(analysis: Analysis, page: Page) -> None:
    view = build_view(analysis)
    links = {a["href"] for a in page.by_class("a", "ev")}
    for claim in analysis.claims:
        cv = view.claims[claim.id]
        assert f"#{cv.anchor}" in links, claim.id
        marks = [a for t, a in page.elements if t == "mark" and a.get("id") == cv.anchor]
        assert len(marks) == 1, claim.id
        assert page.text_by_id[cv.anchor] == claim.text
        doc = next(d for d in analysis.documents if d.id == claim.document)
        assert doc.text[claim.start:claim.end] == claim.text


def test_ids_are_unique_across_inline_svgs(page: Page) -> None:
    ids = [a["id"] for _, a in page.elements if a.get("id")]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes
    refs = [m for _, a in page.elements for v in a.values() if v for m in re.findall(r"url\(#([^)]+)\)", v)]
    assert refs and set(refs) <= set(ids)


def test_figures_table_groups_values_by_voice_with_chains(analysis: Analysis, html: str, page: Page) -> None:
    slots = [s for inc in analysis.incidents for s in inc.slots]
    assert len(page.by_class("tbody", "slot")) == len(slots)
    assert len(page.by_class("tbody", "is-contested")) == sum(s.contested for s in slots)
    assert len(page.by_class("span", "contested")) == sum(s.contested for s in slots)
    # one voice cell per ultimate source of each slot; SOHR's two reports share one
    by_id = {c.id: c for c in analysis.claims}
    assert len(page.by_class("td", "voice")) == sum(
        len(s.voices) or len({by_id[c].source.key for c in s.claims}) for s in slots)
    sohr_killed = re.search(r'id="inc-1-s1".*?</tbody>', html, re.S).group()
    assert sohr_killed.count('class="voice"') == 2 and 'rowspan="2"' in sohr_killed
    # outlet ← intermediary ← source, in that order
    chains = [re.sub(r"<[^>]+>", "", c) for c in
              re.findall(r'<td data-label="سلسلة الإسناد" class="chain">(.*?)</td>', sohr_killed, re.S)]
    via = [c for c in chains if "وكالة رويترز" in c]
    assert len(via) == 1
    assert via[0].index("صدى الفرات") < via[0].index("وكالة رويترز") < via[0].index("مسؤول في وزارة الداخلية")
    # hedges and estimate rules are shown
    assert "أكثر من 60" in html and "نفي (0)" in html and "median_of_voices" in html
    assert html.count('class="badge interest"') == 4


def test_a_plot_per_contested_slot_with_svg(analysis: Analysis, html: str) -> None:
    contested = sum(s.contested for inc in analysis.incidents for s in inc.slots)
    plots = re.findall(r'<figure class="plot" id="([^"]+)">(.*?)</figure>', html, re.S)
    assert len(plots) == contested == 5
    for _, body in plots:
        assert '<div class="plot-svg" dir="ltr"><svg' in body
    displaced = next(body for ident, body in plots if "inc-2-s4" in ident)
    assert "لوغاريتمي" in displaced
    assert sum("لوغاريتمي" in body for _, body in plots) == 1


def test_locator_for_each_placed_incident(html: str) -> None:
    maps = re.findall(r'<figure class="locator">(.*?)</figure>', html, re.S)
    assert len(maps) == 2 and all("<svg" in m for m in maps)
    assert "35.39°, 39.86°" in maps[0]
    assert "وسط الدولة" in maps[1]          # i2 has no coordinates: its country's centroid


@needs_dot
def test_isnad_graph_has_every_party(html: str) -> None:
    graph = "".join(re.findall(r'<figure class="isnad">(.*?)</figure>', html, re.S))
    assert "<svg" in graph and "class=\"node\"" in graph
    # one node per party: Reuters as an outlet and as an intermediary is one node,
    # labelled as the Arabic reports name it
    for name in ("صدى الفرات", "وكالة رويترز", "مسؤول في وزارة الداخلية", "المرصد السوري لحقوق الإنسان",
                 "فرهاد شامي", "قائممقام الدبس", "وكالة الأنباء العراقية (واع)"):
        assert f">{name}</text>" in graph, name
    assert ">Reuters</text>" not in graph
    assert graph.count('class="node"') == 7 + 8


def test_report_renders_without_graphviz(analysis: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isnad, "available", lambda: False)
    html = render_html(analysis)
    assert html.count(ISNAD_MISSING) == 2
    assert 'class="isnad-svg"' not in html


def test_timeline_in_time_order_with_evidence(analysis: Analysis, page: Page) -> None:
    items = re.findall(r"<time[^>]*>(.*?)</time>", render_html(analysis))
    assert items[:4] == ["2023-03-14", "2023-03-14", "2023-03-14 03:00", "2023-03-14 03:10"]
    events = sum(len(i.events) for i in analysis.incidents)
    assert len(items) == events
    event_marks = [a for t, a in page.elements if t == "mark" and "event" in (a.get("class") or "")]
    assert len({a["data-ev"] for a in event_marks}) == events


def test_numbers_and_dates_are_isolated_left_to_right(html: str) -> None:
    # after Arabic letters «2023-03-14» would otherwise show as «14-03-2023»
    assert '<bdi dir="ltr" class="n">2023-03-14</bdi>' in html
    assert 'عدد مبهم (<bdi dir="ltr" class="n">20–99</bdi>)' in html


def test_provisional_incidents_when_reconcile_did_not_run(analysis: Analysis) -> None:
    bare = Analysis(documents=analysis.documents, claims=analysis.claims)
    view = build_view(bare)
    assert view.provisional
    assert [iv.incident.id for iv in view.incidents] == ["i1", "i2"]
    assert [cv.claim.id for cv in view.unassigned] == ["a2_manbar#c5"]   # context, no incident
    killed = next(s for s in view.incidents[0].slots if s.slot.quantity == "killed" and s.slot.party is None)
    assert killed.slot.contested and len(killed.voices) == 2
    html = render_html(bare)
    assert "مؤقتة" in html
    assert all(f'href="#{cv.anchor}"' in html for cv in view.claims.values())


def test_revisions_are_named_as_in_the_table(page: Page, html: str) -> None:
    history = re.search(r'<div class="history">(.*?)</div>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", history)
    assert text.index("(2023-03-14): 20–…") < text.index("(2023-03-15): 23–…")
    assert text.count("المرصد السوري لحقوق الإنسان") == 2 and "Syrian Observatory" not in text


def test_output_is_deterministic(analysis: Analysis, html: str) -> None:
    """Same analysis, same bytes: reports can be archived and diffed."""
    assert render_html(analysis) == html
