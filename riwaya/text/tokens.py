"""Tokens of normalised text, with the clitic-stripped forms lexicons match.

Arabic glues conjunctions (و ف), prepositions (ب ل ك), the article (ال) and
object pronouns (ـه ـها ـهم) to words. Rather than a full morphological
analyser (none installs offline), every token carries the small set of
plausible stems obtained by peeling those clitics; a lexicon entry matches a
token when it equals one of them. Lexicon entries are compared without their
article, so "الفارين" and "فارين" are one entry.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import lru_cache

import regex

from riwaya.text.normalize import NormText

_TOKEN = regex.compile(
    r"\d+(?:,\d{3})+(?:\.\d+)?"      # 3,500 / 12,000.5
    r"|\d+(?:\.\d+)?"                # 150 / 1.5
    r"|[\p{L}\p{M}]+(?:'[\p{L}]+)?"  # words (English contractions kept whole)
    r"|[^\s\p{L}\p{M}\d]",           # any other single visible character
)

_CONJ = ("و", "ف")
# ك ("like") is left on: peeling it turns كميات into "ميات" (مئات).
_PREP = ("ب", "ل")
# A bare ـه is not peeled: after normalisation it is usually a ta marbuta.
_SUFFIXES = ("هما", "هم", "هن", "ها", "كم")


class Token:
    """A token of the normalised text; ``start``/``end`` are normalised offsets.

    ``keys`` (the clitic-peeled stems every lexicon lookup compares) and the
    digit/word tests are computed once here: lookups ask for them hundreds
    of thousands of times per megabyte. A slotted class, not a dataclass,
    because tokenising is on the hot path and dataclass init is slower.
    """

    __slots__ = ("start", "end", "text", "keys", "is_digit", "is_word")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.keys, self.is_digit, self.is_word = _facts(text)

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))


def bare(word: str) -> str:
    """A lexicon form without its article, the key tokens are compared on."""
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


@lru_cache(maxsize=200_000)
def keys(word: str) -> frozenset[str]:
    """Every stem of ``word`` after peeling plausible clitics, article-less.

    A capitalised Latin word also has its lower-case form («At least», «Two»):
    lexicons are written in lower case and sentences start with a capital.
    """
    if not word.islower() and word.lower() != word and word.isascii():
        return keys(word.lower()) | {word}
    out = {word}
    stems = [word]
    for c in _CONJ:
        if word.startswith(c) and len(word) > 2:
            stems.append(word[1:])
    for s in list(stems):
        for p in _PREP:
            if s.startswith(p) and len(s) > 2:
                stems.append(s[1:])
                if s.startswith("لل") and len(s) > 3:   # ل + ال with the alef dropped
                    stems.append("ال" + s[2:])
    for s in stems:
        out.add(s)
        out.add(bare(s))
    for s in list(out):
        if s.endswith("ا") and len(s) >= 4:      # accusative tanween: عنصراً، قتيلاً
            out.add(s[:-1])
    for s in list(out):
        for suf in _SUFFIXES:
            if s.endswith(suf) and len(s) - len(suf) >= 3:
                stem = s[: -len(suf)]
                out.add(stem)
                if stem.endswith("ت"):
                    out.add(stem[:-1] + "ه")
                break
    return frozenset(out)


@lru_cache(maxsize=200_000)
def _facts(word: str) -> tuple[frozenset[str], bool, bool]:
    """A word's keys and digit/word tests: news repeats its words, so each is
    worked out once per process, not once per occurrence."""
    first = word[:1]
    return keys(word), first.isdigit(), first.isalpha()


class Tokens(list[Token]):
    """A document's tokens, remembering where each word class occurs.

    Scanners that look at every sentence (numbers, denials, dual nouns,
    attribution cues) ask for the positions of the few tokens that can start
    what they look for; one list comprehension per class and document
    replaces a Python loop over every token of every sentence.
    """

    __slots__ = ("_where",)

    def __init__(self, tokens: Iterable[Token] = ()) -> None:
        super().__init__(tokens)
        self._where: dict[tuple[frozenset[str], bool], list[int]] = {}


def positions(tokens: Sequence[Token], words: frozenset[str], digits: bool = False) -> list[int]:
    """Indices of the tokens with a key in ``words`` (or, with ``digits``, a digit
    token), ascending; found once per document when ``tokens`` is a :class:`Tokens`."""
    cache = tokens._where if isinstance(tokens, Tokens) else None
    if cache is not None:
        found = cache.get((words, digits))
        if found is not None:
            return found
    if digits:
        found = [i for i, t in enumerate(tokens) if t.is_digit or not words.isdisjoint(t.keys)]
    else:
        found = [i for i, t in enumerate(tokens) if not words.isdisjoint(t.keys)]
    if cache is not None:
        cache[(words, digits)] = found
    return found


def candidates(tokens: Sequence[Token], words: frozenset[str], start: int, stop: int,
               digits: bool = False) -> list[int]:
    """:func:`positions` within ``[start, stop)``."""
    found = positions(tokens, words, digits)
    return found[bisect.bisect_left(found, start): bisect.bisect_left(found, stop)]


def tokenize(norm: NormText | str, start: int = 0, end: int | None = None) -> Tokens:
    """Tokens of ``norm.text[start:end]`` with offsets into ``norm.text``."""
    text = norm.text if isinstance(norm, NormText) else norm
    stop = end if end is not None else len(text)
    return Tokens([Token(*m.span(), m.group()) for m in _TOKEN.finditer(text, start, stop)])
