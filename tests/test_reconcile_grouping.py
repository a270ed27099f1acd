"""Grouping reports into incidents: blocking, vetoes, context claims, the Dask-style path."""

from __future__ import annotations

import pickle
from collections import defaultdict

import numpy as np
import pytest
from test_reconcile_corpus import EXPECTED, corpus, install_extractors, make_claims, make_docs  # noqa: F401

from riwaya.model import Document, Place, Span
from riwaya.reconcile import (
    block_keys,
    build_incident,
    cluster,
    components,
    doc_features,
    link_block,
    reconcile,
)
from riwaya.reconcile.features import DocFeatures, date_window, focus_text, place_levels
from riwaya.reconcile.grouping import UnionFind, buckets
from riwaya.reconcile.textsim import jaccard, signature, tokens


def test_reconcile_groups_the_corpus(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    incidents = reconcile(docs, claims)
    assert [i.documents for i in incidents] == EXPECTED
    assert [i.id for i in incidents] == ["i1", "i2", "i3", "i4", "i5"]


def test_every_claim_gets_its_incident_and_context_claims_none(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    incidents = reconcile(docs, claims)
    of_doc = {d: inc.id for inc in incidents for d in inc.documents}
    for c in claims:
        assert c.incident == (None if c.context else of_doc[c.document]), c.id


def test_incident_ids_follow_first_document_whatever_the_order(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    reordered = docs[::-1]
    incidents = reconcile(reordered, claims)
    firsts = [i.documents[0] for i in incidents]
    position = {d.id: k for k, d in enumerate(reordered)}
    assert firsts == sorted(firsts, key=position.get)
    assert incidents[0].documents[0] == reordered[0].id
    assert sorted(sorted(i.documents) for i in incidents) == sorted(sorted(g) for g in EXPECTED)


def test_context_claim_does_not_pull_a_report_into_that_event(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    e1 = next(d for d in docs if d.id == "e1")
    # The recalled bombing is blanked out of e1's text before shingling.
    assert "ساحة الطيران" not in focus_text(e1, claims)
    assert ["e1"] in [i.documents for i in reconcile(docs, claims)]
    # The same report with the figure *not* marked as context joins the bombing:
    # the test would fail if context claims were ignored.
    for c in claims:
        c.context = False
    merged = reconcile(docs, claims)
    assert any({"b1", "b2", "e1"} <= set(i.documents) for i in merged)


def test_report_without_place_or_date_joins_by_text(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    s4 = next(d for d in docs if d.id == "s4")
    f = doc_features(s4, claims)
    assert f.country is None and f.day_lo is None
    assert all(k.startswith("l:") for k in block_keys(f))
    groups = reconcile(docs, claims)
    assert "s4" in groups[0].documents


def test_same_region_same_week_different_towns_stay_apart(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    incidents = reconcile(docs, claims)
    assert ["q1"] in [i.documents for i in incidents]


def test_village_located_near_a_town_does_not_veto_the_town(monkeypatch: pytest.MonkeyPatch) -> None:
    install_extractors(monkeypatch)
    from dataclasses import replace

    from test_reconcile_corpus import HASAKAH_CITY, QAMISHLI

    import riwaya.extract.places as places

    docs = {d.id: d for d in make_docs()}
    near = replace(QAMISHLI, name="قرية صغيرة", canonical="قرية صغيرة (Al-Hasakah)", geo_precision=2)
    exact = replace(QAMISHLI, name="قرية صغيرة", canonical="قرية صغيرة (Al-Hasakah)", geo_precision=1)
    for village, expected in ((near, [["s1", "s2"]]), (exact, [["s1"], ["s2"]])):
        monkeypatch.setattr(places, "main_place", lambda doc, v=village: v if doc.id == "s1" else HASAKAH_CITY)
        feats = [doc_features(docs["s1"], order=0), doc_features(docs["s2"], order=1)]
        assert cluster(feats) == expected


def test_country_only_report_meets_the_town_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    install_extractors(monkeypatch)
    from dataclasses import replace

    from test_reconcile_corpus import BAGHDAD

    import riwaya.extract.places as places

    docs = {d.id: d for d in make_docs()}
    iraq = Place(name="العراق", canonical="Iraq", kind="country", country="العراق")
    named = replace(BAGHDAD, evidence=Span(0, 5, "بغداد"))
    monkeypatch.setattr(places, "main_place", lambda doc: iraq if doc.id == "b2" else BAGHDAD)
    for mentions, expected in (([], [["b1"], ["b2"]]), ([named], [["b1", "b2"]])):
        monkeypatch.setattr(places, "find_places", lambda doc, m=mentions: m if doc.id == "b2" else [])
        feats = [doc_features(docs["b1"], order=0), doc_features(docs["b2"], order=1)]
        assert any(k.startswith("n:") for k in block_keys(feats[1]))
        assert cluster(feats) == expected


def test_country_veto_beats_identical_text(monkeypatch: pytest.MonkeyPatch) -> None:
    install_extractors(monkeypatch)
    text = make_docs()[0].text
    a = Document(id="b1", text=text, published="2021-01-21")   # placed in Baghdad by META
    b = Document(id="l1", text=text, published="2021-01-21")   # placed in Tripoli by META
    feats = [doc_features(a, order=0), doc_features(b, order=1)]
    assert jaccard(feats[0].signature, feats[1].signature) == 1.0
    assert cluster(feats) == [["b1"], ["l1"]]


def test_dates_too_far_apart_do_not_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    install_extractors(monkeypatch)
    docs = {d.id: d for d in make_docs()}
    s1 = doc_features(docs["s1"], order=0)
    later = doc_features(docs["s2"], order=1)
    assert cluster([s1, later]) == [["s1", "s2"]]
    later.day_lo = later.day_hi = s1.day_lo + 9
    assert cluster([s1, later]) == [["s1"], ["s2"]]


def test_dask_style_keyed_reduce_equals_cluster(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    feats = [pickle.loads(pickle.dumps(doc_features(d, claims, order=i))) for i, d in enumerate(docs)]
    blocks: dict[str, list] = defaultdict(list)
    for f in feats:
        for key in block_keys(f):
            blocks[key].append(f)
    edges = [e for key, members in blocks.items() for e in link_block(members, key)]
    assert components(feats, edges) == cluster(feats) == EXPECTED


def test_cluster_of_one_block_links_only_within_it(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    feats = {d.id: doc_features(d, claims) for d in docs}
    assert cluster([feats["b1"], feats["b2"]]) == [["b1", "b2"]]
    assert cluster([feats["b1"], feats["l1"]]) == [["b1"], ["l1"]]


def test_build_incident_alone_matches_reconcile(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    group = [d for d in docs if d.id in ("b1", "b2")]
    inc = build_incident("x7", group, claims)
    assert inc.id == "x7" and inc.documents == ["b1", "b2"]
    assert {c.incident for c in claims if c.document in ("b1", "b2")} == {"x7"}
    assert inc.place is not None and inc.place.canonical == "Baghdad"
    assert inc.date is not None and inc.date.date == "2021-01-21"


def test_buckets_cover_every_compatible_pair() -> None:
    from riwaya.reconcile.features import DocFeatures
    from riwaya.reconcile.grouping import MAX_GAP_DAYS

    for lo1 in range(0, 15):
        for width in (0, 2, 6):
            a = DocFeatures("a", day_lo=700000 + lo1, day_hi=700000 + lo1 + width)
            for lo2 in range(0, 30):
                b = DocFeatures("b", day_lo=700000 + lo2, day_hi=700000 + lo2)
                gap = max(0, b.day_lo - a.day_hi, a.day_lo - b.day_hi)
                if gap <= MAX_GAP_DAYS:
                    assert set(buckets(a)) & set(buckets(b)), (lo1, width, lo2)


def test_date_window_rules() -> None:
    from riwaya.model import EventDate

    day = date_window(EventDate("2022-01-20", 1), None)
    assert day[0] == day[1]
    week = date_window(EventDate("2022-01-20", 2), None)
    assert week[1] - week[0] == 6
    published = date_window(None, "2022-01-20")
    assert published[1] - published[0] == 2 and published[1] == day[0]
    assert date_window(None, None) == (None, None)


def test_place_levels() -> None:
    from test_reconcile_corpus import HASAKAH_CITY, PRISON

    assert place_levels(PRISON)[1:] == ("الحسكه", "ghwayran prison", "facility")
    assert place_levels(HASAKAH_CITY)[3] == "settlement"
    assert place_levels(None) == (None, None, None, None)


def test_light_stems_match_clitics_and_endings() -> None:
    assert tokens("ببغداد") & tokens("بغداد")
    assert tokens("انتحاريين") & tokens("الانتحاري")
    assert not tokens("على في من")   # stop words only
    assert signature(set()) is None
    sig = signature(tokens("هجوم على سجن غويران في الحسكة"))
    assert sig is not None and sig.dtype == np.uint32


def test_union_find() -> None:
    uf = UnionFind(5)
    uf.union(0, 1)
    uf.union(3, 4)
    uf.union(1, 4)
    assert len({uf.find(i) for i in range(5)}) == 2


def test_a_governorate_level_report_does_not_chain_two_towns() -> None:
    text = "هجوم مسلح على حاجز عسكري قرب السوق الشعبي وسقوط قتلى وجرحى بين المدنيين والعسكريين"
    sig = signature(tokens(text))
    common = dict(country="sy", region="idlib", day_lo=738500, day_hi=738500, signature=sig,
                  n_tokens=10, actors=("hts",), kinds=("assault",))
    town_a = DocFeatures("a", order=0, fine="sarmada", fine_kind="settlement", **common)
    bridge = DocFeatures("b", order=1, **common)
    town_c = DocFeatures("c", order=2, fine="binnish", fine_kind="settlement", **common)
    assert cluster([town_a, bridge, town_c]) == [["a", "b"], ["c"]]
    # Without the town labels (near-located villages), the bridge links all three.
    for f in (town_a, town_c):
        f.fine_kind = "settlement_near"
    assert cluster([town_a, bridge, town_c]) == [["a", "b", "c"]]
    assert components([town_a, bridge, town_c], [("b", "c"), ("a", "b")]) == [["a", "b", "c"]]


def test_cluster_of_a_keyed_block_scores_only_that_blocks_pairs(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    feats = {d.id: doc_features(d, claims) for d in docs}
    s1, s2 = feats["s1"], feats["s2"]
    assert cluster([s1, s2], key=block_keys(s1)[0]) == [["s1", "s2"]]
    # In an ``n:`` block only pairs with a country-level report are scored.
    assert cluster([s1, s2], key="n:سوريا|1") == [["s1"], ["s2"]]


def _camp_report(doc_id: str, order: int, day: int | None, text: str) -> DocFeatures:
    return DocFeatures(doc_id, order=order, country="ye", region="marib", fine="al-jufainah camp",
                       fine_kind="facility", day_lo=day, day_hi=day, signature=signature(tokens(text)),
                       n_tokens=len(tokens(text)), actors=("houthis",), kinds=("shelling",))


def test_undated_reports_of_one_facility_meet_in_a_u_block() -> None:
    a = _camp_report("a", 0, None, "قصف صاروخي استهدف مخيم الجفينة للنازحين وسقوط ضحايا بين الأطفال والنساء")
    b = _camp_report("b", 1, None, "الحوثيون يقصفون مخيما للنازحين غرب مأرب بالصواريخ والطائرات المسيرة اليوم")
    assert any(k.startswith("u:") for k in block_keys(a))
    assert cluster([a, b]) == [["a", "b"]]
    # Placed only at the governorate, b has no u: block and the rewrites never meet.
    b.fine = b.fine_kind = None
    assert not any(k.startswith("u:") for k in block_keys(b))
    assert cluster([a, b]) == [["a"], ["b"]]


def test_undated_report_does_not_bridge_two_sieges_a_year_apart() -> None:
    text = "قصف صاروخي استهدف مخيم الجفينة للنازحين وسقوط ضحايا بين الأطفال والنساء"
    first = _camp_report("first", 0, 738500, text)
    bridge = _camp_report("bridge", 1, None, text)
    second = _camp_report("second", 2, 738500 + 365, text)
    groups = cluster([first, bridge, second])
    assert sorted(map(sorted, groups)) == [["bridge", "first"], ["second"]]
    uf = UnionFind(3, spans=[(0, 0), None, (40, 40)])
    assert uf.union(0, 1) and not uf.union(1, 2)


def test_undated_reports_of_one_town_do_not_meet_in_a_u_block() -> None:
    a = _camp_report("a", 0, None, "غارة على حي سكني في المدينة وسقوط ضحايا بين المدنيين")
    b = _camp_report("b", 1, None, "قصف مدفعي على سوق المدينة الشعبي وسقوط ضحايا")
    for f in (a, b):
        f.fine, f.fine_kind = "marib city", "settlement"
    assert not any(k.startswith("u:") for k in block_keys(a))
    b.sites = ("al-jufainah camp",)
    assert [k for k in block_keys(b) if k.startswith("u:")] == ["u:ye|marib|al-jufainah camp"]
