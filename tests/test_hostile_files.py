"""A directory of hostile files through the real ``riwaya analyze`` process.

Every good file must reach the output; every bad one must be named in
exactly one stderr line ("riwaya: PATH[:LINE]: problem"); no traceback ever;
exit status as the README documents (0 all read, 1 something could not be
read or no document at all, 2 usage). The files are generated here, in
``tmp_path``: binary formats, encodings with and without byte-order marks,
damaged UTF-8, a 10 MB single line, HTML with scripts, iframes and 5000-deep
nesting, broken JSONL, a symlink loop, unreadable entries, a FIFO, and names
with spaces, Arabic and newlines.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RIWAYA = [sys.executable, "-c", "from riwaya.cli import main; main()"]

# Written for these tests: a short report with a figure, a source and a hedge.
REPORT = "قال مصدر طبي إن نحو 12 شخصاً قتلوا في القصف على البلدة أمس.\n"
#: Running as root, permission bits do not stop reading (CAP_DAC_OVERRIDE).
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Corpus:
    """A generated directory: the document ids that must be read, the problems that must be told."""

    root: Path
    good: set[str] = field(default_factory=set)
    #: path as printed (newlines shown as spaces) -> words its one line must contain
    bad: dict[str, str] = field(default_factory=dict)


def shown(path: Path | str) -> str:
    """A path as riwaya prints it: one line (newlines become spaces), undecodable bytes escaped."""
    return " ".join(str(path).splitlines()).encode("utf-8", "backslashreplace").decode("utf-8")


def build(root: Path) -> Corpus:
    """Write the hostile corpus under ``root``."""
    root.mkdir()
    c = Corpus(root)

    def good(name: str, data: bytes, doc_id: str | None = None) -> None:
        (root / name).write_bytes(data)
        c.good.add(doc_id or name.rsplit(".", 1)[0])

    def bad(name: str, data: bytes, problem: str) -> None:
        (root / name).write_bytes(data)
        c.bad[shown(root / name)] = problem

    text = REPORT * 3
    good("good.txt", REPORT.encode("utf-8"))
    good("windows1256.txt", text.encode("cp1256"))
    good("utf16le_bom.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    good("utf16be_bom.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    good("utf16le.txt", text.encode("utf-16-le"))
    good("utf16be.txt", text.encode("utf-16-be"))
    good("utf8_bom.md", codecs.BOM_UTF8 + text.encode("utf-8"))
    good("name with spaces.txt", REPORT.encode("utf-8"))
    good("تقرير عربي.txt", REPORT.encode("utf-8"))
    good("new\nline.txt", REPORT.encode("utf-8"))
    good(os.fsdecode(b"latin1 \xe9t\xe9.txt"), REPORT.encode("utf-8"))   # a name that is not UTF-8
    # One 10 MB line: prose with a figure now and then, no newline anywhere.
    block = "وأفادت مصادر محلية بأن الوضع في المدينة هادئ نسبياً بعد ليلة من الاشتباكات، " * 60
    block += "وقال مصدر طبي إن 12 شخصاً قتلوا. "
    good("one_line.txt", (block * (10_000_000 // len(block.encode("utf-8")) + 1)).encode("utf-8"))
    page = (f"<html><head><title>t</title><style>p::after {{content: 'مقتل 999 شخصاً'}}</style>"
            f"<script>var teaser = 'مقتل 777 شخصاً';</script></head><body>"
            f"<iframe src='https://example.invalid/frame'></iframe>"
            f"<article><h1>هجوم على البلدة</h1><p>{REPORT}</p><p>{REPORT}</p>"
            f"<script>document.write('مقتل 555 شخصاً')</script></article></body></html>")
    good("page.html", page.encode("utf-8"))

    # Damaged UTF-8: read with U+FFFD for the bad bytes, and the damage reported.
    body = text.encode("utf-8")
    (root / "damaged_utf8.txt").write_bytes(body[:20] + b"\xff\xfe\xc3" + body[20:])
    c.good.add("damaged_utf8")
    c.bad[shown(root / "damaged_utf8.txt")] = "not valid UTF-8"

    bad("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "unsupported file type .png")
    bad("png_named.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "binary file, not text")
    bad("program.txt", b"\x7fELF\x02\x01\x01" + bytes(200), "binary file, not text")
    bad("empty.txt", b"", "empty file")
    bad("bad\nname.md", b"   \n", "empty file")
    bad(os.fsdecode(b"empty \xff.txt"), b"", "empty file")
    bad("random.txt", bytes((b * 37 + 11) % 255 + 1 for b in range(4096)), "")

    lines = [
        json.dumps({"id": "j1", "text": REPORT}, ensure_ascii=False),
        '{"id": "j2", "text": "unterminated',
        "",
        "[1, 2]",
        json.dumps({"id": "j3", "text": REPORT}, ensure_ascii=False),
        '{"id": "j4", "text": "\\ud800 قال مصدر إن 5 أشخاص قتلوا."}',   # lone surrogate: legal JSON
        "{" * 100_000,
        '{"id": "j5"}',
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    c.good |= {"j1", "j3", "j4"}
    for n, problem in ((2, "invalid JSON"), (4, "expected a JSON object"), (7, "invalid JSON"),
                       (8, 'missing "text"')):
        c.bad[f"{root / 'feed.jsonl'}:{n}"] = problem

    (root / "loop").mkdir()
    (root / "loop" / "up").symlink_to("..")
    c.bad[shown(root / "loop" / "up")] = "symlink loop"
    (root / "self.txt").symlink_to("self.txt")
    c.bad[shown(root / "self.txt")] = "symlink loop"
    (root / "dangling.txt").symlink_to("nowhere.txt")
    c.bad[shown(root / "dangling.txt")] = "broken symlink"
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.txt")
        c.bad[shown(root / "pipe.txt")] = "not a regular file"

    locked = root / "locked.txt"
    locked.write_bytes(REPORT.encode("utf-8"))
    locked.chmod(0)
    closed = root / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_bytes(REPORT.encode("utf-8"))
    closed.chmod(0)
    if ROOT_USER:
        c.good |= {"locked", "inside"}
    else:
        c.bad[shown(locked)] = "permission denied"
        c.bad[shown(closed)] = "permission denied"
    return c


def deep_html(levels: int) -> bytes:
    return ("<html><body><article>" + "<div>" * levels + f"<p>{REPORT}</p>" + "</div>" * levels
            + "</article></body></html>").encode("utf-8")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*RIWAYA, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"})
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    c = build(tmp_path_factory.mktemp("hostile") / "corpus")
    yield c
    for path in (c.root / "locked.txt", c.root / "closed"):
        path.chmod(0o755)   # let pytest clean up


@pytest.fixture(scope="module")
def json_run(corpus: Corpus) -> tuple[subprocess.CompletedProcess[str], dict]:
    out = corpus.root.parent / "out.json"
    proc = run("analyze", corpus.root, "--json", out, cwd=corpus.root.parent)
    return proc, json.loads(out.read_text(encoding="utf-8"))


def problem_lines(stderr: str) -> list[str]:
    """stderr without the closing summary line."""
    return [line for line in stderr.splitlines() if not line[:1].isdigit()]


def test_exit_status_is_1_when_some_input_is_bad(json_run: tuple) -> None:
    proc, _ = json_run
    assert proc.returncode == 1, proc.stderr


def test_every_good_file_is_in_the_output(corpus: Corpus, json_run: tuple) -> None:
    _, data = json_run
    ids = {d["id"] for d in data["documents"]}
    assert corpus.good <= ids, corpus.good - ids
    assert ids == corpus.good    # and nothing read that should not have been


def test_every_bad_file_is_named_in_exactly_one_line(corpus: Corpus, json_run: tuple) -> None:
    proc, _ = json_run
    lines = problem_lines(proc.stderr)
    assert all(line.startswith("riwaya: ") for line in lines), lines
    for where, problem in corpus.bad.items():
        naming = [line for line in lines if line.startswith(f"riwaya: {where}: ")]
        assert len(naming) == 1, (where, lines)
        assert problem in naming[0], (problem, naming[0])
    # and no line about anything else
    named = {line.split(": ", 2)[1] for line in lines}
    assert named == set(corpus.bad), named ^ set(corpus.bad)


def test_evidence_quotes_each_document(json_run: tuple) -> None:
    _, data = json_run
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert data["claims"], "the good files hold figures"
    for c in data["claims"]:
        assert texts[c["document"]][c["start"]:c["end"]] == c["text"]


def test_what_each_file_became(corpus: Corpus, json_run: tuple) -> None:
    _, data = json_run
    docs = {d["id"]: d for d in data["documents"]}
    for doc_id in ("windows1256", "utf16le", "utf16be", "utf16le_bom", "utf16be_bom", "utf8_bom"):
        assert docs[doc_id]["text"] == REPORT * 3, doc_id
    assert "\ufffd" in docs["damaged_utf8"]["text"]
    # The bad bytes split the first «طبي»; the rest is the Arabic it was, not mojibake.
    assert docs["damaged_utf8"]["text"].count("قال مصدر طبي") == 2
    page = docs["page"]["text"]
    assert "12 شخصاً" in page and not any(n in page for n in ("999", "777", "555", "example.invalid"))
    assert docs["j4"]["text"].startswith("\ud800")   # kept exactly, escaped in the JSON
    assert len(docs["one_line"]["text"].encode("utf-8")) > 10_000_000
    one_line_claims = [c for c in data["claims"] if c["document"] == "one_line"]
    assert len(one_line_claims) > 1000      # found all along the line, not just its start
    assert docs["new\nline"]["path"].endswith("new\nline.txt")


def test_jsonl_output_has_the_same_documents(corpus: Corpus, json_run: tuple) -> None:
    _, data = json_run
    out = corpus.root.parent / "out.jsonl"
    proc = run("analyze", corpus.root, "--jsonl", out, "--quiet", cwd=corpus.root.parent)
    assert proc.returncode == 1
    assert problem_lines(proc.stderr) == problem_lines(run_stderr(data, corpus))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["document"]["id"] for r in records] == [d["id"] for d in data["documents"]]


def run_stderr(data: dict, corpus: Corpus) -> str:
    """The problems of the --json run as stderr lines (they are listed in the output too)."""
    return "".join(f"riwaya: {shown(p)}\n" for p in data["problems"])


@pytest.mark.parametrize("levels", [5000])
def test_deeply_nested_html_is_read_or_named_once(tmp_path: Path, levels: int) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "deep.html").write_bytes(deep_html(levels))
    (tmp_path / "in" / "good.txt").write_text(REPORT, encoding="utf-8")
    proc = run("analyze", tmp_path / "in", "--json", tmp_path / "o.json", cwd=tmp_path)
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    ids = [d["id"] for d in data["documents"]]
    lines = problem_lines(proc.stderr)
    assert "good" in ids
    if "deep" in ids:
        assert proc.returncode == 0 and lines == []
    else:
        assert proc.returncode == 1
        assert len(lines) == 1 and lines[0].startswith(f"riwaya: {tmp_path / 'in' / 'deep.html'}: ")


def test_all_good_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.md").write_bytes(codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"))
    proc = run("analyze", tmp_path, "--json", tmp_path / "o.json", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""


def test_nothing_readable_exits_1_and_leaves_the_old_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_bytes(b"\x7fELF" + bytes(64))
    out = tmp_path / "o.json"
    out.write_text("previous", encoding="utf-8")
    proc = run("analyze", tmp_path / "in", "--json", out, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"riwaya: {tmp_path / 'in' / 'x.txt'}: binary file, not text",
        f"riwaya: no document could be read; {out} not written",
    ]
    assert out.read_text(encoding="utf-8") == "previous"


@pytest.mark.parametrize("args", [
    ["analyze"],                                        # no PATH
    ["analyze", ".", "--json", "no/such/dir/o.json"],   # output directory missing
    ["analyze", ".", "--json", "o.json", "--jsonl", "o.json"],
    ["analyze", ".", "--bogus"],
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert not (tmp_path / "o.json").exists()
