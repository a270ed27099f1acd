"""Throughput, scaling and worker memory of ``riwaya batch`` on a synthetic corpus.

Usage::

    .venv/bin/python benchmarks/bench_batch.py                 # 200k documents
    .venv/bin/python benchmarks/bench_batch.py --docs 20000    # a quick look
    .venv/bin/python benchmarks/bench_batch.py --incidents --docs 40000 --sizes 10000,20000

For each worker count (``--workers 1,2``) the corpus made by ``riwaya
synth`` is run through ``run_batch`` on a fresh ``LocalCluster`` (processes,
one thread each) into a fresh output directory, and the bench reports:

* documents/s of the map phase (read → extract → write Parquet), which is
  the part that scales with the corpus; ``--incidents`` adds reconcile's
  per-document features to the map and times the incidents reduce apart;
* scaling efficiency = (docs/s with 2 workers) / (2 × docs/s with 1);
* peak RSS per worker, sampled every ``--sample`` seconds with
  ``client.run(psutil…)`` and told apart by phase (map; after the map;
  with ``--incidents`` the reduce's link and build steps), plus the
  driver's own peak (the union runs there), on the full corpus and on
  smaller ones of the same density (``--sizes``, default a quarter):
  flat memory means the peaks match.

Numbers depend on the extractor and reconcile stages of the tree they run
in; rerun after those change. Results are printed and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Run:
    """One batch run: corpus size, cluster size, and what was measured."""

    documents: int
    workers: int
    incidents: bool
    map_seconds: float = 0.0
    docs_per_second: float = 0.0
    reduce_seconds: float | None = None
    total_seconds: float = 0.0
    claims: int = 0
    incident_count: int | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    peak_rss_mb_by_phase: dict[str, float] = field(default_factory=dict)
    driver_peak_rss_mb: float = 0.0

    @property
    def max_rss_mb(self) -> float:
        return max(self.peak_rss_mb.values(), default=0.0)


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


class MemorySampler:
    """Peak RSS of every worker process, polled from the client in a thread."""

    def __init__(self, client: Any, every: float) -> None:
        self.client = client
        self.every = every
        self.phase = "map"
        self.peak: dict[str, int] = {}
        self.by_phase: dict[str, int] = {}
        self.driver = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def echo(self, line: str) -> None:
        """Follow run_batch's progress lines to know which phase memory belongs to."""
        if line.startswith("map: "):
            self.phase = "after map (duplicate-id check)"
        elif line.startswith("incidents: linking"):
            self.phase = "reduce: link"
        elif line.startswith("incidents: building"):
            self.phase = "reduce: build"

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                phase = self.phase
                self.driver = max(self.driver, _rss())
                for worker, rss in self.client.run(_rss).items():
                    self.peak[worker] = max(self.peak.get(worker, 0), rss)
                    self.by_phase[phase] = max(self.by_phase.get(phase, 0), rss)
            except Exception:  # a worker restarting mid-sample: try again next tick
                pass
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _burn(n: int) -> float:
    t0 = time.perf_counter()
    s = 0
    for i in range(n):
        s += i * i
    return time.perf_counter() - t0


def hardware_ceiling(procs: int = 2, n: int = 20_000_000, repeat: int = 3) -> float:
    """How well this machine runs ``procs`` pure-Python processes at once (1.0 = perfectly).

    Shared or throttled vCPUs often give far less than their count suggests;
    batch cannot scale better than this, so its efficiency is read against it.
    Best of ``repeat`` for both timings, since neighbours on a shared host
    only ever slow a timing down.
    """
    import multiprocessing as mp

    one = min(_burn(n) for _ in range(repeat))
    with mp.get_context("spawn").Pool(procs) as pool:
        many = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            pool.map(_burn, [n] * procs)
            many = min(many, time.perf_counter() - t0)
    return one / many


def corpus(work: Path, n: int, seed: int) -> Path:
    """The synthetic corpus of ``n`` documents, made once and reused."""
    from riwaya.scale.synth import write

    path = work / f"synth-{n}-s{seed}.jsonl.gz"
    if not path.exists():
        t0 = time.perf_counter()
        tmp = path.with_name(path.name + ".tmp.jsonl.gz")
        write(n, tmp, seed=seed)
        tmp.rename(path)
        print(f"generated {n} documents in {time.perf_counter() - t0:.1f}s → {path}",
              flush=True)
    return path


def _warm(incidents: bool) -> None:
    """Load the extractor's (and reconcile's) lexicons on a worker before timing starts."""
    from riwaya.extract import extract_claims
    from riwaya.model import Document

    doc = Document(id="warm", text="قال مصدر أمني إن 5 أشخاص قتلوا في الحسكة يوم الثلاثاء.",
                   published="2022-01-21")
    claims = extract_claims(doc)
    if incidents:
        from riwaya.reconcile import doc_features

        doc_features(doc, claims)


