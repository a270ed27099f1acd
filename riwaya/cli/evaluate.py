"""``riwaya evaluate``: score an analysis against gold annotations.

Output is line-for-line the shared scorer's (per-document rows, then the
summary line), so numbers can be compared with it and grepped by scripts.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from riwaya.cli import app


@app.command()
def evaluate(
    system: Annotated[Path, typer.Argument(
        metavar="OUT.json", show_default=False,
        help="Output of 'riwaya analyze --json'.")],
    gold_dir: Annotated[Path, typer.Argument(
        metavar="GOLD_DIR", show_default=False,
        help="Directory of <document-id>.gold.json files.")],
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also list missed claims, extra claims and wrong sources.")] = False,
    docs: Annotated[str | None, typer.Option(
        "--docs", metavar="ID,ID", help="Score only these documents.")] = None,
) -> None:
    """Score claims against gold: precision, recall, F1 and attribute accuracies.

    Exit status: 0 scored; 1 an input is missing or malformed (one line on
    stderr naming the file); 2 usage error.
    """
    from riwaya.evaluate import EvaluationError, load_system, score

    only = [d for d in docs.split(",") if d] if docs else None
    try:
        report = score(load_system(system), gold_dir, only)
    except EvaluationError as exc:
        sys.stderr.write(f"riwaya: {' '.join(str(exc).splitlines())}\n")
        raise typer.Exit(1) from None
    out = sys.stdout
    for line in report.table_lines():
        out.write(line + "\n")
    out.write(report.summary_line() + "\n")
    if verbose:
        for line in report.detail_lines():
            out.write(line + "\n")
