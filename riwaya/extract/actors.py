"""The actors lexicon: who can be the source of a figure, and where they are named.

Attribution ("who said it through whom") needs to know that «قسد»,
«لـ"قسد"», «وقوات سوريا الديموقراطية» and "SDF" are one actor, and what kind
of voice that actor is (a side, its media, a government, a monitor…). The
knowledge lives in ``riwaya/data/actors.yaml`` so that linguists extend it
without touching code; this module turns it into

* :func:`lookup` — resolve a name already cut out of a text (clitics, quotes,
  head words such as «وكالة» and trailing descriptors such as «السورية» are
  tolerated);
* :func:`find_mentions` — every actor named in a text, with offsets into the
  original text.

Matching runs on :func:`riwaya.text.normalize.normalize` output so that
spelling noise (hamza, ta marbuta, diacritics, quote styles) never matters,
and maps back through ``NormText.span`` so evidence quotes the original.
All names are compiled into one trie-shaped regular expression: at each
position the engine walks one branch of a trie, so a scan is linear in the
text and barely depends on the lexicon's size. Given the text's tokens, the
pattern is tried only at tokens whose first word can open a name (about a
third of the cost of trying every character; see ``_candidate_starts``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

import regex

from riwaya.text.normalize import NormText, fold, normalize
from riwaya.text.tokens import FormFacts, Tokens
from riwaya.text.yaml_data import parse_yaml

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"

#: The kinds an actor entry may have (a subset of ``model.SOURCE_KINDS``:
#: ``outlet``, ``anonymous`` and ``unnamed_reports`` are not named actors).
KINDS = ("party", "party_media", "official", "foreign_military", "monitor", "media")

_ENTRY_KEYS = {"canonical", "ar", "kind", "country", "aliases", "weak", "people",
               "exclude", "party_of", "note"}

# A name may not continue a word: a letter, digit or underscore next to it
# means it is part of something longer («قسدية», «الداعشي»). The compiled
# name patterns use the stdlib ``re`` engine (see ``_compile``), whose ``\w``
# is exactly that; harakat, the marks it would miss, are gone after normalize.
_WORDCHAR = r"\w"
# Proclitics written before a name: conjunction و/ف, then preposition ب/ك/ل.
# «لـ» reaches us as «ل»: normalize deletes the tatweel.
_CLITICS = "[وف]?[بكل]?"
# Between the words of a name: spaces, or a hyphen or quote mark with optional
# spaces («قوات سوريا الديمقراطية-قسد», «تنظيم "الدولة"»). Newlines are not
# accepted: a name does not run across a heading and the next line.
_SEP = '(?: *[-"] *| +)'
_KEY_SEP = regex.compile(r'[\s"\-]+')
_TRIM = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$")
_UNOPENED = regex.compile(r"\)+$")
_LOOSE_CLITIC = regex.compile(r"^(?:[وف][بكل]?|[بكل]) ")
_LATIN = regex.compile(r"^[\p{Latin}\p{N}\p{P}\p{S} ]+$")


def _key(s: str) -> str:
    """Fold a written form to its matching key: folded letters, single spaces."""
    return _KEY_SEP.sub(" ", fold(s)).strip()


def _is_latin(key: str) -> bool:
    return bool(_LATIN.match(key)) and any(c.isalpha() for c in key)


def _is_acronym(key: str) -> bool:
    """ALL-CAPS Latin forms (SDF, IS, AP) match only in capitals."""
    return _is_latin(key) and not any(c.islower() for c in key)


@dataclass(frozen=True)
class Actor:
    """One lexicon entry: an actor, what kind of voice it is, and its written forms."""

    canonical: str
    ar: str | None
    kind: str
    country: str | None
    aliases: tuple[str, ...] = field(default=(), repr=False)
    party_of: str | None = None
    weak: tuple[str, ...] = field(default=(), repr=False)
    people: tuple[str, ...] = field(default=(), repr=False)
    exclude: tuple[str, ...] = field(default=(), repr=False)
    note: str | None = field(default=None, repr=False)


# Never changed once made, but not frozen: a frozen dataclass sets each field through
# object.__setattr__, five times the cost, and extraction makes one per figure. And
# __init__ is written out: the compiled build runs a generated one as interpreted code.
@dataclass(slots=True, unsafe_hash=True, init=False)
class Mention:
    """An actor named in a text.

    ``start``/``end`` are offsets into the original text and cover the name
    only: a separable proclitic (و، ب، لـ…) is reported in ``prefix`` and left
    outside, so ``text[start:end] == surface`` is the name as written. When the
    article is fused with a preposition («للمرصد السوري») the span starts at
    the fused word, since the name cannot be cut out of it.
    """

    start: int
    end: int
    actor: Actor
    surface: str
    prefix: str
    person: bool   # named through a spokesperson/leader, not the actor's name
    weak: bool     # an ordinary-word form accepted because of a head word

    def __init__(self, start: int, end: int, actor: Actor, surface: str, prefix: str = "",
                 person: bool = False, weak: bool = False) -> None:
        self.start = start
        self.end = end
        self.actor = actor
        self.surface = surface
        self.prefix = prefix
        self.person = person
        self.weak = weak


@dataclass(frozen=True)
class _Form:
    """What a matching key stands for."""

    actor: Actor
    person: bool = False


def _no_offsets() -> FormFacts[tuple[int, ...]]:
    """An empty lexicon's offsets table (a named function: mypyc cannot compile
    a lambda inside a dataclass field's default)."""
    return FormFacts(_none)


