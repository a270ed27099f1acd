"""What the report shows, computed once from an :class:`Analysis` for both HTML and Markdown.

The view resolves every id (claim → document, voice → claims), gives each
claim, event and document a stable HTML anchor, builds attribution chains, and
decides which slots get a plot. Keeping this apart from the templates means
the HTML and Markdown variants cannot disagree about what a voice or a chain
is, and the templates stay free of logic.

The reconcile stage may not have run (or may not fill every extra field):
voices missing from a slot are derived by grouping its claims by ultimate
source, and when there are no incidents at all the claims are grouped per
``claim.incident`` into *provisional* incidents, flagged as such in the report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from riwaya.model import Analysis, Claim, Document, Estimate, Event, Incident, Slot, Source, Voice
from riwaya.report import labels
from riwaya.report.isnad import Node
from riwaya.report.locator import Position, position
from riwaya.report.safety import Highlight, marked_text, safe_url

_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass
class ClaimView:
    """A claim with everything needed to show it and link it to its evidence."""

    claim: Claim
    anchor: str                 # id of its <mark> in the document text
    row: str                    # id of its row in the figures table
    doc: Document | None
    doc_anchor: str | None
    chain: list[Node]           # outlet first, ultimate source last
    value: str                  # Arabic, as hedged in the text
    value_en: str
    interval: str
    offset_ok: bool             # doc.text[start:end] == claim.text


@dataclass
class VoiceView:
    """One ultimate source of a slot and the claims that trace back to it."""

    key: str                    # "S1", the row label in the plot
    name: str
    canonical: str | None
    kind: str
    claims: list[ClaimView]
    low: int | None = None
    high: int | None = None
    self_interest: str | None = None
    outlets: list[str] = field(default_factory=list)

    @property
    def plot_label(self) -> str:
        """Short label for the plot row: its key (as in the table and legend) and name."""
        name = self.name if len(self.name) <= 32 else self.name[:31] + "…"
        return f"{self.key} · {name}"


@dataclass
class SlotView:
    """A (quantity, party) slot of an incident."""

    slot: Slot
    anchor: str
    title: str
    voices: list[VoiceView]
    estimate: Estimate | None
    plot: str | None = None
    scale: str = "linear"
    history: list[tuple[str, str | None, str]] = field(default_factory=list)   # (source, date, interval)


@dataclass
class EventView:
    """A sub-event on the incident's timeline."""

    event: Event
    anchor: str | None
    label: str
    when: str


@dataclass
class DocumentView:
    """A document in the evidence section, its text with every span marked."""

    doc: Document
    anchor: str
    url: str | None
    body: Markup = field(default_factory=Markup)
    highlights: list[Highlight] = field(default_factory=list)
    claims: int = 0


@dataclass
class IncidentView:
    """An incident: facts, map, figures, isnad, timeline."""

    incident: Incident
    anchor: str
    heading: str
    place: str | None
    place_anchor: str | None
    position: Position | None
    date: str | None
    date_anchor: str | None
    actors: list[str]
    slots: list[SlotView]
    events: list[EventView]
    other_claims: list[ClaimView]
    documents: list[DocumentView]
    chains: list[list[Node]]
    map_svg: str | None = None
    isnad_svg: str | None = None


@dataclass
class ReportView:
    """The whole report."""

    analysis: Analysis
    incidents: list[IncidentView]
    unassigned: list[ClaimView]
    documents: list[DocumentView]
    claims: dict[str, ClaimView]
    provisional: bool
    stats: dict[str, Any]


def _outlet_node(doc: Document | None) -> Node:
    if doc is None or not (doc.outlet.name or doc.outlet.canonical):
        ident = doc.id if doc else "?"
        return Node(f"outlet:{ident}", f"ناشر غير معروف ({ident})", "outlet")
    name = doc.outlet.name or doc.outlet.canonical or "?"
    return Node(doc.outlet.canonical or name, name, "outlet")


def _node(src: Source) -> Node:
    return Node(src.key, src.name, src.kind)


def chain_of(claim: Claim, doc: Document | None) -> list[Node]:
    """Outlet ← via… ← source as nodes, outlet first; a link repeating the previous is dropped."""
    nodes = [_outlet_node(doc), *(_node(v) for v in claim.via), _node(claim.source)]
    out: list[Node] = []
    for node in nodes:
        if not out or out[-1].key != node.key:
            out.append(node)
    return out


