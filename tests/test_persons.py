"""Named persons with role and organisation, in both orders, with ranks and quoted organisations."""

from __future__ import annotations

import pytest

from riwaya.extract.persons import Person, find_persons
from riwaya.model import Document


@pytest.fixture(autouse=True)
def _no_user_gazetteer(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("RIWAYA_DATA_DIR", str(tmp_path_factory.getbasetemp() / "empty-user-dir"))


def persons(text: str) -> list[Person]:
    found = find_persons(Document(id="p", text=text))
    for p in found:
        assert text[p.start:p.end] == p.name
    return found


@pytest.mark.parametrize(("text", "name", "role", "organisation", "title"), [
    ("وقال المتحدث باسم جماعة الحوثيين محمد عبد السلام لقناة محلية إن القصف مستمر.",
     "محمد عبد السلام", "المتحدث", "جماعة الحوثيين", None),
    ("وقال الناطق الرسمي باسم حركة طالبان ذبيح الله مجاهد في تغريدة إن مقاتلي الحركة دخلوا المدينة.",
     "ذبيح الله مجاهد", "الناطق الرسمي", "حركة طالبان", None),
    ("أعلن المتحدث باسم وزارة الصحة في غزة أشرف القدرة ارتفاع عدد الضحايا.",
     "أشرف القدرة", "المتحدث", "وزارة الصحة في غزة", None),
    ("وأكد قائد شرطة محافظة الأنبار اللواء هادي رزيج أن القوات استعادت السيطرة.",
     "هادي رزيج", "قائد", "شرطة محافظة الأنبار", "اللواء"),
    ("وقال وزير الداخلية العراقي عبد الأمير الشمري في مؤتمر صحفي إن التحقيق بدأ.",
     "عبد الأمير الشمري", "وزير", "الداخلية العراقي", None),
    ("وقال مدير مستشفى الشفاء محمد أبو سلمية إن المستشفى خرج عن الخدمة.",
     "محمد أبو سلمية", "مدير", "مستشفى الشفاء", None),
    ("وقال المتحدث العسكري باسم قوات الدعم السريع الفاتح قرشي إن قواته سيطرت على المدينة.",
     "الفاتح قرشي", "المتحدث العسكري", "قوات الدعم السريع", None),
    ("وصرح رئيس المجلس الرئاسي الليبي محمد المنفي بأن البلاد تمر بأزمة.",
     "محمد المنفي", "رئيس", "المجلس الرئاسي الليبي", None),
    ("ونقلت الوكالة عن مدير المرصد السوري لحقوق الإنسان رامي عبد الرحمن قوله إن الحصيلة ارتفعت.",
     "رامي عبد الرحمن", "مدير", "المرصد السوري لحقوق الإنسان", None),
    # quoted organisation: the closing quote ends it
    ("وقال المتحدث باسم «قوات حماية الشعب» نوري محمود إن الهجوم صُدّ.",
     "نوري محمود", "المتحدث", "قوات حماية الشعب", None),
    # name first
    ("وقال فرهاد شامي، المتحدث باسم قسد، إن الوضع تحت السيطرة.",
     "فرهاد شامي", "المتحدث", "قسد", None),
    ("وقال أحمد المسماري الناطق باسم الجيش الليبي إن الطائرات قصفت مواقع.",
     "أحمد المسماري", "الناطق", "الجيش الليبي", None),
    # a role « مسؤول في … » with a name after the organisation
    ("وقال مسؤول في الهلال الأحمر اليمني عادل الشرعبي إن فرق الإسعاف وصلت.",
     "عادل الشرعبي", "مسؤول", "الهلال الأحمر اليمني", None),
])
def test_person_role_organisation(text: str, name: str, role: str, organisation: str, title: str | None) -> None:
    found = persons(text)
    assert [(p.name, p.role, p.organisation, p.title) for p in found] == [(name, role, organisation, title)]


@pytest.mark.parametrize("text", [
    "وقال مسؤول في الأمم المتحدة إن الوضع كارثي.",          # unnamed official
    "أصيب قائد الطائرة بجروح طفيفة.",                      # a role without a name
    "التقى وزير الخارجية نظيره التركي في أنقرة.",           # « نظيره » is not a name
    "كشفت المصادر أن السبب الرئيس خلفها هو فشل المفاوضات.",  # « الرئيس » as an adjective
    "كان المسؤول عن تنفيذ مخطط الهجوم قد اعتقل.",           # responsible for, not an official of
    "طاول الانفجار البوابة الرئيسية للسجن.",
])
def test_no_person(text: str) -> None:
    assert persons(text) == []


def test_two_people_in_one_paragraph_keep_their_own_offsets() -> None:
    text = ("وقال المتحدث باسم الجيش الإسرائيلي أفيخاي أدرعي إن الغارة استهدفت مستودعاً، "
            "فيما قال المتحدث باسم الدفاع المدني في غزة محمود بصل إن بين القتلى أطفالاً.")
    found = persons(text)
    assert [(p.name, p.organisation) for p in found] == [
        ("أفيخاي أدرعي", "الجيش الإسرائيلي"), ("محمود بصل", "الدفاع المدني في غزة")]
    assert found[0].start < found[1].start
