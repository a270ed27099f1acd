"""Regenerate docs/RELIABILITY.md: what hostile input riwaya was given, and what happened.

Runs everything itself, so the document is a measurement, not a claim:

1. hostile files — generates many files of each hostile kind (seeded, so
   runs repeat), runs the real ``riwaya analyze DIR --json`` once over them,
   and counts per kind: files, read, reported, crashes (an "internal error"
   line or a traceback) and files lost (neither in the output nor named in
   exactly one stderr line);
2. property tests — ``tests/test_properties.py`` and
   ``tests/test_nothing_runs.py`` under the ``thorough`` Hypothesis profile,
   with the example counts Hypothesis reports;
3. linear time — ``benchmarks/bench_linear.py`` at 1–16 MB (``--quick``:
   0.25–1 MB);
4. memory — ``benchmarks/bench_memory.py`` on a 100 MB file (``--quick``: 20 MB).

    .venv/bin/python scripts/reliability.py [--quick] [--out docs/RELIABILITY.md]

The full run takes about half an hour on one core.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_linear  # noqa: E402
import bench_memory  # noqa: E402

RIWAYA = [sys.executable, "-c", "from riwaya.cli import main; main()"]

# Sentences written for this script: Arabic report prose with figures, sources, hedges.
SENTENCES = [
    "قال مصدر طبي إن نحو 12 شخصاً قتلوا في القصف على البلدة أمس.",
    "وأصيب أكثر من 30 آخرين بجروح متفاوتة، بحسب وزارة الصحة.",
    "ونقلت وكالة فرانس برس عن مسؤول محلي أن ما لا يقل عن خمسة مسلحين اعتقلوا.",
    "وأفاد المرصد بنزوح مئات العائلات من القرى المجاورة خلال يومين.",
    "ونفى المتحدث باسم الجيش سقوط أي قتلى في صفوف المدنيين.",
    "وذكرت مصادر محلية أن ٢٣ سجيناً فروا من السجن قبل أن يعتقل ١٥ منهم.",
]
NOISE = ["\u200f", "\u202b", "\u2066", "\u064e", "\u0640", "\u00a0", "«", "»", "“", "”", "٬", "\u200d"]


@dataclass
class Kind:
    """One kind of hostile input: how to make a file, and what must become of it."""

    name: str
    expect: str                      # "good" must be read, "bad" must be named, "either" one of them
    make: Callable[[random.Random, Path, int], list[str]]   # writes files, returns doc ids (JSONL: several)
    count: int = 20
    note: str = ""


@dataclass
class Tally:
    files: int = 0
    read: int = 0
    reported: int = 0
    crashes: int = 0
    lost: int = 0
    lost_names: list[str] = field(default_factory=list)


def report_text(rng: random.Random, n: int = 6, noisy: bool = False) -> str:
    words = " ".join(rng.choice(SENTENCES) for _ in range(n))
    if noisy:
        words = "".join(ch + (rng.choice(NOISE) if rng.random() < 0.05 else "") for ch in words)
    return words + "\n"


def _write(path: Path, data: bytes) -> list[str]:
    path.write_bytes(data)
    return [path.name.rsplit(".", 1)[0]]


def kinds() -> list[Kind]:
    """Every hostile kind, with its expected fate (see Kind.expect)."""
    def enc(encoding: str, bom: bytes = b"", noisy: bool = False):
        return lambda rng, d, i: _write(d / f"{encoding}{'_bom' if bom else ''}_{i}.txt",
                                        bom + report_text(rng, noisy=noisy).encode(encoding, "replace"))

    def binary(magic: bytes, ext: str = ".txt"):
        return lambda rng, d, i: _write(d / f"bin_{magic[1:4].hex()}_{i}{ext}",
                                        magic + rng.randbytes(rng.randint(16, 4096)))

    def damaged(rng: random.Random, d: Path, i: int) -> list[str]:
        data = bytearray(report_text(rng, 12).encode("utf-8"))
        for _ in range(rng.randint(1, 3)):
            data.insert(rng.randrange(len(data)), rng.choice([0xFF, 0xFE, 0xC3, 0x80]))
        return _write(d / f"damaged_{i}.txt", bytes(data))

    def random_bytes(rng: random.Random, d: Path, i: int) -> list[str]:
        return _write(d / f"random_{i}.txt", rng.randbytes(rng.randint(1, 8192)))

    def empty(rng: random.Random, d: Path, i: int) -> list[str]:
        return _write(d / f"empty_{i}.md", rng.choice([b"", b" ", b"\n\n", b"\t\r\n", codecs.BOM_UTF8]))

    def long_line(rng: random.Random, d: Path, i: int) -> list[str]:
        line = " ".join(rng.choice(SENTENCES) for _ in range(9000))   # ~1 MB, no newline
        return _write(d / f"long_line_{i}.txt", line.encode("utf-8"))

    def html(rng: random.Random, d: Path, i: int) -> list[str]:
        body = "".join(f"<p>{report_text(rng, 3)}</p>" for _ in range(3))
        page = (f"<html><head><style>p{{content:'مقتل 999'}}</style><script>var a='مقتل 777';</script>"
                f"</head><body><iframe src='https://example.invalid/'></iframe><nav><a href='/'>الرئيسية</a>"
                f"</nav><article><h1>عنوان</h1>{body}<script>document.write(1)</script></article></body></html>")
        return _write(d / f"page_{i}.html", page.encode(rng.choice(["utf-8", "cp1256"]), "replace"))

    def deep_html(rng: random.Random, d: Path, i: int) -> list[str]:
        levels = rng.choice([100, 1000, 5000, 20000])
        page = ("<html><body><article>" + "<div>" * levels + f"<p>{report_text(rng, 3)}</p>"
                + "</div>" * levels + "</article></body></html>")
        return _write(d / f"deep_{levels}_{i}.html", page.encode("utf-8"))

    def weird_name(rng: random.Random, d: Path, i: int) -> list[str]:
        stem = rng.choice(["report with spaces", "تقرير عربي", "line\nbreak", "tab\there", "«quoted»",
                           "emoji 😀", "semi;colon", "dash -rf", "$(echo x)"]) + f" {i}"
        return _write(d / f"{stem}.txt", report_text(rng).encode("utf-8"))

    def jsonl(rng: random.Random, d: Path, i: int) -> list[str]:
        good: list[str] = []
        lines = []
        for k in range(rng.randint(5, 30)):
            doc_id = f"j{i}_{k}"
            roll = rng.random()
            if roll < 0.6:
                lines.append(json.dumps({"id": doc_id, "text": report_text(rng, 2)}, ensure_ascii=False))
                good.append(doc_id)
            elif roll < 0.65:
                lines.append(json.dumps({"id": doc_id, "text": "\ud800 " + report_text(rng, 1)}))
                good.append(doc_id)
            else:
                lines.append(rng.choice(['{"id": "x", "text": "unterminated', "[1, 2]", '{"id": 5}',
                                         '{"text": "no id"}', "{" * 50_000, '{"id": "y", "text": 7}',
                                         "not json", '{"id": "z", "text": "   "}']))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if rng.random() < 0.3:
            path = d / f"feed_{i}.jsonl.gz"
            blob = gzip.compress(data)
            if rng.random() < 0.5:
                blob = blob[: len(blob) * 2 // 3]    # truncated download: later lines lost, said so
                good = ["?" + x for x in good]       # "?": may be cut off, must not crash
            path.write_bytes(blob)
        else:
            (d / f"feed_{i}.jsonl").write_bytes(data)
        return good

    def symlink_loop(rng: random.Random, d: Path, i: int) -> list[str]:
        (d / f"loop_{i}").mkdir()
        (d / f"loop_{i}" / "up").symlink_to("..")
        (d / f"self_{i}.txt").symlink_to(f"self_{i}.txt")
        return []

    def fifo(rng: random.Random, d: Path, i: int) -> list[str]:
        os.mkfifo(d / f"pipe_{i}.txt")
        return []

    def unreadable(rng: random.Random, d: Path, i: int) -> list[str]:
        path = d / f"locked_{i}.txt"
        path.write_bytes(report_text(rng).encode("utf-8"))
        path.chmod(0)
        return ["locked_" + str(i)]

    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    out = [
        Kind("UTF-8 Arabic with bidi marks, diacritics, odd spaces", "good", enc("utf-8", noisy=True)),
        Kind("UTF-8 with BOM", "good", enc("utf-8", codecs.BOM_UTF8)),
        Kind("Windows-1256", "good", enc("cp1256")),
        Kind("UTF-16 LE with BOM", "good", enc("utf-16-le", codecs.BOM_UTF16_LE)),
        Kind("UTF-16 BE with BOM", "good", enc("utf-16-be", codecs.BOM_UTF16_BE)),
        Kind("UTF-16 LE without BOM", "good", enc("utf-16-le")),
        Kind("UTF-16 BE without BOM", "good", enc("utf-16-be")),
        Kind("damaged UTF-8 (1–3 bad bytes)", "both", damaged,
             note="read with U+FFFD and the damage reported"),
        Kind("PNG named .txt", "bad", binary(b"\x89PNG\r\n\x1a\n")),
        Kind("ELF named .txt", "bad", binary(b"\x7fELF\x02\x01\x01")),
        Kind("zip/docx named .txt", "bad", binary(b"PK\x03\x04")),
        Kind("PDF named .txt", "bad", binary(b"%PDF-1.7\n")),
        Kind("PNG named .png", "bad", binary(b"\x89PNG\r\n\x1a\n", ".png")),
        Kind("random bytes", "either", random_bytes, count=40,
             note="binary, undetectable, or rarely a plausible 8-bit text"),
        Kind("empty or blank", "bad", empty),
        Kind("one 1 MB line", "good", long_line, count=3),
        Kind("HTML with script, style, iframe", "good", html),
        Kind("HTML nested 100–20 000 deep", "either", deep_html, count=8),
        Kind("names with spaces, Arabic, newlines, shell characters", "good", weird_name),
        Kind("JSONL with broken lines, lone surrogates, gzip, truncated gzip", "lines", jsonl),
        Kind("symlink loops", "bad", symlink_loop, count=3),
    ]
    if hasattr(os, "mkfifo"):
        out.append(Kind("FIFO named .txt", "bad", fifo, count=3))
    out.append(Kind("unreadable (chmod 000)", "good" if as_root else "bad", unreadable, count=3,
                    note="running as root, which reads it anyway" if as_root else ""))
    return out


def hostile_files(seed: int = 6) -> list[tuple[Kind, Tally]]:
    """Generate every kind, run ``riwaya analyze`` once over all of them, tally each kind."""
    rng = random.Random(seed)
    results: list[tuple[Kind, Tally]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        plan: list[tuple[Kind, Path, list[str]]] = []
        for n, kind in enumerate(kinds()):
            d = base / "corpus" / f"k{n:02d}"
            d.mkdir(parents=True)
            ids: list[str] = []
            for i in range(kind.count):
                ids += kind.make(rng, d, i)
            plan.append((kind, d, ids))
        out = base / "out.json"
        proc = subprocess.run([*RIWAYA, "analyze", str(base / "corpus"), "--json", str(out), "--quiet"],
                              capture_output=True, text=True, cwd=base, timeout=3600,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"documents": []}
        docs_by_dir: dict[str, set[str]] = {}
        for doc in data["documents"]:
            parts = Path(doc["path"] or "").relative_to(base / "corpus").parts
            docs_by_dir.setdefault(parts[0], set()).add(doc["id"])
        lines = proc.stderr.splitlines()
        traceback = "Traceback" in proc.stderr
        for kind, d, ids in plan:
            t = Tally()
            prefix = f"riwaya: {d}{os.sep}"
            mine = [line for line in lines if line.startswith(prefix)]
            t.crashes = sum(1 for line in mine if "internal error" in line) + (1 if traceback else 0)
            read = docs_by_dir.get(d.name, set())
            entries = sorted(p.name for p in d.iterdir())
            if kind.expect == "lines":
                t.files = len(entries)
                t.read = len(read)
                t.reported = len(mine)
                must = {x for x in ids if not x.startswith("?")}
                t.lost = len(must - read)
                t.lost_names = sorted(must - read)
            else:
                t.files = len(entries)
                for name in entries:
                    path = " ".join(str(d / name).splitlines())
                    named = sum(1 for line in mine if line.startswith(f"riwaya: {path}: ")
                                or line.startswith(f"riwaya: {path}{os.sep}"))
                    doc_id = name.rsplit(".", 1)[0] if "." in name else name
                    is_read = doc_id in read
                    t.read += is_read
                    t.reported += named > 0
                    ok = {"good": is_read and named == 0, "bad": not is_read and named == 1,
                          "either": is_read != (named == 1) and named <= 1,
                          "both": is_read and named == 1}[kind.expect]
                    if not ok:
                        t.lost += 1
                        t.lost_names.append(name)
            results.append((kind, t))
        for _kind, d, _ids in plan:   # let the temporary directory be removed
            for p in d.iterdir():
                if p.name.startswith("locked_"):
                    p.chmod(0o644)
    return results


def property_counts() -> tuple[list[tuple[str, int, int]], str]:
    """(test, passing examples, failing) per Hypothesis test under the thorough profile, and the summary."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
         "tests/test_properties.py", "tests/test_nothing_runs.py"],
        capture_output=True, text=True, cwd=ROOT, timeout=3600,
        env={**os.environ, "RIWAYA_HYPOTHESIS": "thorough", "PYTHONPATH": str(ROOT)})
    rows = []
    current = None
    for line in proc.stdout.splitlines():
        m = re.match(r"^tests/\S+::(\w+):$", line.strip())
        if m:
            current = m.group(1)
            continue
        m = re.search(r"(\d+) passing, (\d+) failing", line)
        if m and current and "generate phase" not in line:
            rows.append((current, int(m.group(1)), int(m.group(2))))
    merged: dict[str, list[int]] = {}
    for name, ok, bad in rows:     # a test reports per phase; add them up
        merged.setdefault(name, [0, 0])
        merged[name][0] += ok
        merged[name][1] += bad
    summary = next((line for line in reversed(proc.stdout.splitlines()) if " passed" in line or " failed" in line),
                   "pytest gave no summary")
    return [(k, v[0], v[1]) for k, v in merged.items()], summary.strip("= ")


