"""Actors named in a report: lexicon mentions plus «قوات/تنظيم/جيش/… X» patterns.

The actors lexicon (``riwaya.extract.actors``) knows the big names and their
aliases (قسد = قوات سوريا الديمقراطية = SDF), but reports name many groups it
has never seen. A noun that introduces an armed group in Arabic news
(قوات، تنظيم، جيش، حركة، لواء، ميليشيا) followed by a name is a reliable cue,
so the pattern catches the group and the lexicon, when it knows any prefix
of the name, turns it into its canonical form. English gets the mirror
pattern «Capitalised Name Forces/Army/Militia/Brigade/Movement».

Self-interest (``self_interest``) compares the side a source speaks for with
the party whose people a figure counts: a side counting its own dead tends
to deflate, counting its enemy's tends to inflate, and estimates say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from riwaya.model import Source
from riwaya.reconcile import extractors
from riwaya.reconcile.textsim import (
    IGNORABLE,
    fold_for_shingles,
    fold_keep_offsets,
    strip_prefixes,
    tolerant_pattern,
)


@dataclass(frozen=True)
class ActorHit:
    """One actor mention: span in the original text, display name, comparison key."""

    start: int
    end: int
    canonical: str
    surface: str

    @property
    def key(self) -> str:
        """Folded canonical name: what grouping and self-interest compare."""
        return actor_key(self.canonical)


@lru_cache(maxsize=65536)
def actor_key(name: str) -> str:
    """Fold a name for comparison (diacritics, alef forms, case, spacing)."""
    return " ".join(fold_for_shingles(name).split())


_TRIGGERS_AR = ("قوات", "تنظيم", "جيش", "حركة", "لواء", "ميليشيا", "ميليشيات", "مليشيا", "مليشيات")
#: Words that, right after a trigger, make it a common noun, not a name
#: («حركة نزوح», «قوات كبيرة», «لواء ركن»).
_NOT_NAMES = frozenset(fold_for_shingles(w) for w in """
كبيرة إضافية خاصة عسكرية ضخمة مشتركة أمنية كثيفة كبيرة تابعة موالية مدعومة معادية
نزوح السير المرور التجارية الملاحة الطيران التنقل الأسواق دؤوبة واسعة نشطة ركن
من في على إلى عن مع بعد قبل ضد داخل خارج حول قرب عند لدى منذ التي الذي الذين
مسلحي مقاتلي عناصر أفراد أعضاء قادة مسلحين مقاتلين
الجيش الجماعة التنظيم الحركة
""".split())
#: Military ranks: a name ends before them («القوات الحكومية العميد فلان»).
_RANKS = frozenset(fold_for_shingles(w) for w in """
العميد اللواء العقيد المقدم الرائد النقيب الملازم الفريق المشير الجنرال
""".split())
#: Triggers of masculine singular gender: a definite name after them is a
#: masculine singular adjective («الجيش الوطني»); a feminine or plural word
#: there belongs to something else («عناصر التنظيم المحتجزون»).
_MASCULINE_TRIGGERS = frozenset(fold_for_shingles(w) for w in ("تنظيم", "جيش", "لواء"))
#: Trailing descriptors dropped from a name («تنظيم داعش الإرهابي» → «تنظيم داعش»).
_DESCRIPTORS = frozenset(fold_for_shingles(w) for w in """
الإرهابي الإرهابية الارهابي الارهابية المتطرف المتطرفة المتشدد المتشددة المسلحة المسلح
""".split())
_PREFIX = "(?:[وفبلك]" + IGNORABLE + ")?(?P<article>ال" + IGNORABLE + ")?"
_TRIGGER_RE = re.compile(
    r"(?<![^\W\d_])" + _PREFIX + "(?P<trig>" + "|".join(tolerant_pattern(t) for t in _TRIGGERS_AR) + ")"
    r"(?P<name>(?:\s+[^\W\d_][^\s.,،؛;:!?؟()\[\]«»\"']*){1,4})"
)
_EN_RE = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'-]+\s+){1,3})(?P<trig>Forces|Army|Militia|Brigades?|Movement)\b"
)


def _agrees(word: str, masculine: bool) -> bool:
    """Whether a definite word can be an adjective of a singular trigger (a name's part).

    Sound masculine plurals (…ون/…ين) never are; after a masculine trigger
    a feminine ending (…ة) is not either.
    """
    if len(word) > 4 and word.endswith(("ون", "ين")):
        return False
    return not (masculine and word.endswith(("ة", "ه")))


def _name_words(raw: str) -> list[tuple[int, int, str]]:
    """Words of the captured name with their offsets inside ``raw``."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", raw)]


