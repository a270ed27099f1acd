"""Place mentions in a report, resolved through the gazetteer, and the place it is about.

Arabic news names places in three ways this module handles:

* by a gazetteer name, with whatever proclitics attach to it (« بالحسكة »,
  « وحلب », « للموصل ») — matched on folded text, longest name first;
* by a place word and a name (« سجن …، مخيم …، حي …، مدينة …، محافظة …،
  ريف … ») — the word says what the name is, and a facility or district that
  is not in the gazetteer becomes a *synthetic* place inside the city the
  sentence (or else the report) places it in;
* by an anaphor (« السجن », « المخيم ») once the report has named exactly one
  facility of that type.

Words that are also common nouns or personal names (« الباب », « صور »,
« حماة ») are listed as ``ambiguous`` in ``place_aliases.yaml`` and only count
with supporting context. A facility is often called by several names in one
report or across reports (its district, the building it used to be, a
common name); :func:`merge_facilities` applies one general rule to make them
one place, so counts and incident grouping see a single facility.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import regex

from riwaya.extract.gazetteer import FACILITY_TYPES, Entry, Gazetteer, GeoPlace, load_gazetteer
from riwaya.model import Document, Place, Span
from riwaya.text.lexicon import folded_words
from riwaya.text.normalize import NormText, fold, lower_same_length, normalize, span_with_marks

_TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*")
_SENT_END = regex.compile(r"[.!?؟\n]")

# Place words (folded): what the following name is. Facility words carry the type.
_TRIGGERS: dict[str, tuple[str, str | None]] = {
    "سجن": ("facility", "prison"), "مخيم": ("facility", "camp"), "مطار": ("facility", "airport"),
    "مستشفي": ("facility", "hospital"), "مشفي": ("facility", "hospital"),
    "قاعده": ("facility", "base"), "معبر": ("facility", "crossing"),
    "ميناء": ("facility", "port"), "مرفا": ("facility", "port"),
    "مخيمات": ("facility_list", "camp"),
    "حي": ("district", None), "احياء": ("district_list", None),
    "مدينه": ("city", None), "بلده": ("city", None), "قريه": ("city", None),
    "ناحيه": ("city", None), "قضاء": ("city", None), "مديريه": ("city", None),
    "مدن": ("city_list", None), "بلدات": ("city_list", None), "قري": ("city_list", None),
    "محافظه": ("admin1", None), "ولايه": ("admin1", None), "اقليم": ("admin1", None),
    "شعبيه": ("admin1", None),
    "ريف": ("rural", None),
}
#: Facility words with the article refer back to the one facility of that type.
_ANAPHORS: dict[str, str] = {
    "السجن": "prison", "المخيم": "camp", "المطار": "airport", "المستشفي": "hospital",
    "المشفي": "hospital", "المعبر": "crossing", "الميناء": "port", "المرفا": "port",
}
#: Facility types whose unknown names must look like names (« قاعدة بيانات » is not a base).
_STRICT = {"base", "crossing", "port", "airport"}
#: Facilities that news names for the aftermath (casualties taken there), not the event.
_AFTERMATH_SITES = frozenset({"hospital"})
_FACILITY_EN = {"prison": "Prison", "camp": "Camp", "airport": "Airport", "hospital": "Hospital",
                "base": "Base", "crossing": "Crossing", "port": "Port"}


def _words(key: str) -> frozenset[str]:
    """A word list of ``data/place_words.yaml``, folded: tokens here are compared whole."""
    return folded_words("place_words", key)


_DIRECTIONS = _words("directions")
_PLACE_WORDS = set(_TRIGGERS) | _words("place_nouns")
_LOCATIVES = _words("locatives")
_STOP = _words("stop_words") | _DIRECTIONS
#: Words that describe a facility rather than name it (« سجن سري », « مطار عسكري »).
_GENERIC_ADJ = _words("generic_adjectives")
#: Generic words dropped before comparing two names of one facility: the building
#: type it used to be, the institution word, adjectives of rank.
_GENERIC_NAME = _words("generic_name_words")
_NAME_START = _words("name_starts")

_NISBA = regex.compile(r"^[^ا].{2,}(?:ي|يه)$")
_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_PAREN_OPEN = regex.compile(r"^\s*\(\s*$")
_SPACE_GAP = regex.compile(r"^[ \t\u00a0]*(?:-[ \t]*)?$")


@dataclass
class _Tok:
    start: int
    end: int
    text: str


@dataclass
class _Mention:
    """One place mention while resolving: normalized offsets plus what is known about it."""

    start: int
    end: int
    key: str = ""
    ids: list[str] = field(default_factory=list)
    kind_hint: str | None = None        # from the place word: city, admin1, district, rural
    ftype: str | None = None            # facility type, for facilities and anaphors
    name_words: list[str] = field(default_factory=list)   # folded words of an unknown name
    name_start: int = 0
    name_end: int = 0
    anchor_id: str | None = None        # gazetteer place the name itself is (« سجن غويران »)
    ambiguous: bool = False
    locative: bool = False              # after في/بـ/من …
    triggered: bool = False             # after a place word
    anaphor: bool = False
    synthetic_kind: str | None = None   # facility / district / city when not in the gazetteer
    link: int | None = None             # coreferent mention (« سجن الصناعة (غويران) »)
    place: GeoPlace | None = None
    dateline: bool = False




def _strip_article(w: str) -> str:
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


def _stem(w: str) -> str:
    """Drop an adjectival or feminine ending so « الصناعية » and « الصناعة » meet."""
    for suf in ("يات", "يه", "ات", "ين", "ون", "ي", "ه"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def facility_key(words: list[str]) -> str:
    """The distinctive head word of a facility name, for deciding two names are one place.

    Drops the article, generic words (the building type it used to be — مدرسة،
    ثانوية، معهد — and rank adjectives) and adjectival endings, and keeps the
    first word left: « الثانوية الصناعية », « المدرسة الصناعية » and « الصناعة »
    all give « صناع ».
    """
    out: list[str] = []
    for w in words:
        w = fold(w)
        if w in _GENERIC_NAME or _strip_article(w) in _GENERIC_NAME:
            continue
        out.append(w if w in _NAME_START else _stem(_strip_article(w)))
    if out:
        # « أبو غريب », « عين الحلوة »: a name-forming first word needs the word after it.
        if out[0] in _NAME_START and len(out) > 1:
            return f"{out[0]} {out[1]}"
        return out[0]
    return _stem(_strip_article(fold(words[0]))) if words else ""


def _entry_keys(e: Entry) -> set[str]:
    """Distinctive keys of every Arabic name of a gazetteer facility or district."""
    keys: set[str] = set()
    for n in e.names():
        words = fold(n).split()
        if words and (words[0] in _TRIGGERS or words[0] in FACILITY_TYPES or words[0] in _ANAPHORS):
            words = words[1:]
        if words:
            keys.add(facility_key(words))
    return keys


class _Scanner:
    """Finds place mentions in one normalized text."""

    def __init__(self, gaz: Gazetteer, text: str, cased: str) -> None:
        self.gaz = gaz
        self.s = text
        self.cased = cased          # same text before lower-casing (same offsets)
        self.toks = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]

    def gap(self, i: int) -> str:
        """Text between token i and token i+1."""
        return self.s[self.toks[i].end:self.toks[i + 1].start]

    def variants(self, i: int) -> list[tuple[str, int, bool]]:
        """Token i and its readings with proclitics removed: (word, offset into token, locative)."""
        w = self.toks[i].text
        out = [(w, 0, False)]
        if not _ARABIC_WORD.match(w):
            return out
        for p in _PROCLITICS:
            if w.startswith(p) and len(w) - len(p) >= 2:
                rest = w[len(p):]
                loc = p.endswith("ب")
                out.append((rest, len(p), loc))
                if p.endswith("ل") and rest.startswith("ل") and len(rest) >= 3:
                    out.append(("ا" + rest, len(p) - 1 if p != "ل" else 0, False))
        return out

    def bare(self, i: int) -> str:
        """Token i without a leading conjunction or preposition, if that leaves a known word."""
        for w, _off, _loc in self.variants(i):
            if w in _TRIGGERS or w in _ANAPHORS or w in _STOP or w in _PLACE_WORDS:
                return w
        return self.toks[i].text

    def gaz_match(self, i: int, max_n: int | None = None) -> tuple[int, str, list[str], int, bool] | None:
        """Longest gazetteer name starting at token i: (n tokens, key, ids, offset, locative)."""
        n_max = min(max_n or self.gaz.max_tokens, len(self.toks) - i)
        for n in range(n_max, 0, -1):
            if any(not _SPACE_GAP.match(self.gap(k)) for k in range(i, i + n - 1)):
                continue
            rest = [self.toks[k].text for k in range(i + 1, i + n)]
            for w, off, loc in self.variants(i):
                key = " ".join([w, *rest])
                ids = self.gaz.ids_for_key(key)
                if ids:
                    return n, key, ids, off, loc
        return None


_ARABIC_WORD = regex.compile(r"^\p{Arabic}")


def _prev_word(sc: _Scanner, i: int) -> str:
    if i == 0 or not _SPACE_GAP.match(sc.gap(i - 1)):
        return ""
    return sc.bare(i - 1)


def _scan(gaz: Gazetteer, text: str, cased: str) -> tuple[_Scanner, list[_Mention]]:
    sc = _Scanner(gaz, text, cased)
    toks = sc.toks
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        m = sc.gaz_match(i)
        if m is not None:
            n, key, ids, off, loc = m
            prev = _prev_word(sc, i)
            if not _ARABIC_WORD.match(toks[i].text) and not sc.cased[toks[i].start].isupper():
                i += 1      # a Latin name must be capitalised (« Hit » the town, not « hit »)
                continue
            # « الفاشر وطويلة »: a name joined by « و » to the place just before it is a place too.
            coordinated = (off > 0 and toks[i].text.startswith("و") and bool(out) and i > 0
                           and out[-1].end == toks[i - 1].end and _SPACE_GAP.match(sc.gap(i - 1)) is not None)
            mention = _Mention(toks[i].start + off, toks[i + n - 1].end, key, list(ids),
                               ambiguous=gaz.is_ambiguous(key),
                               locative=loc or prev in _LOCATIVES or coordinated,
                               triggered=prev in _PLACE_WORDS or prev in _DIRECTIONS)
            if i + n < len(toks) and _SPACE_GAP.match(sc.gap(i + n - 1)) and sc.bare(i + n) in _DIRECTIONS:
                mention.triggered = True
            out.append(mention)
            i += n
            if gaz.entries[ids[0]].kind == "facility":
                i = _paren_alias(sc, i, gaz.entries[ids[0]].facility_type(), out)
            continue
        word, off = None, 0
        for w, o, _loc in sc.variants(i):
            if w in _TRIGGERS or w in _ANAPHORS:
                word, off = w, o
                break
        if word is None:
            i += 1
            continue
        if word in _ANAPHORS:
            out.append(_Mention(toks[i].start + off, toks[i].end, word, ftype=_ANAPHORS[word],
                                anaphor=True))
            i += 1
            continue
        cat, ftype = _TRIGGERS[word]
        i = _parse_trigger(sc, i, off, cat, ftype, out)
    return sc, out


def _name_span(sc: _Scanner, j: int, limit: int, strict: bool, lenient_proper: bool) -> int:
    """How many tokens from j form an unknown name (0 if none)."""
    toks = sc.toks
    quoted = j > 0 and '"' in sc.gap(j - 1)
    n = 0
    first_definite = False
    while j + n < len(toks) and n < limit:
        k = j + n
        if n > 0:
            g = sc.gap(k - 1)
            if quoted:
                if '"' in g:
                    break
            elif not _SPACE_GAP.match(g):
                break
        w = toks[k].text
        bare = sc.bare(k)
        if not quoted:
            if not _ARABIC_WORD.match(w) or bare in _STOP or bare in _TRIGGERS or w.isdigit():
                break
            if n > 0 and (w.startswith("و") and (w[1:3] == "ال" or sc.gaz_match(k) is not None)):
                break
            if n > 0 and sc.gaz_match(k) is not None and bare != w:
                break            # « بالحسكة »: the city the facility is in, not its name
            if n == 0:
                first_definite = w.startswith("ال")
                if not first_definite:
                    if w in _GENERIC_ADJ or w.startswith("ل") or w.startswith("ي"):
                        return 0
                    if w not in _NAME_START and (strict or not lenient_proper):
                        return 0
                    if w not in _NAME_START and _NISBA.match(w):
                        return 0
            elif first_definite and not w.startswith("ال"):
                break
            elif not first_definite and n >= 2:
                break
        n += 1
    return n


def _parse_trigger(sc: _Scanner, i: int, off: int, cat: str, ftype: str | None,
                   out: list[_Mention]) -> int:
    """Read the name after a place word at token i; append mentions; return the next token index."""
    toks = sc.toks
    start = toks[i].start + off
    j = i + 1
    if j >= len(toks):
        return j
    gap = sc.gap(i)
    if not (_SPACE_GAP.match(gap) or gap.strip() == '"'):
        return j
    if cat.endswith("_list"):
        return _parse_list(sc, j, cat[:-5], ftype, out)
    m = sc.gaz_match(j)
    if m is not None and (m[3] == 0):
        n, key, ids, _off, _loc = m
        end_tok = j + n - 1
        if cat == "facility":
            # Named after a known place (« مطار حلب », « سجن غويران »): a facility there,
            # plus any adjectives (« سجن حلب المركزي »).
            extra = 0
            while (end_tok + extra + 1 < len(toks) and extra < 2
                   and _SPACE_GAP.match(sc.gap(end_tok + extra))
                   and toks[end_tok + extra + 1].text.startswith("ال")
                   and sc.bare(end_tok + extra + 1) not in _STOP
                   and sc.gaz_match(end_tok + extra + 1) is None):
                extra += 1
            words = [toks[k].text for k in range(j, end_tok + extra + 1)]
            stop = toks[end_tok + extra].end
            if '"' in gap and sc.s[stop:stop + 1] == '"':
                stop += 1
            out.append(_Mention(start, stop, " ".join(words), ftype=ftype,
                                name_words=words, name_start=toks[j].start,
                                name_end=toks[end_tok + extra].end, anchor_id=ids[0],
                                synthetic_kind="facility", triggered=True))
            return _paren_alias(sc, end_tok + extra + 1, ftype, out)
        if cat in ("city", "admin1", "district", "rural"):
            out.append(_Mention(start, toks[end_tok].end, key, list(ids), kind_hint=cat,
                                triggered=True))
            nxt = end_tok + 1
            if cat == "rural":
                while (nxt < len(toks) and _SPACE_GAP.match(sc.gap(nxt - 1))
                       and _strip_article(toks[nxt].text) in _DIRECTIONS):
                    out[-1].end = toks[nxt].end
                    nxt += 1
            return nxt
    if cat in ("admin1", "rural"):
        return j                        # unknown provinces are not invented
    strict = ftype in _STRICT
    lenient = cat in ("city", "district") or ftype in ("prison", "camp", "hospital")
    limit = 3 if cat == "facility" else 2
    n = _name_span(sc, j, limit, strict, lenient)
    if n == 0:
        return j
    words = [toks[k].text for k in range(j, j + n)]
    end = toks[j + n - 1].end
    end_ev = end + 1 if '"' in sc.gap(j - 1) and sc.s[end:end + 1] == '"' else end
    kind = "facility" if cat == "facility" else cat
    out.append(_Mention(start, end_ev, " ".join(words), ftype=ftype, name_words=words,
                        name_start=toks[j].start, name_end=end, synthetic_kind=kind,
                        kind_hint=cat, triggered=True))
    if cat == "facility":
        return _paren_alias(sc, j + n, ftype, out)
    return j + n


def _paren_alias(sc: _Scanner, k: int, ftype: str | None, out: list[_Mention]) -> int:
    """« سجن الصناعة (غويران) »: the bracketed name is another name of the same facility.

    Returns the token index after the bracket (``k`` when there is none).
    """
    toks = sc.toks
    if k <= 0 or k >= len(toks) or not _PAREN_OPEN.match(sc.gap(k - 1)):
        return k
    n = 0
    while k + n < len(toks) and n < 3:
        if n > 0 and not _SPACE_GAP.match(sc.gap(k + n - 1)):
            break
        n += 1
    if k + n - 1 >= len(toks) or ")" not in sc.s[toks[k + n - 1].end:toks[k + n - 1].end + 3]:
        return k
    words = [toks[x].text for x in range(k, k + n)]
    anchor = sc.gaz_match(k, n)
    host = len(out) - 1
    out.append(_Mention(toks[k].start, toks[k + n - 1].end, " ".join(words), ftype=ftype,
                        name_words=words, name_start=toks[k].start, name_end=toks[k + n - 1].end,
                        anchor_id=anchor[2][0] if anchor and anchor[0] == n else None,
                        synthetic_kind="facility", triggered=True, link=host))
    return k + n


def _parse_list(sc: _Scanner, j: int, cat: str, ftype: str | None, out: list[_Mention]) -> int:
    """« أحياء غويران والزهور والأغاوات »: one mention per listed name."""
    toks = sc.toks
    kind = {"district": "district", "city": "city", "facility": "facility"}[cat]
    first = True
    count = 0
    while j < len(toks) and count < 8:
        if not first:
            g = sc.gap(j - 1)
            w = toks[j].text
            if "،" in g or "," in g:
                off = 1 if w.startswith("و") and len(w) > 3 else 0
            elif _SPACE_GAP.match(g) and w.startswith("و") and len(w) > 3:
                off = 1
            else:
                break
        else:
            off = 0
        w = toks[j].text[off:]
        if not first and '"' in sc.gap(j - 1):
            break
        if not _ARABIC_WORD.match(w) or w in _STOP or w in _GENERIC_ADJ or w in _TRIGGERS:
            break
        m = sc.gaz_match(j, 3)
        if m is not None and m[3] <= 1:
            n, key, ids, moff, _loc = m
            out.append(_Mention(toks[j].start + moff, toks[j + n - 1].end, key, list(ids),
                                kind_hint=cat if cat != "facility" else None, triggered=True))
            j += n
        else:
            if not w.startswith("ال") and (w.endswith("ه") or _NISBA.match(w) or w[0] in "يل"):
                break           # « أحياء عديدة »: an adjective, not a name
            out.append(_Mention(toks[j].start + off, toks[j].end, w, ftype=ftype, name_words=[w],
                                name_start=toks[j].start + off, name_end=toks[j].end,
                                synthetic_kind=kind, kind_hint=cat, triggered=True))
            j += 1
        first = False
        count += 1
    return j


# --------------------------------------------------------------------------- resolution


def _choose(gaz: Gazetteer, m: _Mention, countries: Counter[str], context_ids: set[str]) -> str | None:
    """Pick the candidate id that fits the place word and the report's other places."""
    cands = [gaz.entries[i] for i in m.ids if i in gaz.entries]
    hint = m.kind_hint
    if hint == "city":
        cands = [c for c in cands if c.kind in ("city", "district")] or [
            c for c in cands if c.kind in ("facility",)]
    elif hint == "district":
        cands = [c for c in cands if c.kind in ("district", "city")]
    elif hint == "admin1":
        admin = [c for c in cands if c.kind in ("admin1", "region")]
        if not admin:
            admin = [a for c in cands if c.kind == "city"
                     for a in [gaz.enclosing(c.id, ("admin1",))] if a is not None]
        cands = admin
    elif hint == "rural":
        rural = [c for c in cands if c.kind in ("admin1", "region")]
        rural += [a for c in cands if c.kind in ("city", "district")
                  for a in [gaz.enclosing(c.id, ("admin1",))] if a is not None]
        cands = rural
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0].id

    def score(e: Entry) -> float:
        anc = {a.id for a in gaz.ancestors(e.id)}
        return countries.get(e.country, 0) + 3 * len(anc & context_ids)

    best = max(range(len(cands)), key=lambda k: (score(cands[k]), -k))
    return cands[best].id


