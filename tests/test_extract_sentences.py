"""The extractor on hand-written sentences from other wars (tests/data/sentences.yaml).

Every case is its own test. Cases the extractor does not yet get fully right
are listed in KNOWN_GAPS and marked ``xfail(strict=True)``, so a fix that
makes one pass fails the suite until the list is updated — the list can
only shrink honestly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sentence_cases import assert_case_right, case_params, load_cases, run_case

CASES = load_cases()
KNOWN_GAPS = frozenset(
    line.split("#")[0].strip()
    for line in (Path(__file__).parent / "data" / "known_gaps.txt").read_text(encoding="utf-8").splitlines()
    if line.split("#")[0].strip()
)


PARAMS = case_params(CASES, dict.fromkeys(KNOWN_GAPS, "known gap (tests/data/known_gaps.txt)"))


@pytest.mark.parametrize("case", PARAMS)
def test_sentence(case: dict) -> None:
    assert_case_right(case)


def test_overall_quality_on_sentences() -> None:
    """Across all cases: claim F1 and exactness stay at the measured level."""
    tp = fp = fn = 0
    for case in CASES:
        r = run_case(case)
        tp, fp, fn = tp + r.tp, fp + r.fp, fn + r.fn
    p, r_ = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r_ / (p + r_)
    assert f1 >= 0.92, f"F1 {f1:.3f} (P {p:.3f} R {r_:.3f})"
    assert p >= 0.95


def test_known_gaps_are_real_cases() -> None:
    ids = {c["id"] for c in CASES}
    assert KNOWN_GAPS <= ids, sorted(KNOWN_GAPS - ids)


def test_case_ids_are_unique() -> None:
    """An id names one case: a duplicate would hide it from KNOWN_GAPS and reports."""
    ids = [c["id"] for c in CASES]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
