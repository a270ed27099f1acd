"""``riwaya analyze``: read reports, extract claims, write the contract JSON.

The command is built for long unattended runs over messy corpora:

* one bad file (or one document that crashes the extractor) is reported
  as one line on stderr and the run goes on;
* outputs are written atomically, so a killed run never leaves a
  truncated file where the previous good one was;
* ``--jsonl`` streams a line per document as it is processed, in flat
  memory, for corpora too large to hold.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Protocol, TextIO

import typer

from riwaya.cli import app
from riwaya.export.json_out import (
    AtomicWriter,
    iter_analysis_json,
    iter_jsonl_record,
    write_analysis_json,
)
from riwaya.model import SCORED_QUANTITIES, Analysis, Claim, Document, Problem

_FIGURE_FORMAT: dict[str, Callable[[int | None, int | None], str]] = {
    "exact": lambda lo, hi: f"{lo}",
    "approx": lambda lo, hi: f"~{lo}",
    "at_least": lambda lo, hi: f"≥{lo}",
    "more_than": lambda lo, hi: f">{lo}",
    "at_most": lambda lo, hi: f"≤{hi}",
    "less_than": lambda lo, hi: f"<{hi}",
    "range": lambda lo, hi: f"{lo}–{hi}",
    "vague": lambda lo, hi: f"{lo}–{hi} (vague)",
}


class UsageError(Exception):
    """A mistake in the command line itself (exit 2), as one line."""


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False,
        help="Files (.txt .md .html .htm .jsonl .jsonl.gz) or directories (read recursively).")],
    json_out: Annotated[Path | None, typer.Option(
        "--json", metavar="OUT.json",
        help="Write the contract JSON here (atomically); '-' for stdout.")] = None,
    jsonl_out: Annotated[Path | None, typer.Option(
        "--jsonl", metavar="OUT.jsonl",
        help="Stream one {document, claims} object per line (atomically, flat memory); "
             "incidents need the whole corpus, so only --json has them.")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar or summary; problems are still reported.")] = False,
) -> None:
    """Extract every quantitative claim with its source chain.

    Without --json/--jsonl, prints a table of claims and a summary.

    Each input that cannot be read (missing path, unsupported type, binary
    or empty file, broken JSONL line, …) is reported on stderr as one line
    "riwaya: PATH[:LINE]: message" and skipped; the other inputs are still
    analysed and written. Inside directories, hidden entries (.DS_Store,
    .git) are skipped silently and <id>.meta.json sidecars are read as
    metadata of the document beside them.

    Exit status: 0 every input was read; 1 some input could not be read or
    analysed, or no document was read at all (outputs are then left
    untouched), or an output could not be written; 2 usage error (bad
    options, output directory missing).
    """
    try:
        code = run(paths, json_out=json_out, jsonl_out=jsonl_out, quiet=quiet)
    except UsageError as exc:
        _emit(sys.stderr, f"riwaya: {exc}")
        raise typer.Exit(2) from None
    except Exception as exc:  # last resort: a bug is still one line, not a traceback
        _emit(sys.stderr, f"riwaya: internal error: {_describe(exc)}")
        raise typer.Exit(1) from None
    raise typer.Exit(code)


def run(paths: list[Path], *, json_out: Path | None = None, jsonl_out: Path | None = None,
        quiet: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the analysis and write its outputs; return the exit status.

    Raises :class:`UsageError` before reading anything when the options
    cannot work, so a typo in ``--json`` does not cost a long run.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    _check_outputs(json_out, jsonl_out)
    show_progress = not quiet and stderr.isatty()
    tally = _Tally()
    table_mode = json_out is None and jsonl_out is None
    collect = json_out is not None or table_mode

    docs: list[Document] = []
    claims: list[Claim] = []
    try:
        with contextlib.ExitStack() as stack:
            progress = stack.enter_context(_Progress(stderr, show_progress))
            jsonl = _open_jsonl(stack, jsonl_out, stdout)
            for item in _analysed(paths):
                if isinstance(item, Problem):
                    tally.problems.append(item)
                    progress.problem(f"riwaya: {item}")
                else:
                    doc, doc_claims = item
                    tally.documents += 1
                    tally.claims += len(doc_claims)
                    if jsonl is not None:
                        for piece in iter_jsonl_record(doc, doc_claims):
                            jsonl.write(piece)
                    if collect:
                        docs.append(doc)
                        claims.extend(doc_claims)
                progress.advance(tally)
            if tally.documents == 0 and isinstance(jsonl, AtomicWriter):
                jsonl.abort()  # keep the previous output rather than replace it with nothing
    except OSError as exc:
        # Reading never raises (every input failure is a Problem), so this is
        # the --jsonl output failing: the temporary file is already removed.
        _emit(stderr, _cannot_write(jsonl_out, exc))
        return 1

    if tally.documents == 0:
        targets = [str(p) for p in (json_out, jsonl_out) if p is not None and str(p) != "-"]
        note = f"; {', '.join(targets)} not written" if targets else ""
        _emit(stderr, f"riwaya: no document could be read{note}")
        return 1

    analysis = Analysis(documents=docs, claims=claims, problems=list(tally.problems))
    if json_out is not None:
        problem = _reconcile(analysis)
        if problem is not None:
            tally.problems.append(problem)
            analysis.problems.append(problem)
            _emit(stderr, f"riwaya: {problem}")
        if str(json_out) == "-":
            for piece in iter_analysis_json(analysis):
                stdout.write(piece)
        else:
            try:
                write_analysis_json(json_out, analysis)
            except OSError as exc:
                _emit(stderr, _cannot_write(json_out, exc))
                return 1
    if table_mode:
        _print_table(analysis, stdout, quiet=quiet)
    elif not quiet:
        written = [str(p) for p in (json_out, jsonl_out) if p is not None and str(p) != "-"]
        _emit(stderr, tally.summary() + (f"; wrote {', '.join(written)}" if written else ""))
    return 1 if tally.problems else 0


def _cannot_write(target: Path | None, exc: OSError) -> str:
    return f"riwaya: {target}: cannot write: {(exc.strerror or str(exc)).lower()}"


def _check_outputs(json_out: Path | None, jsonl_out: Path | None) -> None:
    if json_out is not None and jsonl_out is not None and (
        str(json_out) == str(jsonl_out) or _same_file(json_out, jsonl_out)
    ):
        raise UsageError("--json and --jsonl must name different files")
    for option, target in (("--json", json_out), ("--jsonl", jsonl_out)):
        if target is None or str(target) == "-":
            continue
        parent = target.parent
        if not parent.is_dir():
            raise UsageError(f"{option} {target}: directory {parent} does not exist")
        if target.is_dir():
            raise UsageError(f"{option} {target}: is a directory")
        if not os.access(parent, os.W_OK):
            raise UsageError(f"{option} {target}: directory {parent} is not writable")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _open_jsonl(stack: contextlib.ExitStack, target: Path | None,
                stdout: TextIO) -> _Writer | None:
    if target is None:
        return None
    if str(target) == "-":
        return stdout
    return stack.enter_context(AtomicWriter(target))


class _Writer(Protocol):
    """Where ``--jsonl`` lines go: stdout or an :class:`AtomicWriter`."""

    def write(self, text: str, /) -> object: ...


def _analysed(paths: list[Path]) -> Iterator[tuple[Document, list[Claim]] | Problem]:
    """Like :func:`riwaya.pipeline.iter_analyzed`, but a crash costs one document.

    ``iter_analyzed`` lets an extractor exception end the generator (and
    with it the run); here each document is extracted inside its own
    ``try`` so the exception becomes a Problem naming that document.
    """
    from riwaya.ingest import read_documents
    from riwaya.pipeline import extract_document

    documents = read_documents(paths)
    while True:
        try:
            item = next(documents)
        except StopIteration:
            return
        except Exception as exc:  # ingest is built never to raise; if it does, say so
            yield Problem("riwaya", f"internal error while reading inputs ({_describe(exc)}); "
                                    "the remaining inputs were skipped")
            return
        if isinstance(item, Problem):
            yield item
            continue
        try:
            claims = extract_document(item)
        except Exception as exc:
            yield Problem(item.path or item.id,
                          f"document {item.id}: internal error in extraction ({_describe(exc)}); "
                          "skipped")
            continue
        yield item, claims


def _reconcile(analysis: Analysis) -> Problem | None:
    """Group claims into incidents as :func:`riwaya.pipeline.analyze` does, failing softly."""
    try:
        import riwaya.reconcile  # noqa: F401 - only to know whether the stage is installed
    except ImportError:  # the reconcile stage is optional until installed
        return None
    from riwaya.pipeline import reconcile_incidents

    try:
        analysis.incidents = reconcile_incidents(analysis.documents, analysis.claims)
    except Exception as exc:
        return Problem("incidents", f"internal error in reconciliation ({_describe(exc)}); "
                                    "written without incidents")
    return None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _emit(stream: TextIO, line: str) -> None:
    """Write exactly one line: embedded newlines would break ``grep``-able output."""
    stream.write(" ".join(line.splitlines()) + "\n")
    stream.flush()


@dataclass
class _Tally:
    documents: int = 0
    claims: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        def n(k: int, word: str) -> str:
            return f"{k} {word}{'' if k == 1 else 's'}"

        return (f"{n(self.documents, 'document')}, {n(self.claims, 'claim')}, "
                f"{n(len(self.problems), 'problem')}")


class _Progress:
    """A rich progress line on a TTY stderr; otherwise problems go out as plain lines."""

    def __init__(self, stderr: TextIO, enabled: bool) -> None:
        self._stderr = stderr
        self._enabled = enabled
        self._progress = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self._enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("analysing"),
                TextColumn("{task.fields[tally]}"), TimeElapsedColumn(),
                console=Console(file=self._stderr), transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("analyse", total=None, tally="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def problem(self, line: str) -> None:
        if self._progress is not None:
            from rich.text import Text

            self._progress.console.print(Text(" ".join(line.splitlines())), soft_wrap=True)
        else:
            _emit(self._stderr, line)

    def advance(self, tally: _Tally) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, tally=tally.summary())


def _figure(claim: Claim) -> str:
    if claim.stance == "denies":
        return "0 (denied)"
    fmt = _FIGURE_FORMAT.get(claim.qualifier)
    return fmt(claim.low, claim.high) if fmt else f"{claim.low}–{claim.high}"


def _chain(claim: Claim, outlet: str | None) -> str:
    """``outlet ← via ← source``: who published, who relayed, who said it first."""
    links = [outlet or "?"] + [v.name for v in claim.via] + [claim.source.name]
    # An unattributed statement is the outlet speaking: no need to say it twice.
    deduped = [links[0]] + [x for i, x in enumerate(links[1:], 1) if x != links[i - 1]]
    return " ← ".join(deduped)


def _print_table(analysis: Analysis, stdout: TextIO, *, quiet: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stdout, highlight=False)
    outlets = {d.id: d.outlet.name for d in analysis.documents}
    if analysis.claims:
        table = Table(show_lines=False)
        for name in ("document", "figure", "counts", "party", "source chain", "evidence"):
            table.add_column(name, overflow="fold")
        for c in analysis.claims:
            table.add_row(c.document, _figure(c), c.quantity + (" (context)" if c.context else ""),
                          c.party or "", _chain(c, outlets.get(c.document)),
                          " ".join(c.text.split()))
        console.print(table)
    if not quiet:
        scored = sum(1 for c in analysis.claims if c.quantity in SCORED_QUANTITIES)
        tally = _Tally(len(analysis.documents), len(analysis.claims), analysis.problems)
        console.print(f"{tally.summary()} ({scored} in scored quantities)", markup=False)
