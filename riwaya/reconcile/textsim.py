"""Fast folding, word shingles and MinHash signatures for grouping reports.

Grouping 100k reports needs text similarity that is cheap to compute, small
to ship between processes, and stable across processes (Python's ``hash`` is
salted per process, so it is never used here). Two reports of one incident
written by different outlets share vocabulary more than phrasing, so the
shingles are *folded content words* (article stripped, stop words dropped),
not character n-grams: Jaccard between rewrites is typically 0.15–0.4,
between agency reprints 0.7+, between unrelated reports under 0.1.

The signature is a classic MinHash (universal hashing ``(a·x + b) mod p``
over CRC32 token hashes, like datasketch's), computed with numpy in one
vectorised step per document; banding it gives LSH block keys.

``fold_keep_offsets`` maps one character to one character (diacritics kept)
so that regex matches on it are offsets into the original text; lexicon
patterns tolerate the kept diacritics instead (see ``tolerant_pattern``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

import numpy as np

from riwaya.text.normalize import _DELETE, _FOLD

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
_PRIME = np.uint64(4294967311)  # smallest prime above 2**32
_rng = np.random.RandomState(20220120)
_A = _rng.randint(1, 2**31 - 1, size=NUM_PERM).astype(np.uint64)
_B = _rng.randint(0, 2**31 - 1, size=NUM_PERM).astype(np.uint64)

#: One-to-one folds only (same length as the input): offsets survive.
_SAME_LENGTH = str.maketrans({k: v for k, v in _FOLD.items() if len(v) == 1})
#: Folds plus deletions: for shingles, where offsets do not matter.
_SHINGLE = str.maketrans({**{k: v for k, v in _FOLD.items() if len(v) == 1},
                          **{ch: None for ch in _DELETE}})

#: Characters ``fold_keep_offsets`` leaves in place that patterns must skip.
IGNORABLE = "[" + "".join(sorted(_DELETE)).replace("\\", "\\\\").replace("]", "\\]") + "]*"

_WORD = re.compile(r"[^\W_]+")
_ARTICLE = ("وال", "فال", "بال", "كال", "لل", "ال")

def fold_keep_offsets(text: str) -> str:
    """Fold letters/digits one-to-one (diacritics kept) so offsets stay valid."""
    return text.translate(_SAME_LENGTH)


def fold_for_shingles(text: str) -> str:
    """Fold and drop diacritics/tatweel; lower-case Latin."""
    return text.translate(_SHINGLE).lower()


def tolerant_pattern(phrase: str) -> str:
    """A regex for folded ``phrase`` that skips diacritics between its letters."""
    folded = fold_for_shingles(phrase).strip()
    parts: list[str] = []
    for ch in folded:
        if ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch) + IGNORABLE)
    return "".join(parts)


_SPELLINGS: dict[str, set[str]] = {}
for _raw, _folded in _FOLD.items():
    if len(_folded) == 1 and not _raw.isspace():
        _SPELLINGS.setdefault(_folded, set()).add(_raw)


def _letter(ch: str) -> str:
    """Regex for one folded letter: any of its unfolded spellings, then diacritics."""
    if ch == " ":
        return r"\s+"
    forms = sorted({ch} | _SPELLINGS.get(ch, set()))
    body = re.escape(ch) if len(forms) == 1 else "[" + "".join(re.escape(f) for f in forms) + "]"
    return body + IGNORABLE


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regex matching any of ``phrases`` in *unfolded* text, built as a trie.

    A plain alternation makes the regex engine try every phrase at every
    position; a trie shares prefixes, so a scan costs about one branch per
    character. Each letter accepts its unfolded spellings (أ/إ/آ for ا, ة for
    ه, …) and any diacritics after it, so no folding pass is needed and
    match offsets are offsets into the original text.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        folded = " ".join(fold_for_shingles(phrase).split())
        if not folded:
            continue
        node = trie
        for ch in folded:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [_letter(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(alts) == 1 else body + "?"
        return body

    return emit(trie)


def strip_prefixes(word: str) -> str:
    """Drop a definite article (with a clinging conjunction/preposition)."""
    for art in _ARTICLE:
        if word.startswith(art) and len(word) - len(art) >= 3:
            return word[len(art):]
    return word


_CLITICS = "وفبلك"
_SUFFIXES = ("ات", "ون", "ين", "ان", "ها", "هم", "يه", "ه", "ي", "ا")


def stems(word: str) -> set[str]:
    """Light stems of one folded word: the word without article, then without clitic/suffix.

    Arabic glues conjunctions, prepositions and the article to words and
    inflects their ends («ببغداد», «بغداد»; «انتحاريين», «انتحاري»), so one
    word yields its article-less form plus the forms with one leading clitic
    and/or one suffix removed. Two mentions of a word then share at least
    one stem; the extra forms add little noise across unrelated reports.
    """
    base = strip_prefixes(word)
    forms = {base}
    if base == word and len(word) >= 5 and word[0] in _CLITICS:
        forms.add(word[1:])
    for form in list(forms):
        for suffix in _SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                forms.add(form[: -len(suffix)])
                break
    return forms


_FUNCTION_WORDS = """
في من على الى عن مع ان او ثم بعد قبل حيث كما قال قالت وقال وقالت انه انها بين خلال
عند حتى منذ اي كل بعض غير عبر ضد لدى نحو حول اكثر اقل هذا هذه ذلك تلك التي الذي
الذين اللذين كان كانت يكون تكون قد لم لن ما لا لا اليوم امس يوم وفي ومن وعلى الي
وذلك فيما بينما اذ اذا لكن ولكن كذلك ايضا وايضا عليه عليها فيه فيها منه منها له لها
هو هي هم هن نحن انت وهو وهي وهم مما بما لما كما عما وان بان لان فان اضاف واضاف
اشار واشار ذكر وذكر افاد وافاد اكد واكد اوضح واوضح تم وتم يتم جرى دون سوى اخرى اخر
the a an of in on at to for and or by with from that this these those is was were are
be been being has have had it its as after before said says say also but not no than
then there their they them he she his her we our you your who whom which what when
where while during into over under about against between through
"""
#: Words every conflict report uses: sharing them says nothing about being the same incident.
_DOMAIN_WORDS = """
قوات هجوم هجوما هجمات مدينة مدينه بلدة قرية منطقة محافظة ولاية شرق شرقي غرب غربي شمال شمالي
جنوب جنوبي وسط مسؤول مسؤولون مصدر مصادر محلي محلية محليون شخص شخصا أشخاص قتل قتلوا مقتل
قتيل قتيلا قتلى أصيب إصابة إصابات جرحى جريح حصيلة ضحايا بيان عدد جيش مسلح مسلحون مسلحين
مدني مدنيين مدنيون آخرون آخرين ساعة يوم أمس اليوم السبت الأحد الاثنين الثلاثاء الأربعاء
الخميس الجمعة صباح مساء ليلة عام العام أعلن أعلنت أكد أكدت أوضح أفاد أفادت وفق بحسب وفقا
نحو حوالي قرابة أكثر أقل عشرات مئات بينهم بينها تابعة جديد جديدة يناير فبراير مارس أبريل
مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
killed wounded injured attack attacked forces people civilians officials local source sources
according statement said told town village city region province district
"""
STOPWORDS = frozenset(
    fold_for_shingles(w) for w in (_FUNCTION_WORDS + _DOMAIN_WORDS).split()
) | frozenset(strip_prefixes(fold_for_shingles(w)) for w in _DOMAIN_WORDS.split())


def tokens(text: str) -> set[str]:
    """The content-word shingles of ``text``: light stems of folded words, stop words dropped."""
    out: set[str] = set()
    for raw in _WORD.findall(fold_for_shingles(text)):
        if raw in STOPWORDS or (raw.isdigit() and len(raw) < 2):
            continue
        for word in stems(raw):
            if len(word) >= 2 and word not in STOPWORDS:
                out.add(word)
    return out


def signature(words: Iterable[str]) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` uint32) of a token set, None when empty."""
    hv = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64)
    if hv.size == 0:
        return None
    sig = ((hv[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0)
    return (sig & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def band_keys(sig: np.ndarray | None) -> list[str]:
    """LSH keys: one per band of ``ROWS`` rows (``BANDS`` bands, threshold ≈ (1/BANDS)^(1/ROWS))."""
    if sig is None:
        return []
    rows = sig.reshape(BANDS, ROWS)
    return [f"l:{b}:{zlib.crc32(rows[b].tobytes()):08x}" for b in range(BANDS)]


def jaccard(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Estimated Jaccard similarity of two signatures (0 when either is empty)."""
    if a is None or b is None:
        return 0.0
    return float(np.mean(a == b))


_SENTENCE_END = re.compile(r"[.!?؟\n;؛]+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` of ``text``, whitespace trimmed, empty ones dropped.

    A full stop between digits (``3.5``) is not a sentence end.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        s, e = m.start(), m.end()
        if m.group() == "." and 0 < s < len(text) - 1 and text[s - 1].isdigit() and text[s + 1].isdigit():
            continue
        spans.append((start, s))
        start = e
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
