"""Named persons with their role and organisation (stub, being filled in)."""

from __future__ import annotations

from dataclasses import dataclass

from riwaya.model import Document


@dataclass
class Person:
    """A named person, the role the text gives them, and the organisation as written."""

    name: str
    role: str | None
    organisation: str | None
    start: int
    end: int


def find_persons(doc: Document) -> list[Person]:
    """Every "role of organisation + name" mention in ``doc``."""
    return []
