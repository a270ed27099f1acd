"""A small, realistic analysis to build and test the report against.

The extract and reconcile stages are developed alongside the report, so the
report cannot wait for their output. These are fictional reports written for
riwaya (no text from real articles or from the seeds): two incidents, five
documents (one in English), claims with correct offsets, attribution chains
with intermediaries, a denial, vague and open-bounded figures, a revision,
self-interested voices, a figure slot spanning orders of magnitude, events
with times, places with and without coordinates, and claims about a wider
context. ``riwaya report --sample`` renders it, and the benchmarks time it.
"""

from __future__ import annotations

from riwaya.model import (
    Analysis,
    Claim,
    Document,
    Estimate,
    Event,
    EventDate,
    Incident,
    Outlet,
    Place,
    Revision,
    Slot,
    Source,
    Span,
    Voice,
)

SOHR = Source("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", "monitor")
SOHR_EN = Source("the Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights", "monitor")
MOI = Source("مسؤول في وزارة الداخلية", "Interior Ministry official", "official")
MOI_EN = Source("An Interior Ministry official", "Interior Ministry official", "official")
REUTERS = Source("وكالة رويترز", "Reuters", "media")
SDF = Source("فرهاد شامي", "SDF", "party")
RUMOURS = Source("أنباء", None, "unnamed_reports")
SECURITY = Source("مصدر أمني", None, "anonymous")
SMC = Source("خلية الإعلام الأمني", "Security Media Cell", "official")
IHCHR = Source("المفوضية العليا لحقوق الإنسان", "Iraqi High Commission for Human Rights", "monitor")
OCHA = Source("مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية", "OCHA", "monitor")
MAYOR = Source("قائممقام الدبس", "Dibis district mayor", "official")
INA = Source("وكالة الأنباء العراقية (واع)", "INA", "media")

A1 = (
    "هجوم بسيارتين مفخختين على سجن الكسرة غرب دير الزور\n\n"
    "دير الزور – صدى الفرات\n\n"
    "انفجرت سيارتان مفخختان قرابة الساعة الثالثة فجر الثلاثاء 14 آذار عند البوابة الرئيسية لسجن الكسرة، "
    "أعقبهما هجوم نفّذه مسلحون من تنظيم داعش على أبراج الحراسة.\n\n"
    "وقال المرصد السوري لحقوق الإنسان إن 23 شخصاً على الأقل قُتلوا في الهجوم، بينهم 9 من عناصر قسد. "
    "وأضاف المرصد أن أكثر من 60 سجيناً فرّوا باتجاه البادية.\n\n"
    "في المقابل، نقلت وكالة رويترز عن مسؤول في وزارة الداخلية أن عدد القتلى لم يتجاوز 12، "
    "وأن السجن كان يضم نحو 900 محتجز.\n"
)
A2 = (
    "قسد: إحباط محاولة فرار جماعية من سجن الكسرة\n\n"
    "منبر الشرق – الحسكة\n\n"
    "أعلن المتحدث باسم قوات سوريا الديمقراطية (SDF) فرهاد شامي أن قواته أحبطت محاولة فرار جماعية، "
    "ونفى فرار أي سجين، مؤكداً أن 17 من المهاجمين قُتلوا وأن 5 من عناصر قسد قضوا في الاشتباكات.\n\n"
    "وتحدثت أنباء عن فرار عشرات السجناء قبل إغلاق الطرق المحيطة بالسجن.\n\n"
    "وتحتجز قسد أكثر من 10 آلاف عنصر من داعش في سجونها شمال شرق سوريا.\n"
)
A3 = (
    "Car bombs hit Syrian prison, monitor says\n\n"
    "BEIRUT (Reuters) - At least 20 people were killed when two car bombs exploded outside Kasra prison "
    "in Syria's Deir ez-Zor province on Tuesday, the Syrian Observatory for Human Rights said.\n\n"
    "An Interior Ministry official said no more than 12 people died and that the prison held "
    "about 900 detainees.\n"
)
B1 = (
    "مقتل مدنيين في هجوم على قرية الصفرة بقضاء الدبس\n\n"
    "كركوك – الرافدين اليوم\n\n"
    "شنّ مسلحون يُعتقد أنهم من تنظيم داعش هجوماً ليل الخميس على قرية الصفرة التابعة لقضاء الدبس "
    "شمال غرب كركوك، ما أسفر عن مقتل 7 مدنيين وإصابة 11 آخرين، بحسب مصدر أمني.\n\n"
    "وقالت خلية الإعلام الأمني في بيان إن القوات الأمنية قتلت 4 من المهاجمين. "
    "وأدى الهجوم إلى نزوح مئات العائلات من القرى المجاورة.\n\n"
    "وكان هجوم مماثل في المنطقة العام الماضي قد أودى بحياة 30 شخصاً.\n"
)
B2 = (
    "نزوح الآلاف بعد هجوم الدبس\n\n"
    "أفق نيوز\n\n"
    "قالت المفوضية العليا لحقوق الإنسان إن ما لا يقل عن 9 مدنيين قُتلوا في هجوم قرية الصفرة. "
    "وذكر مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية أن نحو 4500 شخص نزحوا من ست قرى.\n\n"
    "ونقلت وكالة الأنباء العراقية (واع) عن قائممقام الدبس قوله إن 15 ألف شخص نزحوا منذ ليلة الهجوم.\n"
)


