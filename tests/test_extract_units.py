"""Unit tests of the text layer and extractor pieces, on sentences of our own."""

from __future__ import annotations

import pytest

from riwaya.extract import extract_claims
from riwaya.extract.numbers import find_numbers
from riwaya.model import Document, Outlet
from riwaya.text.normalize import normalize
from riwaya.text.tokens import tokenize


def numbers(text: str) -> list[tuple[int, int, bool]]:
    return [(n.low, n.high, n.vague) for n in find_numbers(tokenize(normalize(text)))]


@pytest.mark.parametrize("text, expected", [
    ("ثلاثة وعشرون", [(23, 23, False)]),
    ("ألفين وثلاثمئة", [(2300, 2300, False)]),
    ("اثنا عشر ألفاً", [(12000, 12000, False)]),
    ("الخمسة آلاف", [(5000, 5000, False)]),
    ("١٢ ألف", [(12000, 12000, False)]),
    ("٣٬٥٠٠", [(3500, 3500, False)]),
    ("۱۵۰", [(150, 150, False)]),
    ("عشرات الآلاف", [(20000, 99999, True)]),
    ("لمئات العائلات", [(200, 999, True)]),
    ("بين عشرين وثلاثين", [(20, 20, False), (30, 30, False)]),
    ("1.5 مليون", [(1500000, 1500000, False)]),
    # The part after «و» is read by the same rule as the first number: a
    # fraction only before a scale word.
    ("مليون و2.5 ألف نازح", [(1002500, 1002500, False)]),
    ("2.5 قتيل", []),
    ("كميات من السلاح", []),
])
def test_number_forms(text: str, expected: list[tuple[int, int, bool]]) -> None:
    assert numbers(text) == expected


def test_normalisation_keeps_offsets() -> None:
    text = "قُتِلَ\u00a0«خمسةٌ» ـــ ٥\u200f"
    norm = normalize(text)
    assert "ُ" not in norm.text and "\u00a0" not in norm.text and "5" in norm.text
    i = norm.text.index("5")
    a, b = norm.span(i, i + 1)
    assert text[a:b] == "٥"


@pytest.mark.parametrize("text", [
    "", "abc", "\u064b", "\u064b\u064bأ", "قُتِلَ خمسةٌ", "ـــ٥ـ", "ab\u0640", "\u200f\u200e",
    "أيضاً وقُتِلَ\u0640\u0640 ١٢ شخصاً\u200f.",
])
def test_offset_map_is_the_original_offset_of_every_kept_character(text: str) -> None:
    """``pos`` is computed from the deleted characters alone; it must equal
    the offsets of the kept characters plus the text's length, and
    ``to_norm`` must invert it (a deleted offset goes to the next kept one)."""
    norm = normalize(text)
    kept = [i for i, ch in enumerate(text) if ch not in "\u064b\u064f\u0650\u064e\u064c\u0640\u200f\u200e"]
    assert list(norm.pos) == kept + [len(text)]
    assert len(norm.pos) == len(norm.text) + 1
    assert norm.pos[-1] == len(text) and norm.pos[1:3] == (kept + [len(text)])[1:3]
    for o in range(-1, len(text) + 2):
        expected = next((k for k, p in enumerate(norm.pos) if p >= o), len(norm.pos) - 1)
        assert norm.to_norm(o) == expected


def claims(text: str, outlet: str = "الموقع") -> list:
    return extract_claims(Document(id="t", text=text, outlet=Outlet(name=outlet)))


def test_evidence_is_a_span_of_the_original() -> None:
    text = "وأفاد مصدر طبّيّ بمقتل ٢٣ شخصاً، فيما قالت «الوزارة» إن ما لا يقلّ عن ٤٠ أُصيبوا."
    for c in claims(text):
        assert text[c.start:c.end] == c.text
        assert c.figure_start is not None and text[c.figure_start:c.figure_end]


def test_same_noun_different_frames() -> None:
    escaped = claims("أعلنت الشرطة فرار 40 سجيناً من سجن المدينة المركزي.")
    captured = claims("أعلنت الشرطة أنها ألقت القبض على 40 من السجناء الفارين.")
    held = claims("يضم السجن المركزي في المدينة نحو 900 سجين.")
    assert [c.quantity for c in escaped] == ["escaped"]
    assert [c.quantity for c in captured] == ["captured"]
    assert [(c.quantity, c.qualifier) for c in held] == [("detainees", "approx")]


