"""The extraction stages read their word lists from ``riwaya/data``, and those lists drive them.

Each behavioural test checks that a module's list is the one the loader read
from its data file, then takes a word out of it (or puts one in) and shows a
sentence of its own coming out differently: what a linguist changes in the
YAML is what the code does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

import riwaya.extract.actor_spans as actor_spans
import riwaya.extract.attribution as attribution
import riwaya.extract.dates as dates
import riwaya.extract.figures as figures
import riwaya.extract.frames as frames
import riwaya.extract.outlet as outlet
import riwaya.extract.persons as persons
import riwaya.extract.places as places
from riwaya.extract import extract_claims
from riwaya.model import Document, Outlet
from riwaya.text import lexicon
from riwaya.text.lexicon import WordListError, folded_words, load, word_list, word_set, words_of
from riwaya.text.normalize import fold
from riwaya.text.tokens import forget_forms

ROOT = Path(__file__).resolve().parent.parent

#: Runs in a fresh interpreter: every (file, key) the code asks the loader for
#: while importing the stages and extracting once (some lists load lazily).
_RECORD_ASKED = """
import json
import riwaya.text.lexicon as lexicon
asked = set()
real = lexicon.word_list
def spy(name, key):
    asked.add((name, key))
    return real(name, key)
lexicon.word_list = spy
from riwaya.extract import extract_claims
import riwaya.extract.dates, riwaya.extract.persons, riwaya.extract.places, riwaya.extract.outlet
from riwaya.model import Document
extract_claims(Document(id="x", text="قال مصدر طبي إن 5 أشخاص قتلوا وأصيب 2000 آخرين."))
print(json.dumps(sorted(asked)))
"""


@pytest.fixture(scope="module")
def asked() -> list[tuple[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _RECORD_ASKED], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=120, check=True)
    return [tuple(pair) for pair in json.loads(out.stdout)]


def _claims(text: str, outlet_name: str | None = "X") -> list[tuple]:
    doc = Document(id="t", text=text, outlet=Outlet(name=outlet_name) if outlet_name else Outlet())
    return [(c.quantity, c.low, c.qualifier, c.party, c.source.name, [v.name for v in c.via])
            for c in extract_claims(doc)]


# -- the loader ----------------------------------------------------------------

def test_every_list_the_code_reads_is_a_nonempty_list_of_words(asked: list[tuple[str, str]]) -> None:
    files = {name for name, _key in asked}
    assert {"attribution", "outlet", "frames", "hedges", "not_figures", "persons",
            "place_words", "dates", "quantities"} <= files
    assert ("frames", "others") in asked and ("not_figures", "counted_others") in asked
    for name, key in asked:
        data = load(name)
        assert key in data, f"{name}.yaml: {key}"
        items = data[key]
        assert isinstance(items, list) and items, f"{name}.yaml: {key} is no list or is empty"
        assert all(isinstance(w, str) and w.strip() for w in items), f"{name}.yaml: {key}"


def test_a_missing_key_names_the_file_and_the_key() -> None:
    with pytest.raises(WordListError, match=r"riwaya/data/frames\.yaml.*'no_such_list'"):
        word_list("frames", "no_such_list")


def test_a_mapping_where_a_list_belongs_names_the_file_and_the_key() -> None:
    with pytest.raises(WordListError, match=r"riwaya/data/quantities\.yaml.*'denial'.*list"):
        word_list("quantities", "denial")


def test_an_entry_that_is_not_a_word_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "load", lambda _name: {"ranks": ["العقيد", 12, True]})
    with pytest.raises(WordListError, match=r"riwaya/data/persons\.yaml.*'ranks'.*\[12, True\]"):
        word_list.__wrapped__("persons", "ranks")   # uncached: the patched file is not kept


def test_words_yaml_1_1_reads_as_booleans_stay_words() -> None:
    # «on» ends an English noun phrase («killed on Monday»); YAML 1.1 reads it as True.
    path = resources.files("riwaya").joinpath("data", "frames.yaml")
    assert True in yaml.safe_load(path.read_text(encoding="utf-8"))["english_breaks"]
    assert "on" in word_list("frames", "english_breaks")
    assert "on" in frames._EN_BREAK and "on" in attribution._EN_NP_BREAK


def test_each_list_is_read_once() -> None:
    assert word_list("frames", "others") is word_list("frames", "others")
    assert words_of("frames", "others") is words_of("frames", "others") is frames._OTHERS
    assert words_of("frames", "others") == word_set(word_list("frames", "others"))


# -- each data file drives its stage ---------------------------------------------

def test_attribution_yaml_relay_verbs_make_the_subject_an_intermediary(monkeypatch: pytest.MonkeyPatch) -> None:
    assert attribution._RELAY_VERBS is words_of("attribution", "relay_verbs")
    assert "نقلت" in word_list("attribution", "relay_verbs")
    text = "نقلت وكالة السودان للأنباء عن مصدر طبي أن 12 شخصاً قتلوا في قصف مدفعي على مدينة الفاشر."
    assert _claims(text) == [("killed", 12, "exact", None, "مصدر طبي", ["وكالة السودان للأنباء"])]
    monkeypatch.setattr(attribution, "_RELAY_VERBS", attribution._RELAY_VERBS - word_set(["نقلت"]))
    assert _claims(text) == [("killed", 12, "exact", None, "وكالة السودان للأنباء", [])]


@pytest.fixture
def forms_start_over() -> Iterator[None]:
    """Facts remembered per word form, made from a patched list, are dropped after the test."""
    yield
    forget_forms()


def test_outlet_yaml_media_heads_find_the_outlet_addressed(monkeypatch: pytest.MonkeyPatch,
                                                            forms_start_over: None) -> None:
    assert outlet._MEDIA_HEADS is words_of("outlet", "media_heads")
    doc = Document(id="t", text="قال مصدر أمني لموقع الصومال الجديد إن 7 جنود قتلوا في هجوم قرب مقديشو.")
    extract_claims(doc)
    assert (doc.outlet.name, doc.outlet.inferred) == ("الصومال الجديد", True)
    monkeypatch.setattr(outlet, "_MEDIA_HEADS", outlet._MEDIA_HEADS - word_set(["موقع"]))
    forget_forms()   # «لموقع» being a media head is a fact of the form, remembered
    doc = Document(id="t", text=doc.text)
    extract_claims(doc)
    assert doc.outlet.name is None


def test_frames_yaml_others_are_of_the_side_counted_before(monkeypatch: pytest.MonkeyPatch) -> None:
    assert frames._OTHERS is words_of("frames", "others")
    text = "قتل جنديان من الجيش المالي وأصيب ثلاثة آخرون في كمين قرب تمبكتو."
    assert [c[:4] for c in _claims(text)] == [("killed", 2, "exact", "الجيش المالي"),
                                             ("wounded", 3, "exact", "الجيش المالي")]
    monkeypatch.setattr(frames, "_OTHERS", frames._OTHERS - word_set(["آخرون"]))
    assert [c[:4] for c in _claims(text)] == [("killed", 2, "exact", "الجيش المالي"),
                                             ("wounded", 3, "exact", None)]


def test_hedges_yaml_group_ends_keep_a_hedge_for_the_next_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    # «wounded in at least 3 attacks»: «على الأقل» is the attacks' hedge, past «في».
    assert figures._GROUP_ENDS is words_of("hedges", "group_ends")
    text = "أصيب 9 من المدنيين في على الأقل 3 هجمات."
    assert [c[:3] for c in _claims(text)] == [("wounded", 9, "exact")]
    monkeypatch.setattr(figures, "_GROUP_ENDS", figures._GROUP_ENDS - word_set(["في"]))
    assert [c[:3] for c in _claims(text)] == [("wounded", 9, "at_least")]


@pytest.fixture
def fresh_figures_lexicon() -> Iterator[None]:
    figures._lex.cache_clear()
    yield
    figures._lex.cache_clear()


@pytest.mark.usefixtures("fresh_figures_lexicon")
def test_not_figures_yaml_counted_others_tell_a_count_from_a_year(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "قتل 30 شخصاً وأصيب 2000 آخرين في القصف على خاركيف، بحسب السلطات المحلية."
    assert [c[:2] for c in _claims(text)] == [("killed", 30), ("wounded", 2000)]
    real = figures.words_of

    def without_others(name: str, key: str) -> frozenset[str]:
        found = real(name, key)
        return found - word_set(["آخرين"]) if (name, key) == ("not_figures", "counted_others") else found

    monkeypatch.setattr(figures, "words_of", without_others)
    figures._lex.cache_clear()
    assert [c[:2] for c in _claims(text)] == [("killed", 30)]   # «2000» is read as a year


def test_persons_yaml_ranks_start_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "العميد" in word_list("persons", "ranks") and fold("العميد") in persons._RANKS
    doc = Document(id="t", text="وقال المتحدث باسم الجيش الأوغندي العميد فيليكس كولايجي إن القوات قتلت 12 مسلحاً.")

    def found() -> list[tuple]:
        return [(p.name, p.organisation, p.title) for p in persons.find_persons(doc)]

    assert found() == [("فيليكس كولايجي", "الجيش الأوغندي", "العميد")]
    monkeypatch.setattr(persons, "_RANKS", persons._RANKS - {fold("العميد")})
    assert found() == [("فيليكس كولايجي", "الجيش الأوغندي العميد", None)]


def test_place_words_yaml_generic_name_words_join_two_names_of_a_facility(monkeypatch: pytest.MonkeyPatch) -> None:
    # A school turned into a detention site keeps its name: «مدرسة الصناعة» is «الثانوية الصناعية».
    assert "مدرسة" in word_list("place_words", "generic_name_words")
    assert places.facility_key(["مدرسة", "الصناعة"]) == places.facility_key(["الثانوية", "الصناعية"])
    monkeypatch.setattr(places, "_GENERIC_NAME", places._GENERIC_NAME - {fold("مدرسة")})
    assert places.facility_key(["مدرسة", "الصناعة"]) != places.facility_key(["الثانوية", "الصناعية"])


def test_dates_yaml_until_words_mark_a_state_lasting_to_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "حتى" in word_list("dates", "until_words")
    doc = Document(id="t", text="نزح 300 ألف شخص من مدينة ود مدني منذ بداية الشهر حتى أمس.", published="2024-01-10")

    def found() -> list[tuple]:
        return [(m.date, m.until) for m in dates.find_dates(doc)]

    assert found() == [("2024-01-09", True)]
    monkeypatch.setattr(dates, "_UNTIL", dates._UNTIL - {fold("حتى")})
    assert found() == [("2024-01-09", False)]


def test_quantities_yaml_army_heads_name_a_nations_army(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "الجيش" in word_list("quantities", "army_heads")
    army = SimpleNamespace(ar="الجيش المالي", aliases=())
    assert actor_spans._army_stem(army) == "مالي"
    monkeypatch.setattr(actor_spans, "_ARMY_HEADS", actor_spans._ARMY_HEADS - {fold("الجيش")})
    assert actor_spans._army_stem(army) is None


def test_folded_words_fold_but_keep_the_article() -> None:
    """The whole-word form: folded like the text, the article kept (unlike words_of)."""
    listed = word_list("outlet", "address_words")
    assert folded_words("outlet", "address_words") == frozenset(fold(w) for w in listed)
    assert folded_words("persons", "roles") == frozenset(fold(w) for w in word_list("persons", "roles"))
    with_article = [w for w in word_list("place_words", "stop_words") if w.startswith("ال")]
    assert with_article and all(fold(w) in folded_words("place_words", "stop_words") for w in with_article)
