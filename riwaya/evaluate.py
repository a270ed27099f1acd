"""Scoring riwaya's claims against gold annotations.

The rules are those of the shared scorer (``shared/tools/score_claims.py``),
reimplemented here so that ``riwaya evaluate`` gives the same numbers while
also validating its inputs (a malformed gold file is a one-line error, not a
``KeyError``) and returning data rather than printing. A test runs both on
the same synthetic input and requires identical output.

The rules, in brief:

* Gold lives in ``GOLD_DIR/<document-id>.gold.json``, a list of claims;
  only documents with a gold file are scored, and system claims about other
  documents are ignored.
* System claims count only when their quantity is one of the scored ones
  and they are not ``"context": true`` (background figures are neither
  right nor wrong).
* A system claim matches a gold claim of the same document when it has the
  same quantity and the same ``(low, high)``; a gold ``vague`` claim
  instead needs a ``vague`` system claim whose bounds overlap it (open
  bounds read as 0 and infinity). Each system claim matches at most once;
  among candidates the first whose span overlaps the gold evidence wins,
  else the first.
* Gold claims whose ``incident`` is not ``"main"`` are don't-care: they
  consume a matching system claim (so it is no false positive) but count
  neither as hit nor as miss. Unmatched gold claims of unscored
  quantities are not misses either.
* On the true positives: source accuracy (normalised names, containment or
  ≥ 50 % word overlap, ``source_alt`` accepted), qualifier, stance
  (default ``asserts``), party (see :func:`same_party`) and span overlap.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riwaya.model import SCORED_QUANTITIES

SCORED = frozenset(SCORED_QUANTITIES)

_DIACRITICS = ([chr(c) for c in range(0x0610, 0x061B)] + [chr(c) for c in range(0x064B, 0x0660)]
               + ["\u0670"] + [chr(c) for c in range(0x06D6, 0x06EE)] + ["\u0640"])
_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
_PUNCTUATION = "«»“”„\"'’‘`()[]،,.:؛;!?–—-_/"
_FOLD = str.maketrans({**{c: None for c in _DIACRITICS}, **_LETTERS,
                       **{c: " " for c in _PUNCTUATION}})

#: Words that name a medium rather than a source («صحيفة», «وكالة») and particles.
_STOPWORDS = frozenset({"صحيفه", "وكاله", "موقع", "قناه", "مراسل", "ال", "لـ", "ل", "عن", "من",
                        "في", "و"})

#: Normalised spellings that all mean the Islamic State as a party.
_ISIS = frozenset({"داعش", "isis", "is", "isil", "تنظيم", "تنظيم دوله", "دوله اسلاميه",
                   "islamic state"})
#: Parties that are certainly not "security forces" (the gold's catch-all for the defenders).
_NOT_FORCES = _ISIS | {"civilians", "مدنيين", "children", "اطفال", "all", "total", "unknown"}
_NO_PARTY = ("", "all", "total", "unknown")


class EvaluationError(ValueError):
    """An input that cannot be scored; ``str()`` is the one-line reason, naming the file."""


@dataclass
class DocumentScore:
    """One gold document's counts, with what went wrong for ``--verbose``."""

    document: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    #: (system claim, gold claim) pairs that matched on value but not on source.
    wrong_sources: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    #: (system claim, gold claim) pairs that matched on value but not on party.
    wrong_parties: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


