#!/usr/bin/env bash
# Build a mypyc-compiled copy of this checkout in .build/compiled (for the
# benchmark's --compiled and tests/test_compiled.py). Skips the build when the
# copy is already current. Needs .venv (scripts/setup.sh) and a C compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
# Where the copy goes, its stamp file, the sources' digest (taken before the build,
# so an edit made meanwhile leaves the copy stale) and whether the copy is current:
# all from riwaya/build.py, which the benchmark and the tests ask the same questions.
read -r target stamp digest state < <(.venv/bin/python -c '
from pathlib import Path
from riwaya.build import COMPILED_DIR, STAMP, source_digest, stale_reason
print(COMPILED_DIR, COMPILED_DIR / STAMP, source_digest(Path(".")),
      "current" if stale_reason(Path(".")) is None else "stale")')
if [ "$state" = current ]; then
  echo "compiled copy in $target is current"
  exit 0
fi
rm -rf "$target" build
echo "compiling the extraction core with mypyc into $target (about 3 minutes)..."
RIWAYA_COMPILE=1 .venv/bin/python -m pip install -q --no-deps --target "$target" . >/dev/null
rm -rf build
echo "$digest" > "$stamp"
# From inside the copy: python -c puts the working directory first on sys.path.
(cd "$target" && ../../.venv/bin/python -c 'import sys; from riwaya.build import is_compiled; sys.exit(0 if is_compiled() else "compiled copy did not load its C extensions")')
echo "compiled copy ready in $target"
