"""``riwaya batch``: the ``analyze`` pipeline over a corpus of any size, on Dask.

The run, in order:

1. **List** the inputs (local paths or fsspec URLs) and **count** each
   one's records, one cluster task per input; counts are cached in the
   manifest, keyed by the input's fingerprint.
2. **Plan** deterministic partitions: ``partition_size`` consecutive
   records of one input. A partition's key is a hash of its input's URL
   plus its first record, so it names the same work on every run.
3. **Map**: one task per unfinished partition reads its records, runs
   ``extract_claims`` (the very function ``analyze`` runs) on each document,
   and writes ``documents/``, ``claims/``, ``sources/`` (hive-partitioned by
   publication date) plus the reduce's inputs, each file to ``_staging/``
   first and then renamed into place. The driver records the partition in
   the manifest as it finishes.
4. **Reduce** (when the reconcile stage is installed): incidents and slots
   by a keyed reduce over blocks; see :mod:`riwaya.scale.reduce`.

A rerun skips every partition the manifest lists with an unchanged input
fingerprint; see :mod:`riwaya.scale.manifest` for why a killed run never
leaves a half-written partition behind.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from riwaya.model import Problem
from riwaya.scale import tables
from riwaya.scale.manifest import MANIFEST, STAGING, Manifest, Store
from riwaya.scale.reduce import API as REDUCE_API
from riwaya.scale.reduce import (
    PAYLOAD_ROW_GROUP,
    MapOutput,
    Reconciler,
    map_rows,
    run_reduce,
)
from riwaya.scale.sources import (
    FILES,
    InputFile,
    RecordCount,
    count_records,
    list_inputs,
    read_range,
)

DEFAULT_PARTITION_SIZE = 5_000

#: Dask settings for the workers of the cluster batch starts (workers read
#: them once, as they start; on a cluster started elsewhere, give the workers
#: the same, see docs/SCALE.md). Each would otherwise make worker memory grow
#: with the corpus: the P2P comm buffer (1 GiB by default) fills with however
#: much is being shuffled, and the statistical profiler keeps a call tree per
#: second for the last 1000 seconds.
WORKER_CONFIG = {"distributed.p2p.comm.buffer": "32 MiB",
                 "distributed.p2p.storage.buffer": "32 MiB",
                 "distributed.worker.profile.enabled": False}

#: The tables a partition writes, partitioned by publication date.
MAP_TABLES = ("documents", "claims", "sources")
#: The tables the reduce writes (replaced whole on every reduce).
REDUCE_TABLES = ("incidents", "slots", "claim_incidents")

#: Shown instead of a Reconciler when the caller wants the stage looked up.
AUTO = "auto"


@dataclass(frozen=True)
class Partition:
    """Records ``[start, stop)`` of one input: the unit of work, commit and resume."""

    key: str
    input: InputFile
    start: int
    stop: int | None
    offset: int | None
    fingerprint: str

    @property
    def label(self) -> str:
        end = "end" if self.stop is None else str(self.stop)
        return f"{self.input.display}[{self.start}:{end}]"

    def read(self) -> Iterator[Any]:
        """The partition's documents (``(document, record)``) and Problems."""
        if self.input.kind == FILES:  # the input holds just this partition's files
            return read_range(self.input, 0, None)
        return read_range(self.input, self.start, self.stop, self.offset)


@dataclass
class PartitionResult:
    """What one partition task wrote; the driver copies it into the manifest."""

    key: str
    documents: int = 0
    claims: int = 0
    blocks: int = 0
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class BatchResult:
    """The outcome of a run, for the CLI's summary and for tests."""

    out: str
    partitions: int = 0
    skipped: int = 0
    done: int = 0
    failed: list[str] = field(default_factory=list)
    documents: int = 0
    claims: int = 0
    processed: int = 0             # documents read by this run (not resumed)
    incidents: int | None = None
    slots: int | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    map_seconds: float = 0.0
    reduce_seconds: float = 0.0
    dashboard: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems


def partition_key(url: str, start: int) -> str:
    """The deterministic name of the partition starting at record ``start`` of ``url``."""
    return f"{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}-{start:010d}"


