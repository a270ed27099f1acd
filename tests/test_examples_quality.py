"""The bundled sample corpus (examples/) against its gold, at the level the README shows.

The README's worked example prints this score; a rule that helps elsewhere
but misreads the sample (as one briefly did, reading «12 قتيلاً وعشرة مسلحين
ما زالوا يتحصنون» as 22 dead) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

from riwaya import evaluate
from riwaya.pipeline import analyze

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_the_sample_corpus_scores_what_the_readme_says() -> None:
    system = json.loads(analyze(sorted((EXAMPLES / "corpus").glob("*.txt")), incidents=False).to_json())
    report = evaluate.score(system, EXAMPLES / "gold")
    detail = "\n".join([report.summary_line(), *report.detail_lines()])
    assert report.precision >= 0.99 and report.recall >= 0.95 and report.f1 >= 0.97, detail
    assert report.source >= 0.99 and report.qualifier >= 0.99 and report.stance >= 0.99, detail
    assert report.party >= 0.97 and report.span >= 0.99, detail
