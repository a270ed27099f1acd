"""Throughput and memory of `analyze`'s per-document extraction on one core.

Two corpora of at least --mb megabytes each, streamed through extraction
without keeping documents:

* *dense*: the bundled sample reports' sentences shuffled and renumbered
  (no two documents equal) — every sentence carries figures, the worst case;
* *prose*: the bundled reports whole, without metadata (so outlet, title
  and dateline inference run too), as a news archive would bring them.

Prints MB/s (wall clock and CPU time: the CPU figure is what one core
does when the machine is shared), documents/s and peak RSS — beside
dateparser.search_dates' throughput on a slice of the dense text, the
field's usual way to scan text for dates.

    python benchmarks/bench_analyze.py [--mb 5] [--dateparser-kb 200] [--compiled]

``--compiled`` measures the mypyc build of this checkout (``scripts/compile.sh``
makes it in ``.build/compiled``); without it, whichever riwaya imports. The
first line printed names the build measured.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if "--compiled" in sys.argv:   # before riwaya is imported: the compiled copy must come first
    from riwaya.build import COMPILED_DIR, stale_reason

    if (why := stale_reason(ROOT)) is not None:
        sys.exit(f"bench_analyze: {why}")
    sys.path.insert(0, str(ROOT / COMPILED_DIR))
    for name in [m for m in sys.modules if m == "riwaya" or m.startswith("riwaya.")]:
        del sys.modules[name]

from riwaya.build import is_compiled  # noqa: E402
from riwaya.extract import extract_claims  # noqa: E402
from riwaya.model import Document, Outlet  # noqa: E402
from riwaya.text.tokens import forget_forms  # noqa: E402


def corpus(mb: float, seed: int = 7):
    """Yield documents until ``mb`` megabytes of UTF-8 text have been produced."""
    rng = random.Random(seed)
    sentences = []
    for path in sorted((ROOT / "examples" / "corpus").glob("*.txt")):
        sentences += [s.strip() + "." for s in path.read_text(encoding="utf-8").split(".") if s.strip()]
    produced, n = 0, 0
    while produced < mb * 1_000_000:
        body = " ".join(rng.sample(sentences, k=min(12, len(sentences))))
        body = "".join(str(rng.randint(2, 900)) if ch.isdigit() and rng.random() < 0.3 else ch for ch in body)
        produced += len(body.encode("utf-8"))
        n += 1
        yield Document(id=f"bench{n}", text=body, outlet=Outlet(name="مصدر اختباري"))


def prose(mb: float):
    """Yield the bundled reports, whole and without metadata, until ``mb`` megabytes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    produced, n = 0, 0
    while produced < mb * 1_000_000:
        text = texts[n % len(texts)]
        produced += len(text.encode("utf-8"))
        n += 1
        yield Document(id=f"prose{n}", text=text)


def run(name: str, docs_iter, sample: list[str] | None = None, sample_kb: int = 0,
        slice_mb: float = 0.5, new_words: bool = False) -> None:
    """Extract every document of ``docs_iter``; print throughput.

    Only the extraction calls are timed: making the bench's own documents
    (shuffling, renumbering) is not riwaya's work, and cost ~6 % of the
    dense run when it was counted. The stream is also timed in slices of
    ``slice_mb``: on a shared machine the same code runs at rates ~25 %
    apart minute to minute, and the median and best slice show how much of
    the overall figure is the machine.

    ``new_words``: every per-form table starts over before each document
    (untimed), so each document's words are met for the first time. The
    bench corpora reuse a few thousand word forms; an archive's vocabulary
    keeps growing, and this bounds what first sight costs.
    """
    size = docs = claims = 0
    dt = cpu = 0.0
    slices: list[float] = []
    slice_size, slice_cpu = 0, 0.0
    for doc in docs_iter:
        n = len(doc.text.encode("utf-8"))
        size += n
        docs += 1
        if new_words:
            forget_forms()
        t0, c0 = time.perf_counter(), time.process_time()
        claims += len(extract_claims(doc))
        t1, c1 = time.perf_counter() - t0, time.process_time() - c0
        dt, cpu = dt + t1, cpu + c1
        slice_size, slice_cpu = slice_size + n, slice_cpu + c1
        if slice_size >= slice_mb * 1_000_000:
            slices.append(slice_size / 1e6 / slice_cpu)
            slice_size, slice_cpu = 0, 0.0
        if sample is not None and sum(map(len, sample)) < sample_kb * 1000:
            sample.append(doc.text)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"riwaya extract ({name}): {size / 1e6:.1f} MB, {docs} documents, {claims} claims "
          f"in {dt:.1f} s wall / {cpu:.1f} s CPU")
    print(f"  {size / 1e6 / dt:.2f} MB/s wall   {size / 1e6 / cpu:.2f} MB/s CPU   "
          f"{docs / cpu:.0f} documents/s CPU   peak RSS {peak:.0f} MiB")
    if slices:
        print(f"  per {slice_mb:g} MB slice ({len(slices)}): median {statistics.median(slices):.2f}   "
              f"slowest {min(slices):.2f}   fastest {max(slices):.2f} MB/s CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--dateparser-kb", type=int, default=200)
    ap.add_argument("--compiled", action="store_true",
                    help="measure the mypyc build in .build/compiled (scripts/compile.sh)")
    args = ap.parse_args()
    print(f"build: {'compiled (mypyc)' if is_compiled() else 'pure Python'}")

    t0 = time.process_time()
    for warm in prose(0.001):   # load lexicons, patterns and the gazetteer once
        extract_claims(warm)
    print(f"startup (first document: lexicons, patterns, gazetteer): "
          f"{time.process_time() - t0:.2f} s CPU, not counted below")
    sample: list[str] = []
    run("dense", corpus(args.mb), sample, args.dateparser_kb)
    run("prose", prose(args.mb))
    run("prose, every word new", prose(args.mb / 5), new_words=True, slice_mb=0.2)

    try:
        from dateparser.search import search_dates
    except ImportError:
        print("dateparser not installed: no comparison")
        return
    text = "\n".join(sample)
    t0 = time.perf_counter()
    for chunk in sample:
        search_dates(chunk, languages=["ar"])
    dt = time.perf_counter() - t0
    print(f"dateparser.search_dates on {len(text.encode('utf-8')) / 1e3:.0f} KB of the same text: "
          f"{len(text.encode('utf-8')) / 1e6 / dt:.3f} MB/s")


if __name__ == "__main__":
    main()
