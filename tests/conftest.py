"""Shared fixtures: where ../shared is, and skipping cleanly when it is not."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (seeds, gold, scorer); tests using it skip where it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is absent (seeds and gold ship only with CI and developer machines)")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _one_build_only() -> Iterator[None]:
    """With ``RIWAYA_TEST_BUILD=compiled`` (scripts/test.sh's second run), every riwaya
    module the tests import must come from the compiled copy, never the checkout:
    a test that put the checkout first on sys.path would quietly mix the builds."""
    if os.environ.get("RIWAYA_TEST_BUILD") != "compiled":
        yield
        return
    from riwaya.build import COMPILED_DIR, is_compiled

    assert is_compiled(), "RIWAYA_TEST_BUILD=compiled, but riwaya imported as Python"
    yield
    copy = (ROOT / COMPILED_DIR).resolve()
    strays = sorted(name for name, mod in list(sys.modules.items())
                    if name.split(".")[0] == "riwaya" and getattr(mod, "__file__", None)
                    and copy not in Path(mod.__file__).resolve().parents)
    assert not strays, f"imported from outside {copy}: {strays}"