def markdown(files: list[tuple[Kind, Tally]], props: tuple[list[tuple[str, int, int]], str],
             linear: list[bench_linear.Row], memory: bench_memory.Measured, seconds: float,
             quick: bool) -> str:
    total = Tally()
    for _k, t in files:
        total.files += t.files
        total.read += t.read
        total.reported += t.reported
        total.crashes += t.crashes
        total.lost += t.lost
    out = [
        "# Reliability: hostile input and crash safety",
        "",
        "*Generated by `scripts/reliability.py`" + (" --quick" if quick else "")
        + f" on {time.strftime('%Y-%m-%d')} ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, shared machine) "
        f"in {seconds / 60:.0f} minutes. Do not edit by hand: run the script.*",
        "",
        "riwaya is built to be run unattended over corpora nobody has checked. This page records",
        "what it was given and what happened, so the promises below are measurements:",
        "",
        "* a bad file costs one line on stderr (`riwaya: PATH[:LINE]: problem`), never the run,",
        "  never a traceback, and every good file beside it is still written;",
        "* every claim quotes its document exactly (`text[start:end]`), whatever the text holds;",
        "* time grows linearly with input, even input built to make it backtrack;",
        "* memory stays bounded on a 100 MB file; outputs are replaced atomically (a `kill -9`",
        "  leaves the previous file); nothing a document names is opened or fetched.",
        "",
        "## Hostile files",
        "",
        "One `riwaya analyze DIR --json OUT` over all of them. *Read*: in the output.",
        "*Reported*: named in a stderr line. *Crashes*: an \"internal error\" line or a traceback.",
        "*Lost*: a file whose fate was not the expected one (a good file missing, a bad one not",
        "named exactly once).",
        "",
        "| input kind | expected | files | read | reported | crashes | lost |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    expect_words = {"good": "read", "bad": "reported", "either": "read or reported",
                    "both": "read and reported", "lines": "good lines read, bad lines reported"}
    for kind, t in files:
        name = kind.name + (f" ({kind.note})" if kind.note else "")
        out.append(f"| {name} | {expect_words[kind.expect]} | {t.files} | {t.read} | {t.reported} | "
                   f"{t.crashes} | {t.lost} |")
    out.append(f"| **total** | | **{total.files}** | **{total.read}** | **{total.reported}** | "
               f"**{total.crashes}** | **{total.lost}** |")
    lost = [f"{k.name}: {', '.join(t.lost_names[:5])}" for k, t in files if t.lost_names]
    if lost:
        out += ["", "Lost: " + "; ".join(lost)]
    rows, summary = props
    out += [
        "",
        "JSONL rows count files (one feed each); their documents are the good lines. The same",
        "kinds, one of each, are pinned in `tests/test_hostile_files.py` with the exact stderr",
        "line each must produce and the exit codes (0 all read, 1 something not read, 2 usage).",
        "",
        "## Property tests",
        "",
        "Hypothesis, `thorough` profile (`RIWAYA_HYPOTHESIS=thorough`; CI runs the `ci` profile,",
        "derandomised, a tenth of the examples). Texts mix Arabic letters, ASCII, Arabic-Indic and",
        "Persian digits and other Unicode digits (², ①, ５), diacritics, tatweel, bidi controls,",
        "combining marks, NBSP and odd spaces, «» “” quotes, hedges, number words, reporting verbs,",
        "and runs of hundreds of repeats. Every claim must quote its text, keep `low ≤ high`, and",
        "the same input must give the same JSON.",
        "",
        "| property test | examples passed | failed |",
        "| --- | ---: | ---: |",
    ]
    out += [f"| `{name}` | {ok} | {bad} |" for name, ok, bad in rows]
    out += ["", f"pytest: {summary}"]
    sizes = sorted({mb for r in linear for mb in r.seconds_per_mb})
    out += [
        "",
        "## Linear time",
        "",
        "Seconds per MB of extraction (`benchmarks/bench_linear.py`, one document of each size, one",
        f"core, wall clock on a shared machine). *Linear*: the {sizes[-1]:g} MB figure is within",
        f"{bench_linear.TOLERANCE:g}× of the {sizes[0]:g} MB one. `tests/test_linear_time.py` guards",
        "the same kinds at 25 and 200 KB in CI.",
        "",
        bench_linear.table(linear),
        "",
        "## Memory",
        "",
        f"`riwaya analyze FILE --json OUT` on one {memory.mb:.0f} MB text file of report prose",
        f"(`benchmarks/bench_memory.py`): exit {memory.exit_code}, {memory.claims:,} claims, "
        f"{memory.seconds:.0f} s, **peak RSS {memory.peak_mib:.0f} MiB** (goal: under 1024 MiB).",
        "Large documents are extracted in paragraph-bounded chunks of 200 000 characters and grouped",
        "into incidents by their first million characters; the JSON is written one record at a time.",
        "`tests/test_memory.py` (slow, runs in CI) holds a 20 MB file under 600 MiB.",
        "",
        "## Found and fixed while building this",
        "",
        "* `كم²` (any superscript or circled digit) crashed extraction of the whole",
        "  document: `str.isdigit` accepts `²`, `float` does not.",
        "* A run of more than ~310 digits overflowed to `inf` and crashed extraction.",
        "* «بحسب «» at the very end of a text crashed attribution (`IndexError` past the last token).",
        "* A JSONL line with a lone surrogate (`\"\\ud800\"`, legal JSON) made `--json` and `--jsonl`",
        "  fail as a whole; surrogates are now written as JSON escapes and read back identical.",
        "* A megabyte without a full stop made several per-sentence steps quadratic; sentences are",
        "  now cut after a clause mark (or at 300 tokens) — no real sentence comes near that.",
        "  Sentences on one long line re-tested the whole line as page furniture each time.",
        "* Dropping vague figures echoed by precise ones compared every pair in the document.",
        "* A UTF-8 file with one bad byte was read as mojibake through an 8-bit codepage; it is",
        "  now read as UTF-8 with U+FFFD and the damage reported.",
        "* A 100 MB file was refused (64 MB limit) and would have needed gigabytes whole;",
        "  `riwaya report` wrote its file in place, so a kill left half a report.",
        "",
        "Known and left: a hedge ending one line can qualify a number opening the next",
        "(`tests/test_properties.py::test_hedge_stays_in_its_sentence`, marked xfail).",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes (minutes, not half an hour)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "RELIABILITY.md")
    args = ap.parse_args()
    t0 = time.perf_counter()
    print("hostile files …", flush=True)
    files = hostile_files()
    print("property tests …", flush=True)
    props = property_counts()
    print("linear time …", flush=True)
    from riwaya.extract import extract_claims
    from riwaya.model import Document

    extract_claims(Document(id="warm", text="قال مصدر إن 5 أشخاص قتلوا."))
    sizes = [0.25, 0.5, 1.0] if args.quick else [1.0, 2.0, 4.0, 8.0, 16.0]
    linear = []
    for kind in bench_linear.KINDS:
        linear.append(bench_linear.measure(kind, sizes))
        print(f"  {kind}: ratio {linear[-1].ratio:.2f}", flush=True)
    print("memory …", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        memory = bench_memory.measure(20.0 if args.quick else 100.0, Path(tmp))
    text = markdown(files, props, linear, memory, time.perf_counter() - t0, args.quick)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
