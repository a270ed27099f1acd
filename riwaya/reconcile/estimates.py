"""Claims as intervals, the contested test, and UCDP/ACLED-style estimates.

Hedged figures are not points: «at least 20» and «at least 50» agree,
«about 3500» and «5000» do not. Each claim therefore stands for the set of
values it allows (``claim_interval``), and a slot is *contested* exactly
when its voices' sets share no value. In one dimension, pairwise overlap is
equivalent to a common point (Helly), so the test is
``max(lows) > min(highs)``.

Estimates follow the two datasets analysts compare against: UCDP GED's
low/best/high and ACLED's single conservative fatality count. Every
:class:`~riwaya.model.Estimate` carries its rule in words, with the voices
that produced each number, so a reader can audit it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median_low

from riwaya.model import Claim, Estimate
from riwaya.reconcile.actors import SIDED_KINDS

INF = math.inf
#: «نحو/حوالي 100» is read as 100 ± 10 %: wide enough for «about», narrow
#: enough that about 3500 and 5000 still conflict.
APPROX_TOLERANCE = 0.10

#: Voice kinds that report on the conflict without being a side of it.
MONITOR_KINDS = frozenset({"monitor"})
INDEPENDENT_KINDS = frozenset({"monitor", "outlet", "media"})
WEAK_KINDS = frozenset({"anonymous", "unnamed_reports"})


def claim_interval(claim: Claim) -> tuple[float, float] | None:
    """The values ``claim`` allows, as a closed interval (``INF`` = open).

    exact v → [v, v]; approx v → [0.9v, 1.1v]; at_least / more_than v →
    [v, ∞) (the strict «more than» is not worth a conflict with v itself in
    news prose); at_most / less_than v → [0, v]; range and vague → their
    bounds (vague bounds come from the contract: عشرات 20–99, …). A denial
    of any figure (0/0) is [0, 0]; a denial of a specific v is read as
    «fewer than v» → [0, v−1]. None when the claim has no number at all.
    """
    low, high = claim.low, claim.high
    if low is None and high is None:
        return None
    if claim.stance == "denies":
        v = low if low is not None else high
        assert v is not None
        return (0.0, 0.0) if v <= 0 else (0.0, float(max(0, v - 1)))
    q = claim.qualifier
    if q == "exact":
        v = low if low is not None else high
        return float(v), float(v)  # type: ignore[arg-type]
    if q == "approx":
        v = low if low is not None else high
        return round(v * (1 - APPROX_TOLERANCE), 6), round(v * (1 + APPROX_TOLERANCE), 6)  # type: ignore[operator]
    if q in ("at_least", "more_than"):
        return float(low if low is not None else high), INF  # type: ignore[arg-type]
    if q in ("at_most", "less_than"):
        return 0.0, float(high if high is not None else low)  # type: ignore[arg-type]
    return (float(low) if low is not None else 0.0), (float(high) if high is not None else INF)


def intersect(intervals: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The common part of ``intervals``, None when they share no point."""
    if not intervals:
        return None
    lo = max(i[0] for i in intervals)
    hi = min(i[1] for i in intervals)
    return (lo, hi) if lo <= hi else None


