"""Named persons with the role and organisation the text gives them.

Attribution in Arabic news runs through titled people: « قال المتحدث باسم
قوات X فلان الفلاني », « فلان الفلاني، الناطق الرسمي باسم Y، … », « قائد
شرطة Z العميد فلان ». The organisation and the name are written one after
the other with nothing between them, so the split is made by the shape of
the words: a personal name is one to three name units (« عبد الله »,
« أبو محمد », « ذبيح الله » are one unit) whose first unit has no article,
that are not places, organisation words or function words; a rank
(« العميد », « اللواء ») always starts the name; a closing quote always ends
the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from riwaya.extract.gazetteer import load_gazetteer
from riwaya.model import Document
from riwaya.text.lexicon import folded_words
from riwaya.text.normalize import normalize, span_with_marks


@dataclass
class Person:
    """A named person, the role the text gives them, and the organisation as written.

    ``start``/``end`` are offsets of the name in ``doc.text``; ``title`` is a
    rank or honorific written before the name (« العميد »), if any.
    """

    name: str
    role: str | None
    organisation: str | None
    start: int
    end: int
    title: str | None = None


def _f(key: str) -> frozenset[str]:
    """A word list of ``data/persons.yaml``, folded: tokens here are compared whole."""
    return folded_words("persons", key)


#: Role heads (folded, without the article).
_ROLES = _f("roles")
_ROLE_ADJ = _f("role_adjectives")
_CONNECTORS = _f("connectors")
_SPOKES = _f("spokesperson_roles")
_RANKS = _f("ranks")
_UNIT_PREFIX = _f("name_prefixes")
_UNIT_SUFFIX = _f("name_suffixes")
#: Words that end the window after a role (speech verbs, particles, times).
_TERMINATORS = _f("terminators")
_SPEECH_AFTER_FI = _f("speech_nouns_after_fi")
#: Organisation words: never part of a personal name.
_ORG_WORDS = _f("organisation_words")
#: Organisation heads that need a complement: an organisation never ends with one.
_CONSTRUCT_HEADS = _f("construct_heads")
_SPEECH = _f("speech_words")
_V_NAMES = _f("names_with_waw_fa")
_STOP = _f("stop_words") | _TERMINATORS

_TOKEN = regex.compile(r"[\p{L}\p{N}]+")
_HARD_GAP = regex.compile(r"[،,.:;؛()\[\]!?؟\n]")


@dataclass
class _T:
    start: int
    end: int
    w: str          # folded, lower-cased word
    bare: str       # without a leading conjunction and article


def _strip(w: str) -> str:
    if len(w) > 3 and w[0] in "وف" and (w[1:] in _ROLES or w[1:3] == "ال" or w[1:] in _TERMINATORS):
        w = w[1:]
    return w


def _unbare(w: str) -> str:
    w = _strip(w)
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


class _Doc:
    def __init__(self, text: str) -> None:
        self.nt = normalize(text)
        s = self.nt.text.lower()
        self.s = s
        self.toks = [_T(m.start(), m.end(), m.group(), _unbare(m.group())) for m in _TOKEN.finditer(s)]

    def gap(self, i: int) -> str:
        return self.s[self.toks[i].end:self.toks[i + 1].start]


def _units(toks: list[_T]) -> list[list[int]]:
    """Group token indices into name units: « عبد الله », « أبو محمد », « نور الدين »."""
    units: list[list[int]] = []
    k = 0
    while k < len(toks):
        if toks[k].w in _UNIT_PREFIX and k + 1 < len(toks):
            units.append([k, k + 1])
            k += 2
            continue
        if toks[k].w in _UNIT_SUFFIX and units:
            units[-1].append(k)
            k += 1
            continue
        units.append([k])
        k += 1
    return units


def _name_like(tok: _T, places: set[str]) -> bool:
    w = _strip(tok.w)
    if not regex.fullmatch(r"\p{Arabic}{2,}", w):
        return False
    return (w not in _STOP and w not in _ORG_WORDS and tok.bare not in _ORG_WORDS
            and w not in _ROLES and tok.bare not in _ROLES and w not in _RANKS
            and w not in places)


def _unit_ok(win: list[_T], u: list[int], places: set[str]) -> bool:
    """A name unit: its head is name-like; « عبد »/« أبو » take any following word."""
    head = win[u[0]]
    if not _name_like(head, places):
        return False
    if len(u) == 1 and head.w.startswith("ل") and u[0] + 1 < len(win) and win[u[0] + 1].w.startswith("ال"):
        return False        # « لحقوق الإنسان »: a prepositional complement of the organisation
    rest = u[1:]
    if head.w in _UNIT_PREFIX:
        return all(regex.fullmatch(r"\p{Arabic}{2,}", win[x].w) and win[x].w not in _STOP for x in rest)
    return all(win[x].w in _UNIT_SUFFIX for x in rest)


def _take_name(win: list[_T], units: list[list[int]], ui: int, places: set[str]) -> list[list[int]]:
    """Name units from ``units[ui]`` on: at most three, ending after a unit with the article."""
    name: list[list[int]] = []
    for v in units[ui:]:
        if len(name) == 3 or not _unit_ok(win, v, places):
            break
        name.append(v)
        if len(name) > 1 and win[v[0]].w.startswith("ال"):
            break           # « أشرف القدرة »: a family name with the article closes the name
    return name


def _split(win: list[_T], quote_cut: int, places: set[str]) -> tuple[int, int] | None:
    """Where the name starts and ends in a window that follows a role: (i, j) or None.

    The organisation comes first and is made of words with the article,
    organisation words, places, function words and quoted text; the name
    starts at the first name-like unit without the article (or right after a
    rank), provided the organisation before it does not end on a head that
    still needs its complement (« حركة » …).
    """
    units = _units(win)
    for ui, u in enumerate(units):
        if len(u) == 1 and win[u[0]].w in _RANKS and ui + 1 < len(units):
            name = _take_name(win, units, ui + 1, places)
            if not name:
                return None
            return name[0][0], name[-1][-1] + 1
    for ui, u in enumerate(units):
        if u[0] < quote_cut or u[0] == 0:
            continue
        if win[u[0]].w.startswith("ال") or not _unit_ok(win, u, places):
            continue
        before = win[u[0] - 1]
        if before.bare in _CONSTRUCT_HEADS or before.w in _CONSTRUCT_HEADS:
            continue
        name = _take_name(win, units, ui, places)
        first = ui
        if sum(len(v) for v in name) < 2:
            # « الفاتح قرشي »: a first name that carries the article
            prev = units[ui - 1] if ui >= 1 else None
            if (prev is not None and len(prev) == 1 and prev[0] >= max(1, quote_cut)
                    and win[prev[0]].w.startswith("ال") and _unit_ok(win, prev, places)
                    and len(name) == 1 and ui == len(units) - 1):
                name.insert(0, prev)
                first = ui - 1
            else:
                return None
        if first < 0 or name[0][0] == 0:
            return None
        return name[0][0], name[-1][-1] + 1
    return None


def _name_before(d: _Doc, i: int, places: set[str]) -> tuple[int, int] | None:
    """« قال فرهاد شامي، المتحدث باسم … »: the name just before a definite role.

    Only taken when the name follows a speech verb (or « عن », « بحسب »), or
    opens a clause and is set off from the role by a comma — otherwise the
    words before a role are as likely a verb and its object.
    """
    toks = d.toks
    if i == 0 or not _strip(toks[i].w).startswith("ال"):
        return None
    g = d.gap(i - 1)
    comma = "،" in g or "," in g
    if _HARD_GAP.search(g.replace("،", "").replace(",", "")) or g.count("،") + g.count(",") > 1:
        return None
    k = i - 1
    run: list[int] = []
    while k >= 0 and len(run) < 4:
        if k < i - 1 and _HARD_GAP.search(d.gap(k)):
            break
        t = toks[k]
        after_prefix = k > 0 and toks[k - 1].w in _UNIT_PREFIX
        if not (_name_like(t, places) or t.w in _UNIT_SUFFIX or after_prefix):
            break
        run.insert(0, k)
        k -= 1
    # The run must be exactly a name: 2–4 words, no article on the first, nor inside it.
    while run and (toks[run[0]].w.startswith("ال") or toks[run[0]].w in _UNIT_SUFFIX):
        run.pop(0)
    if len(run) < 2:
        return None
    first = toks[run[0]].w
    if first[0] in "وف" and first not in _V_NAMES:
        return None
    for x in run[1:-1]:
        if toks[x].w.startswith("ال") and toks[x - 1].w not in _UNIT_PREFIX and toks[x].w not in _UNIT_SUFFIX:
            return None
    before = run[0] - 1
    speech = before >= 0 and _strip(toks[before].w) in _SPEECH and not _HARD_GAP.search(d.gap(before))
    opens = before < 0 or bool(_HARD_GAP.search(d.gap(before)))
    if not (speech or (comma and opens)):
        return None
    return run[0], i


def find_persons(doc: Document) -> list[Person]:
    """Every « role of organisation + name » (or « name, role of organisation ») in ``doc``."""
    d = _Doc(doc.text)
    gaz = load_gazetteer()
    places = {k for k in gaz.index if " " not in k and not gaz.is_ambiguous(k)
              and any(gaz.entries[i].kind in ("country", "city", "admin1") for i in gaz.index[k])}
    toks = d.toks
    out: list[Person] = []
    seen: set[tuple[int, int]] = set()
    i = 0
    while i < len(toks):
        t = toks[i]
        head = _strip(t.w)
        role_key = head[2:] if head.startswith("ال") else head
        if role_key not in _ROLES:
            i += 1
            continue
        nxt = toks[i + 1].w if i + 1 < len(toks) else ""
        if (head.startswith("ال") and i > 0 and toks[i - 1].w.startswith("ال")
                and not _HARD_GAP.search(d.gap(i - 1)) and role_key not in _SPOKES
                and nxt not in _CONNECTORS and nxt not in _ROLE_ADJ):
            i += 1          # « السبب الرئيس »: an adjective after a noun, not a title
            continue
        # The role phrase: head, adjectives (« الرسمي »), then a connector (« باسم »).
        j = i + 1
        while j < len(toks) and toks[j].w in _ROLE_ADJ and not _HARD_GAP.search(d.gap(j - 1)):
            j += 1
        role_end = j
        if j < len(toks) and toks[j].w in _CONNECTORS and not _HARD_GAP.search(d.gap(j - 1)):
            if toks[j].w == "عن" and role_key not in _SPOKES:
                i += 1      # « المسؤول عن تنفيذ … »: responsible for, not an official of
                continue
            j += 1
        # The window: organisation and maybe a name, up to a terminator.
        win: list[_T] = []
        quote_cut = 0
        k = j
        while k < len(toks) and len(win) < 10:
            if k > j:
                g = d.gap(k - 1)
                if _HARD_GAP.search(g):
                    break
                if '"' in g and win and d.s.count('"', toks[j].start - 1, toks[k].start) % 2 == 0:
                    quote_cut = len(win)       # a closing quote ends the organisation
            w = _strip(toks[k].w)
            if w in _TERMINATORS or (w in _STOP and w != "في") or (w == "في" and k + 1 < len(toks) and toks[k + 1].bare in _SPEECH_AFTER_FI):
                break
            win.append(toks[k])
            k += 1
        role_a, role_b = span_with_marks(d.nt, doc.text, t.start + (1 if t.w != head else 0), toks[role_end - 1].end)
        role_text = doc.text[role_a:role_b]
        split = _split(win, quote_cut, places) if win else None
        title = None
        if split is not None:
            ni, nj = split
            org_toks = win[:ni]
            if org_toks and org_toks[-1].w in _RANKS:
                title_a, title_b = span_with_marks(d.nt, doc.text, org_toks[-1].start, org_toks[-1].end)
                title = doc.text[title_a:title_b]
                org_toks = org_toks[:-1]
            name_toks = win[ni:nj]
        else:
            before = _name_before(d, i, places)
            if before is None:
                i = max(i + 1, j)
                continue
            org_toks = win
            name_toks = toks[before[0]:before[1]]
        if not name_toks:
            i += 1
            continue
        na, nb = span_with_marks(d.nt, doc.text, name_toks[0].start, name_toks[-1].end)
        if (na, nb) in seen:
            i = max(i + 1, j)
            continue
        seen.add((na, nb))
        org = None
        if org_toks:
            oa, ob = span_with_marks(d.nt, doc.text, org_toks[0].start, org_toks[-1].end)
            org = doc.text[oa:ob].strip(' "«»“”\'')
        out.append(Person(doc.text[na:nb], role_text, org or None, na, nb, title))
        i = max(i + 1, j + (nj if split is not None else 0))
    out.sort(key=lambda p: p.start)
    return out