@dataclass
class Report:
    """Totals over all gold documents; accuracies are fractions of the true positives."""

    documents: list[DocumentScore]
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    source: float
    qualifier: float
    stance: float
    party: float
    span: float

    def summary_line(self) -> str:
        """The scorer's one-line summary, in exactly its format."""
        return (f"claims P={self.precision:.2f} R={self.recall:.2f} F1={self.f1:.2f} | "
                f"source {self.source:.2f} | qualifier {self.qualifier:.2f} | "
                f"stance {self.stance:.2f} | party {self.party:.2f} | span {self.span:.2f}")

    def table_lines(self) -> list[str]:
        """Header and one row per gold document, in the scorer's layout."""
        lines = [f"{'document':<28} {'tp':>4} {'fp':>4} {'fn':>4}"]
        lines += [f"{d.document:<28} {d.tp:>4} {d.fp:>4} {d.fn:>4}" for d in self.documents]
        return lines

    def detail_lines(self) -> list[str]:
        """Wrong sources and parties, misses and extras, one line each (as the scorer's ``--verbose``)."""
        lines: list[str] = []
        for d in self.documents:
            for s, g in d.wrong_sources:
                lines.append(f"  source? {d.document} {g['quantity']} {g['low']}-{g['high']}: "
                             f"got {claim_source_name(s)!r}, want {g.get('source')!r}")
            for s, g in d.wrong_parties:
                lines.append(f"  party?  {d.document} {g['quantity']} {g['low']}-{g['high']}: "
                             f"got {s.get('party')!r}, want {g.get('party')!r}")
            for g in d.misses:
                lines.append(f"  missed {d.document} {g['quantity']} {g['low']}-{g['high']} "
                             f"{g['qualifier']}: {_one_line(g.get('text', ''))}")
            for s in d.extras:
                lines.append(f"  extra  {d.document} {s.get('quantity')} {s.get('low')}-"
                             f"{s.get('high')} {s.get('qualifier')}: "
                             f"{_one_line(str(s.get('text') or ''))[:80]}")
        return lines


def norm(name: str | None) -> str:
    """Fold a name for comparison: Arabic letter variants, diacritics, punctuation,
    the article «ال», and words like «وكالة» that name the medium, not the source."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKC", name).lower().translate(_FOLD)
    words = []
    for word in folded.split():
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word.startswith("وال") and len(word) > 4:
            word = word[3:]
        if word not in _STOPWORDS:
            words.append(word)
    return " ".join(words)


def same_source(system_name: str, gold: dict[str, Any]) -> bool:
    """Whether the system's source names the gold source (or one of its alternatives).

    Lenient on purpose: «المرصد السوري» for «المرصد السوري لحقوق الإنسان» is
    right, so containment either way or half the words in common suffice.
    """
    mine = norm(system_name)
    if not mine:
        return False
    candidates = [gold.get("source"), *(gold.get("source_alt") or [])]
    for candidate in candidates:
        theirs = norm(candidate)
        if not theirs:
            continue
        if theirs in mine or mine in theirs:
            return True
        a, b = set(theirs.split()), set(mine.split())
        if a and b and len(a & b) / len(a | b) >= 0.5:
            return True
    return False


def same_party(system: str | None, gold: str | None) -> bool:
    """Whether the system's party agrees with gold's.

    No gold party means a total: the system must not narrow it either
    ("all"/"total"/"unknown" count as not narrowing). Gold "security
    forces" accepts any party that is not the attackers or civilians,
    since texts name the defenders many ways.
    """
    if not gold:
        return not system or norm(system) in _NO_PARTY
    if not system:
        return False
    mine, theirs = norm(system), norm(gold)
    if theirs == "security forces":
        return mine not in _NOT_FORCES
    return theirs in mine or mine in theirs or {theirs, mine} <= _ISIS


def claim_source_name(claim: dict[str, Any]) -> str:
    """The source as one string: name and canonical name together, so either may match."""
    src = claim.get("source")
    if isinstance(src, dict):
        return " ".join(x for x in (src.get("name"), src.get("canonical")) if x)
    return src or ""


def values_match(system: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Same bounds; for a vague gold figure, a vague system figure with overlapping bounds."""
    if gold["qualifier"] == "vague":
        if system.get("qualifier") != "vague":
            return False
        lo_s = system.get("low") if system.get("low") is not None else 0
        hi_s = system.get("high") if system.get("high") is not None else float("inf")
        lo_g = gold["low"] if gold["low"] is not None else 0
        hi_g = gold["high"] if gold["high"] is not None else float("inf")
        return lo_s <= hi_g and lo_g <= hi_s
    return system.get("low") == gold["low"] and system.get("high") == gold["high"]


