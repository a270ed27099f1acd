"""One incident from its documents and claims: place, date, actors, slots, timeline.

``build_incident`` is pure given its inputs (documents, their claims and,
optionally, the features grouping already computed), so it is the unit of
work a distributed job runs per group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from statistics import median_low

from riwaya.model import Claim, Document, EventDate, Incident, Place
from riwaya.reconcile.features import DocFeatures, doc_features, parse_day, place_levels
from riwaya.reconcile.slots import build_slots
from riwaya.reconcile.timeline import annotate_actors, document_events, merge_timeline

#: An event date further than this from the group's median is a stray
#: (an anniversary, an earlier attack) and not the incident's date.
PLAUSIBLE_DAYS = 10


def resolve_place(places: Sequence[Place | None]) -> Place | None:
    """The most specific place the reports agree on.

    Walk from coarse to fine: country, region (admin1), settlement, site
    (facility, district, …). At each level only places consistent with the
    levels already chosen vote; a value is chosen when it has a strict
    majority of those votes, otherwise the walk stops. The result is the
    first report's place object at the finest chosen level (so its
    coordinates and precision come along).
    """
    known = [p for p in places if p is not None]
    if not known:
        return None
    levels = [place_levels(p) for p in known]

    def level_value(i: int, level: int) -> str | None:
        country, region, fine, fine_kind = levels[i]
        if level == 0:
            return country
        if level == 1:
            return region
        if level == 2:
            return fine if fine_kind in ("settlement", "settlement_near") else None
        return fine if fine_kind not in (None, "settlement", "settlement_near") else None

    alive = list(range(len(known)))
    chosen: Place | None = None
    for level in range(4):
        votes = Counter(v for i in alive if (v := level_value(i, level)) is not None)
        if not votes:
            continue
        value, count = votes.most_common(1)[0]
        if count * 2 <= sum(votes.values()):
            break
        alive = [i for i in alive if level_value(i, level) in (None, value)]
        chosen = known[next(i for i in alive if level_value(i, level) == value)]
    return chosen if chosen is not None else known[0]


def resolve_date(dates: Sequence[EventDate | None], published: Sequence[str | None] = ()) -> EventDate | None:
    """The earliest plausible event date, with its precision.

    Plausible: readable, not after its own report's publication date, and
    within ``PLAUSIBLE_DAYS`` of the median of all dates (strays such as an
    earlier attack's date are dropped). Among plausible dates the earliest
    wins; on a tie, the finest precision.
    """
    cands: list[tuple[int, int, EventDate]] = []
    for k, d in enumerate(dates):
        if d is None or not d.date:
            continue
        day = parse_day(d.date)
        if day is None:
            continue
        pub = parse_day(published[k]) if k < len(published) else None
        if pub is not None and day > pub:
            continue
        cands.append((day, d.precision, d))
    if not cands:
        return None
    mid = median_low([c[0] for c in cands])
    plausible = [c for c in cands if abs(c[0] - mid) <= PLAUSIBLE_DAYS] or cands
    return min(plausible, key=lambda c: (c[0], c[1]))[2]


def incident_actors(features: Sequence[DocFeatures]) -> list[str]:
    """Canonical actor names, most widely reported first (ties: first mentioned)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    names: dict[str, str] = {}
    for n, f in enumerate(features):
        for key in f.actors:
            counts[key] += 1
            first.setdefault(key, n)
            names.setdefault(key, f.actor_names.get(key, key))
    return [names[k] for k in sorted(counts, key=lambda k: (-counts[k], first[k], k))]


def build_incident(incident_id: str, docs: Sequence[Document], claims: Iterable[Claim], *,
                   features: Mapping[str, DocFeatures] | None = None,
                   order: Mapping[str, int] | None = None) -> Incident:
    """Reconcile one group of documents into an :class:`Incident`.

    Sets ``claim.incident`` on every claim of these documents: the incident
    id for claims about it, None for context claims (they are about another
    event). ``features`` saves recomputing places, dates and actors. With
    no event date in any report, the earliest publication date stands in at
    week precision (ACLED time_precision 2): the event is within days of it.
    """
    if order is None:
        order = {d.id: i for i, d in enumerate(docs)}
    docs = sorted(docs, key=lambda d: (order.get(d.id, 0), d.id))
    ids = {d.id for d in docs}
    mine = [c for c in claims if c.document in ids]
    by_doc: dict[str, list[Claim]] = {}
    for c in mine:
        c.incident = None if c.context else incident_id
        by_doc.setdefault(c.document, []).append(c)
    feats = [features[d.id] if features is not None and d.id in features
             else doc_features(d, by_doc.get(d.id, []), order=order.get(d.id, 0)) for d in docs]
    place = resolve_place([f.place for f in feats])
    date = resolve_date([f.date for f in feats], [d.published for d in docs])
    if date is None:
        pubs = sorted(d.published for d in docs if d.published)
        if pubs:
            date = EventDate(date=pubs[0][:10], precision=2, document=None)
    docs_by_id = {d.id: d for d in docs}
    place_name = (place.canonical or place.name) if place is not None else None
    events = []
    for d in docs:
        events.extend(document_events(d, by_doc.get(d.id, []), place=place_name, date=date,
                                      with_actors=False))
    timeline = [annotate_actors(ev) for ev in merge_timeline(events, order)]
    return Incident(
        id=incident_id, documents=[d.id for d in docs],
        slots=build_slots(mine, docs_by_id, order), place=place, date=date,
        actors=incident_actors(feats), events=timeline,
    )
