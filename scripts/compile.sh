#!/usr/bin/env bash
# Build a mypyc-compiled copy of this checkout in .build/compiled (for the
# benchmark's --compiled and tests/test_compiled.py). Skips the build when the
# copy is already current. Needs .venv (scripts/setup.sh) and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
digest=$(.venv/bin/python -c 'from pathlib import Path; from riwaya.build import source_digest; print(source_digest(Path(".")))')
target=.build/compiled
if [ -f "$target/SOURCE_DIGEST" ] && [ "$(cat "$target/SOURCE_DIGEST")" = "$digest" ]; then
  echo "compiled copy in $target is current"
  exit 0
fi
rm -rf "$target" build
echo "compiling the extraction core with mypyc into $target (about 3 minutes)..."
RIWAYA_COMPILE=1 .venv/bin/python -m pip install -q --no-deps --target "$target" . >/dev/null
rm -rf build
echo "$digest" > "$target/SOURCE_DIGEST"
# From inside the copy: python -c puts the working directory first on sys.path.
(cd "$target" && ../../.venv/bin/python -c 'import sys; from riwaya.build import is_compiled; sys.exit(0 if is_compiled() else "compiled copy did not load its C extensions")')
echo "compiled copy ready in $target"
