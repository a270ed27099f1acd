"""Outlet, date and title of a saved web page, and its furniture, read from the page's own text.

Each rule is a general trait of Arabic news-page layout: a masthead on the
first line, a source speaking to the outlet after their name, «في حديث إلى»,
a desk byline «X ووكالات», copyright and «تابعوا X على» lines, a dateline
glued to the lede, a date line below menus, teaser blocks under «اقرأ
المزيد». The pages are written for these tests (outlets and incidents of
their own) and each rule has its negative case beside it.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from riwaya.extract import extract_claims, outlet
from riwaya.extract.dates import dateline
from riwaya.extract.outlet import infer_title, is_news, news_outlet
from riwaya.model import Document
from riwaya.text.segment import is_furniture, is_list_header

BODY = ("وقال مصدر طبي في المستشفى إن 6 أشخاص قتلوا وأصيب 14 آخرون في الانفجار الذي وقع "
        "قرب سوق شعبي وسط المدينة مساء الثلاثاء، مشيراً إلى أن بين الجرحى أطفالاً.")


def _doc(text: str) -> Document:
    doc = Document(id="t", text=text)
    extract_claims(doc)
    return doc


def _outlet(text: str) -> str | None:
    return _doc(text).outlet.name


def _claims(text: str) -> list[tuple[str, float]]:
    return [(c.quantity, c.low) for c in extract_claims(Document(id="t", text=text, title="x"))]


# -- which actors can publish a page ---------------------------------------------

def test_media_and_state_news_agencies_publish_pages_ministries_do_not() -> None:
    assert news_outlet("عنب بلدي") == "Enab Baladi"
    assert news_outlet("سانا") == "SANA"                      # official, but a news agency
    assert news_outlet("وكالة الأنباء العراقية") == "Iraqi News Agency"
    assert news_outlet("وزارة الصحة الفلسطينية") is None      # official, no media head
    assert is_news("Enab Baladi", "media") and not is_news(None, "official")


# -- masthead ----------------------------------------------------------------------

def test_a_first_line_naming_a_known_outlet_is_the_masthead() -> None:
    page = ("السومرية نيوز\nالرئيسية\nمحليات\n\n"
            "مقتل 6 أشخاص بانفجار قرب سوق شعبي في الموصل\n\n" + BODY)
    assert _outlet(page) == "السومرية نيوز"


def test_a_masthead_may_follow_furniture_and_name_the_outlet_twice() -> None:
    page = ("تخطى إلى المحتوى\nوكالة الأنباء العراقية - واع\n\n"
            "مقتل 6 أشخاص بانفجار قرب سوق شعبي في الموصل\n\n" + BODY)
    assert _outlet(page) == "وكالة الأنباء العراقية"
    page = "Enab Baladi، عنب بلدي\n\nمقتل 6 أشخاص بانفجار قرب سوق شعبي في إدلب\n\n" + BODY
    assert _outlet(page) in ("Enab Baladi", "عنب بلدي")


def test_a_headline_mentioning_an_outlet_is_no_masthead() -> None:
    page = "رووداو: مقتل 6 أشخاص بانفجار قرب سوق شعبي في دهوك\n\n" + BODY
    assert _outlet(page) is None


def test_a_masthead_outweighs_a_single_source_line_naming_another_outlet() -> None:
    page = ("هسبريس\n\nمقتل 6 أشخاص بانفجار قرب سوق في مدينة\n\n" + BODY
            + "\n\nالمصدر: رويترز\n")
    assert _outlet(page) == "هسبريس"


def test_a_masthead_in_a_weak_form_needs_the_page_to_name_itself_again() -> None:
    # «العالم» is a menu's "World" as much as Al-Alam TV: alone it names no outlet.
    page = "العالم\n\nمقتل 6 أشخاص بانفجار قرب سوق شعبي في كابل\n\n" + BODY
    assert _outlet(page) is None
    page = ("الأيام\n\nمقتل 6 أشخاص بانفجار قرب سوق شعبي في عدن\n\n"
            "وقال مدير المستشفى، سالم العولقي، لـ\"الأيام\" إن 6 أشخاص قتلوا في الانفجار.\n")
    assert _outlet(page) == "الأيام"
    # «الشرق الأوسط» is "the Middle East" too: the copyright line confirms the masthead.
    page = ("الشرق الأوسط\n\nمقتل 6 أشخاص بانفجار قرب سوق شعبي في الموصل\n\n" + BODY
            + "\n\n© 2025 الشرق الأوسط\n")
    assert _outlet(page) == "الشرق الأوسط"


# -- sources speaking to the outlet ------------------------------------------------

def test_a_named_speaker_set_off_by_commas_speaks_to_the_outlet() -> None:
    text = ("وقال محافظ نينوى، عبد القادر الدخيل، لـ\"السومرية نيوز\"، إن 4 أشخاص قتلوا "
            "في انفجار عبوة ناسفة جنوبي الموصل.")
    assert _outlet(text) == "السومرية نيوز"
    # A لـ glued on a one-word outlet: «لرووداو».
    text = "وقال مدير الصحة في دهوك، الطبيب نزار إسماعيل، لرووداو إن 3 أشخاص قتلوا في القصف."
    assert _outlet(text) == "رووداو"
    # ... but not on a weak form: «للعالم» is "to the world".
    text = "وقال وزير الخارجية، فلان الفلاني، للعالم إن 3 أشخاص قتلوا في القصف."
    assert _outlet(text) is None


def test_a_comma_after_the_statement_began_is_not_the_speaker() -> None:
    text = ("وقال المسؤول إن الهجوم استهدف مقراً، لـ\"فصيل محلي\"، وأسفر عن مقتل 3 عناصر "
            "وإصابة آخرين.")
    assert _outlet(text) is None


def test_in_an_interview_to_the_outlet() -> None:
    text = ("وقال عضو المجلس المحلي في حديث إلى \"عنب بلدي\" إن 5 مدنيين قتلوا في القصف "
            "على بلدة سرمين.")
    assert _outlet(text) == "عنب بلدي"
    text = "وعاد النازحون إلى \"الرقة\" بعد أن قال مسؤول إن 5 مدنيين قتلوا في القصف."
    assert _outlet(text) is None   # «إلى» after a verb of motion addresses no one


# -- bylines, copyright and «follow us» lines --------------------------------------------

def test_a_desk_byline_names_the_outlet_and_the_agencies() -> None:
    page = "مقتل 6 أشخاص بانفجار قرب سوق شعبي في طرابلس\n\nليبيا أوبزرفر ووكالات\n\n" + BODY
    assert _outlet(page) == "ليبيا أوبزرفر"
    page = "مقتل 6 أشخاص بانفجار قرب سوق شعبي في طرابلس\n\nطرابلس ووكالات\n\n" + BODY
    assert _outlet(page) is None   # a place and the agencies: no outlet


@pytest.mark.parametrize("line, name", [
    ("© 2025 Libya Observer. All rights reserved", "Libya Observer"),
    ("© 2024 هيران أونلاين. هيران أونلاين ليست مسؤولة عن محتوى المواقع الخارجية.", "هيران أونلاين"),
    ("جميع الحقوق محفوظة لصحيفة عدن الغد 2024", "عدن الغد"),
    ("Copyright © 2024 Hespress - All rights reserved", "Hespress"),
])
def test_a_copyright_line_names_the_outlet(line: str, name: str) -> None:
    assert _outlet("مقتل 6 أشخاص بانفجار في سوق شعبي\n\n" + BODY + "\n\n" + line + "\n") == name


def test_a_follow_us_line_names_the_outlet_the_lexicon_knows() -> None:
    assert _outlet(BODY + "\n\nتابعوا العربي الجديد على تطبيق واتساب\n") == "العربي الجديد"
    assert _outlet(BODY + "\n\nتابعوا آخر الأخبار عبر تطبيقنا\n") is None


# -- «المصدر:» lines ---------------------------------------------------------------

def test_a_source_line_with_the_agencies_names_the_outlet() -> None:
    assert _outlet(BODY + "\n\nالمصدر: عنب بلدي + وكالات\n") == "عنب بلدي"
    assert _outlet(BODY + "\n\nالمصدر: رووداو\n") == "رووداو"


def test_a_source_line_listing_several_outlets_names_the_sources_not_the_outlet() -> None:
    assert _outlet(BODY + "\n\nالمصدر: رويترز + الأناضول\n") is None
    assert _outlet(BODY + "\n\nالمصدر: رويترز والأناضول\n") is None
    page = "عنب بلدي\n\nمقتل 6 أشخاص بانفجار في سوق شعبي\n\n" + BODY + "\n\nالمصدر: \"سانا\" + رويترز\n"
    assert _outlet(page) == "عنب بلدي"


# -- a dateline glued to the lede ----------------------------------------------------

def test_an_agency_dateline_glued_to_the_lede_names_the_outlet_and_the_date() -> None:
    lede = ("دمشق 5-1-2025 سانا- استشهد مدنيان وأصيب ثلاثة آخرون جراء انفجار لغم من مخلفات "
            "الحرب في ريف حماة الشمالي، وفق ما أفاد مصدر في الدفاع المدني.")
    doc = _doc("مقتل مدنيين بانفجار لغم في ريف حماة الشمالي\n\n" + lede + "\n")
    assert (doc.outlet.name, doc.published) == ("سانا", "2025-01-05")


def test_a_date_opening_a_sentence_of_the_lede_is_no_dateline() -> None:
    lede = ("في 7 أكتوبر 2023، قتل أكثر من 1200 شخص في هجوم واسع على بلدات غلاف غزة، وفق "
            "الأرقام الرسمية التي نشرت لاحقاً.")
    assert dateline(lede) == (None, None, None)
    lede = ("غزة 7-10-2023 - قتل أكثر من 1200 شخص في هجوم واسع على بلدات غلاف غزة، وفق "
            "الأرقام الرسمية التي نشرت لاحقاً.")
    assert dateline(lede)[0] == "2023-10-07"
    assert _outlet(lede) is None   # a dated lede naming no outlet


# -- dates ------------------------------------------------------------------------

def test_a_date_line_below_menus_and_blank_lines_is_found() -> None:
    menus = "\n\n".join(["عنب بلدي", "الرئيسية", "أخبار", "سوريا", "اقتصاد", "رياضة", "منوعات"])
    page = (menus + "\n\nمقتل 6 أشخاص بانفجار قرب سوق شعبي في إدلب\n\n"
            "صدر الصورة، الدفاع المدني\n\n3 مارس 2025\n\n" + BODY)
    assert page.split("\n").index("3 مارس 2025") > 12
    assert dateline(page)[0] == "2025-03-03"


def test_a_date_far_down_the_page_is_no_dateline() -> None:
    assert dateline(BODY * 8 + "\n3 مارس 2025\n") == (None, None, None)


@pytest.mark.parametrize("line, iso", [
    ("[03/مارس/2025]", "2025-03-03"),
    ("14-ديسمبر-2024", "2024-12-14"),
    ("الأحد 9/شباط/2025 - 10:15", "2025-02-09"),
])
def test_a_day_month_name_and_year_cut_by_slashes_or_dashes(line: str, iso: str) -> None:
    assert dateline("مقتل 6 أشخاص بانفجار في سوق شعبي\n\n" + line + "\n\n" + BODY)[0] == iso


# -- titles ---------------------------------------------------------------------

def test_the_title_comes_after_one_word_menu_lines() -> None:
    page = ("هيران أونلاين\nتخطى إلى المحتوى\nالرئيسية\nأخبار\nالصومال\nاقتصاد\nرياضة\nصحة\n\n"
            "مقتل 6 أشخاص بانفجار سيارة مفخخة قرب مقر حكومي في مقديشو\n\n" + BODY)
    assert infer_title(page) == "مقتل 6 أشخاص بانفجار سيارة مفخخة قرب مقر حكومي في مقديشو"


def test_a_masthead_of_four_words_is_not_the_title() -> None:
    page = "الوكالة العربية السورية للأنباء\n\nمقتل 6 أشخاص بانفجار قرب سوق شعبي في حمص\n\n" + BODY
    assert infer_title(page) == "مقتل 6 أشخاص بانفجار قرب سوق شعبي في حمص"


def test_a_headline_naming_an_outlet_is_still_the_title() -> None:
    page = "الشرق الأوسط\n\nرويترز: مقتل 6 أشخاص بانفجار قرب سوق شعبي في الموصل\n\n" + BODY
    assert infer_title(page) == "رويترز: مقتل 6 أشخاص بانفجار قرب سوق شعبي في الموصل"


# -- furniture ------------------------------------------------------------------

def test_read_also_glued_to_the_teaser_headline_is_furniture() -> None:
    assert is_furniture("اقرا ايضاالعراق: مقتل 3 بانفجار عبوة في كركوك")   # normalised text
    assert is_furniture("اقرا ايضا: مقتل 3 بانفجار عبوة في كركوك")
    assert not is_furniture("اقرار الموازنة: مقتل 3 بانفجار")


def test_suggested_stories_and_read_more_head_lists_of_headlines() -> None:
    for header in ("اقرا المزيد", "قصص مقترحه", "المزيد حول هذه القصه"):
        assert is_list_header(header) and is_furniture(header)


def test_a_teaser_summary_under_its_headline_is_furniture_the_report_after_it_is_not() -> None:
    page = (BODY + "\n\nاقرأ المزيد\nمقتل 9 جنود بهجوم على ثكنة في ولاية النيجر\n"
            "أعلن الجيش أن 9 من جنوده قتلوا في هجوم شنه مسلحون على ثكنة عسكرية غرب البلاد.\n\n"
            "وأضاف المصدر أن 20 شخصاً نقلوا إلى المستشفى بعد الانفجار.\n")
    got = _claims(page)
    assert ("killed", 6) in got and ("wounded", 14) in got
    assert not any(low == 9 for _q, low in got)


def test_without_blank_lines_a_prose_line_under_a_teaser_is_the_report() -> None:
    page = ("قصص مقترحة\nمقتل 9 جنود بهجوم على ثكنة في ولاية النيجر\n"
            "وقال مصدر طبي إن 6 أشخاص قتلوا في الانفجار الذي وقع قرب سوق شعبي.\n"
            "وأضاف المصدر أن 14 شخصاً أصيبوا بجروح.\n")
    got = _claims(page)
    assert ("killed", 6) in got
    assert not any(low == 9 for _q, low in got)


# -- the line scans find what their patterns find ----------------------------------

#: Pieces of page lines: each pattern's key, separators, blanks, line breaks, digits.
_LINE_PIECES = ["تابعوا", "تابع", " على ", "عبر", "/", " / ", "-", " - ", "—", ": ", "\n", "\n\n",
                " ", "\t", "\r", "أ ب", "الخرطوم", "سونا", "2024", "12-3-2024", "كلمة", "x" * 45, '"', "«"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join))
@example(" \t" + "س" * 80 + " \nabc\n" + "س" * 81)   # the head line's bounds: 80 in, 81 out
@example("   ab\n\t\tabc \nabcd\r\n  ")                # short lines the pattern pads with blanks
@example("تابعوا سونا على\nتابعوا سونا على منصة\nقال: تابعوا سونا على")
def test_line_scans_find_what_the_patterns_find(text: str) -> None:
    """The keyed line scans and the head-line loop are shortcuts for ``finditer``: same matches."""
    for pattern, key in ((outlet._FOLLOW_LINE, outlet._FOLLOW_KEY), (outlet._SLASH_LEAD, outlet._SLASH),
                         (outlet._LEDE_HEAD, outlet._DASH_GAP)):
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in outlet._line_matches(pattern, key, text)] == expected
    assert outlet._head_lines(text) == [(m.start(1), m.group(1)) for m in outlet._HEAD_LINE.finditer(text)]
