"""``riwaya analyze`` (placeholder until the ingest/CLI work lands)."""

from __future__ import annotations

from pathlib import Path

import typer

from riwaya.cli import app


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(..., help="Files or directories."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the contract JSON here."),
) -> None:
    """Extract every quantitative claim with its source chain."""
    from riwaya.pipeline import analyze as run

    result = run(paths)
    if json_out:
        json_out.write_text(result.to_json(), encoding="utf-8")
    else:
        print(result.to_json())
