"""``riwaya synth``: any number of realistic synthetic Arabic news reports, as JSONL.

Benchmarks and cluster tests need corpora of hundreds of thousands of
documents that look like the real thing to the extractor: wire-style
reports with datelines, hedged figures («نحو», «ما لا يقل عن», «عشرات»),
figures attributed to monitors, officials, spokespeople and anonymous
sources, relayed chains («نقلت وكالة … عن مصدر … قوله»), denials,
revisions, and numbers about other events. Real corpora cannot be shared
or scaled, so this generator composes reports from templates kept as data
(``templates/news.yaml``, ``outlets.tsv``, ``places.tsv``; the project
gazetteer ``riwaya/data/places.tsv`` is used for places when present).

Each incident gets true figures; each report of it picks an outlet, a day
(the event's or one or two days later), and several sources whose figures
differ the way real ones do (monitors close to the truth, parties
minimising their own losses, later reports revising tolls upwards).

Output is deterministic per seed and streamed line by line, so memory is
flat whatever N is; dates advance with the stream, so partitions of the
file cover few publication dates, as a crawl dump's do.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from riwaya.text.yaml_data import parse_yaml

_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

#: Qualifier mix of reported figures (weights), by the contract's vocabulary.
_QUALIFIERS = (("exact", 38), ("approx", 22), ("at_least", 14), ("more_than", 10),
               ("range", 6), ("vague", 8), ("less_than", 2))

#: Frame mix; "deny" and "revise" are added by the incident logic.
_FRAMES = (("say", 5), ("report", 5), ("announce", 3), ("per", 3), ("chain", 4),
           ("chain2", 2), ("outlet", 3), ("unnamed", 2))

#: Frames that need a verbal-noun figure (these cannot say "detainees" naturally).
_NOMINAL_FRAMES = {"say", "chain", "outlet"}

#: Source kinds by how close their figures sit to the truth (multiplicative spread).
_SPREAD = {"monitor": 0.1, "official": 0.2, "foreign_military": 0.25, "media": 0.15,
           "anonymous": 0.35, "unnamed_reports": 0.6, "party": 0.4, "party_media": 0.5,
           "outlet": 0.15}


@dataclass(frozen=True)
class Place:
    """A place reports are datelined from.

    ``region`` is a noun phrase («شمال شرقي سوريا», «سوريا»); ``region_adv``
    follows a town's name («مدينة الحسكة شمال شرقي سوريا», «… في محافظة حلب»);
    ``admin1_short`` names the governor («محافظ حلب»).
    """

    name: str
    country: str
    admin1: str
    region: str
    region_adv: str
    admin1_short: str


@dataclass
class Templates:
    """Everything the generator draws on, loaded once from the data files."""

    news: dict[str, Any]
    outlets: list[dict[str, str]]
    places: list[Place]
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    event_weights: list[int] = field(default_factory=list)


def _templates_dir() -> Path:
    return Path(str(resources.files("riwaya.scale") / "templates"))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t")]


def _gazetteer_places() -> list[Place]:
    """Towns and districts of the project gazetteer (``riwaya/data/places.tsv``).

    Datelining reports from the places the extractor resolves makes the
    synthetic corpus exercise place resolution and blocking as real reports
    do. Rows are ``id, name_en, name_ar, aliases, kind, country (ISO), admin1
    (English), …`` after ``#`` comments; anything unexpected falls back to
    the generator's own list.
    """
    path = Path(str(resources.files("riwaya") / "data" / "places.tsv"))
    if not path.is_file():
        return []
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if line.strip() and not line.startswith("#")]
        rows = list(csv.DictReader(lines, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    if not rows or not {"name_ar", "kind", "country"} <= set(rows[0]):
        return []
    countries = {r["country"]: r["name_ar"] for r in rows if r.get("kind") == "country"}
    admin1 = {(r["country"], r.get("name_en") or ""): r["name_ar"]
              for r in rows if r.get("kind") == "admin1"}
    out = []
    for r in rows:
        name = (r.get("name_ar") or "").strip()
        if r.get("kind") not in ("city", "district") or not _is_arabic(name):
            continue
        country = countries.get(r["country"], "")
        adm = admin1.get((r["country"], r.get("admin1") or ""), "")
        short = adm.removeprefix("محافظة ").removeprefix("ولاية ").strip() or name
        if adm and adm.startswith(("محافظة", "ولاية")) and short != name:
            adv = f"في {adm}"
        else:
            adv = f"في {country}" if country else ""
        out.append(Place(name=name, country=country, admin1=adm or name,
                         region=country or name, region_adv=adv, admin1_short=short))
    return out if len(out) >= 20 else []


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@lru_cache(maxsize=1)
def load_templates() -> Templates:
    """The template data, from the package (and the gazetteer when present)."""
    folder = _templates_dir()
    news = parse_yaml((folder / "news.yaml").read_text(encoding="utf-8"))
    outlets = _read_tsv(folder / "outlets.tsv")
    # Only where the templates know the armed parties: a report from a town
    # whose conflict they cannot name would read falsely.
    known = set(news["actors"]) - {"default"}
    places = [p for p in _gazetteer_places() if p.country in known] or [
        Place(r["name"], r["country"], r["admin1"], r["region"], r["region"], r["admin1"])
        for r in _read_tsv(folder / "places.tsv")]
    t = Templates(news=news, outlets=outlets, places=places)
    for name, spec in news["events"].items():
        t.events.append((name, spec))
        t.event_weights.append(int(spec.get("weight", 1)))
    return t


# --------------------------------------------------------------------------- numbers


def _noun_form(n: int, noun: dict[str, str]) -> str:
    """The counted noun's form after the number ``n`` (Arabic number–noun agreement)."""
    if n == 2:
        return noun["dual"]
    r = n % 100
    if n < 100:
        return noun["pl"] if n <= 10 else noun["acc"]
    if r in (0, 1, 2):
        return noun["sg"]
    return noun["pl"] if r <= 10 else noun["acc"]


