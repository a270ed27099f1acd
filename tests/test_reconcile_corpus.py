"""A small hand-written multi-incident corpus, shared by the reconcile/export tests.

Five incidents in three countries, written for these tests (not taken from
any real report): a prison attack in al-Hasakah (four reports, one of them a
reprint with no place or date), a double suicide bombing in Baghdad, clashes
in Tripoli, a drone strike near Qamishli (same governorate and week as the
prison attack, a different town), and an arrest campaign whose report
recalls the Baghdad bombing in a context sentence.

Places and dates are injected by monkeypatching the extract modules (their
real implementations are written concurrently), and the actors lexicon by a
tiny fake, so the tests exercise reconcile's logic only.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass

import pytest

from riwaya.model import Claim, Document, EventDate, Outlet, Place, Source

HASAKAH = dict(country="سوريا", admin1="الحسكة")
PRISON = Place(name="سجن غويران", canonical="Ghwayran prison", kind="facility", **HASAKAH,
               latitude=36.49, longitude=40.74, geo_precision=1)
HASAKAH_CITY = Place(name="الحسكة", canonical="Al-Hasakah", kind="city", **HASAKAH,
                     latitude=36.50, longitude=40.75, geo_precision=1)
QAMISHLI = Place(name="القامشلي", canonical="Qamishli", kind="city", **HASAKAH,
                 latitude=37.05, longitude=41.22, geo_precision=1)
BAGHDAD = Place(name="بغداد", canonical="Baghdad", kind="city", country="العراق", admin1="بغداد",
                latitude=33.31, longitude=44.36, geo_precision=1)
TRIPOLI = Place(name="طرابلس", canonical="Tripoli", kind="city", country="ليبيا", admin1="طرابلس",
                latitude=32.89, longitude=13.19, geo_precision=1)

TEXTS = {
    "s1": (
        "شن عناصر من تنظيم داعش هجوماً على سجن غويران في مدينة الحسكة مساء الخميس، "
        "وفجروا سيارة مفخخة عند البوابة الرئيسية للسجن. وقال المرصد السوري لحقوق الإنسان "
        "إن أكثر من 100 سجين فروا خلال الهجوم، فيما اندلعت اشتباكات عنيفة مع قوات سوريا "
        "الديمقراطية في محيط السجن والأحياء المجاورة."
    ),
    "b1": (
        "قتل 32 شخصاً على الأقل وأصيب أكثر من 100 آخرين في تفجيرين انتحاريين استهدفا سوقاً "
        "شعبياً للملابس المستعملة في ساحة الطيران وسط بغداد صباح الخميس، بحسب وزارة الصحة "
        "العراقية. وهذا أول هجوم انتحاري كبير تشهده العاصمة العراقية منذ سنوات."
    ),
    "l1": (
        "اندلعت اشتباكات عنيفة بين جماعات مسلحة متنافسة في العاصمة الليبية طرابلس فجر السبت، "
        "وأعلنت وزارة الصحة مقتل 23 شخصاً وإصابة 140 آخرين. ونزحت عشرات العائلات من أحياء "
        "وسط المدينة هرباً من القذائف العشوائية."
    ),
    "s2": (
        "أفاد المرصد السوري لحقوق الإنسان بفرار أكثر من 100 عنصر من تنظيم داعش من سجن غويران "
        "بالحسكة، بعد هجوم بسيارة مفخخة واشتباكات مع قوات سوريا الديمقراطية استمرت حتى فجر "
        "الجمعة. وقتل 28 عنصراً من قوات سوريا الديمقراطية في الاشتباكات بحسب المرصد."
    ),
    "q1": (
        "قتل ثلاثة عناصر من قوات سوريا الديمقراطية في غارة لطائرة مسيرة تركية استهدفت سيارتهم "
        "على طريق ريفي قرب مدينة القامشلي شمال شرقي البلاد."
    ),
    "b2": (
        "أعلنت خلية الإعلام الأمني أن انتحاريين فجرا نفسيهما في سوق ساحة الطيران ببغداد، ما "
        "أسفر عن مقتل 28 مدنياً وإصابة 73 في حصيلة أولية. وتبنى تنظيم داعش التفجير الانتحاري "
        "المزدوج في السوق الشعبي."
    ),
    "s3": (
        "قالت قوات سوريا الديمقراطية إن الوضع في سجن غويران في الحسكة تحت السيطرة الكاملة، "
        "ونفت فرار أي سجين من السجن. وأضافت أن 17 من مقاتليها قتلوا في الاشتباكات مع خلايا "
        "تنظيم داعش التي هاجمت السجن."
    ),
    "e1": (
        "شنت القوات الأمنية حملة دهم واعتقالات في أحياء متفرقة واعتقلت 12 مشتبهاً بهم. "
        "قتل 32 شخصاً على الأقل وأصيب أكثر من 100 آخرين في تفجيرين انتحاريين استهدفا سوقاً "
        "شعبياً للملابس المستعملة في ساحة الطيران وسط بغداد صباح الخميس، بحسب وزارة الصحة "
        "العراقية."
    ),
    "l2": (
        "ارتفعت حصيلة الاشتباكات المسلحة في طرابلس إلى 32 قتيلاً و159 جريحاً بحسب وزارة "
        "الصحة الليبية، فيما عاد الهدوء الحذر إلى شوارع العاصمة الليبية بعد وساطة قادها "
        "أعيان المدينة بين الجماعات المسلحة."
    ),
    "s4": (
        "أفاد المرصد السوري لحقوق الإنسان بفرار أكثر من 100 عنصر من تنظيم داعش من سجن غويران "
        "بالحسكة، بعد هجوم بسيارة مفخخة واشتباكات مع قوات سوريا الديمقراطية استمرت حتى فجر "
        "الجمعة. وقتل 28 عنصراً من قوات سوريا الديمقراطية بحسب المرصد."
    ),
}
ORDER = ["s1", "b1", "l1", "s2", "q1", "b2", "s3", "e1", "l2", "s4"]
EXPECTED = [["s1", "s2", "s3", "s4"], ["b1", "b2"], ["l1", "l2"], ["q1"], ["e1"]]

META = {
    "s1": ("عنب بلدي", "2022-01-20", "21:30", PRISON, ("2022-01-20", 1)),
    "b1": ("رويترز", "2021-01-21", None, BAGHDAD, ("2021-01-21", 1)),
    "l1": ("ليبيا الأحرار", "2022-08-27", None, TRIPOLI, ("2022-08-27", 1)),
    "s2": ("الشرق الأوسط", "2022-01-21", "08:00", HASAKAH_CITY, ("2022-01-20", 1)),
    "q1": ("نورث برس", "2022-01-22", None, QAMISHLI, ("2022-01-22", 1)),
    "b2": ("السومرية", "2021-01-21", None, BAGHDAD, ("2021-01-21", 1)),
    "s3": ("هاوار", "2022-01-21", "12:00", PRISON, ("2022-01-20", 1)),
    "e1": ("الغد", "2021-01-23", None, None, ("2021-01-23", 1)),
    "l2": ("الوسط", "2022-08-28", None, TRIPOLI, None),
    "s4": ("وكالة محلية", None, None, None, None),
}

SOHR = Source("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", "monitor")
SDF = Source("قوات سوريا الديمقراطية", "SDF", "party")
IRAQ_HEALTH = Source("وزارة الصحة العراقية", "Iraqi Ministry of Health", "official")
IRAQ_SECURITY = Source("خلية الإعلام الأمني", "Security Media Cell", "official")
LIBYA_HEALTH = Source("وزارة الصحة", "Libyan Ministry of Health", "official")


def outlet_source(doc_id: str) -> Source:
    """The publishing outlet speaking for itself."""
    return Source(META[doc_id][0], None, "outlet")


def make_docs() -> list[Document]:
    """The corpus in its fixed order."""
    docs = []
    for doc_id in ORDER:
        outlet, published, time, _, _ = META[doc_id]
        docs.append(Document(id=doc_id, text=TEXTS[doc_id], outlet=Outlet(name=outlet),
                             published=published, published_time=time))
    return docs


def claim(doc: Document, fragment: str, quantity: str, low: int | None, high: int | None,
          qualifier: str, source: Source, *, party: str | None = None, stance: str = "asserts",
          context: bool = False, n: int = 0, occurrence: int = 0) -> Claim:
    """A claim whose span is the ``occurrence``-th ``fragment`` of ``doc.text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(fragment, start + 1)
    return Claim(id=f"{doc.id}#c{n}", document=doc.id, quantity=quantity, low=low, high=high,
                 qualifier=qualifier, start=start, end=start + len(fragment), text=fragment,
                 source=source, party=party, stance=stance, context=context)


