"""UCDP GED-style rows: deaths by side with low / best / high, one per incident.

UCDP splits an event's deaths into side A, side B, civilians and unknown,
which must add up to ``best``. riwaya's per-party death slots are assigned
to those columns by comparing the slot's party with the incident's two main
actors (through the lexicon when it knows them); civilians, children and
women count as civilians; any remaining slot, and whatever a total count
exceeds the parts by, is ``deaths_unknown``. ``low``/``high`` aggregate the
slots' UCDP-style estimates the same way (a total wins over the sum of its
parts only when larger).

Codes mapped from riwaya's ACLED-style precisions: ``date_prec`` 1 day →
1, week → 3, month → 4; ``where_prec`` 1 exact place → 1, near → 2,
region → 4, country → 6.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from riwaya.export.acled import killed_slots, outlet_names, primary_event, sides

UCDP_COLUMNS = ["id", "incident", "year", "type_of_violence", "side_a", "side_b", "source_article",
                "number_of_sources", "where_prec", "where_coordinates", "adm_1", "country",
                "latitude", "longitude", "date_prec", "date_start", "date_end", "deaths_a",
                "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high"]

CIVILIAN_PARTIES = frozenset({"civilians", "children", "women", "مدنيين", "مدنيون", "المدنيين",
                              "المدنيون", "اطفال", "الاطفال", "نساء", "النساء", "residents"})
_DATE_PREC = {1: 1, 2: 3, 3: 4}
_WHERE_PREC = {1: 1, 2: 2, 3: 4}


def _party_key(name: str | None) -> str | None:
    from riwaya.reconcile.actors import canonical_party

    return canonical_party(name)


def _triple(slot: dict[str, Any]) -> tuple[int, int, int]:
    """(low, best, high) of a slot's estimate, gaps filled from best."""
    est = slot.get("estimate") or {}
    best = est.get("best")
    if best is None:
        best = est.get("conservative") or 0
    low = est.get("low") if est.get("low") is not None else best
    high = est.get("high") if est.get("high") is not None else best
    return min(low, best), best, max(high, best)


def deaths(incident: dict[str, Any]) -> dict[str, int]:
    """UCDP death columns and low/best/high of one incident dict."""
    side_a, side_b = sides(incident)
    key_a, key_b = _party_key(side_a), _party_key(side_b)
    total, parties = killed_slots(incident)
    cols = {"deaths_a": [0, 0, 0], "deaths_b": [0, 0, 0], "deaths_civilians": [0, 0, 0],
            "deaths_unknown": [0, 0, 0]}
    for slot in parties:
        key = _party_key(slot.get("party"))
        col = ("deaths_civilians" if key in CIVILIAN_PARTIES or (slot.get("party") or "").lower() in CIVILIAN_PARTIES
               else "deaths_a" if key is not None and key == key_a
               else "deaths_b" if key is not None and key == key_b
               else "deaths_unknown")
        for i, v in enumerate(_triple(slot)):
            cols[col][i] += v
    parts = [sum(c[i] for c in cols.values()) for i in range(3)]
    if total is not None:
        t = _triple(total)
        for i in range(3):
            if t[i] > parts[i]:
                cols["deaths_unknown"][i] += t[i] - parts[i]
                parts[i] = t[i]
    out = {k: v[1] for k, v in cols.items()}
    out.update(low=parts[0], best=parts[1], high=parts[2])
    return out


def type_of_violence(incident: dict[str, Any]) -> int:
    """1 state-based (a state actor is named), 3 one-sided (violence against civilians), else 2."""
    primary = primary_event(incident) or {}
    if primary.get("acled_event_type") == "Violence against civilians":
        return 3
    from riwaya.reconcile.actors import is_state

    return 1 if any(is_state(name) for name in incident.get("actors") or []) else 2


def ucdp_row(incident: dict[str, Any], outlets: dict[str, str]) -> dict[str, Any]:
    """The UCDP-style row of one incident dict."""
    place = incident.get("place") or {}
    date = incident.get("date") or {}
    side_a, side_b = sides(incident)
    start = date.get("date")
    event_dates = [e["date"] for e in incident.get("events") or [] if e.get("date")]
    end = max([start, *event_dates]) if start else None
    kind = (place.get("kind") or "").lower()
    where_prec = 6 if kind == "country" else 4 if kind in ("admin1", "governorate", "province") \
        else _WHERE_PREC.get(place.get("geo_precision") or 0)
    docs = incident.get("documents") or []
    return {
        "id": f"RIW-{incident['id']}", "incident": incident["id"],
        "year": int(start[:4]) if start else None, "type_of_violence": type_of_violence(incident),
        "side_a": side_a, "side_b": side_b,
        "source_article": "; ".join(dict.fromkeys(outlets.get(d, d) for d in docs)),
        "number_of_sources": len(docs), "where_prec": where_prec,
        "where_coordinates": place.get("canonical") or place.get("name"),
        "adm_1": place.get("admin1"), "country": place.get("country"),
        "latitude": place.get("latitude"), "longitude": place.get("longitude"),
        "date_prec": _DATE_PREC.get(date.get("precision") or 0), "date_start": start, "date_end": end,
        **deaths(incident),
    }


def ucdp_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """UCDP-style rows for every incident of an analysis dict."""
    outlets = outlet_names(analysis)
    frame = pd.DataFrame([ucdp_row(inc, outlets) for inc in analysis.get("incidents", [])],
                         columns=UCDP_COLUMNS)
    for col in ("year", "type_of_violence", "number_of_sources", "where_prec", "date_prec",
                "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high"):
        frame[col] = frame[col].astype("Int64")
    return frame