def _resolve(candidates: list[str]) -> str | None:
    """Canonical name of the first candidate the lexicon knows."""
    for cand in candidates:
        entry = extractors.actor_lookup(cand)
        if entry is not None and getattr(entry, "canonical", None):
            return str(entry.canonical)
    return None


def _arabic_hits(text: str, folded: str) -> list[ActorHit]:
    hits: list[ActorHit] = []
    pos = 0
    while (m := _TRIGGER_RE.search(folded, pos)) is not None:
        # The next search starts after the words kept, so a name that stops
        # at «و…» leaves the following «وحركة …» to be matched on its own.
        pos = m.end("trig")
        words = _name_words(m.group("name"))
        base = m.start("name")
        kept: list[tuple[int, int, str]] = []
        with_article = m.group("article") is not None
        masculine = fold_for_shingles(m.group("trig")) in _MASCULINE_TRIGGERS
        for i, (s, e, w) in enumerate(words):
            plain = fold_for_shingles(w)
            if plain in _NOT_NAMES or strip_prefixes(plain) in _NOT_NAMES or plain.startswith("و"):
                break
            if (i > 0 or with_article) and not plain.startswith("ال"):
                break
            if with_article and not _agrees(plain, masculine):
                break
            if plain in _DESCRIPTORS or plain in _RANKS:   # «التنظيم المتطرف …», «… العميد»
                break
            kept.append((s, e, plain))
        while kept and kept[-1][2] in _DESCRIPTORS:
            kept.pop()
        if not kept:
            continue
        start = m.start("article") if with_article else m.start("trig")
        ends = [base + e for _, e, _ in kept]
        pos = ends[-1]
        full = text[start:ends[-1]]
        name_only = text[base + kept[0][0]:ends[-1]]
        candidates = [text[start:end] for end in reversed(ends)]
        candidates += [text[base + kept[0][0]:end] for end in reversed(ends)]
        canonical = _resolve(candidates)
        hits.append(ActorHit(start, ends[-1], canonical or " ".join(full.split()),
                             full if canonical is None else name_only))
    return hits


def _english_hits(text: str) -> list[ActorHit]:
    hits: list[ActorHit] = []
    for m in _EN_RE.finditer(text):
        full = " ".join(m.group().split())
        name = " ".join(m.group("name").split())
        canonical = _resolve([full, name])
        hits.append(ActorHit(m.start(), m.end(), canonical or full, full))
    return hits


#: Lexicon kinds that are sides of a conflict; media, monitors and
#: officials (ministries, agencies) are sources, not actors of an incident.
ACTOR_KINDS = frozenset({"party", "foreign_military"})


def _is_conflict_actor(canonical: str) -> bool:
    entry = extractors.actor_lookup(canonical)
    return entry is None or getattr(entry, "kind", "party") in ACTOR_KINDS


