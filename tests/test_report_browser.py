"""The report in a real browser (Debian's chromium via Playwright): layout, plots, evidence clicks.

Screenshots go to ``artifacts/`` (gitignored) for a human to look at the RTL
layout; the assertions check what a reader relies on: the figures table, a
plot and the isnad graph are rendered, clicking a claim opens its document
with the span highlighted, the page makes no network request, and the
Content-Security-Policy lets the report's own script run (no console error).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from riwaya.report import isnad
from riwaya.report.html import render_html
from riwaya.report.sample import sample_analysis

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium absent (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python package) not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Opened:
    """A page on a report file, recording requests and console errors."""

    def __init__(self, browser: object, path: Path, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.url = path.as_uri()


def _shot(page: object, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(sample_analysis()), encoding="utf-8")
    return path


def test_sample_report_renders_and_links_evidence(browser: object, report_file: Path) -> None:
    o = Opened(browser, report_file)
    page = o.page
    _shot(page, "report-sample-full.png", full=True)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    table = page.locator("table.figures").first
    assert table.is_visible()
    assert page.locator("table.figures tbody.slot").count() == 9
    plot = page.locator("figure.plot .plot-svg svg").first
    plot.scroll_into_view_if_needed()
    assert plot.is_visible() and plot.bounding_box()["width"] > 300
    # the row labels are shaped by the browser: a real, non-empty text box
    label = page.locator("figure.plot svg text", has_text="S1").first
    assert label.bounding_box()["width"] > 20
    if isnad.available():
        graph = page.locator("figure.isnad svg").first
        assert graph.is_visible() and page.locator("figure.isnad svg g.node").count() >= 7
    assert page.locator("figure.locator svg").count() == 2

    # click the official's figure relayed through Reuters: its document opens, the span is marked
    link = page.locator("table.figures a.ev", has_text="عدد القتلى لم يتجاوز 12")
    href = link.get_attribute("href")
    mark = page.locator(f"mark{href}")
    assert not mark.is_visible()                        # inside a closed <details>
    link.click()
    mark.wait_for(state="visible")
    assert mark.inner_text() == "عدد القتلى لم يتجاوز 12"
    assert "active" in (mark.get_attribute("class") or "")
    assert mark.evaluate("m => m.closest('details').open")
    assert page.evaluate("location.hash") == href
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900     # scrolled into view
    _shot(page, "report-sample-evidence.png")

    # an English document inside the Arabic page reads left to right
    english = page.locator("details.doc .doc-text[lang=en]")
    assert english.evaluate("e => getComputedStyle(e).direction") == "ltr"

    assert o.errors == []
    assert o.requests == [o.url]


def test_phone_layout_has_no_horizontal_scroll(browser: object, report_file: Path) -> None:
    o = Opened(browser, report_file, width=390, height=844)
    page = o.page
    _shot(page, "report-sample-phone.png")
    page.locator("table.figures").first.scroll_into_view_if_needed()
    _shot(page, "report-sample-phone-table.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    # table cells stack as cards, with their column name
    cell = page.locator("table.figures td[data-label='المجال']").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "block"
    assert o.errors == []


def test_print_opens_every_document(browser: object, report_file: Path) -> None:
    o = Opened(browser, report_file)
    page = o.page
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details.doc')].every(d => d.open)")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS} (../shared absent)")
def test_seed_report_in_browser(browser: object, tmp_path: Path) -> None:
    from riwaya.pipeline import analyze

    analysis = analyze([SEEDS])
    path = tmp_path / "seeds.html"
    path.write_text(render_html(analysis), encoding="utf-8")
    o = Opened(browser, path)
    page = o.page
    _shot(page, "report-seeds-full.png", full=True)
    assert page.locator("details.doc").count() == len(analysis.documents) > 0
    if not analysis.claims:
        pytest.skip("the extractor found no claims in the seeds yet; nothing to click")
    assert page.locator("table.figures").count() + page.locator("#unassigned").count() >= 1
    link = page.locator("a.ev[href^='#ev-c']").first
    href = link.get_attribute("href")
    link.click()
    mark = page.locator(f"mark{href}")
    mark.wait_for(state="visible")
    cv_text = mark.inner_text()
    claim = analysis.claims[int(href.removeprefix("#ev-c")) - 1]
    assert cv_text.replace("\n", "") == claim.text.replace("\n", "")
    if page.locator("figure.plot svg").count():
        assert page.locator("figure.plot svg").first.is_visible()
    _shot(page, "report-seeds-evidence.png")
    assert o.errors == [] and o.requests == [o.url]

