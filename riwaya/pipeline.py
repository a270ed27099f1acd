"""The whole chain for one call: ingest → text → extract → reconcile.

This module sits above the stages so that no stage imports a later one.
``iter_analyzed`` streams one document at a time (memory flat in corpus
size); ``analyze`` gathers the stream and reconciles it into incidents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from riwaya.extract import extract_claims
from riwaya.ingest import document_from_text, read_documents
from riwaya.model import Analysis, Claim, Document, Problem


def _inputs(paths_or_texts: Iterable[str | Path] | str | Path) -> tuple[list[Path], list[str]]:
    """Split the user's arguments into paths that exist and raw texts."""
    if isinstance(paths_or_texts, (str, Path)):
        paths_or_texts = [paths_or_texts]
    paths: list[Path] = []
    texts: list[str] = []
    for item in paths_or_texts:
        if isinstance(item, Path):
            paths.append(item)
        elif "\n" not in item and len(item) < 4096 and Path(item).exists():
            paths.append(Path(item))
        else:
            texts.append(item)
    return paths, texts


def iter_analyzed(
    paths_or_texts: Iterable[str | Path] | str | Path,
) -> Iterator[tuple[Document, list[Claim]] | Problem]:
    """Yield ``(document, claims)`` per readable document and a Problem per bad input."""
    paths, texts = _inputs(paths_or_texts)
    for i, text in enumerate(texts):
        yield _extracted(document_from_text(text, f"text{i}"))
    for item in read_documents(paths):
        if isinstance(item, Problem):
            yield item
            continue
        yield _extracted(item)


def _extracted(doc: Document) -> tuple[Document, list[Claim]] | Problem:
    """Extract one document; an unexpected failure costs that document, not the run."""
    try:
        return doc, extract_claims(doc)
    except Exception as exc:  # noqa: BLE001 - reported as one line, the run goes on
        return Problem(doc.path or doc.id, f"extraction failed: {type(exc).__name__}: {exc}")


def analyze(paths_or_texts: Iterable[str | Path] | str | Path, *, incidents: bool = True) -> Analysis:
    """Analyse files, directories or raw strings into one :class:`Analysis`."""
    result = Analysis()
    for item in iter_analyzed(paths_or_texts):
        if isinstance(item, Problem):
            result.problems.append(item)
            continue
        doc, claims = item
        result.documents.append(doc)
        result.claims.extend(claims)
    if incidents:
        try:
            from riwaya.reconcile import reconcile
        except ImportError:  # the reconcile stage is optional until installed
            return result
        result.incidents = reconcile(result.documents, result.claims)
    return result
