"""Cardinal numbers in Arabic (and English) prose: digits, words, vague amounts.

Digits come in both scripts (folded to ASCII by normalisation) with
thousands separators; words compose by the ordinary Arabic rules — units,
teens, tens joined by و, hundreds, and scale words (ألف، آلاف، مليون) that
multiply what precedes them; duals of scale words stand alone (ألفين = 2000).
Vague amounts (عشرات، مئات، آلاف، عشرات الآلاف، بضعة) take the contract's
conventional bounds. The lexicon is ``data/numbers.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from riwaya.text.lexicon import PhraseIndex, load, phrase_key
from riwaya.text.normalize import fold
from riwaya.text.tokens import Word, bare, candidates


# Never changed once made, but not frozen: a frozen dataclass sets each field through
# object.__setattr__, five times the cost, and extraction makes one per figure. And
# __init__ is written out: the compiled build runs a generated one as interpreted code.
@dataclass(slots=True, unsafe_hash=True, init=False)
class Number:
    """A number found at tokens ``[i, j)``; ``vague`` numbers carry their bounds."""

    i: int
    j: int
    low: int
    high: int
    vague: bool

    def __init__(self, i: int, j: int, low: int, high: int, vague: bool = False) -> None:
        self.i = i
        self.j = j
        self.low = low
        self.high = high
        self.vague = vague


@dataclass(frozen=True)
class _Lex:
    words: dict[str, tuple[str, int]]
    vague: PhraseIndex[tuple[int, int]]
    english: dict[str, tuple[str, int]]
    starters: frozenset[str]   # every key a number can start with
    day_names: frozenset[str]  # folded day names spelt like a number («الاثنين» Monday)
    after_noun: frozenset[str]  # one and two, which follow their counted noun


#: «عدد» ("the number of"), the noun an estimate or a verb of estimating counts
#: with: «قُدّر عددهم بالمئات», «قدّرت عدد العائلات بـ…».
COUNT_NOUN = "عدد"

_ENGLISH = {
    "one": ("unit", 1), "two": ("unit", 2), "three": ("unit", 3), "four": ("unit", 4),
    "five": ("unit", 5), "six": ("unit", 6), "seven": ("unit", 7), "eight": ("unit", 8),
    "nine": ("unit", 9), "ten": ("unit", 10), "eleven": ("unit", 11), "twelve": ("unit", 12),
    "thirteen": ("unit", 13), "fourteen": ("unit", 14), "fifteen": ("unit", 15),
    "sixteen": ("unit", 16), "seventeen": ("unit", 17), "eighteen": ("unit", 18),
    "nineteen": ("unit", 19), "twenty": ("ten", 20), "thirty": ("ten", 30), "forty": ("ten", 40),
    "fifty": ("ten", 50), "sixty": ("ten", 60), "seventy": ("ten", 70), "eighty": ("ten", 80),
    "ninety": ("ten", 90), "hundred": ("hundred", 100), "thousand": ("scale", 1000),
    "million": ("scale", 1_000_000), "dozen": ("unit", 12),
}
_ENGLISH_VAGUE = {"dozens": (20, 99), "hundreds": (200, 999), "thousands": (2000, 9999), "several": (3, 9)}


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    data = load("numbers")
    words: dict[str, tuple[str, int]] = {}
    for kind, table in (("unit", data["units"]), ("ten", data["tens"]), ("hundred", data["hundreds"]),
                        ("scale", data["scales"]), ("scale_dual", data["scale_duals"])):
        for value, forms in table.items():
            for form in forms:
                folded = fold(form)
                # «ألفان» folds to «الفان»: its «ال» is the root's hamza, not the
                # article, and stripping it would make every «فإن» two thousand.
                key = folded if form[:1] in "أإآ" else bare(folded)
                words.setdefault(key, (kind, int(value)))
    vague_forms = [(f, (int(v["low"]), int(v["high"]))) for v in data["vague"] for f in v["forms"]]
    vague = PhraseIndex(vague_forms)
    # English words too: a token's keys hold its lower-case form, so one set
    # test rejects a token that starts no number in either language.
    starters = (frozenset(words) | {phrase_key(f)[0] for f, _ in vague_forms}
                | frozenset(_ENGLISH) | frozenset(_ENGLISH_VAGUE))
    day_names = frozenset(fold(f) for f in data.get("day_names", []))
    after_noun = frozenset(fold(f) for f in data.get("after_noun", []))
    return _Lex(words, vague, _ENGLISH, starters, day_names, after_noun)


def _word(tok: Word) -> tuple[str, int] | None:
    lex = _lex()
    low = tok.text.lower()
    if low in lex.english:
        return lex.english[low]
    for k in tok.keys:
        hit = lex.words.get(k)
        if hit:
            return None if _is_day_name(tok) else hit
    return None


def follows_its_noun(tok: Word) -> bool:
    """Whether ``tok`` is an indefinite «واحد»/«اثنان»-like word, which comes after
    the noun it counts («جندي واحد») instead of before it."""
    words, text = _lex().after_noun, tok.text
    return text in words or (text[-1:] == "ا" and text[:-1] in words)   # «واحداً»


def _is_day_name(tok: Word) -> bool:
    """«صباح الاثنين», «والاثنين»: Monday, not two (asked only of number words)."""
    days = _lex().day_names
    f = fold(tok.text)
    return f in days or (f[:1] in "وفبل" and f[1:] in days)


def _digits(text: str) -> float | None:
    """Parse 3,500 / 150 / 1.5 (a dot before exactly three digits is a separator)."""
    t = text.replace(",", "")
    if len(t) > 15:   # no count has this many digits; float() would overflow to inf (crash)
        return None
    if "." in t:
        whole, _, frac = t.partition(".")
        if len(frac) == 3 and whole and whole[0] != "0":
            return float(whole + frac)
        try:
            return float(t)
        except ValueError:
            return None
    try:
        return float(t)
    except ValueError:   # "²" in "كم²" is a digit to str.isdigit, not to float()
        return None


def _scale_after(tokens: list[Word], j: int) -> tuple[int, int] | None:
    """A scale word at ``tokens[j]``: (multiplier, tokens used)."""
    if j < len(tokens):
        w = _word(tokens[j])
        if w and w[0] == "scale" and not tokens[j].text.startswith("و"):
            return w[1], 1
    return None


def _digits_with_scale(tokens: list[Word], i: int) -> tuple[int, int, int] | None:
    """The digit token at ``i`` and a scale word after it («5 آلاف», «1.5 مليون»):
    (value, end token, the scale or 0).

    A fraction counts only before a scale word: «1.5» alone is no count of
    people, «1.5 مليون» is. Both the first number and an addend after «و»
    («مليون و200 ألف») are read by this one rule.
    """
    val = _digits(tokens[i].text)
    if val is None:
        return None
    sc = _scale_after(tokens, i + 1)
    if sc:
        return int(val * sc[0]), i + 1 + sc[1], sc[0]
    if val != int(val):
        return None
    return int(val), i + 1, 0


def _with_addend(tokens: list[Word], j: int, value: int, scale: int) -> tuple[int, int]:
    """«52 ألفاً و418», «3 آلاف وسبعمئة», «مليون و200 ألف»: a smaller part joined by و.

    The part must be smaller than the scale word before it, so «بين 3 آلاف
    و5 آلاف» stays a range of two numbers.
    """
    if j >= len(tokens):
        return value, j
    tok = tokens[j]
    part: tuple[int, int] | None = None
    if tok.text == "و" and j + 1 < len(tokens) and tokens[j + 1].is_digit:
        read = _digits_with_scale(tokens, j + 1)
        if read is not None:
            part = read[0], read[1]
    elif tok.text.startswith("و") and not tok.is_digit:
        part = _parse_words(tokens, j)
    if part is None or not 0 < part[0] < scale:
        return value, j
    return value + part[0], part[1]


def _parse_words(tokens: list[Word], i: int) -> tuple[int, int] | None:
    """Parse a run of number words starting at ``i``: (value, end token)."""
    total = cur = 0
    last_kind = ""
    last_unit = 0
    j = i
    while j < len(tokens):
        w = _word(tokens[j])
        if w is None:
            break
        kind, val = w
        text = tokens[j].text
        if j > i:
            # و joins a smaller part to a larger one: ثلاثة وعشرون، مئة وخمسون،
            # ألفين وثلاثمئة — never two tens ("بين عشرين وثلاثين" is a range).
            joined = text.startswith("و") and (
                (kind == "ten" and last_kind in ("unit", "hundred", "scale", "scale_dual"))
                or (kind == "unit" and last_kind in ("hundred", "scale", "scale_dual"))
                or (kind in ("hundred", "scale_dual") and last_kind in ("scale", "scale_dual"))
            )
            glued = kind in ("scale", "hundred") or (last_kind == "unit" and val == 10 and kind == "unit")
            if not (joined or glued):
                break
            if kind == "scale" and text.startswith("و"):
                break
        if kind == "unit":
            cur += val
            last_unit = val
        elif kind == "ten":
            cur += val
        elif kind == "hundred":
            if val == 100 and last_kind == "unit" and 1 <= last_unit <= 9 and j > i and not text.startswith("و"):
                cur += last_unit * 100 - last_unit
            else:
                cur += val
        elif kind == "scale":
            total += (cur or 1) * val
            cur = 0
        elif kind == "scale_dual":
            if cur:
                break
            total += val
        last_kind = kind
        j += 1
    if j == i:
        return None
    value = total + cur
    # A lone definite hundred ("في المئة") is a percentage, and a lone plural
    # scale word ("آلاف") is vague, read elsewhere.
    first = _word(tokens[i])
    kind0 = first[0] if first else None
    if j == i + 1 and kind0 == "hundred" and tokens[i].text.startswith(("ال", "بال", "وال")):
        return None
    if j == i + 1 and kind0 == "scale" and bare(tokens[i].text) in ("الاف", "ملايين", "مليارات"):
        return None
    return value, j


def find_numbers(tokens: list[Word], start: int = 0, end: int | None = None) -> list[Number]:
    """Every number in ``tokens[start:end]``, left to right, non-overlapping."""
    lex = _lex()
    stop = len(tokens) if end is None else end
    out: list[Number] = []
    taken = start   # tokens before this belong to a number already read
    # Only digit tokens and number-word starters can open a number.
    for i in candidates(tokens, lex.starters, start, stop, digits=True):
        if i < taken:
            continue
        tok = tokens[i]
        if tok.is_digit:
            read = _digits_with_scale(tokens, i)
            if read is None:
                continue
            val, j, scale = read
            if scale:
                val, j = _with_addend(tokens, j, val, scale)
            out.append(Number(i, j, val, val))
            taken = j
            continue
        vague = lex.vague.match_at(tokens, i)
        if vague:
            n, (lo, hi) = vague
            out.append(Number(i, i + n, lo, hi, vague=True))
            taken = i + n
            continue
        low = tok.text.lower()
        if low in _ENGLISH_VAGUE:
            lo, hi = _ENGLISH_VAGUE[low]
            out.append(Number(i, i + 1, lo, hi, vague=True))
            taken = i + 1
            continue
        parsed = _parse_words(tokens, i)
        if parsed:
            value, j = parsed
            last = _word(tokens[j - 1])
            if last and last[0] == "scale":
                value, j = _with_addend(tokens, j, value, last[1])
            out.append(Number(i, j, value, value))
            taken = j
    return out
