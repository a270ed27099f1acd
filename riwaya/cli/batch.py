"""``riwaya batch``: the analyze pipeline over a large corpus on a Dask cluster."""

from __future__ import annotations

import sys

import typer

from riwaya.cli import app


@app.command()
def batch(
    inputs: list[str] = typer.Argument(
        ..., metavar="INPUT...",
        help="JSONL, JSONL.gz, Parquet or WARC files, or directories; local paths or "
             "fsspec URLs (s3://, gs://, hdfs:// with their backend installed)."),
    out: str = typer.Option(..., "--out", help="Output directory (local path or fsspec URL)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        help="Connect to a running Dask scheduler (tcp://host:8786) instead of starting "
             "a local cluster."),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Local cluster size (processes, 1 thread each); "
                                       "default: one per CPU."),
    partition_size: int = typer.Option(
        5_000, "--partition-size", min=1,
        help="Records per partition: the unit of work, of commit and of resume."),
    no_incidents: bool = typer.Option(
        False, "--no-incidents", help="Skip the incidents/slots reduce."),
    restart: bool = typer.Option(
        False, "--restart", help="Delete this output's earlier results and start afresh."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Extract claims from a corpus on Dask; write Parquet datasets; resumable.

    Writes documents/, claims/, sources/ (partitioned by publication date),
    then incidents/ and slots/. Rerunning the same command resumes.
    Exit status: 0 all read, 1 some input or partition failed, 2 bad usage.
    """
    from riwaya.scale.batch import run_batch
    from riwaya.scale.sources import SourceError

    try:
        result = run_batch(inputs, out, scheduler=scheduler, workers=workers,
                           partition_size=partition_size, incidents=not no_incidents,
                           restart=restart, progress=not quiet and sys.stderr.isatty())
    except (ValueError, SourceError) as exc:
        print(f"riwaya batch: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    rate = result.processed / result.map_seconds if result.map_seconds and result.processed else 0
    summary = (f"{result.documents} documents, {result.claims} claims"
               + (f", {result.incidents} incidents" if result.incidents is not None else "")
               + f" in {result.partitions} partitions ({result.skipped} resumed)"
               + (f"; {rate:.0f} documents/s" if rate else "")
               + f" → {out}")
    print(summary, file=sys.stderr)
    if result.problems:
        print(f"{len(result.problems)} problems (listed above; also in {out}/_problems/)",
              file=sys.stderr)
    if result.failed:
        raise typer.Exit(1)
    if result.problems:
        raise typer.Exit(1)
