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

from riwaya.extract.actor_spans import DocActors, army_of, enemy_army, lookup_kind
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
from riwaya.text.lexicon import PhraseIndex, load, word_set, words_of
from riwaya.text.normalize import NormText, normalize
from riwaya.text.segment import Sentence, split_sentences
from riwaya.text.tokens import Tokens, candidates, tokenize

_PRECISE = ("exact", "approx")
#: The outlet named as the source of unattributed figures when none is known.
UNKNOWN_OUTLET = "unknown outlet"


@lru_cache(maxsize=1)
def _attack_words() -> frozenset[str]:
    return words_of("frames", "attack_agents")


#: The key of context.yaml that lists «منذ»-like words: a date after one of them
#: makes a figure cumulative (see :func:`_since_date`), the word alone does not.
_SINCE = "since_date"


@lru_cache(maxsize=1)
def _context_index() -> PhraseIndex[str]:
    data = load("context")
    return PhraseIndex((p, kind) for kind, ps in data.items() if kind != _SINCE for p in ps)


@lru_cache(maxsize=1)
def _since_words() -> tuple[frozenset[str], PhraseIndex[str]]:
    return word_set(load("context")[_SINCE]), PhraseIndex((m, "month") for m in load("not_figures")["months"])


def _since_date(tokens: Tokens, a: int, b: int) -> bool:
    """«ليرتفع عدد المعتقلين منذ السابع من تشرين الأول إلى 9450», «منذ 15 أبريل»: a
    count since a calendar date is a running total, not the incident's."""
    since, months = _since_words()
    return any(months.match_at(tokens, m)
               for k in candidates(tokens, since, a, b) for m in range(k + 1, min(b, k + 5)))


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
        self._agents: list[tuple[int, str]] | None = None
        self._sole: tuple[str | None] | None = None

    def _outside_furniture(self) -> list[tuple[int, int]]:
        return [(s.t0, s.t1) for s in self.sentences if not s.furniture]

    def sole_group(self) -> str | None:
        """The one non-state armed group the report names outside page furniture, if one."""
        if self._sole is None:
            groups: set[str] = set()
            for a, b in self._outside_furniture():
                groups |= self.actors.armed_groups_in(a, b)
            self._sole = (next(iter(groups)) if len(groups) == 1 else None,)
        return self._sole[0]

    def attacker_of(self, t: int) -> str | None:
        """The armed group named last before token ``t``, outside page furniture, as
        the doer of an attack (see :meth:`DocActors.attack_agents`)."""
        if self._agents is None:
            furniture = [(s.t0, s.t1) for s in self.sentences if s.furniture]
            self._agents = [(k, party) for k, party in self.actors.attack_agents(_attack_words())
                            if not any(a <= k < b for a, b in furniture)]
        k = bisect.bisect_left(self._agents, (t, "")) - 1
        return self._agents[k][1] if k >= 0 else None

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


def _side_of(d: _Doc, ph: Phrase) -> str | None:
    """The armed side named inside a speaker's phrase: «وسائل إعلام تابعة للمليشيا»,
    «مصدر في قوات الدعم السريع» speak for that side (its «عناصرها» are the side's)."""
    hit = d.actors.party_in(ph.t0, ph.t1)
    return hit[0] if hit and hit[1] == "party" else None


def _outlet_source(doc: Document) -> Source:
    name = doc.outlet.name or UNKNOWN_OUTLET
    return Source(name=name, canonical=doc.outlet.canonical, kind="outlet")


def _is_context(d: _Doc, sent: Sentence, t: int) -> bool:
    """Whether the clause of token ``t`` speaks of another event or a wider scope."""
    a, b = sent.clause_of(t)
    return bool(_context_index().find_all(d.tokens, a, b)) or _since_date(d.tokens, a, b)


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


# __init__ is written out: the compiled build runs a dataclass's generated one as
# interpreted code, and extraction makes one per figure.
@dataclass(slots=True, init=False)
class _Found:
    """A figure or denial of one sentence, decided, waiting for its source."""

    t: int
    frame: Frame
    low: int | None
    high: int | None
    qualifier: str
    attribution: Attribution | None
    figure: tuple[int, int]
    denial: bool

    def __init__(self, t: int, frame: Frame, low: int | None, high: int | None, qualifier: str,
                 attribution: Attribution | None, figure: tuple[int, int],
                 denial: bool = False) -> None:
        self.t = t
        self.frame = frame
        self.low = low
        self.high = high
        self.qualifier = qualifier
        self.attribution = attribution
        self.figure = figure
        self.denial = denial


def _sentence_claims(d: _Doc, sent: Sentence) -> list[_Found]:
    found: list[_Found] = []
    previous: Frame | None = None
    for fig in _figures(d, sent):
        frame = decide(d.tokens, sent, fig, previous, d.actors.party_in, d.actors.armed_groups_in,
                       d.attacker_of, d.sole_group)
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
    last_speaker: tuple[Source, list[Source], str | None] | None = None
    for sent in d.sentences:
        if sent.furniture:
            continue
        continuing = d.finder.starts_with_continuation(sent)
        sa, sb = d.span(sent.t0, sent.t1)
        for f in _sentence_claims(d, sent):
            att = f.attribution
            side: str | None = None   # the side a speaker unknown to the lexicon belongs to
            if att is not None and att.source is not None:
                src, via = _source(d, att.source), [_source(d, v) for v in att.via]
                side = _side_of(d, att.source) if src.canonical is None else None
                last_speaker = (src, via, side)
            elif last_speaker and (continuing or (att is not None and att.carried)):
                src, via, side = last_speaker
            elif att is not None and att.via:
                src, via = _source(d, att.via[0]), []
            else:
                src, via = outlet, []
            a, b = d.span(f.frame.t0, f.frame.t1)
            fa, fb = d.span(*f.figure)
            party = f.frame.party
            if f.frame.own:   # «أي من جنودها»: the speaker's army, when the speaker is known
                english = doc.text[a:b].isascii()
                party = army_of(src.canonical, english=english, armies_only=f.frame.own == "army") \
                    or (enemy_army(src.canonical, english) if f.frame.own == "army" else side) or party
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


#: Events: «مقتل العشرات» or «فرار مئات السجناء» in a lede is a claim of its own,
#: whatever precise figure follows (often from another source); a vague count of
#: people held or holding out («السجن يحوي الآلاف») only describes the stock a
#: precise figure then gives.
_TOLLS = frozenset({"killed", "wounded", "displaced", "escaped", "captured"})


def _drop_vague_echoes(claims: list[Claim]) -> list[Claim]:
    """Drop "dozens"/"thousands" of people held, holding out, etc. when the same report
    gives a precise figure inside that range (never a vague event: see :data:`_TOLLS`)."""
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