def _none(w: Any) -> tuple[int, ...]:
    """No offset in any form."""
    return ()


@dataclass
class Lexicon:
    """The compiled lexicon; build with :func:`load`, share via :func:`lexicon`."""

    actors: list[Actor]
    strong: dict[str, _Form] = field(default_factory=dict)      # exact keys
    strong_ci: dict[str, _Form] = field(default_factory=dict)   # casefolded Latin keys
    weak: dict[str, _Form] = field(default_factory=dict)
    weak_ci: dict[str, _Form] = field(default_factory=dict)
    heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lookup_heads: tuple[str, ...] = ()
    descriptors: frozenset[str] = frozenset()
    problems: list[str] = field(default_factory=list)
    _strong_re: Any = None
    _weak_re: Any = None
    _head_re: dict[str, Any] = field(default_factory=dict)
    # Per word form, the offsets inside it where a name can start (its first
    # unit, see _unit, is some key's): find_mentions tries only those. Weak
    # names have their own, far fewer: the weak pattern is tried at those alone.
    _offsets_of: FormFacts[tuple[int, ...]] = field(default_factory=_no_offsets)
    _weak_offsets_of: FormFacts[tuple[int, ...]] = field(default_factory=_no_offsets)
    _by_canonical: dict[str, Actor] = field(default_factory=dict)
    _excludes: dict[str, frozenset[str]] = field(default_factory=dict)

    # ── resolution ────────────────────────────────────────────────────────
    def get(self, key: str, *, weak: bool = True) -> _Form | None:
        """The form a folded key stands for (strong first, then weak if allowed)."""
        form = self.strong.get(key) or self.strong_ci.get(key.casefold())
        if form is None and weak:
            form = self.weak.get(key) or self.weak_ci.get(key.casefold())
        return form

    def by_canonical(self, canonical: str) -> Actor | None:
        """The actor whose canonical name is ``canonical``."""
        return self._by_canonical.get(canonical)


