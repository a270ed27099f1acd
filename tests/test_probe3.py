"""The extractor on probe 3: eight whole web reports written blind (tests/data/probe3).

Eight Arabic news-site pages as plain text, each by another outlet about
another invented incident (Diyala, El Fasher, Taiz, Zuwara, south Lebanon,
Middle Shabelle, Khan Younis, the Afghan–Pakistani border), with their page
furniture and no metadata sidecars, written and annotated blind on
2026-11-21 before the extractor was first run on them (see the folder's
README). Scored with riwaya's own scorer (:mod:`riwaya.evaluate`, the
shared scorer's rules); outlet, date and title are checked against
``gold/metadata.json``.

First pass (before any fix, gold as first written; 98 scored gold claims):
TP 85 FP 10 FN 13, claims P 0.89 R 0.87 F1 0.88, source 0.79, qualifier
1.00, stance 1.00, party 0.88; outlets 2/8, dates 7/8, titles 7/8 right.
Three gold parties were then corrected (captured «وأسرت 12 آخرين», «وأسر 4
آخرين», «وأسرت أربعة آخرين»: the project's gold gives «آخرين» the side of
the count before it, as examples/gold/001 and heldout_probe's «وأسرت 85
آخرين» do); the first pass scores the same on the corrected gold.

After the fixes: TP 94 FP 4 FN 4, P 0.96 R 0.96 F1 0.96, source 0.89,
qualifier 1.00, stance 1.00, party 0.86 (more claims found, a few of them
with a party still missed); outlets, dates and titles 8/8. The floors
below sit just under that.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riwaya import evaluate
from riwaya.extract.dates import dateline
from riwaya.extract.outlet import infer_title
from riwaya.extract.pipeline import extract_claims
from riwaya.model import Document
from riwaya.pipeline import analyze

PROBE = Path(__file__).parent / "data" / "probe3"
GOLD = PROBE / "gold"


@pytest.fixture(scope="module")
def system() -> dict:
    return json.loads(analyze(sorted(PROBE.glob("*.txt")), incidents=False).to_json())


def test_probe3_claims(system: dict) -> None:
    report = evaluate.score(system, GOLD)
    detail = "\n".join([report.summary_line(), *report.detail_lines()])
    assert report.f1 >= 0.95, detail
    assert report.precision >= 0.95 and report.recall >= 0.95, detail
    assert report.source >= 0.88, detail
    assert report.qualifier >= 0.99 and report.stance >= 0.99, detail
    assert report.party >= 0.85, detail


def test_probe3_metadata(system: dict) -> None:
    """Outlet, publication date and title, inferred from each page's own text."""
    expected = json.loads((GOLD / "metadata.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in system["documents"]}
    assert set(docs) == set(expected)
    for doc_id, want in expected.items():
        d = docs[doc_id]
        name = (d["outlet"] or {}).get("name") or ""
        assert any(evaluate.norm(name) == evaluate.norm(o) for o in want["outlet"]), (doc_id, name)
        assert d["published"] == want["published"], (doc_id, d["published"])
        assert d["title"] == want["title"], (doc_id, d["title"])


def test_probe3_gold_is_what_it_claims() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in PROBE.glob("*.txt")}
    gold = evaluate.load_gold(GOLD)
    assert set(gold) == set(texts) and len(texts) == 8
    for doc, claims in gold.items():
        for c in claims:
            assert texts[doc][c["start"]:c["end"]] == c["text"], (doc, c["text"])


# -- the page shapes behind the fixes, on other outlets ----------------------

def _outlet(text: str) -> str | None:
    doc = Document(id="u", text=text)
    extract_claims(doc)
    return doc.outlet.name


@pytest.mark.parametrize(("text", "outlet"), [
    # «PLACE - OUTLET - خاص»: the outlet between the place and «خاص»
    ("عاجل: توتر في المدينة\n\nعدن - عدن الغد - خاص\n\nشهدت المدينة توتراً أمنياً واسعاً مساء أمس.", "عدن الغد"),
    # «PLACE / AUTHOR / OUTLET»: the part the lexicon knows as an outlet
    ("اشتباكات في الريف\n\nالموصل / أحمد الجبوري / الأناضول\n\nاندلعت اشتباكات عنيفة في ريف المدينة.", "الأناضول"),
    # «PLACE: OUTLET»
    ("قصف على الأحياء\n\nالخرطوم: التغيير\n\nتعرضت أحياء عدة لقصف مدفعي.", "التغيير"),
    # «PLACE - OUTLET: AUTHOR»
    ("تظاهرات في المدينة\n\nبنغازي - عين ليبيا: سالم المبروك\n\nخرج المئات في تظاهرات وسط المدينة.", "عين ليبيا"),
    # «OUTLET/ » opening the lede
    ("انفجار في بغداد\n\nالسومرية نيوز/ أفاد مصدر أمني بانفجار عبوة ناسفة قرب سوق شعبي في منطقة الشعب شرقي بغداد.",
     "السومرية نيوز"),
    # a copyright line, and «المصدر : X + وكالات»
    ("قصف على أريحا\n\nتعرضت المدينة لقصف عنيف.\n\n© 2025 عنب بلدي. جميع الحقوق محفوظة", "عنب بلدي"),
    ("قصف على أريحا\n\nتعرضت المدينة لقصف عنيف.\n\nالمصدر : العربية + وكالات", "العربية"),
])
def test_outlet_from_page_shapes(text: str, outlet: str) -> None:
    assert evaluate.norm(_outlet(text)) == evaluate.norm(outlet)


def test_image_file_name_is_no_dateline() -> None:
    assert _outlet("عنوان الخبر هنا للاختبار\n\nmosul-blast-2025.jpg\n\nانفجار في المدينة.") is None


def test_breadcrumb_is_no_title() -> None:
    text = "عنب بلدي | الرئيسية | سوريا\n\nقصف مدفعي يطال أحياء أريحا جنوبي إدلب\n\nتعرضت المدينة لقصف."
    assert infer_title(text) == "قصف مدفعي يطال أحياء أريحا جنوبي إدلب"
    assert infer_title("الصفحة الرئيسية » أخبار العراق\nانفجار عبوة ناسفة قرب سوق شعبي في بغداد\n") == \
        "انفجار عبوة ناسفة قرب سوق شعبي في بغداد"


def test_dateline_with_spaced_separators() -> None:
    assert dateline("قصف على أريحا\nآخر تحديث: 05 - 11 - 2023 | 09:10\nتعرضت المدينة لقصف.")[0] == "2023-11-05"
