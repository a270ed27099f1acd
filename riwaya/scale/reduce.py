"""Incidents at scale: a keyed reduce of per-document features on the cluster.

``analyze`` hands every document to ``reconcile`` at once; ten million do
not fit in one process. Incidents are local in time and place, though, so
the reconcile stage's blocking (``block_keys``: date window, place, actor,
text LSH band) decides which documents can possibly share an incident, and
each block is linked on its own:

1. Map (inside each batch partition): ``doc_features`` and ``block_keys``
   per document. ``_blocks/`` gets one small ``(key, document, seq, dated)``
   row per key (``seq``: the document's place in its partition; ``dated``:
   whether it has a date window); ``_payload/`` one row per document with
   its pickled features and its pickled document and claims.
2. Prune and window: ``_blocks/`` shuffled by key; blocks that can link
   nothing are dropped (one document; an undated-report block without an
   undated report), and blocks without a date window (LSH bands, a place's
   undated reports) are cut into bounded windows in corpus order
   (:mod:`riwaya.scale.blocks`), so no block, and no task, grows with the
   corpus. Only these tiny rows are shuffled here.
3. Link: the surviving rows go to the ``_payload/`` row group their
   document is in (a tiny-row shuffle; row groups are dealt to partitions
   in turn, not hashed, so no partition collects several), get its pickled features there,
   and are shuffled once by key; ``link_block(features, key)`` per block →
   linked pairs, each block's features unpickled only while it is linked.
   The driver fetches each task's pairs (and a slim copy of the linked
   documents' features: place labels and date window) as the task
   finishes, and releases it: nothing is gathered on one worker.
4. Union (driver): ``components(features, pairs)`` of the reconcile stage,
   so its cannot-link rules (different places, a date span over a month)
   hold across blocks as they do in ``analyze``, and no incident chains
   through the corpus. Memory is one slim entry per *linked* document; the
   result goes back to the cluster as Parquet files, not through the graph.
5. Build: ``_payload/`` (a row group at a time) hash-joined to each
   document's component (a document linked to none is an incident of its
   own, as in ``reconcile``), shuffled by component, ``build_incident``
   per component → ``incidents/``, ``slots/`` and ``claim_incidents/``.

Every shuffle's output partitions are sized by rows (the constants below)
and no join broadcasts a side, so a worker's memory depends on those and on
the largest block window or incident, not on the corpus.

Incident ids are ``i`` + a hash of the sorted document ids, the same on
every run over the same documents whatever order the blocks finish in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import inspect
import logging
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from riwaya.model import Claim, Document, Incident
from riwaya.scale import tables
from riwaya.scale.blocks import (
    ORDER_SHIFT,
    block_label,
    blocks_meta,
    read_blocks,
    window_blocks,
)
from riwaya.scale.manifest import Store

#: What batch needs of the reconcile stage (see :class:`Reconciler`).
API = ("doc_features", "block_keys", "link_block", "components", "build_incident")

#: Rows per shuffle output partition, so worker memory depends on these and
#: not on the corpus: (key, document) rows are tiny; a feature row is ~2 KB
#: pickled (a few times that unpickled); a payload row is a document's text
#: and claims.
KEY_ROWS_PER_PARTITION = 100_000
FEATURE_ROWS_PER_PARTITION = 20_000
DOC_ROWS_PER_PARTITION = 5_000

#: Documents per row group of ``_payload/`` files; the reduce reads them a row
#: group at a time, so what a task holds is this many documents' text, claims
#: and features (a few MB), not a whole map partition's.
PAYLOAD_ROW_GROUP = 500

#: Fields of a feature record the union does not need (text fingerprint,
#: resolved place and date, names): dropped before features go to the driver.
HEAVY_FIELDS = ("signature", "place", "date", "actor_names")


@dataclass(frozen=True)
class Reconciler:
    """The reconcile stage's distributed API, as batch calls it.

    Functions are pickled by reference (module and name), so workers import
    the reconcile stage themselves.
    """

    doc_features: Callable[..., Any]
    block_keys: Callable[[Any], Iterable[str]]
    link_block: Callable[[Sequence[Any], str], Iterable[tuple[str, str]]]
    components: Callable[[Sequence[Any], Iterable[tuple[str, str]]], list[list[str]]]
    build_incident: Callable[..., Incident]

    @classmethod
    def load(cls, module: str = "riwaya.reconcile") -> Reconciler | None:
        """The installed reconcile stage, or None when it lacks part of the API."""
        try:
            mod = importlib.import_module(module)
        except ImportError:
            return None
        found = {name: getattr(mod, name, None) for name in API}
        return None if None in found.values() else cls(**found)

    @property
    def mode(self) -> str:
        return "doc_features → block_keys → link_block → components → build_incident"

    def keys(self, features: Any) -> list[str]:
        """The blocks a document belongs to."""
        return sorted({str(k) for k in self.block_keys(features)})

    def edges(self, features: Sequence[Any], key: str) -> list[tuple[str, str]]:
        """Pairs of documents of one block that report the same incident."""
        return [(str(a), str(b)) for a, b in self.link_block(features, key)]

    def build(self, incident_id: str, docs: list[Document], claims: list[Claim],
              features: Mapping[str, Any], order: Mapping[str, int]) -> Incident:
        """One component's incident, given what ``build_incident`` accepts of the rest."""
        params = inspect.signature(self.build_incident).parameters
        extra = {k: v for k, v in (("features", features), ("order", order)) if k in params}
        return self.build_incident(incident_id, docs, claims, **extra)


