"""Which build of riwaya is running, and whether a compiled copy is current.

A regular install compiles the extraction core with mypyc (see
``setup.py``); the development checkout runs it as Python. The benchmark
says which one it measured, and ``scripts/compile.sh`` builds a compiled
copy of the checkout in ``.build/compiled`` that the benchmark
(``--compiled``) and ``tests/test_compiled.py`` use: both first check that
the copy was built from the sources as they are now, so a stale copy is
never measured or compared.
"""

from __future__ import annotations

import hashlib
from importlib import machinery
from pathlib import Path

#: Where scripts/compile.sh puts the compiled copy, relative to the checkout.
COMPILED_DIR = Path(".build") / "compiled"
#: The file in that copy holding the digest of the sources it was built from.
STAMP = "SOURCE_DIGEST"


def is_compiled() -> bool:
    """True when the extraction core imported here is mypyc's C extension."""
    from riwaya.text import tokens

    return str(tokens.__file__).endswith(tuple(machinery.EXTENSION_SUFFIXES))


def source_digest(root: Path) -> str:
    """SHA-256 over the package's sources and data files and the build files under ``root``."""
    h = hashlib.sha256()
    files = [root / "setup.py", root / "pyproject.toml"]
    files += sorted(p for p in (root / "riwaya").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".so", ".pyc"))
    for path in files:
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def stale_reason(root: Path) -> str | None:
    """Why ``root``'s compiled copy cannot be used (missing, or built from other sources), or None."""
    target = root / COMPILED_DIR
    stamp = target / STAMP
    if not stamp.is_file():
        return f"no compiled copy in {target}: run scripts/compile.sh"
    if stamp.read_text(encoding="utf-8").strip() != source_digest(root):
        return f"the compiled copy in {target} was built from other sources: run scripts/compile.sh"
    return None