def make_claims(docs: list[Document]) -> list[Claim]:
    """Claims as a good extractor would give them (e1's Baghdad figures are context)."""
    d = {doc.id: doc for doc in docs}
    return [
        claim(d["s1"], "أكثر من 100 سجين فروا", "escaped", 100, None, "more_than", SOHR, n=1),
        claim(d["b1"], "قتل 32 شخصاً على الأقل", "killed", 32, None, "at_least", IRAQ_HEALTH, n=1),
        claim(d["b1"], "أكثر من 100 آخرين", "wounded", 100, None, "more_than", IRAQ_HEALTH, n=2),
        claim(d["l1"], "مقتل 23 شخصاً", "killed", 23, 23, "exact", LIBYA_HEALTH, n=1),
        claim(d["l1"], "إصابة 140 آخرين", "wounded", 140, 140, "exact", LIBYA_HEALTH, n=2),
        claim(d["l1"], "عشرات العائلات", "displaced", 20, 99, "vague", outlet_source("l1"), n=3),
        claim(d["s2"], "بفرار أكثر من 100 عنصر", "escaped", 100, None, "more_than", SOHR, n=1),
        claim(d["s2"], "وقتل 28 عنصراً من قوات سوريا الديمقراطية", "killed", 28, 28, "exact", SOHR,
              party="قوات سوريا الديمقراطية", n=2),
        claim(d["q1"], "قتل ثلاثة عناصر", "killed", 3, 3, "exact", outlet_source("q1"),
              party="قوات سوريا الديمقراطية", n=1),
        claim(d["b2"], "مقتل 28 مدنياً", "killed", 28, 28, "exact", IRAQ_SECURITY, party="civilians", n=1),
        claim(d["b2"], "إصابة 73", "wounded", 73, 73, "exact", IRAQ_SECURITY, n=2),
        claim(d["s3"], "ونفت فرار أي سجين", "escaped", 0, 0, "exact", SDF, stance="denies", n=1),
        claim(d["s3"], "17 من مقاتليها قتلوا", "killed", 17, 17, "exact", SDF,
              party="قوات سوريا الديمقراطية", n=2),
        claim(d["e1"], "واعتقلت 12 مشتبهاً", "captured", 12, 12, "exact", outlet_source("e1"), n=1),
        claim(d["e1"], "قتل 32 شخصاً على الأقل", "killed", 32, None, "at_least", IRAQ_HEALTH,
              context=True, n=2),
        claim(d["l2"], "32 قتيلاً", "killed", 32, 32, "exact", LIBYA_HEALTH, n=1),
        claim(d["l2"], "159 جريحاً", "wounded", 159, 159, "exact", LIBYA_HEALTH, n=2),
        claim(d["s4"], "بفرار أكثر من 100 عنصر", "escaped", 100, None, "more_than", SOHR, n=1),
        claim(d["s4"], "وقتل 28 عنصراً من قوات سوريا الديمقراطية", "killed", 28, 28, "exact", SOHR,
              party="قوات سوريا الديمقراطية", n=2),
    ]


