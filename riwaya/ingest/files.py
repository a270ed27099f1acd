"""Turning the user's paths into a deterministic stream of files (or Problems).

Design decisions, each made so that one odd entry never stops the rest:

* Directories are walked recursively, entries sorted by name (code-point
  order) so two runs over the same tree produce the same output. Each
  directory's listing is read one at a time; the tree is never held whole.
* Symlinks are followed (corpora are often assembled from links), with a
  loop check on the chain of directories being walked; a loop is a
  Problem. Broken links, vanished entries and unreadable directories are
  Problems too.
* Hidden entries (name starting with ``.``: ``.DS_Store``, ``.git``, editor
  swap files) met *while walking a directory* are skipped silently: they are
  never reports, and complaining about them would make every run on a macOS
  folder exit 1. A hidden file named explicitly on the command line is read.
* Sidecars (``<id>.meta.json``) are never documents: skipped silently when
  they have a document beside them, reported when they are orphans (a
  misnamed sidecar would otherwise lose its metadata without a word).
* Anything that is not a regular file (FIFO, socket, device) is a Problem:
  opening a FIFO would block the whole run.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from riwaya.ingest.meta import SIDECAR_SUFFIX, is_sidecar
from riwaya.model import Problem

#: Extensions read, longest first so ``.jsonl.gz`` wins over ``.gz``.
SUPPORTED = (".jsonl.gz", ".jsonl", ".txt", ".md", ".markdown", ".html", ".htm")

#: Files larger than this are refused: a news report is kilobytes, and a
#: multi-gigabyte .txt is a mistake that would otherwise eat all memory.
#: Up to this size a file is held whole (bytes, then text) but extracted in
#: chunks (``riwaya.pipeline.extract_document``), which keeps a 100 MB dump
#: well under 1 GiB. JSONL is exempt because it is streamed line by line.
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class FoundFile:
    """A regular file to read: its path as the user will see it, and its identity."""

    path: Path
    kind: str          # one of SUPPORTED
    doc_id: str        # file name without the kind's extension
    size: int
    identity: tuple[int, int]   # (st_dev, st_ino), to skip the same file named twice


def kind_of(path: Path) -> str | None:
    """The supported extension ``path`` ends with (case-insensitive), or None."""
    name = path.name.lower()
    for ext in SUPPORTED:
        if name.endswith(ext) and len(name) > len(ext):
            return ext
    return None


def unsupported_message(path: Path) -> str:
    """The one-line reason for a file type riwaya does not read."""
    suffix = path.suffix
    if not suffix or suffix == path.name:
        return "unsupported file type (no extension)"
    return f"unsupported file type {suffix.lower()}"


def iter_files(paths: Iterable[Path | str]) -> Iterator[FoundFile | Problem]:
    """Yield every readable-looking file under ``paths`` in order, and Problems."""
    for given in paths:
        path = Path(given)
        yield from _visit(path, explicit=True, ancestors=())


def _visit(path: Path, explicit: bool,
           ancestors: tuple[tuple[int, int], ...]) -> Iterator[FoundFile | Problem]:
    try:
        st = os.stat(path)  # follows symlinks
    except OSError as exc:
        yield Problem(str(path), _stat_reason(path, exc, explicit))
        return
    if stat.S_ISDIR(st.st_mode):
        identity = (st.st_dev, st.st_ino)
        if identity in ancestors:
            yield Problem(str(path), "symlink loop (leads back to a directory being read); skipped")
            return
        yield from _walk(path, ancestors + (identity,))
        return
    if not explicit and path.name.startswith("."):
        return
    if is_sidecar(path):
        if not _has_document(path):
            yield Problem(str(path), "metadata sidecar without a document beside it "
                                     f"(expected {path.name[: -len(SIDECAR_SUFFIX)]}.txt, .md, "
                                     ".html or .jsonl)")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Problem(str(path), "not a regular file")
        return
    kind = kind_of(path)
    if kind is None:
        yield Problem(str(path), unsupported_message(path))
        return
    yield FoundFile(path=path, kind=kind, doc_id=path.name[: -len(kind)], size=st.st_size,
                    identity=(st.st_dev, st.st_ino))


def _walk(directory: Path,
          ancestors: tuple[tuple[int, int], ...]) -> Iterator[FoundFile | Problem]:
    try:
        with os.scandir(directory) as it:
            names = sorted(entry.name for entry in it)
    except FileNotFoundError:
        yield Problem(str(directory), "directory vanished while being read")
        return
    except PermissionError:
        yield Problem(str(directory), "permission denied")
        return
    except OSError as exc:
        yield Problem(str(directory), _reason(exc))
        return
    for name in names:
        if name.startswith("."):
            continue
        yield from _visit(directory / name, explicit=False, ancestors=ancestors)


def _has_document(sidecar: Path) -> bool:
    stem = sidecar.name[: -len(SIDECAR_SUFFIX)]
    return any(sidecar.with_name(stem + ext).exists() for ext in SUPPORTED)


def _stat_reason(path: Path, exc: OSError, explicit: bool) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            return "broken symlink (its target does not exist)"
        return "no such file or directory" if explicit else "vanished while being read"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return _reason(exc)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def read_bytes(found: FoundFile) -> bytes | Problem:
    """The file's bytes, or a Problem saying why they cannot be had."""
    if found.size > MAX_BYTES:
        return Problem(str(found.path), f"file too large ({found.size // (1024 * 1024)} MB; "
                                        f"the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        with open(found.path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Problem(str(found.path), "vanished before it could be read")
    except PermissionError:
        return Problem(str(found.path), "permission denied")
    except IsADirectoryError:
        return Problem(str(found.path), "is a directory")
    except OSError as exc:
        return Problem(str(found.path), _stat_reason(found.path, exc, True))
    if len(data) > MAX_BYTES:  # it grew after we looked at its size
        return Problem(str(found.path), f"file too large (the limit is "
                                        f"{MAX_BYTES // (1024 * 1024)} MB)")
    return data
