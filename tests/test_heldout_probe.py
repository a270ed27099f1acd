"""The extractor on the held-out probe (tests/data/heldout_probe.yaml).

Thirty multi-sentence passages in the register of real wire copy, about
wars and incidents other than the seeds, annotated blind before the
extractor was first run on them. First pass (before any fix): 9/30 cases
fully right, claims P 0.96 R 0.87 F1 0.92, source 0.95, party 0.80,
qualifier 1.00. The floors below sit just under what the extractor reaches
now, so a change that loses generality fails here even when the tuned
sentence cases still pass.

Cases it does not yet get fully right are listed in PROBE_GAPS and marked
``xfail(strict=True)``: a fix that makes one pass fails the suite until the
list is updated, so the list can only shrink honestly.
"""

from __future__ import annotations

import pytest
from sentence_cases import (
    PROBE_PATH,
    assert_case_right,
    case_params,
    load_cases,
    score_cases,
)

CASES = load_cases(PROBE_PATH)
#: id -> why it still fails (all on party, none on the figure itself).
PROBE_GAPS = {
    "hop-05": "«قتل اثنين من المهاجمين»: the attackers' group is named two sentences earlier",
    "hop-14": "«قضت على نحو 20 مخرباً»: the Israeli army's word for Palestinian fighters names no group",
    "hop-20": "«مقتل 17 من عناصر الحوثي وإصابة العشرات»: the wounded share the killed's side without «آخرين»",
    "hop-25": "«حيّدت عشرات الإرهابيين» and «عدد قتلى الجيش بنحو 100»: the side is named elsewhere",
}

PARAMS = case_params(CASES, PROBE_GAPS)


@pytest.mark.parametrize("case", PARAMS)
def test_probe_case(case: dict) -> None:
    assert_case_right(case)


def test_probe_quality() -> None:
    """Across the probe: claim F1 and the attributes of matched claims stay at the measured level."""
    _results, s = score_cases(CASES)
    assert s.f1 >= 0.97, s
    assert s.p >= 0.97 and s.r >= 0.97, s
    assert s.source >= 0.97, s
    assert s.qualifier >= 0.97, s
    assert s.party >= 0.92, s
    assert s.perfect >= len(CASES) - len(PROBE_GAPS), s


def test_probe_is_what_it_claims() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == 30 and len(set(ids)) == 30
    assert set(PROBE_GAPS) <= set(ids), sorted(set(PROBE_GAPS) - set(ids))
    assert all(c["claims"] for c in CASES), "every probe passage carries at least one scored figure"
