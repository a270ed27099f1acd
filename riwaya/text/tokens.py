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
import weakref
from collections.abc import Callable, Iterable
from itertools import compress
from typing import Any, TypeVar

import regex
from mypy_extensions import mypyc_attr

from riwaya.text.normalize import NormText

T = TypeVar("T")

# Words first: they are most tokens, and the branches cannot overlap.
_TOKEN = regex.compile(
    r"[\p{L}\p{M}]+(?:'[\p{L}]+)?"   # words (English contractions kept whole)
    r"|\d+(?:,\d{3})+(?:\.\d+)?"     # 3,500 / 12,000.5
    r"|\d+(?:\.\d+)?"                # 150 / 1.5
    r"|[^\s\p{L}\p{M}\d]",           # any other single visible character
)

_CONJ = ("و", "ف")
# ك ("like") is left on: peeling it turns كميات into "ميات" (مئات).
_PREP = ("ب", "ل")
# A bare ـه is not peeled: after normalisation it is usually a ta marbuta.
_SUFFIXES = ("هما", "هم", "هن", "ها", "كم")


class Word:
    """A word form and the facts lookups ask of it, shared by all its occurrences.

    ``keys`` (the clitic-peeled stems every lexicon lookup compares) and the
    digit/word tests are computed once per form and process: news repeats
    its words, and lookups ask for them hundreds of thousands of times per
    megabyte. Where a token stands is not here but in :class:`Tokens`
    (``starts``/``ends``), so tokenising a document creates no object per
    token — only a list of references to the forms it uses.
    """

    __slots__ = ("text", "keys", "is_digit", "is_word")

    def __init__(self, text: str) -> None:
        self.text = text
        self.keys = keys(text)
        first = text[:1]
        self.is_digit = first.isdigit()
        self.is_word = first.isalpha()

    def __repr__(self) -> str:
        return f"Word({self.text!r})"


# The compiled build keeps the dict and list subclasses as Python classes: mypyc's
# native classes cannot extend list, nor be weakly referenced (see _TABLES).
@mypyc_attr(native_class=False)
class _Words(dict[str, Word]):
    """Every form seen so far; a missing one is made on first sight (in C for the rest)."""

    def __missing__(self, text: str) -> Word:
        w = self[text] = Word(text)
        return w


_WORDS = _Words()
#: Forms remembered before the cache starts over (an archive's vocabulary is open).
_MAX_WORDS = 200_000


def word(text: str) -> Word:
    """The shared :class:`Word` of ``text``."""
    return _WORDS[text]


def glued(tok: Word, clitics: str) -> bool:
    """Whether ``tok`` is a word with one of the proclitic letters ``clitics`` written
    onto it («لمعهد», «وطفلان», «بالمئات»): its first letter, peeled, leaves a key."""
    text = tok.text
    return len(text) > 1 and text[0] in clitics and text[1:] in tok.keys


def without_lam(text: str) -> str:
    """``text`` without the «لـ» of address written onto its first word: «للأناضول» is
    «الأناضول» (the article's alef dropped after the ل), «لرويترز» is «رويترز»."""
    return "ال" + text[2:] if text.startswith("لل") else text[1:]


def bare(word: str) -> str:
    """A lexicon form without its article, the key tokens are compared on."""
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


def keys(word: str) -> frozenset[str]:
    """Every stem of ``word`` after peeling plausible clitics, article-less.

    Worked out once per form: its :class:`Word` keeps the result.

    A capitalised Latin word also has its lower-case form («At least», «Two»):
    lexicons are written in lower case and sentences start with a capital.
    """
    if word.isascii() and not word.islower() and word.lower() != word:
        return keys(word.lower()) | {word}
    # This runs at the first sight of every word form: each stem goes straight
    # into one set through small (compiled, C-called) helpers, with no lists of
    # stems or copies of the set to loop over.
    out: set[str] = set()
    _stem(word, out)
    _without_prep(word, out)
    if len(word) > 2 and word.startswith(_CONJ):
        rest = word[1:]
        _stem(rest, out)
        _without_prep(rest, out)
    return frozenset(out)