def test_chain_of_sources() -> None:
    (c,) = claims("نقلت وكالة فرانس برس عن مصدر طبي أن 12 شخصاً قتلوا في القصف على السوق.")
    assert c.source.name == "مصدر طبي" and c.source.kind == "anonymous"
    assert [v.canonical for v in c.via] == ["AFP"]


def test_denial_is_zero_with_stance() -> None:
    (c,) = claims("نفى الجيش السوداني سقوط أي قتيل في صفوف المدنيين خلال القصف.")
    assert (c.quantity, c.low, c.high, c.stance) == ("killed", 0, 0, "denies")


def test_non_figures_yield_nothing() -> None:
    text = ("وفي عام 2019، وعلى بعد 15 كيلومتراً، قال رجل يبلغ من العمر 45 عاماً إن نسبة 70% من "
            "السكان غادروا، بحسب القرار 2254 والعدد 412 من الصحيفة، الساعة 10:30.")
    assert claims(text) == []


def test_unattributed_figure_belongs_to_the_outlet() -> None:
    (c,) = claims("وشهدت المدينة نزوح نحو 300 عائلة خلال الليل.", outlet="عدن الغد")
    assert (c.source.name, c.source.kind, c.quantity) == ("عدن الغد", "outlet", "displaced")


def test_speech_carries_over_with_wa_adafa() -> None:
    text = "قال مدير المستشفى إن 9 أشخاص قتلوا. وأضاف أن 30 آخرين أصيبوا بجروح."
    killed, wounded = claims(text)
    assert killed.source.name == wounded.source.name == "مدير المستشفى"


def test_furniture_gives_no_claims() -> None:
    text = "اقرأ أيضاً: مقتل 3 جنود بهجوم\n3-64.jpg\nزر الذهاب إلى الأعلى\n"
    assert claims(text) == []


def test_inferred_outlet_stops_where_the_name_stops() -> None:
    """A known outlet ends where the lexicon says; an unknown one after two words."""
    def outlet_of(text: str) -> tuple[str | None, str | None]:
        doc = Document(id="t", text=text)
        extract_claims(doc)
        return doc.outlet.name, doc.outlet.canonical

    assert outlet_of("وقال مصدر أمني لـ موقع تلفزيون سوريا كانت المعارك مستمرة إن 12 عنصرا قتلوا.") == (
        "تلفزيون سوريا", "Syria TV")
    name, canonical = outlet_of("وأكدت مصادر محلية لـ موقع صدى الوادي رفضت الكشف عن هويتها أن 30 مدنيا نزحوا.")
    assert (name, canonical) == ("صدى الوادي", None)


def test_source_phrase_stops_before_the_event_it_reports() -> None:
    """«مديرية الصحة في الأنبار بمصرع نحو 45»: the figure is not part of the source."""
    (c,) = claims("أفادت مديرية الصحة في ديالى بمصرع نحو 45 عنصراً من الشرطة.")
    assert c.source.name == "مديرية الصحة في ديالى"
    (d,) = claims("نفت وزارة الدفاع في حكومة الوحدة مقتل أي جندي في الهجوم.")
    assert d.stance == "denies" and d.source.name == "وزارة الدفاع في حكومة الوحدة"


def test_spokesperson_phrase_keeps_organisation_and_name() -> None:
    (c,) = claims("وقال المتحدث باسم الجيش العميد سامي الخطيب إن 12 مسلحا قتلوا في الهجوم.")
    assert c.source.name == "المتحدث باسم الجيش العميد سامي الخطيب"
    assert c.source.kind == "party"
    (d,) = claims("قال الناطق باسم شرطة ولاية هلمند إن قوات الأمن اعتقلت 7 أشخاص.")
    assert d.source.name == "الناطق باسم شرطة ولاية هلمند"
    (e,) = claims("قال المتحدث باسم اللواء الخامس العقيد منير الصالح للجزيرة نت إن 20 مسلحا هاجموا الموقع.")
    assert e.source.name == "المتحدث باسم اللواء الخامس العقيد منير الصالح"


