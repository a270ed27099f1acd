"""``riwaya report``: from an analysis JSON, from files via the pipeline, HTML and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import riwaya.cli.report  # noqa: F401  (registers the command; other commands are not needed)
from riwaya.cli import app
from riwaya.model import Analysis
from riwaya.report.load import analysis_from_dict, load_json
from riwaya.report.markdown import render_markdown
from riwaya.report.sample import sample_analysis
from riwaya.report.view import build_view

runner = CliRunner()


@pytest.fixture()
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "analysis.json"
    path.write_text(sample_analysis().to_json(), encoding="utf-8")
    return path


def test_json_round_trip_keeps_everything_the_report_shows() -> None:
    original = sample_analysis()
    loaded = analysis_from_dict(json.loads(original.to_json()))
    assert loaded.claims == original.claims
    assert loaded.documents == original.documents
    assert loaded.incidents == original.incidents
    assert build_view(loaded).stats == build_view(original).stats


def test_contract_minimal_json_is_reported_with_derived_voices(tmp_path: Path) -> None:
    """Only the contract's fields: no voices, estimates, places or events."""
    full = json.loads(sample_analysis().to_json())
    minimal = {
        "riwaya_version": full["riwaya_version"],
        "documents": [{k: d[k] for k in ("id", "path", "sha256", "language", "outlet", "published", "title", "text")}
                      for d in full["documents"]],
        "claims": [{k: c[k] for k in ("id", "document", "quantity", "party", "low", "high", "qualifier", "stance",
                                      "source", "via", "incident", "context", "start", "end", "text")}
                   for c in full["claims"]],
        "incidents": [{"id": i["id"], "documents": i["documents"],
                       "slots": [{k: s[k] for k in ("quantity", "party", "claims", "contested", "low", "high")}
                                 for s in i["slots"]]} for i in full["incidents"]],
    }
    path = tmp_path / "min.json"
    path.write_text(json.dumps(minimal, ensure_ascii=False), encoding="utf-8")
    view = build_view(load_json(path))
    killed = view.incidents[0].slots[0]
    assert [v.name for v in killed.voices] == ["المرصد السوري لحقوق الإنسان", "مسؤول في وزارة الداخلية"]
    # via given as bare names still makes the chain outlet ← via ← source
    chain = next(cv.chain for v in killed.voices for cv in v.claims if cv.claim.via)
    assert [n.name for n in chain] == ["صدى الفرات", "وكالة رويترز", "مسؤول في وزارة الداخلية"]
    out = tmp_path / "min.html"
    result = runner.invoke(app, ["report", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count('class="voice"') > 0


def test_report_command_from_json_html_and_md(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(saved), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and html.count('<tbody class="slot') == 9
    md_out = tmp_path / "r.md"
    result = runner.invoke(app, ["report", str(saved), "-o", str(md_out), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert md_out.read_text(encoding="utf-8") == render_markdown(load_json(saved))


def test_report_command_runs_the_pipeline_on_text_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "r1.txt").write_text("قال مصدر أمني إن 12 شخصاً قتلوا في انفجار سيارة مفخخة في الحسكة.\n",
                                   encoding="utf-8")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "قال مصدر أمني إن" in html and 'id="doc-1"' in html


def test_report_command_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "not a riwaya analysis" in result.output
    assert not (tmp_path / "x.html").exists()
    result = runner.invoke(app, ["report", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["report", "--sample", "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2


def test_markdown_has_tables_voices_estimates_and_quotes() -> None:
    analysis: Analysis = sample_analysis()
    text = render_markdown(analysis)
    assert text.count("| الكمية | الطرف |") == 2
    assert text.count("\n| ") - 2 * 2 == sum(len(i.slots) for i in analysis.incidents)
    for claim in analysis.claims:
        assert f"«{claim.text}»" in text.replace("\\", ""), claim.id
    assert "median_of_voices" in text.replace("\\", "")
    assert "**S2 فرهاد شامي** (طرف في النزاع، يعدّ خسائره)" in text
    assert "صدى الفرات ← وكالة رويترز ← مسؤول في وزارة الداخلية" in text
    assert "> «أكثر من 60 سجيناً فرّوا» — a1\\_sada [" in text
