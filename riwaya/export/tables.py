"""The analysis as flat tables: documents, claims, sources, incidents, slots, events.

Analysts load these into pandas, R or a spreadsheet, so every cell is a
scalar: lists of names are joined with ``"; "`` and nested records (voices,
values, history) are JSON strings. Column sets are fixed (``COLUMNS``) so an
empty analysis still writes headers a downstream script can rely on.

Files are written atomically (a temporary file in the same directory, then
``os.replace``) so a crash never leaves a half-written table where a
previous good one was.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

COLUMNS: dict[str, list[str]] = {
    "documents": ["id", "path", "sha256", "language", "outlet", "outlet_inferred", "published",
                  "published_time", "title", "url", "n_chars", "n_claims", "incident"],
    "claims": ["id", "document", "incident", "quantity", "party", "low", "high", "qualifier",
               "stance", "source", "source_canonical", "source_kind", "ultimate_source", "via",
               "context", "start", "end", "text"],
    "sources": ["source", "kind", "n_claims", "n_documents", "outlets", "incidents"],
    "incidents": ["id", "n_documents", "documents", "date", "date_precision", "place", "place_kind",
                  "country", "admin1", "latitude", "longitude", "geo_precision", "actors",
                  "event_kinds", "n_slots", "n_contested"],
    "slots": ["incident", "quantity", "party", "n_claims", "claims", "n_voices", "voices",
              "contested", "low", "high", "est_low", "est_best", "est_high", "conservative",
              "rule", "self_interest", "values", "history"],
    "events": ["incident", "kind", "document", "start", "end", "text", "date", "time", "place",
               "actors", "acled_event_type", "acled_sub_event_type"],
}


def _join(items: Any) -> str:
    return "; ".join(str(x) for x in items or [] if x is not None)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS[name])
    for col in ("low", "high", "est_low", "est_best", "est_high", "conservative", "start", "end",
                "n_chars", "n_claims", "n_documents", "n_voices", "n_slots", "n_contested",
                "date_precision", "geo_precision"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


def documents_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """One row per document, with its incident."""
    incident_of = {d: inc["id"] for inc in analysis.get("incidents", []) for d in inc.get("documents", [])}
    n_claims: dict[str, int] = {}
    for c in analysis.get("claims", []):
        n_claims[c["document"]] = n_claims.get(c["document"], 0) + 1
    rows = []
    for d in analysis.get("documents", []):
        outlet = d.get("outlet") or {}
        rows.append({
            "id": d["id"], "path": d.get("path"), "sha256": d.get("sha256"),
            "language": d.get("language"), "outlet": outlet.get("name"),
            "outlet_inferred": outlet.get("inferred"), "published": d.get("published"),
            "published_time": d.get("published_time"), "title": d.get("title"), "url": d.get("url"),
            "n_chars": len(d.get("text") or ""), "n_claims": n_claims.get(d["id"], 0),
            "incident": incident_of.get(d["id"]),
        })
    return _frame("documents", rows)


def claims_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """One row per claim: figure, hedge, stance, source chain and evidence span."""
    rows = []
    for c in analysis.get("claims", []):
        src = c.get("source") or {}
        rows.append({
            "id": c["id"], "document": c["document"], "incident": c.get("incident"),
            "quantity": c["quantity"], "party": c.get("party"), "low": c.get("low"),
            "high": c.get("high"), "qualifier": c.get("qualifier"), "stance": c.get("stance"),
            "source": src.get("name"), "source_canonical": src.get("canonical"),
            "source_kind": src.get("kind"),
            "ultimate_source": c.get("ultimate_source") or src.get("canonical") or src.get("name"),
            "via": _join(c.get("via")), "context": bool(c.get("context")),
            "start": c.get("start"), "end": c.get("end"), "text": c.get("text"),
        })
    return _frame("claims", rows)


def sources_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """One row per ultimate source: how much it said, through which outlets, about what."""
    outlet_of = {d["id"]: (d.get("outlet") or {}).get("name") or d["id"]
                 for d in analysis.get("documents", [])}
    acc: dict[str, dict[str, Any]] = {}
    for c in analysis.get("claims", []):
        src = c.get("source") or {}
        key = c.get("ultimate_source") or src.get("canonical") or src.get("name") or ""
        row = acc.setdefault(key, {"source": key, "kind": src.get("kind"), "claims": 0,
                                   "documents": {}, "outlets": {}, "incidents": {}})
        row["claims"] += 1
        row["documents"][c["document"]] = None
        row["outlets"][outlet_of.get(c["document"], c["document"])] = None
        if c.get("incident"):
            row["incidents"][c["incident"]] = None
    rows = [{"source": r["source"], "kind": r["kind"], "n_claims": r["claims"],
             "n_documents": len(r["documents"]), "outlets": _join(r["outlets"]),
             "incidents": _join(r["incidents"])} for r in acc.values()]
    return _frame("sources", rows)


def incidents_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """One row per incident: where, when, who, what happened, how many slots are disputed."""
    rows = []
    for inc in analysis.get("incidents", []):
        place = inc.get("place") or {}
        date = inc.get("date") or {}
        slots = inc.get("slots") or []
        rows.append({
            "id": inc["id"], "n_documents": len(inc.get("documents") or []),
            "documents": _join(inc.get("documents")), "date": date.get("date"),
            "date_precision": date.get("precision"),
            "place": place.get("canonical") or place.get("name"), "place_kind": place.get("kind"),
            "country": place.get("country"), "admin1": place.get("admin1"),
            "latitude": place.get("latitude"), "longitude": place.get("longitude"),
            "geo_precision": place.get("geo_precision"), "actors": _join(inc.get("actors")),
            "event_kinds": _join(dict.fromkeys(e["kind"] for e in inc.get("events") or [])),
            "n_slots": len(slots), "n_contested": sum(1 for s in slots if s.get("contested")),
        })
    return _frame("incidents", rows)


def slots_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """One row per (incident, quantity, party) slot with its envelope, voices and estimates."""
    rows = []
    for inc in analysis.get("incidents", []):
        for s in inc.get("slots") or []:
            est = s.get("estimate") or {}
            voices = s.get("voices") or []
            rows.append({
                "incident": inc["id"], "quantity": s["quantity"], "party": s.get("party"),
                "n_claims": len(s.get("claims") or []), "claims": _join(s.get("claims")),
                "n_voices": len(voices), "voices": _json(voices),
                "contested": bool(s.get("contested")), "low": s.get("low"), "high": s.get("high"),
                "est_low": est.get("low"), "est_best": est.get("best"), "est_high": est.get("high"),
                "conservative": est.get("conservative"), "rule": est.get("rule"),
                "self_interest": _json({v["source"]: v.get("self_interest") for v in voices
                                        if v.get("self_interest")}),
                "values": _json(s.get("values") or []), "history": _json(s.get("history") or []),
            })
    return _frame("slots", rows)


def events_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """One row per sub-event of an incident's timeline, with its evidence sentence."""
    rows = []
    for inc in analysis.get("incidents", []):
        for e in inc.get("events") or []:
            rows.append({**{k: e.get(k) for k in COLUMNS["events"] if k != "incident"},
                         "incident": inc["id"], "actors": _join(e.get("actors"))})
    return _frame("events", rows)


TABLES: dict[str, Callable[[dict[str, Any]], pd.DataFrame]] = {
    "documents": documents_table, "claims": claims_table, "sources": sources_table,
    "incidents": incidents_table, "slots": slots_table, "events": events_table,
}


def all_tables(analysis: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Every table of an analysis dict, by name."""
    return {name: build(analysis) for name, build in TABLES.items()}


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(tmp)`` on a temporary file beside ``path``, then move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_frame(frame: pd.DataFrame, path: Path, fmt: str) -> Path:
    """Write one table as CSV (UTF-8, no index) or Parquet (pyarrow), atomically."""
    if fmt == "csv":
        return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"))
    if fmt == "parquet":
        return write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False, engine="pyarrow"))
    raise ValueError(f"unknown table format {fmt!r}")


def write_tables(analysis: dict[str, Any], out_dir: Path, fmt: str = "csv") -> list[Path]:
    """Write every table to ``out_dir/<name>.<fmt>``; returns the paths written."""
    return [write_frame(frame, Path(out_dir) / f"{name}.{fmt}", fmt)
            for name, frame in all_tables(analysis).items()]
