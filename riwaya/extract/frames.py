"""What a figure counts and whose people: read from the frame around it.

The same noun counts different things in different frames: "فرار 20
سجيناً" is an escape, "ألقت القبض على 20 من الفارين" a capture, "يضم 20
سجيناً" a number of detainees. Passengers («قارب كان يقل 150») and one
figure for two quantities («استشهاد وإصابة 11») count nothing. The decision
takes, in order: a definite number after its definite noun («قتلت المهاجمين
الثلاثة»: the verb before the noun governs); a subset ("من بينهم") of the
figure before it, or its restatement in another unit («، أي نحو 5 آلاف
فرد»); a trigger word governing the figure from just before it; a counted
noun that names the quantity itself (قتيلاً، جريحاً، نازح); a count
estimated with «بـ» («قدّرت عدد العائلات التي نزحت بـ…»); an attack noun
with "بـ" + figure (attackers); a predicate after the counted noun whose
subject the figure is; and a trigger further back in the same clause.
Triggers live in ``data/quantities.yaml``, the module's other word lists
(subsets, «آخرين», soldiers …) in ``data/frames.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from riwaya.extract.actor_spans import army_named_by
from riwaya.extract.figures import FigureCandidate
from riwaya.extract.numbers import COUNT_NOUN, find_numbers
from riwaya.text.lexicon import PhraseIndex, hits, load, word_list, word_set, words_of
from riwaya.text.segment import Sentence
from riwaya.text.tokens import Word, candidates, glued

#: Quantities whose counted noun settles the matter whatever verb governs it.
_STRONG_NOUNS = ("killed", "wounded", "displaced", "hostages", "holdouts")
#: Quantities for which "N من <actor>" names whose people were counted.
_CASUALTIES = ("killed", "wounded")
#: (trigger's quantity, counted noun's quantity) where the noun is the more
#: specific: people held or seized who are named hostages are hostages.
#: «كبّدت المهاجمين أكثر من 200 قتيل»: a toll noun after the figure counts the
#: attackers' dead, not the attackers.
_NOUN_OVER_TRIGGER = frozenset({("detainees", "hostages"), ("captured", "hostages"),
                                ("attackers", "killed"), ("attackers", "wounded")})
_ADJ_AFTER = words_of("frames", "adjectives_after")
_OTHERS = words_of("frames", "others")
_GAP_PUNCT = frozenset({"،", ",", "؛", ";", ":", ".", "!", "?", "؟", "(", ")", "-"})
#: Marks that close a sentence-like unit («؛» and «:» too): no frame reaches across one.
_STOPS = frozenset({"؛", ";", ":", ".", "!", "?", "؟"})
_SUBSET = words_of("frames", "subset")
#: «20 منهم على الأقل»: a part of the figure before, named by a pronoun after the number.
_OF_THEM = words_of("frames", "of_them")
#: How far a subset of people («…، بينهم 40 طفلاً») may stand from the figure it divides.
_SUBSET_REACH = 20
_VICTIM_PREPS = words_of("frames", "victim_preps")

ActorResolver = Callable[[int, int], "tuple[str, str] | None"]
"""(first token, end token) -> (party name, kind) of an actor named there, if any."""
GroupFinder = Callable[[int, int], "set[str]"]
"""(first token, end token) -> the non-state armed sides named there."""
AttackerFinder = Callable[[int], "str | None"]
"""token -> the armed side last named, before it, as the doer of an attack."""
#: Nouns for fighters of an armed group, as armies and governments count them.
_MILITANTS = words_of("frames", "militants")
_UNKNOWN = words_of("frames", "unknown")


# Never changed once made, but not frozen: a frozen dataclass sets each field through
# object.__setattr__, five times the cost, and extraction makes one per figure. And
# __init__ is written out: the compiled build runs a generated one as interpreted code.
@dataclass(slots=True, unsafe_hash=True, init=False)
class Frame:
    """The decision for one figure: quantity, party and the tokens of its evidence."""

    quantity: str
    party: str | None
    t0: int
    t1: int
    #: The soldiers counted are the speaker's own: "own" («أي من جنودها», «its
    #: troops»), or "army" (a bare «الجيش», the speaker's when it is an army).
    #: Their party is known only once the source is.
    own: str
    #: For a part of the figure before («14 مدنياً، بينهم خمسة أطفال»), that whole.
    whole: Frame | None

    def __init__(self, quantity: str, party: str | None, t0: int, t1: int, own: str = "",
                 whole: Frame | None = None) -> None:
        self.quantity = quantity
        self.party = party
        self.t0 = t0
        self.t1 = t1
        self.own = own
        self.whole = whole


@dataclass(frozen=True)
class _Lex:
    before: PhraseIndex[tuple[str, frozenset[str]]]
    #: (quantity, a word the sentence must hold, a word the counted noun phrase must hold)
    after: PhraseIndex[tuple[str, frozenset[str], frozenset[str]]]
    where: PhraseIndex[tuple[str, frozenset[str], frozenset[str]]]
    nouns: PhraseIndex[str]
    by: PhraseIndex[str]
    people: frozenset[str]
    demographics: PhraseIndex[str]
    things: PhraseIndex[str]
    people_duals: PhraseIndex[str]
    negators: frozenset[str]
    any_words: frozenset[str]
    deniers: frozenset[str]
    bare_denied: frozenset[str]
    denial_objects: frozenset[str]
    window: int
    light: frozenset[str]
    combatants: frozenset[str]
    confinement: frozenset[str]
    displacement: frozenset[str]
    shelter: frozenset[str]


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    data = load("quantities")
    before: list[tuple[str, tuple[str, frozenset[str]]]] = []
    after: list[tuple[str, tuple[str, frozenset[str], frozenset[str]]]] = []
    where: list[tuple[str, tuple[str, frozenset[str], frozenset[str]]]] = []
    nouns: list[tuple[str, str]] = []
    by: list[tuple[str, str]] = []
    for q, spec in data["quantities"].items():
        for entry in spec.get("before", []):
            if isinstance(entry, dict):
                before.append((entry["phrase"], (q, word_set(entry.get("requires", [])))))
            else:
                before.append((entry, (q, frozenset())))
        for entry in spec.get("after", []):
            if isinstance(entry, dict):
                after.append((entry["phrase"], (q, word_set(entry.get("requires", [])),
                                                word_set(entry.get("subject", [])))))
            else:
                after.append((entry, (q, frozenset(), frozenset())))
        where += [(p, (q, frozenset(), frozenset())) for p in spec.get("where", [])]
        nouns += [(p, q) for p in spec.get("nouns", [])]
        by += [(p, q) for p in spec.get("by", [])]
    dem = data["demographics"]
    den = data["denial"]
    return _Lex(
        before=PhraseIndex(before),
        after=PhraseIndex(after),
        where=PhraseIndex(where),
        nouns=PhraseIndex(nouns),
        by=PhraseIndex(by),
        people=word_set(data["people_nouns"]),
        demographics=PhraseIndex((w, party) for party, ws in dem.items() for w in ws),
        things=PhraseIndex((w, name) for name, ws in data["things"].items() for w in ws),
        people_duals=PhraseIndex((w, "people") for w in data["people_duals"]),
        negators=word_set(den["negators"]),
        any_words=word_set(den["any"]),
        deniers=word_set(den["bare"]["deniers"]),
        bare_denied=word_set(den["bare"]["nouns"]),
        denial_objects=word_set(den["objects"]),
        window=int(den["window"]),
        light=word_set(data["light"]),
        combatants=word_set(data["combatants"]),
        confinement=word_set(data["confinement"]),
        displacement=word_set(data["displacement"]),
        shelter=word_set(data["shelter"]),
    )


def _requires_ok(req: frozenset[str], tokens: list[Word], a: int, b: int) -> bool:
    if not req:
        return True
    return any(hits(tokens[k], req) for k in range(a, b))


@dataclass(slots=True, unsafe_hash=True, init=False)   # not frozen, __init__ written out: see Frame
class _Noun:
    i: int            # token of the counted noun (or -1)
    end: int          # end of the counted noun phrase
    kind: str         # "people", "thing", "unknown", "none"
    name: str | None  # quantity for strong nouns / thing name / demographic party
    party_span: tuple[int, int] | None   # partitive "من X" tokens

    def __init__(self, i: int, end: int, kind: str, name: str | None,
                 party_span: tuple[int, int] | None) -> None:
        self.i = i
        self.end = end
        self.kind = kind
        self.name = name
        self.party_span = party_span


def counted_noun(tokens: list[Word], fig: FigureCandidate, stop: int) -> _Noun:
    """The noun a figure counts: right after it, after an adjective, or in "من X"."""
    lex = _lex()
    if fig.self_counted:
        strong = lex.nouns.match_at(tokens, fig.vi)
        span_end = fig.vj
        if span_end + 1 < stop and tokens[span_end].text == "من":   # «مسلحان من تنظيم داعش»
            span_end = _partitive_end(tokens, span_end + 1, stop)
        return _Noun(fig.vi, fig.vj, "people", strong[1] if strong else None, (fig.vi, span_end))
    k = fig.vj
    if k < stop and k < fig.j:   # a hedge after the number ("5 على الأقل")
        k = fig.j
    adjectives = k
    while k < stop and hits(tokens[k], _ADJ_AFTER):
        k += 1
    others = any(hits(tokens[m], _OTHERS) for m in range(adjectives, k))
    adjectives = k - adjectives
    if k < stop and hits(tokens[k], _OF_THEM):
        # «5 منهم على الأقل محتجزين»: the people of the figure before.
        return _Noun(-1, k + 1, "none", None, None)
    if others:
        # «أكثر من عشرين آخرين بانفجار»: «آخرين» is the counted people; what
        # follows is the event, not a counted thing.
        return _Noun(-1, k, "none", None, None)
    partitive = False
    if k < stop and tokens[k].text in ("من", "of"):
        partitive = True
        k += 1
        while k < stop and tokens[k].text == '"':
            k += 1
    if k >= stop or tokens[k].text in _GAP_PUNCT or not tokens[k].is_word:
        return _Noun(-1, fig.j, "none", None, None)
    english = _english_head(tokens, k, stop)
    if english is not None:
        return english
    thing = lex.things.match_at(tokens, k)
    if thing and not partitive:
        return _Noun(k, k + thing[0], "thing", thing[1], None)
    strong = lex.nouns.match_at(tokens, k)
    if strong:
        # «مقتل 9 نازحين»: a noun naming the quantity may name whose people too.
        named = partitive or lex.demographics.match_at(tokens, k) is not None
        return _Noun(k, k + strong[0], "people", strong[1], (k, k + strong[0]) if named else None)
    end = k + 1
    if partitive:
        # "من تنظيم داعش", "من عناصر التنظيم": the group, up to a clause mark.
        e = _partitive_end(tokens, k, stop, ("في", "الى", "إلى", "على"))
        while e < stop and tokens[e].text == '"':
            e += 1
        return _Noun(k, max(e, end), "people", None, (k, e))
    if hits(tokens[k], lex.people) or _nisba(tokens[k].text):
        # "مقاتل من تنظيم X": carry the partitive after the noun too.
        if k + 1 < stop and tokens[k + 1].text == "من":
            return _Noun(k, end, "people", None, (k, _partitive_end(tokens, k + 2, stop)))
        return _Noun(k, end, "people", None, (k, end))
    if adjectives:   # "30 آخرين أصيبوا": the noun is understood from before
        return _Noun(-1, k, "none", None, None)
    return _Noun(k, end, "unknown", None, None)


#: English words that never stand between a number and its noun.
_EN_BREAK = frozenset(word_list("frames", "english_breaks"))


def _english_head(tokens: list[Word], k: int, stop: int) -> _Noun | None:
    """English puts modifiers before the noun: «14 Malian soldiers», «two Hezbollah fighters».

    Up to three Latin words may stand between the number and a people
    noun of the lexicon; they name whose people are counted.
    """
    lex = _lex()
    if not tokens[k].text.isascii():
        return None
    for m in range(k, min(stop, k + 6)):
        tok = tokens[m]
        if tok.text in ("-", "'", "’") and m > k:   # «al-Shabaab», «Assad's»
            continue
        if not tok.is_word or not tok.text.isascii() or tok.text.lower() in _EN_BREAK:
            return None
        strong = lex.nouns.match_at(tokens, m)
        if m > k and (strong or hits(tok, lex.people)):
            name = strong[1] if strong else None
            end = m + (strong[0] if strong else 1)
            return _Noun(m, end, "people", name, (k, end))
    return None


def _partitive_end(tokens: list[Word], k: int, stop: int,
                   ends: tuple[str, ...] = ("في", "على")) -> int:
    """End of the group named after «من»: at most four words, up to a clause
    mark, a word of ``ends`` or the next coordinated figure."""
    e = k
    while e < stop and e < k + 4 and tokens[e].text not in _GAP_PUNCT and tokens[e].text not in ends:
        if e > k and _coordinated_figure(tokens, e):
            break   # «6 من عناصر طالبان وطفلان»: the next figure's people are its own
        e += 1
    return e


def _coordinated_figure(tokens: list[Word], e: int) -> bool:
    """Whether «و» at token ``e`` opens another figure: «و3», «وطفلان»."""
    tok = tokens[e]
    if tok.text == "و":
        return e + 1 < len(tokens) and tokens[e + 1].is_digit
    return tok.text.startswith("و") and _lex().people_duals.match_at(tokens, e) is not None


def _nisba(word: str) -> bool:
    """A relative adjective used as a noun (فلسطيني، أوكرانيين، سوريون) counts people."""
    return len(word) > 4 and word.endswith(("يين", "يون", "يا", "ي")) and not word.startswith(("ال", "وال"))


def _in_ranks_after(tokens: list[Word], k: int) -> tuple[int, int] | None:
    """«… 12 قتيلاً و30 جريحاً في صفوف المدنيين»: the ranks named a few words on."""
    for m in range(k, min(len(tokens) - 1, k + 6)):
        if tokens[m].text in _GAP_PUNCT:
            return None
        if tokens[m].text == "في" and "صفوف" in tokens[m + 1].keys:
            return m + 2, min(len(tokens), m + 5)
    return None


def _party(tokens: list[Word], noun: _Noun, quantity: str, actor_at: ActorResolver | None) -> str | None:
    lex = _lex()
    sides = quantity in _CASUALTIES
    if noun.party_span is None and noun.kind == "people" and noun.end > 0:
        span = _in_ranks_after(tokens, noun.end)
        if span is not None:
            noun = _Noun(noun.i, noun.end, noun.kind, noun.name, span)
    if noun.party_span is None:
        return None
    a, b = noun.party_span
    # "في صفوف الجيش" after the noun names whose ranks the count is from.
    if b + 1 < len(tokens) and tokens[b].text == "في" and "صفوف" in tokens[b + 1].keys:
        b = min(len(tokens), b + 5)
    found: list[str] = []
    army: str | None = None
    k = a
    while k < b:
        dem = lex.demographics.match_at(tokens, k)
        if dem:
            found.append(dem[1])
            k += dem[0]
            if dem[1] == "security forces" and k < len(tokens) and army is None:
                # «جندياً أوكرانياً», «الجنود الروس»: a nation's adjective names its army.
                army = army_named_by(tokens[k])
            continue
        if army is None and k + 1 < len(tokens) and hits(tokens[k], lex.combatants) \
                and not hits(tokens[k], lex.confinement):
            army = army_named_by(tokens[k + 1])   # «مسلح حوثي»: the side the adjective names
        k += 1
    if not sides:
        # Named sides narrow only the dead and wounded (as the gold convention
        # has it: «23 من عناصر داعش» captured or attacking is a total), so
        # other counts keep the demographic word alone («جنود» → security forces).
        army = None
    if found and found[0] == "security forces" and len(set(found)) == 1:
        if sides and actor_at is not None:
            # «جنود الجيش السوداني»: the named army says more than «soldiers».
            hit = actor_at(a, b)
            if hit:
                return hit[0]
        if army is not None:
            return army
    if found:
        # "الجنود والمدنيين": a mixed count narrows nothing; and the displaced,
        # counted as displaced, are a total, not one side's people.
        if len(set(found)) > 1 or (quantity == "displaced" and found[0] == "civilians"):
            return None
        return found[0]
    if sides and actor_at is not None:
        hit = actor_at(a, b)
        if hit:
            return hit[0]
    return army


def _stop_between(tokens: list[Word], a: int, b: int) -> bool:
    """Whether a sentence-like stop («؛», «:») stands in ``tokens[a:b]``."""
    return any(tokens[m].text in _STOPS for m in range(a, b))


#: Triggers whose subject did the killing («قضت القوات على», «حيّدت»), and the
#: complementizers that make the speaker that subject («قال الجيش إنه قتل»).
_AGENTIVE = words_of("frames", "agentive")
_SPEAKER_SUBJECT = words_of("frames", "speaker_subject")


def _agentive(tokens: list[Word], sent: Sentence, t0: int) -> bool:
    """Whether the frame opening at ``t0`` has the speaker kill the people counted."""
    if hits(tokens[t0], _AGENTIVE):
        return True
    return t0 > sent.t0 and hits(tokens[t0 - 1], _SPEAKER_SUBJECT) and t0 < len(tokens) \
        and _lex().before.match_at(tokens, t0) is not None


def _militants_side(tokens: list[Word], sent: Sentence, noun: _Noun, groups_in: GroupFinder,
                    sole_group: Callable[[], str | None] | None = None) -> str | None:
    """«غارات على مخابئ لحركة طالبان باكستان قتلت 20 مسلحاً»: militants killed, whose
    group is the one armed group the sentence names (not «مسلحين مجهولين»), or, when
    the sentence names none, the one the whole report names («قتلت القوات 47 إرهابياً»
    in a report on an al-Shabaab attack)."""
    if noun.i < 0:
        return None
    k = noun.i
    if tokens[k].text == "من" and k + 1 < len(tokens):   # «اثنين من المسلحين»
        k += 1
    if not hits(tokens[k], _MILITANTS) or (k + 1 < sent.t1 and hits(tokens[k + 1], _UNKNOWN)):
        return None
    groups = groups_in(sent.t0, sent.t1)
    if not groups and sole_group is not None:
        return sole_group()
    return next(iter(groups)) if len(groups) == 1 else None


def _victim_party(tokens: list[Word], sent: Sentence, t: int) -> str | None:
    """"… بحق عدد من المدنيين، راح ضحيتها 5": the victims named before the figure."""
    lex = _lex()
    for k in range(t - 1, max(sent.t0, t - 14) - 1, -1):
        if hits(tokens[k], _VICTIM_PREPS):
            for m in range(k + 1, min(t, k + 6)):
                dem = lex.demographics.match_at(tokens, m)
                if dem:
                    return dem[1]
    return None


def _people_before(tokens: list[Word], sent: Sentence, t: int) -> str | None:
    """«الحراس …، وأن 4 منهم»: the people a «منهم» with no figure before it points back to,
    when the words just before name them (the nearest within ten words)."""
    lex = _lex()
    for k in range(t - 1, max(sent.t0, t - 10) - 1, -1):
        dem = lex.demographics.match_at(tokens, k)
        if dem and k + dem[0] <= t:
            return dem[1]
    return None


def _adjacent_trigger(tokens: list[Word], sent: Sentence, fig: FigureCandidate, clause: tuple[int, int]) -> tuple[str, int] | None:
    """A trigger ending at most two words before the figure, no punctuation between."""
    lex = _lex()
    if glued(tokens[fig.i], "و"):
        return None   # "الهاربة والعشرات": the trigger belongs to the noun before
    for gap in range(0, 3):
        end = fig.i - gap
        if end <= clause[0]:
            break
        if any(tokens[g].text in _GAP_PUNCT or tokens[g].text == '"' and gap > 1 for g in range(end, fig.i)):
            break
        hit = lex.before.match_ending_at(tokens, end, 5)
        if hit:
            n, (q, req) = hit
            if _requires_ok(req, tokens, clause[0], clause[1]):
                return q, end - n
    return None


def _distant_trigger(tokens: list[Word], fig: FigureCandidate, clause: tuple[int, int]) -> tuple[str, int] | None:
    lex = _lex()
    best: tuple[str, int] | None = None
    for a, _b, (q, req) in lex.before.find_all(tokens, clause[0], fig.i):
        if _requires_ok(req, tokens, clause[0], clause[1]):
            best = (q, a)
    return best


_Predicates = PhraseIndex[tuple[str, frozenset[str], frozenset[str]]]


def _predicate_fits(tokens: list[Word], sent: Sentence, subject: int, k: int,
                    hit: tuple[str, frozenset[str], frozenset[str]]) -> bool:
    """Whether a predicate at ``k`` may take the words from ``subject`` as its subject:
    the sentence holds a word it requires («شاركوا في العملية» only near an attack),
    and the subject one it asks of its subject («250 عائلة غادرت»: families leaving)."""
    _q, req, subj = hit
    if req and not _requires_ok(req, tokens, sent.t0, sent.t1):
        return False
    return not subj or _requires_ok(subj, tokens, subject, k)


def _after_predicate(
    tokens: list[Word], sent: Sentence, start: int, index: _Predicates, window: int = 10,
    subject: int | None = None,
) -> tuple[str, int] | None:
    """The nearest predicate of ``index`` after the counted noun, within ``window`` words;
    ``subject`` is where the figure's subject phrase starts (``start`` if not given)."""
    stop = min(sent.t1, start + window)
    k = start
    while k < stop:
        if tokens[k].text in (".", "؛", ";", "!", "؟", "?"):
            return None
        hit = index.match_at(tokens, k)
        if hit and _predicate_fits(tokens, sent, start if subject is None else subject, k, hit[1]):
            return hit[1][0], k + hit[0]
        k += 1
    return None


