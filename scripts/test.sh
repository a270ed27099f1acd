#!/usr/bin/env bash
# Quick start 2 (and CI): set up everything the tests need, then run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# System packages: Debian's chromium (browser tests) and graphviz (isnad graphs).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "warning:$missing missing and cannot apt-get; the tests that need them will skip" >&2
  fi
fi
.venv/bin/ruff check riwaya tests benchmarks scripts setup.py
# The mypyc build of this checkout, for tests/test_compiled.py (same JSON as Python).
bash scripts/compile.sh
.venv/bin/python -m pytest -q -n 2 "$@"
# The whole suite again on the compiled build, which regular installs get.
# (The pytest script, not python -m: that would put the checkout first on sys.path.)
RIWAYA_TEST_BUILD=compiled PYTHONPATH=.build/compiled .venv/bin/pytest -q -n 2 "$@"
