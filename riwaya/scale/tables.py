"""The Parquet tables ``riwaya batch`` writes, and lossless row ↔ record conversion.

Every table has one fixed Arrow schema declared here. Without it each
partition's file would get whatever types its own rows imply (a column that
is all null in one partition becomes type ``null`` there and ``string`` in
the next), and the dataset could no longer be read as one table.

Layout (hive-style, so ``pandas.read_parquet(out / "claims")`` or any
Arrow/Spark/DuckDB reader sees one table with a partition column)::

    documents/published=2022-01-21/part-<partition>.parquet
    claims/published=unknown/part-<partition>.parquet
    sources/published=…/part-<partition>.parquet
    incidents/date=2022-01-21/part-<n>.parquet
    slots/date=…/part-<n>.parquet
    claim_incidents/published=…/part-<n>.parquet

The partition value is *not* stored inside the files as well: Arrow refuses
a dataset where a column exists both in the files and in the directory
names. ``unknown`` stands for "no date" and is mapped back to ``None`` by
the readers below.

Rows are written so that :func:`document_from_row` / :func:`claim_from_row`
rebuild exactly the dataclasses that were extracted (the "same answer" test
compares them field by field with ``riwaya analyze``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from riwaya.model import Claim, Document, Incident, Outlet, Source

if TYPE_CHECKING:
    from riwaya.scale.manifest import Store

#: Directory value for records without a date.
UNKNOWN = "unknown"

#: Hive partition column of the per-document tables and of the incident tables.
DOC_PARTITION = "published"
INCIDENT_PARTITION = "date"

_SOURCE = pa.struct([
    ("name", pa.string()), ("canonical", pa.string()), ("kind", pa.string()),
    ("start", pa.int64()), ("end", pa.int64()),
])

DOCUMENTS = pa.schema([
    ("id", pa.string()),
    ("path", pa.string()),
    ("sha256", pa.string()),
    ("language", pa.string()),
    ("outlet_name", pa.string()),
    ("outlet_inferred", pa.bool_()),
    ("outlet_canonical", pa.string()),
    ("published_inferred", pa.bool_()),
    ("published_time", pa.string()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("text", pa.string()),
    ("input", pa.string()),        # the file or URL the record came from
    ("record", pa.int64()),        # its line (JSONL, 1-based), row (Parquet) or record number
    ("partition", pa.string()),    # the batch partition that wrote it
])

CLAIMS = pa.schema([
    ("id", pa.string()),
    ("document", pa.string()),
    ("quantity", pa.string()),
    ("party", pa.string()),
    ("low", pa.int64()),
    ("high", pa.int64()),
    ("qualifier", pa.string()),
    ("stance", pa.string()),
    ("source_name", pa.string()),
    ("source_canonical", pa.string()),
    ("source_kind", pa.string()),
    ("source_start", pa.int64()),
    ("source_end", pa.int64()),
    ("via", pa.list_(_SOURCE)),
    ("ultimate_source", pa.string()),
    ("incident", pa.string()),
    ("context", pa.bool_()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("text", pa.string()),
    ("figure_start", pa.int64()),
    ("figure_end", pa.int64()),
    ("sentence_start", pa.int64()),
    ("sentence_end", pa.int64()),
    ("partition", pa.string()),
])

#: One row per link of a claim's attribution chain: the ultimate source
#: (position 0) then each intermediary, outermost first (the contract's order).
SOURCES = pa.schema([
    ("claim", pa.string()),
    ("document", pa.string()),
    ("position", pa.int32()),
    ("role", pa.string()),         # "source" or "via"
    ("name", pa.string()),
    ("canonical", pa.string()),
    ("kind", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("quantity", pa.string()),
    ("partition", pa.string()),
])

INCIDENTS = pa.schema([
    ("id", pa.string()),
    ("documents", pa.list_(pa.string())),
    ("n_documents", pa.int64()),
    ("n_slots", pa.int64()),
    ("place_name", pa.string()),
    ("place_canonical", pa.string()),
    ("place_kind", pa.string()),
    ("country", pa.string()),
    ("admin1", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("geo_precision", pa.int64()),
    ("date_precision", pa.int64()),
    ("actors", pa.list_(pa.string())),
    ("events", pa.string()),       # JSON: list of Event dicts
    ("block", pa.string()),        # the block key(s) that brought the documents together
])

SLOTS = pa.schema([
    ("incident", pa.string()),
    ("quantity", pa.string()),
    ("party", pa.string()),
    ("claims", pa.list_(pa.string())),
    ("contested", pa.bool_()),
    ("low", pa.int64()),
    ("high", pa.int64()),
    ("estimate_low", pa.int64()),
    ("estimate_best", pa.int64()),
    ("estimate_high", pa.int64()),
    ("estimate_conservative", pa.int64()),
    ("estimate_rule", pa.string()),
    ("voices", pa.string()),       # JSON, the Voice dicts
    ("values", pa.string()),       # JSON
    ("history", pa.string()),      # JSON, the Revision dicts
])

#: Which incident each claim belongs to (``None``: a context claim, about another event).
CLAIM_INCIDENTS = pa.schema([
    ("claim", pa.string()),
    ("document", pa.string()),
    ("incident", pa.string()),
])

#: Internal: one row per (block key, document) for the keyed reduce; ``seq``
#: is the document's place in its partition (the corpus order of windows),
#: ``dated`` whether it has a date window (undated-report blocks need one
#: undated member to link anything).
BLOCKS = pa.schema([
    ("key", pa.string()),
    ("document", pa.string()),
    ("seq", pa.int32()),
    ("dated", pa.bool_()),
])

#: Internal: each document's reconcile features, and the document with its
#: claims, pickled (written and read by the same riwaya version).
PAYLOAD = pa.schema([
    ("document", pa.string()),
    ("features", pa.binary()),
    ("payload", pa.binary()),
])


#: Every output table's schema, by table name (the directory under the output).
SCHEMAS = {"documents": DOCUMENTS, "claims": CLAIMS, "sources": SOURCES,
           "incidents": INCIDENTS, "slots": SLOTS, "claim_incidents": CLAIM_INCIDENTS}


def partition_column(table: str) -> str:
    """The hive partition column of an output table: ``date`` for incidents, else ``published``."""
    return INCIDENT_PARTITION if table in ("incidents", "slots") else DOC_PARTITION


def partition_value(value: str | None) -> str:
    """The hive directory value for a date (or ``unknown``)."""
    return value if value else UNKNOWN


def date_from_partition(value: Any) -> str | None:
    """Inverse of :func:`partition_value`."""
    if value is None or str(value) == UNKNOWN:
        return None
    return str(value)


def document_row(doc: Document, *, source: str, record: int | None, partition: str) -> dict:
    """A documents-table row (the date goes in the directory name, not the row)."""
    return {
        "id": doc.id, "path": doc.path, "sha256": doc.sha256, "language": doc.language,
        "outlet_name": doc.outlet.name, "outlet_inferred": doc.outlet.inferred,
        "outlet_canonical": doc.outlet.canonical,
        "published_inferred": doc.published_inferred, "published_time": doc.published_time,
        "title": doc.title, "url": doc.url, "text": doc.text,
        "input": source, "record": record, "partition": partition,
    }


def document_from_row(row: Mapping[str, Any]) -> Document:
    """Rebuild the Document a documents-table row was made from."""
    return Document(
        id=row["id"], text=row["text"], path=row.get("path"), sha256=row.get("sha256"),
        language=row.get("language") or "ar",
        outlet=Outlet(name=row.get("outlet_name"), inferred=bool(row.get("outlet_inferred")),
                      canonical=row.get("outlet_canonical")),
        published=date_from_partition(row.get(DOC_PARTITION)),
        published_inferred=bool(row.get("published_inferred")),
        published_time=row.get("published_time"),
        title=row.get("title"), url=row.get("url"),
    )


def _source_dict(src: Source) -> dict:
    return {"name": src.name, "canonical": src.canonical, "kind": src.kind,
            "start": src.start, "end": src.end}


def claim_row(claim: Claim, *, partition: str) -> dict:
    """A claims-table row, flat for querying, lossless for :func:`claim_from_row`."""
    return {
        "id": claim.id, "document": claim.document, "quantity": claim.quantity,
        "party": claim.party, "low": claim.low, "high": claim.high,
        "qualifier": claim.qualifier, "stance": claim.stance,
        "source_name": claim.source.name, "source_canonical": claim.source.canonical,
        "source_kind": claim.source.kind, "source_start": claim.source.start,
        "source_end": claim.source.end,
        "via": [_source_dict(v) for v in claim.via],
        "ultimate_source": claim.source.key,
        "incident": claim.incident, "context": claim.context,
        "start": claim.start, "end": claim.end, "text": claim.text,
        "figure_start": claim.figure_start, "figure_end": claim.figure_end,
        "sentence_start": claim.sentence_start, "sentence_end": claim.sentence_end,
        "partition": partition,
    }


def claim_from_row(row: Mapping[str, Any]) -> Claim:
    """Rebuild the Claim a claims-table row was made from."""
    return Claim(
        id=row["id"], document=row["document"], quantity=row["quantity"],
        low=row.get("low"), high=row.get("high"), qualifier=row["qualifier"],
        start=row["start"], end=row["end"], text=row["text"],
        source=Source(name=row["source_name"], canonical=row.get("source_canonical"),
                      kind=row.get("source_kind") or "outlet",
                      start=row.get("source_start"), end=row.get("source_end")),
        party=row.get("party"), stance=row.get("stance") or "asserts",
        via=[Source(**v) for v in (row.get("via") or [])],
        incident=row.get("incident"), context=bool(row.get("context")),
        figure_start=row.get("figure_start"), figure_end=row.get("figure_end"),
        sentence_start=row.get("sentence_start"), sentence_end=row.get("sentence_end"),
    )


def source_rows(claim: Claim, *, partition: str) -> list[dict]:
    """The claim's attribution chain as rows: the source, then each intermediary."""
    links = [("source", claim.source)] + [("via", v) for v in claim.via]
    return [{"claim": claim.id, "document": claim.document, "position": i, "role": role,
             "name": s.name, "canonical": s.canonical, "kind": s.kind,
             "start": s.start, "end": s.end, "quantity": claim.quantity,
             "partition": partition}
            for i, (role, s) in enumerate(links)]