def _by_attack(tokens: list[Word], fig: FigureCandidate, clause: tuple[int, int]) -> bool:
    """"اقتحام السجن بما لا يقل عن 100 عنصر": an attack noun, then بـ + figure."""
    if not (glued(tokens[fig.i], "ب") or (fig.i > 0 and tokens[fig.i - 1].text == "ب")):
        return False
    return bool(_lex().by.find_all(tokens, clause[0], fig.i))


#: A figure right after these counts the people on board: «قارب كان يقل 150», «على متنه 155».
_CARRYING = words_of("frames", "carrying")
#: Adverbs that may stand between a frame and its figure: «من بين القتلى أيضاً أربعة».
_ADVERBS = words_of("frames", "adverbs")
#: «أي نحو 5 آلاف فرد», «أي ما يعادل»: a restatement of the figure before.
_RESTATING = words_of("frames", "restating")
_RESTATING_FILLERS = words_of("frames", "restating_fillers")
#: «من أصل 542»: the whole a part was taken from.
_OUT_OF = words_of("frames", "out_of")
#: Words between the people and their «عددهم» in a count estimated with «بـ»:
#: «المهاجمين، الذين قُدّر عددهم بالمئات».
_ESTIMATE_FILLERS = words_of("frames", "estimate_fillers")


