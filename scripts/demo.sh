#!/usr/bin/env bash
# Quick start 1: set up, then analyse the bundled sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/riwaya analyze examples/corpus --json out/examples.json
.venv/bin/riwaya analyze examples/corpus