# ── building ─────────────────────────────────────────────────────────────
def _variants(key: str, pairs: list[tuple[str, str]]) -> set[str]:
    """``key`` plus every spelling obtained by swapping the linguist's pairs."""
    out = {key}
    for a, b in pairs:
        for k in list(out):
            if a in k:
                out.add(k.replace(a, b))
            if b in k:
                out.add(k.replace(b, a))
    return out


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def validate(data: Any) -> list[str]:
    """Schema problems in a parsed ``actors.yaml`` (empty when it is well formed).

    Checks what code relies on: required fields, allowed kinds, ISO-2 countries,
    list-valued name fields, ``party_of`` pointing at an existing canonical.
    Name collisions are found by :func:`load` (they need folding).
    """
    problems: list[str] = []
    entries = data.get("actors") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        return ["actors.yaml: expected a list of entries under 'actors'"]
    canonicals: set[str] = set()
    for i, e in enumerate(entries):
        where = f"entry {i}"
        if not isinstance(e, dict):
            problems.append(f"{where}: not a mapping")
            continue
        c = e.get("canonical")
        if not isinstance(c, str) or not c.strip():
            problems.append(f"{where}: missing canonical")
            continue
        where = f"{c!r}"
        if c in canonicals:
            problems.append(f"{where}: duplicate canonical")
        canonicals.add(c)
        for k in set(e) - _ENTRY_KEYS:
            problems.append(f"{where}: unknown field {k!r}")
        if e.get("kind") not in KINDS:
            problems.append(f"{where}: kind {e.get('kind')!r} not in {KINDS}")
        country = e.get("country")
        if country is not None and not (isinstance(country, str)
                                        and regex.fullmatch(r"[A-Z]{2}", country)):
            problems.append(f"{where}: country {country!r} is not ISO-2 or null")
        if e.get("ar") is not None and not isinstance(e.get("ar"), str):
            problems.append(f"{where}: ar must be a string or null")
        for k in ("aliases", "weak", "people", "exclude"):
            v = e.get(k)
            if v is not None and not (isinstance(v, list)
                                      and all(isinstance(x, (str, int)) for x in v)):
                problems.append(f"{where}: {k} must be a list of strings")
    for e in entries:
        if isinstance(e, dict) and e.get("party_of") is not None:
            if e["party_of"] not in canonicals:
                problems.append(f"{e.get('canonical')!r}: party_of {e['party_of']!r} "
                                "is not the canonical of any entry")
    return problems


def _register(table: dict[str, _Form], table_ci: dict[str, _Form], key: str,
              form: _Form, problems: list[str], explicit: bool) -> None:
    """Add ``key`` unless another actor owns it; report the clash if explicit."""
    if _is_latin(key) and not _is_acronym(key):
        table, key = table_ci, key.casefold()
    old = table.get(key)
    if old is None:
        table[key] = form
    elif old.actor is not form.actor and explicit:
        problems.append(f"{key!r} names both {old.actor.canonical!r} "
                        f"and {form.actor.canonical!r}")


