"""The extractor on the second held-out probe (tests/data/heldout_probe2.yaml).

Twenty-four multi-sentence passages in the register of Arabic wire copy and
news sites, about conflicts and outlets the first probe barely touches (El
Fasher and Kordofan, a Rohingya boat, Cabo Delgado, Boko Haram and the
Zamfara bandits, Burkina Faso, Mali, Somalia, Diyala, Manbij, Ibb, Jenin,
Khan Younis, south Lebanon, Libyan migrants, a prison break and massacres in
eastern DRC, Amhara, Tigray, Waziristan, the Afghan–Pakistani border, a
monthly Syrian monitor report, strikes on Sanaa), written and annotated
blind on 2026-11-21 before the extractor was first run on them.

First pass (before any fix, gold as first written): 6/24 cases fully right,
claims P 0.91 R 0.78 F1 0.84, source 0.88, qualifier 1.00, party 0.78
(TP 58, FP 6, FN 16 of 74 scored claims). Ten gold parties were then
corrected where the blind annotation had misread the conventions (see the
data file's header); on the corrected gold the first pass is 8/24, F1 0.84,
party 0.84. After the fixes: 19/24, P 0.97 R 0.93 F1 0.95, source 0.97,
qualifier 1.00, party 0.94. The floors below sit just under that.

Cases not yet fully right are listed in PROBE2_GAPS and marked
``xfail(strict=True)``, so the list can only shrink honestly.
"""

from __future__ import annotations

import pytest
from sentence_cases import PROBE2_PATH, assert_case_right, case_params, load_cases, score_cases

CASES = load_cases(PROBE2_PATH)
#: id -> why it still fails.
PROBE2_GAPS = {
    "hp2-02": "«17 أسيراً» in an army's tally are prisoners of war (captured), not hostages; «كبدتها خسائر "
              "… بينها» names the side by a pronoun; «نفى وقوع أي من عناصر قواته في الأسر» is no denial yet",
    "hp2-06": "«شرطياً واحداً» (a number after its noun) is no figure; «الخاطفين لا يزالون يحتجزون 15» are "
              "hostages by who holds them, read as detainees",
    "hp2-07": "«المهاجمين، الذين قُدّر عددهم بالمئات»: a vague number with «بـ», in a relative clause",
    "hp2-21": "«6 من «الخوارج»» is the Pakistani state's word for the TTP (al-Shabaab's in Somalia); "
              "«تبنت الحركة الهجوم، وادعت» reads «الحركة الهجوم» as one name",
    "hp2-22": "Afghan border guards are the Taliban government's (the lexicon's «الأفغاني» army is the "
              "pre-2021 one); «وادعى المسؤول» does not point back to the deputy spokesman",
}

PARAMS = case_params(CASES, PROBE2_GAPS)


@pytest.mark.parametrize("case", PARAMS)
def test_probe2_case(case: dict) -> None:
    assert_case_right(case)


def test_probe2_quality() -> None:
    """Across the probe: claim F1 and the attributes of matched claims stay at the measured level."""
    _results, s = score_cases(CASES)
    assert s.f1 >= 0.94, s
    assert s.p >= 0.96 and s.r >= 0.92, s
    assert s.source >= 0.96, s
    assert s.qualifier >= 0.98, s
    assert s.party >= 0.93, s
    assert s.perfect >= len(CASES) - len(PROBE2_GAPS), s


def test_probe2_is_what_it_claims() -> None:
    ids = [c["id"] for c in CASES]
    assert ids == [f"hp2-{n:02d}" for n in range(1, 25)]
    assert set(PROBE2_GAPS) <= set(ids), sorted(set(PROBE2_GAPS) - set(ids))
    assert all(c["claims"] for c in CASES), "every probe passage carries at least one scored figure"
