"""Sub-event detection with evidence spans, actor patterns, incident place/date/actors."""

from __future__ import annotations

import pytest
from test_reconcile_corpus import HASAKAH_CITY, PRISON, QAMISHLI, corpus, install_extractors  # noqa: F401

from riwaya.model import Claim, Document, Event, EventDate, Place, Source, Span
from riwaya.reconcile import reconcile
from riwaya.reconcile.actors import find_actors, is_state
from riwaya.reconcile.incident import resolve_date, resolve_place
from riwaya.reconcile.timeline import (
    acled_types,
    detect_kinds,
    document_events,
    find_triggers,
    load_event_types,
    merge_timeline,
    time_of_day,
)

REPORT = (
    "فجّر انتحاري سيارة مفخخة عند بوابة السجن فجر الخميس.\n"
    "ثم اقتحم مسلحون السجن واندلعت اشتباكات عنيفة مع الحراس استمرت حتى الساعة 10 مساءً.\n"
    "وتمكن عشرات السجناء من الفرار خلال الفوضى.\n"
    "وشنت طائرات التحالف غارات على مواقع المهاجمين.\n"
    "Later, the army said it regained control of the prison."
)


def test_events_are_found_with_their_sentence_as_evidence(monkeypatch) -> None:
    install_extractors(monkeypatch)
    doc = Document(id="r1", text=REPORT)
    events = document_events(doc, [], place="Al-Hasakah", date=EventDate("2022-01-20", 1))
    kinds = [e.kind for e in events]
    for kind in ("explosion", "suicide_bombing", "assault", "clashes", "escape", "airstrike",
                 "control_claimed"):
        assert kind in kinds, kind
    for e in events:
        assert doc.text[e.start:e.end] == e.text
        assert "\n" not in e.text and e.place == "Al-Hasakah" and e.date == "2022-01-20"
    by_kind = {e.kind: e for e in events}
    assert by_kind["escape"].text == "وتمكن عشرات السجناء من الفرار خلال الفوضى"
    assert by_kind["explosion"].time == "dawn"
    assert by_kind["clashes"].time == "22:00"
    assert (by_kind["airstrike"].acled_event_type, by_kind["airstrike"].acled_sub_event_type) == \
        ("Explosions/Remote violence", "Air/drone strike")
    assert (by_kind["clashes"].acled_event_type, by_kind["clashes"].acled_sub_event_type) == \
        ("Battles", "Armed clash")
    assert by_kind["escape"].acled_event_type == "Strategic developments"
    assert by_kind["suicide_bombing"].acled_sub_event_type == "Suicide bomb"


def test_context_sentences_are_not_events(monkeypatch) -> None:
    install_extractors(monkeypatch)
    text = "اقتحم مسلحون السجن. وكان هجوم مماثل قد أسفر عن مقتل 40 شخصاً في غارة جوية قبل عام."
    doc = Document(id="r2", text=text)
    start = text.index("مقتل 40")
    ctx = Claim(id="r2#c1", document="r2", quantity="killed", low=40, high=40, qualifier="exact",
                start=start, end=start + 7, text=text[start:start + 7], source=Source("x"),
                context=True)
    assert "airstrike" in {e.kind for e in document_events(doc, [])}
    assert [e.kind for e in document_events(doc, [ctx])] == ["assault"]


def test_triggers_take_clitics_and_suffixes_but_stay_whole_words() -> None:
    kinds = detect_kinds("واشتبكوا مع المهاجمين، وهجوماً آخر، والاشتباكات مستمرة")
    assert kinds == {"clashes", "assault"}
    assert not detect_kinds("شارك في المسيرة الاحتجاجية")     # a march, not a drone
    assert not detect_kinds("قال الفجر إنه")                     # no stray «فجر»
    hits = find_triggers("Clashes broke out; an airstrike followed.")
    assert [h[0] for h in hits] == ["clashes", "airstrike"]


def test_acled_types_and_state_control(monkeypatch) -> None:
    install_extractors(monkeypatch)
    assert acled_types("riot") == ("Riots", "Mob violence")
    assert acled_types("surrender") == ("Strategic developments", "Agreement")
    assert acled_types("control_claimed", ["SDF"])[1] == "Non-state actor overtakes territory"
    assert acled_types("control_claimed", ["Iraqi Security Forces"])[1] == "Government regains territory"
    assert acled_types("unknown") == (None, None)
    assert is_state("الجيش العراقي") and not is_state("SDF")
    assert load_event_types().priority[0] == "clashes"


def test_time_of_day() -> None:
    assert time_of_day("عند الساعة 3:30 عصراً") == "15:30"
    assert time_of_day("الساعة 2 ليلاً") == "02:00"
    assert time_of_day("at 9 a.m. local time") == "09:00"
    assert time_of_day("مساء الخميس") == "evening"
    assert time_of_day("يوم الخميس") is None


def test_merge_timeline_one_event_per_kind_and_day_in_time_order() -> None:
    def ev(kind: str, doc: str, date: str, time: str | None, actors: list[str]) -> Event:
        return Event(kind=kind, document=doc, start=0, end=1, text="x", date=date, time=time, actors=actors)

    merged = merge_timeline([
        ev("clashes", "a", "2022-01-20", None, ["SDF"]),
        ev("clashes", "b", "2022-01-20", "22:00", ["ISIS"]),
        ev("explosion", "b", "2022-01-20", "dawn", []),
        ev("escape", "a", "2022-01-21", None, []),
    ], {"a": 0, "b": 1})
    assert [(e.kind, e.document) for e in merged] == [("explosion", "b"), ("clashes", "b"), ("escape", "a")]
    assert merged[1].actors == ["ISIS", "SDF"]


