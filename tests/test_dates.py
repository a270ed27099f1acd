"""Date mentions, relative dates against the publication date, the event date, and datelines."""

from __future__ import annotations

import pytest

from riwaya.extract.dates import DateMention, dateline, event_date, find_dates
from riwaya.model import Document

SATURDAY = "2022-01-22"
THURSDAY = "2024-03-14"


def dates(text: str, published: str | None) -> list[DateMention]:
    doc = Document(id="d", text=text, published=published)
    found = find_dates(doc)
    for m in found:
        assert isinstance(m, DateMention) and m.evidence is not None
        assert doc.text[m.evidence.start:m.evidence.end] == m.evidence.text
        assert m.document == "d"
    return found  # type: ignore[return-value]


def one(text: str, published: str | None) -> DateMention:
    found = dates(text, published)
    assert len(found) == 1, [(m.evidence.text, m.date) for m in found]  # type: ignore[union-attr]
    return found[0]


@pytest.mark.parametrize(("text", "published", "expected", "evidence", "precision"), [
    # weekday arithmetic: the most recent such day, never the same day for « الماضي/الفائت »
    ("قُتل جنديان يوم الخميس الفائت في هجوم على حاجز بمأرب.", SATURDAY, "2022-01-20", "يوم الخميس الفائت", 1),
    ("قُتل جنديان يوم الخميس في هجوم على حاجز بمأرب.", SATURDAY, "2022-01-20", "يوم الخميس", 1),
    ("قصفت الطائرات البلدة الخميس الماضي.", THURSDAY, "2024-03-07", "الخميس الماضي", 1),
    ("قصفت الطائرات البلدة يوم الخميس.", THURSDAY, "2024-03-14", "يوم الخميس", 1),
    ("تتواصل الاشتباكات في الفاشر منذ الخميس.", SATURDAY, "2022-01-20", "منذ الخميس", 1),
    ("ستعقد الجلسة الأحد المقبل في بغداد.", SATURDAY, "2022-01-23", "الأحد المقبل", 1),
    # relative days
    ("انفجرت سيارة مفخخة مساء أمس في الرمادي.", SATURDAY, "2022-01-21", "مساء أمس", 1),
    ("شنت الطائرات غارات فجراً على خان يونس.", THURSDAY, "2024-03-14", "فجراً", 1),
    ("وقعت الاشتباكات أول أمس في طرابلس.", THURSDAY, "2024-03-12", "أول أمس", 1),
    ("سُمع دوي انفجارات الليلة الماضية في كابل.", THURSDAY, "2024-03-13", "الليلة الماضية", 1),
    ("أعلن الجيش اليوم السبت مقتل قائد ميداني.", SATURDAY, "2022-01-22", "اليوم السبت", 1),
    ("اختطف مسلحون ثلاثة صحفيين قبل ثلاثة أيام في عدن.", THURSDAY, "2024-03-11", "قبل ثلاثة أيام", 1),
    ("اختفى الصياد منذ يومين قبالة صور.", THURSDAY, "2024-03-12", "منذ يومين", 1),
    ("نزحت مئات العائلات الأسبوع الماضي من ريف إدلب.", THURSDAY, "2024-03-07", "الأسبوع الماضي", 2),
    ("تضاعفت الهجمات الشهر الماضي في دارفور.", THURSDAY, "2024-02-01", "الشهر الماضي", 3),
    # absolute dates in the three month-name families
    ("نشرت القوات بياناً في 25 من كانون الأول 2021 عن العملية.", SATURDAY, "2021-12-25", "25 من كانون الأول 2021", 1),
    ("وقع الهجوم الأحد 23 يناير/كانون الثاني 2022 في عدن.", SATURDAY, "2022-01-23", "الأحد 23 يناير/كانون الثاني 2022", 1),
    ("اندلعت المعارك في 12 جويلية 2023 قرب طرابلس.", THURSDAY, "2023-07-12", "12 جويلية 2023", 1),
    ("انسحبت القوات في الخامس والعشرين من كانون الأول 2021.", SATURDAY, "2021-12-25",
     "الخامس والعشرين من كانون الأول 2021", 1),
    ("صدر القرار بتاريخ 22/1/2022.", SATURDAY, "2022-01-22", "22/1/2022", 1),
    ("صدر القرار بتاريخ 2022.01.22.", SATURDAY, "2022-01-22", "2022.01.22", 1),
    ("سيطر التنظيم على الموصل في حزيران 2014.", SATURDAY, "2014-06-01", "حزيران 2014", 3),
    ("بدأ الحصار منتصف آب 2023.", THURSDAY, "2023-08-15", "منتصف آب 2023", 2),
    # a day and month without a year take the year that puts them before publication
    ("قصفت المدفعية البلدة في 3 آذار.", THURSDAY, "2024-03-03", "3 آذار", 1),
    ("قصفت المدفعية البلدة في 3 آذار.", "2024-02-01", "2023-03-03", "3 آذار", 1),
    ("سقطت القذائف في 5 أفريل على الحي.", THURSDAY, "2023-04-05", "5 أفريل", 1),
])
def test_mentions_resolve(text: str, published: str, expected: str, evidence: str, precision: int) -> None:
    m = one(text, published)
    assert (m.date, m.evidence.text, m.precision) == (expected, evidence, precision)  # type: ignore[union-attr]