def load(path: Path | str | None = None) -> Lexicon:
    """Parse and compile the lexicon at ``path`` (default: the packaged one).

    Never raises on a linguist's slip: schema problems and names claimed by
    two actors are collected in ``Lexicon.problems`` (the first entry keeps a
    contested name), so a typo degrades one entry rather than the pipeline.
    """
    raw = parse_yaml(Path(path or DATA_PATH).read_text(encoding="utf-8"))
    if isinstance(raw, list):
        raw = {"actors": raw}
    raw = raw or {}
    problems = validate(raw)
    pairs = [(fold(str(a)), fold(str(b))) for a, b in raw.get("spelling_variants") or []]
    heads = {k: tuple(_key(str(h)) for h in v or []) for k, v in (raw.get("heads") or {}).items()}
    lex = Lexicon(
        actors=[],
        heads=heads,
        lookup_heads=tuple(_key(str(h)) for h in raw.get("lookup_heads") or []),
        descriptors=frozenset(_key(str(d)).casefold() for d in raw.get("descriptors") or []),
        problems=problems,
    )
    pending: list[tuple[bool, str, _Form, bool]] = []   # (weak, key, form, explicit)
    for e in raw.get("actors") or []:
        if not isinstance(e, dict) or not e.get("canonical") or e.get("kind") not in KINDS:
            continue
        actor = Actor(
            canonical=str(e["canonical"]),
            ar=e.get("ar"),
            kind=e["kind"],
            country=e.get("country"),
            aliases=tuple(_as_list(e.get("aliases"))),
            party_of=e.get("party_of"),
            weak=tuple(_as_list(e.get("weak"))),
            people=tuple(_as_list(e.get("people"))),
            exclude=tuple(_as_list(e.get("exclude"))),
            note=e.get("note"),
        )
        lex.actors.append(actor)
        lex._by_canonical.setdefault(actor.canonical, actor)
        lex._excludes[actor.canonical] = frozenset(_key(x) for x in actor.exclude)
        weak_keys = {_key(w) for w in actor.weak}
        names = [actor.canonical, *([actor.ar] if actor.ar else []), *actor.aliases]
        groups: list[tuple[Iterable[str], bool, bool]] = [
            (names, False, False), (actor.people, True, False), (actor.weak, False, True)]
        for forms, person, is_weak in groups:
            for written in forms:
                base = _key(written)
                if not base or (not is_weak and base in weak_keys):
                    continue
                for v in _variants(base, pairs):
                    pending.append((is_weak, v, _Form(actor, person), v == base))
    # Names the linguist wrote beat generated spellings, whatever the file order.
    for explicit in (True, False):
        for is_weak, key, form, expl in pending:
            if expl is explicit:
                table, table_ci = (lex.weak, lex.weak_ci) if is_weak else (lex.strong, lex.strong_ci)
                _register(table, table_ci, key, form, lex.problems, explicit=explicit)
    # A weak form must not shadow another actor's strong name.
    for k, f in lex.weak.items():
        other = lex.strong.get(k)
        if other and other.actor is not f.actor:
            lex.problems.append(f"{k!r} is weak for {f.actor.canonical!r} "
                                f"but names {other.actor.canonical!r}")
    # Fused article forms: «ال…» after the preposition ل is written «لل…».
    for table in (lex.strong, lex.weak):
        for k, f in list(table.items()):
            if k.startswith("ال") and len(k) > 3:
                fused = "لل" + k[2:]
                table.setdefault(fused, f)
    lex._strong_re = _compile(lex.strong, lex.strong_ci)
    lex._weak_re = _compile(lex.weak, lex.weak_ci)
    lex._offsets_of = _offsets_table(lex.strong, lex.strong_ci, lex.weak, lex.weak_ci)
    lex._weak_offsets_of = _offsets_table(lex.weak, lex.weak_ci)
    for kind, hs in heads.items():
        if hs:
            lex._head_re[kind] = re.compile(
                rf"(?:^|(?<!{_WORDCHAR})){_CLITICS}(?:{_trie(hs)})(?: *\" *| +)\"? *$")
    return lex


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, compiled once per process."""
    return load()


# ── the trie regex ───────────────────────────────────────────────────────
def _tokens(key: str) -> list[str]:
    return [_SEP if ch == " " else re.escape(ch) for ch in key]


def _trie(keys: Iterable[str]) -> str:
    """A regex matching exactly ``keys``, shaped as a trie, longest match first.

    Each node is ``(?:branch|branch)`` followed by ``?`` when a key ends there;
    the greedy ``?`` tries the longer continuation first and backtracks to the
    shorter key only if the longer one (or the boundary after it) fails.
    """
    root: dict[str, Any] = {}
    for k in keys:
        node = root
        for tok in _tokens(k):
            node = node.setdefault(tok, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [tok + emit(child) for tok, child in node.items() if tok != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return emit(root)


def _compile(table: dict[str, _Form], table_ci: dict[str, _Form]) -> Any:
    """One pattern for all names of a table, with clitics and word boundaries.

    Compiled with the stdlib ``re``: on this trie (whose word separator is a
    group) the ``regex`` module loses its literal optimisations and runs about
    60 times slower; ``re`` scans a megabyte of Arabic in ~0.15 s.
    """
    alts = []
    if table:
        alts.append(_trie(table))
    if table_ci:
        alts.append("(?i:" + _trie(table_ci) + ")")
    if not alts:
        return re.compile(r"(?!)")
    return re.compile(
        rf"(?<!{_WORDCHAR})(?P<pre>{_CLITICS})(?P<name>{'|'.join(alts)})(?!{_WORDCHAR})")


# ── lookup ───────────────────────────────────────────────────────────────
def _strip_clitics(key: str) -> Iterator[str]:
    """``key`` without each possible proclitic prefix, shortest cut first."""
    m = regex.match(_CLITICS, key)
    pre = m.group(0) if m else ""
    for i in range(1, len(pre) + 1):
        rest = key[i:]
        if len(rest) >= 2:
            yield rest
    cut = _LOOSE_CLITIC.sub("", key, count=1)   # «لـ"قسد"» folds to «ل قسد»
    if cut != key:
        yield cut
    conj = key[1:] if key[:1] in ("و", "ف") else key
    if conj.startswith("لل") and len(conj) > 3:
        yield "ال" + conj[2:]


def _strip_heads(key: str, heads: Iterable[str]) -> Iterator[str]:
    low = key.casefold()
    for h in sorted(set(heads), key=len, reverse=True):
        if low.startswith(h.casefold() + " "):
            yield key[len(h) + 1:]


def _strip_descriptors(key: str, descriptors: frozenset[str]) -> Iterator[str]:
    words = key.split(" ")
    n = len(words)
    while n > 1:
        for width in (2, 1):
            if n - width >= 1 and " ".join(words[n - width:n]).casefold() in descriptors:
                n -= width
                yield " ".join(words[:n])
                break
        else:
            return


def _candidates(key: str, lex: Lexicon) -> Iterator[str]:
    """Readings of a written name, least stripping first."""
    all_heads = {h for hs in lex.heads.values() for h in hs} | set(lex.lookup_heads)
    seen: set[str] = set()
    level = [key]
    for strip in (None, "clitics", "heads", "descriptors"):
        if strip == "clitics":
            level = level + [c for k in level for c in _strip_clitics(k)]
        elif strip == "heads":
            more = [h for k in level for h in _strip_heads(k, all_heads)]
            level = level + more + [c for k in more for c in _strip_clitics(k)]
        elif strip == "descriptors":
            level = level + [d for k in level for d in _strip_descriptors(k, lex.descriptors)]
        for k in level:
            if k not in seen:
                seen.add(k)
                yield k


@lru_cache(maxsize=16384)
def lookup(name: str) -> Actor | None:
    """The actor a written name refers to, or None.

    ``name`` is a name already isolated from its sentence, written any way a
    report writes it: Arabic or English, any case (ALL-CAPS acronyms excepted),
    in quotes, after a clitic («لـ"قسد"», «بقوات سوريا الديموقراطية»), after a
    head word («وكالة رويترز», «صحيفة الوطن»), before a descriptor
    («الوطن السورية», «داعش الإرهابي»). Weak forms (ordinary words such as
    «الوطن») are accepted here because the caller already decided the words
    are a name.
    """
    lex = lexicon()
    key = _TRIM.sub("", _key(name))
    if key.count(")") > key.count("("):      # «(الأناضول)» but «Al-Watan (Syria)»
        key = _TRIM.sub("", _UNOPENED.sub("", key))
    if not key:
        return None
    for cand in _candidates(key, lex):
        form = lex.get(cand)
        if form is not None:
            return form.actor
    return None


# ── mentions ─────────────────────────────────────────────────────────────
def _excluded(lex: Lexicon, form: _Form, word: str) -> bool:
    ex = lex._excludes.get(form.actor.canonical)
    if not ex:
        return False
    return word in ex or (word[:1] in ("و", "ف") and word[1:] in ex)


def _name_key(name: str) -> str:
    """A matched name's lexicon key: its separators as single spaces."""
    # Most names are words between single spaces, already their key: no substitution.
    if name.replace(" ", "").isalpha() and "  " not in name and name[0] != " " and name[-1] != " ":
        return name
    return _KEY_SEP.sub(" ", name).strip()


