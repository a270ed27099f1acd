"""Per-document features for grouping: place, date window, actors, kinds, figures, MinHash.

``doc_features`` is the map step of a distributed grouping: it reads one
document (and its claims) and returns a small picklable record, so a Dask
job can compute features in parallel, shuffle them by ``block_keys`` and
reduce each block with ``link_block`` without ever shipping the text.

A document's *context* claims are figures about other events (an earlier
attack elsewhere, all detainees in a region). Their sentences are blanked
out before shingling, actor and event-kind detection, and their figures are
not fingerprints, so a report that recalls last year's attack is not pulled
into last year's incident.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from riwaya.model import SCORED_QUANTITIES, Claim, Document, EventDate, Place
from riwaya.reconcile import extractors
from riwaya.reconcile.actors import actor_key, find_actors
from riwaya.reconcile.textsim import sentences, signature, tokens

#: Place kinds that are settlements: two different ones are two different places.
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "settlement", "locality", "camp_town"})
#: Place kinds that carry no finer place than their region.
AREA_KINDS = frozenset({"country", "admin1", "governorate", "province", "region", "state"})

#: Half-width (days) of the window a week- or month-precision date stands for.
_PRECISION_HALF_WIDTH = {1: 0, 2: 3, 3: 15}
#: A report is published 0–2 days after the event it reports (fallback window).
PUBLISHED_LAG_DAYS = 2


@dataclass
class DocFeatures:
    """What grouping needs to know about one document (picklable, text-free).

    ``day_lo``/``day_hi`` are proleptic ordinals (``date.toordinal``) of the
    window the event date may lie in; ``fine`` is the most specific place
    name below the region with its kind class in ``fine_kind``;
    ``mentioned`` holds the fine places named anywhere in the report (outside
    context sentences), so a report placed only at country level can still
    meet one placed in a town it names.
    """

    doc_id: str
    order: int = 0
    country: str | None = None
    region: str | None = None
    fine: str | None = None
    fine_kind: str | None = None
    mentioned: tuple[str, ...] = ()
    #: The facilities and districts among ``mentioned``: specific enough that
    #: an undated report naming one may meet the reports placed there.
    sites: tuple[str, ...] = ()
    day_lo: int | None = None
    day_hi: int | None = None
    actors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    figures: tuple[tuple[str, int, int], ...] = ()
    signature: np.ndarray | None = None
    n_tokens: int = 0
    place: Place | None = None
    date: EventDate | None = None
    actor_names: dict[str, str] = field(default_factory=dict)

    @property
    def has_date(self) -> bool:
        """True when the event date window is known."""
        return self.day_lo is not None and self.day_hi is not None


def _key(value: str | None) -> str | None:
    if not value:
        return None
    return actor_key(value) or None


def place_levels(place: Place | None) -> tuple[str | None, str | None, str | None, str | None]:
    """``(country, region, fine, fine_kind)`` comparison keys of a resolved place.

    Region is admin1; a settlement without admin1 serves as its own region
    so that it still blocks with its neighbours' reports. ``fine_kind`` is
    ``settlement`` for towns and cities located exactly, ``settlement_near``
    for ones located only approximately (geo_precision 2: a village the
    gazetteer lacks, placed at a nearby town), else the place kind
    (facility, district, …): only two fine places of the same class can
    conflict, so «a village near Tendelti» never vetoes «Tendelti».
    """
    if place is None:
        return None, None, None, None
    kind = (place.kind or "city").lower()
    name = _key(place.canonical or place.name)
    country = _key(place.country)
    if kind == "country":
        return country or name, None, None, None
    region = _key(place.admin1)
    if kind in AREA_KINDS:
        return country, region or name, None, None
    fine_kind = "settlement" if kind in SETTLEMENT_KINDS else kind
    if region is None and fine_kind == "settlement":
        region = name
    if fine_kind == "settlement" and (place.geo_precision or 1) >= 2:
        fine_kind = "settlement_near"
    return country, region, name, fine_kind


def parse_day(iso: str | None) -> int | None:
    """Ordinal day of an ISO date (``YYYY-MM-DD``, ``YYYY-MM`` → the 15th), None if unreadable."""
    if not iso:
        return None
    text = iso.strip()[:10]
    try:
        if len(text) == 7:
            return _dt.date.fromisoformat(text + "-15").toordinal()
        return _dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def date_window(date: EventDate | None, published: str | None) -> tuple[int | None, int | None]:
    """The days the event may have happened on.

    A day-precision event date is that day; week and month precision widen
    it by ±3 and ±15 days; coarser dates are ignored. Without an event date
    the publication date stands in, covering the ``PUBLISHED_LAG_DAYS``
    before it (news reports what happened up to a couple of days earlier).
    """
    if date is not None and date.date:
        day = parse_day(date.date)
        half = _PRECISION_HALF_WIDTH.get(date.precision)
        if day is not None and half is not None:
            return day - half, day + half
    day = parse_day(published)
    if day is not None:
        return day - PUBLISHED_LAG_DAYS, day
    return None, None


def context_spans(doc: Document, claims: Iterable[Claim]) -> list[tuple[int, int]]:
    """Spans of ``doc`` that speak about other events: sentences of its context claims."""
    sents: list[tuple[int, int]] | None = None
    spans: list[tuple[int, int]] = []
    for c in claims:
        if not c.context or c.document != doc.id:
            continue
        if c.sentence_start is not None and c.sentence_end is not None:
            spans.append((c.sentence_start, c.sentence_end))
            continue
        if sents is None:
            sents = sentences(doc.text)
        hit = [(s, e) for s, e in sents if s <= c.start < e or s < c.end <= e]
        spans.extend(hit or [(c.start, c.end)])
    return sorted(set(spans))


def focus_text(doc: Document, claims: Iterable[Claim]) -> str:
    """``doc.text`` with context-claim sentences blanked (same length, offsets intact)."""
    spans = context_spans(doc, claims)
    if not spans:
        return doc.text
    chars = list(doc.text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def figure_prints(claims: Iterable[Claim]) -> tuple[tuple[str, int, int], ...]:
    """Fingerprints ``(quantity, low, high)`` (−1 = open) of the non-context scored figures.

    Two reports giving the same «at least 32 killed» are likely about the
    same event; zeros (denials) are too common to mean anything.
    """
    prints = {
        (c.quantity, c.low, -1 if c.high is None else c.high)
        for c in claims
        if not c.context and c.quantity in SCORED_QUANTITIES and c.low
    }
    return tuple(sorted(prints))


def doc_features(doc: Document, claims: Iterable[Claim] = (), *, order: int = 0) -> DocFeatures:
    """Everything grouping needs about ``doc``; ``order`` is its position in the corpus."""
    # Imported here: timeline uses this module's context_spans at import time.
    from riwaya.reconcile.timeline import detect_kinds

    claims = [c for c in claims if c.document == doc.id]
    text = focus_text(doc, claims)   # context sentences blanked
    place = extractors.main_place(doc)
    date = extractors.event_date(doc)
    country, region, fine, fine_kind = place_levels(place)
    lo, hi = date_window(date, doc.published)
    skip = context_spans(doc, claims)
    mentioned: set[str] = set()
    sites: set[str] = set()
    for p in extractors.find_places(doc):
        ev = p.evidence
        if ev is not None and any(s <= ev.start < e for s, e in skip):
            continue
        if getattr(p, "mention", None) == "dateline":   # where the outlet wrote from, not where it happened
            continue
        fine_name, kind_class = place_levels(p)[2:]
        if fine_name is not None and kind_class != "settlement_near" and (p.geo_precision or 1) < 3:
            mentioned.add(fine_name)
            if kind_class not in ("settlement", "settlement_near"):
                sites.add(fine_name)
    words = tokens(text)
    actor_names: dict[str, str] = {}
    for hit in find_actors(text):
        actor_names.setdefault(hit.key, hit.canonical)
    return DocFeatures(
        doc_id=doc.id, order=order, country=country, region=region, fine=fine,
        fine_kind=fine_kind, mentioned=tuple(sorted(mentioned)), sites=tuple(sorted(sites)),
        day_lo=lo, day_hi=hi,
        actors=tuple(sorted(actor_names)), kinds=tuple(sorted(detect_kinds(text))),
        figures=figure_prints(claims), signature=signature(words), n_tokens=len(words),
        place=place, date=date, actor_names=actor_names,
    )