def test_weekday_name_alone_is_not_a_date_without_an_anchor() -> None:
    assert dates("أدى المصلون صلاة الجمعة رغم القصف.", SATURDAY) == []


def test_other_days_named_with_today_are_not_today() -> None:
    assert dates("وفي اليوم التالي انسحبت القوات.", SATURDAY) == []
    assert dates("وصلت القافلة قبل يومين من الهجوم.", SATURDAY) == []


def test_until_today_is_flagged() -> None:
    m = one("ما تزال الاشتباكات مستمرة حتى اليوم في محيط السجن.", SATURDAY)
    assert m.until and m.date == SATURDAY


def test_yesterday_with_the_wrong_weekday_lowers_precision() -> None:
    m = one("اقتحمت القوات الحي مساء أمس الأحد.", SATURDAY)    # Saturday's yesterday is a Friday
    assert m.date == "2022-01-21" and m.precision == 2


def test_nothing_relative_is_guessed_without_a_publication_date() -> None:
    found = dates("قصفت الطائرات مساء أمس المدينة، وفي 3 آذار قصفتها مجدداً، ثم في 14/3/2024.", None)
    assert [(m.evidence.text, m.date) for m in found] == [  # type: ignore[union-attr]
        ("مساء أمس", None), ("3 آذار", None), ("14/3/2024", "2024-03-14")]


# --------------------------------------------------------------------------- event date


def test_event_date_prefers_the_reports_own_relative_dates() -> None:
    doc = Document(id="e", published=SATURDAY, text=(
        "قتل خمسة مدنيين بقصف مدفعي على حي سكني في تعز مساء أمس، بحسب مصادر طبية. "
        "وكانت المدينة قد شهدت هجوماً مماثلاً في 25 من كانون الأول 2021."))
    ev = event_date(doc)
    assert ev is not None and ev.date == "2022-01-21" and ev.precision == 1
    assert ev.evidence is not None and ev.evidence.text == "مساء أمس"


def test_event_date_discounts_quoted_statements() -> None:
    doc = Document(id="e", published=SATURDAY, text=(
        "بدأ الهجوم على السجن مساء الخميس الماضي بسيارتين مفخختين.\n"
        "ونقلت الوكالة عن بيان للتنظيم: \"مقاتلونا يشنون منذ مساء أمس هجوماً واسعاً\".\n"
        "وتواصلت الاشتباكات يوم الخميس الفائت حتى ساعات الفجر."))
    ev = event_date(doc)
    assert ev is not None and ev.date == "2022-01-20"


def test_event_date_falls_back_to_publication_at_week_precision() -> None:
    ev = event_date(Document(id="e", text="تتواصل المعارك في محيط المدينة.", published=THURSDAY))
    assert ev is not None and ev.date == THURSDAY and ev.precision == 2 and ev.evidence is None
    assert event_date(Document(id="e", text="تتواصل المعارك في محيط المدينة.")) is None


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(("text", "iso", "time", "span"), [
    ("التغطية الحية\n\n2022.01.22 | 19:01 دمشق\n\nنص الخبر", "2022-01-22", "19:01", "2022.01.22 | 19:01"),
    ("14/03/2024 10:22\nقتل ثلاثة في غارة.", "2024-03-14", "10:22", "14/03/2024 10:22"),
    ("عنوان الخبر\nالخميس 14 آذار 2024\nنص الخبر", "2024-03-14", None, "الخميس 14 آذار 2024"),
    ("نُشر في 2024-03-14 - آخر تحديث: 2024-03-15\nنص", "2024-03-14", None, "2024-03-14"),
    ("آخر تحديث: 2024-03-15 08:30 م\nنص", "2024-03-15", "20:30", "2024-03-15 08:30 م"),
])
def test_dateline(text: str, iso: str, time: str | None, span: str) -> None:
    got_iso, got_time, got_span = dateline(text)
    assert (got_iso, got_time) == (iso, time)
    assert got_span is not None and got_span.text == span
    assert text[got_span.start:got_span.end] == span


