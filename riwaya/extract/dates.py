"""Date mentions in a report, resolved against its publication date (stub, being filled in)."""

from __future__ import annotations

from riwaya.model import Document, EventDate, Span


def find_dates(doc: Document) -> list[EventDate]:
    """Every absolute or relative date mention in ``doc``."""
    return []


def event_date(doc: Document) -> EventDate | None:
    """Best guess of when the reported event happened."""
    return None


def dateline(text: str) -> tuple[str | None, str | None, Span | None]:
    """A byline/dateline date and time near the top of ``text``."""
    return None, None, None
