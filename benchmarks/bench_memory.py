"""Peak memory of ``riwaya analyze`` on one huge text file.

A news report is kilobytes, but corpora arrive as dumps: one ``.txt`` of
every article of a year. ``riwaya analyze`` must read such a file without
exhausting memory, so this generates a realistic one (the sample corpus's
paragraphs, shuffled, figures renumbered) of the requested size, runs the
real command on it in a child process, and reports the child's peak
resident set size (``ru_maxrss`` from ``wait4``, so nothing else on the
machine is counted).

    python benchmarks/bench_memory.py [--mb 100] [--keep DIR]

The goal is a 100 MB file under 1 GiB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MIB = 1024
#: The ``riwaya`` command run by this interpreter (no dependence on PATH or the console script).
RIWAYA = [sys.executable, "-c", "import sys; from riwaya.cli import main; sys.argv[0] = 'riwaya'; main()"]


@dataclass
class Measured:
    """One run: input size, wall time, the child's peak RSS, its exit status and output size."""

    mb: float
    seconds: float
    peak_mib: float
    exit_code: int
    documents: int
    claims: int
    stderr: str


def paragraphs() -> list[str]:
    """The sample corpus's paragraphs: real-looking Arabic report prose with figures."""
    out: list[str] = []
    for path in sorted((ROOT / "examples" / "corpus").glob("*.txt")):
        out += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    return out


def write_text_file(path: Path, mb: float, seed: int = 11) -> int:
    """Write about ``mb`` megabytes of shuffled, renumbered paragraphs; return the byte count.

    Written in pieces so that the generator itself stays small.
    """
    rng = random.Random(seed)
    paras = paragraphs()
    target = int(mb * 1_000_000)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        while written < target:
            block = "\n\n".join(rng.choice(paras) for _ in range(200))
            block = "".join(str(rng.randint(2, 900)) if ch.isdigit() and rng.random() < 0.3 else ch
                            for ch in block) + "\n\n"
            data = block.encode("utf-8")
            fh.write(block)
            written += len(data)
    return written


def run_analyze(path: Path, out: Path) -> Measured:
    """Run ``riwaya analyze PATH --json OUT --quiet`` as a child; measure it."""
    mb = path.stat().st_size / 1e6
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [*RIWAYA, "analyze", str(path), "--json", str(out), "--quiet"],
            stdout=subprocess.DEVNULL, stderr=err, cwd=str(ROOT),
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    seconds = time.perf_counter() - t0
    documents = claims = 0
    if out.exists():
        with out.open(encoding="utf-8") as fh:
            data = json.load(fh)
        documents, claims = len(data["documents"]), len(data["claims"])
        del data
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Measured(mb, seconds, peak, proc.returncode, documents, claims, stderr)


def measure(mb: float, workdir: Path) -> Measured:
    """Generate an ``mb``-megabyte file in ``workdir`` and measure ``riwaya analyze`` on it."""
    text = workdir / f"dump_{mb:g}mb.txt"
    write_text_file(text, mb)
    try:
        return run_analyze(text, workdir / f"dump_{mb:g}mb.json")
    finally:
        text.unlink(missing_ok=True)
        (workdir / f"dump_{mb:g}mb.json").unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--keep", type=Path, default=None, help="work in this directory (default: a temporary one)")
    args = ap.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        m = measure(args.mb, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            m = measure(args.mb, Path(tmp))
    verdict = "within" if m.peak_mib < GOAL_MIB and m.exit_code == 0 else "OVER"
    print(f"riwaya analyze on {m.mb:.1f} MB: exit {m.exit_code}, {m.documents} document(s), "
          f"{m.claims} claims, {m.seconds:.0f} s, peak RSS {m.peak_mib:.0f} MiB "
          f"({verdict} the {GOAL_MIB} MiB goal)")
    if m.stderr.strip():
        print("stderr:", m.stderr.strip()[:2000])


if __name__ == "__main__":
    main()