def plan(inputs: Sequence[InputFile], counts: dict[str, RecordCount],
         partition_size: int) -> list[Partition]:
    """Split every input into partitions of ``partition_size`` records.

    The last partition of an input runs to the end of the file (``stop is
    None``) so that damage after the last good record (a truncated gzip) is
    still met, and reported, by a reader.
    """
    parts: list[Partition] = []
    for inp in inputs:
        count = counts.get(inp.url)
        if count is None or count.records == 0:
            continue
        n = -(-count.records // partition_size)
        for i in range(n):
            start = i * partition_size
            stop = None if i == n - 1 else start + partition_size
            offset = count.offsets[i] if i < len(count.offsets) else None
            fp, own = inp.fingerprint, inp
            if inp.kind == FILES:
                # A directory's loose files: the task gets (and depends on) only its slice.
                members = inp.members[start:stop]
                fp = hashlib.sha1("".join(m[2] for m in members).encode()).hexdigest()[:16]
                own = replace(inp, members=members, fingerprint=fp)
            parts.append(Partition(partition_key(inp.url, start), own, start, stop, offset, fp))
    return parts


# --------------------------------------------------------------------------- map task


def run_partition(part: Partition, out_url: str,
                  reconciler: Reconciler | None) -> PartitionResult:
    """The map task: read, extract, write to staging, commit. Runs on a worker.

    Per-record trouble (a bad line, an extractor crash on one document)
    becomes a Problem line and the partition carries on; only a failure to
    write the output fails the task, which leaves nothing visible.
    """
    from riwaya.extract import extract_claims

    t0 = time.perf_counter()
    result = PartitionResult(part.key)
    docs_rows: dict[str, list[dict]] = defaultdict(list)
    claim_rows: dict[str, list[dict]] = defaultdict(list)
    source_rows: dict[str, list[dict]] = defaultdict(list)
    block_rows: list[dict] = []
    payload_rows: list[dict] = []
    seen: dict[str, int | None] = {}
    for item in part.read():
        if isinstance(item, Problem):
            result.problems.append(str(item))
            continue
        doc, record = item
        if doc.id in seen:
            first = seen[doc.id]
            result.problems.append(str(Problem(
                part.input.display, f"duplicate document id {doc.id!r} (already read"
                + (f" from line {first}" if first else "") + "); skipped", line=record)))
            continue
        seen[doc.id] = record
        try:
            claims = extract_claims(doc)
        except Exception as exc:  # one document's crash must not cost the partition
            # Dropped with a Problem, as ``analyze`` drops it, so both give the same answer.
            result.problems.append(str(Problem(
                doc.path or doc.id,
                f"document {doc.id}: extraction failed: {type(exc).__name__}: {exc}",
                line=record)))
            continue
        day = tables.partition_value(doc.published)
        docs_rows[day].append(tables.document_row(doc, source=part.input.display,
                                                  record=record, partition=part.key))
        for c in claims:
            claim_rows[day].append(tables.claim_row(c, partition=part.key))
            source_rows[day].extend(tables.source_rows(c, partition=part.key))
        result.documents += 1
        result.claims += len(claims)
        if reconciler is not None:
            try:
                blocks, payload = map_rows(reconciler, doc, claims, seq=len(payload_rows))
            except Exception as exc:
                result.problems.append(str(Problem(
                    doc.path or part.input.display,
                    f"document {doc.id}: reconcile features failed "
                    f"({type(exc).__name__}: {exc}); left out of incidents", line=record)))
            else:
                block_rows.extend(blocks)
                payload_rows.append(payload)
    result.blocks = len(block_rows)

    store = Store(out_url)
    staging = store.staging_dir(part.key)
    name = f"part-{part.key}"
    files: list[str] = []
    for table, by_day in zip(MAP_TABLES, (docs_rows, claim_rows, source_rows), strict=True):
        files += tables.write_by_day(store, staging, table, by_day, name)
    if payload_rows:
        block_rows.sort(key=lambda r: r["key"])  # sorted keys compress to almost nothing
        tables.write_parquet(store, f"{staging}/_blocks/{name}.parquet",
                    tables.to_table(block_rows, tables.BLOCKS))
        tables.write_parquet(store, f"{staging}/_payload/{name}.parquet",
                    tables.to_table(payload_rows, tables.PAYLOAD),
                    row_group_size=PAYLOAD_ROW_GROUP)
        files += [f"_blocks/{name}.parquet", f"_payload/{name}.parquet"]
    if result.problems:
        store.write_bytes(f"{staging}/_problems/{name}.txt",
                          ("\n".join(result.problems) + "\n").encode("utf-8"))
        files.append(f"_problems/{name}.txt")
    commit(store, staging, files)
    result.files = files
    result.seconds = time.perf_counter() - t0
    return result


def commit(store: Store, staging: str, files: Sequence[str]) -> None:
    """Rename a partition's staged files into place, then drop its staging directory.

    Each rename is atomic, so a reader sees a file whole or not at all;
    the manifest, updated only after this returns, says which partitions
    are complete.
    """
    moved: list[str] = []
    try:
        for rel in files:
            store.replace(f"{staging}/{rel}", rel)
            moved.append(rel)
    except BaseException:
        # Take back what was already moved: a failed partition shows nothing.
        # (A killed process cannot do this; the next run's sweep does it.)
        for rel in moved:
            store.remove(rel)
        store.remove(staging)
        raise
    store.remove(staging)


# --------------------------------------------------------------------------- driver


@contextmanager
def open_client(scheduler: str | None = None, workers: int | None = None,
                **cluster_kwargs: Any) -> Iterator[Any]:
    """A Dask client: to ``scheduler`` when given, else to a new LocalCluster.

    The local cluster runs ``workers`` processes with one thread each: the
    extractor is pure Python, so threads would only contend for the GIL;
    its workers get :data:`WORKER_CONFIG`.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    n = workers or os.cpu_count() or 1
    cluster_kwargs.setdefault("dashboard_address", ":8787")
    with dask.config.set(WORKER_CONFIG):  # the workers take it with them as they start
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               **cluster_kwargs)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


Echo = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run_batch(paths: Sequence[str], out: str, *, client: Any = None,
              scheduler: str | None = None, workers: int | None = None,
              partition_size: int = DEFAULT_PARTITION_SIZE, incidents: bool = True,
              restart: bool = False, reconciler: Reconciler | None | str = AUTO,
              echo: Echo = _stderr, progress: bool = True,
              cluster_kwargs: dict[str, Any] | None = None) -> BatchResult:
    """Run the batch pipeline; see the module docstring. Reuses ``client`` when given."""
    if partition_size < 1:
        raise ValueError("--partition-size must be at least 1")
    if client is None:
        with open_client(scheduler, workers, **(cluster_kwargs or {})) as own:
            return run_batch(paths, out, client=own, partition_size=partition_size,
                             incidents=incidents, restart=restart, reconciler=reconciler,
                             echo=echo, progress=progress)
    from riwaya import __version__

    t0 = time.perf_counter()
    # P2P shuffles log every start and stop at WARNING; on a terminal that is noise.
    logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)
    result = BatchResult(out=out, dashboard=getattr(client, "dashboard_link", None))
    echo(f"dask: {len(client.scheduler_info().get('workers', {}))} workers, "
         f"dashboard {result.dashboard}" + _dashboard_hint())
    if reconciler == AUTO:
        reconciler = Reconciler.load() if incidents else None
    if not incidents:
        reconciler = None
    elif reconciler is None:
        echo("incidents: the reconcile stage lacks part of the API batch needs ("
             + ", ".join(REDUCE_API) + "); incidents/ and slots/ are not written")
    else:
        echo(f"incidents: {reconciler.mode}")

    store = Store(out)
    if restart:
        for top in (*MAP_TABLES, *REDUCE_TABLES, "_blocks", "_payload", "_problems",
                    STAGING, MANIFEST):
            store.remove(top)
    manifest = Manifest.load(store) or Manifest(settings={"partition_size": partition_size})
    manifest.settings.setdefault("partition_size", partition_size)
    if manifest.settings["partition_size"] != partition_size:
        raise ValueError(f"{out} was written with --partition-size "
                         f"{manifest.settings['partition_size']}; rerun with that size, or "
                         "with --restart to start this output afresh")
    previous = manifest.riwaya_version
    if manifest.partitions and previous and previous != __version__:
        echo(f"resume: {out} was written by riwaya {previous}; finished partitions are kept "
             "(use --restart to redo them with this version)")
    manifest.riwaya_version = __version__
    with_blocks = reconciler is not None

    # 1. list and count
    inputs, problems = list_inputs(paths)
    result.problems += [str(p) for p in problems]
    for p in problems:
        echo(str(p))
    counts = _counts(client, inputs, manifest, partition_size, echo, result)

    # 2. plan, and forget what no longer matches the input
    parts = plan(inputs, counts, partition_size)
    result.partitions = len(parts)
    wanted = {p.key: p for p in parts}
    stale = [k for k, entry in manifest.partitions.items()
             if k not in wanted or entry.get("fingerprint") != wanted[k].fingerprint
             # made by a --no-incidents run: no inputs for the reduce, so redone
             or (with_blocks and entry["documents"]
                 and not any(f.startswith("_payload/") for f in entry["files"]))]
    for k in stale:
        for rel in manifest.partitions[k].get("files", []):
            store.remove(rel)
        del manifest.partitions[k]
    removed = store.sweep(manifest.partitions)
    if stale:
        echo(f"resume: {len(stale)} partitions changed, left the input or lack the "
             "incidents' inputs; they are redone")
    if removed:
        echo(f"resume: removed {len(removed)} leftovers of an interrupted run")
    todo = [p for p in parts if p.key not in manifest.partitions]
    result.skipped = len(parts) - len(todo)
    if result.skipped:
        echo(f"resume: {result.skipped} of {len(parts)} partitions already done")
    manifest.save(store)

    # 3. map
    t_map = time.perf_counter()
    _map(client, todo, out, reconciler, manifest, store, echo, result, progress)
    result.map_seconds = time.perf_counter() - t_map
    for entry in manifest.partitions.values():
        if entry["key"] in wanted:
            result.documents += entry["documents"]
            result.claims += entry["claims"]
    manifest.save(store)
    if todo:
        rate = result.processed / result.map_seconds if result.map_seconds else 0.0
        echo(f"map: {result.done} partitions, {result.processed} documents in "
             f"{result.map_seconds:.1f}s ({rate:.0f} documents/s)")

    if result.done:
        for line in duplicate_ids(client, store, manifest):
            result.problems.append(line)
            echo(line)

    # 4. reduce
    if result.failed:
        echo(f"{len(result.failed)} partitions failed; incidents were not built. "
             "Rerun the same command to retry them.")
    elif reconciler is not None:
        _reduce(client, store, manifest, reconciler, parts, echo, result)
        manifest.save(store)
    ensure_tables(store, with_incidents=manifest.reduce is not None)
    if not store.files(STAGING):
        store.remove(STAGING)
    result.seconds = time.perf_counter() - t0
    return result


def ensure_tables(store: Store, with_incidents: bool) -> None:
    """Give every table a directory with its schema, even when no partition had rows.

    ``_common_metadata`` (ignored as data by Arrow, pandas, Spark and DuckDB
    alike, for its leading underscore) records the schema, so readers of an
    empty table still see its columns.
    """
    import pyarrow.parquet as pq

    for table in MAP_TABLES + (REDUCE_TABLES if with_incidents else ()):
        rel = f"{table}/_common_metadata"
        if store.exists(rel):
            continue
        buf = io.BytesIO()
        pq.write_metadata(tables.SCHEMAS[table], buf)
        store.write_bytes(rel, buf.getvalue())


def _id_rows(files: list[str]) -> Any:
    """The (id, input, record) columns of one partition's document files."""
    import pandas as pd
    import pyarrow.parquet as pq

    from riwaya.scale.sources import resolve

    frames = []
    for url in files:
        fs, path = resolve(url)
        frames.append(pq.read_table(path, columns=["id", "input", "record"],
                                    filesystem=fs).to_pandas())
    return pd.concat(frames, ignore_index=True)


def duplicate_ids(client: Any, store: Store, manifest: Manifest) -> list[str]:
    """One Problem line per document id written by more than one record.

    ``analyze`` keeps the first and skips the rest; partitions run apart
    cannot, so duplicates across partitions are found afterwards (a
    distributed count of the ``id`` column) and reported. Both copies stay
    in ``documents/``; the reduce uses one of them.
    """
    import dask.dataframe as dd

    groups = [[store.full_url(f) for f in e["files"] if f.startswith("documents/")]
              for e in manifest.partitions.values()]
    groups = [g for g in groups if g]
    if not groups:
        return []
    # One Dask partition per batch partition (not per date file: thousands of those).
    ids = dd.from_map(_id_rows, groups)
    # Enough output partitions that none holds more than ~100k distinct ids.
    docs = sum(e.get("documents", 0) for e in manifest.partitions.values())
    counts = ids["id"].value_counts(split_out=max(1, -(-docs // 100_000)))
    dup = set(client.compute(counts[counts > 1]).result().index)
    if not dup:
        return []
    rows = client.compute(ids[ids["id"].isin(sorted(dup))]).result()
    lines = []
    for doc_id, group in rows.groupby("id", sort=True):
        where = sorted(f"{i}:{int(r)}" if r == r and r is not None else str(i)
                       for i, r in zip(group["input"], group["record"], strict=True))
        lines.append(f"{where[1]}: duplicate document id {doc_id!r} (also at {where[0]}); "
                     "both kept in documents/, incidents use one")
    return lines


def _dashboard_hint() -> str:
    import importlib.util

    return "" if importlib.util.find_spec("bokeh") else " (install bokeh>=3.1 to see it)"


def _counts(client: Any, inputs: list[InputFile], manifest: Manifest, size: int,
            echo: Echo, result: BatchResult) -> dict[str, RecordCount]:
    """Record counts per input: from the manifest when the fingerprint matches, else counted."""
    counts: dict[str, RecordCount] = {}
    todo: list[InputFile] = []
    for inp in inputs:
        cached = manifest.inputs.get(inp.url)
        if inp.kind == FILES:  # the listing already counted them
            counts[inp.url] = count_records(inp, size)
        elif cached and cached.get("fingerprint") == inp.fingerprint:
            counts[inp.url] = RecordCount(cached["records"], cached["offsets"])
            for line in cached.get("problems", []):
                result.problems.append(line)
                echo(line)
        else:
            todo.append(inp)
    if todo:
        futures = client.map(count_records, todo, partition_size=size, pure=False)
        for inp, fut in zip(todo, futures, strict=True):
            try:
                count = fut.result()
            except Exception as exc:
                line = str(Problem(inp.display, f"could not count records "
                                                f"({type(exc).__name__}: {exc})"))
                result.problems.append(line)
                echo(line)
                continue
            counts[inp.url] = count
            lines = [str(p) for p in count.problems]
            for line in lines:
                result.problems.append(line)
                echo(line)
            manifest.inputs[inp.url] = {"fingerprint": inp.fingerprint,
                                        "records": count.records, "offsets": count.offsets,
                                        "problems": lines, "display": inp.display}
    return counts


def _map(client: Any, todo: list[Partition], out: str, reconciler: Reconciler | None,
         manifest: Manifest, store: Store, echo: Echo, result: BatchResult,
         progress: bool) -> None:
    """Submit every partition; record each in the manifest as it finishes."""
    from distributed import as_completed

    if not todo:
        return
    futures = {client.submit(run_partition, p, out, reconciler, pure=False,
                             key=f"riwaya-partition-{p.key}-{time.time_ns()}"): p
               for p in todo}
    bar = _Progress(len(todo), enabled=progress)
    last_save = time.monotonic()
    try:
        for fut in as_completed(futures):
            part = futures[fut]
            try:
                res: PartitionResult = fut.result()
            except Exception as exc:
                line = f"{part.label}: partition failed ({type(exc).__name__}: {exc})"
                result.failed.append(line)
                bar.note(line, echo)
                bar.advance(0)
                continue
            manifest.partitions[part.key] = {
                "key": part.key, "input": part.input.display, "url": part.input.url,
                "start": part.start, "stop": part.stop, "fingerprint": part.fingerprint,
                "documents": res.documents, "claims": res.claims, "blocks": res.blocks,
                "files": res.files, "problems": len(res.problems),
                "seconds": round(res.seconds, 3),
            }
            for line in res.problems:
                result.problems.append(line)
                bar.note(line, echo)
            result.done += 1
            result.processed += res.documents
            bar.advance(res.documents)
            if time.monotonic() - last_save > 1.0:
                manifest.save(store)
                last_save = time.monotonic()
    finally:
        bar.close()
        manifest.save(store)


def _reduce(client: Any, store: Store, manifest: Manifest, reconciler: Reconciler,
            parts: Sequence[Partition], echo: Echo, result: BatchResult) -> None:
    """Build incidents unless the finished partitions are exactly those of the last reduce.

    ``parts`` is the plan, in corpus order: a partition's place in it orders
    its documents in the reduce's windows (so it is part of the token too).
    """
    ordinal = {p.key: i for i, p in enumerate(parts)}
    entries = sorted((e for e in manifest.partitions.values() if e["key"] in ordinal),
                     key=lambda e: ordinal[e["key"]])
    token = hashlib.sha1("".join(e["key"] + e["fingerprint"] for e in entries)
                         .encode()).hexdigest()[:16]
    if manifest.reduce and manifest.reduce.get("token") == token:
        result.incidents = manifest.reduce["incidents"]
        result.slots = manifest.reduce["slots"]
        echo("incidents: up to date")
        return
    outputs = []
    for e in entries:
        files = {f.split("/", 1)[0]: store.full_url(f) for f in e["files"]
                 if f.startswith(("_blocks/", "_payload/"))}
        if "_payload" in files:
            outputs.append(MapOutput(ordinal[e["key"]], files.get("_blocks"), files["_payload"]))
    rows = sum(e.get("blocks", 0) for e in entries)
    docs = sum(e.get("documents", 0) for e in entries)
    staging = store.staging_dir("reduce")
    echo(f"incidents: linking {docs} documents through {rows} block memberships")
    t0 = time.perf_counter()
    red = run_reduce(client, store, outputs, rows, docs, reconciler, staging, echo=echo)
    for line in red.problems:
        result.problems.append(line)
        echo(line)
    # Swap the new tables in: old ones aside, new ones in place, old ones gone.
    old = store.staging_dir("reduce-old")
    for table in REDUCE_TABLES:
        if store.exists(table):
            store.replace(table, f"{old}/{table}")
        if store.exists(f"{staging}/{table}"):
            store.replace(f"{staging}/{table}", table)
    store.remove(old)
    store.remove(staging)
    manifest.reduce = {"token": token, "incidents": red.incidents, "slots": red.slots,
                       "blocks_linked": red.blocks, "links": red.links,
                       "linked_documents": red.linked_documents, "steps": red.seconds,
                       "seconds": round(time.perf_counter() - t0, 3)}
    result.incidents, result.slots = red.incidents, red.slots
    result.reduce_seconds = time.perf_counter() - t0
    echo(f"incidents: {red.incidents} incidents, {red.slots} slots")


class _Progress:
    """A rich progress bar on stderr (documents and partitions), or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        self.docs = 0
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("partitions"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[docs]} documents"),
                            TimeElapsedColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True))
        self.task = self.bar.add_task("map", total=total, docs=0)
        self.bar.start()

    def advance(self, documents: int) -> None:
        self.docs += documents
        if self.bar is not None:
            self.bar.update(self.task, advance=1, docs=self.docs)

    def note(self, line: str, echo: Echo) -> None:
        if self.bar is not None and echo is _stderr:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            echo(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
