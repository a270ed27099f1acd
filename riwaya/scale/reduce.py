"""Incidents at scale: a keyed reduce of per-document features on the cluster.

``analyze`` hands every document to ``reconcile`` at once; ten million do
not fit in one process. Incidents are local in time and place, though, so
the reconcile stage's blocking (``block_keys``: date window, place, actor,
text LSH band) decides which documents can possibly share an incident, and
each block is linked on its own:

1. Map (inside each batch partition): ``doc_features`` and ``block_keys``
   per document. ``_blocks/`` gets one small ``(key, document)`` row per
   key; ``_payload/`` one row per document with its pickled features and
   its pickled document and claims.
2. Prune: ``_blocks/`` shuffled by key; blocks of one document (most LSH
   bands) can link nothing and are dropped, so the expensive rows below
   only travel for blocks that matter.
3. Link: the surviving ``(key, document)`` rows joined to their features,
   shuffled by key, ``link_block(features, key)`` per block → linked pairs.
   Only pairs of document ids travel to the driver.
4. Union (driver): pairs merged into connected components (a document sits
   in several blocks, so its links come from several tasks). Memory is one
   entry per *linked* document.
5. Build: ``_payload/`` left-joined to each document's component (a
   document linked to none is an incident of its own, as in ``reconcile``),
   shuffled by component, ``build_incident`` per component → ``incidents/``,
   ``slots/`` and ``claim_incidents/``.

Incident ids are ``i`` + a hash of the sorted document ids, the same on
every run over the same documents whatever order the blocks finish in.

The reconcile stage's parts are used when it exposes them; with only
``reconcile(documents, claims)``, it is run per block (to link) and per
component (to build), with blocks by publication date in a sliding window.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from riwaya.model import Claim, Document, Incident
from riwaya.scale import tables

#: The names the reconcile stage may expose (see :class:`Reconciler`).
API = ("doc_features", "block_keys", "link_block", "cluster", "build_incident", "reconcile")

#: Rows per shuffle output partition, so worker memory depends on these and
#: not on the corpus: (key, document) rows are tiny; a feature row is ~2 KB
#: pickled (a few times that unpickled); a payload row is a document's text
#: and claims.
KEY_ROWS_PER_PARTITION = 100_000
FEATURE_ROWS_PER_PARTITION = 20_000
DOC_ROWS_PER_PARTITION = 5_000


@dataclass(frozen=True)
class Reconciler:
    """The reconcile stage's functions as batch uses them, with stand-ins for missing ones.

    Functions are pickled by reference (module and name), so workers import
    the reconcile stage themselves.
    """

    doc_features: Callable[..., Any] | None = None
    block_keys: Callable[[Any], Iterable[str]] | None = None
    link_block: Callable[[Sequence[Any], str], list[tuple[str, str]]] | None = None
    cluster: Callable[[Sequence[Any]], list[list[str]]] | None = None
    build_incident: Callable[..., Incident] | None = None
    reconcile: Callable[[list[Document], list[Claim]], list[Incident]] | None = None
    window_days: int = 3

    @classmethod
    def load(cls, module: str = "riwaya.reconcile") -> Reconciler | None:
        """The installed reconcile stage, or None when it cannot make incidents yet."""
        try:
            mod = importlib.import_module(module)
        except ImportError:
            return None
        found = cls(**{name: getattr(mod, name, None) for name in API})
        return found if found.usable else None

    @property
    def usable(self) -> bool:
        return self.fine or self.reconcile is not None

    @property
    def fine(self) -> bool:
        """True when the stage exposes its parts, so blocks link on features alone."""
        return (None not in (self.doc_features, self.block_keys, self.build_incident)
                and (self.link_block is not None or self.cluster is not None))

    @property
    def mode(self) -> str:
        if self.fine:
            how = "link_block" if self.link_block is not None else "cluster"
            return f"doc_features → block_keys → {how} → build_incident"
        return "reconcile() per date-window block (stand-in)"

    def features(self, doc: Document, claims: list[Claim]) -> Any:
        """What the link step needs of a document (document and claims for the stand-in)."""
        if self.fine:
            return self.doc_features(doc, claims)  # type: ignore[misc]
        return (doc, claims)

    def keys(self, doc: Document, claims: list[Claim], features: Any) -> list[str]:
        """The blocks a document belongs to."""
        if self.fine:
            return sorted({str(k) for k in self.block_keys(features)})  # type: ignore[misc]
        return date_window_keys(doc.published, self.window_days)

    def edges(self, features: Sequence[Any], key: str) -> list[tuple[str, str]]:
        """Pairs of documents of one block that report the same incident."""
        if self.fine and self.link_block is not None:
            return [(str(a), str(b)) for a, b in self.link_block(features, key)]
        if self.fine:
            groups = self.cluster(features)  # type: ignore[misc]
        else:
            docs = [f[0] for f in features]
            claims = [c for f in features for c in f[1]]
            groups = [inc.documents for inc in self.reconcile(docs, claims)]  # type: ignore[misc]
        return [(str(g[0]), str(d)) for g in groups for d in g[1:]]

    def build(self, incident_id: str, docs: list[Document], claims: list[Claim],
              features: Mapping[str, Any]) -> list[Incident]:
        """The incident(s) of one component (the stand-in may split it)."""
        if self.fine:
            fn = self.build_incident
            if "features" in inspect.signature(fn).parameters:  # type: ignore[arg-type]
                return [fn(incident_id, docs, claims, features=features)]  # type: ignore[misc]
            return [fn(incident_id, docs, claims)]  # type: ignore[misc]
        found = self.reconcile(docs, claims)  # type: ignore[misc]
        for j, inc in enumerate(found):
            inc.id = incident_id if len(found) == 1 else f"{incident_id}-{j + 1}"
            for c in claims:
                if c.incident == f"i{j + 1}":
                    c.incident = inc.id
        return found


def date_window_keys(published: str | None, window: int) -> list[str]:
    """Stand-in blocks by publication date: a report of day d joins blocks d-window+1 … d.

    Reports of one incident come out over a few days; with overlapping
    windows, two reports up to ``window - 1`` days apart share a block.
    """
    if not published:
        return ["date:unknown"]
    try:
        d = date.fromisoformat(published)
    except ValueError:
        return ["date:unknown"]
    return [f"date:{(d - timedelta(days=k)).isoformat()}" for k in range(window)]


def map_rows(reconciler: Reconciler, doc: Document,
             claims: list[Claim]) -> tuple[list[dict], dict]:
    """A document's ``_blocks/`` rows and its ``_payload/`` row (map side, in the partition task)."""
    feats = reconciler.features(doc, claims)
    keys = reconciler.keys(doc, claims, feats)
    blocks = [{"key": k, "document": doc.id} for k in keys]
    payload = {"document": doc.id,
               "features": pickle.dumps(feats, protocol=pickle.HIGHEST_PROTOCOL),
               "payload": pickle.dumps((doc, claims), protocol=pickle.HIGHEST_PROTOCOL)}
    return blocks, payload