@dataclass
class FakeActor:
    """What the lexicon's ``lookup`` returns."""

    canonical: str
    kind: str
    party_of: str | None = None


@dataclass
class FakeMention:
    start: int
    end: int
    actor: FakeActor
    surface: str


LEXICON = {
    "قوات سوريا الديمقراطية": FakeActor("SDF", "party"),
    "قسد": FakeActor("SDF", "party"),
    "SDF": FakeActor("SDF", "party"),
    "داعش": FakeActor("ISIS", "party"),
    "تنظيم داعش": FakeActor("ISIS", "party"),
    "ISIS": FakeActor("ISIS", "party"),
    "المرصد السوري لحقوق الإنسان": FakeActor("Syrian Observatory for Human Rights", "monitor"),
    "Syrian Observatory for Human Rights": FakeActor("Syrian Observatory for Human Rights", "monitor"),
    "المركز الإعلامي لقوات سوريا الديمقراطية": FakeActor("SDF Media Center", "party_media", "SDF"),
    "Iraqi government": FakeActor("Iraqi government", "official"),
    "الجيش العراقي": FakeActor("Iraqi Security Forces", "party", "Iraqi government"),
    "Iraqi Security Forces": FakeActor("Iraqi Security Forces", "party", "Iraqi government"),
    "Security Media Cell": FakeActor("Security Media Cell", "official", "Iraqi government"),
}


def fake_lookup(name: str) -> FakeActor | None:
    return LEXICON.get(" ".join(name.split()))


def fake_mentions(text: str) -> list[FakeMention]:
    out = []
    for surface in ("قسد", "داعش"):
        start = text.find(surface)
        while start >= 0:
            out.append(FakeMention(start, start + len(surface), LEXICON[surface], surface))
            start = text.find(surface, start + 1)
    return out


def install_extractors(monkeypatch: pytest.MonkeyPatch, *, lexicon: bool = True) -> None:
    """Route the extract helpers to this corpus's places/dates and the fake lexicon."""
    places = importlib.import_module("riwaya.extract.places")
    dates = importlib.import_module("riwaya.extract.dates")
    monkeypatch.setattr(places, "main_place", lambda doc: META.get(doc.id, (None,) * 5)[3])
    monkeypatch.setattr(places, "find_places", lambda doc: [])

    def event_date(doc: Document) -> EventDate | None:
        spec = META.get(doc.id, (None,) * 5)[4]
        return EventDate(date=spec[0], precision=spec[1], document=doc.id) if spec else None

    monkeypatch.setattr(dates, "event_date", event_date)
    monkeypatch.setattr(dates, "find_dates", lambda doc: [])
    if lexicon:
        module = types.ModuleType("riwaya.extract.actors")
        module.lookup = fake_lookup  # type: ignore[attr-defined]
        module.find_mentions = fake_mentions  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "riwaya.extract.actors", module)


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Document], list[Claim]]:
    """The documents and claims, with extractors installed."""
    install_extractors(monkeypatch)
    docs = make_docs()
    return docs, make_claims(docs)


def test_claim_spans_quote_the_text() -> None:
    docs = make_docs()
    by_id = {d.id: d for d in docs}
    for c in make_claims(docs):
        assert by_id[c.document].text[c.start:c.end] == c.text