def spans_overlap(system: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Whether the system's evidence span shares at least one character with gold's."""
    a, b = system.get("start"), system.get("end")
    ga, gb = gold.get("start"), gold.get("end")
    if a is None or b is None or ga is None or gb is None:
        return False
    return a < gb and ga < b


def load_gold(gold_dir: Path | str,
              only_docs: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Read every ``*.gold.json`` (sorted by name) into {document id: gold claims}."""
    directory = Path(gold_dir)
    if not directory.is_dir():
        raise EvaluationError(f"{directory}: no such directory")
    wanted = set(only_docs) if only_docs is not None else None
    gold: dict[str, list[dict[str, Any]]] = {}
    files = sorted(directory.glob("*.gold.json"))
    if not files:
        raise EvaluationError(f"{directory}: no *.gold.json files")
    for path in files:
        doc = path.name[: -len(".gold.json")]
        if wanted is not None and doc not in wanted:
            continue
        data = _read_json(path)
        if not isinstance(data, list):
            raise EvaluationError(f"{path}: expected a JSON list of claims")
        for i, claim in enumerate(data, 1):
            if not isinstance(claim, dict):
                raise EvaluationError(f"{path}: claim {i}: expected an object")
            for key in ("quantity", "low", "high", "qualifier"):
                if key not in claim:
                    raise EvaluationError(f"{path}: claim {i}: missing {key!r}")
        gold[doc] = data
    return gold


def load_system(path: Path | str) -> dict[str, Any]:
    """Read ``riwaya analyze --json`` output, checking just what scoring relies on."""
    path = Path(path)
    data = _read_json(path)
    if not isinstance(data, dict):
        raise EvaluationError(f"{path}: expected a JSON object (riwaya analyze --json output)")
    claims = data.get("claims", [])
    if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
        raise EvaluationError(f"{path}: \"claims\" must be a list of objects")
    return data


def _read_json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise EvaluationError(f"{path}: no such file") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg} "
                              f"(column {exc.colno})") from None


def score(system: dict[str, Any], gold_dir: Path | str,
          only_docs: Iterable[str] | None = None) -> Report:
    """Score ``system`` (parsed analyze JSON) against the gold files in ``gold_dir``."""
    gold = load_gold(gold_dir, only_docs)
    by_doc: dict[Any, list[dict[str, Any]]] = {}
    for claim in system.get("claims", []):
        by_doc.setdefault(claim.get("document"), []).append(claim)

    rows: list[DocumentScore] = []
    correct = dict.fromkeys(("source", "qualifier", "stance", "party", "span"), 0)
    for doc, gold_claims in gold.items():
        row = DocumentScore(doc)
        candidates = [c for c in by_doc.get(doc, [])
                      if c.get("quantity") in SCORED and not c.get("context")]
        used: set[int] = set()
        for g in gold_claims:
            main = g.get("incident", "main") == "main"
            best = _best_match(g, candidates, used)
            if best is None:
                if main and g["quantity"] in SCORED:
                    row.fn += 1
                    row.misses.append(g)
                continue
            used.add(best)
            if not main:
                continue  # don't-care: the system claim is spent, nothing is counted
            row.tp += 1
            s = candidates[best]
            right_source = same_source(claim_source_name(s), g)
            correct["source"] += right_source
            correct["qualifier"] += s.get("qualifier") == g["qualifier"]
            correct["stance"] += s.get("stance", "asserts") == g.get("stance", "asserts")
            right_party = same_party(s.get("party"), g.get("party"))
            correct["party"] += right_party
            if not right_party:
                row.wrong_parties.append((s, g))
            correct["span"] += spans_overlap(s, g)
            if not right_source:
                row.wrong_sources.append((s, g))
        row.extras = [s for i, s in enumerate(candidates) if i not in used]
        row.fp = len(row.extras)
        rows.append(row)

    tp = sum(r.tp for r in rows)
    fp = sum(r.fp for r in rows)
    fn = sum(r.fn for r in rows)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def accuracy(key: str) -> float:
        return correct[key] / tp if tp else 0.0

    return Report(documents=rows, tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1,
                  source=accuracy("source"), qualifier=accuracy("qualifier"),
                  stance=accuracy("stance"), party=accuracy("party"), span=accuracy("span"))


def _best_match(gold: dict[str, Any], candidates: list[dict[str, Any]],
                used: set[int]) -> int | None:
    """Index of the system claim to pair with ``gold``: value match, overlapping span preferred."""
    best: int | None = None
    for i, s in enumerate(candidates):
        if i in used or s.get("quantity") != gold["quantity"] or not values_match(s, gold):
            continue
        if best is None or (spans_overlap(s, gold) and not spans_overlap(candidates[best], gold)):
            best = i
    return best


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