def _combined(tokens: list[Word], fig: FigureCandidate, noun: _Noun, previous: Frame | None) -> bool:
    """«استشهاد وإصابة 11 مواطناً», «20 قتيلاً وجريحاً»: one figure for two quantities
    (not «4 جنود قُتلوا وأصيب 9»: there the first verb is the figure before's)."""
    lex = _lex()
    hit = lex.before.match_ending_at(tokens, fig.i, 3)
    if hit is not None:
        start = fig.i - hit[0]
        if tokens[start].text.startswith("و") and start > 0:
            other = lex.before.match_ending_at(tokens, start, 3)
            if other is not None and other[1][0] != hit[1][0] and other[1][0] in _CASUALTIES \
                    and (previous is None or previous.t1 <= start - other[0]) \
                    and not any(tokens[m].is_digit for m in range(max(0, start - other[0] - 3), start)):
                return True
    if noun.name in _CASUALTIES and noun.end < len(tokens) and tokens[noun.end].text.startswith("و"):
        other_noun = lex.nouns.match_at(tokens, noun.end)
        if other_noun is not None and other_noun[1] in _CASUALTIES and other_noun[1] != noun.name:
            after = noun.end + other_noun[0]
            return not find_numbers(tokens, after, min(len(tokens), after + 2))   # «3 شهداء وإصابة خمسة»
    return False