def incident_date(incident: Incident, published: Iterable[str | None]) -> str | None:
    """The incident's date: its resolved event date, else its earliest report's."""
    if incident.date is not None and incident.date.date:
        return incident.date.date
    dates = sorted(d for d in published if d)
    return dates[0] if dates else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def incident_row(incident: Incident, *, block: str | None = None) -> dict:
    """An incidents-table row (slots go to their own table)."""
    place = incident.place
    return {
        "id": incident.id, "documents": list(incident.documents),
        "n_documents": len(incident.documents), "n_slots": len(incident.slots),
        "place_name": place.name if place else None,
        "place_canonical": place.canonical if place else None,
        "place_kind": place.kind if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "date_precision": incident.date.precision if incident.date else None,
        "actors": list(incident.actors),
        "events": _json([asdict(e) for e in incident.events]),
        "block": block,
    }


def slot_rows(incident: Incident) -> list[dict]:
    """One slots-table row per (quantity, party) of the incident."""
    rows = []
    for s in incident.slots:
        est = s.estimate
        rows.append({
            "incident": incident.id, "quantity": s.quantity, "party": s.party,
            "claims": list(s.claims), "contested": s.contested, "low": s.low, "high": s.high,
            "estimate_low": est.low if est else None,
            "estimate_best": est.best if est else None,
            "estimate_high": est.high if est else None,
            "estimate_conservative": est.conservative if est else None,
            "estimate_rule": est.rule if est else None,
            "voices": _json([asdict(v) for v in s.voices]),
            "values": _json(s.values),
            "history": _json([asdict(h) for h in s.history]),
        })
    return rows


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """Rows → an Arrow table of exactly ``schema`` (missing keys become null)."""
    return pa.Table.from_pylist(rows, schema=schema)


