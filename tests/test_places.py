"""Place mentions: gazetteer resolution, place words, ambiguity, facility merging, main place.

Every sentence here is written for these tests (Yemen, Iraq, Libya, Sudan,
Gaza, Lebanon, Afghanistan, Syria); none comes from a corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from riwaya.extract.gazetteer import GeoPlace
from riwaya.extract.places import facility_key, find_places, main_place, merge_facilities
from riwaya.model import Document


@pytest.fixture(autouse=True)
def _no_user_gazetteer(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests see only the bundled gazetteer, whatever the developer has imported."""
    monkeypatch.setenv("RIWAYA_DATA_DIR", str(tmp_path_factory.getbasetemp() / "empty-user-dir"))


def places(text: str, **kw: object) -> tuple[Document, list[GeoPlace]]:
    doc = Document(id="t", text=text, **kw)  # type: ignore[arg-type]
    found = find_places(doc)
    for p in found:
        assert isinstance(p, GeoPlace)
        assert p.evidence is not None
        assert doc.text[p.evidence.start:p.evidence.end] == p.evidence.text
    return doc, found  # type: ignore[return-value]


def ids(found: list[GeoPlace]) -> list[str]:
    return [p.id for p in found]


def by_text(found: list[GeoPlace], text: str) -> GeoPlace:
    hits = [p for p in found if p.evidence is not None and p.evidence.text == text]
    assert hits, f"no mention {text!r} in {[p.evidence.text for p in found if p.evidence]}"
    return hits[0]


def test_yemen_cities_with_place_words_and_directions() -> None:
    _, found = places("قُتل أربعة مدنيين بقصف على مدينة تعز، فيما سقطت قذائف على بلدة حيس جنوبي الحديدة.")
    assert ids(found) == ["ye-taiz", "ye-hays", "ye-hodeidah"]
    taiz = by_text(found, "مدينة تعز")
    assert (taiz.latitude, taiz.longitude) == (13.58, 44.02)
    assert taiz.country == "YE" and taiz.admin1 == "Taiz" and taiz.geo_precision == 1
    assert taiz.canonical == "Taiz" and taiz.name == "تعز"


def test_proclitics_are_peeled_and_left_out_of_the_evidence() -> None:
    _, found = places("وصلت التعزيزات بالموصل ثم توجهت وبكركوك قبل أن تعود لبغداد والفلوجة.")
    assert ids(found) == ["iq-mosul", "iq-kirkuk", "iq-baghdad", "iq-fallujah"]
    assert [p.evidence.text for p in found] == ["الموصل", "كركوك", "بغداد", "الفلوجة"]  # type: ignore[union-attr]


def test_diacritics_and_tatweel_keep_offsets_exact() -> None:
    text = "اشتبكت القوات في مـدينـةِ سِرْت الليبية."
    doc, found = places(text)
    sirte = by_text(found, "مـدينـةِ سِرْت")
    assert sirte.id == "ly-sirte"
    assert doc.text.index("مـدينـةِ") == sirte.evidence.start  # type: ignore[union-attr]


def test_shared_names_follow_the_country_of_the_report() -> None:
    _, libya = places("اندلعت اشتباكات عنيفة في طرابلس بين فصائل مسلحة قادمة من مصراتة والزاوية الليبية.")
    assert by_text(libya, "طرابلس").id == "ly-tripoli"
    _, lebanon = places("انفجرت عبوة في طرابلس شمالي لبنان قرب مرفأ المدينة، وفق مصادر في بيروت.")
    assert by_text(lebanon, "طرابلس").id == "lb-tripoli"


def test_ambiguous_names_need_context() -> None:
    _, none = places("وأكد أن المرأة تشارك في مختلف الميادين، ونشر الجيش صور الدمار على الباب الرئيسي.")
    assert none == []
    _, found = places("قصفت طائرات مسيرة مواقع في الميادين بريف دير الزور الشرقي، كما استهدفت غارة مدينة صور جنوب لبنان.")
    assert "sy-mayadin" in ids(found) and "lb-tyre" in ids(found)