def find_actors(text: str) -> list[ActorHit]:
    """Every conflict actor named in ``text``: lexicon mentions, then pattern hits not overlapping one.

    Sorted by position. Canonical names come from the lexicon when it knows
    the name (or a prefix of it); otherwise the pattern's words as written.
    Lexicon entries that are sources rather than sides (media, monitors,
    officials, a party's media) are left out, but still block pattern hits
    over the same words.
    """
    hits: list[ActorHit] = []
    taken: list[tuple[int, int]] = []
    for m in extractors.actor_mentions(text):
        actor = getattr(m, "actor", None)
        canonical = getattr(actor, "canonical", None) or getattr(m, "surface", None)
        taken.append((int(m.start), int(m.end)))
        if canonical and getattr(actor, "kind", "party") in ACTOR_KINDS:
            hits.append(ActorHit(int(m.start), int(m.end), str(canonical), str(getattr(m, "surface", ""))))
    folded = fold_keep_offsets(text)
    for hit in _arabic_hits(text, folded) + _english_hits(text):
        if any(hit.start < e and s < hit.end for s, e in taken) or not _is_conflict_actor(hit.canonical):
            continue
        hits.append(hit)
        taken.append((hit.start, hit.end))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def is_state(name: str | None) -> bool:
    """True when the lexicon ties ``name`` to a government (an army whose ``party_of`` is one).

    The lexicon calls armies ``party`` and governments ``official``; an actor
    is a state actor when it is a government or its ``party_of`` chain (two
    steps: unit → army → government) reaches one.
    """
    entry = extractors.actor_lookup(name)
    for _ in range(3):
        if entry is None:
            return False
        if getattr(entry, "kind", None) == "official":
            return True
        parent = getattr(entry, "party_of", None)
        entry = extractors.actor_lookup(parent) if parent else None
    return False


# ---------------------------------------------------------------- self-interest

#: Source kinds that speak for a side of the conflict.
SIDED_KINDS = frozenset({"party", "party_media", "official", "foreign_military"})
#: Parties that are never a side: counting them is not a side's own or enemy losses.
_NON_COMBATANTS = frozenset(actor_key(w) for w in """
civilians children women men prisoners detainees inmates residents
مدنيين مدنيون المدنيين المدنيون أطفال الأطفال نساء النساء سجناء السجناء المعتقلين أهالي الأهالي
""".split())


def canonical_party(party: str | None) -> str | None:
    """The comparison key of a claim's party, through the lexicon when it knows it."""
    if not party:
        return None
    entry = extractors.actor_lookup(party)
    if entry is not None and getattr(entry, "canonical", None):
        return actor_key(str(entry.canonical))
    return actor_key(party)


def side_of(source: Source) -> str | None:
    """The key of the side ``source`` speaks for, or None for monitors, media, unknowns.

    The lexicon's ``party_of`` wins (a spokesman or a party's media belongs
    to its party); a lexicon actor that is itself a side speaks for itself;
    without a lexicon entry a ``party`` source is taken to name its side.
    """
    for name in (source.canonical, source.name):
        entry = extractors.actor_lookup(name)
        if entry is None:
            continue
        party_of = getattr(entry, "party_of", None)
        if party_of:
            return canonical_party(str(party_of))
        if source.kind in SIDED_KINDS and getattr(entry, "canonical", None):
            return actor_key(str(entry.canonical))
        return None
    if source.kind == "party":
        return actor_key(source.key)
    return None


def self_interest(source: Source, party: str | None) -> str | None:
    """``own_losses`` / ``enemy_losses`` / None for a figure by ``source`` counting ``party``.

    Rule: no flag when the party is a total (None) or non-combatants, or when
    the source speaks for no side. Same side (directly or through the
    party's own ``party_of``) → ``own_losses``; any other armed party →
    ``enemy_losses`` (conflict reporting about another armed side's dead is
    about an adversary in practice; an ally's losses would be mislabelled).
    """
    side = side_of(source)
    party_key = canonical_party(party)
    if side is None or party_key is None or party_key in _NON_COMBATANTS:
        return None
    if party_key == side:
        return "own_losses"
    entry = extractors.actor_lookup(party)
    party_of = getattr(entry, "party_of", None) if entry is not None else None
    if party_of and canonical_party(str(party_of)) == side:
        return "own_losses"
    return "enemy_losses"