def test_denied_report_is_voiced_by_the_reports_not_the_denier() -> None:
    """«نفت الحكومة الأنباء التي تحدثت عن مقتل 30»: the 30 belongs to the reports."""
    (c,) = claims("نفت الحكومة الليبية الأنباء التي تحدثت عن مقتل 30 جندياً في الهجوم.")
    assert c.source.name == "الأنباء" and c.stance == "asserts"


def test_denial_object_noun_ends_the_source_and_party_narrows_it() -> None:
    (c,) = claims("نفت مديرية أمن بنغازي وجود أي رهائن داخل المبنى.")
    assert (c.source.name, c.quantity, c.stance) == ("مديرية أمن بنغازي", "hostages", "denies")
    (d,) = claims("لم يسفر القصف عن أي إصابات في صفوف المدنيين، بحسب السلطة المحلية في المديرية.")
    assert (d.source.name, d.party, d.low) == ("السلطة المحلية في المديرية", "civilians", 0)


def _outlet_of(text: str) -> str | None:
    doc = Document(id="t", text=text)
    extract_claims(doc)
    return doc.outlet.name


def test_outlet_from_a_dateline_line_and_a_glued_address() -> None:
    assert _outlet_of("عنوان الخبر عن قصف المدينة\n\nكسلا – صدى الشرق\n\nقتل 4 أشخاص في القصف.") == "صدى الشرق"
    assert _outlet_of("وذكر مصدر أمني لوكالة الرافدين برس أن 6 عناصر قتلوا في الهجوم.") == "الرافدين برس"
    assert _outlet_of("وقال مسؤول محلي في تصريح للأناضول إن 3 مدنيين قتلوا.") in ("الأناضول", "وكالة الأناضول")


def test_headline_place_before_a_colon_is_no_source() -> None:
    (c,) = claims("اليمن: مقتل 7 جنود بهجوم على نقطة عسكرية", outlet="عدن الغد")
    assert (c.source.name, c.source.kind) == ("عدن الغد", "outlet")


def test_a_noun_of_the_figure_before_does_not_frame_the_next() -> None:
    """«11 جثة و27 مصاباً»: «جثة» counts the 11; the 27 are wounded."""
    killed, wounded = claims("وقال مصدر طبي إن المستشفى استقبل 11 جثة و27 مصاباً.")
    assert (killed.quantity, killed.low, wounded.quantity, wounded.low) == ("killed", 11, "wounded", 27)


def test_a_similar_earlier_attack_is_context() -> None:
    c = claims("وكانت لجان المقاومة قد أعلنت مقتل 9 أشخاص في قصف مماثل على مخيم للنازحين.")[0]
    assert c.context


def test_headline_event_before_a_colon_is_no_source_but_a_speaker_is() -> None:
    (c,) = claims("اشتباكات بنغازي: ارتفاع الحصيلة إلى 31 قتيلاً", outlet="الوسط")
    assert c.source.name == "الوسط"
    (d,) = claims("الأمم المتحدة: نزوح 4000 أسرة من القرى الحدودية", outlet="الوسط")
    assert d.source.name == "الأمم المتحدة"


def test_prep_fillers_come_from_the_data_file() -> None:
    (c,) = claims('قتل 18 عنصراً، بحسب ما وثقه "المرصد السوري لحقوق الإنسان".')
    assert c.source.name == "المرصد السوري لحقوق الإنسان"


def test_ranks_named_after_coordinated_figures_narrow_both() -> None:
    killed, wounded = claims("أسفر القصف عن سقوط 12 قتيلاً و30 جريحاً في صفوف المدنيين.")
    assert (killed.party, wounded.party) == ("civilians", "civilians")
    (police,) = claims("قضى 3 عناصر من الشرطة نحبهم في الكمين.")
    assert police.party == "security forces"


def test_fa_inna_is_not_two_thousand() -> None:
    """«فإن» folds to «فان», which «ألفان» without a (radical) «ال» would also be."""
    (c,) = claims("ووفقاً لمصدر أمني، فإن 15 شخصاً اعتقلوا.")
    assert (c.quantity, c.low) == ("captured", 15)
    (d,) = claims("نزح ألفان وثلاثمئة شخص من البلدة.")
    assert d.low == 2300