# ── where a name can start ───────────────────────────────────────────────
# A compiled name pattern tried at every character costs ~0.08 s per MB of
# Arabic; most words cannot start a name. A name starts after optional
# proclitics with its key's first *unit* (the leading run of letters, or of
# digits, or one other character), and the text's run of the same class ends
# exactly there (a letter never follows the unit in a key, nor may one follow
# a match). So a token is tried only when, after peeling proclitics, its own
# first unit is some key's first unit; the test runs once per word type.


def _unit(s: str) -> str:
    """The leading run of ``s`` of one class: letters, or digits, or a single other character."""
    if not s:
        return ""
    if s.isalpha() or s.isdigit():   # most tokens are one run: no loop
        return s
    c = s[0]
    same = str.isalpha if c.isalpha() else str.isdigit if c.isdigit() else None
    if same is None:
        return c
    n = 1
    while n < len(s) and same(s[n]):
        n += 1
    return s[:n]


def _unit_forms(unit: str) -> set[str]:
    """``unit`` as written and lower-cased character by character (as ``re``'s
    IGNORECASE compares), so case-insensitive keys meet any capitalisation."""
    if unit.lower() == unit and unit.casefold() == unit:
        return {unit}   # nothing to fold (Arabic): then no character folds either
    return {unit, "".join(c.lower()[:1] for c in unit), "".join(c.casefold()[:1] for c in unit)}


