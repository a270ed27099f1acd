"""Known actors in a document, as token spans, and the parties they stand for.

Bridges the actors lexicon (:mod:`riwaya.extract.actors`, original-text
offsets) to the token stream the extractor walks, and resolves a bare
"التنظيم"/"الحركة" to the named actor of that kind the document mentions
most, the way a reader does.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import lru_cache
from typing import Any

from riwaya.text.lexicon import folded_words, hits, load, word_set
from riwaya.text.normalize import NormText, fold
from riwaya.text.tokens import Tokens, Word, bare

ActorSpans = dict[int, tuple[int, str, str, str]]


def _actors() -> Any:
    """The actors lexicon module, or None: the lexicon is optional for the extractor to run."""
    try:
        from riwaya.extract import actors
    except ImportError:
        return None
    return actors


def _mentions(text: str, norm: NormText, tokens: Tokens
              ) -> list[tuple[int, int, str, str, str, str]]:
    """(start, end, surface, canonical, kind, party name) for each actor mention."""
    actors = _actors()
    if actors is None:
        return []
    out = []
    for m in actors.find_mentions(text, norm, tokens):
        a = m.actor
        # The contract's party is the canonical actor: its usual Arabic name in
        # Arabic text («داعش» however the text names it), its canonical name in English.
        party = party_name(a, english=m.surface.isascii())
        out.append((m.start, m.end, m.surface, a.canonical, a.kind, party))
    return out


def party_name(actor: Any, english: bool = False) -> str:
    """How a claim names an actor as its party: the Arabic name, or the canonical in English.

    A side named by a plural nisba («الحوثيون») is given as the nisba
    («الحوثي»), which the nominative «الحوثيون», the genitive «الحوثيين» and
    «جماعة الحوثي» all contain: the party does not depend on the case the
    text or a reader happens to write it in.
    """
    ar = getattr(actor, "ar", None)
    if english or not ar:
        return str(actor.canonical)
    if " " not in ar and ar.startswith("ال") and ar.endswith("يون") and len(ar) > 6:
        return ar[:-2]
    return str(ar)


@lru_cache(maxsize=1)
def _anaphora_heads() -> frozenset[str]:
    return word_set(load("quantities")["anaphora_heads"])


@lru_cache(maxsize=1)
def _nonstate_heads() -> frozenset[str]:
    return word_set(load("quantities")["nonstate_heads"])


class DocActors:
    """Actor mentions of one document indexed by token."""

    def __init__(self, text: str, norm: NormText, tokens: Tokens) -> None:
        starts = tokens.starts
        self.spans: ActorSpans = {}
        self.party_of: dict[int, str] = {}
        self._by_head: dict[str, Counter[str]] = {}
        self._named_as: dict[str, str] = {}   # canonical -> first party name written
        heads = _anaphora_heads()
        for a, b, surface, canonical, kind, party in _mentions(text, norm, tokens):
            na, nb = norm.to_norm(a), norm.to_norm(b)
            t0 = bisect.bisect_left(starts, na)
            if t0 > 0 and (t0 >= len(starts) or starts[t0] != na) and tokens.ends[t0 - 1] > na:
                t0 -= 1   # «لمنظمة أطباء بلا حدود», «لقسد»: the name starts after a clitic in its token
            t1 = bisect.bisect_left(starts, nb)
            if t0 >= len(tokens) or t1 <= t0:
                continue
            self.spans[t0] = (t1, surface, canonical, kind)
            self.party_of[t0] = party
            first = bare(fold(surface).split()[0]) if surface.split() else ""
            if first in heads and kind == "party":
                counts = self._by_head.get(first)
                if counts is None:   # not setdefault: a Counter is costly to make and drop
                    counts = self._by_head[first] = Counter()
                counts[canonical] += 1
                self._named_as.setdefault(canonical, party)
        self.tokens = tokens
        self._starts = sorted(self.spans)
        self._sole: tuple[str | None] | None = None

    def party_in(self, a: int, b: int) -> tuple[str, str] | None:
        """The party named in tokens ``[a, b)``: a known actor or an anaphoric head."""
        for k in range(a, b):
            if k in self.spans:
                return self.party_of[k], self.spans[k][3]
        for k in range(a, b):
            tok = self.tokens[k]
            if tok.text.startswith(("ال", "وال", "بال", "لل")):
                for key in tok.keys:
                    if key in self._by_head:
                        return self._named_as[self._by_head[key].most_common(1)[0][0]], "party"
                if hits(tok, _nonstate_heads()):
                    # «عناصر الميليشيا» where no militia was named so: the one armed
                    # group (not a state's force) the report names.
                    sole = self._sole_group()
                    if sole is not None:
                        return sole, "party"
        return None

    def attack_agents(self, words: frozenset[str]) -> list[tuple[int, str]]:
        """(token, party) of each non-state armed group named as the doer of an attack:
        one of ``words`` (تبنى، شنّه، نفذ …) two words before the name at most
        («تبنى تنظيم …», «بهجوم شنه مسلحو تنظيم داعش») or right after it («داعش يتبنى»)."""
        out = []
        for k in self._starts:
            end, _surface, canonical, kind = self.spans[k]
            if kind != "party" or _state_force(canonical):
                continue
            m = k - 1   # past quotes and a head outside the name: «تبنى تنظيم "ولاية غرب أفريقيا"»
            while m >= 0 and (self.tokens[m].text == '"' or hits(self.tokens[m], _anaphora_heads())):
                m -= 1
            near = [n for n in (m - 1, m) if n >= 0] + ([end] if end < len(self.tokens) else [])
            if any(hits(self.tokens[m], words) for m in near):
                out.append((k, self.party_of[k]))
        return out

    def _sole_group(self) -> str | None:
        """The party name of the one non-state armed group the document names, if one
        (computed once: it is asked per figure)."""
        if self._sole is None:
            groups = self.armed_groups_in(0, len(self.tokens))
            self._sole = (next(iter(groups)) if len(groups) == 1 else None,)
        return self._sole[0]


    def armed_groups_in(self, a: int, b: int) -> set[str]:
        """The non-state armed sides named in tokens ``[a, b)`` (not armies, not state forces)."""
        # Mentions are in text order: bisect to the range, never a walk over
        # every mention of a long document per figure.
        lo, hi = bisect.bisect_left(self._starts, a), bisect.bisect_left(self._starts, b)
        return {self.party_of[k] for k in self._starts[lo:hi]
                if self.spans[k][3] == "party" and not _state_force(self.spans[k][2])}


@lru_cache(maxsize=4096)
def _state_force(canonical: str) -> bool:
    """An army, or a force whose side is a government (the lexicon's ``party_of``)."""
    actors = _actors()
    if actors is None:
        return False
    actor = actors.by_canonical(canonical)
    if actor is None:
        return False
    if _army_stem(actor) is not None:
        return True
    parent = actors.by_canonical(actor.party_of) if actor.party_of else None
    return parent is not None and (parent.kind == "official" or _army_stem(parent) is not None)


#: «الجيش X», «القوات X»: the heads of an army's name whose adjective is a nisba.
_ARMY_HEADS = folded_words("quantities", "army_heads")
#: Agreement endings a nisba takes after a counted noun: «أوكرانياً», «روسيين», «إسرائيليون».
_NISBA_ENDINGS = ("يين", "يون", "يان", "يا", "يه", "يات")


def nisba_stem(word: str) -> str | None:
    """«أوكرانيين» → «اوكراني»: a folded nisba adjective in its masculine singular, or None."""
    w = bare(fold(word))
    for end in _NISBA_ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[: -len(end)] + "ي"
    return w if w.endswith("ي") and len(w) >= 4 else None


def army_of(canonical: str | None, english: bool = False, armies_only: bool = False) -> str | None:
    """The army of a known speaker: the party whose soldiers it calls «its own».

    The speaker itself when it is an army or a side (a militia's own
    fighters), else the side it belongs to (``party_of``), else its country's army as the
    lexicon names one («وزارة الدفاع الروسية» → «القوات الروسية»).
    Named as parties are (Arabic name, or canonical in English text).
    ``armies_only``: None unless that side is a national army (named
    «الجيش/القوات + nisba»): «صفوف الجيش» said by a militia is its enemy.
    """
    actors = _actors()
    if actors is None:
        return None
    actor = actors.by_canonical(canonical) if canonical else None
    if actor is None:
        return None
    parent = actors.by_canonical(actor.party_of) if actor.party_of else None
    if _army_stem(actor) is not None:
        pass   # an army: its soldiers are its own (not its government's)
    elif parent is not None and actor.kind == "party" and parent.kind == "official":
        pass   # a state force (الحشد الشعبي): its members are its own, not the government's
    elif parent is not None:
        actor = parent
    elif actor.kind not in ("party", "foreign_military") or _is_ministry(actor):
        army = _armies_by_country().get(actor.country or "")
        if army is None:
            return None
        actor = army
    if armies_only and _army_stem(actor) is None:
        return None
    return party_name(actor, english)


def enemy_army(canonical: str | None, english: bool = False) -> str | None:
    """«قتلت العشرات من عناصر الجيش» said by an armed group fighting its own state's army
    (the Rapid Support Forces in Sudan): that army, named «الجيش + nisba» as prose
    names it. None for a speaker that is an army or a state force, or whose country
    has no single army in the lexicon."""
    actors = _actors()
    actor = actors.by_canonical(canonical) if actors is not None and canonical else None
    if actor is None or actor.kind != "party" or _army_stem(actor) is not None or _state_force(actor.canonical):
        return None
    army = _armies_by_country().get(actor.country or "")
    if army is None:
        return None
    if english:
        return str(army.canonical)
    for name in (army.ar or "", *army.aliases):
        words = fold(name).split()
        if len(words) == 2 and words[0] == fold("الجيش"):
            return str(name)
    return party_name(army)


def _is_ministry(actor: object) -> bool:
    """A defence ministry or general staff speaks for an army without being one."""
    name = fold(getattr(actor, "ar", None) or "")
    return name.startswith(("وزاره", "هييه الاركان", "رئاسه الاركان"))


@lru_cache(maxsize=1)
def _army_actors() -> tuple[tuple[Any, str], ...]:
    """Every side of the lexicon named as an army («الجيش/القوات + nisba»), with its nisba."""
    actors = _actors()
    if actors is None:
        return ()
    found = []
    for a in actors.actors():
        stem = _army_stem(a) if a.kind in ("party", "foreign_military") else None
        if stem:
            found.append((a, stem))
    return tuple(found)


@lru_cache(maxsize=1)
def _armies_by_country() -> dict[str, Any]:
    """Country code → its army actor, when only one is."""
    found: dict[str, list[Any]] = {}
    for a, _stem in _army_actors():
        if a.country:
            found.setdefault(a.country, []).append(a)
    return {c: found_[0] for c, found_ in found.items() if len(found_) == 1}


def _army_stem(actor: object) -> str | None:
    """The nisba an army's name ends in («الجيش الروسي» → «روسي»), or None."""
    for name in (getattr(actor, "ar", None) or "", *getattr(actor, "aliases", ())):
        words = fold(name).split()
        if len(words) == 2 and words[0] in _ARMY_HEADS and words[1].startswith("ال"):
            stem = nisba_stem(words[1][2:])
            if stem:
                return stem
    return None


@lru_cache(maxsize=1)
def _armies() -> dict[str, str]:
    """Nisba stem → the party an army of that nation is, from the actors lexicon.

    An actor written «الجيش الروسي» or «القوات الأوكرانية» (its name or an
    alias, two words) makes «روسي»/«أوكراني» after «جندي» name it. An
    adjective two actors share (a national army and a national guard, say)
    names neither.
    """
    found: dict[str, set[str]] = {}
    for a, stem in _army_actors():
        found.setdefault(stem, set()).add(party_name(a))
    return {stem: next(iter(ps)) for stem, ps in found.items() if len(ps) == 1}


def army_named_by(token: Word) -> str | None:
    """The army a nisba adjective names after a soldier noun («جندياً روسياً» → Russia's).

    Only after a soldier noun: «مدنيين سوريين» are Syrian civilians, not the army.
    """
    if not token.is_word or token.text.isascii():
        return None
    stem = nisba_stem(token.text)
    return _armies().get(stem) if stem else None


def lookup_kind(name: str) -> tuple[str | None, str | None]:
    """(canonical, kind) of a written name from the actors lexicon, if known."""
    actors = _actors()
    if actors is None:
        return None, None
    a = actors.lookup(name)
    return (a.canonical, a.kind) if a else (None, None)
