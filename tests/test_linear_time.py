"""Extraction time grows linearly with pathological input (a lenient guard, not a benchmark).

For each hostile kind of ``benchmarks/pathological.py`` the 200 KB text
must cost less than 3 × 8 × the 25 KB one, plus two seconds: linear growth
gives 8×, a quadratic blow-up 64× — the kind of bug this catches (a whole
megabyte with no full stop once made one step quadratic per sentence). The
margin is wide so a loaded two-core CI machine never flakes; a failing
kind is timed a second time before the test fails. The real figures, 1 to
16 MB, come from ``benchmarks/bench_linear.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from pathological import KINDS, make  # noqa: E402

from riwaya.extract import extract_claims  # noqa: E402
from riwaya.model import Document  # noqa: E402
from riwaya.pipeline import iter_document_claims  # noqa: E402

SMALL, LARGE = 25_000, 200_000
FACTOR, SLACK = 3 * (LARGE // SMALL), 2.0


def timed(text: str) -> float:
    doc = Document(id="t", text=text)
    t0 = time.perf_counter()
    for _ in iter_document_claims(doc):
        pass
    return time.perf_counter() - t0


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    extract_claims(Document(id="warm", text="قال مصدر إن نحو 5 أشخاص قتلوا في 1/2/2020."))


@pytest.mark.parametrize("kind", KINDS)
def test_large_input_costs_about_proportionally_more(kind: str) -> None:
    small, large = make(kind, SMALL), make(kind, LARGE)
    base = min(timed(small) for _ in range(2))
    took = timed(large)
    if took >= FACTOR * base + SLACK:      # one retry: a neighbour may have stolen the CPU
        base = min(base, timed(small))
        took = min(took, timed(large))
    assert took < FACTOR * base + SLACK, (
        f"{kind}: {LARGE // 1000} KB took {took:.2f} s, {SMALL // 1000} KB {base:.3f} s "
        f"(allowed {FACTOR * base + SLACK:.2f} s)")
