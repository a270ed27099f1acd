"""Extraction: figures, what they count, whose people, and who said them."""

from riwaya.extract.pipeline import extract_claims

__all__ = ["extract_claims"]