def test_others_after_a_subset_do_not_take_the_subsets_party() -> None:
    # «آخرون» after a subset are of the whole it divides (civilians), never of the
    # subset (children); a whole with no side leaves them a total.
    killed, children, wounded = claims("قتل ثمانية مدنيين، بينهم ثلاثة أطفال، وأصيب 14 آخرون.")
    assert (killed.party, children.party, wounded.party) == ("civilians", "children", "civilians")
    killed, children, wounded = claims("قتل ثمانية أشخاص، بينهم ثلاثة أطفال، وأصيب 14 آخرون.")
    assert (killed.party, children.party, wounded.party) == (None, "children", None)


def test_outlet_in_brackets_after_a_dateline_and_english_tolls() -> None:
    assert _outlet_of("Title line about the attack\n\nMOGADISHU (Reuters) - Gunmen killed 5 people.") == "Reuters"
    doc = Document(id="t", text="A local official put the death toll at 31, adding that 12 people were wounded.")
    killed, wounded = extract_claims(doc)
    assert (killed.quantity, killed.low, killed.source.name) == ("killed", 31, "A local official")
    assert (wounded.quantity, wounded.low, wounded.source.name) == ("wounded", 12, "A local official")


def test_unknown_author_of_a_statistic_and_exceeded_hedge() -> None:
    (c,) = claims("ووفق إحصائية لفريق الرصد الميداني، نزح أكثر من 12 ألف شخص خلال يومين.")
    assert (c.source.name, c.low, c.qualifier) == ("فريق الرصد الميداني", 12000, "more_than")
    (d,) = claims("وأكد ناشطون أن عدد المعتقلين تجاوز 300.")
    assert (d.quantity, d.low, d.high, d.qualifier) == ("detainees", 300, None, "more_than")
    (e,) = claims("وتحدثت أنباء عن مقتل 4 من عناصر الحرس.")
    assert e.source.name == "أنباء"


@pytest.mark.parametrize(("word", "stem"), [
    ("أوكرانياً", "اوكراني"), ("روسيين", "روسي"), ("إسرائيليون", "اسراييلي"),
    ("الصوماليين", "صومالي"), ("إثيوبي", "اثيوبي"), ("قرب", None)])
def test_nisba_stem_folds_agreement_endings(word: str, stem: str | None) -> None:
    from riwaya.extract.actor_spans import nisba_stem

    assert nisba_stem(word) == stem


def test_a_nations_adjective_after_soldiers_names_its_army_not_after_civilians() -> None:
    (killed_et,) = claims("قالت قوات محلية إنها قتلت 60 جندياً إثيوبياً قرب بحر دار.")
    assert killed_et.party == "الجيش الإثيوبي"
    (captured,) = claims("قالت قوات محلية إنها أسرت 60 جندياً إثيوبياً قرب بحر دار.")
    assert captured.party == "security forces"   # named sides narrow only the dead and wounded
    (killed,) = claims("قتل 4 من الجنود الأوكرانيين في القصف.")
    assert killed.party == "الجيش الأوكراني"
    (civilians,) = claims("قتل سبعة مدنيين صوماليين في الانفجار.")
    assert civilians.party == "civilians"
    (bare,) = claims("قتل 9 جنود في كمين.")   # no nation named: soldiers, whose unknown
    assert bare.party == "security forces"


def test_a_verb_is_never_read_with_its_subject() -> None:
    """«أكدت مصادر طبية مقتل …»: the verb is one word; the sources are the speaker."""
    (c,) = claims("أكدت مصادر طبية مقتل سبعة مدنيين في انفجار.")
    assert (c.source.name, c.source.kind) == ("مصادر طبية", "anonymous")


def test_its_own_soldiers_are_the_speakers_side() -> None:
    """«أي من جنودها», «its fighters»: whose people depends on who says it."""
    (denial,) = claims("نفت وزارة الدفاع التركية مقتل أي من جنودها في الهجوم على القاعدة.")
    assert (denial.stance, denial.party) == ("denies", "القوات التركية")   # a ministry → its army
    (own,) = claims("قالت قوات الدعم السريع إن 12 من عناصرها قتلوا في الاشتباكات.")
    assert own.party == "قوات الدعم السريع"                                # a side → itself
    (en,) = claims("The Somali National Army said 6 of its soldiers were killed.")
    assert en.party == "Somali National Army"                               # English: canonical
    (unknown,) = claims("قالت مصادر محلية إن 4 من جنودها قتلوا.")             # an unknown speaker
    assert unknown.party == "security forces"


