"""The actors lexicon and its matcher.

The sentences here are written for these tests (no corpus text), one or more
per conflict, in the register of Arabic wire copy. Each asserts what
attribution downstream relies on: the right actor and kind, offsets that
quote the original text, clitics left outside the span, and no match inside a
longer word or on an ordinary word that merely looks like a name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from riwaya.extract.actors import (
    DATA_PATH,
    KINDS,
    Mention,
    actors,
    by_canonical,
    find_mentions,
    load,
    lookup,
    validate,
)
from riwaya.model import SOURCE_KINDS
from riwaya.text.normalize import fold


def _found(text: str) -> list[tuple[str, str, str]]:
    """(surface, canonical, kind) of each mention, after checking its offsets."""
    out = []
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.surface
        assert text[m.start - len(m.prefix):m.start] == m.prefix
        out.append((m.surface, m.actor.canonical, m.actor.kind))
    return out


def _one(text: str, surface: str) -> Mention:
    ms = [m for m in find_mentions(text) if m.surface == surface]
    assert len(ms) == 1, [m.surface for m in find_mentions(text)]
    return ms[0]


# ── mentions, conflict by conflict ──────────────────────────────────────
def test_yemen() -> None:
    text = ("وأعلن المتحدث العسكري باسم الحوثيين يحيى سريع استهداف سفينة، فيما نقلت "
            "وكالة سبأ الحوثية عن وزارة الصحة في صنعاء مقتل 12 مدنياً، ونفى التحالف العربي ذلك.")
    assert _found(text) == [
        ("الحوثيين", "Houthis", "party"),
        ("يحيى سريع", "Houthis", "party"),
        ("وكالة سبأ الحوثية", "Saba News Agency (Sanaa)", "official"),
        ("وزارة الصحة في صنعاء", "Houthi-run Health Ministry", "official"),
        ("التحالف العربي", "Saudi-led coalition", "foreign_military"),
    ]
    assert _one(text, "يحيى سريع").person
    assert by_canonical("Saba News Agency (Sanaa)").party_of == "Houthis"
    # The government's agency owns the bare name, which needs a head word.
    assert _found("وقالت وكالة سبأ إن") == [("سبأ", "Saba News Agency (Aden)", "official")]
    assert find_mentions("مملكة سبأ القديمة") == []


def test_iraq() -> None:
    text = ("وقالت خلية الإعلام الأمني إن القوات العراقية قتلت خمسة من عناصر «داعش» في "
            "وادي الشاي، فيما أفادت شفق نيوز بأن الحشد الشعبي والبيشمركة شاركا في العملية.")
    assert _found(text) == [
        ("خلية الإعلام الأمني", "Security Media Cell", "official"),
        ("القوات العراقية", "Iraqi Security Forces", "party"),
        ("داعش", "ISIS", "party"),
        ("شفق نيوز", "Shafaq News", "media"),
        ("الحشد الشعبي", "Popular Mobilization Forces", "party"),
        ("البيشمركة", "Peshmerga", "party"),
    ]
    assert _one(text, "البيشمركة").prefix == "و"
    # «كتائب حزب الله» is the Iraqi group, not Hezbollah: longest match wins.
    assert _found("وتبنت كتائب حزب الله الهجوم") == [
        ("كتائب حزب الله", "Kataib Hezbollah", "party")]


def test_libya() -> None:
    text = ("وأكد أحمد المسماري، الناطق باسم الجيش الوطني الليبي، أن قوات حكومة الوفاق "
            "تكبدت خسائر، بحسب ما نقلت صحيفة الوسط عن مصادر في المجلس الرئاسي الليبي.")
    assert _found(text) == [
        ("أحمد المسماري", "Libyan National Army", "party"),
        ("الجيش الوطني الليبي", "Libyan National Army", "party"),
        ("قوات حكومة الوفاق", "GNU forces", "party"),
        ("الوسط", "Al-Wasat", "media"),
        ("المجلس الرئاسي الليبي", "Libyan Presidential Council", "official"),
    ]
    assert _one(text, "الوسط").weak
    assert by_canonical("GNU forces").party_of == "Government of National Unity"


def test_sudan() -> None:
    text = ("واتهمت شبكة أطباء السودان قوات الدعم السريع بقتل 40 مدنياً في الفاشر، بينما "
            "قال الجيش السوداني لـ«سودان تربيون» إن قواته صدت الهجوم، وفق راديو دبنقا.")
    assert _found(text) == [
        ("شبكة أطباء السودان", "Sudan Doctors Network", "monitor"),
        ("قوات الدعم السريع", "Rapid Support Forces", "party"),
        ("الجيش السوداني", "Sudanese Armed Forces", "party"),
        ("سودان تربيون", "Sudan Tribune", "media"),
        ("راديو دبنقا", "Radio Dabanga", "media"),
    ]
    assert _found("وقال حميدتي إن") == [("حميدتي", "Rapid Support Forces", "party")]


def test_gaza() -> None:
    text = ("وأعلنت وزارة الصحة في غزة ارتفاع الحصيلة، فيما زعم جيش الاحتلال الإسرائيلي "
            "أنه قتل مسلحين من كتائب القسام وسرايا القدس، ونقلت وكالة «وفا» عن شهود ذلك.")
    assert _found(text) == [
        ("وزارة الصحة في غزة", "Gaza Health Ministry", "official"),
        ("جيش الاحتلال الإسرائيلي", "Israel Defense Forces", "party"),
        ("كتائب القسام", "Qassam Brigades", "party"),
        ("سرايا القدس", "Al-Quds Brigades", "party"),
        ("وكالة «وفا»", "WAFA", "official"),     # a listed form, head word included
    ]
    assert _one(text, "سرايا القدس").prefix == "و"
    assert by_canonical("Gaza Health Ministry").party_of == "Hamas"
    assert by_canonical("WAFA").party_of == "Palestinian Authority"


def test_fused_article_keeps_the_whole_word() -> None:
    text = "وقال المتحدث باسم للمكتب الإعلامي الحكومي في غزة إن"
    m = _one(text, "للمكتب الإعلامي الحكومي في غزة")
    assert (m.actor.canonical, m.prefix) == ("Gaza Government Media Office", "")
    m = _one("وفقاً للمرصد السوري لحقوق الإنسان", "للمرصد السوري لحقوق الإنسان")
    assert m.actor.canonical == "Syrian Observatory for Human Rights"


def test_lebanon() -> None:
    text = ("وذكرت الوكالة الوطنية للإعلام أن غارة استهدفت بلدة في الجنوب، فيما نعى حزب الله "
            "ثلاثة من عناصره، وبثت قناة المنار مشاهد، ونقلت قوات اليونيفيل جرحى.")
    assert _found(text) == [
        ("الوكالة الوطنية للإعلام", "National News Agency (Lebanon)", "official"),
        ("حزب الله", "Hezbollah", "party"),
        ("قناة المنار", "Al-Manar", "party_media"),
        ("قوات اليونيفيل", "UNIFIL", "foreign_military"),
    ]
    assert by_canonical("Al-Manar").party_of == "Hezbollah"


def test_afghanistan() -> None:
    text = ("وقال ذبيح الله مجاهد، المتحدث باسم حركة طالبان، إن عناصر من داعش خراسان "
            "قتلوا في كابل، بحسب ما أوردته طلوع نيوز وبعثة يوناما.")
    assert _found(text) == [
        ("ذبيح الله مجاهد", "Taliban", "party"),
        ("حركة طالبان", "Taliban", "party"),
        ("داعش خراسان", "ISIS-K", "party"),       # not ISIS: the longer name wins
        ("طلوع نيوز", "Tolo News", "media"),
        ("بعثة يوناما", "UNAMA", "monitor"),
    ]


def test_syria() -> None:
    text = ("وأفاد المرصد السوري لحقوق الإنسان بمقتل سبعة من قوات النظام، بينما ذكرت وكالة سانا "
            "أن «قسد» والقوات الأميركية نفذتا إنزالاً، ونقلت وكالة «أعماق» تبني التنظيم.")
    assert _found(text) == [
        ("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", "monitor"),
        ("قوات النظام", "Syrian government forces", "party"),
        ("وكالة سانا", "SANA", "official"),
        ("قسد", "Syrian Democratic Forces", "party"),
        ("القوات الأميركية", "US forces", "foreign_military"),
        ("وكالة «أعماق»", "Amaq News Agency", "party_media"),
    ]
    assert _one(text, "القوات الأميركية").prefix == "و"


def test_english() -> None:
    text = ("Reuters reported that the SDF and U.S. forces were fighting IS cells, "
            "according to the Syrian Observatory for Human Rights. This is an island.")
    assert _found(text) == [
        ("Reuters", "Reuters", "media"),
        ("SDF", "Syrian Democratic Forces", "party"),
        ("U.S. forces", "US forces", "foreign_military"),
        ("IS", "ISIS", "party"),
        ("Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights", "monitor"),
    ]
    assert _found("reuters and HAMAS")[0][1] == "Reuters"   # names: any case


# ── clitics, quotes, boundaries ─────────────────────────────────────────
@pytest.mark.parametrize("text, surface, prefix", [
    ("وقسد أعلنت", "قسد", "و"),
    ("نقلاً عن لـقسد", "قسد", "ل"),
    ("مقاتلون تابعون لـ«قسد»", "قسد", ""),
    ("اشتباكات بقوات سوريا الديموقراطية", "قوات سوريا الديموقراطية", "ب"),
    ("وبحسب فرانس برس", "فرانس برس", ""),
    ("فللحوثيين رواية أخرى", "للحوثيين", "ف"),
    ("وكداعش تماماً", "داعش", "وك"),
])
def test_clitics(text: str, surface: str, prefix: str) -> None:
    m = _one(text, surface)
    assert m.prefix == prefix


@pytest.mark.parametrize("text", [
    "اعتقال عنصر قسدي في المدينة",       # adjective built on the name
    "مقاتل داعشي سابق",
    "بحماسة كبيرة",                      # حماس inside a longer word
    "استقبلوه بحماس",                    # "enthusiastically": excluded form
    "الحماس في المدينة",                 # article on a non-article name
    "قدموا إحسانا للفقراء",              # سانا inside a longer word
    "ISLAND and Sanaa",                  # acronym inside a word / other case
    "this is what the sdf said",         # acronyms only in capitals
    "حب الوطن والدولة",                  # weak names without a head word
    "مؤسسات الدولة وقاعدة حميميم والقاعدة الجوية",
    "أمل الأهالي كبير وفتح الطريق",
    "في منطقة الجزيرة السورية",
    "تواجه إسرائيل اليوم تحديات",
])
def test_no_false_match(text: str) -> None:
    assert find_mentions(text) == []


def test_weak_names_need_a_head_of_their_kind() -> None:
    assert _found("نقلت صحيفة «الوطن» السورية عن مصدر") == [
        ("«الوطن» السورية", "Al-Watan (Syria)", "media")]
    assert _found("قال مراسل الجزيرة إن") == [("الجزيرة", "Al Jazeera", "media")]
    assert _found("هجوم تنظيم \"الدولة\" على السجن") == [("تنظيم \"الدولة\"", "ISIS", "party")]
    assert _found("وقال مقاتلو الدولة إن") == [("الدولة", "ISIS", "party")]
    assert _found("وقالت حركة أمل") == [("حركة أمل", "Amal Movement", "party")]
    assert _found("واعتقل عناصر النصرة") == [("النصرة", "Nusra Front", "party")]
    assert _found("بحسب وكالة «أعماق»") == [("وكالة «أعماق»", "Amaq News Agency", "party_media")]
    assert _found("بحسب موقع أعماق") == [("أعماق", "Amaq News Agency", "party_media")]
    # A media head does not license a party's weak name, nor the reverse.
    assert find_mentions("صحيفة الدولة") == []
    assert find_mentions("عناصر الجزيرة") == []


def test_quotes_balance_the_surface() -> None:
    assert _found("حاصر تنظيم «داعش» السجن") == [("تنظيم «داعش»", "ISIS", "party")]
    assert _found("وقالت قوات “سوريا الديمقراطية” إن") == [
        ("قوات “سوريا الديمقراطية”", "Syrian Democratic Forces", "party")]
    assert _found("قوات سوريا الديمقراطية-قسد") == [
        ("قوات سوريا الديمقراطية", "Syrian Democratic Forces", "party"),
        ("قسد", "Syrian Democratic Forces", "party")]


def test_offsets_survive_diacritics_and_tatweel() -> None:
    text = "وقالت قوّاتُ سوريا الديمقراطيّة إنّ «داعـــش» هاجم"
    assert _found(text) == [
        ("قوّاتُ سوريا الديمقراطيّة", "Syrian Democratic Forces", "party"),
        ("داعـــش", "ISIS", "party"),
    ]


def test_longest_match_wins() -> None:
    assert _found("المرصد السوري لحقوق الإنسان") == [
        ("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", "monitor")]
    assert _found("المرصد السوري لحقوق") == [
        ("المرصد السوري", "Syrian Observatory for Human Rights", "monitor")]
    assert _found("وكان النهار العربي أكد") == [
        ("النهار العربي", "Annahar Al Arabi", "media")]
    assert _found("قوات الاحتلال التركي") == [
        ("قوات الاحتلال التركي", "Turkish armed forces", "foreign_military")]


# ── lookup ──────────────────────────────────────────────────────────────
@pytest.mark.parametrize("name, canonical", [
    ("«قسد»", "Syrian Democratic Forces"),
    ("لـ«قسد»", "Syrian Democratic Forces"),
    ("وقوات سوريا الديمقراطية", "Syrian Democratic Forces"),
    ("بقوات سوريا الديموقراطية", "Syrian Democratic Forces"),
    ("قوات قسد", "Syrian Democratic Forces"),
    ("المرصد السوري", "Syrian Observatory for Human Rights"),
    ("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights"),
    ("للمرصد السوري", "Syrian Observatory for Human Rights"),
    ("المرصد", "Syrian Observatory for Human Rights"),
    ("وكالة رويترز", "Reuters"),
    ("رويترز", "Reuters"),
    ("(رويترز)", "Reuters"),
    ("صحيفة الوطن السورية", "Al-Watan (Syria)"),
    ("الوطن", "Al-Watan (Syria)"),
    ("وكالة أعماق", "Amaq News Agency"),
    ("أعماق", "Amaq News Agency"),
    ("تنظيم داعش الإرهابي", "ISIS"),
    ("تنظيم الدولة الإسلامية", "ISIS"),
    ("Daesh", "ISIS"),
    ("ISIL", "ISIS"),
    ("IS", "ISIS"),
    ("ISIS-K", "ISIS-K"),
    ("الأمريكية القوات", None),
    ("القوات الأمريكية", "US forces"),
    ("القوات الأميركية", "US forces"),
    ("CENTCOM", "CENTCOM"),
    ("أ ف ب", "AFP"),
    ("أ.ف.ب", "AFP"),
    ("the Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ("reuters", "Reuters"),
    ("Al Jazeera", "Al Jazeera"),
    ("Al-Jazeera", "Al Jazeera"),
    ("أفيخاي أدرعي", "Israel Defense Forces"),
    ("وزارة الصحة بغزة", "Gaza Health Ministry"),
    ("مليشيا الحوثي", "Houthis"),
    ("ميليشيات الدعم السريع", "Rapid Support Forces"),
    ("الإدارة الذاتية الكوردية", "Autonomous Administration of North and East Syria"),
    ("رامي عبدالرحمن", "Syrian Observatory for Human Rights"),
    ("is", None),
    ("sdf", None),
    ("القوات", None),
    ("صحيفة", None),
    ("", None),
])
def test_lookup(name: str, canonical: str | None) -> None:
    actor = lookup(name)
    assert (actor.canonical if actor else None) == canonical


# ── the data file ───────────────────────────────────────────────────────
def _raw() -> dict:
    return yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))


_SEPS = re.compile(r'[\s"\-]+')


def _fold_key(s: str) -> str:
    """Folding as the matcher does, re-implemented here so the test is independent."""
    k = _SEPS.sub(" ", fold(str(s))).strip()
    latin = all(ord(c) < 0x250 for c in k)
    return k.casefold() if latin and any(c.islower() for c in k) else k


def test_schema() -> None:
    raw = _raw()
    entries = raw["actors"]
    assert len(entries) >= 200
    assert set(KINDS) <= set(SOURCE_KINDS)
    canon = [e["canonical"] for e in entries]
    assert len(canon) == len(set(canon))
    allowed = {"canonical", "ar", "kind", "country", "aliases", "weak", "people",
               "exclude", "party_of", "note"}
    for e in entries:
        assert set(e) <= allowed, e["canonical"]
        assert isinstance(e["canonical"], str) and e["canonical"].strip()
        assert e["kind"] in KINDS, e["canonical"]
        assert e.get("country") is None or re.fullmatch(r"[A-Z]{2}", e["country"]), e
        assert e.get("ar") is None or isinstance(e["ar"], str)
        for k in ("aliases", "weak", "people", "exclude"):
            assert isinstance(e.get(k, []), list), (e["canonical"], k)
        if e.get("party_of") is not None:
            assert e["party_of"] in canon, (e["canonical"], e["party_of"])
        if e["kind"] == "party_media":
            assert e.get("party_of"), f"{e['canonical']}: whose media is it?"
    assert validate(raw) == []


def test_no_written_form_names_two_actors() -> None:
    owner: dict[str, set[str]] = defaultdict(set)
    for e in _raw()["actors"]:
        forms = [e["canonical"], e.get("ar"), *e.get("aliases", []), *e.get("weak", []),
                 *e.get("people", [])]
        for f in forms:
            if f:
                owner[_fold_key(f)].add(e["canonical"])
    clashes = {k: v for k, v in owner.items() if len(v) > 1}
    assert clashes == {}
    assert load().problems == []


def test_coverage_of_the_conflicts() -> None:
    by = defaultdict(set)
    for a in actors():
        by[a.country].add(a.kind)
    for country in ("SY", "IQ", "YE", "LY", "SD", "LB", "PS", "AF"):
        assert {"party", "monitor", "media"} <= by[country] | by[None], country
        assert "party" in by[country], country


def test_checks_catch_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text(
        "actors:\n"
        "- {canonical: A, kind: party, country: Syria, aliases: [قسد]}\n"
        "- {canonical: B, kind: militia, aliases: [x]}\n"
        "- {canonical: C, kind: media, aliases: [«قسد»], party_of: Nobody}\n",
        encoding="utf-8")
    lex = load(bad)
    text = "\n".join(lex.problems)
    assert "country 'Syria'" in text
    assert "kind 'militia'" in text
    assert "party_of 'Nobody'" in text
    assert "'قسد' names both 'A' and 'C'" in text
    assert [a.canonical for a in lex.actors] == ["A", "C"]   # the bad kind is skipped


# ── speed ───────────────────────────────────────────────────────────────
def test_a_megabyte_of_text_matches_every_mention() -> None:
    """Correct at scale; the speed itself is measured by benchmarks, not asserted here."""
    paragraph = " ".join([
        "وأفاد المرصد السوري لحقوق الإنسان بمقتل عشرة من عناصر تنظيم «داعش» في البادية،",
        "فيما قالت وزارة الصحة في غزة إن الحصيلة ارتفعت، ونقلت وكالة رويترز عن مصادر",
        "محلية أن الاشتباكات بين الجيش السوداني وقوات الدعم السريع تجددت في أحياء المدينة",
        "الشرقية بعد هدوء حذر دام يومين، وسط نزوح مئات العائلات نحو القرى المجاورة.",
    ]) + "\n"
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    from riwaya.text.normalize import normalize
    norm = normalize(text)
    ms = find_mentions(text, norm)
    assert len(ms) == 6 * text.count("\n")


# -- scanning only where a name can start --------------------------------------------------

_LEX = load()
_KEYS = sorted({*_LEX.strong, *_LEX.strong_ci, *_LEX.weak, *_LEX.weak_ci})
_GLUE = ["", " ", "  ", "-", '"', "'", ",", ".", "،", "\n", "\u0301", "\u0654", "_", "2", "٣",
         "و", "ف", "ب", "ل", "وب", "فل", "لل", "ال", "ة", "x", "İ", "K", "ſ"]


def _case(key: str, how: int) -> str:
    return {0: key, 1: key.upper(), 2: key.title(), 3: key.swapcase()}[how]


def test_token_candidates_find_what_a_full_scan_finds() -> None:
    """find_mentions with tokens tries names only where one can start; it must
    find exactly what trying every character finds, on text made of lexicon
    names in any case glued to clitics, marks, digits and punctuation."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from riwaya.text.normalize import normalize
    from riwaya.text.tokens import tokenize

    piece = st.one_of(
        st.builds(_case, st.sampled_from(_KEYS), st.integers(0, 3)),
        st.sampled_from(_GLUE),
        st.text(alphabet="ابتجدرسعقلمنهوي ", max_size=6),
    )

    @settings(max_examples=400, deadline=None, derandomize=True, database=None)
    @given(st.lists(piece, min_size=1, max_size=14).map("".join))
    def check(text: str) -> None:
        norm = normalize(text)
        assert find_mentions(text, norm, tokenize(norm)) == find_mentions(text, norm)

    check()