# ------------------------------------------------------------------ actors

def test_actor_patterns_and_aliases(monkeypatch) -> None:
    install_extractors(monkeypatch)
    text = ("اشتبكت قوات سوريا الديمقراطية (قسد) مع تنظيم داعش الإرهابي، وتدخل جيش الإسلام "
            "وحركة أحرار الشام ولواء القدس وميليشيا حزب الله، فيما قصفت القوات التركية. "
            "وشوهدت حركة نزوح كبيرة وقوات كبيرة. Clashes with the Syrian Democratic Forces.")
    hits = find_actors(text)
    names = [h.canonical for h in hits]
    assert names.count("SDF") == 2                       # قوات سوريا الديمقراطية and قسد
    assert "ISIS" in names                               # «تنظيم داعش الإرهابي» via the lexicon
    for unknown in ("جيش الإسلام", "حركة أحرار الشام", "لواء القدس", "ميليشيا حزب الله", "القوات التركية"):
        assert unknown in names, unknown
    assert not any("نزوح" in n or "كبيرة" in n for n in names)
    assert "Syrian Democratic Forces" in names
    for h in hits:
        assert h.surface and h.surface in text[h.start:h.end]


def test_definite_trigger_takes_only_agreeing_adjectives(monkeypatch) -> None:
    install_extractors(monkeypatch)
    text = ("فرّ عناصر التنظيم المحتجزون، وحاول قادة التنظيم المتطرف الخروج من المدينة، "
            "وتبعتهم حركة مسلحي الحركة، فيما تقدم الجيش الوطني نحو البلدة وانسحبت القوات الحكومية.")
    names = [h.canonical for h in find_actors(text)]
    assert not any("المحتجزون" in n or "الخروج" in n or "مسلحي" in n for n in names), names
    assert "الجيش الوطني" in names and "القوات الحكومية" in names
    ranked = [h.canonical for h in find_actors("وقال قائد القوات الحكومية العميد سالم إن قوات الجماعة انسحبت.")]
    assert ranked == ["القوات الحكومية"], ranked


def test_sources_are_not_incident_actors(monkeypatch) -> None:
    install_extractors(monkeypatch)
    names = [h.canonical for h in find_actors("قال المرصد السوري لحقوق الإنسان إن قسد تقدمت")]
    assert names == ["SDF"]


# ---------------------------------------------------------- place and date

def test_resolve_place_most_specific_agreed() -> None:
    assert resolve_place([PRISON, HASAKAH_CITY, PRISON]) is PRISON
    assert resolve_place([HASAKAH_CITY, HASAKAH_CITY, QAMISHLI]) is HASAKAH_CITY
    # Two towns in one governorate, no majority: stop at the governorate level.
    tie = resolve_place([HASAKAH_CITY, QAMISHLI])
    assert tie is not None and tie.admin1 == "الحسكة"
    country_only = Place(name="سوريا", kind="country", country="سوريا")
    assert resolve_place([country_only, None, HASAKAH_CITY]) is HASAKAH_CITY
    assert resolve_place([None, None]) is None


def test_resolve_date_earliest_plausible() -> None:
    d = resolve_date([EventDate("2022-01-21", 1), EventDate("2022-01-20", 2), EventDate("2021-03-01", 1),
                      EventDate("2022-01-25", 1)],
                     ["2022-01-21", "2022-01-21", "2022-01-21", "2022-01-22"])
    # 2021-03-01 is a stray (an earlier event); 2022-01-25 is after its report's publication.
    assert d is not None and (d.date, d.precision) == ("2022-01-20", 2)
    assert resolve_date([None]) is None


def test_incident_fields_from_the_corpus(corpus) -> None:  # noqa: F811
    docs, claims = corpus
    first = reconcile(docs, claims)[0]
    assert first.place is PRISON
    assert first.date is not None and first.date.date == "2022-01-20"
    assert first.actors[:2] == ["SDF", "ISIS"] or first.actors[:2] == ["ISIS", "SDF"]
    kinds = [e.kind for e in first.events]
    assert {"assault", "explosion", "escape", "clashes", "control_claimed"} <= set(kinds)
    for e in first.events:
        text = next(d.text for d in docs if d.id == e.document)
        assert text[e.start:e.end] == e.text


def test_event_date_from_a_nearby_date_mention(monkeypatch) -> None:
    install_extractors(monkeypatch)
    import riwaya.extract.dates as dates

    text = "في 21 يناير اندلعت اشتباكات في المدينة. وبعد يومين فر السجناء."
    at = text.index("21 يناير")
    mention = EventDate("2022-01-21", 1, Span(at, at + 8, "21 يناير"))
    monkeypatch.setattr(dates, "find_dates", lambda doc: [mention])
    events = {e.kind: e for e in document_events(Document(id="x", text=text), [],
                                                  date=EventDate("2022-01-19", 1))}
    assert events["clashes"].date == "2022-01-21"
    assert events["escape"].date == "2022-01-21"      # previous sentence's date is near enough


@pytest.mark.parametrize("kind", sorted(load_event_types().types))
def test_every_kind_has_acled_types(kind: str) -> None:
    event_type, sub = acled_types(kind)
    assert event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians",
                          "Riots", "Strategic developments", "Protests"}
    assert sub