def slim(features: Any, order: int) -> Any:
    """A feature record with only what the union needs, carrying its corpus ``order``.

    The union's cannot-link rules read places and date windows; the text
    signature and resolved objects are most of a record's size and stay on
    the workers.
    """
    if not dataclasses.is_dataclass(features):
        return features
    names = {f.name for f in dataclasses.fields(features)}
    blank: dict[str, Any] = {}
    for name in HEAVY_FIELDS:
        if name in names:
            value = getattr(features, name)
            blank[name] = {} if isinstance(value, dict) else None
    if "order" in names:
        blank["order"] = order
    return dataclasses.replace(features, **blank)


def map_rows(reconciler: Reconciler, doc: Document, claims: list[Claim],
             seq: int = 0) -> tuple[list[dict], dict]:
    """A document's ``_blocks/`` rows and its ``_payload/`` row (map side, in the partition task).

    ``seq`` is the document's place in its partition: with the partition's
    place in the plan it gives the corpus order that blocks are windowed in
    (see :mod:`riwaya.scale.blocks`).
    """
    feats = reconciler.doc_features(doc, claims)
    dated = bool(getattr(feats, "has_date", True))
    blocks = [{"key": k, "document": doc.id, "seq": seq, "dated": dated}
              for k in reconciler.keys(feats)]
    payload = {"document": doc.id,
               "features": pickle.dumps(feats, protocol=pickle.HIGHEST_PROTOCOL),
               "payload": pickle.dumps((doc, claims), protocol=pickle.HIGHEST_PROTOCOL)}
    return blocks, payload


def incident_id(documents: Iterable[str]) -> str:
    """A component's id: a hash of its sorted document ids (stable across runs)."""
    joined = "\n".join(sorted(documents))
    return "i" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------- cluster side


@dataclass
class Links:
    """What one link task found: pairs ``(key, a, b)``, failed blocks, slim linked features."""

    pairs: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    features: dict[str, Any] = field(default_factory=dict)
    blocks: int = 0


def link_partition(pdf: Any, reconciler: Reconciler) -> Links:
    """Link every block in one partition of rows shuffled by key.

    Each block's features are unpickled, linked and dropped before the
    next block's. A block whose linking raises is reported (its documents
    keep only the links other blocks give them): one bad block must not
    sink the reduce.
    """
    found = Links()
    if not len(pdf):
        return found
    # Corpus order within a block, as ``analyze`` reads it, whatever order the
    # shuffles delivered the rows in.
    pdf = pdf.sort_values(["key", "order", "document"], kind="stable")
    for key, sub in pdf.groupby("key", sort=True):
        seen: dict[str, int] = {}
        feats = []
        for doc_id, order, blob in zip(sub["document"], sub["order"], sub["features"],
                                       strict=True):
            if doc_id in seen:
                continue  # an id read twice; reported as a duplicate elsewhere
            seen[doc_id] = int(order)
            feats.append(pickle.loads(blob))
        if len(feats) < 2:
            continue
        label = block_label(str(key))  # a window links as the block it was cut from
        try:
            pairs = reconciler.edges(feats, label)
        except Exception as exc:
            found.errors.append((label, f"{type(exc).__name__}: {exc}"))
            continue
        if pairs:
            found.blocks += 1
        by_id = {str(getattr(f, "doc_id", "")): f for f in feats}
        for a, b in pairs:
            found.pairs.append((label, a, b))
            for doc_id in (a, b):
                if doc_id not in found.features and doc_id in by_id:
                    found.features[doc_id] = slim(by_id[doc_id], seen[doc_id])
    return found