def _definite_after_noun(tokens: list[Word], sent: Sentence, fig: FigureCandidate) -> _Noun | None:
    """«المهاجمين الثلاثة», «الشهداء الأربعة»: a definite number word is an adjective
    of the definite people noun before it, which is the counted noun."""
    k = fig.i - 1
    if k < sent.t0 or fig.i != fig.vi or fig.vj - fig.vi != 1 or not tokens[fig.vi].is_word:
        return None
    if not _definite_word(tokens[fig.vi].text) or not _definite_word(tokens[k].text):
        return None
    lex = _lex()
    named = lex.nouns.match_at(tokens, k)
    if named is None and not hits(tokens[k], lex.people) and not hits(tokens[k], _MILITANTS):
        return None
    end = fig.j
    while end < sent.t1 and hits(tokens[end], _ADJ_AFTER):
        end += 1
    return _Noun(k, end, "people", named[1] if named and named[0] == 1 else None, (k, k + 1))


def _definite_word(text: str) -> bool:
    return text.startswith(("ال", "وال", "بال", "فال")) and len(text) > 4


def _restates(tokens: list[Word], sent: Sentence, fig: FigureCandidate, previous: Frame) -> bool:
    """Whether «أي» (or «أي ما يعادل») before the figure restates the figure just before."""
    k = fig.i - 1
    while k > sent.t0 and hits(tokens[k], _RESTATING_FILLERS):
        k -= 1
    if k <= sent.t0 or not hits(tokens[k], _RESTATING) or tokens[k - 1].text not in ("،", ","):
        return False
    # The figure before ends a few words before the comma, with no other figure between.
    return previous.t1 <= k and k - previous.t1 <= 8 and not _stop_between(tokens, previous.t1, k) \
        and not any(tokens[m].is_digit for m in range(previous.t1, k))