def _number(n: int, noun: dict[str, str], rng: random.Random,
            words: dict[str, dict[int, str]]) -> str:
    """``n`` with its counted noun: «12 مدنياً», «خمسة أشخاص», «5 آلاف سجين», «شخصين»."""
    if n == 2:
        return noun["dual"]
    if 3 <= n <= 10 and rng.random() < 0.3:
        return f"{words[noun['g']][n]} {noun['pl']}"
    if n >= 3000 and n % 1000 == 0 and rng.random() < 0.7:
        k = n // 1000
        return f"{k} {'آلاف' if k <= 10 else 'ألف'} {noun['sg']}"
    return f"{n} {_noun_form(n, noun)}"


def _round(n: int, rng: random.Random) -> int:
    """A figure as a source would round it when hedging («نحو 150»)."""
    if n < 20:
        return n
    step = 5 if n < 100 else 10 if n < 500 else 50 if n < 2000 else 500
    return max(step, int(round(n / step)) * step)


@dataclass
class Figure:
    """A figure as written, and what it means (for the truth key)."""

    nominal_np: str      # with its counted noun
    bare: str            # without the noun, for «بلغ عدد القتلى …»
    qualifier: str
    low: int | None
    high: int | None


def _figure(n: int, noun: dict[str, str], actor: str | None, rng: random.Random,
            news: dict[str, Any], allow: tuple[str, ...]) -> Figure:
    """Render the value ``n`` with a hedge drawn from the qualifier mix."""
    words = news["number_words"]
    hedges = news["hedges"]
    quals = [(q, w) for q, w in _QUALIFIERS if q in allow]
    vague = _vague_word(n)
    if vague is None:
        quals = [(q, w) for q, w in quals if q != "vague"]
    qualifier = rng.choices([q for q, _ in quals], [w for _, w in quals])[0]
    of = f" من {actor}" if actor and noun.get("of_actor") else ""
    if qualifier == "vague":
        word, lo, hi = vague  # type: ignore[misc]
        return Figure(f"{word} {noun['def']}{of}", word, "vague", lo, hi)
    if qualifier == "range":
        a = max(3, _round(int(n * rng.uniform(0.6, 0.9)), rng))
        b = max(a + 2, _round(int(n * rng.uniform(1.0, 1.3)), rng))
        tmpl = rng.choice(hedges["range"])
        np_ = tmpl.format(a=a, b=f"{b} {_noun_form(b, noun)}") + of
        return Figure(np_, tmpl.format(a=a, b=b), "range", a, b)
    if qualifier in ("approx", "at_least", "more_than", "less_than"):
        n = _round(n, rng)
    n = max(n, 3) if qualifier != "exact" else max(n, 2)
    tmpl = rng.choice(hedges[qualifier])
    np_ = tmpl.format(n=_number(n, noun, rng, words) + of)
    if n == 2 and qualifier == "exact":
        np_ = noun["dual"] + of
    bare = tmpl.format(n=n)
    low, high = {"exact": (n, n), "approx": (n, n), "at_least": (n, None),
                 "more_than": (n, None), "less_than": (None, n)}[qualifier]
    return Figure(np_, bare, qualifier, low, high)