def _span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``quote`` (fails loudly if the quote is not there)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


class _Docs:
    """Collects documents and claims, numbering claims per document like the extractor."""

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}
        self.claims: list[Claim] = []

    def doc(self, doc_id: str, text: str, outlet: str, published: str, language: str = "ar",
            canonical: str | None = None, url: str | None = None) -> None:
        self.docs[doc_id] = Document(
            id=doc_id, text=text, path=f"corpus/{doc_id}.txt", language=language,
            outlet=Outlet(name=outlet, canonical=canonical), published=published,
            title=text.split("\n", 1)[0], url=url,
        )

    def claim(self, doc_id: str, quote: str, quantity: str, low: int | None, high: int | None,
              qualifier: str, source: Source, *, party: str | None = None, via: tuple[Source, ...] = (),
              incident: str | None = None, stance: str = "asserts", context: bool = False) -> str:
        start, end = _span(self.docs[doc_id].text, quote)
        n = sum(1 for c in self.claims if c.document == doc_id) + 1
        claim = Claim(id=f"{doc_id}#c{n}", document=doc_id, quantity=quantity, low=low, high=high,
                      qualifier=qualifier, start=start, end=end, text=quote, source=source, party=party,
                      stance=stance, via=list(via), incident=incident, context=context)
        self.claims.append(claim)
        return claim.id

    def event(self, doc_id: str, quote: str, kind: str, **kw: object) -> Event:
        start, end = _span(self.docs[doc_id].text, quote)
        return Event(kind=kind, document=doc_id, start=start, end=end, text=quote, **kw)  # type: ignore[arg-type]


