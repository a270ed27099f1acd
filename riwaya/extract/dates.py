"""Dates in a report: absolute and relative mentions, the event date, and the dateline.

News prose dates events relative to the day it is published (« مساء أمس »,
« الخميس الماضي », « قبل ثلاثة أيام »), so every relative mention is resolved
against ``doc.published`` and stays unresolved (``date=None``) when that is
unknown — never against today's clock. Absolute dates come in Levantine,
Gulf/Egyptian and Maghreb month names, often paired (« 23 يناير/كانون الثاني
2022 »); a day and month without a year take the year that puts them on or
before publication.

dateparser was measured on these forms (Levantine and Maghreb months, paired
months, « 25 من … », weekday arithmetic): it resolved 4 of 14, all of them
forms the grammar below reads too, so it is not used. Names and relative
expressions live in ``riwaya/data/months.yaml`` for linguists to extend, the
words that weigh a date as the event's own in ``riwaya/data/dates.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
import yaml
from mypy_extensions import mypyc_attr

from riwaya.model import Document, EventDate, Span
from riwaya.text.lexicon import folded_words, word_list
from riwaya.text.normalize import DELETED_CHARS, fold, lower_same_length, normalize, span_with_marks
from riwaya.text.segment import is_furniture
from riwaya.text.yaml_data import parse_yaml

MONTHS_FILE = Path(__file__).resolve().parent.parent / "data" / "months.yaml"

#: Words in a sentence that make a date in it likely to be the event's own.
_EVENT_WORDS = [fold(w) for w in word_list("dates", "event_words")]
_UNTIL = folded_words("dates", "until_words")
#: A date right after a speech verb dates the statement, not the event (« وقالت قسد أمس »).
_SPEECH_VERBS = "|".join(regex.escape(fold(w)) for w in word_list("dates", "speech_verbs"))
_SPEECH = regex.compile(r"(?:^|\s)(?:و|ف)?(?:" + _SPEECH_VERBS + r")(?:\s+\S+){0,3}\s*$")


@mypyc_attr(native_class=False)   # extends a model class, which stays plain Python
@dataclass
class DateMention(EventDate):
    """An :class:`EventDate` plus how it was written.

    ``kind`` is ``absolute``, ``month`` (a whole month), ``relative`` (« أمس »),
    ``weekday``, ``ago`` (« قبل ثلاثة أيام »), ``period`` (« الأسبوع الماضي »)
    or ``dateline``; ``until`` marks « حتى اليوم » (a state lasting to that day,
    not an event on it).
    """

    kind: str = "absolute"
    until: bool = False
    time: str | None = None


@dataclass(frozen=True)
class _Lex:
    months: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    numbers: dict[str, int]
    days: dict[str, int]
    not_today_after: frozenset[str]
    day_parts: tuple[str, ...]
    past: tuple[str, ...]
    future: tuple[str, ...]
    since: tuple[str, ...]
    anchors: frozenset[str]
    ago: tuple[str, ...]
    units: dict[str, str]
    duals: dict[str, str]
    periods: dict[str, tuple[int, int]]
    months_back: dict[str, int]


def _k(s: object) -> str:
    return fold(str(s)).lower()


def _alt(words: object) -> str:
    """A regex alternation of folded words, longest first, spaces flexible."""
    items = sorted({_k(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items if w)


@lru_cache(maxsize=1)
def _lexicon() -> _Lex | None:
    """The month/weekday/relative lexicon, or None (after one stderr line) if the file is broken."""
    try:
        return _build_lexicon(parse_yaml(MONTHS_FILE.read_text(encoding="utf-8")) or {})
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{MONTHS_FILE}:{mark.line + 1}" if mark is not None else str(MONTHS_FILE)
        print(f"riwaya: {where}: not valid YAML: {getattr(e, 'problem', e)}; dates are not read",
              file=sys.stderr)
    except (OSError, UnicodeDecodeError, AttributeError, TypeError, ValueError, IndexError) as e:
        print(f"riwaya: {MONTHS_FILE}: unreadable month/weekday lexicon ({e}); dates are not read",
              file=sys.stderr)
    return None


def _build_lexicon(data: dict) -> _Lex:
    rel = data.get("relative", {}) or {}

    def num_map(section: dict) -> dict[str, int]:
        return {_k(n): int(k) for k, names in (section or {}).items() for n in names}

    units: dict[str, str] = {}
    for unit, names in (rel.get("units") or {}).items():
        for n in names:
            units[_k(n)] = unit
    duals: dict[str, str] = {}
    for unit, names in (rel.get("duals") or {}).items():
        for n in names:
            duals[_k(n)] = unit
    lex = _Lex(
        months=num_map(data.get("months", {})),
        weekdays=num_map(data.get("weekdays", {})),
        ordinals=num_map(data.get("ordinals", {})),
        numbers=num_map(data.get("numbers", {})),
        days={_k(k): int(v) for k, v in (rel.get("days") or {}).items()},
        not_today_after=frozenset(_k(w) for w in rel.get("not_today_after", [])),
        day_parts=tuple(_k(w) for w in rel.get("day_parts", [])),
        past=tuple(_k(w) for w in rel.get("past", [])),
        future=tuple(_k(w) for w in rel.get("future", [])),
        since=tuple(_k(w) for w in rel.get("since", [])),
        anchors=frozenset(_k(w) for w in rel.get("weekday_anchors", [])),
        ago=tuple(_k(w) for w in rel.get("ago", [])),
        units=units,
        duals=duals,
        periods={_k(k): (int(v[0]), int(v[1])) for k, v in (rel.get("periods") or {}).items()},
        months_back={_k(k): int(v) for k, v in (rel.get("months_back") or {}).items()},
    )
    if sorted(set(lex.months.values())) != list(range(1, 13)) or sorted(set(lex.weekdays.values())) != list(range(7)):
        raise ValueError("months must cover 1..12 and weekdays 0..6")
    return lex


@dataclass(frozen=True)
class _Patterns:
    iso: regex.Pattern
    dmy: regex.Pattern
    text: regex.Pattern
    english: regex.Pattern
    month_year: regex.Pattern
    month_rel: regex.Pattern
    rel_day: regex.Pattern
    weekday: regex.Pattern
    ago: regex.Pattern
    period: regex.Pattern
    time: regex.Pattern


_B = r"(?<![\p{L}\p{N}])"      # word start
_E = r"(?![\p{L}\p{N}])"       # word end
_PRE = r"(?:و|ف)?"             # a conjunction glued to the word


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lx = _lexicon()
    assert lx is not None
    mon = _alt(lx.months)
    wd = _alt(lx.weekdays)
    ordn = _alt(lx.ordinals)
    year = r"(?P<y>(?:19|20)\d{2})(?!\d)(?:\s*م" + _E + ")?"
    pair = rf"(?:\s*[/\-]\s*(?P<m2>{mon}){_E}|\s*\(\s*(?P<m3>{mon})\s*\))?"
    part = r"(?:(?P<part>مطلع|اوايل|بدايه|منتصف|اواسط|اواخر|نهايه|اخر)\s+(?:شهر\s+)?)"
    return _Patterns(
        iso=regex.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep> ?[.\-/] ?)(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.]\d)"),
        # «21 - 01 - 2024»: the separator may have a space each side (the same both times).
        dmy=regex.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep> ?[.\-/] ?)(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?!\d)"),
        text=regex.compile(
            rf"(?:{_B}{_PRE}(?P<wd>{wd}){_E}\s*[،,]?\s*)?"
            # «14/ديسمبر/2024»: a slash or dash may stand between day, month and year.
            rf"(?:(?<![\d.])(?P<d>\d{{1,2}})(?!\d)|{_B}(?P<od>{ordn}){_E})\s*(?:[/\-]\s*)?(?:من\s+)?(?:شهر\s+)?"
            rf"(?P<m1>{mon}){_E}{pair}"
            rf"(?:\s*[،,/\-]?\s*(?:من\s+)?(?:العام\s+|عام\s+|سنه\s+)?{year})?"),
        english=regex.compile(
            rf"{_B}(?:(?P<wd>{wd}){_E},?\s*)?(?P<m1>{mon}){_E}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}"),
        month_year=regex.compile(
            rf"{_B}{part}?(?:شهر\s+)?(?P<m1>{mon}){_E}{pair}\s*[،,]?\s*(?:من\s+)?(?:العام\s+|عام\s+|سنه\s+)?{year}"),
        month_rel=regex.compile(
            rf"{_B}(?:{part}|(?P<shahr>شهر)\s+)?(?P<m1>{mon}){_E}{pair}\s+(?:(?P<past>{_alt(lx.past)})|(?P<fut>{_alt(lx.future)})){_E}"
            rf"|{_B}(?P<shahr2>شهر)\s+(?P<m4>{mon}){_E}"),
        rel_day=regex.compile(
            rf"{_B}{_PRE}(?:(?P<part>{_alt(lx.day_parts)})\s+)?(?P<rel>{_alt(lx.days)}){_E}"
            rf"(?:\s+(?P<wd>{wd}){_E})?"),
        weekday=regex.compile(
            rf"{_B}{_PRE}(?:(?P<since>{_alt(lx.since)})\s+)?(?:(?P<pre>last|next)\s+)?"
            rf"(?:(?P<part>{_alt(lx.day_parts)})\s+)?(?P<wd>{wd}){_E}"
            rf"(?:\s+(?:(?P<past>{_alt(lx.past)})|(?P<fut>{_alt(lx.future)})){_E})?"),
        ago=regex.compile(
            rf"{_B}{_PRE}(?P<ago>{_alt(lx.ago)})\s+(?:(?P<n>\d{{1,2}}|{_alt(lx.numbers)})\s+(?P<unit>{_alt(lx.units)})"
            rf"|(?P<dual>{_alt(lx.duals)})|(?P<single>{_alt(lx.units)})){_E}"),
        period=regex.compile(rf"{_B}{_PRE}(?P<p>{_alt(list(lx.periods) + list(lx.months_back))}){_E}"),
        time=regex.compile(
            r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])"
            r"(?:\s*(?P<ap>صباحا|مساء|ص|م|am|pm|a\.m\.|p\.m\.)(?![\p{L}]))?"),
    )




def _parse_published(doc: Document) -> dt.date | None:
    if not doc.published:
        return None
    try:
        return dt.date.fromisoformat(str(doc.published)[:10])
    except ValueError:
        return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_of(lx: _Lex, g: regex.Match, *names: str) -> int | None:
    for n in names:
        v = g.groupdict().get(n)
        if v:
            return lx.months.get(regex.sub(r"\s+", " ", v))
    return None


def _infer_year(pub: dt.date | None, month: int, day: int) -> dt.date | None:
    """The year that puts « 3 آذار » on or shortly before publication."""
    if pub is None:
        return None
    d = _safe_date(pub.year, month, day)
    if d is None:
        d = _safe_date(pub.year - 1, month, day)
        return d
    if d > pub + dt.timedelta(days=7):
        d = _safe_date(pub.year - 1, month, day)
    return d


def _last_weekday(pub: dt.date, wd: int, strict: bool) -> dt.date:
    delta = (pub.weekday() - wd) % 7
    if delta == 0 and strict:
        delta = 7
    return pub - dt.timedelta(days=delta)


def _next_weekday(pub: dt.date, wd: int) -> dt.date:
    delta = (wd - pub.weekday()) % 7 or 7
    return pub + dt.timedelta(days=delta)


def _months_back(pub: dt.date, n: int) -> dt.date:
    y, m = pub.year, pub.month - n
    while m <= 0:
        m += 12
        y -= 1
    return dt.date(y, m, 1)


_PART_DAY = {"مطلع": 5, "اوايل": 5, "بدايه": 5, "منتصف": 15, "اواسط": 15, "اواخر": 25, "نهايه": 25, "اخر": 25}


@dataclass
class _Cand:
    start: int
    end: int
    date: dt.date | None
    precision: int
    kind: str
    until: bool = False


def _candidates(s: str, pub: dt.date | None) -> list[_Cand]:
    """Every date expression in folded, lower-cased text ``s`` (overlaps included)."""
    lx = _lexicon()
    out: list[_Cand] = []
    mon: int | None
    if lx is None:
        return out
    pt = _patterns()

    def word_before(pos: int) -> str:
        m = regex.search(r"([\p{L}]+)\s*$", s[max(0, pos - 30):pos])
        w = m.group(1) if m else ""
        return w[1:] if len(w) > 3 and w[0] in "وف" else w

    for m in pt.iso.finditer(s):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            out.append(_Cand(m.start(), m.end(), d, 1, "absolute"))
    for m in pt.dmy.finditer(s):
        day, mon = int(m["d"]), int(m["m"])
        if mon > 12 and day <= 12:
            day, mon = mon, day       # a month-first date (« 1/23/2022 »)
        d = _safe_date(int(m["y"]), mon, day)
        if d:
            out.append(_Cand(m.start(), m.end(), d, 1, "absolute"))
    for pat in (pt.text, pt.english):
        for m in pat.finditer(s):
            mon = _month_of(lx, m, "m1")
            day = int(m["d"]) if m.groupdict().get("d") else lx.ordinals.get(
                regex.sub(r"\s+", " ", m.groupdict().get("od") or ""), 0)
            if not mon or not day:
                continue
            if m["y"]:
                d = _safe_date(int(m["y"]), mon, day)
            else:
                d = _infer_year(pub, mon, day)
            start = m.start("wd") if m.groupdict().get("wd") else m.start()
            out.append(_Cand(start, m.end(), d, 1, "absolute"))
    for m in pt.month_year.finditer(s):
        mon = _month_of(lx, m, "m1")
        if not mon:
            continue
        if m["part"]:
            d = _safe_date(int(m["y"]), mon, _PART_DAY.get(m["part"], 15))
            out.append(_Cand(m.start(), m.end(), d, 2, "month"))
        else:
            out.append(_Cand(m.start(), m.end(), _safe_date(int(m["y"]), mon, 1), 3, "month"))
    for m in pt.month_rel.finditer(s):
        mon = _month_of(lx, m, "m1", "m4")
        if not mon:
            continue
        d = None
        if pub is not None:
            y = pub.year
            if m.groupdict().get("past"):
                y = pub.year if mon < pub.month else pub.year - 1
            elif m.groupdict().get("fut"):
                y = pub.year if mon > pub.month else pub.year + 1
            elif mon > pub.month:
                y = pub.year - 1
            day = _PART_DAY.get(m.groupdict().get("part") or "", 1)
            d = _safe_date(y, mon, day)
        prec = 2 if m.groupdict().get("part") else 3
        out.append(_Cand(m.start(), m.end(), d, prec, "month"))
    for m in pt.rel_day.finditer(s):
        rel = regex.sub(r"\s+", " ", m["rel"])
        after = regex.findall(r"[\p{L}]+", s[m.end():m.end() + 20])
        if rel in ("اليوم", "هذا اليوم") and not m["wd"] and after and after[0] in lx.not_today_after:
            continue
        start = m.start("part") if m["part"] else m.start("rel")
        d = pub - dt.timedelta(days=lx.days[rel]) if pub else None
        prec = 1
        if d is not None and m["wd"] and d.weekday() != lx.weekdays[regex.sub(r"\s+", " ", m["wd"])]:
            prec = 2            # « أمس الأحد » on a Saturday: the publication date is off
        out.append(_Cand(start, m.end(), d, prec, "relative", word_before(start) in _UNTIL))
    for m in pt.weekday.finditer(s):
        wd = lx.weekdays[regex.sub(r"\s+", " ", m["wd"])]
        before = word_before(m.start())
        anchored = bool(m["since"] or m["part"] or m["past"] or m["fut"] or m["pre"]) or before in lx.anchors
        if not anchored:
            continue
        start = min(x for x in (m.start("since") if m["since"] else None,
                                m.start("pre") if m["pre"] else None,
                                m.start("part") if m["part"] else None, m.start("wd")) if x is not None)
        d = None
        if pub is not None:
            if m["fut"] or m["pre"] == "next":
                d = _next_weekday(pub, wd)
            else:
                d = _last_weekday(pub, wd, strict=bool(m["past"] or m["since"] or m["pre"] == "last"))
        out.append(_Cand(start, m.end(), d, 1, "weekday", before in _UNTIL))
    for m in pt.ago.finditer(s):
        after = regex.findall(r"[\p{L}]+", s[m.end():m.end() + 12])
        if after and after[0] in ("من", "علي", "of", "before"):
            continue               # « قبل يومين من الهجوم »: relative to the event, not to today
        if m["dual"]:
            unit, n = lx.duals[m["dual"]], 2
        elif m["single"]:
            unit, n = lx.units[m["single"]], 1
        else:
            unit = lx.units[regex.sub(r"\s+", " ", m["unit"])]
            raw = m["n"]
            n = int(raw) if raw.isdigit() else lx.numbers.get(raw, 0)
        if not n:
            continue
        start = m.start("ago")
        if pub is None:
            out.append(_Cand(start, m.end(), None, {"day": 1, "week": 2, "month": 3}[unit], "ago"))
        elif unit == "day":
            out.append(_Cand(start, m.end(), pub - dt.timedelta(days=n), 1 if n <= 3 else 2, "ago"))
        elif unit == "week":
            out.append(_Cand(start, m.end(), pub - dt.timedelta(days=7 * n), 2, "ago"))
        else:
            out.append(_Cand(start, m.end(), _months_back(pub, n), 3, "ago"))
    for m in pt.period.finditer(s):
        p = regex.sub(r"\s+", " ", m["p"])
        start = m.start("p")
        if p in lx.periods:
            days, prec = lx.periods[p]
            d = pub - dt.timedelta(days=days) if pub else None
            out.append(_Cand(start, m.end(), d, prec, "period"))
        else:
            d = _months_back(pub, lx.months_back[p]) if pub else None
            out.append(_Cand(start, m.end(), d, 3, "period"))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest non-overlapping candidates, in text order."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < b and a < c.end for a, b in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def find_dates(doc: Document) -> list[EventDate]:
    """Every absolute or relative date mention in ``doc``, resolved against ``doc.published``.

    Relative mentions stay ``date=None`` when the publication date is unknown.
    A dateline at the top (see :func:`dateline`) is returned with kind ``dateline``.
    """
    pub = _parse_published(doc)
    nt = normalize(doc.text)
    s = lower_same_length(nt.text)
    _iso, time, dl_span = dateline(doc.text)
    out: list[EventDate] = []
    for c in _select(_candidates(s, pub)):
        a, b = span_with_marks(nt, doc.text, c.start, c.end)
        kind = c.kind
        if dl_span is not None and a >= dl_span.start and b <= dl_span.end:
            kind = "dateline"
        out.append(DateMention(
            date=c.date.isoformat() if c.date else None, precision=c.precision,
            evidence=Span(a, b, doc.text[a:b]), document=doc.id, kind=kind, until=c.until,
            time=time if kind == "dateline" else None))
    return out


def _sentence_has_event_word(s: str, start: int) -> bool:
    a = max(s.rfind(".", 0, start), s.rfind("\n", 0, start), s.rfind("؟", 0, start)) + 1
    ends = [x for x in (s.find(".", start), s.find("\n", start), s.find("؟", start)) if x >= 0]
    b = min(ends) if ends else len(s)
    return _event_words_re().search(s, a, b) is not None


@lru_cache(maxsize=1)
def _event_words_re() -> regex.Pattern[str]:
    """One pattern for all event words (compiled once: this runs per date candidate)."""
    return regex.compile(_B + "(?:" + "|".join(regex.escape(w) for w in sorted(_EVENT_WORDS, key=len, reverse=True)) + ")")


def _start(m: EventDate) -> int:
    """Where a dated mention starts (0 when it has no evidence span)."""
    return m.evidence.start if m.evidence else 0


def event_date(doc: Document) -> EventDate | None:
    """Best guess of when the reported event happened.

    Candidates are dated mentions other than the dateline and « حتى اليوم »,
    and — when the publication date is known — within 31 days before it (a
    report dates its own event relative to its publication; older dates are
    background). Each date scores by how often, how early, how precisely and
    how close to an event word it is mentioned. With no candidate the
    publication date itself is the guess, at precision 2 (within a few days).
    """
    pub = _parse_published(doc)
    mentions = [m for m in find_dates(doc) if m.date is not None]
    nt = normalize(doc.text)
    s = lower_same_length(nt.text)
    scores: dict[str, float] = {}
    best_mention: dict[str, EventDate] = {}
    for m in mentions:
        key = m.date
        if key is None or isinstance(m, DateMention) and (m.kind == "dateline" or m.until):
            continue
        d = dt.date.fromisoformat(key)
        if pub is not None and not (pub - dt.timedelta(days=31) <= d <= pub + dt.timedelta(days=1)):
            continue
        start = _start(m)
        w = 1.0 + (1.0 if m.precision == 1 else 0.0)
        if start < 600:
            w += 1.5
        ns = nt.to_norm(start)
        if _sentence_has_event_word(s, ns):
            w += 1.0
        if isinstance(m, DateMention) and m.kind in ("relative", "weekday", "ago", "period"):
            para = s.rfind("\n", 0, ns) + 1
            if s.count('"', para, ns) % 2 == 1:
                w *= 0.5        # inside a quoted statement: relative to the statement's own day
            if _SPEECH.search(s[max(0, ns - 60):ns]):
                w *= 0.5
        scores[key] = scores.get(key, 0.0) + w
        prev = best_mention.get(key)
        if prev is None or m.precision < prev.precision:
            best_mention[key] = m
    if scores:
        best = max(scores, key=lambda k: (scores[k], -best_mention[k].precision, -_start(best_mention[k])))
        return best_mention[best]
    if pub is not None:
        return EventDate(date=pub.isoformat(), precision=2, evidence=None, document=doc.id)
    return None


# Stdlib ``re``. A search tries a pattern at every character, so each starts
# with a character class and looks behind only where one matched: «no digit
# before the year» is checked as «not a digit and then this first digit»
# (a leading lookbehind, tried everywhere, was four times slower).
_ANY_YEAR = re.compile(r"[12](?<!\d[12])[09](?<=19|20)\d{2}(?!\d)")
#: The same test on text not yet normalised: a year in any digit script, with
#: any character normalisation deletes (a bidi mark, a tatweel) between its
#: digits. It may pass a head normalisation shows to have no year, never the
#: reverse.
_RAW_GAP = "[" + re.escape(DELETED_CHARS) + "]*"
_ANY_YEAR_RAW = re.compile(
    rf"[12١٢۱۲](?<!\d[12١٢۱۲]){_RAW_GAP}[09٠٩۰۹]{_RAW_GAP}\d{_RAW_GAP}\d(?!\d)")
_LABEL_PUBLISHED = regex.compile(r"(?:نشر|تاريخ النشر|published|posted|date)\s*(?:في|بتاريخ|on)?\s*[:：]?\s*$")
_LABEL_UPDATED = regex.compile(r"(?:اخر تحديث|تم التحديث|تحديث|updated|last updated)\s*(?:في|بتاريخ|on)?\s*[:：]?\s*$")


_LABEL_WORD = regex.compile(r"نشر|تحديث|published|posted|date|updated")


#: A dateline fits on a short line; a date on a longer one counts after a label
#: or at the lede's very start (see :func:`_lede_date`).
_SHORT_LINE = 80
#: How far into a lede its glued dateline's year may sit: «جنين 7-8-2024 وفا- …».
_LEDE_DATE_CHARS = 40
#: How far a date runs past its year's first digit («2024-03-14», «2024م»).
_DATE_AFTER_YEAR = 20
#: Before a lede's glued date: a place of a few words, no digits («الأبيض»).
_LEDE_BEFORE = regex.compile(r"^\s*(?:[^\W\d_]+\s+){0,3}$")
#: After it: at most a short outlet name, then the dash or colon that opens the
#: report («وفا- استشهد», «– قتل»); a comma («في 7 أكتوبر 2023، قتل») is prose.
_LEDE_AFTER = regex.compile(r"^\s*(?:[^\W\d_]+\s*){0,3}[-–—:]")


def _date_lines(s: str) -> list[tuple[int, int]]:
    """The lines of ``s`` a dateline can be on: with a year, and short, labelled or a lede's start.

    A date on a line over 80 characters counts only after a « published »
    or « updated » label or at the very start of the line, so other long
    lines (the body) are not searched: four date patterns over every line of
    the head were most of the cost.
    """
    out = []
    start = 0
    for line in s.split("\n"):
        end = start + len(line)
        if _ANY_YEAR.search(line):
            if len(line.strip()) <= _SHORT_LINE or _LABEL_WORD.search(line):
                out.append((start, end))
            elif _ANY_YEAR.search(line, 0, _LEDE_DATE_CHARS):
                # A lede's date has its year in the first characters and ends a
                # few after it: the rest of the paragraph is not searched.
                out.append((start, min(end, start + _LEDE_DATE_CHARS + _DATE_AFTER_YEAR)))
        start = end + 1
    return out


def _lede_date(before: str, after: str) -> bool:
    """Whether a date on a long line is the lede's glued dateline: «جنين 7-8-2024 وفا- استشهد …».

    Agencies and papers open the first paragraph with «PLACE DATE [OUTLET] –»;
    only a place comes before the date, and the dash or colon that ends the
    dateline comes right after it (an outlet's name between).
    """
    return _LEDE_BEFORE.match(before) is not None and _LEDE_AFTER.match(after) is not None


#: The head of a page read for its dateline: this many lines that count (not
#: blank, not furniture, not a one-word menu item) and at most this many characters.
_HEAD_LINES, _HEAD_CHARS = 12, 800


def _head(text: str) -> str:
    """The top of ``text`` where a dateline sits.

    Saved pages put a masthead, menus («الرئيسية», «أخبار», «صحة» one per
    line), image captions and blank lines above the date; counting those
    would push a date on the 13th line out of a 12-line window, so they do
    not count. The character cap still bounds the head.
    """
    length = 0
    counted = 0
    while length < min(len(text), _HEAD_CHARS) and counted < _HEAD_LINES:
        nl = text.find("\n", length, length + _HEAD_CHARS)
        line = text[length:nl if nl >= 0 else length + _HEAD_CHARS]
        length += len(line) + 1
        if len(line.split()) > 1 and not (len(line) < _SHORT_LINE and is_furniture(fold(line))):
            counted += 1
    return text[:min(length, len(text))]


def dateline(text: str) -> tuple[str | None, str | None, Span | None]:
    """The byline/dateline date (and time) near the top of ``text``.

    Reads the first lines (up to 12 lines that are not blank, furniture or
    one-word menu items, or 800 characters) for a full date
    — « 2022.01.22 | 19:01 دمشق », « 14/03/2024 10:22 », « الخميس 14 آذار 2024 »,
    « نُشر في 2024-03-14 » — on a short line of its own, after a
    « published » label or glued at the start of the lede (« جنين 7-8-2024
    وفا- … »); a « last updated » date is used only when nothing
    else is found. Returns ``(ISO date, "HH:MM" or None, span)`` or three Nones.
    """
    head = _head(text)
    if not _ANY_YEAR_RAW.search(head):   # every full date has a year: skip normalising
        return None, None, None
    nt = normalize(head)
    s = lower_same_length(nt.text)
    lx = _lexicon()
    if lx is None:   # (a head without a year has no date line: _date_lines finds none)
        return None, None, None
    pt = _patterns()
    found: list[tuple[int, int, int, dt.date]] = []   # (rank, start, end, date)
    lines = _date_lines(s)
    for pat in (pt.iso, pt.dmy, pt.text, pt.english):
        for m in (m for ls, le in lines for m in pat.finditer(s, ls, le)):
            if pat in (pt.text, pt.english):
                if not m["y"]:
                    continue
                mon = _month_of(lx, m, "m1")
                day = int(m["d"]) if m.groupdict().get("d") else lx.ordinals.get(m.groupdict().get("od") or "", 0)
                d = _safe_date(int(m["y"]), mon or 0, day) if mon and day else None
                start = m.start("wd") if m.groupdict().get("wd") else m.start()
            else:
                day, mon = int(m["d"]), int(m["m"])
                if pat is pt.dmy and mon > 12 and day <= 12:
                    day, mon = mon, day
                d = _safe_date(int(m["y"]), mon, day)
                start = m.start()
            if d is None:
                continue
            ls = s.rfind("\n", 0, start) + 1
            le = s.find("\n", m.end())
            le = len(s) if le < 0 else le
            before = s[ls:start]
            line = s[ls:le].strip()
            if _LABEL_PUBLISHED.search(before):
                rank = 0
            elif _LABEL_UPDATED.search(before):
                rank = 2
            elif len(line) <= _SHORT_LINE or _lede_date(before, s[m.end():le]):
                rank = 1
            else:
                continue
            found.append((rank, start, m.end(), d))
    if not found:
        return None, None, None
    rank, start, end, d = min(found, key=lambda f: (f[0], f[1]))
    ls = s.rfind("\n", 0, start) + 1
    le = s.find("\n", end)
    le = len(s) if le < 0 else le
    time = None
    best_gap = 10**9
    span_start, span_end = start, end
    for tm in pt.time.finditer(s, ls, le):
        if tm.start() < end and tm.end() > start:
            continue
        gap = tm.start() - end if tm.start() >= end else start - tm.end()
        between = s[end:tm.start()] if tm.start() >= end else s[tm.end():start]
        if gap > 25 or regex.search(r"\p{L}{3,}", between.replace("الساعه", "")):
            continue
        if gap < best_gap:
            h, mi = int(tm["h"]), int(tm["mi"])
            ap = tm["ap"] or ""
            if ap in ("م", "مساء", "pm", "p.m.") and h < 12:
                h += 12
            elif ap in ("ص", "صباحا", "am", "a.m.") and h == 12:
                h = 0
            time = f"{h:02d}:{mi:02d}"
            best_gap = gap
            span_start, span_end = min(start, tm.start()), max(end, tm.end())
    a, b = span_with_marks(nt, text, span_start, span_end)
    return d.isoformat(), time, Span(a, b, text[a:b])