def _can_start(units: frozenset[str], rest: str) -> bool:
    """Whether a name (after proclitics ``[وف]?[بكل]?``) can start at ``rest``."""
    if rest.isdigit():
        # Numbers are many of the words first seen: a run of digits is its own
        # unit, and no digit is a letter or folds (tested over every code point).
        return rest in units
    if rest.isalpha() and rest.lower() == rest and rest.casefold() == rest:
        # One run of letters with nothing to fold (Arabic): every option is
        # its own unit and its only form, so each is one set lookup.
        if rest in units:
            return True
        first = rest[0]
        if first in "وف":
            rest = rest[1:]
            if not rest or rest in units:
                return True
            first = rest[0]
        return first in "بكل" and (len(rest) == 1 or rest[1:] in units)
    options = [rest]
    if rest[:1] in ("و", "ف"):
        options.append(rest[1:])
    options += [o[1:] for o in options if o[:1] in ("ب", "ك", "ل")]
    # Nothing left after the proclitics: the name starts with the next token.
    return any(not o or not units.isdisjoint(_unit_forms(_unit(o))) for o in options)


def _offsets_table(*tables: dict[str, _Form]) -> FormFacts[tuple[int, ...]]:
    """Per word form, where in it a name of ``tables`` can start (see :func:`_start_offsets`)."""
    units = frozenset(f for table in tables for k in table for f in _unit_forms(_unit(k)))
    return FormFacts(lambda w: _start_offsets(units, w.text))


def _start_offsets(units: frozenset[str], word: str) -> tuple[int, ...]:
    """Offsets inside token ``word`` where a name can start: its first
    character, and any character after a non-word one inside the token (a
    mark, an apostrophe, a digit group's comma), where ``re`` would try too."""
    if word.isalnum():   # no boundary inside: only the first character
        return (0,) if _can_start(units, word) else ()
    return tuple(i for i in range(len(word))
                 if (i == 0 or not (word[i - 1].isalnum() or word[i - 1] == "_"))
                 and _can_start(units, word[i:]))


def _candidate_starts(lex: Lexicon, tokens: Tokens) -> tuple[list[int], list[int]]:
    """Normalised offsets, ascending, of every place in ``tokens`` a name can
    start, and of those where a weak name can."""
    every: list[int] = []
    weak: list[int] = []
    starts = tokens.starts
    offsets = lex._offsets_of.of(tokens)
    weak_offsets = lex._weak_offsets_of
    for k in compress(range(len(offsets)), offsets):
        start = starts[k]
        for o in offsets[k]:
            every.append(start + o)
        for o in weak_offsets[tokens[k]]:   # a subset: weak keys' units are among all keys'
            weak.append(start + o)
    return every, weak


