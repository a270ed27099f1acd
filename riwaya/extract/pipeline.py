"""Per-document extraction entry point (placeholder until the extractor lands)."""

from __future__ import annotations

from riwaya.model import Claim, Document


def extract_claims(doc: Document) -> list[Claim]:
    """Return every quantitative claim in ``doc``, in text order."""
    return []
