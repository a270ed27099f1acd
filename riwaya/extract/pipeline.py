"""Per-document extraction: from a Document's text to its claims.

Steps: normalise (keeping the offset map), tokenise, split sentences and
mark furniture, infer outlet/title/date when metadata is missing, then for
each sentence find figures and denials, decide what each counts
(:mod:`frames`) and who said it (:mod:`attribution`), and map every span
back to the original text. Finally a vague figure that only restates a
precise one of the same report ("dozens" beside "about 90") is dropped.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from riwaya.extract.actor_spans import DocActors, army_of, lookup_kind
from riwaya.extract.attribution import Attribution, Phrase, SourceFinder
from riwaya.extract.figures import (
    FigureCandidate,
    bounded,
    excluded_spans,
    find_figures,
    hedge_before_subject,
)
from riwaya.extract.frames import Frame, decide, find_denials, people_duals
from riwaya.extract.numbers import follows_its_noun
from riwaya.extract.outlet import infer_outlet, infer_title
from riwaya.model import Claim, Document, Outlet, Source
from riwaya.text.lexicon import PhraseIndex, load
from riwaya.text.normalize import NormText, normalize
from riwaya.text.segment import Sentence, split_sentences
from riwaya.text.tokens import Tokens, tokenize

_PRECISE = ("exact", "approx")
#: The outlet named as the source of unattributed figures when none is known.
UNKNOWN_OUTLET = "unknown outlet"


@lru_cache(maxsize=1)
def _context_index() -> PhraseIndex[str]:
    data = load("context")
    return PhraseIndex((p, kind) for kind, ps in data.items() for p in ps)


def _gazetteer() -> Any:
    """The place gazetteer, or None when it is not installed or cannot load."""
    try:
        from riwaya.extract.gazetteer import load_gazetteer
    except ImportError:
        return None
    try:
        return load_gazetteer()
    except Exception:  # a broken user gazetteer must not stop extraction
        return None


def _dateline(text: str) -> tuple[str | None, str | None]:
    try:
        from riwaya.extract.dates import dateline
    except ImportError:
        return None, None
    try:
        date, time, _span = dateline(text[:1000])   # datelines sit at the top
    except Exception:
        return None, None
    return date, time


class _Places:
    """Whether the gazetteer knows a name, fetched once per document.

    Fetching checks the gazetteer files' modification times (an import is
    seen by the next document), and a document asks hundreds of times.
    """

    __slots__ = ("_gaz",)

    def __init__(self) -> None:
        self._gaz: Any = False   # not fetched yet

    def knows(self, name: str) -> bool:
        if self._gaz is False:
            self._gaz = _gazetteer()
        return self._gaz is not None and self._gaz.knows(name)


def _text_of_tokens(text: str, norm: NormText, tokens: Tokens) -> Callable[[int, int], str]:
    """The original text of tokens ``[t0, t1)``, for the source finder."""
    def read(t0: int, t1: int) -> str:
        a, b = norm.span(*tokens.span(t0, t1))
        return text[a:b]
    return read


class _Doc:
    """Everything computed once per document and shared by the steps.

    Nothing it owns refers back to it (the finder is given a place test and
    a text reader of their own, not the document's bound methods): in a
    reference cycle, each document's tokens, sentences and phrases would
    wait for the cyclic garbage collector instead of being freed when
    extraction returns.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.norm: NormText = normalize(doc.text)
        self.tokens: Tokens = tokenize(self.norm)
        self.sentences: list[Sentence] = split_sentences(self.norm.text, self.tokens)
        self.actors = DocActors(doc.text, self.norm, self.tokens)
        self.is_place = _Places().knows
        self.finder = SourceFinder(self.tokens, self.actors.spans,
                                   _text_of_tokens(doc.text, self.norm, self.tokens), self.is_place)
        self.not_counts = excluded_spans(self.norm.text)

    def span(self, t0: int, t1: int) -> tuple[int, int]:
        """Original offsets of tokens ``[t0, t1)``."""
        return self.norm.span(*self.tokens.span(t0, t1))

    def original(self, a: int, b: int) -> str:
        return self.doc.text[a:b]


def _fill_metadata(d: _Doc) -> None:
    doc = d.doc
    if doc.outlet.name is None:
        found = infer_outlet(d.norm, d.tokens, d.sentences, d.finder, d.original, d.is_place)
        if found:
            name = found[0]
            canonical, _kind = lookup_kind(name)
            doc.outlet = Outlet(name=name, inferred=True, canonical=canonical)
    elif doc.outlet.canonical is None:
        doc.outlet.canonical = lookup_kind(doc.outlet.name)[0]
    if doc.published is None:
        date, time = _dateline(doc.text)
        if date:
            doc.published, doc.published_inferred, doc.published_time = date, True, time
    if doc.title is None:
        doc.title = infer_title(doc.text)


def _source(d: _Doc, ph: Phrase) -> Source:
    name = d.finder.name(ph)
    canonical = ph.canonical
    kind = ph.kind
    if canonical is None and not ph.person and kind not in ("anonymous", "unnamed_reports"):
        c, k = lookup_kind(name)
        if c:
            canonical, kind = c, k or kind
    a, b = d.span(ph.t0, ph.t1)
    return Source(name=name, canonical=canonical, kind=kind, start=a, end=b)


def _outlet_source(doc: Document) -> Source:
    name = doc.outlet.name or UNKNOWN_OUTLET
    return Source(name=name, canonical=doc.outlet.canonical, kind="outlet")


def _is_context(d: _Doc, sent: Sentence, t: int) -> bool:
    """Whether the clause of token ``t`` speaks of another event or a wider scope."""
    a, b = sent.clause_of(t)
    return bool(_context_index().find_all(d.tokens, a, b))


def _figures(d: _Doc, sent: Sentence) -> list[FigureCandidate]:
    figs = find_figures(d.tokens, d.norm.text, sent.t0, sent.t1, d.not_counts)
    taken = {k for f in figs for k in range(f.i, f.j)}
    for a, b in people_duals(d.tokens, sent.t0, sent.t1):
        if a in taken:
            continue
        two = next((f for f in figs if f.i == b and f.vj == b + 1 and f.low == 2
                    and follows_its_noun(d.tokens[b])), None)
        if two is not None:   # «مدنيان اثنان»: the dual and its «اثنان» are one figure
            figs.remove(two)
            figs.append(FigureCandidate(a, two.j, a, two.vj, two.low, two.high, two.qualifier, self_counted=True))
        else:
            figs.append(FigureCandidate(a, b, a, b, 2, 2, "exact", self_counted=True))
    return sorted(figs, key=lambda f: f.i)


@dataclass(slots=True)
class _Found:
    """A figure or denial of one sentence, decided, waiting for its source."""

    t: int
    frame: Frame
    low: int | None
    high: int | None
    qualifier: str
    attribution: Attribution | None
    figure: tuple[int, int]
    denial: bool = False


def _sentence_claims(d: _Doc, sent: Sentence) -> list[_Found]:
    found: list[_Found] = []
    previous: Frame | None = None
    for fig in _figures(d, sent):
        frame = decide(d.tokens, sent, fig, previous, d.actors.party_in, d.actors.armed_groups_in)
        if frame is None:
            continue
        previous = frame
        low, high, qualifier = fig.low, fig.high, fig.qualifier
        if qualifier == "exact" and frame.t0 < fig.i:
            hedge = hedge_before_subject(d.tokens, frame.t0, sent.t0)
            if hedge:
                qualifier = hedge[1]
                low, high = bounded(low, high, qualifier)
                frame = Frame(frame.quantity, frame.party, frame.t0 - hedge[0], frame.t1, frame.own)
        found.append(_Found(fig.vi, frame, low, high, qualifier,
                            d.finder.resolve(sent, fig.i), (fig.vi, fig.vj)))
    for den in find_denials(d.tokens, sent, d.actors.party_in):
        frame = Frame(den.quantity, den.party, den.negator, den.t1, den.own)
        speaker = d.finder.negator_speaker(sent, den.negator)
        if speaker.source is None:   # «لم يسفر الهجوم عن أي إصابات، بحسب السلطة المحلية»
            speaker = d.finder.resolve(sent, den.t0) or speaker
        found.append(_Found(den.t0, frame, 0, 0, "exact", speaker,
                            (den.t0, den.t1), denial=True))
    found.sort(key=lambda x: x.t)
    return found


def extract_claims(doc: Document) -> list[Claim]:
    """Return every quantitative claim in ``doc``, in text order.

    Fills ``doc.outlet``, ``doc.published`` and ``doc.title`` from the text
    when the metadata left them empty.
    """
    d = _Doc(doc)
    _fill_metadata(d)
    outlet = _outlet_source(doc)
    claims: list[Claim] = []
    last_speaker: tuple[Source, list[Source]] | None = None
    for sent in d.sentences:
        if sent.furniture:
            continue
        continuing = d.finder.starts_with_continuation(sent)
        sa, sb = d.span(sent.t0, sent.t1)
        for f in _sentence_claims(d, sent):
            att = f.attribution
            if att is not None and att.source is not None:
                src, via = _source(d, att.source), [_source(d, v) for v in att.via]
                last_speaker = (src, via)
            elif last_speaker and (continuing or (att is not None and att.carried)):
                src, via = last_speaker
            elif att is not None and att.via:
                src, via = _source(d, att.via[0]), []
            else:
                src, via = outlet, []
            a, b = d.span(f.frame.t0, f.frame.t1)
            fa, fb = d.span(*f.figure)
            party = f.frame.party
            if f.frame.own:   # «أي من جنودها»: the speaker's army, when the speaker is known
                party = army_of(src.canonical, english=doc.text[a:b].isascii(),
                                armies_only=f.frame.own == "army") or party
            claims.append(Claim(
                id="", document=doc.id, quantity=f.frame.quantity, low=f.low, high=f.high,
                qualifier=f.qualifier, start=a, end=b, text=doc.text[a:b], source=src,
                party=party, stance="denies" if f.denial else "asserts", via=via,
                context=_is_context(d, sent, f.t), figure_start=fa, figure_end=fb, sentence_start=sa, sentence_end=sb,
            ))
    claims = _drop_vague_echoes(claims)
    for n, c in enumerate(claims, 1):
        c.id = f"{doc.id}#c{n}"
    return claims


#: Tolls: «مقتل العشرات» in a lede is a claim of its own, whatever precise toll
#: follows (often from another source); a vague count of people held or holding
#: out («السجن يحوي الآلاف») only describes the stock a precise figure then gives.
_TOLLS = frozenset({"killed", "wounded", "displaced"})


def _drop_vague_echoes(claims: list[Claim]) -> list[Claim]:
    """Drop "dozens"/"thousands" of people held, holding out, etc. when the same report
    gives a precise figure inside that range (never a vague toll: see :data:`_TOLLS`)."""
    # Sorted values per (quantity, party): one bisect per vague claim, not a scan of
    # every precise one (quadratic on a long document full of both).
    precise: dict[tuple[str, str | None], list[int]] = {}
    for c in claims:
        if c.qualifier in _PRECISE and c.low:
            precise.setdefault((c.quantity, c.party), []).append(c.low)
    for values in precise.values():
        values.sort()
    out = []
    for c in claims:
        if c.qualifier == "vague" and c.low is not None and c.quantity not in _TOLLS:
            values = precise.get((c.quantity, c.party), [])
            k = bisect.bisect_left(values, c.low)
            if k < len(values) and (not c.high or values[k] <= c.high):
                continue
        out.append(c)
    return out
