"""Sub-events of an incident (explosion, assault, escape, …) found by trigger words.

An incident in the news is a sequence: a car bomb at the gate, an assault,
a riot inside, an escape, days of clashes, surrenders, a claim of control.
Each is found by a trigger lexicon (``riwaya/data/event_types.yaml``, Arabic
and English), kept with the sentence that evidences it, and typed with the
ACLED event type / sub-event type the lexicon assigns (the choices and why
are written in the YAML). Triggers are matched on text folded one character
to one character, so a match is directly an offset into the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from riwaya.model import Claim, Document, Event, EventDate, Place
from riwaya.reconcile import extractors
from riwaya.reconcile.actors import find_actors, is_state
from riwaya.reconcile.features import context_spans
from riwaya.reconcile.textsim import (
    IGNORABLE,
    fold_for_shingles,
    fold_keep_offsets,
    sentences,
    trie_pattern,
)
from riwaya.text.yaml_data import parse_yaml

EVENT_TYPES_PATH = Path(__file__).resolve().parent.parent / "data" / "event_types.yaml"


@dataclass(frozen=True)
class EventTypes:
    """The compiled trigger lexicon: one trie regex per script, and phrase → kind."""

    types: dict[str, tuple[str, str]]
    priority: tuple[str, ...]
    arabic: re.Pattern[str]
    english: re.Pattern[str]
    kind_of: dict[str, str]
    long_ar: frozenset[str]


@lru_cache(maxsize=8192)
def _phrase_key(text: str) -> str:
    return " ".join(fold_for_shingles(text).split())


@lru_cache(maxsize=4)
def load_event_types(path: str | None = None) -> EventTypes:
    """Read and compile the trigger lexicon (cached)."""
    data: dict[str, Any] = parse_yaml(Path(path or EVENT_TYPES_PATH).read_text(encoding="utf-8"))
    types: dict[str, tuple[str, str]] = {}
    kind_of: dict[str, str] = {}
    ar: list[str] = []
    en: list[str] = []
    for kind, spec in data["kinds"].items():
        types[kind] = (spec["acled_event_type"], spec["acled_sub_event_type"])
        for phrase in spec.get("ar", []):
            kind_of.setdefault(_phrase_key(phrase), kind)   # first kind listing a phrase wins
            ar.append(phrase)
        for phrase in spec.get("en", []):
            kind_of.setdefault(_phrase_key(phrase), kind)
            en.append(phrase.lower())
    long_ar = frozenset(k for k in map(_phrase_key, ar) if len(k.replace(" ", "")) >= 4)
    prefix = "(?:[وفبلك]" + IGNORABLE + ")?(?:" + trie_pattern(["ال"]) + ")?"
    suffix = trie_pattern(data.get("suffixes_ar", []))
    arabic = re.compile(r"(?<![^\W\d_])" + prefix + "(?P<t>" + trie_pattern(ar) + ")"
                        + "(?P<s>" + suffix + ")?" + r"(?![^\W\d_])")
    english = re.compile(r"\b(?P<t>" + trie_pattern(en) + r")(?:s|es|ed|d|ing)?\b", re.IGNORECASE)
    names = list(data["kinds"])
    return EventTypes(types=types, priority=tuple(data.get("priority", names)), arabic=arabic,
                      english=english, kind_of=kind_of, long_ar=long_ar)


_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def find_triggers(text: str) -> list[tuple[str, int, int]]:
    """Every ``(kind, start, end)`` trigger in ``text``, in text order.

    A suffix («هجوماً», «اشتباكاتها») is accepted only after a trigger of at
    least four letters, so short triggers (فر، هرب) do not swallow other words.
    """
    types = load_event_types()
    hits: list[tuple[str, int, int]] = []
    if _ARABIC_LETTER.search(text):
        for m in types.arabic.finditer(text):
            key = _phrase_key(m.group("t"))
            if m.group("s") and key not in types.long_ar:
                continue
            kind = types.kind_of.get(key)
            if kind is not None:
                hits.append((kind, m.start("t"), m.end("s") if m.group("s") else m.end("t")))
    if _LATIN_LETTER.search(text):
        for m in types.english.finditer(text):
            kind = types.kind_of.get(_phrase_key(m.group("t")).lower())
            if kind is not None:
                hits.append((kind, m.start("t"), m.end()))
    hits.sort(key=lambda h: (h[1], h[2]))
    return hits


def detect_kinds(text: str) -> set[str]:
    """The event kinds mentioned anywhere in ``text``."""
    return {kind for kind, _, _ in find_triggers(text)}


def acled_types(kind: str, actors: Iterable[str] = ()) -> tuple[str | None, str | None]:
    """ACLED ``(event_type, sub_event_type)`` of a kind (control by a state actor differs)."""
    types = load_event_types().types
    if kind not in types:
        return None, None
    event_type, sub = types[kind]
    if kind == "control_claimed" and any(is_state(a) for a in actors):
        sub = "Government regains territory"
    return event_type, sub


_CLOCK_AR = re.compile(r"(?:الساعه|الساعة)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(صباحا|صباحاً|مساء|مساءً|ليلا|ليلاً|فجرا|فجراً|ظهرا|ظهراً|عصرا|عصراً)?")
_CLOCK_EN = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?", re.IGNORECASE)
_PERIODS = {"فجر": "dawn", "صباح": "morning", "ظهر": "noon", "عصر": "afternoon", "مساء": "evening",
            "ليل": "night", "dawn": "dawn", "morning": "morning", "noon": "noon",
            "afternoon": "afternoon", "evening": "evening", "night": "night"}
_PERIOD_RE = re.compile(r"(?<![^\W\d_])(?:[وفبلك]?ال)?(" + "|".join(_PERIODS) + ")")


#: Cheap pre-check on the raw sentence (most sentences say no time at all).
_TIME_HINT = re.compile("ساع|فجر|صباح|ظهر|عصر|مساء|ليل|[ap]\\.?m|dawn|morning|noon|evening|night",
                        re.IGNORECASE)


def time_of_day(sentence: str) -> str | None:
    """``HH:MM`` when the sentence gives a clock time, else a period word (``dawn``…), else None."""
    if not _TIME_HINT.search(sentence):
        return None
    folded = fold_keep_offsets(sentence)
    m = _CLOCK_AR.search(folded) or _CLOCK_AR.search(sentence)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        period = m.group(3) or ""
        if hour < 12 and (period.startswith(("مساء", "عصر"))
                          or (period.startswith("ليل") and hour >= 5)
                          or (period.startswith("ظهر") and hour <= 5)):
            hour += 12
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    m = _CLOCK_EN.search(sentence)
    if m:
        hour, minute = int(m.group(1)) % 12, int(m.group(2) or 0)
        if m.group(3).lower() == "p":
            hour += 12
        return f"{hour:02d}:{minute:02d}"
    found = {m.group(1) for m in _PERIOD_RE.finditer(folded.lower())}
    for needle, label in _PERIODS.items():   # first in the table's order wins
        if needle in found:
            return label
    return None


def _date_near(dates: Sequence[EventDate], start: int, end: int, prev_start: int | None) -> EventDate | None:
    """A date mention inside the sentence, else in the previous one."""
    for lo in (start, prev_start):
        if lo is None:
            continue
        hi = end if lo == start else start
        for d in dates:
            ev = d.evidence
            if d.date and ev is not None and lo <= ev.start < hi:
                return d
    return None


def _place_in(places: Sequence[Place], start: int, end: int) -> str | None:
    best: Place | None = None
    for p in places:
        ev = p.evidence
        if ev is None or not (start <= ev.start < end):
            continue
        if best is None or (best.kind in ("country", "admin1") and p.kind not in ("country", "admin1")):
            best = p
    return (best.canonical or best.name) if best is not None else None


def annotate_actors(event: Event) -> Event:
    """Fill an event's actors from its evidence sentence, and its ACLED types accordingly."""
    event.actors = list(dict.fromkeys([*(h.canonical for h in find_actors(event.text)), *event.actors]))
    event.acled_event_type, event.acled_sub_event_type = acled_types(event.kind, event.actors)
    return event


