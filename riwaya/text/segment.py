"""Sentences, clauses, quotations and page furniture in normalised text.

Arabic news prose runs long sentences joined by commas (،), which are not
sentence ends; a clause boundary is a comma, semicolon or colon. Speech is
quoted with «», “” or plain quotes (all folded to '"'): a long quotation is
the words of whoever introduced it. Furniture — share buttons, "اقرأ
أيضاً", image file names, font-size widgets (``data/furniture.yaml``) — sits
on lines of its own and is marked so that it yields no claims.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from riwaya.text.lexicon import load
from riwaya.text.normalize import fold
from riwaya.text.tokens import Tokens, Word, positions

# Only each match's end is used (a sentence ends there): a stop and its
# closing marks before a space, or a run of newlines. Written with one leading
# character class (the newline branch looks back at it) so the stdlib ``re``
# skips to candidate characters instead of trying two branches at each one:
# three times faster than «[.!?؟…]["')\]]*(?=\s)|\n+», which it equals.
_SENT_END = re.compile(r'[.!?؟…\n](?:(?<=\n)\n*|(?<!\n)["\')\]]*(?=\s))')
_CLAUSE_MARKS = frozenset({"،", ",", "؛", ";", ":"})
_QUOTE = frozenset({'"'})
_SPEECH_MIN_TOKENS = 5
#: Longest sentence (in tokens) handed to the extractor. Several steps scan the
#: sentence (or clause) once per figure, so a megabyte with no full stop would
#: cost quadratic time; real sentences are far shorter than this, and an
#: over-long one is cut after its last clause mark before the cap, else at it.
MAX_SENTENCE_TOKENS = 300


# The compiled build runs a dataclass's generated __init__ as interpreted code,
# and a document makes a sentence every few dozen tokens: __init__ is written out.
@dataclass(slots=True, init=False)
class Sentence:
    """A sentence as normalised offsets and the token range it covers."""

    start: int
    end: int
    t0: int
    t1: int
    furniture: bool
    line_start: bool
    clause_marks: list[int]
    quotes: list[tuple[int, int]]   # token ranges of speech

    def __init__(self, start: int, end: int, t0: int, t1: int, furniture: bool = False,
                 line_start: bool = True, clause_marks: list[int] | None = None,
                 quotes: list[tuple[int, int]] | None = None) -> None:
        self.start = start
        self.end = end
        self.t0 = t0
        self.t1 = t1
        self.furniture = furniture
        self.line_start = line_start
        self.clause_marks = [] if clause_marks is None else clause_marks
        self.quotes = [] if quotes is None else quotes

    def clause_of(self, t: int) -> tuple[int, int]:
        """The token range of the clause holding token ``t``."""
        a, b = self.t0, self.t1
        for m in self.clause_marks:
            if m < t:
                a = m + 1
            elif m > t:
                b = m
                break
        return a, b

    def quote_of(self, t: int) -> tuple[int, int] | None:
        """The speech quotation holding token ``t`` (its opening and closing marks)."""
        for a, b in self.quotes:
            if a < t < b:
                return a, b
        return None


#: What is stripped around a line before it is compared with the listed ones.
_KEY_ENDS = " .:|-"


@lru_cache(maxsize=1)
def _furniture() -> tuple[frozenset[str], regex.Pattern[str], frozenset[str], int]:
    """Furniture lines, patterns and list headers, and the length of the longest listed line."""
    data = load("furniture")
    lines = frozenset(fold(str(x)).lower() for x in data["lines"])
    # One alternation, one search per line (not one per pattern); each is
    # compiled alone first so a bad pattern is named by itself.
    pats = [regex.compile(p, regex.IGNORECASE).pattern for p in data["patterns"]]
    either = regex.compile("|".join(f"(?:{p})" for p in pats) or "(?!)", regex.IGNORECASE)
    headers = frozenset(fold(str(x)).lower() for x in data.get("list_headers", []))
    return lines, either, headers, max(map(len, lines | headers), default=0)


def is_furniture(line: str) -> bool:
    """Whether a whole (normalised) line is page furniture (a list header is)."""
    s = line.strip()
    if not s:
        return True
    lines, either, headers, longest = _furniture()
    # The key is never shorter than the line without its end marks (lower-casing
    # only lengthens): a prose line is not lower-cased for a set it cannot be in.
    if len(s.strip(_KEY_ENDS)) <= longest:
        key = s.lower().strip(_KEY_ENDS)
        if key in lines or key in headers:
            return True
    return either.search(s) is not None


#: A line in a list of headlines is short and has no full stop at its end.
_LIST_ITEM_MAX = 150


def is_list_header(line: str) -> bool:
    """Whether a (normalised) line heads a list of other articles («مقالات ذات صلة»)."""
    return line.strip().lower().strip(_KEY_ENDS) in _furniture()[2]


def is_list_item(line: str) -> bool:
    """Whether a line under a list header reads as one more headline, not as prose."""
    s = line.strip()
    return 0 < len(s) <= _LIST_ITEM_MAX and not s.endswith((".", "؛", ";", "،", ","))


#: A line followed by a blank line or the end of the text.
_BLANK_NEXT = re.compile(r'[ \t]*(?:\n|\Z)')


def _line_furniture(text: str, a: int, b: int, in_list: bool, item_end: int) -> tuple[bool, bool, int]:
    """Whether the line ``text[a:b]`` is furniture, given the lines above it.

    Returns (furniture, still in a list of headlines, end of the last
    headline line or -1). Under a list header («اقرأ المزيد», «قصص مقترحة»)
    each short headline line is furniture, and so is a teaser's summary: one
    line of prose right under its headline (no blank line between) and
    closed by a blank line or the end. A prose line after a blank line ends
    the list: it is the report again.
    """
    line = text[a:b]
    if is_furniture(line):
        return True, in_list or is_list_header(line), item_end   # a blank line keeps the list
    if not in_list:
        return False, False, -1
    if is_list_item(line):
        return True, True, b
    if item_end >= 0 and text[item_end:a] == "\n" and (b >= len(text) or _BLANK_NEXT.match(text, b + 1)):
        return True, True, -1
    return False, False, -1


def split_sentences(text: str, tokens: Tokens) -> list[Sentence]:
    """Sentences of ``text`` (normalised) with their token ranges and clauses."""
    bounds: list[tuple[int, int, bool]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if m.end() > pos:
            bounds.append((pos, m.end(), text[pos - 1: pos] in ("", "\n") or pos == 0))
            pos = m.end()
    if pos < len(text):
        bounds.append((pos, len(text), text[pos - 1: pos] in ("", "\n")))
    out: list[Sentence] = []
    t = 0
    # Clause marks and quote marks found once per document; every sentence
    # then takes its share without walking its tokens.
    starts, ends = tokens.starts, tokens.ends
    marks = positions(tokens, _CLAUSE_MARKS)
    quote_marks = positions(tokens, _QUOTE)
    mi = qi = 0
    # The line around each sentence, found incrementally: searching from the
    # text's start (or re-testing furniture) per sentence is quadratic on a
    # long line of many sentences.
    line_a, line_end, seen_a = 0, -1, 0
    furniture = False
    in_list = False   # under a «مقالات ذات صلة»-like header: headline lines are furniture
    item_end = -1     # where the last headline line of that list ended
    for a, b, line_start in bounds:
        t0 = _first_from(starts, t, a)
        t = _first_from(starts, t0, b)
        if t == t0:
            continue
        nl = text.rfind("\n", seen_a, a)
        seen_a = a
        # A sentence ended by a line break holds the break(s): its line ends before them.
        e = b
        while e > a and text[e - 1] == "\n":
            e -= 1
        if nl >= 0 or line_end < 0 or e > line_end:
            line_a = nl + 1 if nl >= 0 else line_a
            nl_b = text.find("\n", e)
            line_end = nl_b if nl_b >= 0 else len(text)
            furniture, in_list, item_end = _line_furniture(text, line_a, line_end, in_list, item_end)
        p = t0
        while p < t:
            q = _cut(tokens, p, t)
            # Pieces come in text order: each takes the marks from where the last one's ended.
            m0 = _first_from(marks, mi, p)
            mi = _first_from(marks, m0, q)
            s = Sentence(starts[p], ends[q - 1], p, q, furniture, line_start and p == t0,
                         marks[m0:mi])
            q0 = _first_from(quote_marks, qi, p)
            qi = _first_from(quote_marks, q0, q)
            for o in range(q0, qi - 1, 2):
                qa, qb = quote_marks[o], quote_marks[o + 1]
                if qb - qa - 1 >= _SPEECH_MIN_TOKENS:
                    s.quotes.append((qa, qb))
            out.append(s)
            p = q
    return out


def _first_from(found: list[int], i: int, t: int) -> int:
    """The first index from ``i`` on where ``found`` (ascending) is ``t`` or more.

    What ``bisect_left(found, t, i)`` answers, stepping instead: sentences ask
    in text order, each a few tokens or marks on from the last (so all the
    steps of a document add up to its length), and a compiled step costs far
    less than a call to bisect."""
    while i < len(found) and found[i] < t:
        i += 1
    return i


def _cut(tokens: Sequence[Word], p: int, t: int) -> int:
    """End of the sentence piece starting at ``p`` (see :data:`MAX_SENTENCE_TOKENS`)."""
    if t - p <= MAX_SENTENCE_TOKENS:
        return t
    limit = p + MAX_SENTENCE_TOKENS
    for k in range(limit - 1, p + MAX_SENTENCE_TOKENS // 2, -1):
        if tokens[k].text in _CLAUSE_MARKS:
            return k + 1
    return limit