def test_rural_and_province_words_resolve_to_the_province() -> None:
    _, found = places("سقطت قذائف على ريف إدلب الجنوبي وعلى محافظة حماة.")
    rural = by_text(found, "ريف إدلب الجنوبي")
    assert rural.id == "sy-idlib-gov" and rural.kind == "admin1" and rural.geo_precision == 3
    assert by_text(found, "محافظة حماة").id == "sy-hama-gov"


def test_known_facilities_resolve_by_any_name() -> None:
    _, found = places("نُقل المعتقلون من سجن بولي تشرخي إلى سجن بل تشرخي الجديد في كابل، ثم إلى قاعدة باغرام.")
    assert by_text(found, "سجن بولي تشرخي").id == "af-pul-e-charkhi-prison"
    assert by_text(found, "سجن بل تشرخي").id == "af-pul-e-charkhi-prison"
    bagram = by_text(found, "قاعدة باغرام")
    assert bagram.facility_type == "base" and bagram.parent == "af-charikar"


def test_camp_in_darfur_is_the_main_place_over_its_city() -> None:
    doc, found = places(
        "هاجمت قوات الدعم السريع مخيم زمزم للنازحين جنوب الفاشر. وقال سكان إن القصف طال المخيم "
        "لليوم الثالث، وإن آلاف النازحين فروا من مخيم زمزم نحو مدينة الفاشر وطويلة.")
    zamzam = by_text(found, "مخيم زمزم")
    assert zamzam.id == "sd-zamzam-camp" and (zamzam.latitude, zamzam.longitude) == (13.48, 25.30)
    assert by_text(found, "المخيم").mention == "anaphor"
    assert by_text(found, "طويلة").id == "sd-tawila"   # ambiguous word, but Darfur context
    mp = main_place(doc)
    assert mp is not None and mp.id == "sd-zamzam-camp"


def test_a_hospital_named_once_does_not_beat_its_city() -> None:
    doc, _ = places(
        "غزة: استشهد عشرة فلسطينيين في قصف على مخيم جباليا شمال قطاع غزة. وفي جباليا أيضا، "
        "دمرت الغارات منازل عدة في مخيم جباليا، ونُقل الجرحى إلى مستشفى كمال عدوان.")
    mp = main_place(doc)
    assert mp is not None and mp.id == "ps-jabalia-camp"


def test_dateline_city_is_not_the_event_place() -> None:
    doc, found = places(
        "19:01 بيروت\nبيروت - قتل ثلاثة أشخاص في غارة إسرائيلية على بلدة الخيام، "
        "وقالت مصادر محلية إن الغارة على الخيام دمرت منزلين.")
    assert [p.mention for p in found if p.id == "lb-beirut"] == ["dateline", "dateline"]
    mp = main_place(doc)
    assert mp is not None and mp.id == "lb-khiam"


def test_latin_names_must_be_capitalised() -> None:
    doc, found = places("A car bomb went off in Hit, western Anbar; Iraqi forces hit back near Mosul.", language="en")
    assert ids(found) == ["iq-hit", "iq-anbar-gov", "iq-mosul"]


def test_unknown_village_takes_its_province_coordinates() -> None:
    _, found = places("قتل راعيان بانفجار لغم قرب قرية تل الورد في ريف حماة الشرقي.")
    village = by_text(found, "قرية تل الورد")
    assert village.synthetic and village.kind == "city" and village.parent == "sy-hama-gov"
    assert village.geo_precision == 3 and (village.latitude, village.longitude) == (35.25, 36.90)


# --------------------------------------------------------------------------- facility merging

PRISON_REPORT = (
    "هاجم مسلحون فجر اليوم سجن الكلية الزراعية في حي الصفصاف شمال مدينة سبها، وهو السجن الذي "
    "يعرفه السكان باسم سجن الزراعة. وقال مسؤول أمني إن سجن الصفصاف يضم نحو 900 نزيل، وإن "
    "عشرات منهم فروا من سجن المعهد الزراعي نحو الأحياء المجاورة، قبل أن تستعيد القوات السيطرة على السجن."
)


