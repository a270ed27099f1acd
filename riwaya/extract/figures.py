"""Figures: numbers with their hedge or range, minus numbers that are not counts.

A figure is what the contract's qualifier table describes: a number (or two,
for a range) with the hedge words around it. Dates, years, times, ages,
durations, distances, areas, money, percentages, labels (العدد 323، القرار
2254) and file names are numbers but not figures; ``data/not_figures.yaml``
lists the words that give them away.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from riwaya.extract.numbers import Number, find_numbers, follows_its_noun
from riwaya.text.lexicon import PhraseIndex, hits, load, word_set, words_of
from riwaya.text.tokens import Tokens, Word, glued

# Character patterns that are never counts: dates, clock times, phone numbers,
# file names, URLs. Matched on normalised text before tokens are read.
_NOT_COUNTS = regex.compile(
    r"\d{1,4}\s?[./\-]\s?\d{1,2}\s?[./\-]\s?\d{1,4}"      # 2022.01.22, 22/1/2022
    r"|\d{1,2}:\d{2}(?::\d{2})?"                         # 19:01
    # Phone numbers; a run starts only where no digit precedes, so a
    # megabyte of «1 1 1 …» is scanned once, not once per digit. (Two fixed
    # lookbehinds, not one of 1–2 characters, and the case-blind flag on the
    # web addresses alone: the same spans, found a third faster.)
    r"|(?<!\d)(?<!\d[\s\-])\+?\d[\d\s\-]{8,}\d"
    r"|(?i:https?://\S+|www\.\S+)",
)
_INF = float("inf")
#: File names end in an extension; the name is the whole word around it.
_FILE_EXT = regex.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp4|html?)\b", regex.IGNORECASE)


# Never changed once made, but not frozen: a frozen dataclass sets each field through
# object.__setattr__, five times the cost, and extraction makes one per figure.
@dataclass(slots=True, unsafe_hash=True)
class FigureCandidate:
    """A figure at tokens ``[i, j)`` (hedge included); the number itself at ``[vi, vj)``."""

    i: int
    j: int
    vi: int
    vj: int
    low: int | None
    high: int | None
    qualifier: str
    vague: bool = False
    self_counted: bool = False   # a dual noun ("جنديين") that is its own counted noun


@dataclass(frozen=True)
class _Lex:
    before: PhraseIndex[str]
    after: PhraseIndex[str]
    between: PhraseIndex[str]
    to_words: frozenset[str]
    units: PhraseIndex[str]
    labels: frozenset[str]
    months: PhraseIndex[str]
    ages: PhraseIndex[str]
    counted: frozenset[str]   # people nouns: a year-like number before one is a count


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    h = load("hedges")
    nf = load("not_figures")
    q = load("quantities")
    return _Lex(
        before=PhraseIndex((p, q) for q, ps in h["before"].items() for p in ps),
        after=PhraseIndex((p, q) for q, ps in h["after"].items() for p in ps),
        between=PhraseIndex((p, "between") for p in h["range_between"]),
        to_words=word_set(h["range_to"]),
        units=PhraseIndex((u, kind) for kind, us in nf["units_after"].items() for u in us),
        labels=word_set(nf["labels_before"]),
        months=PhraseIndex((m, "month") for m in nf["months"]),
        ages=PhraseIndex((a, "age") for a in nf["age_before"]),
        counted=word_set([*q["people_nouns"], *(w for spec in q["quantities"].values() for w in spec.get("nouns", []))])
        | words_of("not_figures", "counted_others"),
    )


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Normalised-text spans (dates, times, phones, files, URLs) where no figure starts.

    Sorted and merged (disjoint), so membership is one bisection.

    Computed once per document (see :func:`find_figures`'s ``skip``). File
    names («3-64.jpg») are found from their extension outwards, which stays
    linear however long a word without spaces is.
    """
    spans = [(m.start(), m.end()) for m in _NOT_COUNTS.finditer(text)]
    for m in _FILE_EXT.finditer(text):
        a = m.start()
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        if any(ch.isdigit() for ch in text[a:m.start()]):
            spans.append((a, m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _in_spans(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of the sorted, disjoint ``spans``."""
    k = bisect_right(spans, (pos, _INF))
    return k > 0 and spans[k - 1][0] <= pos < spans[k - 1][1]


def _glued_to_name(tokens: Tokens, i: int) -> bool:
    """«دارفور24», «عربي21», «Channel4»: digits written onto a word (no space) end a name.

    Clitics alone («و12 جريحاً», «وب5 قذائف») or a tatweel («بـ4») are no name.
    """
    if i == 0 or not tokens[i].is_digit or tokens.ends[i - 1] != tokens.starts[i]:
        return False
    prev = tokens[i - 1].text
    return tokens[i - 1].is_word and not prev.endswith("ـ") and not all(c in _CLITICS for c in prev)


_CLITICS = frozenset("وفبلك")


def _is_year(n: Number, tokens: list[Word]) -> bool:
    tok = tokens[n.i]
    if not (n.j == n.i + 1 and tok.is_digit and len(tok.text) == 4 and 1900 <= n.low <= 2100):
        return False
    # «نحو 2100 آخرين», «أكثر من 2000 شخص»: a hedge before or people after make it a count.
    lex = _lex()
    if n.i > 0 and _hedge_before(tokens, n.i, lex):
        return False
    return not (n.j < len(tokens) and hits(tokens[n.j], lex.counted))


def _not_a_count(n: Number, tokens: list[Word], lex: _Lex, next_i: int, look_back: bool = True) -> bool:
    """Whether the words around ``n`` show it is a measure, date, age or label."""
    if next_i < len(tokens):
        unit = lex.units.match_at(tokens, next_i)
        if unit:
            return True
        if lex.months.match_at(tokens, next_i):
            return True
        # "25 من كانون الأول": a day number.
        if tokens[next_i].text == "من" and next_i + 1 < len(tokens) and lex.months.match_at(tokens, next_i + 1):
            return True
        if tokens[next_i].text == "%":
            return True
    if n.i > 0 and look_back:
        prev = tokens[n.i - 1]
        if prev.text in ("ال", "الـ", "#", "№") or (prev.text == "-" and n.i > 1 and tokens[n.i - 2].is_digit):
            return True
        if not n.vague and hits(prev, lex.labels) and prev.is_word:
            return True
        if lex.months.match_ending_at(tokens, n.i, 3):
            return True
        if lex.ages.match_ending_at(tokens, n.i, 4):
            return True
        if prev.text == "(" and n.j < len(tokens) and tokens[n.j].text == ")" and _is_year(n, tokens):
            return True
    if _is_year(n, tokens):
        return True
    # A lone "واحد"/"أحد" is an adjective or a pronoun ("قتيل واحد", "أحد العناصر").
    if not n.vague and n.low == 1 and n.j == n.i + 1 and tokens[n.i].is_word:
        return True
    return False


def _hedge_before(tokens: list[Word], i: int, lex: _Lex) -> tuple[int, str] | None:
    return lex.before.match_ending_at(tokens, i, 5)


#: Hedges that bound a figure from one side; only these are said as verbs
#: ahead of the figure's subject («تجاوز عدد القتلى 40 ألفاً»).
_BOUNDS = {"at_least": (True, False), "more_than": (True, False),
           "at_most": (False, True), "less_than": (False, True)}


def bounded(low: int | None, high: int | None, qualifier: str) -> tuple[int | None, int | None]:
    """The figure's (low, high) under ``qualifier``: «more than 40» has no upper bound."""
    keep_low, keep_high = _BOUNDS.get(qualifier, (True, True))
    return (low if keep_low else None), (high if keep_high else None)


def hedge_before_subject(tokens: list[Word], t0: int, start: int) -> tuple[int, str] | None:
    """«تجاوز عدد الشهداء 40 ألفاً», «لم يتجاوز عدد القتلى 12»: a bounding hedge before
    the words (``t0`` …) that frame an unhedged figure: (its tokens, its qualifier)."""
    if t0 <= start:
        return None
    lex = _lex()
    hedge = _hedge_before(tokens, t0, lex)
    if hedge is None or t0 - hedge[0] < start or hedge[1] not in _BOUNDS:
        return None
    if lex.after.match_at(tokens, t0 - hedge[0]):   # «قتل 12 على الأقل وأصيب 30»: the figure before's
        return None
    return hedge


#: Words that end the group a «من» names: a hedge past them is another figure's.
_GROUP_ENDS = words_of("hedges", "group_ends")


def _after_hedge_spots(tokens: list[Word], j: int, stop: int, next_number: int) -> tuple[int, ...]:
    """Where a hedge after the figure ending at ``j`` may stand: right after it, after
    its counted noun, or after «(noun) من X [Y]» (not past punctuation or the next number)."""
    of = j + 1 if j + 1 < stop and tokens[j + 1].text == "من" else j if j < stop and tokens[j].text == "من" else -1
    if of < 0:
        # «ثمانية جنود باكستانيين على الأقل»: also after one adjective of the noun.
        if j + 2 < min(stop, next_number) and tokens[j].is_word and tokens[j + 1].is_word \
                and not tokens[j + 1].text.startswith(("و", "ف")):
            return (j, j + 1, j + 2)
        return (j, j + 1)
    limit = min(stop, next_number)
    spots = [j, j + 1]
    for at in (of + 2, of + 3):
        if at <= limit and all(tokens[m].is_word and not hits(tokens[m], _GROUP_ENDS) for m in range(of + 1, at)):
            spots.append(at)
    return tuple(spots)


def find_figures(tokens: Tokens, text: str, start: int = 0, end: int | None = None,
                 skip: Sequence[tuple[int, int]] | None = None) -> list[FigureCandidate]:
    """Figures among ``tokens[start:end]``; ``text`` is the normalised text they index.

    ``skip`` is ``excluded_spans(text)``, passed by a caller that scans many
    sentences of one text so the spans are found once.
    """
    lex = _lex()
    stop = len(tokens) if end is None else end
    if skip is None:
        skip = excluded_spans(text[tokens.starts[start]: tokens.ends[stop - 1]]) if stop > start else []
        base = tokens.starts[start] if stop > start else 0
        skip = [(a + base, b + base) for a, b in skip]
    numbers = [n for n in find_numbers(tokens, start, stop)
               if not _in_spans(tokens.starts[n.i], skip) and not _glued_to_name(tokens, n.i)]
    out: list[FigureCandidate] = []
    low: int | None
    high: int | None
    used: set[int] = set()
    for k, n in enumerate(numbers):
        if k in used:
            continue
        # Ranges: "بين 25 و40", "من 25 إلى 40", "25 - 40", "25 إلى 40".
        nxt = numbers[k + 1] if k + 1 < len(numbers) else None
        if nxt is not None and not n.vague and not nxt.vague and nxt.low > n.low:
            gap = [t.text.lower() for t in tokens[n.j: nxt.i]]
            between = lex.between.match_ending_at(tokens, n.i, min(3, n.i - start))
            is_range = (
                gap in (["-"], ["و"], ["الى"], ["إلى"], ["حتى"], ["او"], ["أو"], ["and"], ["to"], ["or"])
                or (len(gap) == 1 and hits(tokens[n.j], lex.to_words))
                or (between is not None and gap in (["و"], ["-"]))
                # «بين عشرين وثلاثين»: the و is glued to the second number word.
                or (between is not None and not gap and tokens[nxt.i].text.startswith("و"))
            )
            if is_range and n.i > start and (lex.months.match_ending_at(tokens, n.i, 3)
                                             or hits(tokens[n.i - 1], lex.labels)):
                is_range = False   # «منذ 7 أكتوبر 2023 إلى 52 ألفاً»: a date, then the figure
            if is_range and (gap not in (["و"], ["and"]) or between is not None):
                if _not_a_count(nxt, tokens, lex, nxt.j, look_back=False):   # "5 - 7 كم مربع"
                    used.add(k + 1)
                    continue
                i = n.i - between[0] if between else n.i
                if not between and n.i > 0 and tokens[n.i - 1].text in ("من",):
                    i = n.i - 1
                qual, j = "range", nxt.j
                after = lex.after.match_at(tokens, j) if j < stop else None
                low = n.low
                # "من 10 إلى 15 ألف": the scale word of the second bound applies to both.
                if nxt.j - nxt.i == 2 and tokens[nxt.i].is_digit and n.j - n.i == 1 and nxt.low >= 1000:
                    scale = nxt.low // max(1, int(float(tokens[nxt.i].text.replace(",", ""))))
                    if scale > 1 and n.low * scale < nxt.low:
                        low = n.low * scale
                out.append(FigureCandidate(i, j + (after[0] if after else 0), n.i, nxt.j, low, nxt.high, qual))
                used.add(k + 1)
                continue
        if _after_its_noun(tokens, n, start, lex):
            out.append(_noun_and_number(tokens, n, stop, lex))
            continue
        if _not_a_count(n, tokens, lex, n.j):
            continue
        i, qual = n.i, "vague" if n.vague else "exact"
        low, high = n.low, n.high
        hedge = _hedge_before(tokens, n.i, lex) if n.i > start else None
        if hedge and n.i - hedge[0] < start:   # a hedge ending the line before is not this one's
            hedge = None
        j = n.j
        if not n.vague:
            if hedge:
                i -= hedge[0]
                qual = hedge[1]
            else:
                # A hedge after the number, or after its counted noun, or after
                # the group that noun is of («27 لاجئاً من الروهينغا على الأقل»).
                for at in _after_hedge_spots(tokens, n.j, stop, numbers[k + 1].i if k + 1 < len(numbers) else stop):
                    if at < stop:
                        after = lex.after.match_at(tokens, at)
                        if after:
                            qual = after[1]
                            j = at + after[0] if at == n.j else j
                            break
            low, high = bounded(low, high, qual)
        out.append(FigureCandidate(i, j, n.i, n.j, low, high, qual, vague=n.vague))
    return out


def _after_its_noun(tokens: Tokens, n: Number, start: int, lex: _Lex) -> bool:
    """«شرطي واحد», «مدنيان اثنان»: one or two after an indefinite people noun."""
    if n.j - n.i != 1 or n.i <= start or not follows_its_noun(tokens[n.i]):
        return False
    noun = tokens[n.i - 1]
    if not hits(noun, lex.counted) or noun.text.startswith(("ال", "وال", "بال", "لل", "فال")):
        return False
    # «من عائلة واحدة», «لعائلة واحدة»: "of a single family" says who, not how many.
    return not glued(noun, "بل") and not (n.i - 2 >= start and tokens[n.i - 2].text in ("من", "of"))


def _noun_and_number(tokens: Tokens, n: Number, stop: int, lex: _Lex) -> FigureCandidate:
    """The figure of a noun and the «واحد»/«اثنان» after it: both words are the
    figure and the noun counts itself, as a dual noun does («جنديين»)."""
    vi = n.i - 1
    qual, i, j = "exact", vi, n.j
    hedge = _hedge_before(tokens, vi, lex) if vi > 0 else None
    if hedge:
        qual, i = hedge[1], vi - hedge[0]
    elif j < stop and (after := lex.after.match_at(tokens, j)):   # «جندي واحد على الأقل»
        qual, j = after[1], j + after[0]
    low, high = bounded(n.low, n.high, qual)
    return FigureCandidate(i, j, vi, n.j, low, high, qual, self_counted=True)