def sample_analysis() -> Analysis:
    """Two reconciled incidents over five documents (see the module docstring)."""
    d = _Docs()
    d.doc("a1_sada", A1, "صدى الفرات", "2023-03-15")
    d.doc("a2_manbar", A2, "منبر الشرق", "2023-03-14")
    d.doc("a3_reuters", A3, "Reuters", "2023-03-14", language="en", canonical="Reuters",
          url="https://www.example.org/world/syria-prison-car-bombs")
    d.doc("b1_rafidain", B1, "الرافدين اليوم", "2023-06-02")
    d.doc("b2_ufuq", B2, "أفق نيوز", "2023-06-03")

    k1 = d.claim("a1_sada", "23 شخصاً على الأقل قُتلوا", "killed", 23, None, "at_least", SOHR, incident="i1")
    k2 = d.claim("a1_sada", "بينهم 9 من عناصر قسد", "killed", 9, 9, "exact", SOHR, party="قسد", incident="i1")
    e1 = d.claim("a1_sada", "أكثر من 60 سجيناً فرّوا", "escaped", 60, None, "more_than", SOHR, incident="i1")
    k3 = d.claim("a1_sada", "عدد القتلى لم يتجاوز 12", "killed", None, 12, "at_most", MOI, via=(REUTERS,),
                 incident="i1")
    p1 = d.claim("a1_sada", "يضم نحو 900 محتجز", "detainees", 900, 900, "approx", MOI, via=(REUTERS,),
                 incident="i1")
    e2 = d.claim("a2_manbar", "ونفى فرار أي سجين", "escaped", 0, 0, "exact", SDF, stance="denies", incident="i1")
    k4 = d.claim("a2_manbar", "17 من المهاجمين قُتلوا", "killed", 17, 17, "exact", SDF, party="داعش",
                 incident="i1")
    k5 = d.claim("a2_manbar", "5 من عناصر قسد قضوا", "killed", 5, 5, "exact", SDF, party="قسد", incident="i1")
    e3 = d.claim("a2_manbar", "فرار عشرات السجناء", "escaped", 20, 99, "vague", RUMOURS, incident="i1")
    d.claim("a2_manbar", "أكثر من 10 آلاف عنصر من داعش", "detainees", 10000, None, "more_than",
            Source("منبر الشرق", None, "outlet"), party="داعش", context=True)
    k6 = d.claim("a3_reuters", "At least 20 people were killed", "killed", 20, None, "at_least", SOHR_EN,
                 incident="i1")
    k7 = d.claim("a3_reuters", "no more than 12 people died", "killed", None, 12, "at_most", MOI_EN,
                 incident="i1")
    p2 = d.claim("a3_reuters", "about 900 detainees", "detainees", 900, 900, "approx", MOI_EN, incident="i1")

    c1 = d.claim("b1_rafidain", "مقتل 7 مدنيين", "killed", 7, 7, "exact", SECURITY, party="civilians",
                 incident="i2")
    w1 = d.claim("b1_rafidain", "إصابة 11 آخرين", "wounded", 11, 11, "exact", SECURITY, incident="i2")
    a1 = d.claim("b1_rafidain", "قتلت 4 من المهاجمين", "killed", 4, 4, "exact", SMC, party="داعش", incident="i2")
    n1 = d.claim("b1_rafidain", "نزوح مئات العائلات", "displaced", 200, 999, "vague",
                 Source("الرافدين اليوم", None, "outlet"), incident="i2")
    d.claim("b1_rafidain", "أودى بحياة 30 شخصاً", "killed", 30, 30, "exact",
            Source("الرافدين اليوم", None, "outlet"), incident="i2", context=True)
    c2 = d.claim("b2_ufuq", "ما لا يقل عن 9 مدنيين قُتلوا", "killed", 9, None, "at_least", IHCHR,
                 party="civilians", incident="i2")
    n2 = d.claim("b2_ufuq", "نحو 4500 شخص نزحوا", "displaced", 4500, 4500, "approx", OCHA, incident="i2")
    n3 = d.claim("b2_ufuq", "15 ألف شخص نزحوا", "displaced", 15000, 15000, "exact", MAYOR, via=(INA,),
                 incident="i2")

    sohr, moi = SOHR.key, MOI.key
    i1 = Incident(
        id="i1", documents=["a1_sada", "a2_manbar", "a3_reuters"],
        place=Place(name="سجن الكسرة", canonical="Kasra prison", kind="facility", country="سوريا",
                    admin1="دير الزور", latitude=35.39, longitude=39.86, geo_precision=1,
                    evidence=Span(*_span(A1, "سجن الكسرة"), "سجن الكسرة")),
        date=EventDate("2023-03-14", 1, Span(*_span(A1, "فجر الثلاثاء 14 آذار"), "فجر الثلاثاء 14 آذار"),
                       "a1_sada"),
        actors=["داعش", "قوات سوريا الديمقراطية"],
        slots=[
            Slot("killed", None, [k1, k3, k6, k7], contested=True, low=12, high=None,
                 voices=[Voice(sohr, "monitor", [k6, k1], ["Reuters", "صدى الفرات"], 23, None),
                         Voice(moi, "official", [k3, k7], ["صدى الفرات", "Reuters"], None, 12)],
                 estimate=Estimate(low=12, best=20, high=23, conservative=12, rule="median_of_voices"),
                 history=[Revision(sohr, "2023-03-14", 20, None, k6), Revision(sohr, "2023-03-15", 23, None, k1)]),
            Slot("killed", "قسد", [k2, k5], contested=True, low=5, high=9,
                 voices=[Voice(sohr, "monitor", [k2], ["صدى الفرات"], 9, 9),
                         Voice(SDF.key, "party", [k5], ["منبر الشرق"], 5, 5, self_interest="own_losses")],
                 estimate=Estimate(low=5, best=9, high=9, conservative=5, rule="prefer_independent_monitor")),
            Slot("killed", "داعش", [k4], contested=False, low=17, high=17,
                 voices=[Voice(SDF.key, "party", [k4], ["منبر الشرق"], 17, 17, self_interest="enemy_losses")],
                 estimate=Estimate(17, 17, 17, 17, "single_voice")),
            Slot("escaped", None, [e1, e2, e3], contested=True, low=0, high=None,
                 voices=[Voice(sohr, "monitor", [e1], ["صدى الفرات"], 60, None),
                         Voice(SDF.key, "party", [e2], ["منبر الشرق"], 0, 0, self_interest="own_losses"),
                         Voice("أنباء", "unnamed_reports", [e3], ["منبر الشرق"], 20, 99)],
                 estimate=Estimate(low=20, best=60, high=None, conservative=20, rule="exclude_self_interested_denial")),
            Slot("detainees", None, [p1, p2], contested=False, low=900, high=900,
                 voices=[Voice(moi, "official", [p1, p2], ["صدى الفرات", "Reuters"], 900, 900)],
                 estimate=Estimate(900, 900, 900, 900, "single_voice")),
        ],
        events=[
            d.event("a1_sada", "انفجرت سيارتان مفخختان", "explosion", date="2023-03-14", time="03:00",
                    place="سجن الكسرة", actors=["داعش"], acled_event_type="Explosions/Remote violence",
                    acled_sub_event_type="Suicide bomb"),
            d.event("a1_sada", "أعقبهما هجوم نفّذه مسلحون من تنظيم داعش", "assault", date="2023-03-14",
                    time="03:10", actors=["داعش"]),
            d.event("a1_sada", "فرّوا باتجاه البادية", "escape", date="2023-03-14"),
            d.event("a2_manbar", "أحبطت محاولة فرار جماعية", "statement", date="2023-03-14",
                    actors=["قوات سوريا الديمقراطية"]),
        ],
    )
    i2 = Incident(
        id="i2", documents=["b1_rafidain", "b2_ufuq"],
        place=Place(name="قرية الصفرة", kind="village", country="العراق", admin1="كركوك",
                    evidence=Span(*_span(B1, "قرية الصفرة"), "قرية الصفرة")),
        date=EventDate("2023-06-01", 1, None, None),
        actors=["داعش", "القوات الأمنية العراقية"],
        slots=[
            Slot("killed", "civilians", [c1, c2], contested=True, low=7, high=None,
                 voices=[Voice(SECURITY.key, "anonymous", [c1], ["الرافدين اليوم"], 7, 7),
                         Voice(IHCHR.key, "monitor", [c2], ["أفق نيوز"], 9, None)],
                 estimate=Estimate(low=7, best=9, high=None, conservative=7, rule="max_of_lower_bounds")),
            Slot("wounded", None, [w1], contested=False, low=11, high=11),
            Slot("killed", "داعش", [a1], contested=False, low=4, high=4,
                 voices=[Voice(SMC.key, "official", [a1], ["الرافدين اليوم"], 4, 4, "enemy_losses")]),
            Slot("displaced", None, [n1, n2, n3], contested=True, low=200, high=15000,
                 voices=[Voice("الرافدين اليوم", "outlet", [n1], ["الرافدين اليوم"], 200, 999),
                         Voice(OCHA.key, "monitor", [n2], ["أفق نيوز"], 4500, 4500),
                         Voice(MAYOR.key, "official", [n3], ["أفق نيوز"], 15000, 15000)],
                 estimate=Estimate(low=999, best=4500, high=15000, conservative=999, rule="median_of_voices")),
        ],
        events=[
            d.event("b1_rafidain", "شنّ مسلحون يُعتقد أنهم من تنظيم داعش هجوماً ليل الخميس", "assault",
                    date="2023-06-01", time="22:00", actors=["داعش"]),
            d.event("b2_ufuq", "نحو 4500 شخص نزحوا من ست قرى", "displacement", date="2023-06-02"),
        ],
    )
    return Analysis(documents=list(d.docs.values()), claims=d.claims, incidents=[i1, i2])