def _vague_word(n: int) -> tuple[str, int, int] | None:
    if 20 <= n <= 99:
        return "عشرات", 20, 99
    if 200 <= n <= 999:
        return "مئات", 200, 999
    if 2000 <= n <= 9999:
        return "آلاف", 2000, 9999
    return None


# --------------------------------------------------------------------------- incidents


@dataclass
class Incident:
    """One real-world event the synthetic reports describe."""

    id: str
    kind: str
    spec: dict[str, Any]
    place: Place
    day: date
    attacker: dict[str, str]
    defender: dict[str, str]
    truth: dict[str, int]
    reports: int


def _log_uniform(lo: int, hi: int, rng: random.Random) -> int:
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def _actors(t: Templates, country: str) -> list[dict[str, str]]:
    actors = t.news["actors"]
    return actors.get(country) or actors["default"]


def _new_incident(t: Templates, rng: random.Random, n: int, day: date, seed: int) -> Incident:
    kind, spec = rng.choices(t.events, t.event_weights)[0]
    place = rng.choice(t.places)
    actors = _actors(t, place.country)
    attacker, defender = rng.sample(actors, 2) if len(actors) >= 2 else (actors[0], actors[0])
    if kind == "prison_attack" and len(actors) >= 2:
        # Prisons are stormed by the armed group whose men are held (listed first).
        attacker, defender = actors[0], rng.choice(actors[1:])
    qs = list(spec["quantities"].items())
    picked = [qs[0]] + [q for q in qs[1:] if rng.random() < 0.55]
    truth = {q: _log_uniform(lo, hi, rng) for q, (lo, hi) in picked}
    reports = min(12, 1 + int(rng.expovariate(0.45)))
    return Incident(id=f"s{seed}-{n:07d}", kind=kind, spec=spec, place=place, day=day,
                    attacker=attacker, defender=defender, truth=truth, reports=reports)


def _gendered(news: dict[str, Any], verb: str, g: str) -> str:
    forms = news["verbs"][verb]
    return forms[1] if g == "f" else forms[0]


def _when(event: date, published: date, news: dict[str, Any], rng: random.Random) -> str:
    weekday = news["weekdays"][event.weekday()]
    lag = (published - event).days
    if lag == 0:
        return rng.choice(["اليوم", f"اليوم {weekday}", "فجر اليوم", "صباح اليوم",
                           f"يوم {weekday}"])
    if lag == 1:
        return rng.choice(["أمس", f"أمس {weekday}", f"مساء أمس {weekday}", f"يوم {weekday}"])
    return rng.choice([f"يوم {weekday}", f"{weekday} الماضي"])


def _fill(text: str, **values: str) -> str:
    """``str.format`` that leaves unknown placeholders alone (templates are data).

    «لـ» before a definite name merges as Arabic spells it: لـالقوات → للقوات.
    """
    for k, v in values.items():
        text = text.replace("{" + k + "}", v)
    return text.replace("لـال", "لل")


def _pick_source(kind: str, t: Templates, inc: Incident, rng: random.Random) -> dict[str, str]:
    """A concrete source of ``kind`` (names filled in) with its gender."""
    news = t.news
    if kind in ("party", "party_media"):
        options = [v for v in news["party_voices"] if v["kind"] == kind]
        voice = rng.choice(options)
        actor = inc.defender if rng.random() < 0.6 else inc.attacker
        return {"name": _fill(voice["name"], actor=actor["name"]), "g": voice["g"],
                "kind": kind, "actor": actor["short"]}
    options = [s for s in news["sources"][kind]
               if not s.get("countries") or inc.place.country in s["countries"]]
    src = dict(rng.choice(options or news["sources"][kind]))
    src["name"] = _fill(src["name"], admin1=inc.place.admin1,
                        admin1_short=inc.place.admin1_short, place=inc.place.name)
    src["kind"] = kind
    return src


def _reported(value: int, kind: str, src: dict[str, str], quantity: str, lag: int,
              party: str | None, rng: random.Random) -> int:
    """The figure a source gives for a true ``value``."""
    spread = _SPREAD.get(kind, 0.3)
    x = value * math.exp(rng.gauss(0, spread))
    if kind in ("party", "party_media") and quantity in ("killed", "wounded", "captured"):
        own = party is not None and party == src.get("actor")
        x *= 0.4 if own else 1.6
    if quantity in ("killed", "wounded"):
        x *= 1 + 0.2 * lag  # tolls rise as bodies are found and the wounded die
    return max(3, int(round(x)))


