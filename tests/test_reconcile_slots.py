"""Slots: voices by ultimate source, hedge-aware contested, estimates, self-interest, history."""

from __future__ import annotations

import pytest
from test_reconcile_corpus import install_extractors

from riwaya.model import Claim, Document, Outlet, Source
from riwaya.reconcile.actors import self_interest, side_of
from riwaya.reconcile.estimates import APPROX_TOLERANCE, claim_interval, contested
from riwaya.reconcile.slots import build_slot, build_slots, envelope

SOHR = Source("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", "monitor")
SDF = Source("قوات سوريا الديمقراطية", "SDF", "party")
SDF_MEDIA = Source("المركز الإعلامي لقوات سوريا الديمقراطية", "SDF Media Center", "party_media")


def doc(doc_id: str, outlet: str, published: str | None = None, time: str | None = None) -> Document:
    return Document(id=doc_id, text="x" * 50, outlet=Outlet(name=outlet), published=published,
                    published_time=time)


_n = 0


def claim(doc_id: str, low: int | None, high: int | None, qualifier: str = "exact",
          source: Source = SOHR, *, quantity: str = "killed", party: str | None = None,
          stance: str = "asserts") -> Claim:
    global _n
    _n += 1
    return Claim(id=f"{doc_id}#c{_n}", document=doc_id, quantity=quantity, low=low, high=high,
                 qualifier=qualifier, start=_n, end=_n + 1, text="x", source=source, party=party,
                 stance=stance)


def slot_of(claims: list[Claim], docs: list[Document]):
    by_id = {d.id: d for d in docs}
    order = {d.id: i for i, d in enumerate(docs)}
    return build_slot(claims[0].quantity, claims[0].party, claims, by_id, order)


def outlet(name: str) -> Source:
    return Source(name, None, "outlet")


# ------------------------------------------------------------------ voices

def test_three_outlets_quoting_one_monitor_are_one_voice() -> None:
    docs = [doc("a", "رويترز"), doc("b", "الجزيرة"), doc("c", "عنب بلدي")]
    quoting = [claim("a", 70, 70, "approx"), claim("b", 70, 70, "approx"),
               claim("c", 70, 70, "approx", Source("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", "monitor"))]
    own = claim("c", 65, 65, "exact", outlet("عنب بلدي"))
    slot = slot_of([*quoting, own], docs)
    assert len(slot.voices) == 2
    sohr = slot.voices[0]
    assert sohr.source == "Syrian Observatory for Human Rights"
    assert sohr.outlets == ["رويترز", "الجزيرة", "عنب بلدي"]
    assert sohr.claims == [c.id for c in quoting]
    assert slot.values[0]["voices"] == ["Syrian Observatory for Human Rights"]
    assert slot.values[0]["claims"] == [c.id for c in quoting]
    assert not slot.contested      # 65 lies within about 70 (±10 %)


def test_voice_key_folds_spelling_variants() -> None:
    docs = [doc("a", "x"), doc("b", "y")]
    a = claim("a", 5, 5, source=Source("المرصد السوري لحقوق الانسان", None, "monitor"))
    b = claim("b", 5, 5, source=Source("المرصد السوري لحقوق الإنسان", None, "monitor"))
    assert len(slot_of([a, b], docs).voices) == 1


# ---------------------------------------------------------------- contested

@pytest.mark.parametrize(("first", "second", "expected"), [
    ((20, None, "at_least"), (50, None, "at_least"), False),
    ((150, None, "more_than"), (200, 200, "exact"), False),
    ((3500, 3500, "approx"), (5000, 5000, "exact"), True),
    ((3500, 3500, "exact"), (5000, 5000, "exact"), True),
    ((100, 100, "approx"), (108, 108, "exact"), False),
    ((100, 100, "exact"), (112, 112, "exact"), True),
    ((100, 100, "approx"), (112, 112, "approx"), False),
    ((None, 40, "at_most"), (35, 35, "exact"), False),
    ((None, 40, "less_than"), (50, None, "at_least"), True),
    ((25, 40, "range"), (40, None, "at_least"), False),
    ((20, 99, "vague"), (150, None, "more_than"), True),
    ((200, 999, "vague"), (150, None, "more_than"), False),
])
def test_contested_respects_hedges(first, second, expected) -> None:
    docs = [doc("a", "x"), doc("b", "y")]
    claims = [claim("a", *first, outlet("x")), claim("b", *second, outlet("y"))]
    assert slot_of(claims, docs).contested is expected


def test_denial_conflicts_with_every_positive_figure() -> None:
    docs = [doc("a", "x"), doc("b", "y")]
    denial = claim("b", 0, 0, "exact", SDF, quantity="escaped", stance="denies")
    for other in [(1, 1, "exact"), (20, 99, "vague"), (5, None, "at_least")]:
        slot = slot_of([claim("a", *other, quantity="escaped"), denial], docs)
        assert slot.contested
    assert not slot_of([claim("a", None, 10, "at_most", quantity="escaped"), denial], docs).contested


