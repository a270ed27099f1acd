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
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
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
    """Write ``analysis.to_json()`` (the contract JSON) to ``path`` atomically, streamed."""
    write_text_atomic(path, iter_analysis_json(analysis))


def iter_analysis_json(analysis: Analysis) -> Iterator[str]:
    """``analysis.to_json() + "\\n"`` in pieces, streamed, writable as UTF-8.

    ``to_json`` builds the dict of every record and then one string of the
    whole output; for a corpus of hundreds of megabytes that is several times
    the analysis itself. Here only one record's dict and text exist at once.
    The characters are exactly those of ``to_json`` (tests hold them equal)
    except that unpaired surrogates are escaped (:func:`escape_surrogates`).
    """
    for piece in _analysis_pieces(analysis):
        yield escape_surrogates(piece)


def _analysis_pieces(analysis: Analysis) -> Iterator[str]:
    """The pieces of ``to_json``'s text, one document, claim or incident at a time."""
    records: dict[str, Callable[[], Iterable[Iterable[str]]]] = {
        "documents": lambda: (_document_pieces(d) for d in analysis.documents),
        "claims": lambda: ((_dumps(c.to_dict(), depth=2),) for c in analysis.claims),
        "incidents": lambda: ((_dumps(i.to_dict(), depth=2),) for i in analysis.incidents),
    }
    # The top level as to_dict gives it, with the record lists left out to stream.
    head = Analysis(version=analysis.version, problems=analysis.problems).to_dict()
    yield "{"
    for n, (key, value) in enumerate(head.items()):
        yield ("," if n else "") + "\n " + json.dumps(key) + ": "
        if key not in records:
            yield _dumps(value, depth=1)
            continue
        empty = True
        for pieces in records[key]():
            yield "[\n  " if empty else ",\n  "
            yield from pieces
            empty = False
        yield "[]" if empty else "\n ]"
    yield "\n}\n"


#: Stands in for a document's text while the rest of its record is encoded.
_TEXT_SLOT = "\x00riwaya:text\x00"
#: Characters of a document's text encoded at a time.
_TEXT_PIECE = 1 << 20


def _document_pieces(doc: Document, depth: int | None = 2) -> Iterator[str]:
    """A document's record, with its text encoded a megabyte at a time.

    The text is most of the output; encoding it whole would put two or three
    more copies of a large document in memory at once. JSON escapes each
    character on its own, so encoding slices gives the same bytes.
    ``depth`` is the indentation level (None: compact, one line).
    """
    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False) if depth is None else _dumps(value, depth)

    record = doc.to_dict()
    record["text"] = _TEXT_SLOT
    encoded = dumps(record)
    slot = json.dumps(_TEXT_SLOT)
    if encoded.count(slot) != 1:  # another field holds the marker itself: no shortcut
        yield dumps(doc.to_dict())
        return
    before, after = encoded.split(slot)
    yield before + '"'
    text = doc.text
    for i in range(0, len(text), _TEXT_PIECE):
        yield json.dumps(text[i:i + _TEXT_PIECE], ensure_ascii=False)[1:-1]
    yield '"' + after


def _dumps(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels down."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    # Newlines inside strings are escaped, so every raw newline is indentation.
    return text.replace("\n", "\n" + " " * depth) if depth else text


def jsonl_record(doc: Document, claims: list[Claim]) -> str:
    """One line of ``--jsonl`` output: a document and its claims, newline-terminated."""
    return "".join(iter_jsonl_record(doc, claims))


def iter_jsonl_record(doc: Document, claims: list[Claim]) -> Iterator[str]:
    """:func:`jsonl_record` in pieces, one claim at a time, for a document of any size.

    The characters are those of ``json.dumps({"document": …, "claims": […]},
    ensure_ascii=False)``, with U+2028/2029 and unpaired surrogates escaped.
    """
    def pieces() -> Iterator[str]:
        yield '{"document": '
        yield from _document_pieces(doc, depth=None)
        yield ', "claims": ['
        for n, claim in enumerate(claims):
            yield (", " if n else "") + json.dumps(claim.to_dict(), ensure_ascii=False)
        yield "]}"

    for piece in pieces():
        # U+2028/2029 are legal raw in JSON strings but some line readers split on
        # them (str.splitlines, JavaScript); escaped, a record is always one line.
        yield escape_surrogates(piece).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    yield "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(encoded: str) -> str:
    """Write unpaired surrogates in JSON text as ``\\udXXX`` escapes.

    A JSONL line may legally say ``"\\ud800"``; the decoded text then holds a
    lone surrogate, which UTF-8 cannot encode, so writing it raw would fail
    the whole output. JSON can carry it as an escape, and reading the output
    back gives the same text, offsets and all. (They only occur inside JSON
    strings, where any character may be escaped.)
    """
    if _SURROGATE.search(encoded) is None:
        return encoded
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
