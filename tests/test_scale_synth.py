"""``riwaya synth``: deterministic, streaming, contract-shaped, and Arabic that parses."""

from __future__ import annotations

import gzip
import json
import re
import tracemalloc
from collections import Counter
from datetime import date

import pytest
from typer.testing import CliRunner

from riwaya.cli import _register, app
from riwaya.scale import synth

ARABIC_DIGITS = re.compile(r"[٠-٩]")


def test_same_seed_same_corpus():
    a = list(synth.generate(300, seed=4))
    assert a == list(synth.generate(300, seed=4))
    assert a != list(synth.generate(300, seed=5))
    assert [r["id"] for r in a[:3]] == ["syn4_000000000", "syn4_000000001", "syn4_000000002"]


def test_records_are_contract_document_lines():
    records = list(synth.generate(500, seed=1))
    assert len(records) == 500
    assert len({r["id"] for r in records}) == 500
    for r in records:
        assert isinstance(r["text"], str) and r["text"].strip()
        date.fromisoformat(r["published"])
        assert r["language"] == "ar" and r["outlet"] and r["title"]
        assert r["url"].startswith("https://")
    # Many incidents over many days, several reports for some of them.
    per_incident = Counter(r["synth_incident"] for r in records)
    assert len(per_incident) > 100 and max(per_incident.values()) > 2
    assert len({r["published"] for r in records}) >= 20
    # Dates advance with the stream (a crawl-ordered dump), give or take lag.
    days = [date.fromisoformat(r["published"]) for r in records]
    assert days[-1] > days[0]
    assert all((b - a).days >= -5 for a, b in zip(days, days[50:], strict=False))


def test_reports_carry_the_phenomena_the_extractor_must_handle():
    text = "\n".join(r["text"] for r in synth.generate(2000, seed=2))
    for marker in ("نحو", "ما لا يقل عن", "أكثر من", "عشرات", "بين", "نقلاً عن",
                   "قوله إن", "نفى", "مصدر أمني", "المرصد", "حصيلة", "وبحسب"):
        assert marker in text, marker
    assert ARABIC_DIGITS.search(text)  # some outlets write Arabic-Indic digits


@pytest.mark.parametrize(("n", "expected"), [
    (2, "شخصين"), (3, "3 أشخاص"), (10, "10 أشخاص"), (11, "11 شخصاً"), (99, "99 شخصاً"),
    (100, "100 شخص"), (102, "102 شخص"), (103, "103 أشخاص"), (150, "150 شخصاً"),
])
def test_counted_nouns_agree_with_their_numbers(n, expected):
    noun = synth.load_templates().news["nouns"]["person"]

    class NoWords:  # never spell out, never round to thousands
        @staticmethod
        def random() -> float:
            return 1.0

    assert synth._number(n, noun, NoWords(), {}) == expected  # type: ignore[arg-type]


def test_streaming_memory_is_flat_in_corpus_size(tmp_path):
    synth.load_templates()  # loaded once, outside the measurement

    def peak(n: int) -> int:
        tracemalloc.start()
        synth.write(n, tmp_path / f"c{n}.jsonl.gz", seed=0, days=100)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(500), peak(5000)
    assert large < small * 1.5 + 200_000


def test_cli_writes_gzip_jsonl(tmp_path):
    _register()
    out = tmp_path / "c.jsonl.gz"
    result = CliRunner().invoke(app, ["synth", "40", "--out", str(out), "--seed", "9"])
    assert result.exit_code == 0, result.output
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh]
    assert lines == list(synth.generate(40, seed=9))


def test_cli_rejects_a_bad_output_name(tmp_path):
    _register()
    result = CliRunner().invoke(app, ["synth", "5", "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2
    assert "--out must end in .jsonl or .jsonl.gz" in result.output