def _estimated(tokens: list[Word], sent: Sentence, fig: FigureCandidate) -> tuple[str, int] | None:
    """«قدّرت X عدد العائلات التي اضطرت إلى مغادرة … بـ"عشرات العائلات"», «المهاجمين، الذين
    قُدّر عددهم بالمئات»: a figure after «بـ» gives the number «عدد» names — the noun
    or predicate after it, or, as «عددهم», the people named just before it."""
    lex = _lex()
    k = fig.i
    while k > sent.t0 and tokens[k - 1].text == '"':
        k -= 1
    on_word = k == fig.i and glued(tokens[fig.i], "ب")
    if not on_word and not (k > sent.t0 and tokens[k - 1].text in ("ب", "بـ")):
        return None
    if not on_word:
        k -= 1
    for m in range(k - 1, max(sent.t0, k - 20) - 1, -1):
        if tokens[m].text in _STOPS or tokens[m].is_digit:
            return None
        if COUNT_NOUN not in tokens[m].keys:
            continue
        if tokens[m].text.endswith(("ه", "ها", "هم", "هن")):
            # «عددهم»: the people before it, past «الذين»/«قُدّر» and a comma.
            for n in range(m - 1, max(sent.t0, m - 6) - 1, -1):
                named = lex.nouns.match_at(tokens, n)
                if named:
                    return named[1], n
                if not (hits(tokens[n], _ESTIMATE_FILLERS) or tokens[n].text in ("،", ",")
                        or tokens[n].text in ("الذين", "التي", "اللذين", "اللواتي")):
                    return None
            return None
        named = lex.nouns.match_at(tokens, m + 1)
        if named and named[1] in _STRONG_NOUNS:
            return named[1], m
        pred = _after_predicate(tokens, sent, m + 1, lex.after, window=k - m - 1, subject=m + 1)
        return (pred[0], m) if pred else None
    return None


