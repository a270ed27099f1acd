"""Outputs are replaced atomically: a writer killed mid-write leaves the old file intact."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from subprocs import reap

from riwaya.export.json_out import AtomicWriter, jsonl_record, write_text_atomic
from riwaya.model import Document

REPO = Path(__file__).resolve().parents[1]

# A writer that streams ~4 MB through write_text_atomic, says so, then hangs
# before finishing: the parent kills it there, in the middle of the write.
WRITER = r"""
import sys, time
from riwaya.export.json_out import write_text_atomic

def chunks():
    yield '{"claims": ['
    for i in range(4000):
        yield '"' + "x" * 1000 + '",'
    sys.stdout.write("half-written\n")
    sys.stdout.flush()
    time.sleep(120)
    yield '"end"]}'

write_text_atomic(sys.argv[1], chunks())
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_leaves_previous_file_valid(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    previous = {"riwaya_version": "0.1.0", "documents": [], "claims": [{"id": "old"}]}
    target.write_text(json.dumps(previous), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "half-written\n"
        [tmp] = list(tmp_path.glob(".out.json.*.tmp"))
        assert tmp.stat().st_size > 3_000_000       # the new output really is mid-flight
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        reap(proc)
    assert json.loads(target.read_text(encoding="utf-8")) == previous


def test_completed_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, ["new ", "content\r\n"])
    assert target.read_bytes() == b"new content\r\n"   # no newline translation
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_new_file_is_not_left_private(tmp_path: Path) -> None:
    target = tmp_path / "fresh.json"
    write_text_atomic(target, "{}")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_exception_inside_block_discards_the_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), AtomicWriter(target) as out:
        out.write("partial")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_jsonl_record_is_exactly_one_line() -> None:
    doc = Document(id="d", text="سطر\nسطر آخر\u2028فاصل\u2029فقرة")
    line = jsonl_record(doc, [])
    assert line.endswith("\n") and line.count("\n") == 1
    assert len(line[:-1].splitlines()) == 1   # not even U+2028/2029 split it
    assert json.loads(line)["document"]["text"] == doc.text