def document_events(doc: Document, claims: Iterable[Claim] = (), *,
                    place: str | None = None, date: EventDate | None = None,
                    with_actors: bool = True) -> list[Event]:
    """The first sentence evidencing each event kind in ``doc`` (context sentences skipped).

    ``place``/``date`` are the incident's, used when the sentence names none.
    ``with_actors=False`` leaves actors for ``annotate_actors`` to fill after
    merging, so a large incident scans only its timeline's sentences.
    """
    skip = context_spans(doc, claims)
    triggers = [t for t in find_triggers(doc.text)
                if not any(s <= t[1] < e for s, e in skip)]
    if not triggers:
        return []
    sents = sentences(doc.text)
    dates = extractors.find_dates(doc)
    places = extractors.find_places(doc)
    seen: set[str] = set()
    events: list[Event] = []
    for kind, t_start, _t_end in triggers:
        if kind in seen:
            continue
        idx = next((i for i, (s, e) in enumerate(sents) if s <= t_start < e), None)
        if idx is None:
            continue
        seen.add(kind)
        s, e = sents[idx]
        sentence = doc.text[s:e]
        near = _date_near(dates, s, e, sents[idx - 1][0] if idx > 0 else None)
        when = near or date
        event_type, sub = acled_types(kind)
        event = Event(
            kind=kind, document=doc.id, start=s, end=e, text=sentence,
            date=when.date if when is not None else None,
            time=getattr(near, "time", None) or time_of_day(sentence),
            place=_place_in(places, s, e) or place,
            acled_event_type=event_type, acled_sub_event_type=sub,
        )
        events.append(annotate_actors(event) if with_actors else event)
    return events


def merge_timeline(events: Iterable[Event], order: Mapping[str, int]) -> list[Event]:
    """One event per (kind, date): the best-evidenced report of it, actors pooled; in time order.

    The representative is the report giving the most detail (time, place),
    then the earliest document; its actors come first, then the others'.
    ``order`` maps document ids to corpus order.
    """
    groups: dict[tuple[str, str | None], list[Event]] = {}
    for ev in events:
        groups.setdefault((ev.kind, ev.date), []).append(ev)
    merged: list[Event] = []
    for group in groups.values():
        best = min(group, key=lambda ev: (ev.time is None, ev.place is None,
                                          order.get(ev.document, 0), ev.start))
        actors = list(dict.fromkeys([*best.actors, *(a for ev in group for a in ev.actors)]))
        merged.append(Event(**{**best.__dict__, "actors": actors}))
    priority = {k: i for i, k in enumerate(load_event_types().priority)}
    merged.sort(key=lambda ev: (ev.date or "9999", _time_key(ev.time),
                                order.get(ev.document, 0), ev.start, priority.get(ev.kind, 99)))
    return merged


_PERIOD_ORDER = {"dawn": "05:00", "morning": "09:00", "noon": "12:00", "afternoon": "15:00",
                 "evening": "19:00", "night": "22:00"}


def _time_key(time: str | None) -> str:
    if time is None:
        return "99:99"
    return _PERIOD_ORDER.get(time, time)