def decide(
    tokens: list[Word],
    sent: Sentence,
    fig: FigureCandidate,
    previous: Frame | None,
    actor_at: ActorResolver | None = None,
    groups_in: GroupFinder | None = None,
    attacker_of: AttackerFinder | None = None,
    sole_group: Callable[[], str | None] | None = None,
) -> Frame | None:
    """Quantity, party and evidence tokens for ``fig``; None when it counts nothing known."""
    lex = _lex()
    clause = sent.clause_of(fig.vi)
    noun = counted_noun(tokens, fig, sent.t1)
    if noun.kind == "thing":
        return Frame(noun.name or "things", None, fig.i, noun.end)
    if fig.i > sent.t0 and hits(tokens[fig.i - 1], _CARRYING):
        return None   # «قارب كان يقل 150 مهاجراً», «على متنه 155 شخصاً»: passengers, not a toll
    if _combined(tokens, fig, noun, previous):
        return None   # «استشهاد وإصابة 11 مواطناً»: the dead and the wounded together are no claim
    # A dual people noun ("جنديين") is its own figure; handled by the caller.
    t0 = fig.i
    quantity: str | None = None
    end = max(fig.j, noun.end)
    whole: Frame | None = None
    # 0. «قتلت المهاجمين الثلاثة»: a definite number after its definite noun, which
    #    the verb before governs.
    definite = _definite_after_noun(tokens, sent, fig)
    if definite is not None:
        noun = definite
        trigger = lex.before.match_ending_at(tokens, noun.i, 5)
        if trigger and not _requires_ok(trigger[1][1], tokens, clause[0], clause[1]):
            trigger = None
        if trigger and (trigger[1][0], noun.name) in _NOUN_OVER_TRIGGER:
            quantity, t0 = noun.name, noun.i - trigger[0]
        elif trigger and not (noun.name in _STRONG_NOUNS and hits(tokens[noun.i - trigger[0]], lex.light)):
            quantity, t0 = trigger[1][0], noun.i - trigger[0]
        elif noun.name:
            quantity, t0 = noun.name, noun.i
    # 1. "بين القتلى 5 أطفال": a subset of a named quantity («من بين القتلى أيضاً
    #    أربعة جنود»: an adverb may stand before the figure).
    lead = fig.i
    while lead - 1 > sent.t0 and hits(tokens[lead - 1], _ADVERBS):
        lead -= 1
    if quantity is None and lead - 2 >= sent.t0 and "بين" in tokens[lead - 2].keys:
        named = lex.nouns.match_at(tokens, lead - 1)
        if named:
            quantity, t0 = named[1], lead - 2
    #    «1237 عائلة نازحة، أي نحو 5 آلاف فرد»: the figure before, restated in another unit.
    if quantity is None and previous is not None and _restates(tokens, sent, fig, previous):
        quantity, whole = previous.quantity, previous.whole
    #    «118 فروا من أصل 542»: the whole the escaped were part of was held there.
    if quantity is None and previous is not None and previous.quantity == "escaped" and fig.i - 2 >= sent.t0 \
            and hits(tokens[fig.i - 1], _OUT_OF) and tokens[fig.i - 2].text == "من":
        quantity, t0 = "detainees", fig.i - 2
    #    «قتلى بينهم طفلان»: a subset of a quantity named without a figure.
    if quantity is None and fig.i - 2 >= sent.t0 and hits(tokens[fig.i - 1], _SUBSET) \
            and (previous is None or previous.t1 < fig.i - 2):
        named = lex.nouns.match_at(tokens, fig.i - 2)
        if named and named[0] == 1 and named[1] in _STRONG_NOUNS:
            quantity, t0 = named[1], fig.i - 2
    #    "من بينهم 40 من التنظيم": a subset of the figure before it.
    if quantity is None and previous is not None and fig.i > sent.t0 and hits(tokens[fig.i - 1], _SUBSET) \
            and (previous.t1 >= fig.i - 3 or (previous.t1 >= fig.i - _SUBSET_REACH and noun.kind == "people"
                                              and not _stop_between(tokens, previous.t1, fig.i))):
        quantity, whole = previous.quantity, previous.whole or previous
        t0 = fig.i - 1 - (1 if fig.i - 2 >= sent.t0 and tokens[fig.i - 2].text == "من" else 0)
    #    «4 أطفال وامرأتين», «بينهم أسير محرر وطفلان»: the next item of a list counts
    #    what the item before it counted — unless a predicate of its own follows at
    #    once («12 قتيلاً وعشرة مسلحين ما زالوا يتحصنون»: those ten are holding out).
    if quantity is None and previous is not None and noun.name is None and _next_item(tokens, sent, fig, previous) \
            and not _after_predicate(tokens, sent, noun.i + 1 if noun.i >= 0 else fig.j, lex.after, window=3):
        quantity, whole, t0 = previous.quantity, previous.whole, fig.i
    # 2. A trigger right before the figure, unless it is a light casualty word
    #    and the counted noun names the quantity itself ("سقوط 20 جريحاً").
    adj = _adjacent_trigger(tokens, sent, fig, clause) if quantity is None else None
    if adj and noun.name in _STRONG_NOUNS and previous is not None and previous.t0 <= adj[1] < previous.t1:
        adj = None   # «11 جثة و27 مصاباً»: «جثة» is the figure before's noun, not this one's frame
    if adj and previous is not None and previous.t0 < adj[1] < previous.t1 < fig.i:
        adj = None   # «34 مهاجراً لقوا حتفهم وفُقد 95»: the figure before's predicate, a word away
    if adj and (adj[0], noun.name) in _NOUN_OVER_TRIGGER:
        quantity, t0 = noun.name, adj[1]   # «تحتجز 11 رهينة»: hostages, however held
    elif adj and not (noun.name in _STRONG_NOUNS and hits(tokens[adj[1]], lex.light)):
        quantity, t0 = adj
    # 3. A counted noun that names the quantity itself.
    if quantity is None and noun.name in _STRONG_NOUNS:
        quantity = noun.name
    if quantity is None and noun.kind == "unknown":
        # «أكثر من 11 ألفاً نزحوا»: no noun, the predicate follows the figure at once.
        hit = lex.after.match_at(tokens, noun.i)
        if hit is None or not _predicate_fits(tokens, sent, fig.i, noun.i, hit[1]):
            return None
        quantity, end = hit[1][0], max(end, noun.i + hit[0])
    # 4. «قدّرت المفوضية عدد العائلات التي اضطرت إلى مغادرة … بـ"عشرات العائلات"»: a
    #    count estimated with بـ counts what «عدد» names.
    if quantity is None:
        estimated = _estimated(tokens, sent, fig)
        if estimated:
            quantity, t0 = estimated
    #    An attack with بـ + figure.
    if quantity is None and _by_attack(tokens, fig, clause):
        quantity = "attackers"
    # 5. A predicate after the counted noun phrase.
    if quantity is None:
        begin = noun.i + 1 if noun.i >= 0 else fig.j
        pred = _after_predicate(tokens, sent, begin, lex.after, subject=fig.i) or _after_predicate(
            tokens, sent, begin, lex.where, window=6)
        if pred:
            quantity, end = pred[0], max(end, pred[1])
    # 6. A counted noun that suggests a quantity (المهاجمين، الفارين).
    if quantity is None and noun.name:
        quantity = noun.name
    #    «يعتقد أن 20 منهم على قيد الحياة»: a part of the figure before.
    if quantity is None and previous is not None and fig.vj < sent.t1 and hits(tokens[fig.vj], _OF_THEM):
        quantity = previous.quantity
    # 7. A trigger further back in the clause ("عدد الذين نفذوا الهجوم … هم 12").
    if quantity is None:
        dist = _distant_trigger(tokens, fig, clause)
        if dist and previous is not None and previous.t0 < dist[1] < previous.t1:
            dist = None   # «34 مهاجراً لقوا حتفهم وفُقد 95 آخرون»: the predicate is the figure before's
        if dist:
            quantity, t0 = dist
    if quantity is None:
        return None
    if quantity == "escaped" and _is_flight(tokens, sent) and not (
            noun.i >= 0 and hits(tokens[noun.i], lex.combatants)):
        quantity = "displaced"
    elif quantity == "detainees" and t0 < fig.i and hits(tokens[t0], lex.shelter) and _is_flight(tokens, sent):
        quantity = "displaced"   # «كان المركز يؤوي قرابة 400 أسرة فرت من قرية …»
    party = _party(tokens, noun, quantity, actor_at)
    if party is None and noun.name in _CASUALTIES and noun.party_span is not None and noun.i > sent.t0 \
            and tokens[noun.i - 1].text == "من" and noun.end < sent.t1:
        # «تسعة من القتلى مدنيون»: the part of the dead is named by the word after them.
        dem = lex.demographics.match_at(tokens, noun.end)
        if dem:
            party = dem[1]
    if party is None and quantity in _CASUALTIES and actor_at is not None and _inflicted(tokens, sent, t0):
        # «تصدت لهجوم نفذته مجاميع حوثية وكبدتها 18 قتيلاً»: the side the pronoun points back to.
        party = _last_side(sent, t0, actor_at)
    if party is None and whole is not None and whole.party not in _DEMOGRAPHIC:
        party = whole.party   # «35 من عناصر الشباب، بينهم قياديان»: a part of one side's dead
    if party is None and noun.kind == "none" and quantity in _CASUALTIES:
        party = _victim_party(tokens, sent, t0)
    if party is None and previous is None and fig.vj < sent.t1 and hits(tokens[fig.vj], _OF_THEM):
        party = _people_before(tokens, sent, fig.i)   # «أن الحراس لم يتمكنوا …، وأن 4 منهم قُتلوا»
    if party is None and quantity == (previous.quantity if previous else None) and t0 < fig.i and hits(tokens[min(t0, fig.i - 1)], _SUBSET):
        party = _party(tokens, noun, quantity, actor_at)
    if party is None and groups_in is not None and quantity in _CASUALTIES:
        party = _militants_side(tokens, sent, noun, groups_in, sole_group)
    if party is None and attacker_of is not None and quantity in _CASUALTIES and noun.name == "attackers":
        party = attacker_of(fig.i)   # «قتلوا 11 من المهاجمين»: the group that attacked, named before
    own = _own_troops(tokens, *noun.party_span, quantity, party) if noun.party_span else ""
    if own == "soldiers":
        own = "" if _agentive(tokens, sent, min(t0, fig.i)) else "army"
    if party is None and not own and previous is not None and fig.vj < sent.t1 \
            and (hits(tokens[fig.vj], _OTHERS) or (hits(tokens[fig.vj], _OF_THEM) and noun.kind == "none")):
        # «مقتل جنديين وإصابة ثلاثة آخرين»: the others are of the same side, and
        # the speaker's own when those before were («منتسبيها»); after a subset,
        # the side of the whole it divides: «14 مدنياً، بينهم خمسة أطفال، وأصيب 23
        # آخرون» are civilians, «ثمانية أشخاص، بينهم طفلان، وأصيب 20 آخرون» a total.
        # «12 منهم» is a part of that whole too.
        base = previous.whole if previous.whole or hits(tokens[previous.t0], _SUBSET) else previous
        if base is not None:
            party, own = base.party, base.own
    if party is None and not own and previous is not None and quantity in _CASUALTIES \
            and previous.quantity in _CASUALTIES and previous.quantity != quantity \
            and previous.party not in _DEMOGRAPHIC and previous.whole is None \
            and (noun.party_span is None or noun.kind == "none") \
            and min(t0, fig.i) <= previous.t1 + 1 and tokens[min(t0, fig.i)].text.startswith("و"):
        # «مقتل 17 من عناصر ميليشيا الحوثي وإصابة العشرات», «18 قتيلاً وعشرات الجرحى»:
        # the wounded joined at once to one side's dead, with no people of their own, are its.
        party = previous.party
    return Frame(quantity, party, min(t0, fig.i), end, own, whole)


