"""Shared fixtures: where ../shared is, and skipping cleanly when it is not."""

from __future__ import annotations

import sys
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