def _sentence_bounds(text: str) -> list[int]:
    return [m.start() for m in _SENT_END.finditer(text)]


def _same_sentence(bounds: list[int], a: int, b: int) -> bool:
    return bisect.bisect_left(bounds, a) == bisect.bisect_left(bounds, b)


def _is_dateline(text: str, start: int, end: int) -> bool:
    """A place at the head of a line, alone or before « - » « | » « : », near the top."""
    if start > 600:
        return False
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    before, after = text[ls:start], text[end:le]
    if not regex.fullmatch(r"[\s\d:|.\-/–—,،()]*", before):
        return False
    return bool(regex.match(r"\s*(?:$|[|\-–—:(،,])", after))


def _synthetic(gaz: Gazetteer, m: _Mention, parent_id: str | None, text_name: str) -> GeoPlace:
    """A place the gazetteer does not know, located at its parent's coordinates."""
    parent = gaz.get(parent_id)
    kind = m.synthetic_kind or "facility"
    if kind == "facility":
        key = facility_key(m.name_words) if m.name_words else fold(text_name)
    else:
        key = fold(" ".join(m.name_words) if m.name_words else text_name)
    loc = parent
    if parent is not None and parent.lat is None:
        loc = next((a for a in gaz.ancestors(parent.id) if a.lat is not None), None)
    precision = None
    if loc is not None:
        precision = 2 if loc.kind in ("city", "district", "facility") else 3
    city = gaz.enclosing(parent_id, ("city",)) if parent_id else None
    anchor = city or parent
    where = anchor.name_en if anchor is not None else None
    if kind == "facility":
        # Built from the head word, not the name as written, so every report that
        # names the facility by a variant of that word gets the same canonical name.
        label = f"{_FACILITY_EN.get(m.ftype or '', 'Facility')} {key}"
    else:
        label = text_name
    label = f"{label} ({where})" if where else label
    return GeoPlace(
        name=text_name, canonical=label, kind=kind,
        country=(parent.country or None) if parent else None,
        admin1=(parent.admin1 or None) if parent else None,
        latitude=loc.lat if loc else None, longitude=loc.lon if loc else None,
        geo_precision=precision, id=f"{parent_id or 'unknown'}/{m.ftype or kind}:{key}",
        parent=parent_id, facility_type=m.ftype if kind == "facility" else None,
        synthetic=True, key=key, names=[text_name],
    )