#: Verbs of inflicting losses: with an object pronoun («كبدتها 18 قتيلاً», «ألحقت بهم»)
#: the losses are those of the side named before.
_INFLICTING = words_of("frames", "inflicting")


def _last_side(sent: Sentence, t: int, actor_at: ActorResolver) -> str | None:
    """The armed side named last before token ``t`` in the sentence."""
    for k in range(t - 1, sent.t0 - 1, -1):
        hit = actor_at(k, k + 1)
        if hit and hit[1] == "party":
            return hit[0]
    return None


def _inflicted(tokens: list[Word], sent: Sentence, t: int) -> bool:
    """Whether an inflicting verb with an object pronoun stands just before token ``t``."""
    for k in range(t - 1, max(sent.t0, t - 3) - 1, -1):
        text = tokens[k].text
        if hits(tokens[k], _INFLICTING) and text.endswith(("ها", "هم", "بها", "بهم")):
            return True
        if text not in ('"', "ب") and not text.startswith("به"):
            if k < t - 1:
                return False
    return False


#: Parties that name people, not a side: a part of them is not theirs by default.
_DEMOGRAPHIC = frozenset({None, "civilians", "children", "women", "security forces"})


def _next_item(tokens: list[Word], sent: Sentence, fig: FigureCandidate, previous: Frame) -> bool:
    """Whether ``fig`` is joined by «و» to the list the figure before opened: right
    after it («4 أطفال وامرأتين»), or after one more item of a «بينهم» list
    («بينهم أسير محرر وطفلان»)."""
    if glued(tokens[fig.i], "و"):
        joined = fig.i
    elif fig.i - 1 >= sent.t0 and tokens[fig.i - 1].text == "و":
        joined = fig.i - 1
    else:
        return False
    if previous.t1 == joined:
        return True
    for k in range(joined - 1, max(sent.t0, joined - 4) - 1, -1):
        if tokens[k].text in _GAP_PUNCT or tokens[k].is_digit or k < previous.t1:
            return False
        if hits(tokens[k], _SUBSET):
            return True
    return False


#: «الجيش» without a nation: the speaker's army, if it is one (see _own_troops).
_ARMY = "جيش"
#: Soldier nouns: counted bare by an army, they are its own soldiers.
_SOLDIERS = words_of("frames", "soldiers")
#: Possessive endings that make soldiers someone's own: «جنودها», «عناصرهم».
_POSSESSIVE = ("ها", "هم")


def _own_troops(tokens: list[Word], a: int, b: int, quantity: str, party: str | None) -> str:
    """Whether the soldiers or fighters named in ``tokens[a:b]`` are the speaker's.

    "own": «نفت الوزارة مقتل أي من جنودها», «denied that any of its troops»
    — the count is of the speaker's side, whichever it is. "army": «في
    صفوف الجيش» with no nation named — the speaker's army if it speaks for
    one (a militia's «الجيش» is its enemy). "" otherwise, and for counts
    other than the dead and wounded, or a party already named.
    """
    if quantity not in _CASUALTIES or party not in (None, "security forces"):
        return ""
    lex = _lex()
    for k in range(a, min(b, len(tokens))):
        dem = lex.demographics.match_at(tokens, k)
        fighters = (dem[1] == "security forces") if dem else (
            hits(tokens[k], lex.combatants) and not hits(tokens[k], lex.confinement))
        if not fighters:
            continue
        text = tokens[k].text
        if text.endswith(_POSSESSIVE) and text[:-2] in tokens[k].keys:
            return "own"
        if k > 0 and tokens[k - 1].text.lower() in ("its", "their"):
            return "own"
        last = k + (dem[0] if dem else 1) - 1
        after = last + 1
        unnamed = after >= len(tokens) or army_named_by(tokens[after]) is None
        if _ARMY in tokens[last].keys and tokens[last].text != _ARMY and unnamed:
            return "army"
        if dem and hits(tokens[k], _SOLDIERS) and unnamed:
            # «وأعلن الجيش مقتل جنديين»: soldiers of no named nation, counted by
            # an army, are its own (an enemy's are named: «جنود أوكرانيين»),
            # unless the army did the killing (see decide).
            return "soldiers"
    return ""


