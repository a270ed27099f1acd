"""How big and how slow is ``riwaya report``? Goals: ≤ 2 MB per report, ≤ 2 s to generate.

Run: ``.venv/bin/python benchmarks/bench_report.py``. Measures the bundled
sample analysis and, when ``../shared/seeds`` exists, the seed reports run
through the pipeline. Generation time is the report alone (the analysis is
done first and timed separately); the first run is reported apart because it
pays for importing matplotlib and building its font cache.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from riwaya.model import Analysis  # noqa: E402
from riwaya.report import render  # noqa: E402
from riwaya.report.isnad import available as dot_available  # noqa: E402
from riwaya.report.sample import sample_analysis  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SIZE_GOAL = 2 * 1024 * 1024
TIME_GOAL = 2.0


def _timed(fn: Callable[[], str], repeat: int = 3) -> tuple[str, float, float]:
    """(output, first-run seconds, median of the following runs)."""
    start = time.perf_counter()
    out = fn()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return out, first, statistics.median(times)


def bench(name: str, analysis: Analysis) -> bool:
    """Print size and time for both formats; True when the HTML meets both goals."""
    html, first, warm = _timed(lambda: render(analysis, "html"))
    md, _, md_warm = _timed(lambda: render(analysis, "md"))
    size = len(html.encode("utf-8"))
    ok = size <= SIZE_GOAL and warm <= TIME_GOAL and first <= TIME_GOAL
    print(f"{name}: {len(analysis.documents)} documents, {len(analysis.claims)} claims, "
          f"{len(analysis.incidents)} incidents, "
          f"{sum(s.contested for i in analysis.incidents for s in i.slots)} contested slots")
    print(f"  html  {size / 1024:8.1f} KiB   first {first:5.2f} s   warm {warm:5.2f} s   "
          f"{'ok' if ok else 'OVER GOAL'} (goal ≤ {SIZE_GOAL // 1024 // 1024} MB, ≤ {TIME_GOAL:.0f} s)")
    print(f"  md    {len(md.encode('utf-8')) / 1024:8.1f} KiB                   warm {md_warm:5.2f} s")
    return ok


def main() -> int:
    print(f"graphviz dot: {'yes' if dot_available() else 'NO (isnad graphs skipped)'}")
    ok = bench("sample fixture", sample_analysis())
    if SEEDS.is_dir():
        from riwaya.pipeline import analyze

        start = time.perf_counter()
        seeds = analyze([SEEDS])
        print(f"(seeds analysed by the pipeline in {time.perf_counter() - start:.2f} s, not counted below)")
        ok = bench("seeds", seeds) and ok
    else:
        print(f"seeds: skipped, {SEEDS} not found (../shared absent)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
