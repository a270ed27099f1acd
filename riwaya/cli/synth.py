"""``riwaya synth``: a synthetic Arabic news corpus for benchmarks and cluster tests."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from riwaya.cli import app


@app.command()
def synth(
    n: int = typer.Argument(..., min=0, help="How many documents to write."),
    out: Path = typer.Option(..., "--out", help="FILE.jsonl or FILE.jsonl.gz"),
    seed: int = typer.Option(0, "--seed", help="Same seed, same corpus."),
    start: str = typer.Option("2019-01-01", "--start", help="Date of the first incident."),
    days: int | None = typer.Option(
        None, "--days", min=1,
        help="Days the incidents span (default: ~50 reports a day, at most ten years)."),
) -> None:
    """Write N realistic synthetic Arabic reports as contract JSONL lines.

    Each line is {"id","text","title","outlet","published","url","language"}
    plus "synth_incident"/"synth_event" naming the incident it reports.
    """
    from riwaya.scale.synth import write

    try:
        first = date.fromisoformat(start)
    except ValueError:
        print(f"riwaya synth: --start: expected a date like 2019-01-01, got {start!r}",
              file=sys.stderr)
        raise typer.Exit(2) from None
    if not (out.name.endswith(".jsonl") or out.name.endswith(".jsonl.gz")):
        print(f"riwaya synth: --out must end in .jsonl or .jsonl.gz, got {out}", file=sys.stderr)
        raise typer.Exit(2)
    try:
        count = write(n, out, seed=seed, start=first, days=days)
    except OSError as exc:
        print(f"riwaya synth: {out}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        raise typer.Exit(1) from None
    print(f"{count} documents → {out}", file=sys.stderr)
