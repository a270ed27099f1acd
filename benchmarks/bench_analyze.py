"""Throughput and memory of `analyze`'s per-document extraction on one core.

Builds a corpus of at least --mb megabytes from the bundled sample reports
(shuffled sentences, renumbered figures, so no two documents are equal),
streams it through ingest → extract without keeping documents, and prints
MB/s, documents/s and peak RSS — beside dateparser.search_dates' throughput
on a slice of the same text, the field's usual way to scan text for dates.

    python benchmarks/bench_analyze.py [--mb 5] [--dateparser-kb 200]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

from riwaya.extract import extract_claims
from riwaya.model import Document, Outlet

ROOT = Path(__file__).resolve().parent.parent


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--dateparser-kb", type=int, default=200)
    args = ap.parse_args()

    extract_claims(Document(id="warm", text="قتل 5 أشخاص."))   # load lexicons once
    t0 = time.perf_counter()
    size = docs = claims = 0
    sample: list[str] = []
    for doc in corpus(args.mb):
        size += len(doc.text.encode("utf-8"))
        docs += 1
        claims += len(extract_claims(doc))
        if sum(map(len, sample)) < args.dateparser_kb * 1000:
            sample.append(doc.text)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"riwaya extract: {size / 1e6:.1f} MB, {docs} documents, {claims} claims in {dt:.1f} s")
    print(f"  {size / 1e6 / dt:.2f} MB/s   {docs / dt:.0f} documents/s   peak RSS {peak:.0f} MiB")

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