def test_one_voice_alone_is_never_contested() -> None:
    docs = [doc("a", "x")]
    assert not slot_of([claim("a", 10, 10), claim("a", 30, 30)], docs).contested


def test_approx_interval_uses_stated_tolerance() -> None:
    lo, hi = claim_interval(claim("a", 100, 100, "approx"))
    assert (lo, hi) == pytest.approx((100 * (1 - APPROX_TOLERANCE), 100 * (1 + APPROX_TOLERANCE)))
    assert contested([(0, 0), (1, 5)]) and not contested([(0, 10), (10, 20)])


def test_envelope_takes_every_stated_number() -> None:
    claims = [claim("a", 150, None, "more_than"), claim("a", 200, 999, "vague"),
              claim("a", 0, 0, stance="denies")]
    assert envelope(claims) == (0, 999)


# ---------------------------------------------------------------- estimates

def test_estimates_prefer_monitors_and_set_aside_self_interest(monkeypatch) -> None:
    install_extractors(monkeypatch)
    docs = [doc("a", "x"), doc("b", "y"), doc("c", "z"), doc("d", "w")]
    claims = [
        claim("a", 70, 70, "approx", SOHR, party="داعش"),
        claim("b", 41, 41, "exact", outlet("y"), party="داعش"),
        claim("c", 150, None, "more_than", SDF, party="داعش"),      # SDF counting ISIS dead
        claim("d", 20, 99, "vague", Source("مصدر أمني", None, "anonymous"), party="داعش"),
    ]
    slot = slot_of(claims, docs)
    flags = {v.source: v.self_interest for v in slot.voices}
    assert flags == {"Syrian Observatory for Human Rights": None, "y": None,
                     "SDF": "enemy_losses", "مصدر أمني": None}
    est = slot.estimate
    assert est is not None
    assert (est.low, est.best, est.high) == (41, 70, 70)     # SDF and the anonymous source set aside
    assert est.conservative == 41      # anonymous figures only when no named voice gave one
    assert "monitor voices [70]" in est.rule and "SDF" in est.rule


def test_conservative_ignores_anonymous_when_named_voices_exist() -> None:
    docs = [doc("a", "x"), doc("b", "y")]
    slot = slot_of([claim("a", 30, 30, source=outlet("x")),
                    claim("b", 5, 5, source=Source("مصادر خاصة", None, "anonymous"))], docs)
    assert slot.estimate is not None and slot.estimate.conservative == 30
    alone = slot_of([claim("b", 5, 5, source=Source("مصادر خاصة", None, "anonymous"))], docs)
    assert alone.estimate is not None and alone.estimate.conservative == 5


def test_best_is_lower_median_and_high_finite_or_raised() -> None:
    docs = [doc(x, x) for x in "abcd"]
    slot = slot_of([claim("a", 10, 10, source=outlet("a")), claim("b", 20, 20, source=outlet("b")),
                    claim("c", 30, None, "at_least", outlet("c")), claim("d", 40, 40, source=outlet("d"))],
                   docs)
    est = slot.estimate
    assert est is not None
    assert (est.low, est.best, est.high, est.conservative) == (10, 20, 40, 10)
    open_only = slot_of([claim("a", 150, None, "more_than", outlet("a"))], docs).estimate
    assert open_only is not None and (open_only.low, open_only.best, open_only.high) == (150, 150, 150)
    assert "no finite upper bound" in open_only.rule


def test_sided_denial_does_not_make_the_estimate_zero() -> None:
    docs = [doc("a", "x"), doc("b", "y")]
    slot = slot_of([claim("a", 100, None, "more_than", SOHR, quantity="escaped"),
                    claim("b", 0, 0, "exact", SDF, quantity="escaped", stance="denies")], docs)
    est = slot.estimate
    assert est is not None and (est.low, est.best, est.conservative) == (100, 100, 100)
    neutral = slot_of([claim("a", 100, None, "more_than", SOHR, quantity="escaped"),
                       claim("b", 0, 0, "exact", outlet("y"), quantity="escaped", stance="denies")], docs)
    assert neutral.estimate is not None and neutral.estimate.conservative == 0


def test_own_losses_count_for_acled_conservative_not_ucdp(monkeypatch) -> None:
    install_extractors(monkeypatch)
    docs = [doc("a", "x"), doc("b", "y")]
    slot = slot_of([claim("a", 28, 28, source=SOHR, party="قوات سوريا الديمقراطية"),
                    claim("b", 17, 17, source=SDF, party="قوات سوريا الديمقراطية")], docs)
    assert [v.self_interest for v in slot.voices] == [None, "own_losses"]
    est = slot.estimate
    assert est is not None and (est.low, est.best, est.conservative) == (28, 28, 17)
    assert slot.contested


# ------------------------------------------------------------- self-interest