def hull(intervals: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The smallest interval holding all of ``intervals``."""
    if not intervals:
        return None
    return min(i[0] for i in intervals), max(i[1] for i in intervals)


def contested(voice_intervals: Sequence[tuple[float, float] | None]) -> bool:
    """True iff the voices' intervals have no common point."""
    known = [i for i in voice_intervals if i is not None]
    return len(known) > 1 and intersect(known) is None


def stated_lower(claim: Claim) -> int | None:
    """The smallest figure the claim states: v for point/open figures, a for ranges/vague, 0 for a denial."""
    if claim.stance == "denies":
        return 0
    if claim.qualifier in ("at_most", "less_than"):
        return None
    return claim.low if claim.low is not None else claim.high


def stated_upper(claim: Claim) -> int | None:
    """The largest finite figure the claim states; None for open-ended («at least»)."""
    if claim.stance == "denies":
        return 0
    if claim.qualifier in ("at_least", "more_than"):
        return None
    return claim.high if claim.high is not None else claim.low


def point(claim: Claim) -> int | None:
    """One number for a claim: v for exact/approx/at least/at most; a range's midpoint; vague's lower bound."""
    if claim.stance == "denies":
        return 0
    low, high = claim.low, claim.high
    if claim.qualifier == "range" and low is not None and high is not None:
        return (low + high + 1) // 2
    if claim.qualifier in ("at_most", "less_than"):
        return high if high is not None else low
    return low if low is not None else high


def effective_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims that stand for a voice at one time.

    Compatible claims (their intervals share a point) all stand. A voice
    giving incompatible figures in one report («the toll rose to 27 …
    after 8 more bodies were found») is read at its largest figure there:
    news states running totals beside partial counts, and the partial count
    is not the voice's estimate. Across reports the figures all stand: two
    outlets putting different numbers in one voice's mouth, in an order
    nobody can tell, is a disagreement (see :func:`self_conflicting`).
    """
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        by_doc.setdefault(c.document, []).append(c)
    out: list[Claim] = []
    for members in by_doc.values():
        out.extend(_largest_if_conflicting(members))
    keep = {id(c) for c in out}
    return [c for c in claims if id(c) in keep]


def _largest_if_conflicting(claims: Sequence[Claim]) -> list[Claim]:
    intervals = [claim_interval(c) for c in claims]
    known = [i for i in intervals if i is not None]
    if len(known) < 2 or intersect(known) is not None:
        return list(claims)
    top = max(p for p in (point(c) for c in claims) if p is not None)
    return [c for c in claims if point(c) == top]


def self_conflicting(claims: Sequence[Claim]) -> bool:
    """True when one voice's standing claims share no value (reports disagree on what it said)."""
    return contested([claim_interval(c) for c in claims])


@dataclass
class VoiceFigures:
    """What the estimates need of one voice: who, how interested, its current claims.

    The voice's lower bound, finite upper bound and point value are computed
    once (estimates ask for them many times).
    """

    source: str
    kind: str
    self_interest: str | None
    claims: list[Claim] = field(default_factory=list)

    def __post_init__(self) -> None:
        lows = [v for v in (stated_lower(c) for c in self.claims) if v is not None]
        highs = [v for v in (stated_upper(c) for c in self.claims) if v is not None]
        points = [v for v in (point(c) for c in self.claims) if v is not None]
        self._lower = min(lows) if lows else None
        self._upper = max(highs) if highs else None
        self._point = median_low(points) if points else None
        self._denies = bool(self.claims) and all(c.stance == "denies" for c in self.claims)

    def lower(self) -> int | None:
        return self._lower

    def upper(self) -> int | None:
        return self._upper

    def point(self) -> int | None:
        return self._point

    def denies(self) -> bool:
        return self._denies


def _sided_denial(v: VoiceFigures) -> bool:
    """A side denying outright: self-serving by nature (its losses, its failure)."""
    return v.denies() and (v.kind in SIDED_KINDS or v.self_interest is not None)


def credible(voices: Sequence[VoiceFigures]) -> list[VoiceFigures]:
    """Voices the UCDP-style estimate trusts.

    Self-interested voices (a side counting its own or its enemy's dead) and
    a side's outright denials are set aside when anyone else gave a figure;
    anonymous sources and unattributed reports likewise when a named voice
    did.
    """
    pool = [v for v in voices if v.claims]
    neutral = [v for v in pool if v.self_interest is None and not _sided_denial(v)]
    pool = neutral or pool
    named = [v for v in pool if v.kind not in WEAK_KINDS]
    return named or pool


def _who(voices: Sequence[VoiceFigures], value: int | None, get: str) -> str:
    names = [v.source for v in voices if getattr(v, get)() == value]
    return f" ({', '.join(dict.fromkeys(names))})" if names and value is not None else ""


def estimate(voices: Sequence[VoiceFigures], quantity: str) -> Estimate | None:
    """UCDP-style low/best/high and an ACLED-style conservative figure, with the rule used.

    UCDP-style, over the credible voices (see ``credible``), each voice
    taken at its current figure:

    * low = the lowest stated lower bound (exact/approx/at least/more than
      v → v, range/vague → their lower bound; at most/less than give none);
    * best = the median (lower middle, so always a reported figure) of the
      voices' point values, using monitors only when any monitor spoke,
      else independent voices (outlets, media), else all credible voices;
      point: v, a range's midpoint, a vague figure's contract lower bound;
    * high = the highest finite upper bound (open «at least» figures give
      none; without any, the largest stated figure), raised to best if it
      were below it.

    ACLED-style conservative = the lowest figure any named voice states
    (a side's outright denial does not count as 0; anonymous and unnamed
    reports only when no named voice gave a figure).
    """
    pool = credible(voices)
    if not pool:
        return None
    lowers = [x for x in (v.lower() for v in pool) if x is not None]
    uppers = [x for x in (v.upper() for v in pool) if x is not None]
    low = min(lowers) if lowers else None
    monitors = [v for v in pool if v.kind in MONITOR_KINDS and v.point() is not None]
    independent = [v for v in pool if v.kind in INDEPENDENT_KINDS and v.point() is not None]
    tier, tier_name = ((monitors, "monitor voices") if monitors else
                       (independent, "independent voices (outlets, media)") if independent else
                       ([v for v in pool if v.point() is not None], "credible voices"))
    points = [p for p in (v.point() for v in tier) if p is not None]
    best = median_low(points) if points else None
    high: int | None
    if uppers:
        high = max(uppers)
        high_how = f"highest finite upper bound = {high}{_who(pool, high, 'upper')}"
    else:
        stated = [x for x in (v.point() for v in pool) if x is not None]
        high = max(stated) if stated else None
        high_how = f"no finite upper bound, so the largest stated figure = {high}"
    if best is not None and low is not None and best < low:
        best = low
    if best is not None and high is not None and best > high:
        high_how += f", raised to best = {best}"
        high = best
    named = [v for v in voices if v.claims and v.kind not in WEAK_KINDS]
    cons_pool = [v for v in (named or [v for v in voices if v.claims])
                 if v.lower() is not None and not _sided_denial(v)]
    conservative = min((v.lower() for v in cons_pool), default=None)  # type: ignore[type-var]
    set_aside = [v.source for v in voices if v.claims and v not in pool]
    what = "fatalities" if quantity == "killed" else f"'{quantity}'"
    rule = (
        "UCDP-style over credible voices"
        + (f" (set aside: {', '.join(set_aside)} — self-interested, a side's denial, or unnamed)"
           if set_aside else " (all voices)")
        + f": low = lowest stated lower bound = {low}{_who(pool, low, 'lower')}"
        + f"; best = median (lower middle) of the point values of {tier_name} {points} = {best}"
        + f"; high = {high_how}. Points: exact/approx/at least/at most v, range midpoint,"
        " vague at its contract lower bound; the ±10% approx tolerance applies only to «contested»."
        f" ACLED-style conservative {what} = lowest figure stated by any named voice"
        f" (a side's outright denial does not count as 0) = {conservative}"
        f"{_who(cons_pool, conservative, 'lower')}."
    )
    return Estimate(low=low, best=best, high=high, conservative=conservative, rule=rule)
