"""The whole chain for one call: ingest → text → extract → reconcile.

This module sits above the stages so that no stage imports a later one.
``iter_analyzed`` streams one document at a time (memory flat in corpus
size); ``analyze`` gathers the stream and reconciles it into incidents.
``extract_document`` is the one way every caller extracts a document: it
cuts a very large one into paragraph-bounded chunks so that extraction's
per-document structures (offset maps, tokens, sentences) never exist for more
than one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from riwaya import extract
from riwaya.extract.pipeline import UNKNOWN_OUTLET
from riwaya.ingest import document_from_text, read_documents
from riwaya.model import Analysis, Claim, Document, Incident, Outlet, Problem

#: Documents longer than this (in characters) are extracted chunk by chunk.
#: Extraction holds several objects per character and per token, about
#: 0.1 KB per character at its peak, so a 100 MB text would need gigabytes
#: whole; and what a chunk's objects leave behind when freed (memory the
#: allocator keeps, fragmented between the claims that live on) grows with
#: the chunk. 200 000 characters is about a hundred pages: a real report
#: never gets here. Measured on a 20 MB file: 1 M-character chunks peaked at
#: 352 MiB, 200 000 at 280 MiB, at the same speed.
CHUNK_CHARS = 200_000

#: Reconciliation reads this much of a document at most (see reconcile_incidents).
RECONCILE_CHARS = 1_000_000

#: Where a chunk may end, best first: a blank line, a line end, a sentence
#: end, a space. Only a text with none of these in half a chunk is cut blind.
_BREAKS = ("\n\n", "\n", ". ", "؟ ", "! ", " ")


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


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text`` in order, each at most ``size`` characters.

    Each piece ends just after the best break (see :data:`_BREAKS`) found in
    the second half of its window, so paragraphs — and with them sentences,
    which never cross a line end — stay whole.
    """
    n = len(text)
    a = 0
    while a < n:
        if n - a <= size:
            yield a, n
            return
        limit = a + size
        b = limit
        for mark in _BREAKS:
            k = text.rfind(mark, a + size // 2, limit)
            if k >= 0:
                b = k + len(mark)
                break
        yield a, b
        a = b


def extract_document(doc: Document, chunk_chars: int = CHUNK_CHARS) -> list[Claim]:
    """Every claim of ``doc``, extracting a very large document chunk by chunk.

    Below ``chunk_chars`` this is exactly :func:`riwaya.extract.extract_claims`
    (looked up at call time, so tests can stand in for the extractor).
    Above, see :func:`iter_document_claims`; the claims are then numbered
    through the whole document.
    """
    if len(doc.text) <= chunk_chars:
        return extract.extract_claims(doc)
    claims = list(iter_document_claims(doc, chunk_chars))
    for k, claim in enumerate(claims, 1):
        claim.id = f"{doc.id}#c{k}"
    return claims


def iter_document_claims(doc: Document, chunk_chars: int = CHUNK_CHARS) -> Iterator[Claim]:
    """The claims of ``doc`` chunk by chunk, in text order, ids numbered per chunk.

    Each chunk is extracted as its own document and its claims' spans are
    shifted back, so ``doc.text[start:end]`` still quotes each claim; only
    one chunk's extraction structures exist at a time. Metadata the text
    yields (outlet, date, title) is taken from the first chunk, where
    datelines and bylines sit. What crosses a chunk boundary is lost — a
    speaker carried into the next paragraph, an anaphor's antecedent — which
    only documents hundreds of pages long can notice.
    """
    for n, (a, b) in enumerate(chunk_bounds(doc.text, chunk_chars)):
        part = replace(doc, text=doc.text[a:b], outlet=replace(doc.outlet))
        if n > 0 and part.outlet.name is None:
            # extraction's own name for no outlet, so a later chunk does not
            # infer another outlet from the middle of the text
            part.outlet = Outlet(name=UNKNOWN_OUTLET)
        found = extract.extract_claims(part)
        if n == 0:
            doc.outlet, doc.published = part.outlet, part.published
            doc.published_inferred, doc.published_time = part.published_inferred, part.published_time
            doc.title = part.title
        del part   # the chunk's text goes before the next is cut
        _shift(found, a)
        yield from found


def _shift(claims: list[Claim], by: int) -> None:
    """Move every offset of one chunk's claims into the whole document's coordinates."""
    if by == 0:
        return
    # A carried speaker is one Source object shared by several claims: shift it once.
    seen: set[int] = set()
    for claim in claims:
        claim.start += by
        claim.end += by
        for name in ("figure_start", "figure_end", "sentence_start", "sentence_end"):
            value = getattr(claim, name)
            if value is not None:
                setattr(claim, name, value + by)
        for source in (claim.source, *claim.via):
            if id(source) in seen:
                continue
            seen.add(id(source))
            if source.start is not None:
                source.start += by
            if source.end is not None:
                source.end += by


def _extracted(doc: Document) -> tuple[Document, list[Claim]] | Problem:
    """Extract one document; an unexpected failure costs that document, not the run."""
    try:
        return doc, extract_document(doc)
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
            import riwaya.reconcile  # noqa: F401 - only to know whether the stage is installed
        except ImportError:  # the reconcile stage is optional until installed
            return result
        result.incidents = reconcile_incidents(result.documents, result.claims)
    return result


def reconcile_incidents(documents: list[Document], claims: list[Claim]) -> list[Incident]:
    """Group documents into incidents, reading a very large document by its lead only.

    Reconciliation scans each document's whole text for places, dates,
    actors and events, with far more memory per character than extraction;
    on a 100 MB dump that alone would need gigabytes. A document longer than
    :data:`RECONCILE_CHARS` is therefore grouped by its first
    ``RECONCILE_CHARS`` (cut at a paragraph) — where a report's dateline,
    headline and lead are — and by the claims in them; its later claims join
    the same incident without entering its slots. Ordinary reports are far
    below the limit and reconciled whole.
    """
    from riwaya.reconcile import reconcile

    lead: dict[str, int] = {}
    views: list[Document] = []
    for doc in documents:
        if len(doc.text) > RECONCILE_CHARS:
            _a, b = next(chunk_bounds(doc.text, RECONCILE_CHARS))
            lead[doc.id] = b
            views.append(replace(doc, text=doc.text[:b]))
        else:
            views.append(doc)
    if not lead:
        return reconcile(documents, claims)
    inside = [c for c in claims if c.document not in lead or c.end <= lead[c.document]]
    incidents = reconcile(views, inside)
    incident_of = {doc_id: inc.id for inc in incidents for doc_id in inc.documents}
    for c in claims:
        if c.document in lead and c.end > lead[c.document]:
            c.incident = None if c.context else incident_of.get(c.document)
    return incidents
