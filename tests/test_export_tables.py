"""Exports: flat tables (CSV/Parquet), ACLED- and UCDP-style rows, saved analyses, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_reconcile_corpus import EXPECTED, corpus, install_extractors, make_claims, make_docs  # noqa: F401

from riwaya.export.acled import ACLED_COLUMNS, acled_table, figure_text
from riwaya.export.load import NotAnAnalysis, load_inputs, read_analysis
from riwaya.export.tables import COLUMNS, all_tables, write_atomic, write_tables
from riwaya.export.ucdp import UCDP_COLUMNS, ucdp_table
from riwaya.model import Analysis
from riwaya.reconcile import reconcile


@pytest.fixture
def analysis(corpus) -> dict:  # noqa: F811
    docs, claims = corpus
    result = Analysis(documents=docs, claims=claims)
    result.incidents = reconcile(docs, claims)
    return json.loads(result.to_json())


def test_tables_have_fixed_columns_and_one_row_per_record(analysis) -> None:
    tables = all_tables(analysis)
    for name, frame in tables.items():
        assert list(frame.columns) == COLUMNS[name], name
    assert len(tables["documents"]) == 10
    assert len(tables["claims"]) == 19
    assert list(tables["incidents"]["id"]) == ["i1", "i2", "i3", "i4", "i5"]
    assert tables["incidents"]["documents"].tolist()[0] == "; ".join(EXPECTED[0])
    slots = tables["slots"]
    assert len(slots) == sum(len(i["slots"]) for i in analysis["incidents"])
    escaped = slots[(slots.incident == "i1") & (slots.quantity == "escaped")].iloc[0]
    assert bool(escaped.contested) and escaped.n_voices == 2 and escaped.low == 0
    assert json.loads(escaped.voices)[0]["outlets"] == ["عنب بلدي", "الشرق الأوسط", "وكالة محلية"]
    sources = tables["sources"].set_index("source")
    assert sources.loc["Syrian Observatory for Human Rights", "n_claims"] == 5
    assert sources.loc["Syrian Observatory for Human Rights", "incidents"] == "i1"
    docs = tables["documents"].set_index("id")
    assert docs.loc["e1", "incident"] == "i5" and docs.loc["s1", "n_claims"] == 1
    events = tables["events"]
    assert set(events.incident) <= {"i1", "i2", "i3", "i4", "i5"} and len(events) > 5
    ctx = tables["claims"].set_index("id").loc["e1#c2"]
    assert bool(ctx.context) and pd.isna(ctx.incident)


def test_empty_analysis_still_has_headers() -> None:
    empty = {"documents": [], "claims": [], "incidents": []}
    for name, frame in all_tables(empty).items():
        assert list(frame.columns) == COLUMNS[name] and frame.empty
    assert list(acled_table(empty).columns) == ACLED_COLUMNS
    assert list(ucdp_table(empty).columns) == UCDP_COLUMNS


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_write_tables_round_trip(analysis, tmp_path: Path, fmt: str) -> None:
    paths = write_tables(analysis, tmp_path / "out", fmt)
    assert sorted(p.name for p in paths) == sorted(f"{n}.{fmt}" for n in COLUMNS)
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    claims = read(tmp_path / "out" / f"claims.{fmt}")
    assert list(claims.columns) == COLUMNS["claims"] and len(claims) == 19
    assert claims.set_index("id").loc["s3#c1", "stance"] == "denies"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")

    def boom(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


# -------------------------------------------------------------------- ACLED

def test_acled_rows(analysis) -> None:
    rows = acled_table(analysis).set_index("incident")
    assert list(acled_table(analysis).columns) == ACLED_COLUMNS
    prison = rows.loc["i1"]
    assert (prison.event_type, prison.sub_event_type) == ("Battles", "Armed clash")
    assert prison.event_date == "2022-01-20" and prison.time_precision == 1
    assert prison.location == "Ghwayran prison" and prison.admin1 == "الحسكة"
    assert prison.latitude == pytest.approx(36.49) and prison.geo_precision == 1
    assert {prison.actor1, prison.actor2} == {"SDF", "ISIS"}
    # Fatalities = the conservative figure: SDF's own count (17), not SOHR's 28.
    assert prison.fatalities == 17
    assert "Disputed figures" in prison.notes
    assert "escaped: more than 100 (Syrian Observatory for Human Rights); denied (0) (SDF)" in prison.notes
    assert "killed (قوات سوريا الديمقراطية): 28 (Syrian Observatory for Human Rights); 17 (SDF)" in prison.notes
    assert prison.source.split("; ")[:2] == ["عنب بلدي", "الشرق الأوسط"]
    baghdad = rows.loc["i2"]
    assert baghdad.event_type == "Explosions/Remote violence" and baghdad.sub_event_type == "Suicide bomb"
    assert baghdad.fatalities == 32           # total «at least 32» beats the 28 civilians
    tripoli = rows.loc["i3"]
    assert tripoli.fatalities == 32           # the ministry revised 23 → 32: not a dispute
    assert "Disputed" not in tripoli.notes
    assert rows.loc["i5"].fatalities == 0


def test_figure_text() -> None:
    assert figure_text({"low": 70, "high": 70, "qualifier": "approx"}) == "about 70"
    assert figure_text({"low": 25, "high": 40, "qualifier": "range"}) == "25–40"
    assert figure_text({"low": 20, "high": 99, "qualifier": "vague"}) == "20–99 (vague)"
    assert figure_text({"low": None, "high": 40, "qualifier": "less_than"}) == "fewer than 40"
    assert figure_text({"low": 0, "high": 0, "qualifier": "exact", "stance": "denies"}) == "denied (0)"


# --------------------------------------------------------------------- UCDP

def test_ucdp_rows(analysis) -> None:
    rows = ucdp_table(analysis).set_index("incident")
    prison = rows.loc["i1"]
    assert {prison.side_a, prison.side_b} == {"SDF", "ISIS"}
    sdf, isis = ("deaths_a", "deaths_b") if prison.side_a == "SDF" else ("deaths_b", "deaths_a")
    assert (prison[sdf], prison[isis], prison.deaths_civilians, prison.deaths_unknown) == (28, 0, 0, 0)
    assert (prison.low, prison.best, prison.high) == (28, 28, 28)
    assert prison.type_of_violence == 2 and prison.date_prec == 1 and prison.where_prec == 1
    baghdad = rows.loc["i2"]
    assert (baghdad.deaths_civilians, baghdad.deaths_unknown, baghdad.best) == (28, 4, 32)
    assert baghdad.number_of_sources == 2
    for _, row in rows.iterrows():
        assert row.deaths_a + row.deaths_b + row.deaths_civilians + row.deaths_unknown == row.best
        assert row.low <= row.best <= row.high


# ------------------------------------------------------- saved analyses/CLI

def test_read_saved_analysis_and_reject_other_json(analysis, tmp_path: Path) -> None:
    saved = tmp_path / "a.json"
    saved.write_text(json.dumps(analysis, ensure_ascii=False), encoding="utf-8")
    assert load_inputs([saved]) == read_analysis(saved)
    other = tmp_path / "b.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(NotAnAnalysis):
        load_inputs([other])


def test_several_saved_analyses_are_reconciled_together(analysis, tmp_path: Path) -> None:
    first_ids = {"s1", "b1", "l1", "s2", "q1"}
    parts = []
    for keep in (first_ids, None):
        docs = [d for d in analysis["documents"] if (d["id"] in first_ids) == (keep is not None)]
        ids = {d["id"] for d in docs}
        part = {**analysis, "documents": docs, "claims": [c for c in analysis["claims"] if c["document"] in ids],
                "incidents": []}
        path = tmp_path / f"part{len(parts)}.json"
        path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
        parts.append(path)
    merged = load_inputs(parts)
    assert [i["documents"] for i in merged["incidents"]] == EXPECTED
    assert len(merged["claims"]) == 19


def test_cli_export_from_saved_json(analysis, tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    import riwaya.cli.export  # noqa: F401  (registers the command)
    from riwaya.cli import app

    saved = tmp_path / "analysis.json"
    saved.write_text(json.dumps(analysis, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(saved), "--format", "csv", "--format", "acled",
                                      "--format", "ucdp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{n}.csv" for n in COLUMNS] + ["acled.csv", "ucdp.csv"])
    acled = pd.read_csv(out / "acled.csv")
    assert acled.set_index("incident").loc["i1", "fatalities"] == 17
    bad = CliRunner().invoke(app, ["export", str(saved), "--format", "xlsx", "-o", str(out)])
    assert bad.exit_code != 0


def test_cli_export_analyses_raw_inputs(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    import riwaya.cli.export  # noqa: F401  (registers the command)
    from riwaya.cli import app

    install_extractors(monkeypatch)
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for d in make_docs()[:3]:
        (corpus_dir / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(corpus_dir), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs["id"]) == ["b1", "l1", "s1"]
    assert docs["incident"].notna().all()