def _without_prep(s: str, out: set[str]) -> None:
    """The stems of ``s`` with a preposition peeled, into ``out``."""
    if len(s) > 2 and s.startswith(_PREP):
        _stem(s[1:], out)
        if s.startswith("لل") and len(s) > 3:   # ل + ال with the alef dropped
            _stem("ال" + s[2:], out)


def _stem(s: str, out: set[str]) -> None:
    """``s`` and, when it has the article, ``s`` without it (:func:`bare`), each with
    its endings peeled, into ``out``."""
    _with_endings(s, out)
    if len(s) > 4 and s.startswith("ال"):
        _with_endings(s[2:], out)


def _with_endings(s: str, out: set[str]) -> None:
    """``s`` and ``s`` without a pronoun suffix, and the same for ``s`` without the
    accusative tanween (عنصراً، قتيلاً), into ``out``."""
    out.add(s)
    _without_suffix(s, out)
    if len(s) >= 4 and s.endswith("ا"):
        t = s[:-1]
        out.add(t)
        _without_suffix(t, out)


def _without_suffix(s: str, out: set[str]) -> None:
    """``s`` without its object pronoun (and ـت as ـه before one), into ``out``."""
    if not s.endswith(_SUFFIXES):   # most stems: one test, not one per suffix
        return
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) - len(suf) >= 3:
            stem = s[: -len(suf)]
            out.add(stem)
            if stem.endswith("ت"):
                out.add(stem[:-1] + "ه")
            break


@mypyc_attr(native_class=False)
class Tokens(list[Word]):
    """A document's tokens: the :class:`Word` at each position, with where it stands.

    ``starts[k]``/``ends[k]`` are token ``k``'s normalised offsets. The
    positions of a word class (number starters, negators, dual nouns,
    attribution cues) are found once per document: scanners that look at
    every sentence visit only the tokens that can start what they look for.
    """

    __slots__ = ("_where", "starts", "ends")

    def __init__(self, words: Iterable[Word] = (), starts: list[int] | None = None,
                 ends: list[int] | None = None) -> None:
        super().__init__(words)
        # The lists are kept, not copied: tokenize builds them for this object.
        self.starts: list[int] = [] if starts is None else starts
        self.ends: list[int] = [] if ends is None else ends
        self._where: dict[tuple[frozenset[str], bool], list[int]] = {}

    def span(self, t0: int, t1: int) -> tuple[int, int]:
        """Normalised offsets of tokens ``[t0, t1)`` (``t1 > t0``)."""
        return self.starts[t0], self.ends[t1 - 1]


@mypyc_attr(native_class=False)
class FormFacts(dict[Word, T]):
    """One fact about each word form, worked out on first sight and remembered.

    Looking a document's tokens up here (``map(facts.__getitem__, tokens)``)
    runs in C for every form seen before; only a new form calls ``fact``.
    Every table starts over with the form table (:data:`_MAX_WORDS`).
    """

    def __init__(self, fact: Callable[[Word], T]) -> None:
        super().__init__()
        self.fact = fact
        _TABLES[id(self)] = self

    def __missing__(self, w: Word) -> T:
        v = self[w] = self.fact(w)
        return v

    def of(self, tokens: list[Word]) -> list[T]:
        """The fact of each token, in order."""
        return list(map(self.__getitem__, tokens))

    def where(self, tokens: list[Word]) -> list[int]:
        """Indices of the tokens whose fact is true."""
        return list(compress(range(len(tokens)), map(self.__getitem__, tokens)))


#: Every live table, to start over together (a dict is unhashable: keyed by id).
_TABLES: weakref.WeakValueDictionary[int, FormFacts[Any]] = weakref.WeakValueDictionary()
#: Per word class: whether each form has a key in it (or, with digits, is one).
_CLASS_OF: dict[tuple[frozenset[str], bool], FormFacts[bool]] = {}
_MAX_MASKED = 48


