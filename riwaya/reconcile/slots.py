"""An incident's slots: its claims per (quantity, party), weighed by voice.

A slot gathers every figure the incident's reports give for one thing
counted. Claims are grouped into *voices* by their ultimate source
(``claim.source.key``): three outlets quoting the Syrian Observatory are one
voice, not three confirmations. Contested-ness, estimates and self-interest
are decided per voice; ``values`` lists the distinct figures with who said
them; ``history`` orders each source's figures by publication time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from riwaya.model import SCORED_QUANTITIES, Claim, Document, Slot, Voice
from riwaya.reconcile import extractors
from riwaya.reconcile.actors import actor_key, canonical_party, self_interest
from riwaya.reconcile.estimates import (
    VoiceFigures,
    claim_interval,
    contested,
    effective_claims,
    estimate,
    hull,
    intersect,
    self_conflicting,
    stated_lower,
    stated_upper,
)
from riwaya.reconcile.history import latest_claims, source_history


def voice_name(claim: Claim) -> str:
    """The ultimate source's name: the lexicon's canonical when it knows the source.

    Extractors do not always fill ``source.canonical`` (one report names
    «الهلال الأحمر», another "Libyan Red Crescent"); asking the lexicon makes
    both one voice.
    """
    for name in (claim.source.canonical, claim.source.name):
        entry = extractors.actor_lookup(name)
        if entry is not None and getattr(entry, "canonical", None):
            return str(entry.canonical)
    return claim.source.key


def voice_key(claim: Claim) -> str:
    """Folded ultimate-source name: spelling variants and aliases of one source are one voice."""
    return actor_key(voice_name(claim))


def envelope(claims: Iterable[Claim]) -> tuple[int | None, int | None]:
    """Contract ``low``/``high``: the smallest and largest number any claim states (denial = 0)."""
    numbers: list[int] = []
    for c in claims:
        if c.stance == "denies":
            numbers.append(0)
        numbers.extend(v for v in (c.low, c.high) if v is not None)
    return (min(numbers), max(numbers)) if numbers else (None, None)


def _outlet(doc: Document | None, claim: Claim) -> str:
    if doc is not None:
        name = doc.outlet.canonical or doc.outlet.name
        if name:
            return name
    return claim.document


def voice_interval(claims: Sequence[Claim]) -> tuple[float, float] | None:
    """One voice's interval: the common part of its (effective) claims."""
    intervals = [i for i in (claim_interval(c) for c in effective_claims(claims)) if i is not None]
    return intersect(intervals) or hull(intervals)


def _voice_bounds(claims: Sequence[Claim]) -> tuple[int | None, int | None]:
    lows = [v for v in (stated_lower(c) for c in claims) if v is not None]
    highs = [stated_upper(c) for c in claims]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    return (min(lows) if lows else None), high


def build_slot(quantity: str, party: str | None, claims: Sequence[Claim],
               docs: Mapping[str, Document], order: Mapping[str, int]) -> Slot:
    """One slot from its claims (already all of one quantity and party)."""
    claims = sorted(claims, key=lambda c: (order.get(c.document, 0), c.start, c.id))
    name_of = {c.id: voice_name(c) for c in claims}
    key_of = {cid: actor_key(name) for cid, name in name_of.items()}
    by_voice: dict[str, list[Claim]] = {}
    for c in claims:
        by_voice.setdefault(key_of[c.id], []).append(c)
    voices: list[Voice] = []
    figures: list[VoiceFigures] = []
    intervals: list[tuple[float, float] | None] = []
    split_voice = False
    for members in by_voice.values():
        first = members[0]
        current = effective_claims(latest_claims(members, docs))
        low, high = _voice_bounds(current)
        interest = self_interest(first.source, party)
        voices.append(Voice(
            source=name_of[first.id], kind=first.source.kind,
            claims=[c.id for c in members],
            outlets=list(dict.fromkeys(_outlet(docs.get(c.document), c) for c in members)),
            low=low, high=high, self_interest=interest,
        ))
        figures.append(VoiceFigures(name_of[first.id], first.source.kind, interest, current))
        intervals.append(voice_interval(current))
        split_voice = split_voice or self_conflicting(current)
    values: dict[tuple, dict] = {}
    for c in claims:
        stated = (0, 0) if c.stance == "denies" else (c.low, c.high)
        key = (stated, c.qualifier, c.stance)
        entry = values.setdefault(key, {"low": stated[0], "high": stated[1], "qualifier": c.qualifier,
                                        "stance": c.stance, "voices": [], "claims": []})
        if name_of[c.id] not in entry["voices"]:
            entry["voices"].append(name_of[c.id])
        entry["claims"].append(c.id)
    low, high = envelope(claims)
    return Slot(
        quantity=quantity, party=party, claims=[c.id for c in claims],
        contested=contested(intervals) or split_voice, low=low, high=high, voices=voices,
        values=list(values.values()), estimate=estimate(figures, quantity),
        history=source_history(claims, docs, order, lambda c: key_of[c.id]),
    )


def _slot_order(quantity: str, party_key: str | None) -> tuple:
    rank = SCORED_QUANTITIES.index(quantity) if quantity in SCORED_QUANTITIES else len(SCORED_QUANTITIES)
    return rank, quantity, party_key is not None, party_key or ""


def build_slots(claims: Iterable[Claim], docs: Mapping[str, Document],
                order: Mapping[str, int]) -> list[Slot]:
    """Every slot of an incident from its (non-context) claims, in a fixed order.

    Parties are compared through the lexicon (داعش and ISIS are one slot);
    the slot shows the party as its first claim writes it.
    """
    groups: dict[tuple[str, str | None], list[Claim]] = {}
    shown: dict[tuple[str, str | None], str | None] = {}
    for c in sorted(claims, key=lambda c: (order.get(c.document, 0), c.start, c.id)):
        if c.context:
            continue
        key = (c.quantity, canonical_party(c.party))
        groups.setdefault(key, []).append(c)
        shown.setdefault(key, c.party)
    return [build_slot(key[0], shown[key], groups[key], docs, order)
            for key in sorted(groups, key=lambda k: _slot_order(*k))]