def incident_id(documents: Iterable[str]) -> str:
    """A component's id: a hash of its sorted document ids (stable across runs)."""
    joined = "\n".join(sorted(documents))
    return "i" + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------- cluster side


def multi_keys(pdf: Any) -> Any:
    """Keep the (key, document) rows of blocks with two or more documents."""
    pdf = pdf.drop_duplicates(["key", "document"])
    sizes = pdf.groupby("key")["document"].transform("size")
    return pdf[sizes >= 2]


def link_partition(pdf: Any, reconciler: Reconciler) -> Any:
    """Link every block in one shuffled partition.

    Returns rows ``(key, a, b, error)``; a block whose linking raised yields
    one row with the error, and its documents keep only the links other
    blocks give them (one bad block must not sink the reduce).
    """
    import pandas as pd

    rows: dict[str, list[Any]] = {"key": [], "a": [], "b": [], "error": []}
    if len(pdf):
        for key, sub in pdf.groupby("key", sort=True):
            seen: set[str] = set()
            feats = []
            for doc_id, blob in zip(sub["document"], sub["features"], strict=True):
                if doc_id in seen:
                    continue  # an id read twice; reported as a duplicate elsewhere
                seen.add(doc_id)
                feats.append(pickle.loads(blob))
            if len(feats) < 2:
                continue
            try:
                pairs = reconciler.edges(feats, str(key))
            except Exception as exc:  # reported on the driver, one line per block
                rows["key"].append(str(key))
                rows["a"].append(None)
                rows["b"].append(None)
                rows["error"].append(f"{type(exc).__name__}: {exc}")
                continue
            for a, b in pairs:
                rows["key"].append(str(key))
                rows["a"].append(a)
                rows["b"].append(b)
                rows["error"].append(None)
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in rows.items()})


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

    from riwaya.scale.batch import write_table
    from riwaya.scale.manifest import Store

    number = int((partition_info or {}).get("number", 0))
    out: dict[str, dict[str, list[dict]]] = {
        "incidents": defaultdict(list), "slots": defaultdict(list),
        "claim_incidents": defaultdict(list)}
    errors: list[str] = []
    if len(pdf):
        for inc_id, sub in pdf.groupby("incident", sort=True):
            docs: dict[str, Document] = {}
            feats: dict[str, Any] = {}
            claims: list[Claim] = []
            for doc_id, blob, fblob in zip(sub["document"], sub["payload"], sub["features"], strict=True):
                if doc_id in docs:
                    continue
                doc, doc_claims = pickle.loads(blob)
                docs[doc_id] = doc
                feats[doc_id] = pickle.loads(fblob)
                claims.extend(doc_claims)
            ordered = [docs[k] for k in sorted(docs)]
            block = str(sub["block"].iloc[0] or "")
            try:
                built = reconciler.build(str(inc_id), ordered, claims, feats)
            except Exception as exc:  # one bad component must not sink the rest
                errors.append(f"incident {inc_id} ({len(ordered)} documents): "
                              f"{type(exc).__name__}: {exc}")
                continue
            published = {d.id: d.published for d in ordered}
            for inc in built:
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
        schema = {"incidents": tables.INCIDENTS, "slots": tables.SLOTS,
                  "claim_incidents": tables.CLAIM_INCIDENTS}[table]
        part = (tables.INCIDENT_PARTITION if table != "claim_incidents"
                else tables.DOC_PARTITION)
        for day, rows in by_day.items():
            if rows:
                rel = f"{table}/{part}={day}/part-{number:05d}.parquet"
                write_table(store, f"{staging}/{rel}", tables.to_table(rows, schema))
        counts[table] = sum(len(r) for r in by_day.values())
    return pd.DataFrame({"incidents": pd.Series([counts["incidents"]], dtype="int64"),
                         "slots": pd.Series([counts["slots"]], dtype="int64"),
                         "errors": pd.Series(["\n".join(errors)], dtype=object)})