def _in(w: Word, words: frozenset[str], digits: bool) -> bool:
    """Whether form ``w`` is in the class: a key in ``words`` or, with ``digits``, a digit."""
    return (digits and w.is_digit) or not words.isdisjoint(w.keys)


def _in_class(words: frozenset[str], digits: bool) -> FormFacts[bool]:
    table = _CLASS_OF.get((words, digits))
    if table is None:
        table = _CLASS_OF[(words, digits)] = FormFacts(lambda w: _in(w, words, digits))
    return table


class _ClassMasks:
    """The word classes asked for so far, each with a bit, and each form's mask of them.

    A form's mask is one dictionary lookup per key of the form (a handful)
    in ``key_bits`` — the bits of every class holding that key — instead of
    a set test per class: a new form costs the same however many classes
    there are. Past :data:`_MAX_MASKED` classes a class is looked up on its own.
    """

    def __init__(self) -> None:
        self.bit: dict[tuple[frozenset[str], bool], int] = {}
        self.key_bits: dict[str, int] = {}
        self.digit_bits = 0   # the classes that take digit tokens
        self.of_form: FormFacts[int] = FormFacts(self._mask)

    def add(self, key: tuple[frozenset[str], bool]) -> None:
        """Give a newly met class its bit; every form's mask is then redone."""
        bit = self.bit[key] = 1 << len(self.bit)
        words, digits = key
        for k in words:
            self.key_bits[k] = self.key_bits.get(k, 0) | bit
        if digits:
            self.digit_bits |= bit
        self.of_form.clear()

    def _mask(self, w: Word) -> int:
        """The bits of every class form ``w`` is in (what :func:`_in` says, per class)."""
        m = self.digit_bits if w.is_digit else 0
        key_bits = self.key_bits   # its .get called directly is a C call, a bound one is not
        for k in w.keys:
            m |= key_bits.get(k, 0)
        return m


_MASKED = _ClassMasks()


def _index(tokens: Tokens) -> None:
    """Every known class's positions in one pass over the document.

    Scanners ask for half a dozen classes per document; one lookup of each
    token's mask, then a visit of only the tokens in some class, costs less
    than a lookup of every token per class.
    """
    masks = _MASKED.of_form.of(tokens)
    found: dict[int, list[int]] = {bit: [] for bit in _MASKED.bit.values()}
    for k in compress(range(len(masks)), masks):
        m = masks[k]
        while m:
            low = m & -m
            found[low].append(k)
            m ^= low
    for key, bit in _MASKED.bit.items():
        tokens._where.setdefault(key, found[bit])


def positions(tokens: list[Word], words: frozenset[str], digits: bool = False) -> list[int]:
    """Indices of the tokens with a key in ``words`` (or, with ``digits``, a digit
    token), ascending; found once per document when ``tokens`` is a :class:`Tokens`."""
    if not isinstance(tokens, Tokens):
        return _in_class(words, digits).where(tokens)
    key = (words, digits)
    found = tokens._where.get(key)
    if found is not None:
        return found
    if key not in _MASKED.bit and len(_MASKED.bit) < _MAX_MASKED:
        _MASKED.add(key)
    if key in _MASKED.bit and not tokens._where:
        _index(tokens)   # the document's first question: answer every class at once
        found = tokens._where.get(key)
    if found is None:    # a class first met after this document was indexed
        found = tokens._where[key] = _in_class(words, digits).where(tokens)
    return found


def candidates(tokens: list[Word], words: frozenset[str], start: int, stop: int,
               digits: bool = False) -> list[int]:
    """:func:`positions` within ``[start, stop)``."""
    found = positions(tokens, words, digits)
    return found[bisect.bisect_left(found, start): bisect.bisect_left(found, stop)]