def _claim_sentence(t: Templates, inc: Incident, quantity: str, published: date,
                    rng: random.Random, outlet: str, used: set[str]) -> str:
    """One attributed figure as a sentence."""
    news = t.news
    qspec = news["quantities"][quantity]
    head, noun_keys = rng.choice(qspec["heads"])
    noun_key = rng.choice(noun_keys)
    noun = news["nouns"][noun_key]
    actor_name = None
    party: str | None = noun.get("party")
    if noun.get("of_actor"):
        # Escapees, captives and attackers are the attacking side's men;
        # the dead and wounded may be either side's.
        attacking = quantity in ("escaped", "captured", "attackers") or rng.random() < 0.4
        actor = inc.attacker if attacking else inc.defender
        actor_name, party = actor["name"], actor["short"]
    lag = (published - inc.day).days
    frames = [(f, w) for f, w in _FRAMES if f not in used or rng.random() < 0.3]
    if quantity in ("attackers", "detainees"):
        frames = [(f, w) for f, w in frames if f in ("report", "per", "announce")] or \
            [("report", 1)]
    frame = rng.choices([f for f, _ in frames], [w for _, w in frames])[0]
    if lag > 0 and quantity == "killed" and rng.random() < 0.35:
        frame = "revise"
    kind = {"outlet": "outlet", "unnamed": "unnamed_reports"}.get(frame) or rng.choices(
        ["monitor", "official", "foreign_military", "anonymous", "party", "party_media"],
        [5, 4, 1, 4, 3, 1])[0]
    if "deny" in qspec and kind in ("party", "official") and rng.random() < 0.12:
        frame = "deny"
    used.add(frame)
    src = _pick_source(kind, t, inc, rng) if kind not in ("outlet", "unnamed_reports") \
        else {"name": outlet, "g": "f"}
    if frame == "deny" and kind == "party":
        # A side denies its own losses: the defender's voice, not the attacker's.
        voice = rng.choice([v for v in news["party_voices"] if v["kind"] == "party"])
        src = {"name": _fill(voice["name"], actor=inc.defender["name"]), "g": voice["g"]}
    value = _reported(inc.truth[quantity], kind, src, quantity, lag, party, rng)
    bare_ok = frame in ("per", "chain2", "revise")
    allow = ("exact", "approx", "at_least", "more_than", "less_than") if bare_ok else \
        ("exact", "approx", "at_least", "more_than", "range", "vague", "less_than")
    fig = _figure(value, noun, actor_name, rng, news, allow)
    nominal = f"{head} {fig.nominal_np}"
    g = src.get("g", "m")
    common = dict(src=src["name"], evdef=inc.spec["evdef"], nominal=nominal,
                  tally=qspec["tally"], count=fig.bare,
                  asfar=_gendered(news, "asfar", inc.spec["g"]))
    if frame == "unnamed":
        unnamed = rng.choice(news["sources"]["unnamed_reports"])
        return f"{unnamed['verb']} {nominal}."
    if frame == "deny":
        denial = _fill(qspec["deny"], defender=inc.defender["name"])
        return _fill(news["frames"]["deny"], deny=_gendered(news, "deny", g),
                     src=src["name"], denial=denial)
    if frame in ("chain", "chain2"):
        media = rng.choice(news["sources"]["media"])
        text = _fill(news["frames"][frame], quote=_gendered(news, "quote", media["g"]),
                     media=media["name"], qawl=_gendered(news, "qawl", g), **common)
        return text if text.startswith("و") else "و" + text
    text = _fill(news["frames"][frame], say=_gendered(news, "say", g),
                 report=_gendered(news, "report", g),
                 announce=_gendered(news, "announce", g), **common)
    if frame in ("say", "report", "announce") and rng.random() < 0.6:
        text = "و" + text
    return text


def _fresh(options: list[str], said: set[str], rng: random.Random) -> str:
    """A sentence not yet used in this report (a report never repeats itself)."""
    left = [o for o in options if o not in said] or options
    choice = rng.choice(left)
    said.add(choice)
    return choice


