"""Place mentions in a report, resolved through the gazetteer (stub, being filled in)."""

from __future__ import annotations

from riwaya.model import Document, Place


def find_places(doc: Document) -> list[Place]:
    """Every place mention in ``doc`` with its evidence span."""
    return []


def main_place(doc: Document) -> Place | None:
    """The most specific, most mentioned place the report is about."""
    return None
