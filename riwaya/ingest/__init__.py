"""Ingest: files, directories and JSONL into Documents, bad input into Problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from riwaya.model import Document, Problem


def document_from_text(text: str, doc_id: str) -> Document:
    """Wrap a raw string as a Document (Python API use)."""
    return Document(id=doc_id, text=text)


def read_documents(paths: Iterable[Path]) -> Iterator[Document | Problem]:
    """Placeholder: yields .txt files only until the ingest stage lands."""
    for p in paths:
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            yield Document(id=f.stem, text=f.read_text(encoding="utf-8-sig"), path=str(f))
