"""Defensive access to the extract stage's place, date and actor helpers.

Reconcile needs ``main_place``/``find_places``, ``event_date``/``find_dates``
and the actors lexicon, which colleagues write concurrently and which may be
absent or half-finished. Each wrapper looks the function up *at call time*
(so tests can monkeypatch the extract modules) and degrades to "nothing
known" when the module or the function does not exist yet. Only
``ImportError``/``AttributeError`` are swallowed: a real bug inside a helper
must still surface.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

from riwaya.model import Document, EventDate, Place


def _module(name: str) -> ModuleType | None:
    """Import ``riwaya.extract.<name>``, or None when it is not there yet.

    ``sys.modules`` is consulted first: these helpers are called per claim
    and per sentence, and ``import_module`` costs microseconds each time.
    """
    full = f"riwaya.extract.{name}"
    if full in sys.modules:
        return sys.modules[full]
    try:
        return importlib.import_module(full)
    except ImportError:
        return None


def _function(module: str, name: str) -> Any:
    mod = _module(module)
    return getattr(mod, name, None) if mod is not None else None


def main_place(doc: Document) -> Place | None:
    """The place the report is about, per the places module (None when unknown)."""
    fn = _function("places", "main_place")
    return fn(doc) if fn is not None else None


def find_places(doc: Document) -> list[Place]:
    """Every place mention of ``doc`` (empty when the module is missing)."""
    fn = _function("places", "find_places")
    return list(fn(doc) or []) if fn is not None else []


def event_date(doc: Document) -> EventDate | None:
    """When the reported event happened, per the dates module."""
    fn = _function("dates", "event_date")
    return fn(doc) if fn is not None else None


def find_dates(doc: Document) -> list[EventDate]:
    """Every date mention of ``doc`` (empty when the module is missing)."""
    fn = _function("dates", "find_dates")
    return list(fn(doc) or []) if fn is not None else []


_LOOKUPS: dict[tuple[Any, str], Any] = {}


def actor_lookup(name: str | None) -> Any:
    """The lexicon entry (``.canonical``, ``.kind``, ``.party_of``) for ``name``, or None.

    Reconciling a large incident asks about the same few sources and parties
    thousands of times, so answers are memoised per lookup function (a
    monkeypatched or reloaded lexicon gets fresh answers).
    """
    if not name:
        return None
    fn = _function("actors", "lookup")
    if fn is None:
        return None
    key = (fn, name)
    if key not in _LOOKUPS:
        if len(_LOOKUPS) > 200_000:
            _LOOKUPS.clear()
        _LOOKUPS[key] = fn(name)
    return _LOOKUPS[key]


def actor_mentions(text: str) -> list[Any]:
    """Lexicon mentions (``.start``, ``.end``, ``.actor``, ``.surface``) in ``text``."""
    fn = _function("actors", "find_mentions")
    return list(fn(text) or []) if fn is not None else []
