"""Who said a figure, and through whom: the isnad of each claim.

Arabic news prose attributes with reporting verbs (قال، أفاد، أكد …) whose
speaker follows the verb (VSO) or precedes it (SVO); with attribution
phrases (بحسب، وفقاً لـ، نقلاً عن، على لسان); with chains ("نقلت وكالة X
عن مصدر Y": Y said it, X relayed it); with unnamed reports ("أنباء عن");
and with quotations whose speaker is whoever introduced them. A figure takes
the nearest attribution before it in its sentence (the introducer, when it
stands inside a quotation), else one placed after it ("…، بحسب الوزارة"),
else the speaker carried from a "وأضاف" sentence, else the outlet itself.
The words are in ``data/attribution.yaml``; known names come from the
actors lexicon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from riwaya.extract.actor_spans import ActorSpans, lookup_kind
from riwaya.extract.numbers import COUNT_NOUN, find_numbers
from riwaya.text.lexicon import PhraseIndex, hits, load, word_list, word_set, words_of
from riwaya.text.normalize import fold
from riwaya.text.segment import Sentence
from riwaya.text.tokens import Word, candidates, glued, without_lam, word

_PUNCT = frozenset({"،", ",", "؛", ";", ":", ".", "!", "?", "؟", "(", ")", "-", "|"})
#: Nouns of a statement: «في بيان» after a name is how it spoke, not part of its name,
#: and «في تصريح نقلته وكالة X» names the channel, not the speaker.
_STATEMENT_NOUNS = words_of("attribution", "statement_nouns")
#: Words between a reporting verb and its speaker: «قال في بيان الجيش», «ادعت في رسالة إلى …».
_SKIP_AFTER_VERB = words_of("attribution", "skip_after_verb") | _STATEMENT_NOUNS
#: «طلب عدم ذكر اسمه», «مفضلاً عدم كشف هويته»: the verb after these says nothing.
#: «عدم», and «مما» in «أكبر مما أعلن» («than what was announced»): no one speaks.
_NOT_SAID = words_of("attribution", "not_said")
_DENYING_PARTICIPLES = words_of("attribution", "denying_participles")
_RELAY_VERBS = words_of("attribution", "relay_verbs")
_REPORT_NOUNS = words_of("attribution", "report_nouns")
_COMPLEMENTIZERS = words_of("attribution", "complementizers")
# Words between "بحسب"/"وفق" and the source: "وفق ما أفاد به"، "حسب تقديرات".
_TIME_WORDS = words_of("attribution", "time_words")
_GENERIC_MAX = 8
#: Words a speaker's name never starts with (folded: «على» is «علي» in the tokens).
_NOT_A_START = words_of("attribution", "not_a_start")
#: Compared with a token's text as written: a relative pronoun takes no clitic.
_RELATIVES = frozenset(word_list("attribution", "relatives"))
#: Last words of a role phrase that introduce its organisation.
_ROLE_LINKS = words_of("attribution", "role_links")
_PRONOUNS = words_of("attribution", "pronouns")
#: «وفقاً لما أوردته X»: the verbs by which X is the channel of what a speaker said.
_RELAYING = words_of("attribution", "relaying_fillers")
#: «قدّم نفسه على أنه …»: a speaker presenting himself as someone.
_REFLEXIVES = words_of("attribution", "reflexives")
#: Prepositions of the verb that stand before its complementizer: «أشار X إلى أن».
_TRAILING = words_of("attribution", "trailing_preps")
#: Verbs of estimating: followed at once by «عدد» («قُدّر عددها بأكثر من 60») they are
#: passive or their subject stood before — the speaker is not the noun next to them.
_ESTIMATING = words_of("attribution", "estimating")


# __init__ is written out: the compiled build runs a dataclass's generated one as
# interpreted code, and extraction makes several phrases per figure.
@dataclass(slots=True, init=False)
class Phrase:
    """A source named in the text: tokens ``[t0, t1)`` and what the lexicons say of it."""

    t0: int
    t1: int
    kind: str
    canonical: str | None
    head: str | None        # the head word class key, for anaphora ("المصدر")
    name: str | None        # set when the name is not just the tokens' text
    person: bool

    def __init__(self, t0: int, t1: int, kind: str, canonical: str | None = None,
                 head: str | None = None, name: str | None = None, person: bool = False) -> None:
        self.t0 = t0
        self.t1 = t1
        self.kind = kind
        self.canonical = canonical
        self.head = head
        self.name = name
        self.person = person


@dataclass(slots=True, init=False)   # __init__ written out: see Phrase
class Attribution:
    """The speaker of a figure and the intermediaries, outermost first."""

    source: Phrase | None
    via: list[Phrase]
    carried: bool   # the subject is implicit: carry the previous speaker

    def __init__(self, source: Phrase | None, via: list[Phrase] | None = None,
                 carried: bool = False) -> None:
        self.source = source
        self.via = [] if via is None else via
        self.carried = carried


@dataclass(frozen=True)
class _Lex:
    verbs: PhraseIndex[str]
    preps: PhraseIndex[bool]
    heads: PhraseIndex[str]
    unnamed: PhraseIndex[str]
    modifiers: frozenset[str]
    stops: frozenset[str]
    roles: PhraseIndex[str]
    continuation: PhraseIndex[str]
    event_nouns: frozenset[str]
    #: What an event noun is done to: people nouns, counted nouns, «أي»/«أحد».
    event_objects: frozenset[str]
    prep_fillers: frozenset[str]
    #: Keys a cue can start with (a preposition, a report noun, a verb): the
    #: cue scan skips every other token with one set test.
    cue_starts: frozenset[str] = frozenset()


def _event_nouns(data: dict) -> frozenset[str]:
    """One-word triggers of the quantity frames («مصرع»، «مقتل»، «فرار») and the
    nouns that open a denial («وجود»): a source phrase never runs into the
    event it reports («أفادت مديرية الصحة بمصرع …»، «نفت المديرية وجود أي …»)."""
    words = [w for frame in data["quantities"].values() for w in frame.get("before", ())
             if isinstance(w, str) and " " not in w.strip()]
    words += data["denial"].get("objects", [])
    return word_set(words)


def _figure_at(tokens: list[Word], k: int) -> bool:
    """Whether a number of two or more starts at token ``k`` (not «أحد» in «قال أحد الأعيان»)."""
    if tokens[k].is_digit:
        return True
    found = find_numbers(tokens, k, k + 1)
    return bool(found) and (found[0].vague or found[0].low >= 2)


def _event_objects(data: dict) -> frozenset[str]:
    """Words that follow an event noun as what it befell: «مقتل مدنيين», «مقتل أي من»."""
    words = [*data["people_nouns"], *data["people_duals"], *data["denial"]["any"]]
    words += [w for frame in data["quantities"].values() for w in frame.get("nouns", ())]
    return word_set(words)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    d = load("attribution")
    verbs = PhraseIndex((v, "verb") for v in d["verbs"])
    preps = PhraseIndex((p["phrase"], bool(p.get("relay"))) for p in d["preps"] if not p.get("after_verb"))
    return _Lex(
        verbs=verbs,
        preps=preps,
        heads=PhraseIndex((h, kind) for kind, hs in d["heads"].items() for h in hs),
        unnamed=PhraseIndex((u, "unnamed_reports") for u in d["unnamed"]),
        modifiers=word_set(d["modifiers"]),
        stops=word_set(d["stops"]) | {"ل", "لـ"},
        roles=PhraseIndex((r, "role") for r in d["roles"]),
        continuation=PhraseIndex((c, "cont") for c in d["continuation"]),
        event_nouns=_event_nouns(load("quantities")),
        event_objects=_event_objects(load("quantities")),
        prep_fillers=word_set(d["prep_fillers"]),
        cue_starts=verbs.firsts | preps.firsts | _REPORT_NOUNS,
    )


def _extend(tokens: list[Word], k: int, stop: int, kind: str) -> int:
    """Grow a source phrase from ``k`` over modifiers, quoted names and "في/من X"."""
    lex = _lex()
    start = k - 1
    while k < stop and k - start < 7:
        t = tokens[k]
        if t.text in _PUNCT or hits(t, lex.stops) and t.text not in ("من", "في"):
            break
        if t.is_digit or hits(t, lex.event_nouns):
            break
        if t.text == '"':
            close = next((m for m in range(k + 1, min(stop, k + 6)) if tokens[m].text == '"'), None)
            if close is None:
                break
            k = close + 1
            continue
        if t.text in ("من", "في", "داخل", "ب") or t.text in ("in", "from"):
            nxt = k + 1
            if nxt < stop and hits(tokens[nxt], _STATEMENT_NOUNS):
                break   # «وأضافت الشبكة في بيان»
            if nxt < stop and tokens[nxt].is_word and not hits(tokens[nxt], lex.stops) and kind in ("anonymous", "unnamed_reports", "official", "media"):
                k = nxt + 1
                # «في حكومة الوفاق»: an indefinite noun heads a genitive and takes
                # one more word; a definite one («في الأنبار») ends the phrase.
                if k < stop and tokens[k].is_word and not _definite(tokens[nxt].text) \
                        and not hits(tokens[k], lex.stops) and not hits(tokens[k], lex.event_nouns) \
                        and not lex.verbs.match_at(tokens, k) and tokens[k].text not in ("من", "في"):
                    k += 1
                continue
            break
        if lex.verbs.match_at(tokens, k) and k > start + 1:
            break
        # a genitive chain ends where an indefinite word follows a definite one
        if k > start and tokens[k - 1].text.startswith("ال") and not t.text.startswith(("ال", "لل")) \
                and not hits(t, lex.modifiers) and t.is_word:
            break
        if kind in ("anonymous", "unnamed_reports") and not hits(t, lex.modifiers) and not t.text.startswith("مقرب"):
            if t.text not in ("منها", "منه", "منهم"):
                break
        k += 1
    return k


#: English words that end a noun phrase on its left (verbs of saying, linkers), lower case.
_EN_NP_BREAK = frozenset(word_list("attribution", "english_np_breaks"))


def _english_np_start(tokens: list[Word], k: int) -> int:
    """English puts a noun's modifiers before it: «the Taliban's interior ministry», «a military source».

    From a head noun at ``k``, walk left over up to four Latin words (and
    the possessive «'s») that are no verb of saying or linker.
    """
    if not tokens[k].text.isascii():
        return k
    m = k
    while m > 0 and k - m < 5:
        prev = tokens[m - 1]
        text = prev.text
        if text in ("'", "’") or (text.isascii() and prev.is_word and text.lower() not in _EN_NP_BREAK):
            m -= 1
            continue
        break
    return m


def _recipient(tok: Word) -> bool:
    """«للجزيرة نت», «لـ»: the outlet spoken to, never part of the speaker's name."""
    text = tok.text
    return text in ("ل", "لـ") or (len(text) > 3 and glued(tok, "ل")) \
        or (text.startswith("لل") and "ال" + text[2:] in tok.keys)


def _definite(word: str) -> bool:
    """"الكشف" is a noun, not the verb "كشف": a definite word is no reporting verb."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word
    return w.startswith("ال")


class SourceFinder:
    """Finds source phrases and attribution cues in one document's tokens."""

    def __init__(self, tokens: list[Word], actors: ActorSpans, text_of: Callable[[int, int], str],
                 is_place: Callable[[str], bool] | None = None) -> None:
        self.tokens = tokens
        self.is_place = is_place or (lambda _name: False)
        self.actors = actors
        self.text_of = text_of
        self.memory: dict[str, Phrase] = {}   # head key -> last full phrase with that head
        self._cue_cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        # The speaker a sentence's cue names, per (sentence, cue, cues before
        # the figure): the figures of one sentence mostly share it.
        self._said: dict[tuple[int, int, tuple[int, int, str], int], Attribution] = {}

    # -- source phrases -------------------------------------------------
    def phrase_at(self, k: int, stop: int) -> Phrase | None:
        """A source phrase starting at token ``k`` (a known actor, a head noun, unnamed reports)."""
        tokens, lex = self.tokens, _lex()
        if k >= stop:
            return None
        q = k
        while q < stop and tokens[q].text == '"':
            q += 1
        if q in self.actors:
            end, surface, canonical, kind = self.actors[q]
            while end < stop and tokens[end].text == '"':
                end += 1
            first = fold(surface.split()[0]) if surface.split() else ""
            # «لمنظمة أطباء بلا حدود»: a clitic before the name in its first token is no part of it.
            prefixed = q == k and first and tokens[q].text != first and tokens[q].text.endswith(first)
            return Phrase(k, end, kind, canonical, name=surface.strip(' "«»“”„\'') if prefixed else None)
        spokesperson = self._spokesperson(q, stop)
        if spokesperson is not None:
            spokesperson.t0 = k
            return spokesperson
        pre = 1 if tokens[k].text in ("بعض", "عدد") or "بعض" in tokens[k].keys and len(tokens[k].text) <= 5 else 0
        if pre and k + 1 < stop:
            inner = self.phrase_at(k + 1, stop)
            if inner:
                inner.t0 = k
                return inner
        un = lex.unnamed.match_at(tokens, k)
        head = lex.heads.match_at(tokens, k)
        if un and (not head or un[0] >= head[0]):
            end = _extend(tokens, k + un[0], stop, "unnamed_reports")
            while end - 1 > k and tokens[end - 1].text in ("عن", "about"):
                end -= 1   # «أنباء عن مقتل …»: what the reports are about is not their name
            return Phrase(k, end, "unnamed_reports", None, head=tokens[k].text)
        if head:
            n, kind = head
            # speech nouns name their author: "تقرير «النبأ»" is al-Naba.
            if kind == "speech":
                inner = self.phrase_at(k + n, stop)
                if inner is None:
                    inner = self._quoted_name(k + n, stop)
                if inner:
                    if len(tokens[inner.t0].text) > 3 and glued(tokens[inner.t0], "ل"):
                        # «بيان لخلية الإعلام الأمني»: the author without the «لـ» of «by».
                        self._without_lam(inner)
                    self.memory[sorted(tokens[k].keys, key=len)[0]] = inner
                    return inner
                if tokens[k].text.startswith("ال"):
                    return self._antecedent(sorted(tokens[k].keys, key=len)[0], k)
                return self._author_after_lam(k + n, stop)
            end = _extend(tokens, k + n, stop, kind)
            ph = Phrase(_english_np_start(tokens, k), end, kind, None, head=sorted(tokens[k].keys, key=len)[0])
            for m in range(k, end):
                if m in self.actors:
                    actor_end, _nm, canonical, akind = self.actors[m]
                    if kind not in ("anonymous", "unnamed_reports"):
                        ph.kind, ph.canonical = akind, canonical
                    if m > k and end < actor_end <= stop:
                        ph.t1 = actor_end   # «مصدر في قوات الدعم السريع»: the name named inside runs to its end
                    break
            if ph.t1 - ph.t0 == 1 and tokens[k].text.startswith("ال"):
                return self._anaphor(ph)
            if ph.head:
                self.memory[ph.head] = ph
            return ph
        return None

    def _author_after_lam(self, k: int, stop: int) -> Phrase | None:
        """«إحصائية لفريق منسقو استجابة سوريا»: an unknown author after the «لـ» of a speech noun."""
        tokens, lex = self.tokens, _lex()
        if k >= stop or not _recipient(tokens[k]) or tokens[k].text in ("ل", "لـ"):
            return None
        end = k + 1
        while end < stop and end - k < 5 and tokens[end].is_word and not hits(tokens[end], lex.stops) \
                and not hits(tokens[end], _COMPLEMENTIZERS) and not self.is_verb(end) \
                and tokens[end].text not in ("في", "من", "و"):
            end += 1
        name = without_lam(self.text_of(k, end).strip(' "«»“”„\''))
        canonical, kind = lookup_kind(name)
        return Phrase(k, end, kind or "official", canonical, name=name)

    def _spokesperson(self, k: int, stop: int) -> Phrase | None:
        """«المتحدث باسم الجيش السوداني العميد نبيل عبد الله»: role, organisation, then a name.

        The role phrase must end in «باسم»/«في» (it introduces an
        organisation). The organisation is a known actor or a genitive
        chain; the words after it, up to the complementizer, a verb or a
        stop word, are the person's name (a title included). The phrase
        takes the organisation's kind and canonical name, so the person's
        figures join their side's voice.
        """
        tokens, lex = self.tokens, _lex()
        if k >= stop:   # only quote marks before the sentence end («بحسب «» at the very end)
            return None
        role = lex.roles.match_at(tokens, k)
        if role is None or not hits(tokens[k + role[0] - 1], _ROLE_LINKS):
            return None
        org_start = k + role[0]
        if org_start >= stop or not tokens[org_start].is_word:
            return None
        if org_start in self.actors:
            org_end, _name, canonical, kind = self.actors[org_start]
        else:
            org_end = _extend(tokens, org_start + 1, stop, "official")
            head = lex.heads.match_at(tokens, org_start)
            canonical, kind = None, head[1] if head and head[1] != "speech" else "official"
        end = org_end
        while end < stop and end - org_end < 4 and tokens[end].is_word and not hits(tokens[end], lex.stops) \
                and not hits(tokens[end], _COMPLEMENTIZERS) and not self.is_verb(end) \
                and tokens[end].text not in ("من", "في", "و") and not _recipient(tokens[end]):
            end += 1
        return Phrase(k, end, kind, canonical, person=end > org_end)

    def _quoted_name(self, k: int, stop: int) -> Phrase | None:
        """A quoted name ("تقرير «النبأ»"), resolved through the actors lexicon when known."""
        if k >= stop or self.tokens[k].text != '"':
            return None
        close = next((m for m in range(k + 1, min(stop, k + 6)) if self.tokens[m].text == '"'), None)
        if close is None or close == k + 1:
            return None
        canonical, kind = lookup_kind(self.text_of(k + 1, close))
        return Phrase(k, close + 1, kind or "media", canonical)

    def _anaphor(self, ph: Phrase) -> Phrase:
        """"المصدر"، "التقرير" alone refer back to the last such source named."""
        prev = self._antecedent(ph.head or "", ph.t0)
        return prev if prev is not None else ph

    def _antecedent(self, head: str, k: int, reach: int = 3000) -> Phrase | None:
        """The last fuller source phrase before token ``k`` with the same head word."""
        if head in self.memory and self.memory[head].t0 < k:
            return self.memory[head]
        for m in range(k - 1, max(-1, k - reach), -1):
            if head in self.tokens[m].keys and m in self.actors and self.actors[m][0] - m > 1:
                # «وأعلن الجيش» after «قال الجيش الإسرائيلي»: the actor named with that head.
                end, _name, canonical, kind = self.actors[m]
                return Phrase(m, end, kind, canonical)
            if head in self.tokens[m].keys and not self.tokens[m].text.startswith("ال"):
                ph = self.phrase_at(m, min(len(self.tokens), m + 10))
                if ph is not None and ph.t1 - ph.t0 > 1 or (ph is not None and ph.canonical):
                    return ph
        return None

    def phrase_after(self, k: int, stop: int, reach: int = 0) -> Phrase | None:
        """The first source phrase starting within ``reach`` words after ``k``."""
        tokens = self.tokens
        m = k
        skipped = 0
        while m < stop and skipped <= reach:
            t = tokens[m]
            if t.text in ("ل", "لـ") or (len(t.text) > 2 and glued(t, "ل") and m == k):
                return None      # "أكدت لـ«الأخبار»": the recipient, not the speaker
            ph = self.phrase_at(m, stop)
            if ph:
                return ph
            if t.text in _PUNCT and t.text not in ("،", ","):
                return None
            if not (hits(t, _SKIP_AFTER_VERB) or t.text in ('"', "،", ",")):
                skipped += 1
            m += 1
        return None

    def phrase_before(self, k: int, start: int) -> Phrase | None:
        """The nearest source phrase ending at or before token ``k`` in the sentence."""
        best: Phrase | None = None
        m = start
        while m < k:
            ph = self.phrase_at(m, k)
            if ph:
                best = ph
                m = max(ph.t1, m + 1)
            else:
                m += 1
        return best

    def generic_subject(self, k: int, stop: int) -> Phrase | None:
        """"قال قائممقام قضاء سنجار إن …": the words between a verb and its "أن" are its subject.

        Arabic puts the speaker between the reporting verb and the
        complementizer; whatever stands there (less a "لـ…" recipient, "في
        بيان", time words) is the source, known to the lexicons or not.
        """
        tokens = self.tokens
        m = k
        while m < stop and (hits(tokens[m], _SKIP_AFTER_VERB) or hits(tokens[m], _TIME_WORDS) or tokens[m].text in ('"', "،", ",")):
            m += 1
        start = m
        end = None
        words = 0   # words, not commas: «عضو المجلس، فلان، لـ«X»، إن» is eight words long
        while m < stop and words <= _GENERIC_MAX:
            t = tokens[m]
            if hits(t, _COMPLEMENTIZERS) and any(hits(tokens[n], _REFLEXIVES) for n in range(max(start, m - 2), m)):
                # «قال رجل ملثم قدّم نفسه على أنه متحدث باسمها إن …»: he is named as what he
                # presented himself as, up to the complementizer of the reporting verb.
                start = m + 1
                words = 0
                m += 1
                continue
            if hits(t, _COMPLEMENTIZERS) or t.text == ":" or (m > start and self._event_at(m, stop)):
                # «وثّق مشروع رصد الأثر المدني مقتل مدنيَّين»: the event ends the subject too.
                end = m
                break
            if t.text in _PUNCT and t.text not in ("،", ",", "(", ")"):
                return None
            words += t.text not in ('"', "،", ",", "(", ")")
            m += 1
        if end is None or end <= start:
            return None
        return self._trimmed(start, end)

    def _event_at(self, m: int, stop: int) -> bool:
        """Whether an event noun at ``m`` opens what a speaker reports: «مقتل 5»,
        «مقتل أي من الحراس», «مقتل مدنيين» (not «هيئة شؤون الأسرى إن»)."""
        tokens, lex = self.tokens, _lex()
        if not hits(tokens[m], lex.event_nouns) or m + 1 >= stop:
            return False
        nxt = tokens[m + 1]
        return nxt.is_digit or hits(nxt, lex.event_objects) or bool(find_numbers(tokens, m + 1, m + 2))

    def _trimmed(self, start: int, end: int, lam: bool = False) -> Phrase | None:
        """A generic source span without its recipient, "في بيان"-style tail and punctuation."""
        tokens = self.tokens
        cut = end
        for m in range(start + 1, end):
            t = tokens[m]
            if self._event_at(m, end + 1):
                cut = m   # «ونفى ميشال مقتل أي من الحراس، موضحاً أن»: the name ends at the event
                break
            if t.text in ("،", ",") or t.text in ("ل", "لـ") or (len(t.text) > 3 and glued(t, "ل") and m > start) or (t.text == "في" and m + 1 < end and hits(tokens[m + 1], _SKIP_AFTER_VERB)) or hits(t, _TIME_WORDS):
                cut = m
                break
        while cut > start and (tokens[cut - 1].text in ('"', "،", ",", "(", ")")
                               or hits(tokens[cut - 1], _TRAILING)):
            cut -= 1   # «وأشار الشعيبي إلى أن»: «إلى» belongs to the verb
        # A source never holds the figure or opens with the event («عن مقتل 30 جندياً»).
        cut = next((m for m in range(start, cut) if tokens[m].is_digit), cut)
        if cut <= start or hits(tokens[start], _NOT_A_START) \
                or (glued(tokens[start], "ل") and not lam) \
                or hits(tokens[start], _lex().event_nouns):
            return None
        if all(hits(tokens[m], _PRONOUNS) or not tokens[m].is_word for m in range(start, cut)):
            return None
        known = self.phrase_at(start, cut)
        if known and known.t1 >= cut - 1:
            return known
        head = _lex().heads.match_at(tokens, start)
        if head is None and tokens[start].text.isascii():
            # English heads come last: «two military sources», «the regional governor».
            for m in range(cut - 1, start, -1):
                head = _lex().heads.match_at(tokens, m)
                if head:
                    break
        return Phrase(start, cut, head[1] if head and head[1] != "speech" else "official")

    def prep_object(self, k: int, stop: int) -> Phrase | None:
        """The source after "بحسب"/"وفق"/"نقلاً عن", past fillers like "ما أفاد به"."""
        tokens = self.tokens
        m = k
        while m < stop and (hits(tokens[m], _lex().prep_fillers) or tokens[m].text in ('"',) or (
                glued(tokens[m], "ل") and hits(word(tokens[m].text[1:]), _lex().prep_fillers))):
            m += 1
        if m < stop and tokens[m].text in ("ل", "لـ"):
            m += 1
        # «ووفقاً لمعهد باكستان …»: the «لـ» of «وفقاً لـ» written onto the name.
        lam = m < stop and _recipient(tokens[m]) and tokens[m].text not in ("ل", "لـ")
        known = self.phrase_at(m, stop)
        if known:
            return self._without_lam(known) if lam and known.t0 == m else known
        end = m
        while end < stop and end - m < 7 and tokens[end].text not in _PUNCT and not hits(tokens[end], _COMPLEMENTIZERS):
            if end > m and (self.is_verb(end) or hits(tokens[end], _TIME_WORDS)):
                break
            end += 1
        if end <= m:
            return None
        ph = self._trimmed(m, end, lam=lam)
        return self._without_lam(ph) if ph is not None and lam and ph.t0 == m else ph

    def _without_lam(self, ph: Phrase) -> Phrase:
        """The phrase named without the «لـ» glued to its first word («لمعهد X» is «معهد X»)."""
        if ph.name is None:
            ph.name = without_lam(self.text_of(ph.t0, ph.t1).strip(' "«»“”„\''))
        return ph

    def person_before_role(self, k: int, stop: int) -> Phrase | None:
        """"قال آرام حنا المتحدث باسم قسد": a person named before a role phrase."""
        tokens, lex = self.tokens, _lex()
        if lex.roles.match_at(tokens, k):   # «نائب المتحدث باسم …»: a role from its first word
            return None
        for m in range(k + 1, min(stop, k + 5)):
            role = lex.roles.match_at(tokens, m)
            if role:
                names = [t for t in tokens[k:m] if t.is_word]
                if not names or len(names) > 4:
                    return None
                org = self.phrase_at(m + role[0], stop)
                kind = org.kind if org else "party"
                canonical = org.canonical if org else None
                return Phrase(k, m, kind, canonical, person=True)
            if tokens[m].text in _PUNCT or hits(tokens[m], lex.stops):
                return None
        return None

    # -- cues ------------------------------------------------------------
    def resolve(self, sent: Sentence, t: int) -> Attribution | None:
        """The attribution of a figure at token ``t`` of ``sent``; None when none is said."""
        tokens = self.tokens
        q = sent.quote_of(t)
        limit = q[0] if q else t
        every = self._sentence_cues(sent)
        cues = [c for c in every if c[1] <= limit]
        if cues:
            cue = cues[-1]
            if cue[2] == "report" and len(cues) > 1 and cues[-2][2] == "verb" and cue[0] - cues[-2][1] <= 7:
                cue = cues[-2]
            elif cue[2] == "verb" and len(cues) > 1 and cues[-2][2] in ("prep", "relay"):
                # «بحسب مصادر ميدانية تحدثت إلى …»: a verb right after the
                # preposition's object is that object's relative clause.
                obj = self.phrase_after(cues[-2][1], sent.t1)
                if obj is not None and obj.t1 == cue[0]:
                    cue = cues[-2]
            if cue[2] == "verb" and len(cues) > 1 and cues[-2][2] == "verb" and cue[0] - cues[-2][1] <= 8 \
                    and (hits(tokens[cue[0]], _STATEMENT_NOUNS) or hits(tokens[cue[0] - 1], _STATEMENT_NOUNS)):
                # «قال المتحدث، في تصريح نقلته وكالة باختر، إن …»: the verb after the
                # statement noun names the channel; the speaker is the earlier verb's.
                speaker = self._resolve_cue(sent, cues[-2], cues)
                channel = self.phrase_after(cue[1], sent.t1, reach=1)
                if speaker.source is not None and channel is not None:
                    return Attribution(speaker.source, [*speaker.via, channel])
            key = (sent.t0, sent.t1, cue, len(cues))
            said = self._said.get(key)
            if said is None:
                if self._said and next(iter(self._said))[:2] != key[:2]:
                    self._said.clear()   # a new sentence: keep one sentence's worth
                said = self._said[key] = self._resolve_cue(sent, cue, cues)
            if said.source is not None and not said.via and cue[2] == "verb":
                channel = self._relayed_by(sent, t, every)
                if channel is not None and channel.t0 != said.source.t0:
                    # «قال قائد الشرطة إن …، وفقاً لما أوردته وكالة الأنباء الصومالية»
                    return Attribution(said.source, [channel], said.carried)
            if not (said.source is None and said.carried and cue[2] == "verb" and cue[1] < sent.t1
                    and not tokens[cue[0]].text.isascii() and _figure_at(tokens, cue[1])):
                return said
            # «ونُقل 9 من الركاب إلى المستشفى، وفق مصدر طبي»: a verb with a figure after it and
            # no speaker before is no reporting verb; the attribution after the figure speaks.
        # A headline "الصحة لـ«X»: 12 قتيلاً": the words before the colon speak.
        colon = next((m for m in range(sent.t0, t) if tokens[m].text == ":"), None)
        if colon is not None and 0 < colon - sent.t0 <= _GENERIC_MAX:
            ph = self._trimmed(sent.t0, colon)
            # Only a speaker the lexicons recognise: «العراق: مقتل 5 …» and
            # «اشتباكات طرابلس: …» name a place or an event, not who said it.
            if ph and self.phrase_at(sent.t0, colon) is not None \
                    and not (ph.canonical is None and self.is_place(self.name(ph))):
                return Attribution(ph)
        # Attribution after the figure: "…، بحسب وزارة الصحة", "…, the ministry said".
        later = [c for c in every if c[0] >= t + 1]
        for a, b, what in later:
            if what in ("prep", "relay"):
                att = self._resolve_cue(sent, (a, b, what), later)
                if att.source is not None:
                    return att
        for a, b, what in later:
            if what != "verb" or hits(tokens[a], _RELAY_VERBS):
                continue
            # English puts the speaker first («…, a police officer told AFP»);
            # Arabic and English inversion («…, said the ministry») after.
            english = tokens[a].text.isascii()
            ph = None if english else self.phrase_after(b, sent.t1)
            if ph:
                return Attribution(ph)
            comma = max((m for m in range(t + 1, a) if tokens[m].text in ("،", ",")), default=None)
            if comma is not None and a - comma - 1 <= _GENERIC_MAX:
                ph = self._trimmed(comma + 1, a)
                if ph:
                    return Attribution(ph)
            ph = self.phrase_after(b, sent.t1) if english else None
            if ph:
                return Attribution(ph)
        return None

    def _relayed_by(self, sent: Sentence, t: int, cues: list[tuple[int, int, str]]) -> Phrase | None:
        """The outlet of «وفقاً لما أوردته X» after the figure at ``t``: it relayed the speaker."""
        tokens = self.tokens
        for a, b, what in cues:
            if a <= t or what != "prep":
                continue
            fillers = range(b, min(sent.t1, b + 3))
            if any(hits(tokens[m], _RELAYING) or (_recipient(tokens[m]) and hits(word(tokens[m].text[1:]), _RELAYING))
                   for m in fillers):
                return self.prep_object(b, sent.t1)
            return None
        return None

    def _sentence_cues(self, sent: Sentence) -> list[tuple[int, int, str]]:
        """All cues of a sentence, computed once: figures of one sentence share them."""
        key = (sent.t0, sent.t1)
        if key not in self._cue_cache:
            self._cue_cache = {key: self._cues(sent.t0, sent.t1)}
        return self._cue_cache[key]

    def _cues(self, a: int, b: int) -> list[tuple[int, int, str]]:
        tokens, lex = self.tokens, _lex()
        out: list[tuple[int, int, str]] = []
        taken = a   # tokens before this are inside a cue already found
        for k in candidates(tokens, lex.cue_starts, a, b):
            if k < taken:
                continue
            p = lex.preps.match_at(tokens, k)
            if p and k + p[0] <= b:
                out.append((k, k + p[0], "relay" if p[1] else "prep"))
                taken = k + p[0]
                continue
            if hits(tokens[k], _REPORT_NOUNS) and k + 1 < b and tokens[k + 1].text == "عن":
                out.append((k, k + 2, "report"))
                taken = k + 2
                continue
            v = lex.verbs.match_at(tokens, k)
            if v and k + v[0] < b and hits(tokens[k], _ESTIMATING) and COUNT_NOUN in tokens[k + v[0]].keys \
                    and tokens[k + v[0]].text.endswith(("ه", "ها", "هم", "هن")):
                continue   # «مجاميع قُدّر عددها بـ60»: a passive estimate of what stands before names no speaker
            if v and out and out[-1][2] == "verb" and 0 < k - out[-1][1] <= 2 and tokens[k - 1].is_word \
                    and not _definite(tokens[k - 1].text) and not hits(tokens[k - 1], _COMPLEMENTIZERS) \
                    and not hits(tokens[k - 1], _SKIP_AFTER_VERB) and not hits(tokens[k - 1], _TIME_WORDS):
                continue   # «وثّق مشروع رصد الأثر»: a verbal noun in the speaker's name, not a verb
            if v and k + v[0] <= b and not _definite(tokens[k].text) and not (k > a and hits(tokens[k - 1], _NOT_SAID)):
                out.append((k, k + v[0], "verb"))
                taken = k + v[0]
        return out

    def _resolve_cue(
        self, sent: Sentence, cue: tuple[int, int, str], cues: list[tuple[int, int, str]], generic: bool = True
    ) -> Attribution:
        a, b, what = cue
        tokens = self.tokens
        if what == "report":
            return Attribution(Phrase(a, a + 1, "unnamed_reports", None))
        if what in ("prep", "relay"):
            ph = self.phrase_after(b, sent.t1) or self.prep_object(b, sent.t1)
            if ph is not None:
                # "وفق ما نقلته وكالة فرانس برس عن مصدر طبي": a chain inside the phrase;
                # «وفقاً لما أوردته وكالة فرانس برس نقلاً عن مصدر في الشرطة» too.
                nxt = ph.t1
                while nxt < sent.t1 and tokens[nxt].text in ('"', "،", ","):
                    nxt += 1
                prep = _lex().preps.match_at(tokens, nxt) if nxt < sent.t1 else None
                at = nxt + 1 if nxt < sent.t1 and tokens[nxt].text == "عن" \
                    else nxt + prep[0] if prep and prep[1] else None
                if at is not None:
                    inner = self.phrase_after(at, sent.t1) or self.prep_object(at, sent.t1)
                    if inner:
                        return Attribution(inner, [ph])
            via: list[Phrase] = []
            if what == "relay":
                earlier = [c for c in cues if c[1] <= a and c[2] == "verb"]
                outer = self._resolve_cue(sent, earlier[-1], cues).source if earlier else self.phrase_before(a, sent.t0)
                if outer is not None:
                    via = [outer]
            return Attribution(ph, via) if ph else Attribution(None, via, carried=not via)
        # a reporting verb
        if a - 2 >= sent.t0 and tokens[a - 1].text in _RELATIVES:
            # «الأنباء التي تحدثت عن …»: the noun the relative clause hangs on speaks.
            noun = self.phrase_at(a - 2, a - 1)
            if noun is not None:
                return Attribution(noun)
        person = self.person_before_role(b, sent.t1)
        if person:
            return Attribution(person)
        if tokens[a].text.isascii() and tokens[a].text.lower().endswith("ing"):
            # «…, a local official told AFP, adding that …»: the participle's
            # subject is the speaker of the verb before it.
            earlier = [c for c in cues if c[1] <= a and c[2] == "verb"]
            if earlier:
                return self._resolve_cue(sent, earlier[-1], cues, generic)
        if tokens[a].text.isascii():   # English is SVO: «The RSF said in a statement that …»
            before = self.phrase_before(a, sent.t0)
            if before is not None:
                # «Reuters, citing a military source, reported …»: the relayed speaker.
                relay = next((c for c in cues if c[2] == "relay" and c[1] <= before.t0 <= c[1] + 1), None)
                outer = self.phrase_before(relay[0], sent.t0) if relay else None
                return Attribution(before, [outer] if outer else [])
        after = self.phrase_after(b, sent.t1) or (self.generic_subject(b, sent.t1) if generic else None)
        subject = after
        if subject is None and glued(tokens[a], "و"):
            # «أعلنت الجماعة استهداف مواقع …، وقالت في بيان إن …»: a coordinated verb
            # with no subject of its own shares the subject of the verb before it.
            earlier = [c for c in cues if c[1] <= a and c[2] == "verb"]
            if earlier:
                shared = self._resolve_cue(sent, earlier[-1], cues, generic)
                if shared.source is not None:
                    return shared
        if subject is None:
            subject = self.phrase_before(a, sent.t0)
        if subject is None:
            return Attribution(None, carried=True)
        # "نقلت وكالة رويترز عن مصدر عسكري": the verb's subject relays.
        nxt = subject.t1 if subject is after else b
        while nxt < sent.t1 and tokens[nxt].text in ('"', "،", ","):
            nxt += 1
        if nxt < sent.t1 and tokens[nxt].text == "عن" and (hits(tokens[a], _RELAY_VERBS) or subject is not after):
            inner = self.phrase_after(nxt + 1, sent.t1, reach=1)
            if inner:
                return Attribution(inner, [subject])
        return Attribution(subject)

    def negator_speaker(self, sent: Sentence, t: int) -> Attribution:
        """Who denies: the negating word ("نفى"، "نفي") is read as a reporting verb.

        A circumstantial participle («…، نافياً سقوط أي قتلى») has no subject of
        its own: the speaker is that of the reporting verb before it.
        """
        if hits(self.tokens[t], _DENYING_PARTICIPLES):
            earlier = [c for c in self._sentence_cues(sent) if c[1] <= t and c[2] == "verb"]
            if earlier:
                said = self._resolve_cue(sent, earlier[-1], earlier)
                if said.source is not None:
                    return said
        return self._resolve_cue(sent, (t, t + 1, "verb"), [], generic=False)

    def is_verb(self, k: int) -> bool:
        """Whether token ``k`` starts a reporting verb."""
        return _lex().verbs.match_at(self.tokens, k) is not None and not _definite(self.tokens[k].text)

    def starts_with_continuation(self, sent: Sentence) -> bool:
        """Whether the sentence opens with "وأضاف"-like words (speaker carried over)."""
        return _lex().continuation.match_at(self.tokens, sent.t0) is not None

    def name(self, ph: Phrase) -> str:
        """The phrase as written in the original text, without enclosing quotes."""
        return ph.name or self.text_of(ph.t0, ph.t1).strip(' "«»“”„\'')