def test_a_bare_army_is_the_speakers_only_when_the_speaker_is_an_army() -> None:
    (denial,) = claims("نفى المتحدث باسم الجيش اللبناني سقوط أي قتيل في صفوف الجيش خلال القصف.")
    assert denial.party == "الجيش اللبناني"
    (enemy,) = claims("قالت قوات الدعم السريع إنها قتلت 50 من الجيش في محور بارا.")
    # a militia's «الجيش» is its enemy: its own state's army, named (two armies are named
    # each, as in Sudan), where the lexicon knows the one army of the militia's country
    assert enemy.party == "الجيش السوداني"
    (unknown,) = claims("قال المسلحون إنهم قتلوا 50 من الجيش في الكمين.")
    assert unknown.party == "security forces"   # a speaker the lexicon does not place


def test_hostages_held_are_hostages_and_up_to_bounds_from_above() -> None:
    (held,) = claims("أعلنت جماعة مسلحة أنها تحتجز 9 رهائن من عمال الإغاثة.")
    assert (held.quantity, held.low) == ("hostages", 9)
    (upto,) = claims("قالت الوزارة إن الضربة قتلت ما يصل إلى 40 مسلحاً.")
    assert (upto.qualifier, upto.low, upto.high) == ("at_most", None, 40)


def test_a_partitive_stops_at_the_next_coordinated_figure() -> None:
    fighters, children = claims("قُتل 4 من عناصر حركة الشباب وطفلان في الاشتباك.")
    assert (fighters.party, children.party) == ("حركة الشباب", "children")


def test_a_nisba_after_fighters_names_their_side_when_they_are_killed() -> None:
    (killed,) = claims("قُتل أكثر من 40 مسلحاً حوثياً في المعارك.")
    # the nisba, which «الحوثيون» and «الحوثيين» both contain (see actor_spans.party_name)
    assert killed.party == "الحوثي"


def test_a_verb_after_a_prepositions_object_is_its_relative_clause() -> None:
    (c,) = claims("وبحسب مصادر محلية تحدثت إلى «النهار»، قُتل 7 أشخاص في الغارة.")
    assert (c.source.name, c.source.kind) == ("مصادر محلية", "anonymous")


def test_sentence_ends_match_their_definition() -> None:
    """A sentence ends after a stop mark (and any closing quotes or brackets)
    followed by a space, or at a run of newlines. The splitter matches the
    stop mark itself; only match ends are used, so they must be exactly where
    the definition (written with a lookbehind) puts them."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from riwaya.text.segment import _SENT_END

    definition = re.compile(r'(?<=[.!?؟…])["\')\]]*(?=\s)|\n+')

    @settings(max_examples=500, deadline=None, derandomize=True, database=None)
    @given(st.text(alphabet='.!?؟…"\')] \n\u00a0\tابx5', max_size=40))
    def check(text: str) -> None:
        assert [m.end() for m in _SENT_END.finditer(text)] == [m.end() for m in definition.finditer(text)]

    check()


def test_token_positions_are_found_once_and_sliced_by_range() -> None:
    """A document's Tokens remember where a word class occurs; the positions
    and their slices must equal a direct scan of every token."""
    from riwaya.text.tokens import Word, candidates, positions

    tokens = tokenize(normalize("قتل 5 جنود ونفى الجيش مقتل أي جندي، وقال إن 3 من الجنود أصيبوا."))
    words = frozenset({"جنود", "جندي"})
    direct = [i for i, t in enumerate(tokens) if t.is_digit or not words.isdisjoint(t.keys)]
    assert positions(tokens, words, digits=True) == direct
    assert positions(list(tokens), words, digits=True) == direct   # a plain list: no cache
    assert positions(tokens, words) == [i for i in direct if not tokens[i].is_digit]
    assert candidates(tokens, words, 3, 12, digits=True) == [i for i in direct if 3 <= i < 12]
    assert all(isinstance(tokens[i], Word) for i in direct) and len(direct) >= 5


def test_tokens_are_where_the_token_pattern_matches() -> None:
    """tokenize cuts at spaces, tells most tokens by string tests and splits only
    the rest on the token pattern: every token's form and offsets must be what
    matching the pattern gives, for the whole text and a slice of it."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from riwaya.text.tokens import _TOKEN

    alphabet = "قتلو ا5٣,.'،«» \n\u00a0\u064e\u0301xY-\":؛²()%"

    @settings(max_examples=400, deadline=None, derandomize=True, database=None)
    @given(st.text(alphabet=alphabet, max_size=40), st.integers(0, 40), st.integers(0, 40))
    def check(text: str, a: int, b: int) -> None:
        a, b = min(a, b, len(text)), min(max(a, b), len(text))
        for start, end in ((0, None), (a, b)):
            tokens = tokenize(text, start, end)
            expected = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]
            assert list(zip(tokens.starts, tokens.ends, [w.text for w in tokens], strict=True)) == expected

    check()