def read_rows(out: str, table: str, columns: list[str] | None = None) -> list[dict]:
    """Every row of one output table (local path or fsspec URL), partition column included.

    The partition value is read as a string whatever it looks like, so a
    date stays ``"2022-01-21"`` and ``unknown`` can be told from it.
    """
    import pyarrow.dataset as ds

    from riwaya.scale.sources import resolve

    fs, root = resolve(out)
    path = f"{root.rstrip('/')}/{table}"
    key = partition_column(table)
    if not fs.exists(path):
        return []
    dataset = ds.dataset(path, format="parquet", filesystem=fs,
                         partitioning=ds.partitioning(pa.schema([(key, pa.string())]),
                                                      flavor="hive"))
    return dataset.to_table(columns=columns).to_pylist()


def read_documents(out: str) -> list[Document]:
    """The documents a batch run wrote, as Documents (in no particular order)."""
    return [document_from_row(r) for r in read_rows(out, "documents")]


def read_claims(out: str) -> list[Claim]:
    """The claims a batch run wrote, as Claims (in no particular order)."""
    return [claim_from_row(r) for r in read_rows(out, "claims")]


# --------------------------------------------------------------------------- writing


def write_parquet(store: Store, rel: str, table: pa.Table, row_group_size: int | None = None) -> None:
    """Write one Parquet file (zstd) at ``rel`` under the store."""
    import io

    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", row_group_size=row_group_size)
    store.write_bytes(rel, buf.getvalue())


def write_by_day(store: Store, staging: str, table: str, by_day: dict[str, list[dict]],
                 name: str) -> list[str]:
    """Write one file per date value of a table's rows under ``staging``; return their paths.

    The paths are relative to the output (``<table>/<column>=<day>/<name>.parquet``),
    where the commit will rename them to.
    """
    files = []
    column, schema = partition_column(table), SCHEMAS[table]
    for day in sorted(by_day):
        if by_day[day]:
            rel = f"{table}/{column}={day}/{name}.parquet"
            write_parquet(store, f"{staging}/{rel}", to_table(by_day[day], schema))
            files.append(rel)
    return files
