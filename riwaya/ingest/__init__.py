"""Ingest: files, directories and JSONL into Documents, bad input into Problems.

``read_documents`` is a generator: it yields each document as soon as it is
read and never holds more than one file (or one JSONL line) at a time, so a
corpus of any size streams through in flat memory. It never raises for bad
input: every file that cannot be read becomes a :class:`~riwaya.model.Problem`
(one line for the user) and the next file is read regardless.

Modules: ``files`` (walking, what is a document), ``decode`` (bytes → text
with offsets preserved), ``html`` (main text of a page), ``jsonl`` (one
document per line), ``meta`` (sidecars and metadata).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from riwaya.ingest.decode import DecodeError, decode_text
from riwaya.ingest.files import FoundFile, iter_files, read_bytes
from riwaya.ingest.html import document_from_html
from riwaya.ingest.jsonl import line_body, parse_line
from riwaya.ingest.meta import (
    apply_metadata,
    guess_language,
    markdown_title,
    read_sidecar,
    sidecar_for,
)
from riwaya.model import Document, Problem

__all__ = ["document_from_html", "document_from_text", "file_defaults", "line_body",
           "parse_line", "read_documents"]


def document_from_text(text: str, doc_id: str) -> Document:
    """Wrap a raw string as a Document (Python API use).

    The hash is of the UTF-8 bytes, what the text would be saved as.
    """
    return Document(id=doc_id, text=text,
                    sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                    language=guess_language(text))


def file_defaults(sidecar: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The metadata a sidecar gives every record of a many-record file, and its Problems.

    A JSONL file (or, in ``riwaya batch``, a Parquet or WARC file) has one
    sidecar for all its records, so its values are checked once here rather
    than once per record; a bad value is reported once and left out of the
    defaults' effect, and the records' own keys still win over the rest.
    """
    meta, problems = read_sidecar(sidecar)
    return meta, problems + apply_metadata(Document(id="", text=""), meta, str(sidecar))


def read_documents(paths: Iterable[Path | str]) -> Iterator[Document | Problem]:
    """Yield a Document per readable document under ``paths`` and a Problem per failure.

    Order is deterministic: arguments as given, directory entries sorted by
    name, JSONL lines in file order. A file reached twice (named twice, or
    through a symlink) is read once; two different documents with the same
    id are a Problem, since ids key every claim.
    """
    first_seen: dict[str, str] = {}
    read_files: set[tuple[int, int]] = set()
    for found in iter_files(paths):
        if isinstance(found, Problem):
            yield found
            continue
        if found.identity in read_files:
            continue
        read_files.add(found.identity)
        try:
            for item in _read_file(found):
                if isinstance(item, Problem):
                    yield item
                    continue
                doc, line = item
                previous = first_seen.get(doc.id)
                if previous is not None:
                    yield Problem(str(found.path),
                                  f"duplicate document id {doc.id!r} (already read from "
                                  f"{previous}); skipped", line=line)
                    continue
                first_seen[doc.id] = f"{found.path}:{line}" if line else str(found.path)
                yield doc
        except Exception as exc:  # a bug here must cost one file, not the run
            yield Problem(str(found.path), f"internal error: {type(exc).__name__}: {exc}")


def _read_file(found: FoundFile) -> Iterator[tuple[Document, int | None] | Problem]:
    """One file's documents, each with its line number (JSONL) or None."""
    sidecar = sidecar_for(found.path, found.doc_id)
    if found.kind in (".jsonl", ".jsonl.gz"):
        from riwaya.ingest.jsonl import iter_jsonl

        meta, problems = file_defaults(sidecar)
        yield from problems
        yield from iter_jsonl(found, meta)
        return

    data = read_bytes(found)
    if isinstance(data, Problem):
        yield data
        return
    note: str | None = None
    try:
        if found.kind in (".html", ".htm"):
            doc = document_from_html(data, found.doc_id, str(found.path))
        else:
            doc, note = _text_document(found, data)
    except DecodeError as exc:
        yield Problem(str(found.path), str(exc))
        return
    if note is not None:  # read, but damaged: say so, and keep the document
        yield Problem(str(found.path), note)
    del data  # decoded: don't hold a large file's bytes while its text is analysed
    meta, problems = read_sidecar(sidecar)
    yield from problems
    yield from apply_metadata(doc, meta, str(sidecar))
    yield doc, None


def _text_document(found: FoundFile, data: bytes) -> tuple[Document, str | None]:
    """The document of a text file, and a note when its bytes were damaged."""
    text, note = decode_text(data)
    doc = Document(id=found.doc_id, text=text, path=str(found.path),
                   sha256=hashlib.sha256(data).hexdigest(), language=guess_language(text))
    if found.kind in (".md", ".markdown"):
        # A Markdown file's leading "# heading" is its title; for .txt the
        # extractor infers one, so it stays None here.
        doc.title = markdown_title(text)
    return doc, note


