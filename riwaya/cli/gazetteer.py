"""``riwaya gazetteer``: manage the user's place gazetteer (GeoNames import)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from riwaya.cli import app

gazetteer_app = typer.Typer(
    name="gazetteer",
    help="Manage the place gazetteer merged over the bundled one.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A GeoNames country dump: XX.txt or XX.zip.")],
    min_population: Annotated[int, typer.Option(
        "--min-population", help="Keep populated places with at least this many people "
                                 "(provincial and national capitals are always kept).")] = 1000,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Gazetteer file to write (default: places.tsv in the user data dir).")] = None,
) -> None:
    """Import city-level places with their Arabic names from a GeoNames dump."""
    from riwaya.extract.gazetteer import import_geonames

    report = import_geonames(file, out, min_population=min_population)
    for p in report.problems:
        print(f"riwaya: {p}", file=sys.stderr)
    if report.imported == 0 and report.problems and report.skipped == 0:
        raise typer.Exit(code=1)
    print(f"imported {report.imported} places into {report.out_path} "
          f"({report.updated} updated, {report.skipped} skipped, {len(report.problems)} bad lines)")