def test_whole_words_and_numbers_are_told_as_the_token_pattern_tells_them() -> None:
    """tokenize takes a run of ``isalpha`` letters (or ``isdecimal`` digits) for one
    token without the pattern: every such character must be a letter (a digit) to
    the ``regex`` module too, whose Unicode tables are not Python's."""
    import sys

    import regex

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert regex.fullmatch(r"\p{L}*", "".join(filter(str.isalpha, every)))
    assert regex.fullmatch(r"\d*", "".join(filter(str.isdecimal, every)))


@pytest.mark.parametrize(("word", "expected"), [
    ("وللقتلى", {"القتلى", "قتلى", "لقتلى", "للقتلى", "وللقتلى"}),
    ("فبالمئات", {"المئات", "بالمئات", "فبالمئات", "مئات"}),
    ("وبيوتهم", {"بيوت", "بيوتهم", "بيوه", "وبيوت", "وبيوتهم", "وبيوه", "يوت", "يوتهم", "يوه"}),
    ("عنصرا", {"عنصر", "عنصرا"}),
    ("وقتلاهما", {"قتلا", "قتلاهم", "قتلاهما", "وقتلا", "وقتلاهم", "وقتلاهما"}),
    ("ولمدينتها", {"لمدينت", "لمدينته", "لمدينتها", "لمدينه", "مدينت", "مدينته", "مدينتها",
                   "مدينه", "ولمدينت", "ولمدينته", "ولمدينتها", "ولمدينه"}),
    ("Two", {"Two", "two"}),
    ("و", {"و"}),
])
def test_keys_peel_every_clitic_combination(word: str, expected: set[str]) -> None:
    """Every stem: conjunction, preposition (and ل + ال), article, tanween, then a
    pronoun suffix on each of those, as the key rules have always combined them."""
    from riwaya.text.tokens import keys

    assert keys(word) == expected


def test_a_run_of_digits_starts_a_name_only_as_a_whole_unit() -> None:
    """actors._can_start answers a run of digits with one set lookup: that is right
    because no digit is a letter or changes when lower-cased or case-folded."""
    import sys

    from riwaya.extract.actors import _can_start

    digits = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isdigit()]
    assert not [c for c in digits if c.isalpha() or c.lower() != c or c.casefold() != c]
    units = frozenset({"2", "19"})
    assert _can_start(units, "19") and not _can_start(units, "1") and not _can_start(units, "192")
    assert _can_start(units, "2") and not _can_start(units, "٢")   # units are compared as written


