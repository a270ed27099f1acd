"""The publishing outlet, title and date of a report, read from its own text.

Without metadata a report still names its outlet: sources speak *to* it
("قالت مصادر لـ«الأخبار»"، "أكدت لـ موقع تلفزيون سوريا"), its correspondent
is "مراسل «أثر»", a closing line says "المصدر: …", and a byline reads
"OUTLET – AUTHOR". The most frequent such self-reference wins; all are
marked ``inferred``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence

import regex

from riwaya.extract.actor_spans import lookup_kind
from riwaya.extract.attribution import SourceFinder
from riwaya.text.lexicon import hits, word_list, words_of
from riwaya.text.normalize import NormText
from riwaya.text.segment import Sentence, is_furniture
from riwaya.text.tokens import FormFacts, Tokens, Word, word

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


def _either(phrases: Sequence[str], space: str = " ") -> str:
    """A regex alternation of data-file phrases, matched as written, ``space`` between words."""
    return "|".join(space.join(map(re.escape, p.split())) for p in phrases)


_COPYRIGHT_PHRASES = word_list("outlet", "copyright_phrases")
#: «© 2024 المدن. جميع الحقوق محفوظة», «جميع الحقوق محفوظة © الموقع بوست 2024».
_COPYRIGHT = re.compile(r'^[ \t]*(?:©|' + _either(_COPYRIGHT_PHRASES) + r')[^\n]*$', re.MULTILINE)
#: What a copyright line says besides the outlet's name: the phrase, ©, years, «لدى».
_COPYRIGHT_WORDS = re.compile(r'©|\d+|(?:' + _either(_COPYRIGHT_PHRASES, r'\s+') + r')\S*|'
                              + _either(word_list("outlet", "copyright_fillers")) + r'|ل\s|[.|,،\-–]')
_GENERIC = words_of("outlet", "generic_heads")
_CORRESPONDENT = words_of("outlet", "correspondent_words")
_STATEMENT_NOUNS = words_of("outlet", "statement_nouns")
_MEDIA_KINDS = frozenset({"media", "party_media", "outlet"})
_MEDIA_HEADS = words_of("outlet", "media_heads")


#: An unknown outlet's name after its media head is at most this many words
#: («موقع عنب بلدي»); longer runs reach into the clause («… سوريا كانت في …»).
_MAX_NAME_WORDS = 2


def _attached_media(tok: Word) -> bool:
    """«لوكالة», «لصحيفة», «لموقع»: a media head with the لـ of address glued on."""
    return tok.text.startswith("ل") and len(tok.text) > 3 and hits(word(tok.text[1:]), _MEDIA_HEADS)


def _glued_outlet(tokens: Sequence[Word], k: int, finder: SourceFinder) -> tuple[int, int] | None:
    """«للأناضول», «لرويترز»: a known outlet with the لـ of address glued on."""
    tok = tokens[k]
    if not tok.text.startswith("ل") or k not in finder.actors:
        return None
    end, _name, _canonical, kind = finder.actors[k]
    return (k, end) if kind in _MEDIA_KINDS else None


def _quoted_or_media(tokens: Sequence[Word], k: int,
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
            end, _name, _canonical, kind = finder.actors[k + 1]
            if kind in _MEDIA_KINDS:
                return k + 1, end
        return (k + 1, m) if m > k + 1 else None
    if finder is not None:
        # «X» known, or «موقع X» with X known: the lexicon knows where the name ends.
        for start in (k, k + 1):
            if start in finder.actors and (start == k or hits(tokens[k], _MEDIA_HEADS)):
                end, _name, _canonical, kind = finder.actors[start]
                if kind in _MEDIA_KINDS:
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
    return w.text[:1] == "ل" or not _CORRESPONDENT.isdisjoint(w.keys)


_OPENS_SELF_REFERENCE = FormFacts(_may_open_self_reference)


def infer_outlet(
    norm: NormText,
    tokens: Tokens,
    sentences: Sequence[Sentence],
    finder: SourceFinder,
    original: Callable[[int, int], str],
    is_place: Callable[[str], bool],
) -> tuple[str, int, int] | None:
    """The outlet's name and its original-text span, or None when the text never says."""
    votes: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}

    def vote(name: str, a: int, b: int, weight: int = 1, known: bool = False) -> None:
        name = name.split("+")[0]   # «المصدر : الجزيرة + وكالات»
        name = name.strip(' "«»“”„\'').strip()
        words = name.split()
        if not known and len(words) > 1 and hits(word(words[0]), _GENERIC):
            name = " ".join(words[1:])
        if not name or len(name) > 40:
            return
        votes[name] += weight
        first.setdefault(name, (a, b))

    for m in _SOURCE_LINE.finditer(norm.text):
        a, b = norm.span(m.start(1), m.end(1))
        vote(original(a, b), a, b, 3)
    # Every self-reference below opens with the لـ of address or a
    # correspondent word: those tokens are found once.
    opens = _OPENS_SELF_REFERENCE.where(tokens)
    for sent in sentences:
        for k in opens[bisect.bisect_left(opens, sent.t0): bisect.bisect_left(opens, sent.t1)]:
            t = tokens[k]
            glued = _glued_outlet(tokens, k, finder)
            if glued and _after_speech(tokens, finder, sent, k):
                a, b = norm.span(*tokens.span(*glued))
                text = original(a, b)
                vote("ال" + text[2:] if text.startswith("لل") else text[1:], a, b, 2, known=True)
            elif t.text in ("ل", "لـ") or _attached_media(t):
                # «لـ«الأخبار»», or «لوكالة شفق نيوز» with the لـ glued on.
                nxt = k + 1 if t.text in ("ل", "لـ") else k
                rng = _quoted_or_media(tokens, nxt, finder, glued=nxt == k)
                if rng and _after_speech(tokens, finder, sent, k) and not _is_actor(finder, rng[0]):
                    a, b = norm.span(*tokens.span(*rng))
                    vote(original(a, b), a, b, 2, known=rng[0] in finder.actors)
            elif hits(t, _CORRESPONDENT):
                rng = _quoted_or_media(tokens, k + 1)
                if rng and tokens[k + 1].text == '"':
                    a, b = norm.span(*tokens.span(*rng))
                    vote(original(a, b), a, b, 2)
    head = norm.text[:400]
    for m in _BRACKET_DATELINE.finditer(head):
        place = m.group("place").strip()
        if len(place.split()) > 3 or not (place.isupper() or is_place(place)):
            continue   # «قتل 5 (بينهم طفلان) -» is no dateline
        a, b = norm.span(m.start("outlet"), m.end("outlet"))
        vote(original(a, b), a, b, 2)
    for m in _BYLINE.finditer(head):
        left = m.group(1).strip()
        if is_place(left) or len(left.split()) > 3:
            continue   # a dateline: read with the other head lines below
        a, b = norm.span(m.start(1), m.start(1) + len(left))
        vote(original(a, b), a, b, 1)
    top = norm.text[:_HEAD_CHARS]
    for m in _HEAD_LINE.finditer(top):
        found = _dateline_outlet(m.group(1), is_place)
        if found and is_furniture(m.group(1)):   # «diyala-ambush-2024.jpg»: a file name
            found = None
        if found:
            a, b = norm.span(m.start(1) + found[0], m.start(1) + found[1])
            vote(original(a, b), a, b, 2)
    for m in _SLASH_LEAD.finditer(top):
        name = m.group(1).strip()
        if len(m.group(2).split()) >= 8 and len(name.split()) <= 3 and not is_place(name):
            a, b = norm.span(m.start(1), m.start(1) + len(name))
            vote(original(a, b), a, b, 2)
    for m in _COPYRIGHT.finditer(norm.text):
        line = m.group(0)
        words = _COPYRIGHT_WORDS.sub(" ", line).split()
        name = " ".join(words)
        k = line.find(name) if 0 < len(words) <= 4 else -1
        if k >= 0:
            a, b = norm.span(m.start() + k, m.start() + k + len(name))
            vote(original(a, b), a, b, 2)
    if not votes:
        return None
    name, _ = max(votes.items(), key=lambda kv: (kv[1], -first[kv[0]][0]))
    a, b = first[name]
    return name, a, b


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
        if lookup_kind(text)[1] in _MEDIA_KINDS:
            return a, b
    return (candidates[0][1], candidates[0][2]) if candidates else None