def _plain(s: str) -> str:
    """Original text with diacritics and tatweel removed, for display names."""
    nt = normalize(s)
    return "".join(s[p] for p in nt.pos[:-1]).strip()


def _city_of(gaz: Gazetteer, place: GeoPlace | None) -> str | None:
    if place is None:
        return None
    if place.synthetic:
        e = gaz.enclosing(place.parent or "", ("city",))
        return e.id if e else place.parent
    e = gaz.enclosing(place.id, ("city",))
    return e.id if e else None


def find_places(doc: Document) -> list[Place]:
    """Every place mention in ``doc``, resolved, with evidence; facility names merged.

    Results are cached by text (grouping asks for the places and the main
    place of the same report); each call returns fresh copies.
    """
    gaz = load_gazetteer()
    return [replace(p) for p in _find_places_cached(doc.text, gaz.generation)]


@lru_cache(maxsize=128)
def _find_places_cached(text: str, _generation: int) -> tuple[Place, ...]:
    return tuple(_find_places(Document(id="", text=text), load_gazetteer()))


def _find_places(doc: Document, gaz: Gazetteer) -> list[Place]:
    nt = normalize(doc.text)
    text = lower_same_length(nt.text)
    sc, mentions = _scan(gaz, text, nt.text)
    bounds = _sentence_bounds(text)

    # Context for ambiguous names and for names shared by several places.
    countries: Counter[str] = Counter()
    context: set[str] = set()
    for m in mentions:
        if m.ids and not m.ambiguous and len({gaz.entries[i].country for i in m.ids}) == 1:
            e = gaz.entries[m.ids[0]]
            countries[e.country] += 1
            context.add(e.id)
            context.update(a.id for a in gaz.ancestors(e.id))
    for m in mentions:
        if m.ids:
            if m.ambiguous and not m.triggered:
                cands = [gaz.entries[i] for i in m.ids]
                supported = any(
                    {a.id for a in gaz.ancestors(c.id)} & context for c in cands)
                if not (m.locative and supported):
                    continue
            chosen = _choose(gaz, m, countries, context)
            if chosen is None:
                continue
            p = gaz.place(chosen)
            if p is None:
                continue
            if m.kind_hint == "rural":
                p.geo_precision = 3
            m.place = p

    # Where unknown facilities, districts and villages are: the anchor they are named
    # after, else a place named in the same sentence (after, then before), else the
    # report's main city.
    located = [m for m in mentions if m.place is not None]
    for m in mentions:
        if m.synthetic_kind is None or m.anaphor:
            continue
        parent: str | None = None
        district_named = False
        if m.anchor_id is not None:
            anchor = gaz.get(m.anchor_id)
            if anchor is not None and anchor.kind in ("city", "district", "facility", "admin1"):
                parent = anchor.id
                district_named = anchor.kind == "district"
        if parent is None:
            after = [o for o in located if o.start >= m.end and o.start - m.end <= 80
                     and _same_sentence(bounds, o.start, m.end)
                     and o.place is not None and o.place.kind in ("city", "district", "admin1")]
            before = [o for o in located if o.end <= m.start and m.start - o.end <= 120
                      and _same_sentence(bounds, o.end, m.start)
                      and o.place is not None and o.place.kind in ("city", "district")]
            pick = after[0] if after else (before[-1] if before else None)
            if pick is not None and pick.place is not None:
                parent = pick.place.id
                if m.synthetic_kind in ("facility", "district") and pick.kind_hint != "rural":
                    parent = _capital(gaz, parent)
                if m.synthetic_kind != "facility" and pick.place.kind == "district":
                    city = gaz.enclosing(parent, ("city",))
                    parent = city.id if city else parent
        m.place = _synthetic(gaz, m, parent, _plain(doc.text[slice(*nt.span(m.name_start, m.name_end))])
                             if m.name_end > m.name_start else m.key)
        m.place.district_named = district_named
        if m.synthetic_kind == "facility":
            m.place.name = _plain(doc.text[slice(*nt.span(m.start, m.end))])
            m.place.names = [m.place.name]

    for m in mentions:
        if m.place is not None and not m.place.synthetic and m.place.kind in ("city", "admin1", "country", "region"):
            m.dateline = _is_dateline(text, m.start, m.end)

    _locate_orphans(gaz, mentions)
    _mark_districts(gaz, mentions)
    places: list[Place] = []
    for m in mentions:
        if m.place is None:
            continue
        a, b = span_with_marks(nt, doc.text, m.start, m.end)
        m.place.evidence = Span(a, b, doc.text[a:b])
        if m.dateline:
            m.place.mention = "dateline"
        places.append(m.place)
    links: dict[int, Place] = {}
    for m in mentions:
        linked = mentions[m.link].place if m.link is not None else None
        if m.place is not None and linked is not None:
            links[id(m.place)] = linked
    merged = merge_facilities(places, links=links, gaz=gaz)
    merged += _anaphors(nt, doc.text, mentions, merged)
    merged.sort(key=lambda p: p.evidence.start if p.evidence else 0)
    return list(merged)


