"""Targets on the five real seed reports, scored by the shared scorer itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from riwaya.pipeline import analyze


@pytest.fixture(scope="module")
def seed_scores(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    out = tmp_path_factory.mktemp("seeds") / "seeds.json"
    out.write_text(analyze([shared_dir / "seeds"], incidents=False).to_json(), encoding="utf-8")
    run = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_claims.py"), str(out),
                          str(shared_dir / "gold")], capture_output=True, text=True, check=True)
    last = run.stdout.strip().splitlines()[-1]
    parts = dict(p.split("=") for p in last.replace("|", " ").split()[1:4])
    scores = {k: float(v) for k, v in parts.items()}
    for name in ("source", "qualifier", "stance", "party"):
        scores[name] = float(last.split(name)[1].split()[0])
    return scores


def test_seed_claim_f1(seed_scores: dict[str, float]) -> None:
    assert seed_scores["F1"] >= 0.95


def test_seed_source_accuracy(seed_scores: dict[str, float]) -> None:
    assert seed_scores["source"] >= 0.90


def test_seed_qualifier_accuracy(seed_scores: dict[str, float]) -> None:
    assert seed_scores["qualifier"] >= 0.95


def test_seed_outlets_and_dates_inferred(shared_dir: Path) -> None:
    result = analyze([shared_dir / "seeds"], incidents=False)
    outlets = {d.id[:3]: d.outlet for d in result.documents}
    assert all(o.inferred and o.name for o in outlets.values())
    assert outlets["000"].canonical == "Al-Akhbar"
    claims = json.loads(result.to_json())["claims"]
    for c in claims:
        doc = next(d for d in result.documents if d.id == c["document"])
        assert doc.text[c["start"]:c["end"]] == c["text"]
