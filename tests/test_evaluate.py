"""riwaya's scorer: same numbers as the shared reference scorer, clearer errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from riwaya.cli import _register, app
from riwaya.evaluate import (
    EvaluationError,
    norm,
    same_party,
    same_source,
    score,
    values_match,
)

_register()
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_claims.py"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_file(), reason=f"reference scorer not found at {REFERENCE} (../shared absent)")


def gold(quantity: str, low: int | None, high: int | None, qualifier: str, source: str,
         start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {"quantity": quantity, "low": low, "high": high, "qualifier": qualifier,
            "source": source, "source_alt": [], "party": None, "stance": "asserts",
            "incident": "main", "text": f"{quantity} {low}", "start": start, "end": end,
            **extra}


def claim(doc: str, quantity: str, low: int | None, high: int | None, qualifier: str,
          source: str | dict[str, str | None], start: int, end: int,
          **extra: Any) -> dict[str, Any]:
    src = source if isinstance(source, dict) else {"name": source, "canonical": None,
                                                   "kind": "outlet"}
    return {"document": doc, "quantity": quantity, "low": low, "high": high,
            "qualifier": qualifier, "source": src, "party": None, "stance": "asserts",
            "context": False, "start": start, "end": end, "text": f"{quantity} {low}", **extra}


GOLD = {
    "d1": [
        gold("escaped", 150, None, "more_than", "المرصد السوري لحقوق الإنسان", 10, 30),
        gold("escaped", 20, 99, "vague", "القوات الأمريكية", 50, 60),
        gold("killed", 5, 5, "exact", "أنباء", 70, 80, incident="other"),       # don't-care
        gold("captured", 10, 10, "exact", "قسد", 90, 100, party="داعش", stance="denies",
             source_alt=["قوات سوريا الديمقراطية"]),
        gold("vehicle_bombs", 2, 2, "exact", "قسد", 110, 120),                  # unscored
        gold("wounded", 7, 7, "exact", "مصدر طبي", 130, 140),                   # missed
        gold("killed", 3, 3, "exact", "وكالة سانا", 150, 160, party="security forces"),
        gold("hostages", 30, None, "at_least", "مصادر محلية", 170, 180),        # missed
    ],
    "d2": [gold("killed", 12, 12, "exact", "وزارة الصحة", 5, 20, party="civilians")],
    "d3": [gold("displaced", 2000, 9999, "vague", "الأمم المتحدة", 0, 9)],
    "d4": [],
}
SYSTEM = {
    "riwaya_version": "0.1.0",
    "documents": [],
    "claims": [
        # same value, no span overlap, listed first: must lose to the overlapping one
        claim("d1", "escaped", 150, None, "more_than", "رويترز", 500, 510),
        claim("d1", "escaped", 150, None, "more_than",
              {"name": "المرصد السوري", "canonical": "Syrian Observatory for Human Rights",
               "kind": "monitor"}, 12, 28),
        claim("d1", "escaped", 10, None, "vague", "القوات الأميركية", 52, 58),   # open bound
        claim("d1", "killed", 5, 5, "exact", "أنباء", 70, 80),                   # don't-care hit
        claim("d1", "captured", 10, 10, "exact", "قوات سوريا الديموقراطية", 95, 99,
              party="ISIS"),                                                    # stance wrong
        claim("d1", "killed", 3, 3, "exact", "سانا", 150, 155, party="الجيش السوري"),
        claim("d1", "airstrikes", 4, 4, "exact", "قسد", 0, 5),                   # unscored
        claim("d1", "killed", 100, 100, "exact", "قسد", 0, 5, context=True),     # context
        claim("d1", "wounded", 9, 9, "exact", "مصدر طبي", 130, 140),             # extra
        claim("d1", "hostages", 30, None, "more_than", "مصادر", 170, 180),       # qualifier wrong
        claim("d2", "killed", 12, 12, "approx", "وزارة الصحة السورية", 30, 40,
              party="مدنيين"),
        claim("d9", "killed", 1, 1, "exact", "x", 0, 1),                          # no gold file
    ],
}


def write(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for doc, claims in GOLD.items():
        (gold_dir / f"{doc}.gold.json").write_text(
            json.dumps([{"document": doc, **c} for c in claims], ensure_ascii=False),
            encoding="utf-8")
    (gold_dir / "notes.txt").write_text("not gold", encoding="utf-8")
    system = tmp_path / "out.json"
    system.write_text(json.dumps(SYSTEM, ensure_ascii=False), encoding="utf-8")
    return system, gold_dir


def ours(*args: str) -> str:
    result = CliRunner().invoke(app, ["evaluate", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def reference(*args: str) -> str:
    proc = subprocess.run([sys.executable, str(REFERENCE), *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@needs_reference
def test_same_output_as_the_reference_scorer(tmp_path: Path) -> None:
    system, gold_dir = write(tmp_path)
    theirs = reference(str(system), str(gold_dir))
    assert ours(str(system), str(gold_dir)) == theirs
    # and the numbers are the interesting ones, not all zeros or all ones
    assert theirs.splitlines()[-1] == ("claims P=0.75 R=0.75 F1=0.75 | source 0.67 | "
                                       "qualifier 0.67 | stance 0.83 | party 0.83 | span 0.83")


@needs_reference
def test_same_verbose_details_as_the_reference_scorer(tmp_path: Path) -> None:
    system, gold_dir = write(tmp_path)

    def details(text: str) -> Counter[str]:
        return Counter(line for line in text.splitlines() if line.startswith("  "))

    theirs = details(reference(str(system), str(gold_dir), "--verbose"))
    assert theirs  # there are misses, extras and a wrong source to report
    mine = details(ours(str(system), str(gold_dir), "--verbose"))
    # Beside the scorer's lines, riwaya also lists the wrong parties it counted.
    parties = Counter({line: n for line, n in mine.items() if line.startswith("  party?")})
    assert parties == Counter({"  party?  d2 killed 12-12: got 'مدنيين', want 'civilians'": 1})
    assert mine - parties == theirs


@needs_reference
def test_same_output_for_a_subset_of_documents(tmp_path: Path) -> None:
    system, gold_dir = write(tmp_path)
    assert ours(str(system), str(gold_dir), "--docs", "d2,d3") == reference(
        str(system), str(gold_dir), "--docs=d2,d3")


def test_report_values(tmp_path: Path) -> None:
    _, gold_dir = write(tmp_path)
    report = score(SYSTEM, gold_dir)
    rows = {d.document: (d.tp, d.fp, d.fn) for d in report.documents}
    # d1 hits: escaped (exact bounds), escaped (vague overlap), captured,
    # killed (security forces) and hostages (same bounds, other qualifier).
    assert rows == {"d1": (5, 2, 1), "d2": (1, 0, 0), "d3": (0, 0, 1), "d4": (0, 0, 0)}
    assert (report.tp, report.fp, report.fn) == (6, 2, 2)
    assert [s.get("source", {}).get("name") for s in report.documents[0].extras] == [
        "رويترز", "مصدر طبي"]
    assert [g["quantity"] for g in report.documents[0].misses] == ["wounded"]
    # Name and canonical are compared joined, so the English canonical name
    # dilutes the overlap; and «الأميركية» is not folded into «الأمريكية».
    assert [s["source"]["name"] for s, _ in report.documents[0].wrong_sources] == [
        "المرصد السوري", "القوات الأميركية"]
    assert (report.source, report.qualifier, report.party, report.span) == (
        4 / 6, 4 / 6, 5 / 6, 5 / 6)


def test_norm_folds_spelling_and_media_words() -> None:
    assert norm("وكالة الأنباء") == "انباء"
    assert norm("«المرصد السوري»") == norm("المرصد  السوري") == "مرصد سوري"
    assert norm("الأَمْـريكية") == norm("الامريكيه")
    assert norm(None) == "" and norm("") == ""


def test_same_source_rules() -> None:
    g = {"source": "المرصد السوري لحقوق الإنسان", "source_alt": ["SOHR"]}
    assert same_source("المرصد السوري", g)            # contained
    assert same_source("sohr", g)                      # an alternative
    assert not same_source("وزارة الدفاع", g)
    assert not same_source("", g)


@pytest.mark.parametrize("system, gold_party, expected", [
    (None, None, True), ("total", None, True), ("داعش", None, False),
    ("ISIS", "داعش", True), ("تنظيم داعش", "داعش", True),
    ("الجيش السوري", "security forces", True), ("مدنيين", "security forces", False),
    ("والمدنيين", "security forces", False),  # «وال» is a prefix, not part of the word
    (None, "civilians", False), ("civilians", "civilians", True),
])
def test_same_party_rules(system: str | None, gold_party: str | None, expected: bool) -> None:
    assert same_party(system, gold_party) is expected


def test_vague_needs_vague_and_overlap() -> None:
    g = {"qualifier": "vague", "low": 20, "high": 99}
    assert values_match({"qualifier": "vague", "low": 90, "high": None}, g)
    assert not values_match({"qualifier": "vague", "low": 100, "high": 999}, g)
    assert not values_match({"qualifier": "approx", "low": 20, "high": 99}, g)


def test_malformed_inputs_are_one_line_errors(tmp_path: Path) -> None:
    system, gold_dir = write(tmp_path)
    (gold_dir / "d5.gold.json").write_text('[{"quantity": "killed", "low": 1}]', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"d5\.gold\.json: claim 1: missing 'high'"):
        score(SYSTEM, gold_dir)
    result = CliRunner().invoke(app, ["evaluate", str(system), str(gold_dir)])
    assert result.exit_code == 1
    assert result.stderr == f"riwaya: {gold_dir / 'd5.gold.json'}: claim 1: missing 'high'\n"

    broken = tmp_path / "broken.json"
    broken.write_text('{\n "claims": [\n}', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(broken), str(gold_dir)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"riwaya: {broken}:3: invalid JSON: ")
    assert "Traceback" not in result.output


def test_missing_inputs(tmp_path: Path) -> None:
    system, gold_dir = write(tmp_path)
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope.json"), str(gold_dir)])
    assert (result.exit_code, result.stderr) == (1, f"riwaya: {tmp_path / 'nope.json'}: no such file\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["evaluate", str(system), str(empty)])
    assert (result.exit_code, result.stderr) == (1, f"riwaya: {empty}: no *.gold.json files\n")
    assert CliRunner().invoke(app, ["evaluate", str(system)]).exit_code == 2