_ADMIN_WORDS = _words("admin_words")


def _capital(gaz: Gazetteer, id_: str) -> str:
    """A province named after its capital (« محافظة الحسكة ») stands for that city when
    locating a facility in it; other places are returned as they are."""
    e = gaz.get(id_)
    if e is None or e.kind != "admin1":
        return id_
    for n in e.names():
        words = fold(n).split()
        if len(words) > 1 and words[0] in _ADMIN_WORDS:
            for c in gaz.candidates(" ".join(words[1:])):
                if c.kind == "city" and c.parent == e.id:
                    return c.id
    return id_


def _locate_orphans(gaz: Gazetteer, mentions: list[_Mention]) -> None:
    """Give synthetic places without a city the city of a same-named mention, else the main city."""
    by_key: dict[tuple[str | None, str | None], str] = {}
    for m in mentions:
        p = m.place
        if p is not None and p.synthetic and p.parent:
            by_key.setdefault((p.facility_type, p.key), p.parent)
    cities: Counter[str] = Counter()
    for m in mentions:
        p = m.place
        if p is None or m.dateline or p.synthetic:
            continue
        c = gaz.enclosing(p.id, ("city",))
        if c is not None:
            cities[c.id] += 1
    admins: Counter[str] = Counter()
    for m in mentions:
        p = m.place
        if p is not None and not m.dateline and not p.synthetic and p.kind == "admin1":
            admins[p.id] += 1
    main = cities.most_common(1)[0][0] if cities else (
        _capital(gaz, admins.most_common(1)[0][0]) if admins else None)
    for m in mentions:
        p = m.place
        if p is None or not p.synthetic or p.parent:
            continue
        parent = by_key.get((p.facility_type, p.key)) or main
        if parent is None:
            continue
        fresh = _synthetic(gaz, m, parent, p.name)
        fresh.name, fresh.names, fresh.district_named = p.name, p.names, p.district_named
        m.place = fresh


