"""Arabic normalisation that keeps a map back to the original offsets.

Matching Arabic news prose needs folded text: no diacritics or tatweel, one
alef, ya for alef maqsura, ha for ta marbuta, ASCII digits, one kind of
space and of quote mark. Every rule here either maps one character to one
character or deletes it, so the normalised text carries ``pos``: for each
normalised character, its offset in the original. A match in normalised
text is therefore always a span of the original, which is what evidence
must quote.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import overload

# Characters dropped entirely: harakat, Quranic marks, tatweel, superscript
# alef, bidi controls, zero-width characters, soft hyphen.
_DELETE = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u00ad", "\u061c"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff"]
)

_FOLD: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "٬": ",", "٫": ".", "،": "،", "؛": "؛",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "‒": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\t": " ",
    "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)   # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)   # Extended (Persian/Urdu) digits


class OffsetMap(Sequence[int]):
    """``pos[i]``, the original offset of normalised character ``i``, from the
    deleted characters alone.

    News text carries a diacritic every few dozen words (tanween in «أيضاً»),
    so nearly every document deletes something; a list of every offset costs
    more than the folding itself, while callers ask for a few hundred. Each
    lookup is a bisection over ``marks``: the normalised index each deleted
    character sits before.
    """

    __slots__ = ("_deleted", "_marks", "_len")

    def __init__(self, deleted: list[int], original_length: int) -> None:
        self._deleted = deleted
        self._marks = [d - j for j, d in enumerate(deleted)]
        self._len = original_length - len(deleted) + 1

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...

    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        return i + bisect.bisect_right(self._marks, i)

    def to_norm(self, offset: int) -> int:
        """The first normalised index whose original offset is ``>= offset``."""
        return max(0, min(offset - bisect.bisect_left(self._deleted, offset), self._len - 1))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._deleted, self._len) == (other._deleted, other._len)
        return isinstance(other, Sequence) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash((tuple(self._deleted), self._len))


# __init__ is written out: the compiled build runs a dataclass's generated one as
# interpreted code, and every normalize call makes one. Frozen: it sets each field
# through object.__setattr__, as the generated one does.
@dataclass(frozen=True, init=False)
class NormText:
    """Normalised text plus ``pos[i]`` = original offset of normalised char ``i``.

    ``pos`` has one extra entry, the original length, so that an end offset
    equal to ``len(text)`` maps too.
    """

    text: str
    pos: OffsetMap
    original_length: int

    def __init__(self, text: str, pos: OffsetMap, original_length: int) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "pos", pos)
        object.__setattr__(self, "original_length", original_length)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the original text."""
        if end <= start:
            o = self.pos[start] if start < len(self.pos) else self.original_length
            return o, o
        return self.pos[start], self.pos[end - 1] + 1

    def to_norm(self, offset: int) -> int:
        """The first normalised index whose original offset is ``>= offset``."""
        return self.pos.to_norm(offset)


#: (character, replacement) for every change, deletions as "". No replacement
#: is itself replaced, so applying them one after another equals one
#: simultaneous translation; ``str.replace`` runs at memory speed while
#: ``str.translate`` with a dict looks every character up (5x slower on Arabic).
_REPLACE = tuple(sorted({**{c: "" for c in _DELETE}, **{k: v for k, v in _FOLD.items() if k != v}}.items()))
assert not {v for _k, v in _REPLACE} & {k for k, _v in _REPLACE}
# The stdlib ``re`` scans a character class six times faster than ``regex``.
#: Every character normalisation deletes, for patterns that read raw text.
DELETED_CHARS = "".join(sorted(_DELETE))
_DELETED = re.compile("[" + re.escape(DELETED_CHARS) + "]")


def normalize(text: str) -> NormText:
    """Fold ``text`` for matching; see the module docstring for the rules.

    One ``str.replace`` per character present does the folding; the offset
    map only has to skip the (rare) deleted characters, so text without
    diacritics maps by identity.
    """
    folded = text
    for ch, rep in _REPLACE:
        if ch in folded:
            folded = folded.replace(ch, rep)
    n = len(text)
    if len(folded) == n:
        return NormText(folded, OffsetMap([], n), n)
    return NormText(folded, OffsetMap([m.start() for m in _DELETED.finditer(text)], n), n)


def span_with_marks(nt: NormText, text: str, a: int, b: int) -> tuple[int, int]:
    """Map a normalised span back, keeping trailing diacritics and tatweel of its last word."""
    s, e = nt.span(a, b)
    while e < len(text) and (unicodedata.category(text[e]) == "Mn" or text[e] == "\u0640"):
        e += 1
    return s, e


def lower_same_length(s: str) -> str:
    """Lower-case without changing the length, so offsets survive.

    ``str.lower`` never shortens a character, so an equal length means every
    character stayed one character; only then is the fast path exact.
    """
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Normalise a lexicon entry or a name the same way as document text."""
    return normalize(s).text.strip()
