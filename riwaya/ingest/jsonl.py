"""JSONL corpora (plain or gzip): one document per line, streamed.

A JSONL dump can be far larger than memory, so it is read one line at a
time, straight from the (possibly gzip) byte stream. Every line stands
alone: a broken line is a Problem carrying its line number and the next
line is read as if nothing happened. A truncated gzip file keeps the lines
before the damage.

JSONL is UTF-8 by definition (a BOM on the first line is tolerated). The
``sha256`` of a line's document is of that line's bytes without its line
terminator, so it identifies the record whatever file it was copied into.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import IO, Any

from riwaya.ingest.files import FoundFile
from riwaya.ingest.meta import apply_metadata, guess_language, json_type
from riwaya.model import Document, Problem


def iter_jsonl(found: FoundFile,
               defaults: Mapping[str, Any]) -> Iterator[tuple[Document, int] | Problem]:
    """Yield ``(document, line number)`` per good line and a Problem per bad one.

    ``defaults`` is metadata for every line (from the file's sidecar);
    a line's own keys win over it.
    """
    where = str(found.path)
    try:
        fh: IO[bytes] | gzip.GzipFile = (gzip.open(found.path, "rb") if found.kind == ".jsonl.gz"
                         else open(found.path, "rb"))
    except PermissionError:
        yield Problem(where, "permission denied")
        return
    except OSError as exc:
        yield Problem(where, (exc.strerror or str(exc)).lower())
        return
    lineno = 0
    nonblank = 0
    with fh:
        try:
            for raw in fh:
                lineno += 1
                body = line_body(raw, lineno)
                if not body.strip():
                    continue  # blank lines separate nothing and mean nothing
                nonblank += 1
                if lineno == 1 and body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    yield Problem(where, "JSONL must be UTF-8 (this file is UTF-16)", line=1)
                    return  # every other line would fail the same way
                yield from parse_line(body, lineno, where, defaults)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            detail = str(exc) or type(exc).__name__
            yield Problem(where, f"corrupt or truncated gzip data after line {lineno} ({detail})")
            return
        except OSError as exc:
            yield Problem(where, f"read error after line {lineno}: "
                                 f"{(exc.strerror or str(exc)).lower()}")
            return
    if nonblank == 0:
        yield Problem(where, "empty file")


def line_body(raw: bytes, lineno: int) -> bytes:
    """The line without its terminator (and, on line 1, without a UTF-8 BOM).

    Public so that ``riwaya batch``, which reads a file in record ranges,
    frames lines exactly as ``analyze`` does (the ``sha256`` is of this body).
    """
    body = raw[:-1] if raw.endswith(b"\n") else raw
    if body.endswith(b"\r"):
        body = body[:-1]
    if lineno == 1 and body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8):]
    return body


def parse_line(body: bytes, lineno: int, where: str,
               defaults: Mapping[str, Any]) -> Iterator[tuple[Document, int] | Problem]:
    """One line → its document (after any Problems with its metadata), or one Problem.

    ``body`` is the line as :func:`line_body` gives it, ``where`` the file
    as the user named it, ``defaults`` the file's sidecar metadata (a line's
    own keys win). This is the one place a contract line becomes a
    Document: ``analyze`` calls it per line of a file, ``riwaya batch`` per
    line of a partition and per Parquet row (re-encoded as a line), so both
    give the same Document for the same record.
    """

    def bad(message: str) -> Problem:
        return Problem(where, message, line=lineno)

    try:
        line = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield bad(f"not valid UTF-8 (byte {exc.start})")
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        yield bad(f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield bad("invalid JSON: nested too deeply")
        return
    if not isinstance(obj, dict):
        yield bad(f"expected a JSON object, got {json_type(obj)}")
        return
    doc_id = obj.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if doc_id is None:
        yield bad('missing "id"')
        return
    if not isinstance(doc_id, str) or not doc_id.strip():
        yield bad(f'"id" must be a non-empty string, got {json_type(doc_id)}')
        return
    text = obj.get("text")
    if text is None:
        yield bad(f'missing "text" (document {doc_id})')
        return
    if not isinstance(text, str):
        yield bad(f'"text" must be a string, got {json_type(text)} (document {doc_id})')
        return
    if not text.strip():
        yield bad(f'"text" is empty (document {doc_id})')
        return
    doc = Document(id=doc_id, text=text, path=where, sha256=hashlib.sha256(body).hexdigest(),
                   language=guess_language(text))
    apply_metadata(doc, defaults, where)  # validated once for the whole file by the caller
    # Bad metadata values cost only themselves: report them, keep the document.
    yield from apply_metadata(doc, obj, where, line=lineno)
    yield doc, lineno
