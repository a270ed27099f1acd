"""Every file riwaya writes survives ``kill -9``: the previous version stays until the new one is whole.

``tests/test_cli_atomic.py`` kills the JSON writer itself; here the real
commands are killed — ``analyze --jsonl`` in the middle of its stream,
``analyze --json``, ``report`` and ``export`` at the last moment before
their output is published — and the previous output must be intact.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from subprocs import reap

REPO = Path(__file__).resolve().parents[1]
REPORT = "قال مصدر طبي إن نحو 12 شخصاً قتلوا وأصيب 30 آخرون في القصف على البلدة أمس.\n"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# Runs the riwaya CLI with os.replace made to announce, then hang, when it is
# about to publish TARGET: the moment a non-atomic writer would already have
# overwritten it.
HANG_BEFORE_PUBLISH = r"""
import os, sys, time
target = sys.argv[1]
real_replace = os.replace

def hanging_replace(src, dst, *args, **kwargs):
    if os.path.basename(str(dst)) == target:
        print("publishing", flush=True)
        time.sleep(300)
    return real_replace(src, dst, *args, **kwargs)

os.replace = hanging_replace
from riwaya.cli import main
sys.argv = ["riwaya", *sys.argv[2:]]
main()
"""


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def corpus(root: Path, n: int = 3) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"r{i}.txt").write_text(REPORT, encoding="utf-8")
    return root


def kill_at_publish(target: Path, *args: str | Path, cwd: Path) -> None:
    """Run a command until it is about to publish ``target``, then SIGKILL it."""
    proc = subprocess.Popen([sys.executable, "-c", HANG_BEFORE_PUBLISH, target.name, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env())
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if line != "publishing\n":
            proc.wait(timeout=60)
            pytest.fail(f"{target.name} was written without an atomic rename "
                        f"(exit {proc.returncode}): {proc.stderr.read() if proc.stderr else ''}")
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        reap(proc)


def test_jsonl_killed_mid_stream_keeps_the_previous_file(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": f"d{i}", "text": REPORT}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    previous = '{"document": {"id": "old"}, "claims": []}\n'
    out.write_text(previous, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from riwaya.cli import main; main()",
                             "analyze", str(feed), "--jsonl", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path, env=env())
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            pending = list(tmp_path.glob(".out.jsonl.*.tmp"))
            if pending and pending[0].stat().st_size > 20_000:   # several records are out
                break
            time.sleep(0.01)
        assert proc.poll() is None, "finished before it could be killed mid-stream"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        reap(proc)
    assert out.read_text(encoding="utf-8") == previous


def test_json_killed_at_publish_keeps_the_previous_file(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    out = tmp_path / "out.json"
    out.write_text('{"claims": ["old"]}', encoding="utf-8")
    kill_at_publish(out, "analyze", src, "--json", out, "--quiet", cwd=tmp_path)
    assert json.loads(out.read_text(encoding="utf-8")) == {"claims": ["old"]}


def test_report_killed_at_publish_keeps_the_previous_report(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    out = tmp_path / "report.html"
    out.write_text("<p>previous report</p>", encoding="utf-8")
    kill_at_publish(out, "report", src, "-o", out, cwd=tmp_path)
    assert out.read_text(encoding="utf-8") == "<p>previous report</p>"
    # and left alone, the same command does replace it
    done = subprocess.run([sys.executable, "-c", "from riwaya.cli import main; main()",
                           "report", str(src), "-o", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_export_killed_at_publish_keeps_the_previous_table(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    out_dir = tmp_path / "tables"
    out_dir.mkdir()
    table = out_dir / "claims.csv"
    table.write_text("previous,table\n", encoding="utf-8")
    kill_at_publish(table, "export", src, "-o", out_dir, "--format", "csv", cwd=tmp_path)
    assert table.read_text(encoding="utf-8") == "previous,table\n"


def test_report_to_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "from riwaya.cli import main; main()",
                           "report", str(src), "-o", str(blocker / "report.html")],
                          capture_output=True, text=True, cwd=tmp_path, env=env(), timeout=300)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    [line] = [x for x in proc.stderr.splitlines() if x.startswith("error:")]
    assert str(blocker / "report.html") in line and "cannot write" in line
