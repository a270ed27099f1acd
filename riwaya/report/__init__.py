"""riwaya.report: the one-file HTML report and its Markdown variant.

The last stage: it reads an :class:`~riwaya.model.Analysis` and never feeds
anything back, so it may import the model and earlier stages but nothing
imports it except the CLI.
"""

from __future__ import annotations

from riwaya.model import Analysis


def render(analysis: Analysis, fmt: str = "html") -> str:
    """The report as text in ``fmt`` (``html`` or ``md``)."""
    if fmt == "html":
        from riwaya.report.html import render_html

        return render_html(analysis)
    if fmt in ("md", "markdown"):
        from riwaya.report.markdown import render_markdown

        return render_markdown(analysis)
    raise ValueError(f"unknown report format {fmt!r} (html or md)")


__all__ = ["render"]
