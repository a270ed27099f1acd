"""The publishing outlet, title and date of a report, read from its own text.

Without metadata a report still names its outlet: a saved web page opens
with the site's masthead («فرانس 24» alone on the first line), sources speak
*to* it ("قالت مصادر لـ«الأخبار»"، "قال المحافظ، فلان، لـ«وفا»"، "في حديث
إلى «X»"), its correspondent is "مراسل «أثر»", a closing line says
"المصدر: …" or "© 2024 X", and a byline reads "OUTLET – AUTHOR" or "X
ووكالات". Each self-reference votes; votes for names of one known actor
add up, and the best-voted name wins. All are marked ``inferred``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import regex

from riwaya.extract.actor_spans import lookup_kind
from riwaya.extract.attribution import SourceFinder
from riwaya.text.lexicon import folded_words, hits, word_list, words_of
from riwaya.text.normalize import NormText, fold
from riwaya.text.segment import Sentence, is_furniture
from riwaya.text.tokens import FormFacts, Tokens, Word, without_lam, word

# Line-anchored patterns use the stdlib ``re``, which jumps from line start to
# line start; ``regex`` tries every character (3x slower on a page of prose).
_SOURCE_LINE = re.compile(r'^[ \t]*(?:المصدر|المصادر|مصدر الخبر|Source)\s*[:：]\s*(.+?)\s*$', re.MULTILINE)
#: «OUAGADOUGOU (Reuters) -», «غزة (الأناضول) –»: the outlet in brackets after a dateline.
_BRACKET_DATELINE = regex.compile(
    r'^[ \t]*(?P<place>[^\n()]{2,40}?)\s*\((?P<outlet>[^\n()\d]{2,30})\)\s*[-–—:]', regex.MULTILINE)
_BYLINE = re.compile(r'^[ \t]*([^\n\-–|:]{2,40}?)\s+[-–|]\s+([^\n\-–|:]{3,40})\s*$', re.MULTILINE)
#: A short head line cut by dashes, slashes, bars or colons: «تعز - الموقع بوست - خاص»,
#: «مقديشو / فلان / الأناضول», «الفاشر: دارفور24», «طرابلس - بوابة الوسط: فلان».
_HEAD_LINE = re.compile(r'^[ \t]*([^\n]{4,80}?)[ \t]*$', re.MULTILINE)
_PART = re.compile(r'[^\-–—|/:\n]+')
_SEPARATOR = re.compile(r'[\-–—|/:]')
#: Words in a dateline that are not the outlet («خاص»: "exclusive"); compared as written.
_DATELINE_FILLERS = frozenset(word_list("outlet", "dateline_fillers"))
#: «شفق نيوز/ أفاد مصدر …»: the outlet's name, a slash, then the report's first words.
_SLASH_LEAD = re.compile(r'^[ \t]*([^\n\d/:|"«»\-–]{2,30}?)[ \t]*/[ \t]*(\S[^\n]*)$', re.MULTILINE)
#: What a slash lead holds on its line (the pattern's key, see :func:`_line_matches`).
_SLASH = re.compile('/')


def _either(phrases: Sequence[str], space: str = " ") -> str:
    """A regex alternation of data-file phrases, matched as written, ``space`` between words."""
    return "|".join(space.join(map(re.escape, p.split())) for p in phrases)


#: A year in a copyright line («© 2024»); other numbers may belong to the name («فرانس 24»).
_YEAR = r'(?<!\d)(?:19|20)\d{2}(?!\d)'
_COPYRIGHT_PHRASES = word_list("outlet", "copyright_phrases")
#: «© 2024 المدن. جميع الحقوق محفوظة», «جميع الحقوق محفوظة © الموقع بوست 2024».
_COPYRIGHT = re.compile(r'^[ \t]*(?:©|' + _either(_COPYRIGHT_PHRASES) + r')[^\n]*$',
                        re.MULTILINE | re.IGNORECASE)
#: What a copyright line says besides the outlet's name: the phrase, ©, years, «لدى».
_COPYRIGHT_WORDS = re.compile(r'©|' + _YEAR + r'|(?:' + _either(_COPYRIGHT_PHRASES, r'\s+') + r')\S*|'
                              + _either(word_list("outlet", "copyright_fillers"))
                              + r'|(?<!\S)ل\s|[.|,،\-–—]', re.IGNORECASE)
#: «تابعوا RT على», «تابعوا المشهد اليمني على قناة واتساب»: the page asks readers to
#: follow its own outlet on a platform. Only a name the lexicon knows counts
#: («تابعوا آخر الأخبار عبر …» names none).
#: The key of the pattern below (see :func:`_line_matches`): the follow word opening the line.
_FOLLOW_KEY = re.compile(_either(word_list("outlet", "follow_words")))
_FOLLOW_LINE = re.compile(r'^[ \t]*(?:' + _FOLLOW_KEY.pattern
                          + r')[ \t]+(?P<name>[^\n]{2,40}?)[ \t]+(?:علي|على|عبر)(?:[ \t][^\n]*)?$', re.MULTILINE)
_GENERIC = words_of("outlet", "generic_heads")
_CORRESPONDENT = words_of("outlet", "correspondent_words")
_STATEMENT_NOUNS = words_of("outlet", "statement_nouns")
_MEDIA_KINDS = frozenset({"media", "party_media", "outlet"})
_MEDIA_HEADS = words_of("outlet", "media_heads")
_ADDRESS_WORDS = folded_words("outlet", "address_words")
_DESK_WORDS = folded_words("outlet", "desk_words")


def _lexicon_actor(canonical: str) -> object | None:
    """The actors-lexicon entry of ``canonical`` (None when the lexicon is not installed)."""
    try:
        from riwaya.extract import actors
    except ImportError:
        return None
    return actors.by_canonical(canonical)


@lru_cache(maxsize=1024)
def is_news(canonical: str | None, kind: str | None) -> bool:
    """Whether a known actor is a news outlet a page can be published by.

    Media and a side's own media are; so is an ``official`` actor whose
    Arabic name opens with a media head («وكالة الأنباء اليمنية سبأ»,
    «الوكالة العربية السورية للأنباء», «تلفزيون فلسطين»): a state news
    agency or broadcaster publishes its own pages, a ministry does not.
    """
    if kind in _MEDIA_KINDS:
        return True
    if kind != "official" or canonical is None:
        return False
    actor = _lexicon_actor(canonical)
    names = [getattr(actor, "ar", None), *getattr(actor, "aliases", ())]
    return any(hits(word(fold(n).split()[0]), _MEDIA_HEADS) for n in names if n and not n.isascii())


def news_outlet(name: str) -> str | None:
    """The canonical name of the news outlet ``name`` names as a whole, or None."""
    canonical, kind = lookup_kind(name)
    return canonical if canonical and is_news(canonical, kind) else None


#: An unknown outlet's name after its media head is at most this many words
#: («موقع عنب بلدي»); longer runs reach into the clause («… سوريا كانت في …»).
_MAX_NAME_WORDS = 2


def _is_attached_media(tok: Word) -> bool:
    """«لوكالة», «لصحيفة», «لموقع»: a media head with the لـ of address glued on."""
    return tok.text.startswith("ل") and len(tok.text) > 3 and hits(word(tok.text[1:]), _MEDIA_HEADS)


def _is_glued_news(tok: Word) -> bool:
    """«لرويترز», «لسانا»: a one-word news outlet with the لـ of address glued on, not in a
    weak form («للعالم», "to the world")."""
    if not tok.text.startswith("ل"):
        return False
    bare_name = without_lam(tok.text)
    canonical = news_outlet(bare_name) if len(bare_name) > 2 else None
    return canonical is not None and not _weak_form(canonical, bare_name)


#: Both facts are the form's own: worked out once per form, not per occurrence.
_ATTACHED_MEDIA = FormFacts(_is_attached_media)
_GLUED_NEWS = FormFacts(_is_glued_news)


def _glued_outlet(tokens: list[Word], k: int, finder: SourceFinder) -> tuple[int, int] | None:
    """«للأناضول», «لرويترز»: a known outlet with the لـ of address glued on.

    A one-word name glued to its لـ is looked up by its form when the actor
    scan has not marked it.
    """
    tok = tokens[k]
    if not tok.text.startswith("ل"):
        return None
    if k not in finder.actors:
        return (k, k + 1) if _GLUED_NEWS[tok] else None
    end, _name, canonical, kind = finder.actors[k]
    return (k, end) if is_news(canonical, kind) else None


def _quoted_or_media(tokens: list[Word], k: int,
                     finder: SourceFinder | None = None, glued: bool = False) -> tuple[int, int] | None:
    """A quoted name, a known outlet, or a media head + name starting at ``k``: its token range.

    ``glued``: token ``k`` is a media head carrying the لـ of address
    («لوكالة شفق نيوز»); only the name after it is returned.
    """
    if k >= len(tokens):
        return None
    if glued:
        m = k + 1
        while m < len(tokens) and m <= k + _MAX_NAME_WORDS and tokens[m].is_word \
                and tokens[m].text not in ("أن", "ان", "إن", "في", "من"):
            m += 1
        if finder is not None and k + 1 in finder.actors:
            end, _name, canonical, kind = finder.actors[k + 1]
            if is_news(canonical, kind):
                return k + 1, end
        return (k + 1, m) if m > k + 1 else None
    if finder is not None:
        # «X» known, or «موقع X» with X known: the lexicon knows where the name ends.
        for start in (k, k + 1):
            if start in finder.actors and (start == k or hits(tokens[k], _MEDIA_HEADS)):
                end, _name, canonical, kind = finder.actors[start]
                if is_news(canonical, kind):
                    return start, end
    if tokens[k].text == '"':
        for m in range(k + 1, min(len(tokens), k + 6)):
            if tokens[m].text == '"':
                return (k + 1, m) if m > k + 1 else None
        return None
    if hits(tokens[k], _MEDIA_HEADS):
        m = k + 1
        while m < len(tokens) and m <= k + _MAX_NAME_WORDS and tokens[m].is_word and tokens[m].text not in ("أن", "ان", "إن", "في", "من"):
            m += 1
        return (k, m) if m > k + 1 else None
    return None


def _may_open_self_reference(w: Word) -> bool:
    return w.text[:1] == "ل" or w.text in _ADDRESS_WORDS or not _CORRESPONDENT.isdisjoint(w.keys)


_OPENS_SELF_REFERENCE = FormFacts(_may_open_self_reference)


class _Ballot:
    """Votes for the outlet's name.

    Names the actors lexicon knows as one actor pool their votes («العربية.نت»
    on the masthead, «العربية» in the copyright line): a page names its own
    outlet in several spellings, and a source it quotes should not outvote it
    because the page never spells itself the same way twice. The pooled
    actor's most-voted spelling is the answer. A vote cast ``unconfirmed``
    (a masthead in a weak form, «العالم» also being a menu's "World") counts
    only for an actor the page names so some other way too.
    """

    def __init__(self) -> None:
        self.votes: Counter[str] = Counter()
        self.first: dict[str, tuple[int, int]] = {}
        self.confirmed: set[str] = set()

    def cast(self, name: str, a: int, b: int, weight: int = 1, known: bool = False,
             unconfirmed: bool = False) -> None:
        name = name.strip(' "«»“”„\'').strip()
        words = name.split()
        if not known and len(words) > 1 and hits(word(fold(words[0])), _GENERIC):
            rest = " ".join(words[1:])
            # «صحيفة الأيام» → «الأيام»; but «الموقع بوست» is the outlet's whole name.
            if not (news_outlet(name) and not news_outlet(rest)):
                name = rest
        if not name or len(name) > (60 if known else 40):   # long runs are prose, not a name
            return
        self.votes[name] += weight
        self.first.setdefault(name, (a, b))
        if not unconfirmed:
            self.confirmed.add(name)

    def winner(self) -> tuple[str, int, int] | None:
        pools: dict[str, list[str]] = {}
        for name in self.votes:
            pools.setdefault(lookup_kind(name)[0] or "\0" + name, []).append(name)
        candidates = [names for names in pools.values() if self.confirmed.intersection(names)]
        if not candidates:
            return None

        def rank(names: list[str]) -> tuple[int, int]:
            return sum(self.votes[n] for n in names), -min(self.first[n][0] for n in names)

        best = max(candidates, key=rank)
        name = max(best, key=lambda n: (self.votes[n], -self.first[n][0]))
        a, b = self.first[name]
        return name, a, b


def _line_matches(pattern: re.Pattern[str], key: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, ``pattern`` tried only at the start of lines holding ``key``.

    ``pattern`` is anchored at a line start (``^`` with MULTILINE) and each
    of its matches holds a match of ``key`` on its first line. Scanning for
    the key runs at C speed; the anchored pattern costs a step per character
    of every line, and most lines of a page hold no key. Like ``finditer``,
    nothing before the end of a match is tried again. (Measured slower for
    «المصدر:» and copyright lines, whose keys are common words or searched
    case-blind: those keep ``finditer``.)
    """
    found: list[re.Match[str]] = []
    done = 0   # lines starting before this are tried already or inside a match
    for k in key.finditer(text):
        ls = text.rfind("\n", 0, k.start()) + 1
        if ls < done:
            continue
        le = text.find("\n", k.end())
        done = len(text) + 1 if le < 0 else le + 1
        m = pattern.match(text, ls)
        if m is not None:
            found.append(m)
            done = max(done, m.end())
    return found


def _head_lines(top: str) -> list[tuple[int, str]]:
    """What ``_HEAD_LINE.finditer(top)`` finds, as (start, line) of its group.

    A line of 4–80 characters between blanks is the line without them; the
    pattern itself is run only on lines shorter than that.
    """
    found: list[tuple[int, str]] = []
    ls, n = 0, len(top)
    while ls < n:
        le = top.find("\n", ls)
        le = n if le < 0 else le
        line = top[ls:le]
        body = line.lstrip(" \t")
        core = body.rstrip(" \t")
        if 4 <= len(core) <= 80:
            found.append((le - len(body), core))
        elif len(core) < 4 <= len(line):   # «   ab»: the pattern takes blanks into the line
            m = _HEAD_LINE.match(top, ls)
            if m is not None:
                found.append((m.start(1), m.group(1)))
        ls = le + 1
    return found


def infer_outlet(
    norm: NormText,
    tokens: Tokens,
    sentences: Sequence[Sentence],
    finder: SourceFinder,
    original: Callable[[int, int], str],
    is_place: Callable[[str], bool],
) -> tuple[str, int, int] | None:
    """The outlet's name and its original-text span, or None when the text never says."""
    ballot = _Ballot()

    def vote(na: int, nb: int, weight: int, known: bool = False) -> None:
        """A vote for the normalised span ``[na, nb)``, read in the original text."""
        a, b = norm.span(na, nb)
        ballot.cast(original(a, b), a, b, weight, known)

    masthead = _masthead(norm.text)
    if masthead:
        a, b = norm.span(*masthead)
        name, weak = _masthead_vote(original(a, b))
        ballot.cast(name, a, b, _MASTHEAD_WEIGHT, known=True, unconfirmed=weak)
    for m in _SOURCE_LINE.finditer(norm.text):
        found = _source_line_outlet(m.group(1))
        if found:
            vote(m.start(1) + found[0], m.start(1) + found[1], 3)
    _vote_addressed(tokens, sentences, finder, norm, ballot, original)
    head = norm.text[:400]
    for bm in _BRACKET_DATELINE.finditer(head):
        place = bm.group("place").strip()
        if len(place.split()) > 3 or not (place.isupper() or is_place(place)):
            continue   # «قتل 5 (بينهم طفلان) -» is no dateline
        vote(bm.start("outlet"), bm.end("outlet"), 2)
    for m in _BYLINE.finditer(head):
        left = m.group(1).strip()
        if is_place(left) or len(left.split()) > 3:
            continue   # a dateline: read with the other head lines below
        vote(m.start(1), m.start(1) + len(left), 1)
    top = norm.text[:_HEAD_CHARS]
    for start, line in _head_lines(top):
        if is_furniture(line):   # «diyala-ambush-2024.jpg»: a file name
            continue
        found = _dateline_outlet(line, is_place) or _desk_byline(line, is_place)
        if found:
            vote(start + found[0], start + found[1], 2)
    for m in _line_matches(_LEDE_HEAD, _DASH_GAP, top):
        found = _lede_outlet(m.group("head"), is_place)
        if found:
            vote(m.start("head") + found[0], m.start("head") + found[1], 2, known=True)
    for m in _line_matches(_SLASH_LEAD, _SLASH, top):
        name = m.group(1).strip()
        if len(m.group(2).split()) >= 8 and len(name.split()) <= 3 and not is_place(name):
            vote(m.start(1), m.start(1) + len(name), 2)
    for m in _COPYRIGHT.finditer(norm.text):
        found = _copyright_outlet(m.group(0))
        if found:
            vote(m.start() + found[0], m.start() + found[1], 2)
    for m in _line_matches(_FOLLOW_LINE, _FOLLOW_KEY, norm.text):
        if news_outlet(m.group("name")):
            vote(m.start("name"), m.end("name"), 2, known=True)
    return ballot.winner()



def _vote_addressed(tokens: Tokens, sentences: Sequence[Sentence], finder: SourceFinder,
                    norm: NormText, ballot: _Ballot, original: Callable[[int, int], str]) -> None:
    """Votes for the outlet a source speaks to: «قال … لـ"X"», «في حديث إلى "X"», «مراسل "X"».

    Every such self-reference opens with the لـ of address, an address word
    or a correspondent word: those tokens are found once.
    """
    def vote(rng: tuple[int, int], known: bool = False, glued: bool = False) -> None:
        a, b = norm.span(*tokens.span(*rng))
        text = original(a, b)
        if glued:   # «للأناضول» → «الأناضول», «لرويترز» → «رويترز»
            text = without_lam(text)
        ballot.cast(text, a, b, 2, known)

    opens = _OPENS_SELF_REFERENCE.where(tokens)
    for sent in sentences:
        for k in opens[bisect.bisect_left(opens, sent.t0): bisect.bisect_left(opens, sent.t1)]:
            t = tokens[k]
            glued = _glued_outlet(tokens, k, finder)
            if glued and _after_speech(tokens, finder, sent, k):
                vote(glued, known=True, glued=True)
            elif t.text in ("ل", "لـ") or _ATTACHED_MEDIA[t]:
                # «لـ«الأخبار»», or «لوكالة شفق نيوز» with the لـ glued on.
                nxt = k + 1 if t.text in ("ل", "لـ") else k
                rng = _quoted_or_media(tokens, nxt, finder, glued=nxt == k)
                if rng and _after_speech(tokens, finder, sent, k) and not _is_actor(finder, rng[0]):
                    vote(rng, known=rng[0] in finder.actors)
            elif t.text in _ADDRESS_WORDS:
                # «في حديث إلى "X"»: only after a statement noun («عاد إلى "الرقة"» is no address).
                rng = _quoted_or_media(tokens, k + 1, finder)
                if rng and k > sent.t0 and hits(tokens[k - 1], _STATEMENT_NOUNS) \
                        and not _is_actor(finder, rng[0]):
                    vote(rng, known=rng[0] in finder.actors)
            elif hits(t, _CORRESPONDENT):
                rng = _quoted_or_media(tokens, k + 1)
                if rng and tokens[k + 1].text == '"':
                    vote(rng)


#: Datelines, bylines and the lede's «X/» sit in the first characters of a page.
_HEAD_CHARS = 1500


def _dateline_outlet(line: str, is_place: Callable[[str], bool]) -> tuple[int, int] | None:
    """The outlet's span in a dateline that opens with a place: «تعز - الموقع بوست - خاص».

    The parts after the place are the outlet, an author or «خاص»; a part the
    actors lexicon knows as a news outlet wins, else the first part that is
    neither a place nor a filler (the outlet files first, the author after it).
    """
    if len(line.split()) > 12 or not _SEPARATOR.search(line):
        return None
    parts = []
    for m in _PART.finditer(line):
        text = m.group(0).strip(' \t"«»“”')
        if text:
            k = line.find(text, m.start())
            parts.append((text, k, k + len(text)))
    if len(parts) < 2:
        return None
    first = parts[0][0]
    if len(first.split()) > 3 or not is_place(first):
        return None
    candidates = [p for p in parts[1:] if len(p[0].split()) <= 4 and p[0] not in _DATELINE_FILLERS
                  and not any(w.isdigit() for w in p[0].split()) and not is_place(p[0])]
    for text, a, b in candidates:
        if news_outlet(text):
            return a, b
    return (candidates[0][1], candidates[0][2]) if candidates else None


#: Punctuation a masthead line may carry between the words of its name: «BBC News, عربي».
_MASTHEAD_PUNCT = re.compile(r'[,،•·]')
#: What separates two names of one outlet on a masthead: «وكالة الأنباء العراقية - واع», «Enab Baladi، عنب بلدي».
_MASTHEAD_SPLIT = re.compile(r'[\-–—|/:,،•·]')
#: A masthead names the outlet and nothing else: longer lines are headlines or prose.
_MASTHEAD_MAX_WORDS = 8
#: A masthead outweighs any one other self-reference (at most 3, «المصدر:»).
_MASTHEAD_WEIGHT = 4


def _masthead(text: str) -> tuple[int, int] | None:
    """The span of the site's name on the first line of a saved page (normalised text).

    A page saved as text opens with the site's masthead («فرانس 24»,
    «وكالة الأنباء والمعلومات الفلسطينية - وفا») before menus and the
    headline; furniture («icon», «تخطى إلى المحتوى») may come first. Only
    the first other line counts, and only when it is nothing but the name of
    an outlet the actors lexicon knows: a headline that mentions an outlet
    («رويترز: مقتل 5 …») is no masthead, nor is a menu line further down.
    """
    pos = 0
    for line in text[:_HEAD_CHARS].split("\n"):
        start, pos = pos, pos + len(line) + 1
        s = line.strip()
        if not s or is_furniture(s):
            continue
        if _masthead_outlet(s) is None:
            return None
        a = start + line.index(s)
        return a, a + len(s)
    return None


def _masthead_vote(line: str) -> tuple[str, bool]:
    """The name a masthead line votes for, as the lexicon knows it, and whether it is a weak form.

    «BBC News عربي» for «BBC News, عربي»; the longest name of «NAME - SHORT
    NAME». A weak form («النهار», also "the day"; «العالم», also a menu's
    "World") must be confirmed: the page has to name itself so elsewhere.
    """
    found = _masthead_outlet(line)
    if found is None:
        return line, True
    canonical, name = found
    return name, _weak_form(canonical, name)


def _masthead_outlet(line: str) -> tuple[str, str] | None:
    """(canonical, name) of the known outlet a line names and nothing else.

    «سودان تربيون»; «BBC News, عربي» read without its comma; «X - وفا»,
    one outlet under two names, as the longest of them.
    """
    clean = " ".join(_MASTHEAD_PUNCT.sub(" ", line).split())
    if len(clean.split()) > _MASTHEAD_MAX_WORDS:
        return None
    whole = news_outlet(clean)
    if whole:
        return whole, clean
    if not _MASTHEAD_SPLIT.search(line):
        return None
    parts = [p.strip() for p in _MASTHEAD_SPLIT.split(line) if p.strip()]
    known = {news_outlet(p) for p in parts}
    name = known.pop() if len(known) == 1 else None
    return (name, max(parts, key=len)) if name is not None else None


def _weak_form(canonical: str, name: str) -> bool:
    """Whether ``name`` is one of the actor's weak forms, an ordinary word too («النهار»)."""
    actor = _lexicon_actor(canonical)
    key = fold(name.strip(' "«»“”'))
    return any(fold(w) == key for w in getattr(actor, "weak", ()))


#: What separates the names an «المصدر:» line lists: «"دون" + رويترز», «سانا، رويترز».
_SOURCE_SPLIT = re.compile(r'\s*[+،,/&]\s*')


def _source_line_outlet(value: str) -> tuple[int, int] | None:
    """The outlet a closing «المصدر: …» line names (its span in ``value``), or None.

    «المصدر: الجزيرة» and «المصدر: الجزيرة + وكالات» name the page's own
    desk (the agencies added to it are no outlet of their own); a line
    naming two outlets or more («المصدر: "دون" + رويترز», «رويترز
    والأناضول») lists the sources the report drew on, and names none of
    them as the page's publisher.
    """
    if news_outlet(value):
        return 0, len(value)
    named = []
    pos = 0
    for piece in _SOURCE_SPLIT.split(value):
        k = value.find(piece, pos)
        pos = k + len(piece)
        for a, b in _conjoined(piece):
            name = piece[a:b].strip(' "«»“”')
            if name and fold(name) not in _DESK_WORDS:
                named.append((k + a, k + b))
    return named[0] if len(named) == 1 else None


def _conjoined(piece: str) -> list[tuple[int, int]]:
    """Spans of the names in «X وY» when both sides are outlets or desk words, else the whole piece."""
    for m in re.finditer(r'\s+و(?=\S)', piece):
        left, right = piece[:m.start()], piece[m.end():]
        if all(news_outlet(x) or fold(x.strip(' "«»“”')) in _DESK_WORDS for x in (left, right)):
            return [(0, m.start()), (m.end(), len(piece))]
    return [(0, len(piece))]


#: «إندبندنت عربية ووكالات», «المدن - وكالات»: a byline of the outlet's desk and the
#: agencies (normalised text; the desk words are folded the same way).
_DESK_BYLINE = re.compile(r'^(?P<name>[^\d\n]+?)(?:\s*[-–—+/|]\s*|\s+و)(?:'
                          + "|".join(re.escape(w) for w in sorted(_DESK_WORDS, key=len, reverse=True))
                          + r')\s*$')


def _desk_byline(line: str, is_place: Callable[[str], bool]) -> tuple[int, int] | None:
    """The outlet's span in a byline «X ووكالات»: its own desk joined to the news agencies."""
    m = _DESK_BYLINE.match(line.strip())
    if not m:
        return None
    name = m.group("name").strip(' "«»“”')
    if not name or len(name.split()) > 4 or is_place(name):
        return None
    a = line.find(name)
    return a, a + len(name)


#: The opening of a lede with its dateline glued on, up to the first dash or colon
#: that follows a letter: «جنين 7-8-2024 وفا- استشهد …» (the date's own dashes follow digits).
#: (The stdlib ``re``, its letters as ``[^\W\d_]``: a third faster here than ``regex``.)
_LEDE_HEAD = re.compile(r'^[ \t]*(?P<head>[^\n]{2,60}?[^\W\d_])[ \t]*[-–—:][ \t]+(?=\S)', re.MULTILINE)
#: What must follow a lede head on its line (the pattern's key): a dash or colon, then a space.
_DASH_GAP = re.compile(r'[-–—:][ \t]')


#: A dateline is a place, perhaps a date, and the outlet: a few words.
_LEDE_HEAD_WORDS = 6


def _lede_outlet(head: str, is_place: Callable[[str], bool]) -> tuple[int, int] | None:
    """The outlet's span in a lede's glued dateline «PLACE [DATE] OUTLET-».

    State agencies open their reports so («جنين 7-8-2024 وفا- …», «دمشق-سانا»
    style with a date); the name must be an outlet the lexicon knows, since
    a lede's first words before a dash may be anything.
    """
    words = head.split()
    if not 2 <= len(words) <= _LEDE_HEAD_WORDS:
        return None
    dated = [i + 1 for i, w in enumerate(words) if any(c.isdigit() for c in w)]
    # The name follows the date; undated, the place is one or two words («خان يونس»).
    for cut in dated[-1:] or (1, 2):
        place = " ".join(w for w in words[:cut] if not any(c.isdigit() for c in w))
        name = " ".join(words[cut:])
        if name and place and is_place(place) and news_outlet(name):
            a = head.rfind(name)
            return a, a + len(name)
    return None


#: At most this many words in a copyright line's name; a longer run is a sentence.
_COPYRIGHT_NAME_WORDS = 4


def _copyright_outlet(line: str) -> tuple[int, int] | None:
    """The outlet's span in a copyright line, or None.

    The line's noise (©, years, «جميع الحقوق محفوظة», «All rights reserved»,
    «لدى», punctuation) cuts it into runs of words; a run the lexicon knows
    as an outlet wins («© 2024 بي بي سي. بي بي سي ليست مسؤولة …»), else
    the first short run. A لـ glued to a media head is left out
    («محفوظة لوكالة الأنباء …»).
    """
    runs = []
    pos = 0
    for m in [*_COPYRIGHT_WORDS.finditer(line), None]:
        a, b = pos, (m.start() if m else len(line))
        pos = m.end() if m else len(line)
        run = line[a:b].strip()
        if run and 0 < len(run.split()) <= _COPYRIGHT_NAME_WORDS:
            k = line.index(run, a)
            if run.startswith("ل") and hits(word(run.split()[0][1:]), _MEDIA_HEADS):
                k, run = k + 1, run[1:]
            runs.append((k, k + len(run), run))
    for a, b, run in runs:
        if news_outlet(run):
            return a, b
    return (runs[0][0], runs[0][1]) if runs else None


def _after_speech(tokens: list[Word], finder: SourceFinder, sent: Sentence, k: int) -> bool:
    """Whether the "لـ" at ``k`` directly follows a reporting verb, a source phrase or a speaker.

    "أكدت لـ«X»", "قالت مصادر أمنية، لـ«X»" and "قال المحافظ، فلان، لـ«X»"
    address the outlet; "التابعة لـ«قسد»" does not.
    """
    prev = k - 1
    while prev >= sent.t0 and tokens[prev].text in ("،", ","):
        prev -= 1
    if prev < sent.t0:
        return False
    if finder.is_verb(prev) or hits(tokens[prev], _STATEMENT_NOUNS):   # «في تصريح للأناضول»
        return True
    for m in range(max(sent.t0, prev - 7), prev + 1):
        ph = finder.phrase_at(m, prev + 1)
        if ph is not None and ph.t1 == prev + 1 and ph.kind in ("anonymous", "unnamed_reports"):
            return True
    return prev < k - 1 and _closes_speaker(tokens, finder, sent, prev)


#: Tokens a speaker's title and name may run to between the reporting verb and
#: the comma before «لـ»: «قال الناطق باسم الفرقة الخامسة مشاة (الهجانة)، العقيد فلان الفلاني،».
_SPEAKER_SPAN = 16
#: What a speaker's name and title never hold: the «أن/إن» of reported speech, a quotation.
_NOT_IN_SPEAKER = frozenset({"ان", "أن", "إن", '"'})


def _closes_speaker(tokens: list[Word], finder: SourceFinder, sent: Sentence, last: int) -> bool:
    """Whether tokens up to ``last`` (before a comma) are «VERB SPEAKER[، NAME]» with nothing said yet.

    «وقال محافظ جنين، فلان الفلاني، لـ"وفا"، إن …»: a named speaker, set
    off by commas, speaks to the outlet. The verb must come within a
    speaker's length back, and no «أن/إن» or quotation between: once the
    statement has begun, a «، لـ"X"» belongs to what is said.
    """
    for m in range(last, max(sent.t0, last - _SPEAKER_SPAN) - 1, -1):
        if tokens[m].text in _NOT_IN_SPEAKER:
            return False
        if finder.is_verb(m):
            return True
    return False


def _is_actor(finder: SourceFinder, k: int) -> bool:
    """A side of the conflict or an official body is not the outlet being addressed."""
    ph = finder.phrase_at(k, k + 6)
    return ph is not None and ph.canonical is not None and not is_news(ph.canonical, ph.kind)


#: The headline is among the first few lines that could be one (see :func:`infer_title`).
_TITLE_LINES = 6
#: Lines of a page looked at in all: menus one word per line can run long.
_TITLE_SCAN = 40
#: A headline has at least this many words and at most the second number.
_TITLE_WORDS = (4, 20)


def infer_title(text: str) -> str | None:
    """A headline: an early line of a few words without a full stop, followed by a line break.

    A saved page puts its masthead, menus («الرئيسية», «أخبار», «صحة», one
    word per line), a breadcrumb and furniture above the headline; none of
    them is a headline nor counts toward the first six candidate lines. A
    line that is only a known outlet's name («وكالة الأنباء اليمنية سبأ») is
    the masthead, however many words it has. A line of over 20 words is the
    body: the page has no headline line.
    """
    candidates = 0
    for line in text.split("\n", _TITLE_SCAN)[:_TITLE_SCAN]:
        s = line.strip()
        words = s.split()
        if len(words) > _TITLE_WORDS[1]:
            return None
        if len(words) < _TITLE_WORDS[0] or _BYLINE.match(s) or _is_breadcrumb(s) \
                or is_furniture(fold(s)) or _masthead_outlet(s):
            continue   # «غزة – وكالة الأناضول», «الرئيسية | ليبيا», «اقرأ أيضاً», the masthead
        if not s.endswith((".", "،", ":")) and len(s) < 160:
            return s
        candidates += 1
        if candidates >= _TITLE_LINES:
            return None
    return None


_CRUMB_SEP = re.compile(r'\s[|»›>/]\s')


def _is_breadcrumb(line: str) -> bool:
    """«بوابة الوسط | الرئيسية | ليبيا», «الرئيسية » تقارير»: site navigation, short
    parts cut by bars, chevrons or slashes; a headline has a longer part."""
    parts = _CRUMB_SEP.split(line)
    return len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)