def _mark_districts(gaz: Gazetteer, mentions: list[_Mention]) -> None:
    """A facility named like a district of its city (in the gazetteer or « حي X » in the report)."""
    districts: dict[str | None, set[str]] = {}
    for m in mentions:
        p = m.place
        if p is None or p.kind != "district":
            continue
        city = _city_of(gaz, p)
        words = [w for w in fold(p.name).split() if w not in _TRIGGERS]
        districts.setdefault(city, set()).add(facility_key(words) if words else "")
        if not p.synthetic:
            e = gaz.get(p.id)
            if e is not None:
                districts[city] |= _entry_keys(e)
    for m in mentions:
        p = m.place
        if p is None or p.kind != "facility" or not p.synthetic or p.district_named:
            continue
        city = _city_of(gaz, p)
        if p.key and p.key in districts.get(city, set()):
            p.district_named = True
        elif city is not None:
            for e in gaz.entries.values():
                if e.kind == "district" and e.parent == city and p.key in _entry_keys(e):
                    p.district_named = True
                    break


def merge_facilities(places: list[Place], links: dict[int, Place] | None = None,
                     gaz: Gazetteer | None = None) -> list[Place]:
    """Make the several names of one facility one place (within a report or an incident).

    Facilities of the same type in the same city are merged when their
    distinctive head words match (``facility_key``: « الثانوية الصناعية » ~
    « المدرسة الصناعية » ~ « الصناعة »), when one is a gazetteer facility that
    has the other's head word among its names, when the report put one name in
    brackets after the other, or when one is named after the district and the
    city has exactly one other facility of that type. Each merged mention gets
    the group's id, name and coordinates (the gazetteer's, when one is known);
    other places pass through unchanged. Returns new objects; input is untouched.
    """
    gaz = gaz or load_gazetteer()
    links = links or {}
    out: list[Place] = [replace(p) for p in places]
    index = {id(p): k for k, p in enumerate(places)}
    fac = [k for k, p in enumerate(out) if isinstance(p, GeoPlace) and p.kind == "facility"]
    parent = list(range(len(out)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    def info(k: int) -> tuple[str | None, str | None, set[str], bool]:
        p = out[k]
        assert isinstance(p, GeoPlace)
        city = _city_of(gaz, p)
        if p.synthetic:
            keys = {p.key} if p.key else set()
        else:
            e = gaz.get(p.id)
            keys = _entry_keys(e) if e else set()
        return p.facility_type, city, keys, p.synthetic

    infos = {k: info(k) for k in fac}
    for a_obj, b_obj in links.items():
        if a_obj in index and id(b_obj) in index:
            union(index[a_obj], index[id(b_obj)])
    for x in range(len(fac)):
        for y in range(x + 1, len(fac)):
            a, b = fac[x], fac[y]
            pa, pb = out[a], out[b]
            assert isinstance(pa, GeoPlace) and isinstance(pb, GeoPlace)
            if pa.id == pb.id:
                union(a, b)
                continue
            ta, ca, ka, _sa = infos[a]
            tb, cb, kb, _sb = infos[b]
            if ta != tb or ca != cb:
                continue
            if ka & kb and not (not pa.synthetic and not pb.synthetic):
                union(a, b)
    # District-named facilities join the one other facility of their type in their city.
    groups: dict[tuple[str | None, str | None], set[int]] = {}
    for k in fac:
        t, c, _keys, _syn = infos[k]
        groups.setdefault((t, c), set()).add(find(k))
    for k in fac:
        p = out[k]
        assert isinstance(p, GeoPlace)
        if not p.district_named:
            continue
        t, c, _keys, _syn = infos[k]
        others = {find(x) for x in fac if infos[x][0] == t and infos[x][1] == c
                  and find(x) != find(k)
                  and not all(_dn(out[y]) for y in fac if find(y) == find(x))}
        if len(others) == 1:
            union(k, others.pop())
    clusters: dict[int, list[int]] = {}
    for k in fac:
        clusters.setdefault(find(k), []).append(k)
    for members in clusters.values():
        if len(members) < 2 and not _dn(out[members[0]]):
            continue
        rep = _representative(out, members)
        for k in members:
            p = out[k]
            assert isinstance(p, GeoPlace)
            names = list(dict.fromkeys(n for m in members for n in _names(out[m])))
            out[k] = replace(rep, evidence=p.evidence, mention=p.mention,
                             district_named=p.district_named, names=names)
    return out


def _dn(p: Place) -> bool:
    return isinstance(p, GeoPlace) and p.district_named


def _names(p: Place) -> list[str]:
    return p.names if isinstance(p, GeoPlace) and p.names else [p.name]


def _label(p: Place) -> str | None:
    """What a facility is counted under: its head-word key, or its name if it has none."""
    return p.key if isinstance(p, GeoPlace) else p.name


def _representative(out: list[Place], members: list[int]) -> GeoPlace:
    """The gazetteer facility if one is in the group, else the most used non-district name."""
    for k in members:
        p = out[k]
        if isinstance(p, GeoPlace) and not p.synthetic:
            return p
    pool = [k for k in members if not _dn(out[k])] or members
    counts = Counter(_label(out[k]) for k in pool)
    best = max(pool, key=lambda k: (counts[_label(out[k])], -k))
    rep = out[best]
    assert isinstance(rep, GeoPlace)
    return rep


def _anaphors(nt: NormText, original: str, mentions: list[_Mention],
              places: list[Place]) -> list[Place]:
    """« السجن » etc. as mentions of the report's one facility of that type."""
    by_type: dict[str, dict[str, GeoPlace]] = {}
    for p in places:
        if isinstance(p, GeoPlace) and p.kind == "facility" and p.facility_type:
            by_type.setdefault(p.facility_type, {})[p.id] = p
    out: list[Place] = []
    for m in mentions:
        if not m.anaphor or m.ftype is None:
            continue
        found = by_type.get(m.ftype, {})
        if len(found) != 1:
            continue
        target = next(iter(found.values()))
        a, b = span_with_marks(nt, original, m.start, m.end)
        out.append(replace(target, evidence=Span(a, b, original[a:b]), mention="anaphor"))
    return out


# --------------------------------------------------------------------------- main place

_RANK = {"country": 0, "region": 1, "admin1": 2, "city": 3, "district": 4, "facility": 5}


def main_place(doc: Document) -> Place | None:
    """The most specific, most mentioned place the report is about.

    Mentions are weighted (more in the title and lead) and summed up the
    containment tree (facility → city → province → country). Starting from
    the best country, the choice moves down to the best child while that
    child carries a fair share of its parent's weight — so a prison named six
    times in a city named four times wins over the city, while a hospital
    named once in passing does not. Dateline places (where the reporter files
    from) are ignored.
    """
    places = [p for p in find_places(doc) if isinstance(p, GeoPlace) and p.mention != "dateline"]
    if not places:
        return None
    gaz = load_gazetteer()
    first_break = doc.text.find("\n")
    lead_end = 400
    weight: defaultdict[str, float] = defaultdict(float)
    sample: dict[str, GeoPlace] = {}
    parents: dict[str, str | None] = {}
    for p in places:
        w = 1.0
        if p.evidence is not None and p.evidence.start < lead_end:
            w += 0.5
        if p.evidence is not None and 0 < first_break and p.evidence.start < first_break:
            w += 0.5
        if p.facility_type in _AFTERMATH_SITES:
            w *= 0.5   # where the wounded were taken, seldom where it happened
        weight[p.id] += w
        sample.setdefault(p.id, p)
        parents[p.id] = p.parent
    # Fill in ancestors so the tree is connected.
    cur: str | None
    for pid in list(parents):
        cur = parents[pid]
        while cur and cur not in parents:
            e = gaz.get(cur)
            parents[cur] = e.parent if e and e.parent else None
            cur = parents[cur]
    agg: defaultdict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for pid, w in weight.items():
        cur = pid
        seen: set[str] = set()
        pos = _first(sample, pid)
        while cur and cur not in seen:
            seen.add(cur)
            agg[cur] += w
            first[cur] = min(first.get(cur, pos), pos)
            cur = parents.get(cur)
    children: dict[str | None, list[str]] = {}
    for pid, par in parents.items():
        children.setdefault(par if par in parents else None, []).append(pid)

    def order(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (-agg[i], -_RANK.get(_kind(gaz, sample, i), 3), first.get(i, 10**9)))

    node: str | None = None
    level = order(children.get(None, []))
    if not level:
        return None
    node = level[0]
    while True:
        kids = order(children.get(node, []))
        if not kids:
            break
        best = kids[0]
        kind = _kind(gaz, sample, best)
        share = agg[best] / max(agg[node], 1e-9)
        if kind in ("facility", "district"):
            ok = agg[best] >= 2 and share >= 0.2
        else:
            ok = share >= 0.35
        if not ok:
            break
        node = best
    # The node may be an ancestor never mentioned itself: descend to its heaviest mention.
    while node not in sample:
        kids = order(children.get(node, []))
        if not kids:
            return None
        node = kids[0]
    chosen = sample[node]
    return chosen


def _first(sample: dict[str, GeoPlace], pid: str) -> int:
    p = sample.get(pid)
    return p.evidence.start if p is not None and p.evidence is not None else 10**9


def _kind(gaz: Gazetteer, sample: dict[str, GeoPlace], pid: str) -> str:
    if pid in sample:
        return sample[pid].kind
    e = gaz.get(pid)
    return e.kind if e else "city"