def forget_forms() -> None:
    """Start every per-form table over, as if no word had been seen.

    Done when the form table passes :data:`_MAX_WORDS` (an archive's
    vocabulary is open), and by the benchmark to measure text whose every
    word is new. Safe at any time: Tokens keep their forms, and every fact
    is worked out again on the next sight.
    """
    _WORDS.clear()
    for table in list(_TABLES.values()):
        table.clear()


_SPLIT = regex.compile(f"({_TOKEN.pattern})")


#: Punctuation written against a word or number («قتلى،», «"داعش"», «(سانا)»):
#: each is a token of its own, being no letter, mark, digit, space or apostrophe.
_PUNCT = frozenset('"()،.,:؛;!?؟-|%')


def _whole(chunk: str) -> bool:
    """Whether ``chunk`` (no spaces) is one token: all letters or all digits.

    ``isalpha`` letters are all ``\\p{L}`` and ``isdecimal`` digits all ``\\d``
    (checked over every code point in the tests), which the token pattern
    takes whole; ``isalnum`` comes first as the one test mypyc runs natively.
    """
    return chunk.isalnum() and (chunk.isalpha() or chunk.isdecimal())


def tokenize(norm: NormText | str, start: int = 0, end: int | None = None) -> Tokens:
    """Tokens of ``norm.text[start:end]`` with offsets into ``norm.text``."""
    text = norm.text if isinstance(norm, NormText) else norm
    if start or end is not None:
        text = text[start:end]
    if len(_WORDS) > _MAX_WORDS:
        forget_forms()
    words: list[Word] = []
    starts: list[int] = []
    ends: list[int] = []
    # A space never belongs to a token, so the text is cut at spaces first (in
    # C, one string per chunk): most chunks are one token, told by string tests.
    at = start
    forms = _WORDS
    for chunk in text.split(" "):
        if chunk:
            if _whole(chunk):   # most chunks: one token, added here (_add, without a call)
                words.append(forms[chunk])
                starts.append(at)
                ends.append(at + len(chunk))
            else:
                _tokens_of(chunk, at, words, starts, ends)
        at += len(chunk) + 1   # the chunk and the space after it
    return Tokens(words, starts, ends)


def _tokens_of(chunk: str, at: int, words: list[Word], starts: list[int], ends: list[int]) -> None:
    """Append the tokens of ``chunk`` (text without spaces, at offset ``at``).

    A word or number, alone or between punctuation marks, and the lines of a
    chunk are told by string tests; only what remains («و40», «9:30», marks)
    goes through the token pattern, several times slower per token. (A chunk
    that is one whole token needs no test of its own: no punctuation mark is
    a letter or digit, so it comes out of the first branch as itself.)
    """
    n = len(chunk)
    i, j = 0, n
    while i < n and chunk[i] in _PUNCT:
        i += 1
    while j > i and chunk[j - 1] in _PUNCT:
        j -= 1
    if i == j or _whole(chunk[i:j]):
        for k in range(i):
            _add(chunk[k], at + k, words, starts, ends)
        if j > i:
            _add(chunk[i:j], at + i, words, starts, ends)
        for k in range(j, n):
            _add(chunk[k], at + k, words, starts, ends)
    elif "\n" in chunk:   # a newline never belongs to a token either
        for line in chunk.split("\n"):
            if line:
                _tokens_of(line, at, words, starts, ends)
            at += len(line) + 1
    else:
        # Split with the token pattern captured: [gap, token, gap, token, ..., gap].
        pieces = _SPLIT.split(chunk)
        for k in range(1, len(pieces), 2):
            at = _add(pieces[k], at + len(pieces[k - 1]), words, starts, ends)


def _add(tok: str, at: int, words: list[Word], starts: list[int], ends: list[int]) -> int:
    """Append token ``tok`` found at offset ``at``; return its end."""
    words.append(_WORDS[tok])
    starts.append(at)
    at += len(tok)
    ends.append(at)
    return at
