"""The one-file HTML report: Jinja2 template, inline CSS/JS, inline SVG graphics.

Everything is inline so the file can be mailed, archived, or opened on a
phone with no network. Jinja2 autoescaping is on and every piece of input
text goes through :func:`riwaya.report.safety.html_text`, so document text is
shown, never run. As a second wall a Content-Security-Policy forbids any
network fetch and any script except the report's own (pinned by its SHA-256),
so even an escaping bug could not run injected script or leak a request.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources

from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape

from riwaya.model import Analysis
from riwaya.report import isnad, labels
from riwaya.report.locator import locator_svg
from riwaya.report.plots import Mark, Row, figures_plot, scale_for
from riwaya.report.safety import html_numbers, html_text
from riwaya.report.view import ReportView, build_view

ISNAD_MISSING = "لم تُرسم شجرة الإسناد: برنامج Graphviz (dot) غير مثبت؛ السلاسل مذكورة في جدول الأرقام."


def _asset(name: str) -> str:
    return resources.files("riwaya.report").joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=DictLoader({"report": _asset("report.html.j2")}),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["t"] = html_text
    env.filters["tn"] = html_numbers
    env.globals.update(
        interval=labels.interval,
        number=labels.number,
        colour=labels.kind_colour,
        kind_label=lambda k: html_text(labels.kind_label(k)),
        quantity_label=lambda q: html_text(labels.quantity_label(q)),
        qualifier=lambda q: html_text(labels.QUALIFIER_AR.get(q, q)),
        self_interest=lambda s: html_text(labels.SELF_INTEREST_AR.get(s, s)),
        isnad_missing=ISNAD_MISSING,
    )
    return env


def add_graphics(view: ReportView) -> None:
    """Draw the locator, the isnad graph and one figures plot per contested slot."""
    for n, inc in enumerate(view.incidents, 1):
        if inc.position is not None:
            inc.map_svg = locator_svg(inc.position, prefix=f"map{n}", label=f"خريطة: {inc.place or ''}")
        inc.isnad_svg = isnad.isnad_svg(inc.chains, prefix=f"isnad{n}", label="شجرة الإسناد")
        for k, slot in enumerate(inc.slots, 1):
            if not slot.slot.contested or not slot.voices:
                continue
            rows = [Row(label=v.plot_label, kind=v.kind,
                        marks=[Mark(cv.claim.low, cv.claim.high, cv.claim.qualifier, cv.claim.stance)
                               for cv in v.claims])
                    for v in slot.voices]
            slot.scale = scale_for(rows, slot.estimate)
            slot.plot = figures_plot(rows, slot.estimate, prefix=f"plot{n}-{k}",
                                     legend=lambda kind: labels.kind_label(kind),
                                     label=f"الأرقام حسب المصدر: {slot.title}")


def csp(script: str) -> str:
    """The page's Content-Security-Policy: nothing from the network, only our own script."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def render_html(analysis: Analysis, *, title: str = "تقرير riwaya: الأرقام ومصادرها") -> str:
    """The full report for ``analysis`` as one HTML string."""
    view = build_view(analysis)
    add_graphics(view)
    js = _asset("report.js")
    return _environment().get_template("report").render(
        view=view, stats=view.stats, title=title, version=analysis.version,
        css=_asset("report.css"), js=js, csp=csp(js),
    )
