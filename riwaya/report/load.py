"""Get an :class:`Analysis` to report on: from ``riwaya analyze --json`` output or by analysing.

``riwaya report`` accepts both (the CLI runs the pipeline for non-JSON paths) so that a newsroom can report on an analysis
someone else ran (and reviewed) without re-running extraction. The JSON
reader is tolerant: the contract fixes a minimal set of fields and lets
anything be added, so missing extras (voices, estimates, places) become
defaults and unknown keys are ignored rather than rejected.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, TypeVar

from riwaya.export.load import NotAnAnalysis, read_analysis
from riwaya.model import (
    Analysis,
    Claim,
    Document,
    Estimate,
    Event,
    EventDate,
    Incident,
    Outlet,
    Place,
    Problem,
    Revision,
    Slot,
    Source,
    Span,
    Voice,
)

T = TypeVar("T")


def _build(cls: type[T], data: dict[str, Any] | None, **override: Any) -> T:
    """Instantiate a dataclass from the keys of ``data`` it knows; ``override`` wins."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: v for k, v in (data or {}).items() if k in names}
    kwargs.update(override)
    return cls(**kwargs)


def _span(data: dict[str, Any] | None) -> Span | None:
    if not data or data.get("start") is None or data.get("end") is None:
        return None
    return Span(int(data["start"]), int(data["end"]), data.get("text") or "")


def _source(data: dict[str, Any] | str | None) -> Source:
    if isinstance(data, str):
        return Source(name=data)
    return _build(Source, data or {"name": "?"})


def document_from_dict(d: dict[str, Any]) -> Document:
    """A contract document; ``outlet`` may be an object or a bare name."""
    outlet = d.get("outlet")
    if isinstance(outlet, str):
        outlet_obj = Outlet(name=outlet)
    else:
        outlet_obj = _build(Outlet, outlet or {})
    return _build(Document, d, outlet=outlet_obj, text=d.get("text") or "")


def claim_from_dict(d: dict[str, Any]) -> Claim:
    """A contract claim; ``via`` comes from ``via_sources`` when present, else the names."""
    if d.get("via_sources"):
        via = [_source(v) for v in d["via_sources"]]
    else:
        via = [_source(v) for v in d.get("via") or []]
    figure = d.get("figure") or {}
    sentence = d.get("sentence") or {}
    return _build(
        Claim, d, source=_source(d.get("source")), via=via,
        figure_start=figure.get("start"), figure_end=figure.get("end"),
        sentence_start=sentence.get("start"), sentence_end=sentence.get("end"),
    )


def slot_from_dict(d: dict[str, Any]) -> Slot:
    """A slot with its voices, estimate and revision history when the JSON has them."""
    return _build(
        Slot, d,
        voices=[_build(Voice, v) for v in d.get("voices") or []],
        estimate=_build(Estimate, d["estimate"]) if d.get("estimate") else None,
        history=[_build(Revision, r) for r in d.get("history") or []],
        values=list(d.get("values") or []),
        claims=list(d.get("claims") or []),
    )


def incident_from_dict(d: dict[str, Any]) -> Incident:
    """An incident; place, date and events are riwaya extras beside the contract's fields."""
    place = d.get("place")
    date = d.get("date")
    if isinstance(date, str):
        date_obj: EventDate | None = EventDate(date=date)
    elif date:
        date_obj = _build(EventDate, date, evidence=_span(date.get("evidence")))
    else:
        date_obj = None
    if isinstance(place, str):
        place_obj: Place | None = Place(name=place)
    elif place:
        place_obj = _build(Place, place, evidence=_span(place.get("evidence")))
    else:
        place_obj = None
    return _build(
        Incident, d,
        slots=[slot_from_dict(s) for s in d.get("slots") or []],
        place=place_obj, date=date_obj,
        events=[_build(Event, e) for e in d.get("events") or []],
        documents=list(d.get("documents") or []),
        actors=list(d.get("actors") or []),
    )


def analysis_from_dict(data: dict[str, Any]) -> Analysis:
    """The whole analysis from the contract's JSON object."""
    return Analysis(
        documents=[document_from_dict(d) for d in data.get("documents") or []],
        claims=[claim_from_dict(c) for c in data.get("claims") or []],
        incidents=[incident_from_dict(i) for i in data.get("incidents") or []],
        problems=[Problem(path=str(p), message="") if isinstance(p, str) else _build(Problem, p)
                  for p in data.get("problems") or []],
        version=str(data.get("riwaya_version") or "0.1.0"),
    )


def is_analysis_json(path: Path) -> bool:
    """True for a ``.json`` file other than a ``.meta.json`` sidecar.

    ``.json`` is not a corpus format (ingest reads .txt/.md/.html/.jsonl), so
    such a path is always meant as a saved analysis; :func:`load_json`
    says so clearly when it is not one.
    """
    return path.suffix.lower() == ".json" and not path.name.endswith(".meta.json") and path.is_file()


def merge(parts: list[Analysis]) -> Analysis:
    """One analysis from several (documents, claims, incidents, problems concatenated)."""
    if len(parts) == 1:
        return parts[0]
    merged = Analysis(version=parts[0].version if parts else "0.1.0")
    for part in parts:
        merged.documents += part.documents
        merged.claims += part.claims
        merged.incidents += part.incidents
        merged.problems += part.problems
    return merged


def load_json(path: Path) -> Analysis:
    """Read one ``riwaya analyze --json`` file (:class:`NotAnAnalysis` when it is not one)."""
    data = read_analysis(path)
    try:
        return analysis_from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise NotAnAnalysis(f"{path}: malformed analysis ({exc})") from exc
