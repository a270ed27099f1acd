"""Benchmark: group 100k synthetic reports into ~3k incidents and reconcile their figures.

    .venv/bin/python benchmarks/bench_reconcile.py [--docs 100000] [--incidents 3000] [--seed 0]

What is generated (deterministic for a seed):

* incidents spread over two years, each at a town of the bundled gazetteer
  (``riwaya/data/places.tsv``; a made-up list when it is missing), with two
  actors, one or two event kinds and a handful of incident-specific words
  (village, commander and unit names);
* reports per incident drawn from a heavy-tailed distribution (mean
  docs/incidents): mostly placed at the town, some only at the governorate
  or the country, some with no place; most with a day-precision event date,
  some with only a publication date, a few with neither; one in ten a
  near-verbatim reprint of an earlier report;
* report text: incident words mixed with a large generic news vocabulary,
  shingled and MinHashed exactly as ``doc_features`` does;
* 1–3 claims per report (killed, wounded, displaced, …) from monitors,
  outlets, sides and anonymous sources, with hedges and revisions.

Features are built directly (the extract stage's own costs, places, dates
and actor mentions, are per-document and benchmarked with that stage), so
the figures measure reconcile: ``cluster`` (blocking, LSH, pair scoring,
union-find) and ``build_incident`` (place/date/actors, slots, voices,
estimates, history, timeline). Peak memory is the process's maximum RSS.
Grouping quality against the generated truth is reported as B-cubed
precision/recall.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riwaya.model import Claim, Document, EventDate, Outlet, Place, Source  # noqa: E402
from riwaya.reconcile import build_incident, cluster, extractors  # noqa: E402
from riwaya.reconcile.features import DocFeatures, date_window, figure_prints, place_levels  # noqa: E402
from riwaya.reconcile.textsim import signature, tokens  # noqa: E402

KINDS = {
    "assault": "هجوم اقتحام", "clashes": "اشتباكات معارك", "explosion": "انفجار مفخخة",
    "airstrike": "غارة جوية", "shelling": "قصف مدفعي", "escape": "فرار هروب",
    "displacement": "نزوح", "arrests": "حملة اعتقالات",
}
ACTORS = ["قوات سوريا الديمقراطية", "تنظيم داعش", "الجيش السوري", "قوات الدعم السريع",
          "الجيش السوداني", "حركة الشباب", "الجيش الصومالي", "قوات الحشد الشعبي",
          "الجيش العراقي", "جماعة الحوثي", "الجيش اليمني", "قوات حفتر", "حكومة الوحدة",
          "هيئة تحرير الشام", "الجيش الوطني السوري", "حزب العمال الكردستاني"]
MONITORS = ["المرصد السوري لحقوق الإنسان", "شبكة أطباء السودان", "الأمم المتحدة",
            "منظمة الهجرة الدولية", "الدفاع المدني", "الصليب الأحمر"]
OUTLETS = [f"وكالة {w}" for w in ("الأنباء", "الشرق", "الغد", "النهار", "الحدث", "الوطن", "الصباح",
                                  "المدى", "الأفق", "البيان", "الرأي", "المستقبل")]
QUANTITIES = ["killed", "wounded", "displaced", "captured", "escaped", "hostages"]
_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def pseudo_word(rng: random.Random, lo: int = 4, hi: int = 8) -> str:
    return "".join(rng.choice(_LETTERS) for _ in range(rng.randint(lo, hi)))


@dataclass
class Town:
    name: str
    canonical: str
    country: str
    admin1: str
    lat: float
    lon: float


def load_towns(rng: random.Random) -> list[Town]:
    """Towns of the bundled gazetteer, else 200 made-up towns in 10 countries."""
    path = ROOT / "riwaya" / "data" / "places.tsv"
    towns: list[Town] = []
    if path.exists():
        rows = [r for r in csv.reader((x for x in path.open(encoding="utf-8") if not x.startswith("#")),
                                      delimiter="\t")]
        head = rows[0]
        for r in rows[1:]:
            d = dict(zip(head, r, strict=False))
            if d.get("kind") == "city" and d.get("admin1") and d.get("lat"):
                towns.append(Town(d["name_ar"], d["name_en"], d["country"], d["admin1"],
                                  float(d["lat"]), float(d["lon"])))
    if len(towns) < 50:
        towns = [Town(pseudo_word(rng), f"Town{i}", f"C{i % 10}", f"A{i % 40}", 0.0, 0.0) for i in range(200)]
    return towns


@dataclass
class Truth:
    town: Town
    day: int
    actors: list[str]
    kinds: list[str]
    words: list[str]
    figures: dict[str, int]


def generate(n_docs: int, n_incidents: int, seed: int) -> tuple[list[Document], list[Claim],
                                                                list[DocFeatures], list[int]]:
    """Documents, claims, their features, and each document's true incident index."""
    rng = random.Random(seed)
    towns = load_towns(rng)
    generic = [pseudo_word(rng) for _ in range(6000)]
    start = dt.date(2022, 1, 1).toordinal()
    truths = []
    for _ in range(n_incidents):
        truths.append(Truth(
            town=rng.choice(towns), day=start + rng.randrange(730), actors=rng.sample(ACTORS, 2),
            kinds=rng.sample(sorted(KINDS), rng.randint(1, 2)),
            words=[pseudo_word(rng, 5, 9) for _ in range(12)],
            figures={q: max(1, int(rng.lognormvariate(3, 1.2))) for q in rng.sample(QUANTITIES, 3)},
        ))
    weights = [rng.paretovariate(1.6) for _ in truths]
    labels = rng.choices(range(n_incidents), weights=weights, k=n_docs)
    for i in range(min(n_incidents, n_docs)):   # every incident has a report
        labels[i] = i
    docs: list[Document] = []
    claims: list[Claim] = []
    feats: list[DocFeatures] = []
    texts_by_incident: dict[int, list[str]] = defaultdict(list)
    for n, label in enumerate(labels):
        t = truths[label]
        doc_id = f"d{n:06d}"
        earlier = texts_by_incident[label]
        if earlier and rng.random() < 0.1:
            words = earlier[rng.randrange(len(earlier))].split()
            words = [w if rng.random() > 0.05 else rng.choice(generic) for w in words]
        else:
            specific = [t.town.name, *t.actors, *(KINDS[k] for k in t.kinds),
                        *rng.sample(t.words, rng.randint(3, 8))]
            words = specific + rng.sample(generic, rng.randint(25, 45))
            rng.shuffle(words)
        text = " ".join(words)
        texts_by_incident[label].append(text)
        published_day = t.day + rng.choice((0, 0, 1, 1, 2))
        published = dt.date.fromordinal(published_day).isoformat() if rng.random() > 0.03 else None
        r = rng.random()
        if r < 0.80:
            place = Place(t.town.name, t.town.canonical, "city", t.town.country, t.town.admin1,
                          t.town.lat, t.town.lon, 1)
        elif r < 0.90:
            place = Place(t.town.admin1, t.town.admin1, "admin1", t.town.country, t.town.admin1)
        elif r < 0.95:
            place = Place(t.town.country, t.town.country, "country", t.town.country)
        else:
            place = None
        date = (EventDate(dt.date.fromordinal(t.day).isoformat(), 1, document=doc_id)
                if rng.random() < 0.7 else None)
        doc = Document(id=doc_id, text=text, outlet=Outlet(name=rng.choice(OUTLETS)), published=published,
                       published_time=f"{rng.randrange(24):02d}:{rng.randrange(60):02d}" if published else None)
        doc_claims = []
        for k in range(rng.randint(1, 3)):
            q = rng.choice(sorted(t.figures))
            truth = t.figures[q]
            kind = rng.choices(["monitor", "outlet", "party", "anonymous"], [4, 3, 2, 1])[0]
            source = (Source(rng.choice(MONITORS), None, "monitor") if kind == "monitor"
                      else Source(doc.outlet.name or "", None, "outlet") if kind == "outlet"
                      else Source(rng.choice(t.actors), None, "party") if kind == "party"
                      else Source("مصدر أمني", None, "anonymous"))
            value = max(0, int(truth * rng.uniform(0.6, 1.3)))
            qualifier = rng.choices(["exact", "approx", "at_least", "more_than", "range", "vague"],
                                    [5, 2, 2, 1, 1, 1])[0]
            low, high = value, value
            if qualifier in ("at_least", "more_than"):
                high = None
            elif qualifier == "range":
                high = value + max(1, value // 4)
            elif qualifier == "vague":
                low, high = (20, 99) if value < 100 else (200, 999)
            party = rng.choice([None, None, "civilians", *t.actors]) if q == "killed" else None
            stance = "denies" if kind == "party" and q == "escaped" and rng.random() < 0.3 else "asserts"
            if stance == "denies":
                low, high, qualifier = 0, 0, "exact"
            doc_claims.append(Claim(
                id=f"{doc_id}#c{k}", document=doc_id, quantity=q, low=low, high=high,
                qualifier=qualifier, start=0, end=1, text=text[:1], source=source, party=party,
                stance=stance, context=rng.random() < 0.03))
        country, region, fine, fine_kind = place_levels(place)
        lo, hi = date_window(date, published)
        words_set = tokens(text)
        feats.append(DocFeatures(
            doc_id=doc_id, order=n, country=country, region=region, fine=fine, fine_kind=fine_kind,
            day_lo=lo, day_hi=hi, actors=tuple(sorted(a for a in t.actors if rng.random() < 0.8)),
            kinds=tuple(sorted(k for k in t.kinds if rng.random() < 0.7)), figures=figure_prints(doc_claims),
            signature=signature(words_set), n_tokens=len(words_set), place=place, date=date,
            actor_names={a: a for a in t.actors},
        ))
        docs.append(doc)
        claims.extend(doc_claims)
    return docs, claims, feats, labels


def bcubed(groups: list[list[str]], truth: dict[str, int]) -> tuple[float, float]:
    """B-cubed precision and recall of a grouping against true labels."""
    of = {d: k for k, g in enumerate(groups) for d in g}
    size_pred = Counter(of.values())
    size_true = Counter(truth.values())
    both = Counter((of[d], truth[d]) for d in truth)
    precision = sum(both[(of[d], truth[d])] / size_pred[of[d]] for d in truth) / len(truth)
    recall = sum(both[(of[d], truth[d])] / size_true[truth[d]] for d in truth) / len(truth)
    return precision, recall


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--incidents", type=int, default=3_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    # Place/date mentions come from the extract stage; the synthetic reports
    # have none, and their cost is not reconcile's.
    extractors.find_places = lambda doc: []  # type: ignore[assignment]
    extractors.find_dates = lambda doc: []  # type: ignore[assignment]

    t0 = time.perf_counter()
    docs, claims, feats, labels = generate(args.docs, args.incidents, args.seed)
    t1 = time.perf_counter()
    print(f"generated {len(docs):,} documents, {len(claims):,} claims, {args.incidents:,} incidents "
          f"(incl. shingling + MinHash) in {t1 - t0:.1f} s; RSS {peak_rss_mib():.0f} MiB")
    gc.collect()

    t2 = time.perf_counter()
    groups = cluster(feats)
    t3 = time.perf_counter()
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.document].append(c)
    docs_by_id = {d.id: d for d in docs}
    feats_by_id = {f.doc_id: f for f in feats}
    order = {d.id: i for i, d in enumerate(docs)}
    incidents = []
    for n, group in enumerate(groups, start=1):
        incidents.append(build_incident(f"i{n}", [docs_by_id[d] for d in group],
                                        [c for d in group for c in by_doc[d]],
                                        features=feats_by_id, order=order))
    t4 = time.perf_counter()

    precision, recall = bcubed(groups, {f.doc_id: label for f, label in zip(feats, labels, strict=True)})
    n_slots = sum(len(i.slots) for i in incidents)
    contested = sum(s.contested for i in incidents for s in i.slots)
    print(f"cluster:        {t3 - t2:6.1f} s  -> {len(groups):,} incidents "
          f"(B-cubed precision {precision:.3f}, recall {recall:.3f})")
    print(f"build_incident: {t4 - t3:6.1f} s  -> {n_slots:,} slots ({contested:,} contested), "
          f"{sum(len(i.events) for i in incidents):,} timeline events")
    print(f"reconcile total (cluster + build): {t4 - t2:.1f} s; peak RSS {peak_rss_mib():.0f} MiB "
          f"(goal < 60 s, < 2048 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