def test_a_date_inside_a_long_paragraph_is_not_a_dateline() -> None:
    text = ("قالت مصادر محلية إن القوات الحكومية شنت هجوماً واسعاً على مواقع المسلحين في "
            "الخامس والعشرين من كانون الأول 2021 وإن المعارك استمرت أياماً طويلة بعد ذلك.")
    assert dateline(text) == (None, None, None)


def test_dateline_mention_is_not_the_event() -> None:
    doc = Document(id="e", published="2022-01-22", text="2022.01.22 | 19:01 دمشق\nقتل ثلاثة مساء أمس.")
    kinds = [(m.kind, m.date) for m in find_dates(doc)]  # type: ignore[attr-defined]
    assert kinds == [("dateline", "2022-01-22"), ("relative", "2022-01-21")]
    ev = event_date(doc)
    assert ev is not None and ev.date == "2022-01-21"


def test_english_reports_are_read_too() -> None:
    found = dates("On Thursday, militants attacked a checkpoint; officials said yesterday that "
                  "the convoy left on January 23, 2022.", SATURDAY)
    assert [(m.evidence.text, m.date) for m in found] == [  # type: ignore[union-attr]
        ("Thursday", "2022-01-20"), ("yesterday", "2022-01-21"), ("January 23, 2022", "2022-01-23")]


def test_broken_month_file_is_one_line_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    import riwaya.extract.dates as dates_mod

    broken = tmp_path / "months.yaml"
    broken.write_text("months:\n  1: [يناير\n  2: شباط]\n", encoding="utf-8")
    monkeypatch.setattr(dates_mod, "MONTHS_FILE", broken)
    dates_mod._lexicon.cache_clear()
    dates_mod._patterns.cache_clear()
    try:
        assert dates("قتل ثلاثة مساء أمس في 3 آذار 2024.", SATURDAY) == []
        assert dateline("2022.01.22 | 19:01 دمشق") == (None, None, None)
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"riwaya: {broken}:")
    finally:
        dates_mod._lexicon.cache_clear()
        dates_mod._patterns.cache_clear()


def test_year_prechecks_find_what_a_leading_lookbehind_finds() -> None:
    """The fast year tests (lookbehind after the first digit) equal the plain form."""
    import random
    import re

    from riwaya.extract.dates import _ANY_YEAR, _ANY_YEAR_RAW

    plain = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
    plain_raw = re.compile(r"(?<!\d)[12١٢۱۲][09٠٩۰۹]\d{2}(?!\d)")
    rng = random.Random(5)
    alphabet = "120934٢١٠٩۲۱۰۹ x\n"
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in _ANY_YEAR.finditer(s)] == [m.span() for m in plain.finditer(s)], s
        assert [m.span() for m in _ANY_YEAR_RAW.finditer(s)] == [m.span() for m in plain_raw.finditer(s)], s


def test_the_raw_year_check_never_misses_a_year_normalisation_reveals() -> None:
    """A bidi mark or tatweel inside a year (pasted from a web page) is deleted
    by normalisation; the raw pre-check must still let the head through."""
    import random

    from riwaya.extract.dates import _ANY_YEAR, _ANY_YEAR_RAW
    from riwaya.text.normalize import normalize

    rng = random.Random(11)
    alphabet = "1209٢٠٩۲۰ x\u200f\u0640\u064b"
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if _ANY_YEAR.search(normalize(s).text):
            assert _ANY_YEAR_RAW.search(s), repr(s)


@pytest.mark.parametrize("head", ["دمشق\n20\u200f22.01.22 | 19:01\nنص", "بغداد\n٢٠\u0640٢٢/٠١/٢٢\nنص"])
def test_a_dateline_with_a_deleted_character_inside_its_year_is_read(head: str) -> None:
    assert dateline(head)[0] == "2022-01-22"