def _after_speech(tokens: Sequence[Word], finder: SourceFinder, sent: Sentence, k: int) -> bool:
    """Whether the "لـ" at ``k`` directly follows a reporting verb or a source phrase.

    "أكدت لـ«X»" and "قالت مصادر أمنية، لـ«X»" address the outlet; "التابعة
    لـ«قسد»" does not.
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
    return False


def _is_actor(finder: SourceFinder, k: int) -> bool:
    """A side of the conflict or an official body is not the outlet being addressed."""
    ph = finder.phrase_at(k, k + 6)
    return ph is not None and ph.canonical is not None and ph.kind not in _MEDIA_KINDS


def infer_title(text: str) -> str | None:
    """A headline: an early short line without a full stop, followed by a line break."""
    for line in text.split("\n")[:6]:
        s = line.strip()
        if _BYLINE.match(s) or _is_breadcrumb(s):   # «غزة – وكالة الأناضول», «الرئيسية | ليبيا»
            continue
        words = s.split()
        if 4 <= len(words) <= 20 and not s.endswith((".", "،", ":")) and len(s) < 160:
            return s
        if len(words) > 20:
            return None
    return None


_CRUMB_SEP = re.compile(r'\s[|»›>/]\s')


def _is_breadcrumb(line: str) -> bool:
    """«بوابة الوسط | الرئيسية | ليبيا», «الرئيسية » تقارير»: site navigation, short
    parts cut by bars, chevrons or slashes; a headline has a longer part."""
    parts = _CRUMB_SEP.split(line)
    return len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)
