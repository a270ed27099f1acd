"""Does extraction stay linear on pathological text? Seconds per MB from 1 to 16 MB.

Builds each kind of hostile text in ``benchmarks/pathological.py`` (digit
runs, "1,1,1,…", "أكثر من أكثر من …", megabytes of «, Arabic without spaces,
thousands of قال in one sentence, …) at each size, extracts it through
``riwaya.pipeline.iter_document_claims`` — the path ``riwaya analyze`` takes
for a large document — and prints seconds per MB. Claims are counted and
dropped, so memory does not grow with size. A kind is linear when its
seconds per MB at the largest size is within 2× of the smallest.

    python benchmarks/bench_linear.py [--sizes 1,2,4,8,16] [--kinds digits,qala] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pathological import KINDS, describe, make  # noqa: E402

from riwaya.extract import extract_claims  # noqa: E402
from riwaya.model import Document  # noqa: E402
from riwaya.pipeline import iter_document_claims  # noqa: E402

#: The largest size may cost at most this many times the smallest, per MB.
TOLERANCE = 2.0


@dataclass
class Row:
    """One kind: seconds per MB at each size (MB), claims found at the largest."""

    kind: str
    description: str
    seconds_per_mb: dict[float, float]
    claims: int

    @property
    def ratio(self) -> float:
        sizes = sorted(self.seconds_per_mb)
        first = max(self.seconds_per_mb[sizes[0]], 1e-6)
        return self.seconds_per_mb[sizes[-1]] / first

    @property
    def linear(self) -> bool:
        return self.ratio <= TOLERANCE


def seconds(text: str) -> tuple[float, int]:
    """Wall time to extract ``text`` as one document, and the claims it held."""
    doc = Document(id="bench", text=text)
    t0 = time.perf_counter()
    n = sum(1 for _ in iter_document_claims(doc))
    return time.perf_counter() - t0, n


def measure(kind: str, sizes_mb: list[float]) -> Row:
    """Time one kind at every size."""
    per_mb: dict[float, float] = {}
    claims = 0
    for mb in sizes_mb:
        text = make(kind, int(mb * 1_000_000))
        dt, claims = seconds(text)
        per_mb[mb] = dt / mb
        del text
    return Row(kind, describe(kind), per_mb, claims)


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (also what the command prints)."""
    sizes = sorted({mb for r in rows for mb in r.seconds_per_mb})
    head = "| kind | " + " | ".join(f"{mb:g} MB" for mb in sizes) + " | largest ÷ smallest | verdict |"
    rule = "|" + " --- |" * (len(sizes) + 3)
    lines = [head, rule]
    for r in rows:
        cells = " | ".join(f"{r.seconds_per_mb[mb]:.2f}" if mb in r.seconds_per_mb else "" for mb in sizes)
        verdict = "linear" if r.linear else f"NOT within {TOLERANCE:g}×"
        lines.append(f"| {r.kind}: {r.description} | {cells} | {r.ratio:.2f} | {verdict} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,2,4,8,16", help="sizes in MB, comma-separated")
    ap.add_argument("--kinds", default=",".join(KINDS), help="kinds, comma-separated")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows here as JSON")
    args = ap.parse_args()
    sizes = [float(x) for x in args.sizes.split(",")]
    kinds = [k for k in args.kinds.split(",") if k]
    extract_claims(Document(id="warm", text="قال مصدر إن 5 أشخاص قتلوا."))   # load lexicons first
    rows = []
    print("seconds per MB of extraction (one document of each size):", flush=True)
    for kind in kinds:
        row = measure(kind, sizes)
        rows.append(row)
        cells = "  ".join(f"{mb:g} MB {row.seconds_per_mb[mb]:.2f}" for mb in sizes)
        print(f"  {kind:14} {cells}  ratio {row.ratio:.2f} {'ok' if row.linear else 'NOT LINEAR'}",
              flush=True)
    print()
    print(table(rows))
    bad = [r.kind for r in rows if not r.linear]
    print(f"\n{len(rows) - len(bad)} of {len(rows)} kinds within {TOLERANCE:g}× from "
          f"{sizes[0]:g} to {sizes[-1]:g} MB" + (f"; not: {', '.join(bad)}" if bad else ""))
    if args.json is not None:
        args.json.write_text(json.dumps([{**asdict(r), "ratio": r.ratio, "linear": r.linear}
                                         for r in rows], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