def _matches_at(pattern: Any, s: str, starts: list[int]) -> list[Any]:
    """What ``pattern.finditer(s)`` yields, trying only the offsets ``starts``
    (which must include every offset a match can start at)."""
    out = []
    end = -1
    for p in starts:
        if p >= end:
            m = pattern.match(s, p)
            if m is not None:
                end = m.end()
                out.append(m)
    return out


def _scan(lex: Lexicon, nt: NormText, text: str, matches: Iterable[Any], weak: bool
          ) -> list[tuple[int, int, Mention]]:
    """Candidate mentions from one pattern's matches, as (norm start, norm end, mention)."""
    s = nt.text
    out: list[tuple[int, int, Mention]] = []
    for m in matches:
        name = m.group("name")
        key = _name_key(name)
        if weak:
            form = lex.weak.get(key) or lex.weak_ci.get(key.casefold())
        else:
            form = lex.strong.get(key) or lex.strong_ci.get(key.casefold())
        if form is None:
            continue
        pre = m.group("pre")
        if _excluded(lex, form, pre + key):
            continue
        ns, ne = m.start("name"), m.end("name")
        if weak:
            head_re = lex._head_re.get(form.actor.kind)
            if pre or head_re is None or not head_re.search(s, max(0, m.start() - 48), m.start()):
                continue
        # A name with one quote inside («تنظيم "داعش"», «"الوطن" السورية»):
        # take its partner, after or before the name, so the surface balances.
        if name.count('"') % 2 == 1:
            if ne < len(s) and s[ne] == '"':
                ne += 1
            elif not pre and ns > 0 and s[ns - 1] == '"':
                ns -= 1
        start, end = nt.span(ns, ne)
        prefix = ""
        if pre:
            ps, pe = nt.span(m.start("pre"), m.end("pre"))
            prefix = text[ps:pe]
        out.append((ns, ne, Mention(start, end, form.actor, text[start:end], prefix,
                                    form.person, weak)))
    return out


def find_mentions(text: str, norm: NormText | None = None,
                  tokens: Tokens | None = None) -> list[Mention]:
    """Every actor named in ``text``, in text order, without overlaps.

    Strong names match anywhere on word boundaries (with proclitics allowed
    before them); weak names only right after a head word of their kind.
    Where two candidates overlap the longer wins (a strong one on a tie), so
    «داعش خراسان» is ISIS-K, not ISIS. Pass ``norm`` when the caller already
    normalised ``text``, to save the work, and ``tokens`` (of ``norm``) when
    it tokenised it too: the names are then tried only where they can start.
    """
    lex = lexicon()
    nt = norm if norm is not None else normalize(text)
    if tokens is None:
        strong, weak = lex._strong_re.finditer(nt.text), lex._weak_re.finditer(nt.text)
    else:
        every, weak_starts = _candidate_starts(lex, tokens)
        strong = _matches_at(lex._strong_re, nt.text, every)
        weak = _matches_at(lex._weak_re, nt.text, weak_starts)
    cands = _scan(lex, nt, text, strong, weak=False)
    cands += _scan(lex, nt, text, weak, weak=True)
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2].weak))
    out: list[Mention] = []
    last = -1
    for ns, ne, mention in cands:
        if ns >= last:
            out.append(mention)
            last = ne
    return out


def actors() -> list[Actor]:
    """Every actor in the packaged lexicon, in file order."""
    return list(lexicon().actors)


def by_canonical(canonical: str) -> Actor | None:
    """The packaged actor with this canonical name, or None."""
    return lexicon().by_canonical(canonical)


__all__ = ["KINDS", "Actor", "Lexicon", "Mention", "actors", "by_canonical",
           "find_mentions", "lexicon", "load", "lookup", "validate"]