def run_once(path: Path, n: int, workers: int, args: argparse.Namespace) -> Run:
    """One cold batch run on a fresh cluster and a fresh output directory."""
    from riwaya.scale.batch import open_client, run_batch

    out = Path(args.work) / f"out-{n}-w{workers}-{'inc' if args.incidents else 'ext'}"
    shutil.rmtree(out, ignore_errors=True)
    run = Run(documents=n, workers=workers, incidents=args.incidents)
    # The cluster riwaya batch starts itself (same shuffle settings), without a memory limit.
    try:
        with open_client(workers=workers, dashboard_address=":0", memory_limit=0) as client:
            client.run(_warm, args.incidents)  # loading lexicons is not throughput
            t0 = time.perf_counter()
            with MemorySampler(client, args.sample) as mem:
                result = run_batch([str(path)], str(out), client=client,
                                   partition_size=args.partition_size, incidents=args.incidents,
                                   progress=False, echo=mem.echo)
            run.total_seconds = time.perf_counter() - t0
            if not result.ok:
                print(f"warning: {len(result.problems)} problems, {len(result.failed)} failures",
                      file=sys.stderr)
            run.map_seconds = result.map_seconds
            run.docs_per_second = result.processed / result.map_seconds
            run.reduce_seconds = result.reduce_seconds if args.incidents else None
            run.claims = result.claims
            run.incident_count = result.incidents
            run.peak_rss_mb = {w: round(v / 2**20, 1) for w, v in sorted(mem.peak.items())}
            run.peak_rss_mb_by_phase = {p: round(v / 2**20, 1) for p, v in mem.by_phase.items()}
            run.driver_peak_rss_mb = round(mem.driver / 2**20, 1)
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    reduce = f", reduce {run.reduce_seconds:.1f}s" if run.reduce_seconds is not None else ""
    phases = ", ".join(f"{p} {v:.0f}" for p, v in run.peak_rss_mb_by_phase.items())
    print(f"{n:>8} docs  {workers} worker(s): {run.docs_per_second:8.1f} docs/s "
          f"(map {run.map_seconds:.1f}s{reduce}, total {run.total_seconds:.1f}s), "
          f"{run.claims} claims, peak worker RSS {run.max_rss_mb:.0f} MB ({phases}), "
          f"driver {run.driver_peak_rss_mb:.0f} MB",
          flush=True)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200_000, help="corpus size (default 200000)")
    parser.add_argument("--sizes", default=None,
                        help="smaller corpora for the memory comparison, run with the most "
                             "workers (comma-separated; default docs/4)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare")
    parser.add_argument("--partition-size", type=int, default=5_000)
    parser.add_argument("--incidents", action="store_true",
                        help="also build incidents (reconcile features in the map, then reduce)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=float, default=0.5, help="RSS sampling interval (s)")
    parser.add_argument("--work", default=str(ROOT / "benchmarks" / ".work"),
                        help="where corpora and outputs go")
    parser.add_argument("--keep", action="store_true", help="keep the batch outputs")
    parser.add_argument("--json", default=None, help="write results here too")
    args = parser.parse_args(argv)
    Path(args.work).mkdir(parents=True, exist_ok=True)
    counts = [int(w) for w in args.workers.split(",")]
    sizes = ([int(n) for n in args.sizes.split(",")] if args.sizes
             else [max(1, args.docs // 4)])

    big = corpus(Path(args.work), args.docs, args.seed)
    runs = [run_once(big, args.docs, w, args) for w in counts]
    most = max(counts)
    for n in sizes:
        runs.append(run_once(corpus(Path(args.work), n, args.seed), n, most, args))

    by_workers = {r.workers: r for r in runs if r.documents == args.docs}
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "partition_size": args.partition_size, "incidents": args.incidents,
        "runs": [asdict(r) | {"max_rss_mb": r.max_rss_mb} for r in runs],
    }
    if 1 in by_workers and 2 in by_workers:
        eff = by_workers[2].docs_per_second / (2 * by_workers[1].docs_per_second)
        ceiling = hardware_ceiling(2)
        report["scaling_efficiency_2"] = round(eff, 3)
        report["hardware_ceiling_2"] = round(ceiling, 3)
        report["efficiency_vs_ceiling"] = round(eff / ceiling, 3)
        print(f"scaling efficiency (2 workers): {eff:.2f}  (goal ≥ 0.8); this machine runs 2 "
              f"pure-Python processes at {ceiling:.2f} efficiency, so batch reaches "
              f"{eff / ceiling:.0%} of what it allows")
    flat = sorted((r for r in runs if r.workers == most), key=lambda r: r.documents)
    report["peak_rss_mb_by_size"] = {r.documents: r.peak_rss_mb_by_phase | {
        "driver": r.driver_peak_rss_mb} for r in flat}
    small_mem = flat[0].max_rss_mb
    report["memory_ratio_big_over_small"] = (round(flat[-1].max_rss_mb / small_mem, 3)
                                             if small_mem else None)
    print("peak worker RSS by corpus size (" + f"{most} workers): " + "; ".join(
        f"{r.documents} docs: " + ", ".join(f"{p} {v:.0f} MB"
                                             for p, v in r.peak_rss_mb_by_phase.items())
        for r in flat))
    # 10M documents on k dedicated cores: one worker's rate, times k, times the
    # efficiency batch keeps of what the hardware allows (0.8 if unmeasured).
    per_worker = by_workers[min(counts)].docs_per_second / min(counts)
    keep = min(1.0, report.get("efficiency_vs_ceiling", 0.8))
    report["projection_10M_hours"] = {
        f"{k}_workers": round(10_000_000 / (per_worker * k * keep) / 3600, 2)
        for k in (8, 32, 128)}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
