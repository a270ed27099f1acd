"""``riwaya analyze`` on a huge text file stays in bounded memory (slow: 20 MB through the CLI).

The goal is a 100 MB dump under 1 GiB peak RSS (``benchmarks/bench_memory.py``
measures that: 664–716 MiB in two runs). Here a 20 MB file, the same generator
and the same real command in a child process; its peak RSS, from
``wait4``, was about 280 MiB when measured, so 600 MiB flags any return to
holding a large document whole (1 M-character chunks alone cost 350 MiB)
without flaking.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_memory import run_analyze, write_text_file  # noqa: E402

LIMIT_MIB = 600


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="wait4 and ru_maxrss are POSIX")
def test_20_mb_text_file_stays_under_600_mib(tmp_path: Path) -> None:
    text = tmp_path / "dump.txt"
    size = write_text_file(text, 20)
    assert size >= 20_000_000
    out = tmp_path / "out.json"
    m = run_analyze(text, out)
    assert m.exit_code == 0, m.stderr
    assert m.documents == 1 and m.claims > 10_000
    assert m.peak_mib < LIMIT_MIB, f"peak RSS {m.peak_mib:.0f} MiB for {m.mb:.0f} MB"
    # and the output is whole and true: spot-check evidence offsets
    data = json.loads(out.read_text(encoding="utf-8"))
    body = data["documents"][0]["text"]
    claims = data["claims"]
    for c in claims[:: max(1, len(claims) // 500)]:
        assert body[c["start"]:c["end"]] == c["text"]
    assert claims[-1]["start"] > len(body) * 0.9      # found to the end, not just the start


def test_extraction_leaves_no_reference_cycles() -> None:
    """A document's tokens, sentences and phrases are freed when extraction
    returns: nothing the per-document state owns refers back to it, so no
    part of it waits for the cyclic garbage collector."""
    import gc

    from riwaya.extract import extract_claims
    from riwaya.model import Document

    texts = [
        "الموصل - وكالة الأنباء\n\nقالت مصادر أمنية لـ«الوكالة» إن 12 عنصراً من الشرطة قُتلوا، "
        "بينهم ضابطان، في هجوم شنه تنظيم داعش. وأضاف المصدر أن نحو 20 آخرين أصيبوا.",
        "Gunmen killed at least 9 civilians in Zamfara on Sunday, police spokesman said.",
    ]
    extract_claims(Document(id="warm", text=texts[0]))   # lexicons and caches load first
    gc.collect()
    old = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for n, text in enumerate(texts):
            assert extract_claims(Document(id=f"d{n}", text=text))
        gc.collect()
        cyclic = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(old)
        gc.garbage.clear()
    assert cyclic == []
