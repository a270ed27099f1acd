"""Load ``tests/data/sentences.yaml`` and compare the extractor with each case.

Shared by the sentence tests and ``benchmarks/sentence_report.py`` so that
the same matching rules (those of the shared scorer: quantity, bounds, vague
overlap; then source, qualifier, stance, party) judge both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from riwaya.evaluate import claim_source_name, same_party, same_source, values_match
from riwaya.extract import extract_claims
from riwaya.model import Document, Outlet

CASES_PATH = Path(__file__).parent / "data" / "sentences.yaml"
PROBE_PATH = Path(__file__).parent / "data" / "heldout_probe.yaml"
PROBE2_PATH = Path(__file__).parent / "data" / "heldout_probe2.yaml"
SCORED = {"detainees", "escaped", "captured", "surrendered", "attackers", "killed",
          "wounded", "hostages", "displaced", "holdouts"}


def load_cases(path: Path = CASES_PATH) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class CaseResult:
    """How the extractor did on one case."""

    id: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[str] = field(default_factory=list)   # matched claims with a wrong attribute

    @property
    def perfect(self) -> bool:
        return self.fp == 0 and self.fn == 0 and not self.wrong


def run_case(case: dict[str, Any]) -> CaseResult:
    doc = Document(id=case["id"], text=case["text"], outlet=Outlet(name=case.get("outlet")),
                   language="en" if case["id"].startswith("en-") else "ar")
    system = [c.to_dict() for c in extract_claims(doc)]
    system = [c for c in system if c["quantity"] in SCORED and not c["context"]]
    gold = [dict(g) for g in case.get("claims") or []]
    res = CaseResult(case["id"])
    used: set[int] = set()
    for g in gold:
        g.setdefault("qualifier", "exact")
        match = next((i for i, s in enumerate(system) if i not in used and s["quantity"] == g["quantity"]
                      and values_match(s, g)), None)
        if g.get("context"):
            if match is not None:
                used.add(match)
            continue
        if match is None:
            res.fn += 1
            res.wrong.append(f"missed {g['quantity']} {g['low']}-{g['high']}")
            continue
        used.add(match)
        res.tp += 1
        s = system[match]
        if not same_source(claim_source_name(s), g):
            res.wrong.append(f"source {claim_source_name(s)!r} != {g['source']!r}")
        if s["qualifier"] != g["qualifier"]:
            res.wrong.append(f"qualifier {s['qualifier']} != {g['qualifier']}")
        if s["stance"] != g.get("stance", "asserts"):
            res.wrong.append(f"stance {s['stance']}")
        if not same_party(s.get("party"), g.get("party")):
            res.wrong.append(f"party {s.get('party')!r} != {g.get('party')!r}")
    for i, s in enumerate(system):
        if i not in used:
            res.fp += 1
            res.wrong.append(f"extra {s['quantity']} {s['low']}-{s['high']} {s['text'][:40]!r}")
    return res


def case_params(cases: list[dict[str, Any]], gaps: Mapping[str, str]) -> list[Any]:
    """One pytest param per case; a case in ``gaps`` (id -> why) is a strict xfail,
    so a fix that makes it pass fails the suite until the list is updated."""
    import pytest

    return [pytest.param(c, id=c["id"], marks=pytest.mark.xfail(strict=True, reason=gaps[c["id"]]))
            if c["id"] in gaps else pytest.param(c, id=c["id"]) for c in cases]


def assert_case_right(case: dict[str, Any]) -> None:
    """The case's claims are exactly its gold claims."""
    result = run_case(case)
    assert result.perfect, "; ".join(result.wrong)


def attribute_accuracy(results: list[CaseResult], what: str) -> float:
    """Share of matched claims whose ``what`` (source, qualifier, party, stance) is right."""
    tp = sum(r.tp for r in results)
    wrong = sum(w.startswith(what) for r in results for w in r.wrong)
    return 1 - wrong / tp if tp else 0.0


@dataclass
class Scores:
    """A case set's aggregate figures, as the probe docstrings record them."""

    cases: int
    perfect: int
    p: float
    r: float
    f1: float
    source: float
    qualifier: float
    party: float

    def __str__(self) -> str:
        return (f"{self.perfect}/{self.cases} cases fully right, claims P {self.p:.2f} R {self.r:.2f} "
                f"F1 {self.f1:.2f}, source {self.source:.2f}, qualifier {self.qualifier:.2f}, "
                f"party {self.party:.2f}")


def score_cases(cases: list[dict[str, Any]]) -> tuple[list[CaseResult], Scores]:
    """Run every case; the per-case results and their aggregate scores."""
    results = [run_case(c) for c in cases]
    tp = sum(r.tp for r in results)
    fp = sum(r.fp for r in results)
    fn = sum(r.fn for r in results)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return results, Scores(len(results), sum(x.perfect for x in results), p, r, f1,
                           attribute_accuracy(results, "source"),
                           attribute_accuracy(results, "qualifier"),
                           attribute_accuracy(results, "party"))
