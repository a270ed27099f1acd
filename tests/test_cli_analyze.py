"""``riwaya analyze``: exit codes, one-line problems, outputs that survive bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from riwaya.cli import _register, app
from riwaya.cli.analyze import run
from riwaya.model import Claim, Document, Source

_register()
REPO = Path(__file__).resolve().parents[1]
GOOD = "قال مصدر محلي إن نحو 40 مسلحاً هاجموا مركز الشرطة في البلدة فجر اليوم.\r\n"


def fake_extract(doc: Document) -> list[Claim]:
    """A stand-in extractor: one claim per «40 مسلحاً», attributed through a relay."""
    claims = []
    start = doc.text.find("40 مسلحاً")
    if start >= 0:
        end = start + len("40 مسلحاً")
        claims.append(Claim(
            id=f"{doc.id}#c1", document=doc.id, quantity="attackers", low=40, high=40,
            qualifier="approx", start=start, end=end, text=doc.text[start:end],
            source=Source("مصدر محلي", kind="anonymous"), via=[Source("رويترز", kind="media")]))
    return claims


@pytest.fixture(autouse=True)
def _fake_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI is under test, not the extractor or the reconciler (other
    # stages, tested on their own); stand-ins keep these tests fast and
    # independent of how well those stages do.
    monkeypatch.setattr("riwaya.extract.extract_claims", fake_extract)
    monkeypatch.setattr("riwaya.reconcile.reconcile", lambda documents, claims: [],
                        raising=False)


def invoke(*args: str | Path):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["analyze", *map(str, args)], env={"COLUMNS": "250"})
    assert "Traceback" not in result.output
    return result


def stderr_lines(result, root: Path) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.replace(str(root) + os.sep, "") for line in result.stderr.splitlines()]


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8", newline="")
    (root / "good.meta.json").write_text('{"outlet": "وكالة"}', encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (root / "feed.jsonl").write_bytes(
        json.dumps({"id": "line1", "text": GOOD}, ensure_ascii=False).encode() + b"\n{oops\n")
    return root


def test_good_files_next_to_bad_ones_are_written_and_exit_is_1(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    out = tmp_path / "out.json"
    result = invoke(root, tmp_path / "missing.txt", "--json", out)
    assert result.exit_code == 1
    assert stderr_lines(result, tmp_path) == [
        "riwaya: corpus/empty.txt: empty file",
        "riwaya: corpus/feed.jsonl:2: invalid JSON: "
        "Expecting property name enclosed in double quotes (column 2)",
        "riwaya: corpus/photo.png: unsupported file type .png",
        "riwaya: missing.txt: no such file or directory",
        "2 documents, 2 claims, 4 problems; wrote out.json",
    ]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["line1", "good"]
    good = data["documents"][1]
    assert good["text"] == GOOD and good["outlet"] == {"name": "وكالة", "inferred": False,
                                                         "canonical": None}
    claim = data["claims"][1]
    assert good["text"][claim["start"]:claim["end"]] == claim["text"] == "40 مسلحاً"
    assert len(data["problems"]) == 4


def test_all_inputs_read_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.json"
    result = invoke(tmp_path / "a.txt", "--json", out, "--quiet")
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["riwaya_version"]


@pytest.mark.parametrize("args, message", [
    (["--json", "{tmp}/no/such/dir/out.json"], "directory {tmp}/no/such/dir does not exist"),
    (["--json", "{tmp}/o", "--jsonl", "{tmp}/o"], "--json and --jsonl must name different files"),
    (["--json", "{tmp}"], "is a directory"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    args = [a.format(tmp=tmp_path) for a in args]
    result = invoke(tmp_path / "a.txt", *args)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("riwaya: ") and message.format(tmp=tmp_path) in line


def test_no_paths_is_a_usage_error() -> None:
    assert invoke().exit_code == 2


def test_jsonl_streams_one_object_per_document(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    out = tmp_path / "out.jsonl"
    result = invoke(root, "--jsonl", out, "-q")
    assert result.exit_code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["document"]["id"] for r in records] == ["line1", "good"]
    assert all(set(r) == {"document", "claims"} for r in records)
    assert [c["text"] for c in records[1]["claims"]] == ["40 مسلحاً"]
    assert not list(tmp_path.glob(".out.jsonl.*"))  # no temporary left behind


def test_json_and_jsonl_together(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(tmp_path / "a.txt", "--json", tmp_path / "o.json",
                    "--jsonl", tmp_path / "o.jsonl", "-q")
    assert result.exit_code == 0
    whole = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    [line] = (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["document"] == whole["documents"][0]
    # Streamed lines are written before incidents exist, so only --json has incident ids.
    assert ([{**c, "incident": None} for c in record["claims"]]
            == [{**c, "incident": None} for c in whole["claims"]])


def test_json_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(tmp_path / "a.txt", "--json", "-", "-q")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"][0]["id"] == "a"


def test_extractor_crash_costs_one_document(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text("crash\nhere", encoding="utf-8")
    (tmp_path / "c.txt").write_text(GOOD, encoding="utf-8")

    def crashing(doc: Document) -> list[Claim]:
        if doc.id == "b":
            raise ValueError("bad\nthing")  # a multi-line message must still print as one line
        return fake_extract(doc)

    monkeypatch.setattr("riwaya.extract.extract_claims", crashing)
    out = tmp_path / "out.json"
    result = invoke(tmp_path, "--json", out, "-q")
    assert result.exit_code == 1
    assert stderr_lines(result, tmp_path) == [
        "riwaya: b.txt: document b: internal error in extraction (ValueError: bad thing); skipped"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["a", "c"]


def test_reconcile_crash_still_writes_documents(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(documents: list[Document], claims: list[Claim]) -> list[object]:
        raise RuntimeError("cannot group")

    monkeypatch.setattr("riwaya.reconcile.reconcile", boom, raising=False)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.json"
    result = invoke(tmp_path / "a.txt", "--json", out, "-q")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "riwaya: incidents: internal error in reconciliation (RuntimeError: cannot group); "
        "written without incidents"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["claims"]) == 1 and data["incidents"] == []


def test_nothing_read_leaves_previous_outputs_alone(tmp_path: Path) -> None:
    (tmp_path / "out.json").write_text('{"previous": true}', encoding="utf-8")
    (tmp_path / "out.jsonl").write_text('{"previous": true}\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke(tmp_path / "empty.txt", "--json", tmp_path / "out.json",
                    "--jsonl", tmp_path / "out.jsonl")
    assert result.exit_code == 1
    assert stderr_lines(result, tmp_path) == [
        "riwaya: empty.txt: empty file",
        "riwaya: no document could be read; out.json, out.jsonl not written",
    ]
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == '{"previous": true}'
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == '{"previous": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "out.json", "out.jsonl"]


@pytest.mark.parametrize(("flag", "name", "old"), [
    ("--json", "out.json", '{"previous": true}'),
    ("--jsonl", "out.jsonl", "old\n"),
])
def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         flag: str, name: str, old: str) -> None:
    from riwaya.export import json_out

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / name
    out.write_text(old, encoding="utf-8")

    def disk_full(self: object, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json_out.AtomicWriter, "write", disk_full)
    result = invoke(tmp_path / "a.txt", flag, out, "-q")
    assert result.exit_code == 1
    assert stderr_lines(result, tmp_path) == [
        f"riwaya: {name}: cannot write: no space left on device"]
    assert out.read_text(encoding="utf-8") == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", name]


def test_table_shows_figure_chain_and_evidence(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"outlet": "وكالة"}', encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    result = invoke(tmp_path)
    assert result.exit_code == 1
    out = result.stdout
    for expected in ("~40", "attackers", "وكالة ← رويترز ← مصدر محلي", "40 مسلحاً",
                     "1 document, 1 claim, 1 problem (1 in scored quantities)"):
        assert expected in out, expected
    assert stderr_lines(result, tmp_path) == ["riwaya: b.txt: empty file"]


def test_real_process_exit_codes_and_streams(tmp_path: Path) -> None:
    """Through a real process and the real extractor: status, stderr lines, no traceback."""
    root = corpus(tmp_path)
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", "from riwaya.cli import main; main()",
         "analyze", str(root), "--jsonl", str(out), "--quiet"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("riwaya: ") for line in lines)
    assert "Traceback" not in proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["document"]["id"] for r in records] == ["line1", "good"]
    for record in records:  # whatever the extractor finds, its evidence quotes the text
        text = record["document"]["text"]
        assert all(text[c["start"]:c["end"]] == c["text"] for c in record["claims"])

    usage = subprocess.run(
        [sys.executable, "-c", "from riwaya.cli import main; main()", "analyze"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert usage.returncode == 2


class FakeTTY(io.StringIO):
    """A stderr that claims to be a terminal, to exercise the progress display."""

    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_keeps_problem_lines_whole(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    stderr, stdout = FakeTTY(), io.StringIO()
    code = run([tmp_path], jsonl_out=tmp_path / "o.jsonl", stdout=stdout, stderr=stderr)
    assert code == 1
    assert f"riwaya: {tmp_path / 'b.txt'}: empty file" in stderr.getvalue()
    assert "\x1b[" in stderr.getvalue()  # the live display really ran


def test_quiet_on_a_terminal_prints_only_problems(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    stderr = FakeTTY()
    code = run([tmp_path], jsonl_out=tmp_path / "o.jsonl", quiet=True,
               stdout=io.StringIO(), stderr=stderr)
    assert code == 1
    assert stderr.getvalue() == f"riwaya: {tmp_path / 'b.txt'}: empty file\n"
