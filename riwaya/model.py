"""The data riwaya passes between its stages, as plain dataclasses.

One module holds every record type so that each stage (ingest, text,
extract, reconcile, export, report, scale) depends on this file and never on
another stage's internals. Field names follow ``shared/contract/OUTPUT.md``;
``to_dict`` methods write exactly the contract's JSON plus documented extras.

Offsets are always Unicode code-point offsets into ``Document.text`` (the
text as decoded from its file), end exclusive.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: The quantities the contract scores; other names (``vehicle_bombs`` …) may occur.
SCORED_QUANTITIES = (
    "detainees", "escaped", "captured", "surrendered", "attackers",
    "killed", "wounded", "hostages", "displaced", "holdouts",
)
QUALIFIERS = ("exact", "approx", "at_least", "more_than", "at_most", "less_than", "range", "vague")
SOURCE_KINDS = (
    "outlet", "party", "party_media", "official", "foreign_military",
    "monitor", "media", "anonymous", "unnamed_reports",
)
STANCES = ("asserts", "denies")


@dataclass
class Outlet:
    """The publishing outlet; ``inferred`` is true when read from the text, not metadata."""

    name: str | None = None
    inferred: bool = False
    canonical: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "inferred": self.inferred, "canonical": self.canonical}


@dataclass
class Document:
    """One report: its decoded text plus whatever metadata was given or inferred."""

    id: str
    text: str
    path: str | None = None
    sha256: str | None = None
    language: str = "ar"
    outlet: Outlet = field(default_factory=Outlet)
    published: str | None = None          # ISO date
    published_inferred: bool = False
    published_time: str | None = None     # "HH:MM" when a dateline gives it
    title: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "sha256": self.sha256,
            "language": self.language,
            "outlet": self.outlet.to_dict(),
            "published": self.published,
            "published_inferred": self.published_inferred,
            "published_time": self.published_time,
            "title": self.title,
            "url": self.url,
            "text": self.text,
        }


@dataclass
class Span:
    """A stretch of a document's text; ``text`` is always ``doc.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass
class Source:
    """Who said a figure: one link of an isnad (attribution chain)."""

    name: str
    canonical: str | None = None
    kind: str = "outlet"
    start: int | None = None   # where the name is mentioned, when it is
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "canonical": self.canonical, "kind": self.kind,
                "start": self.start, "end": self.end}

    @property
    def key(self) -> str:
        """The identity used to group voices: canonical name, else the name as written."""
        return self.canonical or self.name


@dataclass
class Figure:
    """A number as the text states it, before deciding what it counts."""

    low: int | None
    high: int | None
    qualifier: str
    start: int            # span of the number with its hedge
    end: int
    value_start: int      # span of the number alone
    value_end: int
    counted: str | None = None   # a counted noun fused with the number (a dual, «ألفاً»)


@dataclass
class Claim:
    """One quantitative claim: a figure, what it counts, whose people, and who said it."""

    id: str
    document: str
    quantity: str
    low: int | None
    high: int | None
    qualifier: str
    start: int
    end: int
    text: str
    source: Source
    party: str | None = None
    stance: str = "asserts"
    via: list[Source] = field(default_factory=list)
    incident: str | None = None
    context: bool = False
    figure_start: int | None = None
    figure_end: int | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "quantity": self.quantity,
            "party": self.party,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "stance": self.stance,
            "source": {"name": self.source.name, "canonical": self.source.canonical,
                       "kind": self.source.kind},
            "via": [v.name for v in self.via],
            "via_sources": [v.to_dict() for v in self.via],
            "ultimate_source": self.source.key,
            "incident": self.incident,
            "context": self.context,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "figure": {"start": self.figure_start, "end": self.figure_end},
            "sentence": {"start": self.sentence_start, "end": self.sentence_end},
        }


@dataclass
class Place:
    """A resolved place: a gazetteer entry or a facility inside one."""

    name: str
    canonical: str | None = None
    kind: str = "city"             # country, admin1, city, district, facility, …
    country: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None   # ACLED: 1 exact town, 2 near, 3 region
    evidence: Span | None = None


@dataclass
class EventDate:
    """A date as resolved from text, with ACLED-style precision (1 day, 2 week, 3 month)."""

    date: str | None
    precision: int = 1
    evidence: Span | None = None
    document: str | None = None


@dataclass
class Voice:
    """All claims of one slot that trace back to one ultimate source."""

    source: str
    kind: str
    claims: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    low: int | None = None
    high: int | None = None
    self_interest: str | None = None   # "own_losses" / "enemy_losses" / None


@dataclass
class Estimate:
    """A figure derived from a slot's claims by a stated rule."""

    low: int | None
    best: int | None
    high: int | None
    conservative: int | None
    rule: str


@dataclass
class Revision:
    """One source's figure at one time, in publication order."""

    source: str
    published: str | None
    low: int | None
    high: int | None
    claim: str


@dataclass
class Slot:
    """Every claim of an incident about one (quantity, party)."""

    quantity: str
    party: str | None
    claims: list[str] = field(default_factory=list)
    contested: bool = False
    low: int | None = None
    high: int | None = None
    voices: list[Voice] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    estimate: Estimate | None = None
    history: list[Revision] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """A sub-event of an incident (explosion, assault, escape, …) with its evidence."""

    kind: str
    document: str
    start: int
    end: int
    text: str
    date: str | None = None
    time: str | None = None
    place: str | None = None
    actors: list[str] = field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None


@dataclass
class Incident:
    """Reports grouped as one real-world event, with its reconciled slots."""

    id: str
    documents: list[str] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None
    actors: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Problem:
    """A file (or line) riwaya could not read, as the one-line message users see."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class Analysis:
    """The whole result of ``riwaya analyze``: documents, claims, incidents, problems."""

    documents: list[Document] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    version: str = "0.1.0"

    def to_dict(self) -> dict[str, Any]:
        return {
            "riwaya_version": self.version,
            "documents": [d.to_dict() for d in self.documents],
            "claims": [c.to_dict() for c in self.claims],
            "incidents": [i.to_dict() for i in self.incidents],
            "problems": [str(p) for p in self.problems],
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
