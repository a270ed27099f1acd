"""``riwaya report``: one self-contained HTML file (or Markdown) from files or an analysis JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from riwaya.cli import app
from riwaya.export.json_out import write_text_atomic
from riwaya.model import Analysis


def load_inputs(paths: list[Path]) -> Analysis:
    """Analysis JSON files are read as they are; every other path is analysed by the pipeline.

    Accepting the JSON lets a newsroom report on an analysis that was run (and
    reviewed) elsewhere without re-running extraction.
    """
    from riwaya.report.load import is_analysis_json, load_json, merge

    jsons = [p for p in paths if is_analysis_json(p)]
    rest = [p for p in paths if p not in jsons]
    parts = [load_json(p) for p in jsons]
    if rest:
        from riwaya.pipeline import analyze

        parts.append(analyze(rest))
    return merge(parts)


@app.command()
def report(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", show_default=False,
        help="Files or directories to analyse, or analysis .json files from 'riwaya analyze --json'.")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="OUT",
        help="Where to write the report [default: report.html or report.md].")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="html (one self-contained file) or md (Markdown).")] = "html",
    sample: Annotated[bool, typer.Option(
        "--sample", help="Report on the bundled sample analysis (no PATH needed).")] = False,
) -> None:
    """Write a report: figures by source, contradictions, isnad, timeline, evidence."""
    from riwaya.report import render

    if fmt not in ("html", "md", "markdown"):
        raise typer.BadParameter("use html or md", param_hint="--format")
    missing = [p for p in paths or [] if not p.exists()]
    if missing:
        raise typer.BadParameter(", ".join(map(str, missing)) + ": no such file", param_hint="PATH")
    if sample:
        from riwaya.report.sample import sample_analysis

        analysis = sample_analysis()
    elif paths:
        from riwaya.report.load import NotAnAnalysis

        try:
            analysis = load_inputs(list(paths))
        except NotAnAnalysis as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    else:
        raise typer.BadParameter("give at least one PATH (or --sample)", param_hint="PATH")
    for problem in analysis.problems:
        typer.echo(f"warning: {problem}", err=True)
    text = render(analysis, fmt)
    if output is None:
        output = Path("report.html" if fmt == "html" else "report.md")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        # Atomic: a run killed mid-write leaves the previous report, never half of one.
        write_text_atomic(output, text)
    except OSError as exc:
        typer.echo(f"error: {output}: cannot write: {(exc.strerror or str(exc)).lower()}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{output}: {len(text.encode('utf-8')):,} bytes, {len(analysis.documents)} documents, "
               f"{len(analysis.claims)} claims, {len(analysis.incidents)} incidents", err=True)