def assign_singletons(pdf: Any) -> Any:
    """A document linked to nothing is an incident of its own (as in ``reconcile``)."""
    pdf = pdf.copy()
    missing = pdf["incident"].isna()
    if missing.any():
        pdf.loc[missing, "incident"] = [incident_id([d]) for d in pdf.loc[missing, "document"]]
        pdf.loc[missing, "block"] = ""
    return pdf


def build_partition(pdf: Any, reconciler: Reconciler, out_url: str, staging: str,
                    partition_info: Mapping[str, Any] | None = None) -> Any:
    """Build the incidents of every component in one shuffled partition and write them.

    Files go to ``staging`` as ``incidents/date=D/part-NNNNN.parquet`` (and
    ``slots/``, ``claim_incidents/``), numbered by the partition so a
    retried task overwrites its own files.
    """
    import pandas as pd

    number = int((partition_info or {}).get("number", 0))
    out: dict[str, dict[str, list[dict]]] = {
        "incidents": defaultdict(list), "slots": defaultdict(list),
        "claim_incidents": defaultdict(list)}
    errors: list[str] = []
    if len(pdf):
        for inc_id, sub in pdf.groupby("incident", sort=True):
            docs: dict[str, Document] = {}
            feats: dict[str, Any] = {}
            order: dict[str, int] = {}
            claims: list[Claim] = []
            for doc_id, blob, fblob, pos in zip(sub["document"], sub["payload"],
                                                sub["features"], sub["order"], strict=True):
                if doc_id in docs:
                    continue
                doc, doc_claims = pickle.loads(blob)
                docs[doc_id] = doc
                feats[doc_id] = pickle.loads(fblob)
                order[doc_id] = 0 if pd.isna(pos) else int(pos)  # NaN: linked to nothing
                claims.extend(doc_claims)
            ordered = sorted(docs.values(), key=lambda d: (order[d.id], d.id))
            block = str(sub["block"].iloc[0] or "")
            try:
                inc = reconciler.build(str(inc_id), ordered, claims, feats, order)
            except Exception as exc:  # one bad component must not sink the rest
                errors.append(f"incident {inc_id} ({len(ordered)} documents): "
                              f"{type(exc).__name__}: {exc}")
                continue
            published = {d.id: d.published for d in ordered}
            day = tables.partition_value(tables.incident_date(
                inc, (published.get(i) for i in inc.documents)))
            out["incidents"][day].append(tables.incident_row(inc, block=block))
            out["slots"][day].extend(tables.slot_rows(inc))
            for c in claims:
                day = tables.partition_value(published.get(c.document))
                out["claim_incidents"][day].append(
                    {"claim": c.id, "document": c.document, "incident": c.incident})
    store = Store(out_url)
    counts = {}
    for table, by_day in out.items():
        tables.write_by_day(store, staging, table, by_day, f"part-{number:05d}")
        counts[table] = sum(len(r) for r in by_day.values())
    return pd.DataFrame({"incidents": pd.Series([counts["incidents"]], dtype="int64"),
                         "slots": pd.Series([counts["slots"]], dtype="int64"),
                         "errors": pd.Series(["\n".join(errors)], dtype=object)})


# --------------------------------------------------------------------------- driver side


