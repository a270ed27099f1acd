"""The incidents target on the shared seeds: one incident, placed, dated, its disputes flagged.

The five seed reports come from five outlets; four carry no publication
date. Nothing here knows the seeds' figures: the test asserts the shape of
the answer the issue asks for (one incident holding every report, a place
with coordinates, a day-precision date, and contested slots for the
quantities the outlets disagree on).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from riwaya import analyze

#: Slots the outlets disagree on (issue 3: prisoners held, escaped, attackers, ISIS dead, recaptured).
DISPUTED = {"detainees", "escaped", "attackers", "captured"}


@pytest.fixture(scope="module")
def seeds_analysis(shared_dir: Path):
    return analyze(shared_dir / "seeds")


def test_seeds_are_one_incident_with_every_report(seeds_analysis) -> None:
    assert len(seeds_analysis.documents) == 5
    assert len(seeds_analysis.incidents) == 1
    incident = seeds_analysis.incidents[0]
    assert sorted(incident.documents) == sorted(d.id for d in seeds_analysis.documents)
    assert all(c.incident == incident.id for c in seeds_analysis.claims if not c.context)


def test_seeds_incident_is_placed_at_the_prison_with_coordinates(seeds_analysis) -> None:
    place = seeds_analysis.incidents[0].place
    assert place is not None and place.kind == "facility"
    assert place.admin1 == "Al-Hasakah" and place.country == "SY"
    assert place.latitude is not None and 36 < place.latitude < 37
    assert place.longitude is not None and 40 < place.longitude < 41


def test_seeds_incident_date_is_inferred_from_the_text(seeds_analysis) -> None:
    date = seeds_analysis.incidents[0].date
    assert date is not None and date.precision == 1
    assert date.date.startswith("2022-01")
    doc = next(d for d in seeds_analysis.documents if d.id == date.document)
    assert doc.text[date.evidence.start:date.evidence.end] == date.evidence.text


def test_seeds_disputed_figures_are_contested_slots(seeds_analysis) -> None:
    slots = seeds_analysis.incidents[0].slots
    contested = {s.quantity for s in slots if s.contested}
    assert DISPUTED <= contested
    killed_isis = [s for s in slots if s.quantity == "killed" and s.party]
    assert any(s.contested for s in killed_isis)
    claim_ids = {c.id for c in seeds_analysis.claims}
    for s in slots:
        assert s.claims and set(s.claims) <= claim_ids
        if s.contested:
            assert len({(v["low"], v["high"], v["stance"]) for v in s.values}) > 1


def test_sample_corpus_is_one_incident_at_the_camp() -> None:
    """The bundled corpus: five outlets, one invented camp attack, one of them undated and partisan."""
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    result = analyze(corpus)
    assert len(result.documents) == 5
    assert [sorted(i.documents) for i in result.incidents] == [sorted(d.id for d in result.documents)]
    incident = result.incidents[0]
    assert incident.place is not None and incident.place.kind == "facility"
    assert incident.date is not None and incident.date.date == "2025-02-16"
    assert any(s.contested for s in incident.slots if s.quantity == "killed")