def test_three_names_of_one_prison_become_one_place() -> None:
    doc, found = places(PRISON_REPORT)
    prisons = [p for p in found if p.kind == "facility"]
    assert {p.evidence.text for p in prisons} >= {  # type: ignore[union-attr]
        "سجن الكلية الزراعية", "سجن الزراعة", "سجن الصفصاف", "سجن المعهد الزراعي", "السجن"}
    assert len({p.id for p in prisons}) == 1
    prison = prisons[0]
    assert prison.synthetic and prison.facility_type == "prison" and prison.parent == "ly-sabha"
    assert (prison.latitude, prison.longitude) == (27.04, 14.43) and prison.geo_precision == 2
    assert by_text(found, "سجن الصفصاف").district_named
    assert by_text(found, "حي الصفصاف").kind == "district"
    mp = main_place(doc)
    assert mp is not None and mp.id == prison.id


def test_district_name_does_not_merge_when_two_prisons_could_be_meant() -> None:
    _, found = places(
        "نقلت السلطات سجناء من سجن الكلية الزراعية إلى سجن المطاحن في مدينة سبها، "
        "بينما بقي آخرون في سجن الصفصاف بحي الصفصاف.")
    prisons = {p.evidence.text: p.id for p in found if p.kind == "facility"}  # type: ignore[union-attr]
    assert len(set(prisons.values())) == 3


def test_bracketed_name_is_the_same_facility() -> None:
    _, found = places("فر سجناء من سجن الزراعة (الصفصاف) في سبها.")
    assert len({p.id for p in found if p.kind == "facility"}) == 1


def test_merging_across_reports_of_one_incident() -> None:
    _, a = places("هاجم مسلحون سجن الصفصاف في حي الصفصاف بمدينة سبها.")
    _, b = places("فر عشرات السجناء من سجن الكلية الزراعية في سبها.")
    _, c = places("استعادت القوات السيطرة على سجن الزراعة في مدينة سبها.")
    before = {p.id for p in a + b + c if p.kind == "facility"}
    # Same head word gives the same synthetic id even across reports; the district name does not.
    assert len(before) == 2
    canon = {p.canonical for p in b + c if p.kind == "facility"}
    assert canon == {"Prison زراع (Sabha)"}    # stable across reports, whatever variant is written
    merged = merge_facilities(a + b + c)
    assert len({p.id for p in merged if p.kind == "facility"}) == 1
    assert {p.id for p in a + b + c if p.kind == "facility"} == before   # input untouched


def test_facility_key_drops_former_building_words() -> None:
    assert facility_key(["الثانوية", "الصناعية"]) == facility_key(["الصناعة"])
    assert facility_key(["المدرسة", "الصناعية"]) == facility_key(["الصناعة"])
    assert facility_key(["الكلية", "الزراعية"]) != facility_key(["الصناعة"])
    assert facility_key(["أبو", "غريب"]) != facility_key(["أبو", "سليم"])


def test_unknown_facility_in_a_province_named_after_its_capital_sits_in_the_capital() -> None:
    _, found = places("هاجم مسلحون سجن المعهد الفني في محافظة الحسكة، ثم سجن الفاروق بمحافظة نينوى.")
    technical = by_text(found, "سجن المعهد الفني")
    assert technical.parent == "sy-hasakah" and technical.geo_precision == 2
    faruq = by_text(found, "سجن الفاروق")     # no city called نينوى: the province itself
    assert faruq.parent == "iq-nineveh-gov" and faruq.geo_precision == 3


def test_user_alias_file_maps_extra_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "place_aliases.yaml").write_text(
        "aliases:\n  iq-hout-prison: [سجن الحيتان]\n", encoding="utf-8")
    monkeypatch.setenv("RIWAYA_DATA_DIR", str(tmp_path))
    _, found = places("نفذت السلطات أحكام إعدام في سجن الحيتان بالناصرية.")
    assert by_text(found, "سجن الحيتان").id == "iq-hout-prison"