def _report(t: Templates, inc: Incident, k: int, doc_id: str, rng: random.Random,
            indic: bool) -> dict[str, Any]:
    """The k-th report of an incident as a JSONL record."""
    news = t.news
    lag = 0 if k == 0 else rng.choices([0, 1, 2], [5, 4, 1])[0]
    published = inc.day + timedelta(days=lag)
    outlet = rng.choice(t.outlets)
    place = inc.place
    values = dict(place=place.name, region=place.region, region_adv=place.region_adv,
                  admin1=place.admin1, admin1_short=place.admin1_short,
                  country=place.country or place.region,
                  when=_when(inc.day, published, news, rng),
                  attacker=inc.attacker["name"], defender=inc.defender["name"])
    quantities = list(inc.truth)
    headline_q = quantities[0]
    qspec = news["quantities"][headline_q]
    head, noun_keys = qspec["heads"][0]
    noun = news["nouns"][noun_keys[0]]
    fig = _figure(_reported(inc.truth[headline_q], "outlet", {}, headline_q, lag, None, rng),
                  noun, None, rng, news, ("exact", "approx", "vague"))
    fig_np = f"{head} {fig.nominal_np}"
    title = _fill(rng.choice(inc.spec["headlines"]), fig=fig_np, **values)

    paragraphs: list[str] = []
    lead = _fill(rng.choice(inc.spec["leads"]), **values)
    dateline = rng.choice([f"{place.name} - {outlet['name']}: ",
                           f"{place.name} ({outlet['name']}) - ", ""])
    paragraphs.append(dateline + lead)
    used: set[str] = set()
    said: set[str] = set()
    n_claims = min(len(quantities) + rng.randint(0, 2), 5)
    order = quantities + [rng.choice(quantities) for _ in range(max(0, n_claims - len(quantities)))]
    for q in order[:n_claims]:
        sentence = _claim_sentence(t, inc, q, published, rng, outlet["name"], used)
        if paragraphs and rng.random() < 0.35 and len(paragraphs) > 1:
            paragraphs[-1] += " " + sentence
        else:
            paragraphs.append(sentence)
        if rng.random() < 0.25:
            paragraphs.append(_fill(_fresh(news["backgrounds"], said, rng), **values))
        elif rng.random() < 0.3:
            paragraphs[-1] += " " + _fill(_fresh(inc.spec["details"], said, rng), **values)
    if rng.random() < 0.3:
        other = rng.choice(t.places).name
        month = news["months"][(inc.day.month - 2) % 12]
        ctx = rng.choice(news["contexts"])
        nps = {f"np_{k}": _number(_log_uniform(4, 900, rng), news["nouns"][k], rng,
                                  news["number_words"])
               for k in ("person", "civilian", "family")}
        paragraphs.append(_fill(ctx, other=other, month=month, **nps, **values))
    paragraphs.append(rng.choice(news["closings"]))
    text = "\n\n".join(paragraphs)
    if rng.random() < 0.5:
        day_line = f"{news['weekdays'][published.weekday()]} {published.day} " \
                   f"{news['months'][published.month - 1]} {published.year}"
        text = f"{title}\n{day_line}\n\n{text}"
    if indic:
        text = text.translate(_INDIC)
    digest = hashlib.sha1(doc_id.encode()).hexdigest()[:10]
    return {"id": doc_id, "text": text, "title": title, "outlet": outlet["name"],
            "published": published.isoformat(), "language": "ar",
            "url": f"https://{outlet['domain']}/news/{published.isoformat()}/{digest}",
            "synth_incident": inc.id, "synth_event": inc.kind}


def generate(n: int, seed: int = 0, start: date = date(2019, 1, 1),
             days: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield ``n`` synthetic report records, deterministic for ``seed``.

    Incidents are spread in date order over ``days`` days (default: about
    50 reports a day, between 30 days and ten years; denser corpora put
    several incidents in one town on one day, which no reader could tell
    apart); each gets one to a dozen reports. The span depends on ``n``, so
    a small corpus is not a prefix of a large one. Memory is flat in ``n``.
    """
    if n < 0:
        raise ValueError("N must be 0 or more")
    t = load_templates()
    rng = random.Random(seed)
    span = days if days is not None else max(30, min(3650, n // 50))
    produced = 0
    k_incident = 0
    while produced < n:
        offset = int(produced / n * span)
        day = start + timedelta(days=offset + rng.randint(0, 1))
        inc = _new_incident(t, rng, k_incident, day, seed)
        k_incident += 1
        indic_outlets = rng.random() < 0.15
        for k in range(inc.reports):
            if produced >= n:
                break
            doc_id = f"syn{seed}_{produced:09d}"
            yield _report(t, inc, k, doc_id, rng, indic_outlets and rng.random() < 0.5)
            produced += 1


def write(n: int, out: str | Path, seed: int = 0, **kwargs: Any) -> int:
    """Write ``n`` records to ``out`` (``.jsonl`` or ``.jsonl.gz``), streaming; return n."""
    path = Path(out)
    fh: IO[str]
    if path.name.endswith(".gz"):
        fh = gzip.open(path, "wt", encoding="utf-8", compresslevel=5, newline="\n")
    else:
        fh = open(path, "w", encoding="utf-8", newline="\n")
    count = 0
    with fh:
        for record in generate(n, seed=seed, **kwargs):
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            count += 1
    return count