def test_word_forms_and_their_facts_are_shared_and_start_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each form is one Word however often it occurs, a FormFacts table asks its
    question once per form, and when the form table starts over (an archive's
    open vocabulary) facts and positions are still right."""
    from riwaya.text import tokens as tk

    calls: list[str] = []
    table = tk.FormFacts(lambda w: calls.append(w.text) or w.text.startswith("ج"))
    toks = tokenize("جنود قتلى جنود و جنود")
    assert toks[0] is toks[2] is toks[4]
    assert table.where(toks) == [0, 2, 4] and sorted(calls) == ["جنود", "قتلى", "و"]
    assert table.where(tokenize("جنود جنود")) == [0, 1] and len(calls) == 3
    monkeypatch.setattr(tk, "_MAX_WORDS", 0)
    fresh = tokenize("جنود و")   # the tables start over before this document
    assert fresh[0] is not toks[0] and len(table) == 0
    assert table.where(fresh) == [0] and table.where(toks) == [0, 2, 4]
    assert tk.positions(fresh, frozenset({"جنود"})) == [0] and tk.positions(toks, frozenset({"جنود"})) == [0, 2, 4]
    tk.forget_forms()   # what the benchmark calls to meet every word anew
    assert len(tk._WORDS) == len(table) == len(tk._MASKED.of_form) == 0
    assert table.where(toks) == [0, 2, 4] and tk.positions(tokenize("و جنود"), frozenset({"جنود"})) == [1]


def test_positions_of_many_classes_equal_a_scan_per_class(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document's first question indexes every class known so far in one pass;
    a class met later, or past the mask's capacity, is looked up on its own.
    Each way must give what scanning the tokens for that class gives."""
    from riwaya.text import tokens as tk

    text = "قتل 5 جنود، ونفى الجيش مقتل أي جندي؛ وقال إن 3 من الجنود أصيبوا: «لا قتلى»."
    classes = [(frozenset({"جنود", "جندي"}), True), (frozenset({"،", "؛", ":"}), False),
               (frozenset({"نفى", "قال"}), False), (frozenset({"قتل", "مقتل", "قتلى"}), False)]

    def scan(toks: list, words: frozenset[str], digits: bool) -> list[int]:
        return [i for i, t in enumerate(toks) if (digits and t.is_digit) or not words.isdisjoint(t.keys)]

    for cap in (0, 2, 48):
        monkeypatch.setattr(tk, "_MAX_MASKED", cap)
        monkeypatch.setattr(tk, "_MASKED", tk._ClassMasks())
        for order in (classes, classes[::-1]):
            toks = tokenize(normalize(text))
            for words, digits in order:
                assert tk.positions(toks, words, digits) == scan(toks, words, digits), (cap, words)
            assert len(tk._MASKED.bit) == min(cap, len(classes))
    assert any(tk.positions(tokenize(normalize(text)), w, d) for w, d in classes)


@pytest.mark.parametrize(("text", "expected"), [
    ("قُتل شرطي واحد في الكمين.", [("killed", 1, "شرطي واحد")]),
    ("وأصيبت امرأة واحدة على الأقل بشظايا.", [("wounded", 1, "امرأة واحدة")]),
    ("وأصيب طفلان اثنان بجروح.", [("wounded", 2, "طفلان اثنان")]),   # one figure, not two
    # Definite, or "of a single family": who, not how many.
    ("قُتل 4 أشخاص من عائلة واحدة.", [("killed", 4, "4")]),
    ("وبلغت حصة الشخص الواحد من الخبز رغيفين.", []),
])
def test_one_and_two_after_their_noun(text: str, expected: list[tuple[str, int, str]]) -> None:
    """«واحد» and «اثنان» follow the noun they count: the noun and the number are the figure."""
    claims = extract_claims(Document(id="t", text=text, outlet=Outlet(name="X")))
    assert [(c.quantity, c.low, text[c.figure_start: c.figure_end]) for c in claims] == expected


def test_an_actor_written_after_a_clitic_is_found_in_its_token() -> None:
    from riwaya.extract.actor_spans import DocActors
    text = "ووفقاً لمنظمة أطباء بلا حدود، قُتل 12 شخصاً."
    norm = normalize(text)
    tokens = tokenize(norm)
    actors = DocActors(text, norm, tokens)
    assert 1 in actors.spans and actors.spans[1][2] == "MSF"
    (killed,) = claims(text)
    assert killed.source.name == "منظمة أطباء بلا حدود"


def test_a_vague_event_is_kept_beside_a_precise_one_of_another_source() -> None:
    vague, precise = claims("فرار مئات السجناء من السجن. وقال الوزير إن 150 سجيناً فروا.")
    assert (vague.low, vague.high, precise.low) == (200, 999, 150)


def test_a_vague_stock_is_still_an_echo_of_a_precise_one() -> None:
    (held,) = claims("يحوي السجن الآلاف من المعتقلين. وقال المدير إن السجن يضم 5 آلاف معتقل.")
    assert (held.quantity, held.low) == ("detainees", 5000)


def test_glued_clitic_and_the_lam_of_address() -> None:
    from riwaya.text.tokens import glued, without_lam, word
    assert glued(word("وطفلان"), "و") and glued(word("لمعهد"), "ل") and glued(word("بالمئات"), "بل")
    assert not glued(word("ولاية"), "ل") and not glued(word("ل"), "ل") and not glued(word("لمعهد"), "و")
    assert without_lam("للأناضول") == "الأناضول" and without_lam("لرويترز") == "رويترز"
