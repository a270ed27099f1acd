"""When each source said what: first figures and revisions in publication order.

A monitor's toll that rises 41 → 70 over two days is not a contradiction
but a revision; analysts want both the sequence and the latest figure. The
order comes from the publishing documents' dates (and dateline times), so a
claim whose document has no publication date cannot be placed and is left
out of the history (it still counts everywhere else).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from riwaya.model import Claim, Document, Revision


def timestamp(doc: Document | None) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` of a document's publication, None if unknown."""
    if doc is None or not doc.published:
        return None
    return f"{doc.published}T{doc.published_time}" if doc.published_time else doc.published


def _sort_key(claim: Claim, docs: Mapping[str, Document], order: Mapping[str, int]) -> tuple:
    stamp = timestamp(docs.get(claim.document)) or ""
    # A date without a time sorts before the same date with a time: it is
    # the least committal reading, and keeps the order total.
    return (stamp[:10], stamp[11:] or "", order.get(claim.document, 0), claim.start)


def source_history(claims: Sequence[Claim], docs: Mapping[str, Document],
                   order: Mapping[str, int], source_key: Callable[[Claim], str]) -> list[Revision]:
    """Each source's first figure and every change after it, sources in order of first report.

    ``source_key`` maps a claim to its voice key; figures are compared as
    stated ``(low, high)``, so a repeat of the same toll by another outlet
    later is not a revision.
    """
    dated = [c for c in claims if timestamp(docs.get(c.document)) is not None]
    dated.sort(key=lambda c: _sort_key(c, docs, order))
    per_source: dict[str, list[Revision]] = {}
    last: dict[str, tuple[int | None, int | None]] = {}
    for c in dated:
        key = source_key(c)
        figure = (0, 0) if c.stance == "denies" else (c.low, c.high)
        if last.get(key) == figure:
            continue
        last[key] = figure
        per_source.setdefault(key, []).append(Revision(
            source=c.source.key, published=timestamp(docs.get(c.document)),
            low=figure[0], high=figure[1], claim=c.id,
        ))
    return [rev for revs in per_source.values() for rev in revs]


def latest_claims(claims: Sequence[Claim], docs: Mapping[str, Document]) -> list[Claim]:
    """A voice's current claims: those of its latest publication time when times differ.

    With fewer than two distinct publication times nothing supersedes
    anything and all claims stand; claims without a time are then dropped
    only if a later-dated revision exists (they cannot be ordered against it).
    """
    stamps = {timestamp(docs.get(c.document)) for c in claims} - {None}
    if len(stamps) < 2:
        return list(claims)
    latest = max(stamps)  # type: ignore[type-var]
    return [c for c in claims if timestamp(docs.get(c.document)) == latest]