def _is_flight(tokens: list[Word], sent: Sentence) -> bool:
    """Flight from villages or homes with no prison in sight is displacement, not escape."""
    lex = _lex()
    words = range(sent.t0, sent.t1)
    if any(hits(tokens[k], lex.confinement) for k in words):
        return False
    return any(hits(tokens[k], lex.displacement) for k in words)


def people_duals(tokens: list[Word], start: int, end: int) -> list[tuple[int, int]]:
    """Dual people nouns ("جنديين") in ``tokens[start:end]``: each counts 2."""
    return [(a, b) for a, b, _ in _lex().people_duals.find_all(tokens, start, end)]


def _bare_denier(tokens: list[Word], k: int, stop: int) -> int:
    """Where a plain plural may be denied after the negator at ``k`` (0: not a denier).

    «نفى/نفت …» deny what follows; «لم» only with a verb of outcome
    («لم يسفر عن», «لم تسجل»). Other negators («لا», «دون») need «أي».
    """
    lex = _lex()
    if hits(tokens[k], lex.deniers):
        return k + 1
    if tokens[k].text in ("لم", "ولم") and k + 1 < stop and hits(tokens[k + 1], _OUTCOME_VERBS):
        return k + 2
    return 0


#: Verbs of outcome that «لم» turns into a denial: «لم يسفر الهجوم عن إصابات».
_OUTCOME_VERBS = words_of("frames", "outcome_verbs")


def _denied_end(tokens: list[Word], m: int, stop: int, stop_at_digit: bool = False) -> int:
    """End of what a denial names from token ``m``: up to four more words, not
    past a clause mark (nor a number, when the noun stands without «أي»)."""
    end = m + 1
    while end < stop and end < m + 5 and tokens[end].text not in _GAP_PUNCT \
            and not (stop_at_digit and tokens[end].is_digit):
        end += 1
    return end


def _denied_people(tokens: list[Word], a: int, b: int, quantity: str,
                   actor_at: ActorResolver | None) -> tuple[str | None, str]:
    """(party, own) of the people denied in ``tokens[a:b]`` (see Frame.own)."""
    party = _party(tokens, _Noun(a, b, "people", None, (a, b)), quantity, actor_at)
    return party, _own_troops(tokens, a, b, quantity, party)


@dataclass(slots=True, unsafe_hash=True)   # not frozen: see Frame
class Denial:
    """"نفى … سقوط أي قتيل": a claim of 0 for ``quantity``, tokens ``[t0, t1)``."""

    quantity: str
    t0: int
    t1: int
    negator: int
    party: str | None = None   # «أي مدنيين», «any civilians»: whose people are denied
    own: str = ""              # «أي من جنودها»: the speaker's own soldiers (see Frame)


def find_denials(tokens: list[Word], sent: Sentence, actor_at: ActorResolver | None = None) -> list[Denial]:
    """A negation, then a quantity word with "أي"/"أحد" next to it, later in the sentence.

    "نفى القيادي …، في تصريح …، سقوط أي قتلى": the speaker and asides may
    stand between the negator and what it denies.
    """
    lex = _lex()
    out: list[Denial] = []
    taken = sent.t0   # tokens before this are inside a denial already found
    for k in candidates(tokens, lex.negators, sent.t0, sent.t1):
        if k < taken:
            continue
        found: Denial | None = None
        trigger: tuple[str, int] | None = None
        quantity: str | None
        bare = _bare_denier(tokens, k, sent.t1)
        stop = min(sent.t1, k + 1 + lex.window)
        if not bare and not candidates(tokens, lex.any_words, k + 1, stop):
            continue   # «لا يزال …»: without «أي» in reach, only a denying verb can deny
        for m in range(k + 1, stop):
            if m > k + 1 and hits(tokens[m], lex.negators):
                break
            named = lex.nouns.match_at(tokens, m) if bare and hits(tokens[m], lex.bare_denied) else None
            if named and trigger is not None and trigger[1] == m + 1:
                trigger = (trigger[0], m)   # «نفت … احتجاز رهائن»: the trigger's own last word is the noun
            if named and (m == bare or tokens[m - 1].text == "عن" or hits(tokens[m - 1], lex.denial_objects)
                          or (trigger is not None and trigger[1] == m)):
                # «ونفى سقوط قتلى مدنيين», «لم يسفر عن إصابات»: a plural with no
                # figure, denied outright, is a claim of none.
                quantity = named[1]
                end = _denied_end(tokens, m, sent.t1, stop_at_digit=True)
                found = Denial(quantity, m if trigger is None or trigger[1] != m else m - 1, end, k,
                               *_denied_people(tokens, m, end, quantity, actor_at))
                break
            if not hits(tokens[m], lex.any_words):
                hit = lex.before.match_at(tokens, m)
                if hit:
                    trigger = (hit[1][0], m + hit[0])
                continue
            # "أي" found: a trigger just before it, or the noun after it, names the quantity.
            quantity = trigger[0] if trigger and m - trigger[1] <= 1 else None
            noun = lex.nouns.match_at(tokens, m + 1) if m + 1 < sent.t1 else None
            if noun and (quantity is None or noun[1] in _STRONG_NOUNS):
                quantity = noun[1] if quantity is None or quantity != "escaped" else quantity
            if quantity is None:
                # The event named after: «any of its troops had been killed»,
                # «أي حالات نزوح».
                reach = 8 if tokens[m].text.isascii() else 3
                for e in range(m + 1, min(sent.t1, m + reach)):
                    if tokens[e].text in _GAP_PUNCT:
                        break
                    hit = lex.before.match_at(tokens, e)
                    if hit:
                        quantity = hit[1][0]
                        break
            if quantity:
                end = _denied_end(tokens, m, sent.t1)
                start = trigger[1] - 1 if trigger and m - trigger[1] <= 1 else m
                # «أي مدنيين», «أي قتيل في صفوف الجيش»: the words after «أي» narrow it.
                found = Denial(quantity, min(start, m), end, k,
                               *_denied_people(tokens, m + 1, end, quantity, actor_at))
            break
        if found:
            out.append(found)
            taken = found.t1
    return out
