"""Quality on the hand-written test sentences: P/R/F1, cases fully right, and what is still wrong.

    python benchmarks/sentence_report.py [--wrong]

Uses the same matching rules as the tests (tests/sentence_cases.py, which
follow the shared scorer). Prints figures per category (the id prefix:
num, vag, rng, hdg, frm, pty, dny, isn, pas, en, …) so a change can be
judged where it matters.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sentence_cases import CaseResult, load_cases, run_case  # noqa: E402


def prf(results: list[CaseResult]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the claims of ``results``."""
    tp = sum(r.tp for r in results)
    fp = sum(r.fp for r in results)
    fn = sum(r.fn for r in results)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--wrong", action="store_true", help="list what is wrong in each imperfect case")
    args = ap.parse_args()
    results = [run_case(c) for c in load_cases()]
    by_cat: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_cat[r.id.rsplit("-", 1)[0]].append(r)
    p, r, f = prf(results)
    print(f"{len(results)} sentences, {sum(x.perfect for x in results)} fully right; "
          f"claims P {p:.2f} R {r:.2f} F1 {f:.2f}")
    for cat, rs in sorted(by_cat.items()):
        p, r, f = prf(rs)
        claims = sum(x.tp + x.fp + x.fn for x in rs)
        score = f"F1 {f:.2f}" if claims else "no claims expected, none found" if all(
            x.perfect for x in rs) else "no claims expected"
        print(f"  {cat:<6} {sum(x.perfect for x in rs):>3}/{len(rs):<3} fully right   {score}")
    if args.wrong:
        for res in results:
            if not res.perfect:
                print(f"{res.id}: " + "; ".join(res.wrong))


if __name__ == "__main__":
    main()
