"""The mypyc build gives the same output as the Python it is compiled from.

``setup.py`` compiles the extraction core for regular installs; the suite
otherwise runs the checkout as Python. Here both builds analyse the same
inputs through the CLI (every sentence case, the probes' pages, the sample
corpus and, where present, the seeds) and their JSON must be identical:
compilation may change speed, never a claim, an offset or a metadata guess.

The compiled copy is the one ``scripts/compile.sh`` (run by
``scripts/test.sh``) builds in ``.build/compiled``; without a current one
the test skips and says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from riwaya.build import COMPILED_DIR, stale_reason

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
DATA = ROOT / "tests" / "data"

# Run from an empty directory so the checkout is not first on sys.path.
_CLI = ("import sys; from riwaya.build import is_compiled; "
        "print('compiled' if is_compiled() else 'python', file=sys.stderr); "
        "from riwaya.cli import main; sys.argv[0] = 'riwaya'; main()")

pytestmark = pytest.mark.slow


def _analyze(package_root: Path, paths: list[Path], out: Path, cwd: Path) -> str:
    """Run ``riwaya analyze`` with ``package_root`` first on the path; the build that ran."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    run = subprocess.run([sys.executable, "-c", _CLI, "analyze", *map(str, paths), "--json", str(out)],
                         cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stderr.splitlines()[0]


def test_compiled_build_writes_the_same_json(tmp_path: Path) -> None:
    why = stale_reason(ROOT)
    if why is not None:
        pytest.skip(why)
    cases = tmp_path / "cases.jsonl"
    with cases.open("w", encoding="utf-8") as fh:
        for name in ("sentences", "heldout_probe", "heldout_probe2"):
            for case in yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8")):
                doc = {"id": f"{name}:{case['id']}", "text": case["text"], "outlet": case.get("outlet")}
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    folders = [ROOT / "examples" / "corpus", DATA / "multi", DATA / "probe3", DATA / "probe4", SHARED_SEEDS]
    inputs = [cases] + sorted(p for folder in folders if folder.is_dir() for p in folder.iterdir()
                              if p.suffix in (".txt", ".html"))
    work = tmp_path / "cwd"
    work.mkdir()
    assert _analyze(ROOT, inputs, tmp_path / "python.json", work) == "python"
    assert _analyze(ROOT / COMPILED_DIR, inputs, tmp_path / "compiled.json", work) == "compiled"
    python = json.loads((tmp_path / "python.json").read_text(encoding="utf-8"))
    compiled = json.loads((tmp_path / "compiled.json").read_text(encoding="utf-8"))
    assert len(python["claims"]) > 500
    assert compiled["documents"] == python["documents"]
    assert compiled["claims"] == python["claims"]
    assert compiled == python
