#!/usr/bin/env bash
# Quick start 2 (and CI): set up everything the tests need, then run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# System packages for browser tests (Debian's chromium); skipped when present.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: chromium missing and cannot apt-get; browser tests will skip" >&2
  fi
fi
.venv/bin/ruff check riwaya tests benchmarks
.venv/bin/python -m pytest -q -n 2 "$@"
