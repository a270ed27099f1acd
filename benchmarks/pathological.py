"""Pathological texts for linear-time checks, shared by the benchmark, the test and the docs.

Each generator repeats a small hostile unit until the text reaches the
requested size in UTF-8 bytes. The units are chosen to hit the places where
extraction could go super-linear: regex alternations over digit runs and
separators, hedge and quote look-behinds, sentence-level loops when a whole
megabyte has no sentence boundary, and per-figure scans of every cue in the
sentence. None of them contains a full stop, so without a cap each text is
one giant sentence — the worst case for anything quadratic per sentence.

Importable from tests and scripts (they put ``benchmarks/`` on ``sys.path``)
so that every measurement uses exactly the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable

#: name -> (unit repeated, one-line description for tables)
UNITS: dict[str, tuple[str, str]] = {
    "digits": ("1234567890" * 8 + " ", "long digit runs (80 digits, then a space)"),
    "separators": ("1,1,1,1,1,1,1,1,1,1,", "\"1,1,1,…\" thousands-separator lookalikes, no spaces"),
    "hedges": ("أكثر من ", "\"أكثر من أكثر من …\" repeated hedges"),
    "guillemets": ("«", "megabytes of « with no closing mark"),
    "arabic_run": ("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "Arabic letters with no space or punctuation"),
    "qala": ("قال مصدر إن 5 قتلى و", "thousands of قال … in one sentence"),
    "number_words": ("ثلاثة وعشرون ألفا ومئة ", "number words repeated (one long compound)"),
    "figures": ("قتل نحو 12 شخصا، ", "hedged figures separated by commas only"),
    "dates": ("1/2/2020 7 ", "date-like spans between numbers"),
    "sentences": ("قتل 5. ", "short sentences on one endless line"),
    "vague_precise": ("قتل عشرات الأشخاص، وقتل 12 شخصا. ", "vague and precise figures of one quantity"),
    "diacritics": ("قَتَلَ ٥ أَشْخَاصٍ ــ \u200f", "diacritics, tatweel and bidi marks everywhere"),
    "newlines": ("\n\n\n\n\n\n\n\nقتل 3\n", "mostly blank lines"),
}

KINDS: tuple[str, ...] = tuple(UNITS)


def make(kind: str, size_bytes: int) -> str:
    """A text of about ``size_bytes`` UTF-8 bytes (never less) made of ``kind``'s unit."""
    unit = UNITS[kind][0]
    per = len(unit.encode("utf-8"))
    return unit * (size_bytes // per + 1)


def describe(kind: str) -> str:
    """The one-line description of ``kind`` shown in benchmark and reliability tables."""
    return UNITS[kind][1]


def timed(fn: Callable[[str], object], text: str) -> float:
    """Seconds ``fn(text)`` takes on the wall clock (perf_counter)."""
    import time

    t0 = time.perf_counter()
    fn(text)
    return time.perf_counter() - t0
