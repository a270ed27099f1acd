"""The compiled build against pure Python, interleaved on the same documents.

On a shared VM the same code runs at rates up to 1.8x apart minute to
minute, so two builds measured one after the other compare the machine's
phases as much as the code. Here one worker process per build holds the
same documents (the bench's dense and prose corpora, ``--mb`` each) and
they take turns, round by round, alternating which goes first: each
round's ratio is taken within seconds on the same machine state.

    python benchmarks/bench_builds.py [--rounds 12] [--mb 0.15]

Needs the compiled copy (``scripts/compile.sh``). Prints each build's
median and best MB/s of CPU time per corpus, and the median compiled /
Python ratio with its range over the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riwaya.build import COMPILED_DIR, stale_reason  # noqa: E402

# One build's worker: reads a corpus name per line, prints MB/s of CPU time.
_WORKER = """
import sys, time
sys.path.insert(1, {bench!r})
from bench_analyze import corpus, prose
from riwaya.build import is_compiled
from riwaya.extract import extract_claims
sets = {{"dense": list(corpus({mb})), "prose": list(prose({mb}))}}
size = {{k: sum(len(d.text.encode("utf-8")) for d in v) for k, v in sets.items()}}
for d in sets["dense"][:50] + sets["prose"][:10]:
    extract_claims(d)
print("compiled" if is_compiled() else "python", flush=True)
for line in sys.stdin:
    name = line.strip()
    docs = list(corpus({mb})) if name == "dense" else list(prose({mb}))
    t0 = time.process_time()
    for d in docs:
        extract_claims(d)
    print(size[name] / 1e6 / (time.process_time() - t0), flush=True)
"""


def _worker(package_root: Path, mb: float) -> subprocess.Popen[str]:
    code = _WORKER.format(bench=str(ROOT / "benchmarks"), mb=mb)
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    # From an empty working directory, so the checkout is not first on sys.path.
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT / "benchmarks")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--mb", type=float, default=0.15, help="megabytes per corpus per round")
    args = ap.parse_args()
    if (why := stale_reason(ROOT)) is not None:
        sys.exit(f"bench_builds: {why}")
    builds = {"python": _worker(ROOT, args.mb), "compiled": _worker(ROOT / COMPILED_DIR, args.mb)}
    for name, proc in builds.items():
        assert proc.stdout is not None and proc.stdout.readline().strip() == name, f"{name} build did not load"
    rates: dict[tuple[str, str], list[float]] = {(b, c): [] for b in builds for c in ("dense", "prose")}
    for r in range(args.rounds):
        for corpus_name in ("dense", "prose"):
            order = list(builds) if r % 2 == 0 else list(builds)[::-1]
            for name in order:
                proc = builds[name]
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(corpus_name + "\n")
                proc.stdin.flush()
                rates[(name, corpus_name)].append(float(proc.stdout.readline()))
    for proc in builds.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    for corpus_name in ("dense", "prose"):
        py, cc = rates[("python", corpus_name)], rates[("compiled", corpus_name)]
        ratios = sorted(c / p for p, c in zip(py, cc, strict=True))
        print(f"{corpus_name}: python median {statistics.median(py):.2f} best {max(py):.2f}   "
              f"compiled median {statistics.median(cc):.2f} best {max(cc):.2f} MB/s CPU   "
              f"compiled/python median {statistics.median(ratios):.2f} "
              f"(range {ratios[0]:.2f}-{ratios[-1]:.2f}, {args.rounds} rounds)")


if __name__ == "__main__":
    main()
