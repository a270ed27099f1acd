"""Build hook: compile the extraction core with mypyc when asked to.

Everything about the package lives in ``pyproject.toml``; this file only
adds the compiled modules. The per-document work (tokens, phrase lookup,
figures, frames, sources, metadata inference) is plain typed Python, and
mypyc turns those modules into C extensions 1.6–1.8x as fast, with the
same output (``tests/test_compiled.py`` compares the two builds claim by
claim).

``RIWAYA_COMPILE`` decides:

* ``1``: compile, and fail loudly if that is impossible (CI, benchmarks);
* ``0``: pure Python;
* unset: compile for a regular install (``pip install .``) and fall back to
  pure Python with a warning when no C compiler is there; editable installs
  (``pip install -e .``, what ``scripts/setup.sh`` makes) stay pure Python,
  so an edited module is what runs.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

#: The modules that run once per document or per token. Compiled together in
#: one group, so their calls to each other are C calls. Modules that read
#: files, talk to users or run once per corpus stay Python.
COMPILED = [
    "riwaya/text/tokens.py",
    "riwaya/text/normalize.py",
    "riwaya/text/segment.py",
    "riwaya/text/lexicon.py",
    "riwaya/extract/actor_spans.py",
    "riwaya/extract/actors.py",
    "riwaya/extract/attribution.py",
    "riwaya/extract/dates.py",
    "riwaya/extract/figures.py",
    "riwaya/extract/frames.py",
    "riwaya/extract/gazetteer.py",
    "riwaya/extract/numbers.py",
    "riwaya/extract/outlet.py",
    "riwaya/extract/persons.py",
    "riwaya/extract/pipeline.py",
    "riwaya/extract/places.py",
]


#: "1", "0" or "" (unset): see the module docstring.
_WANTED = os.environ.get("RIWAYA_COMPILE", "").strip()
#: setup.py commands that build code; metadata queries (egg_info, dist_info)
#: need no compiling, and setuptools runs them several times per install.
_BUILDS = ("bdist_wheel", "build", "build_ext", "install")


def _ext_modules() -> list:
    if _WANTED == "0" or not any(cmd in sys.argv for cmd in _BUILDS):
        return []
    if not _WANTED and "editable_wheel" in sys.argv:
        return []
    try:
        from mypyc.build import mypycify

        return mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3")
    except Exception as exc:  # noqa: BLE001 - any failure means "no compiled build"
        if _WANTED == "1":
            raise
        print(f"riwaya: building pure Python, mypyc failed: {exc}", file=sys.stderr)
        return []


class _OptionalBuildExt(build_ext):
    """Compiling is an optimisation: when the C compiler fails (none installed, no
    Python headers), install pure Python instead, unless RIWAYA_COMPILE=1.

    All or nothing: the modules share one C library, so a half-built set
    would not import; whatever was built is removed before falling back.
    """

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler failure means "no compiled build"
            if _WANTED == "1":
                raise
            for ext in self.extensions:
                path = self.get_ext_fullpath(ext.name)
                if os.path.exists(path):
                    os.remove(path)
            print(f"riwaya: building pure Python, the C compiler failed: {exc}", file=sys.stderr)


setup(ext_modules=_ext_modules(), cmdclass={"build_ext": _OptionalBuildExt})