def _provisional_incidents(analysis: Analysis) -> list[Incident]:
    """Incidents from ``claim.incident`` with slots by (quantity, party), when reconcile did not run."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in analysis.claims:
        if not c.context:
            groups[c.incident or "all"].append(c)
    incidents = []
    for inc_id, claims in groups.items():
        slots: dict[tuple[str, str | None], Slot] = {}
        for c in claims:
            slot = slots.setdefault((c.quantity, c.party), Slot(quantity=c.quantity, party=c.party))
            slot.claims.append(c.id)
        for slot in slots.values():
            members = [c for c in claims if c.id in set(slot.claims)]
            slot.contested = len({(c.low, c.high, c.stance) for c in members}) > 1
            lows = [c.low for c in members if c.low is not None]
            highs = [c.high for c in members if c.high is not None]
            slot.low = min(lows) if lows else None
            slot.high = max(highs) if highs and len(highs) == len(members) else None
        incidents.append(Incident(id=inc_id, documents=sorted({c.document for c in claims}),
                                  slots=list(slots.values())))
    return incidents


class _Builder:
    """Walks the analysis once, handing out anchors and collecting highlights per document."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.docs = {d.id: d for d in analysis.documents}
        self.doc_views = {
            d.id: DocumentView(doc=d, anchor=f"doc-{i}", url=safe_url(d.url))
            for i, d in enumerate(analysis.documents, 1)
        }
        self.claims: dict[str, ClaimView] = {}
        for i, c in enumerate(analysis.claims, 1):
            doc = self.docs.get(c.document)
            ok = doc is not None and 0 <= c.start < c.end <= len(doc.text) and doc.text[c.start:c.end] == c.text
            view = ClaimView(
                claim=c, anchor=f"ev-c{i}", row=f"row-c{i}", doc=doc,
                doc_anchor=self.doc_views[doc.id].anchor if doc else None,
                chain=chain_of(c, doc),
                value=labels.hedged(c.low, c.high, c.qualifier, c.stance),
                value_en=labels.hedged_en(c.low, c.high, c.qualifier, c.stance),
                interval=labels.interval(c.low, c.high), offset_ok=ok,
            )
            self.claims[c.id] = view
            if doc is not None:
                dv = self.doc_views[doc.id]
                dv.claims += 1
                dv.highlights.append(Highlight(
                    c.start, c.end, view.anchor, "claim" + ("" if not c.context else " context"),
                    f"{labels.quantity_label(c.quantity)}: {view.value} — {c.source.name}"))
        self.events = 0
        self.shown: set[str] = set()

    def highlight(self, doc_id: str | None, start: int | None, end: int | None, css: str,
                  title: str) -> str | None:
        """Register a non-claim span (event, place, date); returns its anchor or None."""
        dv = self.doc_views.get(doc_id or "")
        if dv is None or start is None or end is None or not 0 <= start < end <= len(dv.doc.text):
            return None
        self.events += 1
        anchor = f"ev-{css[0]}{self.events}"
        dv.highlights.append(Highlight(start, end, anchor, css, title))
        return anchor

    def find_span(self, doc_ids: list[str], start: int, end: int, text: str) -> str | None:
        """The document among ``doc_ids`` whose text has ``text`` at start:end (Place evidence has no doc)."""
        hits = [d for d in doc_ids if d in self.docs and self.docs[d].text[start:end] == text]
        return hits[0] if len(hits) == 1 else None

    def voices(self, slot: Slot) -> list[VoiceView]:
        """The slot's voices as given by reconcile, plus voices derived for any claim left over."""
        out: list[VoiceView] = []
        used: set[str] = set()
        for v in slot.voices:
            views = [self.claims[c] for c in v.claims if c in self.claims]
            if not views:
                continue
            used.update(cv.claim.id for cv in views)
            out.append(self._voice(v, views))
        leftovers: dict[str, list[ClaimView]] = defaultdict(list)
        for cid in slot.claims:
            if cid in self.claims and cid not in used:
                leftovers[self.claims[cid].claim.source.key].append(self.claims[cid])
        for key, views in leftovers.items():
            src = views[0].claim.source
            lows = [cv.claim.low for cv in views if cv.claim.low is not None]
            highs = [cv.claim.high for cv in views]
            voice = Voice(
                source=key, kind=src.kind, claims=[cv.claim.id for cv in views],
                outlets=sorted({cv.chain[0].name for cv in views}),
                low=max(lows) if lows else None,
                high=None if None in highs else min(h for h in highs if h is not None),
            )
            out.append(self._voice(voice, views))
        for i, v in enumerate(out, 1):
            v.key = f"S{i}"
        return out

    def _voice(self, v: Voice, views: list[ClaimView]) -> VoiceView:
        # name the voice as the report's (Arabic) readers will find it in the text
        sources = [cv.claim.source for cv in views]
        first = next((s for s in sources if _ARABIC.search(s.name)), sources[0])
        for cv in views:
            self.shown.add(cv.claim.id)
        return VoiceView(
            key="", name=first.name, canonical=first.canonical if first.canonical != first.name else None,
            kind=v.kind or first.kind, claims=views, low=v.low, high=v.high,
            self_interest=v.self_interest,
            outlets=v.outlets or sorted({cv.chain[0].name for cv in views}),
        )

    def incident(self, n: int, inc: Incident) -> IncidentView:
        anchor = f"inc-{n}"
        slots = []
        for k, slot in enumerate(inc.slots, 1):
            title = f"{labels.quantity_label(slot.quantity)} — {labels.party_label(slot.party)}"
            voices = self.voices(slot)
            names = {v.canonical or v.name: v.name for v in voices}
            names.update({cv.claim.source.key: v.name for v in voices for cv in v.claims})
            history = [(names.get(r.source, r.source), r.published, labels.interval(r.low, r.high))
                       for r in slot.history]
            slots.append(SlotView(slot=slot, anchor=f"{anchor}-s{k}", title=title, voices=voices,
                                  estimate=slot.estimate, history=history))
        doc_ids = list(dict.fromkeys(inc.documents))
        place = inc.place
        place_label = place_anchor = None
        if place is not None:
            place_label = place.name
            extra = [x for x in (place.admin1, place.country) if x and x != place.name]
            if extra:
                place_label += "، " + "، ".join(extra)
            if place.evidence is not None:
                doc_id = self.find_span(doc_ids, place.evidence.start, place.evidence.end, place.evidence.text)
                place_anchor = self.highlight(doc_id, place.evidence.start, place.evidence.end, "place",
                                              f"المكان: {place.name}")
        date_label = date_anchor = None
        if inc.date is not None and inc.date.date:
            precision = labels.PRECISION_AR.get(inc.date.precision, "")
            date_label = inc.date.date + (f" (بدقة {precision})" if inc.date.precision > 1 else "")
            ev = inc.date.evidence
            if ev is not None:
                doc_id = inc.date.document or self.find_span(doc_ids, ev.start, ev.end, ev.text)
                date_anchor = self.highlight(doc_id, ev.start, ev.end, "date", f"التاريخ: {inc.date.date}")
        events = []
        ordered = sorted(enumerate(inc.events), key=lambda p: (p[1].date or "", p[1].time or "", p[0]))
        for _, e in ordered:
            label = labels.event_label(e.kind)
            ev_anchor = self.highlight(e.document, e.start, e.end, "event", f"حدث: {label}")
            when = " ".join(x for x in (e.date, e.time) if x) or "—"
            events.append(EventView(event=e, anchor=ev_anchor, label=label, when=when))
        in_slots = {cid for s in inc.slots for cid in s.claims}
        others = [cv for cv in self.claims.values()
                  if cv.claim.incident == inc.id and cv.claim.id not in in_slots]
        for cv in others:
            self.shown.add(cv.claim.id)
        members = [cv for s in slots for v in s.voices for cv in v.claims] + others
        chains = [cv.chain for cv in members]
        for cv in members:
            if cv.doc is not None and cv.doc.id not in doc_ids:
                doc_ids.append(cv.doc.id)
        pos = position(place)
        heading_bits = [x for x in (place.name if place else None, inc.date.date if inc.date else None) if x]
        heading = " — ".join(heading_bits) if heading_bits else "مكانها وتاريخها غير معروفين"
        return IncidentView(
            incident=inc, anchor=anchor, heading=heading, place=place_label, place_anchor=place_anchor,
            position=pos, date=date_label, date_anchor=date_anchor, actors=list(inc.actors),
            slots=slots, events=events, other_claims=others,
            documents=[self.doc_views[d] for d in doc_ids if d in self.doc_views], chains=chains,
        )


def build_view(analysis: Analysis) -> ReportView:
    """Resolve the analysis into what the report shows (no graphics yet: see ``graphics``)."""
    provisional = not analysis.incidents and bool(analysis.claims)
    incidents = analysis.incidents or _provisional_incidents(analysis)
    b = _Builder(analysis)
    views = [b.incident(n, inc) for n, inc in enumerate(incidents, 1)]
    unassigned = [cv for cid, cv in b.claims.items() if cid not in b.shown]
    for dv in b.doc_views.values():
        dv.body = marked_text(dv.doc.text, dv.highlights)
    contested = sum(1 for iv in views for s in iv.slots if s.slot.contested)
    stats = {
        "documents": len(analysis.documents), "claims": len(analysis.claims),
        "incidents": len(views), "slots": sum(len(iv.slots) for iv in views),
        "contested": contested,
        "sources": len({cv.claim.source.key for cv in b.claims.values()}),
        "offset_errors": sum(1 for cv in b.claims.values() if not cv.offset_ok),
    }
    return ReportView(analysis=analysis, incidents=views, unassigned=unassigned,
                      documents=list(b.doc_views.values()), claims=b.claims,
                      provisional=provisional, stats=stats)