@dataclass
class ReduceResult:
    """What the reduce wrote and what went wrong, for the driver to report."""

    incidents: int = 0
    slots: int = 0
    blocks: int = 0
    links: int = 0
    linked_documents: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def union(reconciler: Reconciler, found: Iterable[Links],
          result: ReduceResult) -> dict[str, tuple[str, str, int]]:
    """Incidents of the linked documents: ``{document: (incident id, block label, order)}``.

    Runs on the driver over every link task's pairs, through the reconcile
    stage's ``components`` (its cannot-link rules need every pair at once),
    with the slim features in corpus order, as ``analyze`` orders them.
    The label names the blocks that linked the incident (first five keys).
    """
    pairs: list[tuple[str, str, str]] = []
    feats: dict[str, Any] = {}
    for links in found:
        for key, err in links.errors:
            result.problems.append(f"block {key}: linking failed ({err}); its documents kept "
                                   "only the links other blocks gave them")
        result.blocks += links.blocks
        result.links += len(links.pairs)
        pairs.extend(links.pairs)
        for doc_id, f in links.features.items():
            feats.setdefault(doc_id, f)
    pairs = [p for p in pairs if p[1] in feats and p[2] in feats]
    ordered = sorted(feats.values(), key=lambda f: (getattr(f, "order", 0), str(f.doc_id)))
    groups = reconciler.components(ordered, [(a, b) for _, a, b in pairs])
    group_of = {doc_id: n for n, group in enumerate(groups) for doc_id in group}
    keys: list[set[str]] = [set() for _ in groups]
    for key, a, b in pairs:
        if group_of[a] == group_of[b]:  # a link the cannot-link rules refused linked nothing
            keys[group_of[a]].add(key)
    out: dict[str, tuple[str, str, int]] = {}
    for group, group_keys in zip(groups, keys, strict=True):
        shown = sorted(group_keys)
        label = " ".join(shown[:5]) + (" …" if len(shown) > 5 else "")
        iid = incident_id(group)
        for doc_id in group:
            out[doc_id] = (iid, label if len(group) > 1 else "",
                           int(getattr(feats[doc_id], "order", 0)))
    return out


@dataclass(frozen=True)
class MapOutput:
    """One map partition's files for the reduce, and its place in corpus order."""

    ordinal: int
    blocks: str | None
    payload: str


def run_reduce(client: Any, store: Store, outputs: Sequence[MapOutput], block_rows: int,
               documents: int, reconciler: Reconciler, staging: str,
               echo: Callable[[str], None] = lambda line: None) -> ReduceResult:
    """Prune, window, link, union and build on ``client``; write the tables under ``staging``.

    ``outputs`` are the map partitions in plan order. ``echo`` gets one
    line as the build step starts.
    """
    import time

    import dask

    logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)
    result = ReduceResult()
    if not outputs:
        return result
    # Pickles must stay bytes: Dask would otherwise cast object columns to strings.
    with dask.config.set({"dataframe.convert-string": False,
                          "dataframe.shuffle.method": "p2p"}):
        t0 = time.perf_counter()
        found: Iterable[Links] = ()
        if any(o.blocks for o in outputs):
            found = _link(client, outputs, block_rows, documents, reconciler)
        assignment = union(reconciler, found, result)
        result.seconds["link"] = round(time.perf_counter() - t0, 3)
        result.linked_documents = len(assignment)
        echo(f"incidents: building ({result.linked_documents} documents linked by "
             f"{result.links} pairs in {result.blocks} blocks)")
        t1 = time.perf_counter()
        assign_files = write_assignment(store, f"{staging}/_assign", assignment)
        del assignment
        summary = _build(client, store, [o.payload for o in outputs], assign_files, documents,
                         reconciler, staging)
        result.seconds["build"] = round(time.perf_counter() - t1, 3)
    result.incidents = int(summary["incidents"].sum())
    result.slots = int(summary["slots"].sum())
    for errs in summary["errors"]:
        if errs:
            result.problems.extend(f"{e}; left out of incidents" for e in str(errs).splitlines())
    return result


