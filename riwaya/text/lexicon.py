"""Lexicons as data: load the YAML files in ``riwaya/data`` and match phrases.

Linguists extend riwaya by editing those files; this module turns each list
of phrases into a :class:`PhraseIndex` that finds them in a token list,
tolerating clitics on every word (see :mod:`riwaya.text.tokens`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Generic, TypeVar

from riwaya.text.normalize import fold
from riwaya.text.tokens import FormFacts, Word, bare, candidates, tokenize
from riwaya.text.yaml_data import load

T = TypeVar("T")

class WordListError(LookupError):
    """A data file lacks a word list the code asks for, or holds something else under its key."""


@cache
def word_list(name: str, key: str) -> tuple[str, ...]:
    """The words under ``key`` in ``riwaya/data/<name>.yaml``, as written and in order.

    Modules read their vocabulary through this at import, so a linguist's
    typo (a renamed key, a mapping where a list belongs, an unquoted number)
    stops the run at once with the file and key named, rather than leaving a
    list silently empty. Callers that compare folded, article-less keys use
    :func:`words_of`; those that compare whole words fold the entries
    themselves, and the few that compare the text as written take them as is.
    """
    where = f"riwaya/data/{name}.yaml"
    data = load(name)
    if not isinstance(data, dict) or key not in data:
        raise WordListError(f"{where}: no list under the key {key!r}")
    items = data[key]
    if not isinstance(items, list):
        raise WordListError(f"{where}: {key!r} should be a list of words, not {type(items).__name__}")
    odd = [item for item in items if not isinstance(item, str)]
    if odd:
        raise WordListError(f"{where}: {key!r} holds {odd!r}, which are not words (quote them)")
    return tuple(items)


@cache
def words_of(name: str, key: str) -> frozenset[str]:
    """:func:`word_list` as a :func:`word_set`: the form token-key membership tests take."""
    return word_set(word_list(name, key))


@cache
def folded_words(name: str, key: str) -> frozenset[str]:
    """:func:`word_list` folded but keeping its article: the form for code that
    compares whole folded words or token texts, not clitic-peeled keys."""
    return frozenset(fold(str(w)) for w in word_list(name, key))


def phrase_key(phrase: str) -> tuple[str, ...]:
    """A phrase as the tuple of article-less folded words it must match."""
    return tuple(bare(t.text) for t in tokenize(fold(str(phrase))))


class PhraseIndex(Generic[T]):
    """Find lexicon phrases in token lists; the longest phrase at a position wins."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, payload in items:
            key = phrase_key(phrase)
            if key:
                self._by_first.setdefault(key[0], []).append((key, payload))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Most tokens start (or end) no phrase: one C-level set test rejects them.
        self._firsts = frozenset(self._by_first)
        self._lasts = frozenset(key[-1] for entries in self._by_first.values()
                                for key, _ in entries)
        self._longest = max((len(key) for entries in self._by_first.values()
                             for key, _ in entries), default=0)
        # Per word form, the phrases it can start: worked out once per form.
        self._starting: FormFacts[tuple[tuple[tuple[str, ...], T], ...]] = FormFacts(self._entries_of)

    @property
    def firsts(self) -> frozenset[str]:
        """Every key a phrase can start with: callers scanning many tokens for
        several indexes reject a token with one set test on their union."""
        return self._firsts

    def _entries_of(self, w: Word) -> tuple[tuple[tuple[str, ...], T], ...]:
        """The phrases a form can start, in the order :meth:`match_at` tries them
        (the form's keys in turn, each key's phrases longest first)."""
        if self._firsts.isdisjoint(w.keys):
            return ()
        return tuple(e for k in w.keys for e in self._by_first.get(k, ()))

    def match_at(self, tokens: list[Word], i: int) -> tuple[int, T] | None:
        """The longest phrase starting at token ``i``: (number of tokens, payload)."""
        entries = self._starting[tokens[i]]
        if not entries:
            return None
        n_tokens = len(tokens)
        for key, payload in entries:
            n = len(key)
            if i + n > n_tokens:
                continue
            j = 1
            while j < n and key[j] in tokens[i + j].keys:
                j += 1
            if j == n:
                return n, payload
        return None

    def match_ending_at(self, tokens: list[Word], end: int, max_len: int = 6) -> tuple[int, T] | None:
        """The longest phrase whose last token is ``tokens[end - 1]``."""
        best: tuple[int, T] | None = None
        if end <= 0 or self._lasts.isdisjoint(tokens[end - 1].keys):
            return None
        for n in range(1, min(max_len, self._longest, end) + 1):
            hit = self.match_at(tokens, end - n)
            if hit and hit[0] == n and (best is None or n > best[0]):
                best = hit
        return best

    def find_all(self, tokens: list[Word], start: int = 0, end: int | None = None) -> list[tuple[int, int, T]]:
        """Non-overlapping matches left to right: (first token, end token, payload).

        Only tokens that can start a phrase are tried, and callers scan every
        sentence of a document: the positions of possible first words are
        found once for the document (see :func:`riwaya.text.tokens.positions`)
        and each call takes its range of them.
        """
        out: list[tuple[int, int, T]] = []
        stop = len(tokens) if end is None else end
        starts = candidates(tokens, self._firsts, start, stop)
        taken = start   # tokens before this are inside a match already found
        for i in starts:
            if i >= taken:
                hit = self.match_at(tokens, i)
                if hit and i + hit[0] <= stop:
                    out.append((i, i + hit[0], hit[1]))
                    taken = i + hit[0]
        return out

    def __contains__(self, word: str) -> bool:
        return any(len(k) == 1 for k, _ in self._by_first.get(bare(fold(word)), ()))


def word_set(words: Iterable[str]) -> frozenset[str]:
    """Folded, article-less single words for quick membership tests on token keys."""
    return frozenset(bare(fold(str(w))) for w in words)


def hits(token: Word, words: frozenset[str]) -> bool:
    """Whether any stem of ``token`` is in ``words``."""
    return not words.isdisjoint(token.keys)
