"""Writing analysis output so that a crash never leaves a half-written file.

Evaluations, exports and the web view all read the JSON ``riwaya analyze``
writes; a run killed mid-write (OOM killer, Ctrl-C, a full disk) must
leave the *previous* output intact rather than a truncated file that fails
to parse hours later. So every output is written to a temporary file in
the same directory (same filesystem, so the rename is atomic), flushed and
fsync'd, then ``os.replace``'d over the target; the directory is fsync'd
too so the rename itself survives a power cut. A SIGKILL can leave a stale
``.NAME.*.tmp`` beside the target — never a damaged target.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from riwaya.model import Analysis, Claim, Document


class AtomicWriter:
    """A text file that appears at ``path`` only when the ``with`` block succeeds.

    ``write`` goes to a temporary sibling; leaving the block normally
    publishes it, leaving by an exception deletes it and the old ``path``
    stays as it was.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fh: IO[str] | None = None
        self._tmp: str | None = None

    def __enter__(self) -> AtomicWriter:
        directory = self.path.parent
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                         dir=directory)
        # newline="" : write exactly what we are given, no translation.
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self

    def abort(self) -> None:
        """Throw the pending file away now; the target is left untouched."""
        fh, tmp = self._fh, self._tmp
        self._fh = self._tmp = None
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def write(self, text: str) -> None:
        """Append ``text`` to the pending file."""
        if self._fh is None:
            raise RuntimeError("AtomicWriter.write outside its with-block")
        self._fh.write(text)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self.abort()
            return
        fh, tmp = self._fh, self._tmp
        self._fh = self._tmp = None
        if fh is None or tmp is None:
            return  # aborted inside the block
        try:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.chmod(tmp, _mode_for(self.path))
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_directory(self.path.parent)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new one gets the usual umask'd 0666.

    ``mkstemp`` creates 0600, which would silently make shared outputs private.
    """
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    """Persist the rename; best effort (not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text_atomic(path: Path | str, chunks: str | Iterable[str]) -> None:
    """Write a string (or a stream of strings) to ``path`` atomically."""
    with AtomicWriter(path) as out:
        if isinstance(chunks, str):
            out.write(chunks)
        else:
            for chunk in chunks:
                out.write(chunk)


def write_analysis_json(path: Path | str, analysis: Analysis) -> None:
    """Write ``analysis.to_json()`` (the contract JSON) to ``path`` atomically."""
    write_text_atomic(path, analysis.to_json() + "\n")


def jsonl_record(doc: Document, claims: list[Claim]) -> str:
    """One line of ``--jsonl`` output: a document and its claims, newline-terminated."""
    record = {"document": doc.to_dict(), "claims": [c.to_dict() for c in claims]}
    line = json.dumps(record, ensure_ascii=False)
    # U+2028/2029 are legal raw in JSON strings but some line readers split on
    # them (str.splitlines, JavaScript); escaped, a record is always one line.
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
