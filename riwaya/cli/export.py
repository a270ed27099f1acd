"""``riwaya export``: tables (CSV/Parquet) and ACLED/UCDP-style rows from an analysis."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from riwaya.cli import app

FORMATS = ("csv", "parquet", "acled", "ucdp")


@app.command("export")
def export(
    paths: Annotated[list[Path], typer.Argument(
        help="Corpora to analyse (files, directories) or saved `riwaya analyze --json` files.")],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Directory to write into (created if missing).")],
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f",
        help="csv or parquet (documents, claims, sources, incidents, slots, events tables), "
             "acled or ucdp (one row per incident). Repeat for several; default csv.")] = None,
) -> None:
    """Export an analysis as flat tables or ACLED/UCDP-style event rows."""
    from riwaya.export.acled import acled_table
    from riwaya.export.load import NotAnAnalysis, load_inputs
    from riwaya.export.tables import write_frame, write_tables
    from riwaya.export.ucdp import ucdp_table

    formats = formats or ["csv"]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise typer.BadParameter(f"unknown format {', '.join(bad)} (choose from {', '.join(FORMATS)})",
                                 param_hint="--format")
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"{p}: no such file or directory", file=sys.stderr)
        raise typer.Exit(2)
    try:
        analysis = load_inputs(paths)
    except NotAnAnalysis as exc:
        print(exc, file=sys.stderr)
        raise typer.Exit(2) from exc
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        if fmt in ("csv", "parquet"):
            written.extend(write_tables(analysis, out, fmt))
        elif fmt == "acled":
            written.append(write_frame(acled_table(analysis), out / "acled.csv", "csv"))
        else:
            written.append(write_frame(ucdp_table(analysis), out / "ucdp.csv", "csv"))
    for path in written:
        print(path)
    for problem in analysis.get("problems") or []:
        print(problem, file=sys.stderr)
    if analysis.get("problems"):
        raise typer.Exit(1)