def test_self_interest_through_the_lexicon(monkeypatch) -> None:
    install_extractors(monkeypatch)
    assert side_of(SDF) == "sdf"
    assert side_of(SDF_MEDIA) == "sdf"          # party_media speaks for its party
    assert side_of(SOHR) is None
    assert self_interest(SDF, "داعش") == "enemy_losses"
    assert self_interest(SDF, "قسد") == "own_losses"            # alias resolved
    assert self_interest(SDF_MEDIA, "قوات سوريا الديمقراطية") == "own_losses"
    assert self_interest(SDF, "civilians") is None
    assert self_interest(SDF, None) is None
    assert self_interest(SOHR, "داعش") is None
    iraq = Source("الجيش العراقي", "Iraqi Security Forces", "party")
    assert self_interest(iraq, "Iraqi Security Forces") == "own_losses"


def test_self_interest_without_lexicon_uses_the_party_source_itself(monkeypatch) -> None:
    install_extractors(monkeypatch, lexicon=False)
    import sys

    monkeypatch.setitem(sys.modules, "riwaya.extract.actors", None)   # import fails
    assert self_interest(SDF, "SDF") == "own_losses"
    assert self_interest(SDF, "داعش") == "enemy_losses"
    assert self_interest(outlet("x"), "داعش") is None


# ------------------------------------------------------------------ history

def test_history_orders_each_sources_figures_and_keeps_revisions_only() -> None:
    docs = [doc("d3", "c", "2022-01-22"), doc("d1", "a", "2022-01-21", "09:00"),
            doc("d2", "b", "2022-01-21", "18:30"), doc("d0", "z", None)]
    claims = [
        claim("d3", 70, 70, source=SOHR),
        claim("d1", 41, 41, source=SOHR),
        claim("d2", 41, 41, source=SOHR),                 # repeated, not a revision
        claim("d2", 30, 30, source=SDF),
        claim("d0", 99, 99, source=SOHR),                 # undated: cannot be placed
    ]
    slot = slot_of(claims, docs)
    hist = [(r.source, r.published, r.low) for r in slot.history]
    assert hist == [
        ("Syrian Observatory for Human Rights", "2022-01-21T09:00", 41),
        ("Syrian Observatory for Human Rights", "2022-01-22", 70),
        ("SDF", "2022-01-21T18:30", 30),
    ]
    sohr = slot.voices[0]
    assert (sohr.low, sohr.high) == (70, 70)              # the latest figure is the voice's


def test_revision_is_not_a_contradiction() -> None:
    docs = [doc("d1", "a", "2022-01-21"), doc("d2", "b", "2022-01-22"), doc("d3", "c", "2022-01-22")]
    claims = [claim("d1", 41, 41, source=SOHR), claim("d2", 70, 70, source=SOHR),
              claim("d3", 70, 70, "approx", outlet("c"))]
    assert not slot_of(claims, docs).contested
    without_dates = [doc("d1", "a"), doc("d2", "b"), doc("d3", "c")]
    # Undated, nothing says 70 revised 41: two outlets disagree on what one
    # voice said, and the reader must see it.
    assert slot_of(claims, without_dates).contested


def test_one_report_partial_and_running_total_is_not_a_contradiction() -> None:
    docs = [doc("d1", "a")]
    claims = [claim("d1", 8, 8, source=SOHR), claim("d1", 27, 27, source=SOHR)]
    slot = slot_of(claims, docs)
    assert not slot.contested
    assert (slot.voices[0].low, slot.voices[0].high) == (27, 27)


# -------------------------------------------------------------- build_slots

def test_slots_split_by_quantity_and_party_and_skip_context(monkeypatch) -> None:
    install_extractors(monkeypatch)
    docs = [doc("a", "x")]
    claims = [claim("a", 3, 3, quantity="wounded"), claim("a", 5, 5, party="داعش"),
              claim("a", 6, 6, party="ISIS"), claim("a", 9, 9), claim("a", 100, 100)]
    claims[-1].context = True
    slots = build_slots(claims, {"a": docs[0]}, {"a": 0})
    assert [(s.quantity, s.party, len(s.claims)) for s in slots] == [
        ("killed", None, 1), ("killed", "داعش", 2), ("wounded", None, 1)]


def test_aliases_of_one_source_are_one_voice_through_the_lexicon(monkeypatch) -> None:
    install_extractors(monkeypatch)
    docs = [doc("a", "x"), doc("b", "y")]
    slot = slot_of([claim("a", 5, 5, source=Source("قسد", None, "party")),
                    claim("b", 5, 5, source=Source("SDF", None, "party"))], docs)
    assert [v.source for v in slot.voices] == ["SDF"]
    assert slot.values[0]["voices"] == ["SDF"]


def test_a_running_total_beside_a_partial_count_reads_as_the_total() -> None:
    docs = [doc("a", "x"), doc("b", "y")]
    guard = Source("خفر السواحل", None, "official")
    slot = slot_of([claim("a", 27, 27, source=guard), claim("a", 8, 8, source=guard),
                    claim("b", 19, 19, source=outlet("y"))], docs)
    voice = slot.voices[0]
    assert (voice.low, voice.high) == (27, 27) and voice.claims == [slot.claims[0], slot.claims[1]]
    est = slot.estimate
    assert est is not None and est.conservative == 19 and slot.contested