def _link(client: Any, outputs: Sequence[MapOutput], block_rows: int, documents: int,
          reconciler: Reconciler) -> Iterator[Links]:
    """Steps 2 and 3: window the blocks, give each row its features, link; results as they come.

    Features are big and replicated once per block a document is in, so
    they are shuffled once, by block key: the tiny window rows go to the
    payload row group their document is in (``order`` says which), where
    :func:`attach_features` reads that row group's features and adds them.
    """
    import dask
    import dask.dataframe as dd

    with_blocks = [o for o in outputs if o.blocks]
    blocks = dd.from_map(read_blocks, [o.blocks for o in with_blocks],
                         [o.ordinal << ORDER_SHIFT for o in with_blocks], meta=blocks_meta())
    n_keys = max(1, -(-block_rows // KEY_ROWS_PER_PARTITION))
    windows = blocks.shuffle(on="key", npartitions=n_keys).map_partitions(
        window_blocks, meta=blocks_meta().drop(columns="dated"))
    windows = windows.assign(group=payload_group(windows["order"]))
    payloads = dask.delayed({o.ordinal: o.payload for o in outputs}, pure=True)
    n_groups = max(1, -(-block_rows // 40 // PAYLOAD_ROW_GROUP))  # ~40 keys a document
    # Row groups are dealt to partitions in turn, not hashed: hashing ~one group
    # per partition puts ln n / ln ln n groups in the fullest one, so its
    # attach_features output (and the peak) grew with the corpus.
    per_file = max(1, -(-documents // (len(outputs) * PAYLOAD_ROW_GROUP)))
    ranks = {o.ordinal: n for n, o in enumerate(outputs)}
    windows = windows.map_partitions(
        assign_bucket, ranks, per_file, hash_preimages(n_groups),
        meta=windows._meta.assign(bucket=windows._meta["group"].astype("int64")))
    rows = windows.shuffle(on="bucket", npartitions=n_groups).map_partitions(
        attach_features, payloads, meta=_feature_rows_meta())
    n_link = max(1, -(-block_rows // FEATURE_ROWS_PER_PARTITION))  # a bound: most are pruned
    link = dask.delayed(link_partition, pure=True)
    parts = rows.shuffle(on="key", npartitions=n_link).to_delayed()
    return _as_finished(client, [link(part, reconciler) for part in parts])


def _feature_rows_meta() -> Any:
    import pandas as pd

    return pd.DataFrame({"key": pd.Series(dtype="str"), "document": pd.Series(dtype="str"),
                         "order": pd.Series(dtype="int64"),
                         "features": pd.Series(dtype=object)})


#: ``payload_group`` = partition ordinal << GROUP_SHIFT | row group number.
GROUP_SHIFT = 24


def payload_group(order: Any) -> Any:
    """The payload row group a document's features are in, from its ``order``.

    ``order`` is its partition's ordinal << ``ORDER_SHIFT`` plus its row in
    the partition's ``_payload/`` file (``seq``); works on ints and Series.
    """
    ordinal, seq = order // (1 << ORDER_SHIFT), order % (1 << ORDER_SHIFT)
    return ordinal * (1 << GROUP_SHIFT) + seq // PAYLOAD_ROW_GROUP


def hash_preimages(n: int) -> list[int]:
    """For each partition ``p < n``, an int that a Dask shuffle to ``n`` partitions sends to ``p``.

    A shuffle hashes its ``on`` column (numbers as float64, see
    ``AssignPartitioningIndex``); shuffling on these values instead puts
    rows in the partition chosen for them.
    """
    import numpy as np
    import pandas as pd
    from dask.dataframe.shuffle import partitioning_index

    found = np.full(n, -1, dtype=np.int64)
    start, size = 0, 8 * n + 64
    while (found < 0).any():
        cand = np.arange(start, start + size, dtype=np.int64)
        parts = np.asarray(partitioning_index(pd.DataFrame({"bucket": cand.astype("float64")}),
                                              n))
        uniq, first = np.unique(parts, return_index=True)
        new = found[uniq] < 0
        found[uniq[new]] = cand[first[new]]
        start += size
    return [int(v) for v in found]


def assign_bucket(pdf: Any, ranks: Mapping[int, int], per_file: int,
                  buckets: Sequence[int]) -> Any:
    """Add ``bucket``: the shuffle value that sends a row to its row group's partition.

    Row groups are numbered densely (the partition's rank in the plan times
    ``per_file``, plus the row group in its file) and dealt round-robin, so
    no partition gets more than about ``groups / len(buckets)`` of them.
    """
    import numpy as np

    group = pdf["group"].to_numpy(dtype="int64")
    rank = np.array([ranks.get(int(o), 0) for o in (group >> GROUP_SHIFT)], dtype="int64")
    dense = rank * per_file + (group & ((1 << GROUP_SHIFT) - 1))
    table = np.asarray(buckets, dtype="int64")
    return pdf.assign(bucket=table[dense % len(table)] if len(pdf) else group)


def group_position(group: int) -> tuple[int, int]:
    """Inverse of :func:`payload_group`: (partition ordinal, first row of the group)."""
    return group >> GROUP_SHIFT, (group & ((1 << GROUP_SHIFT) - 1)) * PAYLOAD_ROW_GROUP


def attach_features(pdf: Any, payloads: Mapping[int, str]) -> Any:
    """Window rows, each with its document's pickled features.

    The rows come with their :func:`payload_group`, so each group is one
    row group of one ``_payload/`` file, read alone.
    """
    import pandas as pd

    out = [_feature_rows_meta()]
    for group, rows in pdf.groupby("group", sort=True):
        ordinal, first = group_position(int(group))
        blobs = _payload_features(payloads[ordinal], first, set(rows["document"]))
        found = rows[rows["document"].isin(blobs.keys())]
        out.append(pd.DataFrame({"key": found["key"], "document": found["document"],
                                 "order": found["order"],
                                 "features": [blobs[d] for d in found["document"]]}))
    return pd.concat(out, ignore_index=True)


def _payload_features(url: str, first: int, wanted: set[str]) -> dict[str, bytes]:
    """The pickled features of ``wanted`` among rows ``first`` … ``first + PAYLOAD_ROW_GROUP``.

    Reads only the row groups those rows are in (one, for files written with
    ``PAYLOAD_ROW_GROUP``-row groups; an older file's single group otherwise).
    """
    import pyarrow.parquet as pq

    from riwaya.scale.sources import resolve

    fs, path = resolve(url)
    blobs: dict[str, bytes] = {}
    with fs.open(path, "rb") as fh:
        pf = pq.ParquetFile(fh)
        start = 0
        for g in range(pf.metadata.num_row_groups):
            stop = start + pf.metadata.row_group(g).num_rows
            if start < first + PAYLOAD_ROW_GROUP and first < stop:
                table = pf.read_row_group(g, columns=["document", "features"])
                for doc_id, blob in zip(table.column("document").to_pylist(),
                                        table.column("features").to_pylist(), strict=True):
                    if doc_id in wanted:
                        blobs.setdefault(doc_id, blob)
            start = stop
    return blobs


def _build(client: Any, store: Store, payload_files: list[str], assign_files: list[str],
           documents: int, reconciler: Reconciler, staging: str) -> Any:
    """Step 5: every document to its component, each component built; the per-task counts.

    The join runs in partitions of a payload row group's size (a few MB of
    text and claims each); only the build itself gathers
    ``DOC_ROWS_PER_PARTITION`` documents, so that each task writes few,
    larger files.
    """
    import dask.dataframe as dd
    import pandas as pd

    payload = dd.read_parquet(payload_files, columns=["document", "features", "payload"],
                              split_row_groups=True)
    joined = payload.merge(dd.read_parquet(assign_files), on="document", how="left",
                           npartitions=max(1, -(-documents // PAYLOAD_ROW_GROUP)),
                           broadcast=False)  # see _link
    joined = joined.map_partitions(assign_singletons, meta=joined._meta)
    out_meta = pd.DataFrame({"incidents": pd.Series(dtype="int64"),
                             "slots": pd.Series(dtype="int64"),
                             "errors": pd.Series(dtype=object)})
    n_docs = max(1, -(-documents // DOC_ROWS_PER_PARTITION))
    built = joined.shuffle(on="incident", npartitions=n_docs).map_partitions(
        build_partition, reconciler, store.url, staging, meta=out_meta)
    return client.compute(built).result()


def _as_finished(client: Any, tasks: list[Any]) -> Iterator[Any]:
    """Each task's result as it finishes, released from the cluster at once.

    ``client.compute(frame)`` would first concatenate every task's output
    on one worker, a table that grows with the corpus; fetching results one
    by one keeps every worker's memory flat.
    """
    from distributed import as_completed

    for future in as_completed(client.compute(tasks)):
        value = future.result()
        future.release()
        yield value


#: Rows per file of the union's result, as the build step reads it back.
ASSIGN_ROWS_PER_FILE = 50_000


def write_assignment(store: Store, rel: str,
                     assignment: Mapping[str, tuple[str, str, int]]) -> list[str]:
    """Write ``{document: (incident, block, order)}`` as Parquet under ``rel``; return the URLs.

    Files, not a frame embedded in the task graph: the graph passes through
    the scheduler, and at ten million documents the assignment is a
    gigabyte. An empty assignment is one empty file, so the join still has
    its columns.
    """
    import pyarrow as pa

    items = list(assignment.items())
    files = []
    for n, start in enumerate(range(0, max(1, len(items)), ASSIGN_ROWS_PER_FILE)):
        chunk = items[start:start + ASSIGN_ROWS_PER_FILE]
        table = pa.table({"document": pa.array([d for d, _ in chunk], pa.string()),
                          "incident": pa.array([v[0] for _, v in chunk], pa.string()),
                          "block": pa.array([v[1] for _, v in chunk], pa.string()),
                          "order": pa.array([v[2] for _, v in chunk], pa.int64())})
        name = f"{rel}/part-{n:05d}.parquet"
        tables.write_parquet(store, name, table)
        files.append(store.full_url(name))
    return files