# --------------------------------------------------------------------------- driver side


def union_edges(edges: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Connected components of ``(key, a, b)`` links: ``{document: (incident id, keys)}``."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression keeps later finds cheap
            parent[x], x = root, parent[x]
        return root

    keys_of: dict[str, set[str]] = defaultdict(set)
    for key, a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        keys_of[a].add(key)
    members: dict[str, list[str]] = defaultdict(list)
    for doc in parent:
        members[find(doc)].append(doc)
    out: dict[str, tuple[str, str]] = {}
    for docs in members.values():
        keys = sorted({k for d in docs for k in keys_of.get(d, ())})
        label = " ".join(keys[:5]) + (" …" if len(keys) > 5 else "")
        iid = incident_id(docs)
        for d in docs:
            out[d] = (iid, label)
    return out


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


def run_reduce(client: Any, out_url: str, block_files: list[str], payload_files: list[str],
               block_rows: int, documents: int, reconciler: Reconciler,
               staging: str) -> ReduceResult:
    """Prune, link, union and build on ``client``; write the tables under ``staging``."""
    import time

    import dask
    import dask.dataframe as dd
    import pandas as pd

    logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)
    result = ReduceResult()
    if not payload_files:
        return result
    n_keys = max(1, -(-block_rows // KEY_ROWS_PER_PARTITION))
    n_link = max(1, -(-block_rows // FEATURE_ROWS_PER_PARTITION))  # an upper bound after pruning
    n_docs = max(1, -(-documents // DOC_ROWS_PER_PARTITION))
    t0 = time.perf_counter()
    # Pickles must stay bytes: Dask would otherwise cast object columns to strings.
    with dask.config.set({"dataframe.convert-string": False,
                          "dataframe.shuffle.method": "p2p"}):
        found = pd.DataFrame({"key": [], "a": [], "b": [], "error": []}, dtype=object)
        if block_files:
            blocks = dd.read_parquet(block_files, columns=["key", "document"])
            key_meta = pd.DataFrame({"key": pd.Series(dtype="str"),
                                     "document": pd.Series(dtype="str")})
            multi = blocks.shuffle(on="key", npartitions=n_keys).map_partitions(
                multi_keys, meta=key_meta)
            feats = dd.read_parquet(payload_files, columns=["document", "features"])
            joined = multi.merge(feats, on="document", how="inner", npartitions=n_link)
            edge_meta = pd.DataFrame({k: pd.Series(dtype=object)
                                      for k in ("key", "a", "b", "error")})
            linked = joined.shuffle(on="key", npartitions=n_link).map_partitions(
                link_partition, reconciler, meta=edge_meta)
            found = client.compute(linked).result()
        result.seconds["link"] = round(time.perf_counter() - t0, 3)
        failed = found[found["error"].notna()]
        for key, err in zip(failed["key"], failed["error"], strict=True):
            result.problems.append(f"block {key}: linking failed ({err}); its documents kept "
                                   "only the links other blocks gave them")
        ok = found[found["error"].isna()]
        result.blocks = int(ok["key"].nunique())
        result.links = len(ok)
        assignment = union_edges(zip(ok["key"], ok["a"], ok["b"], strict=True))
        del found, ok, failed
        result.linked_documents = len(assignment)
        t1 = time.perf_counter()
        assign = pd.DataFrame({
            "document": pd.Series(list(assignment), dtype="str"),
            "incident": pd.Series([v[0] for v in assignment.values()], dtype="str"),
            "block": pd.Series([v[1] for v in assignment.values()], dtype="str")})
        del assignment
        payload = dd.read_parquet(payload_files, columns=["document", "features", "payload"])
        joined = payload.merge(dd.from_pandas(assign, npartitions=n_docs), on="document",
                               how="left", npartitions=n_docs)
        joined = joined.map_partitions(assign_singletons, meta=joined._meta)
        out_meta = pd.DataFrame({"incidents": pd.Series(dtype="int64"),
                                 "slots": pd.Series(dtype="int64"),
                                 "errors": pd.Series(dtype=object)})
        built = joined.shuffle(on="incident", npartitions=n_docs).map_partitions(
            build_partition, reconciler, out_url, staging, meta=out_meta)
        summary = client.compute(built).result()
        result.seconds["build"] = round(time.perf_counter() - t1, 3)
    result.incidents = int(summary["incidents"].sum())
    result.slots = int(summary["slots"].sum())
    for errs in summary["errors"]:
        if errs:
            result.problems.extend(f"{e}; left out of incidents" for e in str(errs).splitlines())
    return result
