"""ACLED-style event rows: one per incident, typed by its main sub-event.

ACLED records one event per actor pair, location, day and type; riwaya's
incident is the unit analysts reconcile figures for, so each incident gives
one row whose type is that of its highest-priority sub-event (the order is
``priority`` in ``riwaya/data/event_types.yaml``: fighting before bombing
before developments), and whose notes name the other sub-events.

``fatalities`` follows ACLED's conservative practice: the lowest reported
figure (the slot's ``conservative`` estimate). With both a total and
per-party death counts, the larger of the total and the per-party sum is
used, since a total lower than its parts is incomplete, not conservative.
``notes`` lists every disputed figure with who gave it, so the disagreement
survives the single number.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

ACLED_COLUMNS = ["event_id_cnty", "incident", "event_date", "year", "time_precision", "event_type",
                 "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude",
                 "longitude", "geo_precision", "source", "notes", "fatalities"]

_QUALIFIER_TEXT = {"approx": "about {}", "at_least": "at least {}", "more_than": "more than {}",
                   "at_most": "at most {}", "less_than": "fewer than {}"}


def figure_text(value: dict[str, Any]) -> str:
    """A slot value in words: «about 70», «25–40», «20–99 (vague)», «denied (0)»."""
    low, high, q = value.get("low"), value.get("high"), value.get("qualifier")
    if value.get("stance") == "denies":
        return "denied (0)" if not low else f"denied {low}"
    if q in _QUALIFIER_TEXT:
        return _QUALIFIER_TEXT[q].format(low if low is not None else high)
    if q == "range":
        return f"{low}–{high}"
    if q == "vague":
        return f"{low}–{high} (vague)"
    return str(low if low is not None else high)


def slot_label(slot: dict[str, Any]) -> str:
    """``killed`` or ``killed (civilians)``."""
    return slot["quantity"] + (f" ({slot['party']})" if slot.get("party") else "")


def disputed_figures(incident: dict[str, Any]) -> list[str]:
    """One line per contested slot: each distinct figure with its voices."""
    lines = []
    for slot in incident.get("slots") or []:
        if not slot.get("contested"):
            continue
        parts = [f"{figure_text(v)} ({', '.join(v.get('voices') or [])})" for v in slot.get("values") or []]
        lines.append(f"{slot_label(slot)}: " + "; ".join(parts))
    return lines


def primary_event(incident: dict[str, Any]) -> dict[str, Any] | None:
    """The sub-event that types the incident: first kind present in the priority order."""
    events = incident.get("events") or []
    if not events:
        return None
    from riwaya.reconcile.timeline import load_event_types

    rank = {k: i for i, k in enumerate(load_event_types().priority)}
    return min(events, key=lambda e: (rank.get(e["kind"], len(rank)), events.index(e)))


def sides(incident: dict[str, Any]) -> tuple[str | None, str | None]:
    """(actor1, actor2): the main sub-event's actors first, then the incident's by prominence."""
    primary = primary_event(incident)
    names = list(dict.fromkeys([*(primary or {}).get("actors", []), *(incident.get("actors") or [])]))
    return (names[0] if names else None), (names[1] if len(names) > 1 else None)


def killed_slots(incident: dict[str, Any]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(the total death slot or None, the per-party death slots)."""
    total = None
    parties = []
    for slot in incident.get("slots") or []:
        if slot["quantity"] != "killed":
            continue
        if slot.get("party"):
            parties.append(slot)
        elif total is None:
            total = slot
    return total, parties


def _est(slot: dict[str, Any] | None, key: str) -> int | None:
    est = (slot or {}).get("estimate") or {}
    return est.get(key)


def fatalities(incident: dict[str, Any]) -> int:
    """ACLED-style conservative death count (0 when no report gives one)."""
    total, parties = killed_slots(incident)
    part_sum = sum(_est(s, "conservative") or 0 for s in parties)
    return max(_est(total, "conservative") or 0, part_sum)


def acled_row(incident: dict[str, Any], outlets: dict[str, str]) -> dict[str, Any]:
    """The ACLED-style row of one incident dict; ``outlets`` maps document id → outlet name."""
    place = incident.get("place") or {}
    date = incident.get("date") or {}
    primary = primary_event(incident)
    actor1, actor2 = sides(incident)
    kinds = list(dict.fromkeys(e["kind"].replace("_", " ") for e in incident.get("events") or []))
    where = place.get("canonical") or place.get("name")
    notes = []
    if kinds:
        notes.append(f"On {date.get('date') or 'an unknown date'}"
                     + (f" in {where}" if where else "") + ": " + ", ".join(kinds) + ".")
    disputed = disputed_figures(incident)
    if disputed:
        notes.append("Disputed figures: " + " | ".join(disputed) + ".")
    notes.append("Fatalities: lowest reported figure (riwaya conservative estimate).")
    event_date = date.get("date")
    return {
        "event_id_cnty": f"RIW-{incident['id']}", "incident": incident["id"],
        "event_date": event_date, "year": int(event_date[:4]) if event_date else None,
        "time_precision": date.get("precision"),
        "event_type": (primary or {}).get("acled_event_type"),
        "sub_event_type": (primary or {}).get("acled_sub_event_type"),
        "actor1": actor1, "actor2": actor2, "country": place.get("country"),
        "admin1": place.get("admin1"), "location": where, "latitude": place.get("latitude"),
        "longitude": place.get("longitude"), "geo_precision": place.get("geo_precision"),
        "source": "; ".join(dict.fromkeys(outlets.get(d, d) for d in incident.get("documents") or [])),
        "notes": " ".join(notes), "fatalities": fatalities(incident),
    }


def outlet_names(analysis: dict[str, Any]) -> dict[str, str]:
    """Document id → outlet name (the id when the outlet is unknown)."""
    return {d["id"]: (d.get("outlet") or {}).get("name") or d["id"] for d in analysis.get("documents", [])}


def acled_table(analysis: dict[str, Any]) -> pd.DataFrame:
    """ACLED-style rows for every incident of an analysis dict."""
    outlets = outlet_names(analysis)
    frame = pd.DataFrame([acled_row(inc, outlets) for inc in analysis.get("incidents", [])],
                         columns=ACLED_COLUMNS)
    for col in ("year", "time_precision", "geo_precision", "fatalities"):
        frame[col] = frame[col].astype("Int64")
    return frame
