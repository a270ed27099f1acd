"""Inputs of ``riwaya export``: corpora to analyse, or analyses already saved as JSON.

Exports are built on the contract JSON (a dict), whichever way it was
obtained, so that a saved ``riwaya analyze --json`` file and a fresh run
export identically. ``.json`` is not a corpus format (ingest reads .txt,
.md, .html, .jsonl), so a ``.json`` path is always a saved analysis.

Several inputs are merged by rebuilding documents and claims and
reconciling them together: incident ids are only meaningful within one
analysis, and a report in one file may belong to an incident in another.
A single saved analysis is exported exactly as saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from riwaya.model import Analysis, Claim, Document, Outlet, Problem, Source


class NotAnAnalysis(ValueError):
    """A ``.json`` file that is not the output of ``riwaya analyze --json``."""


def read_analysis(path: Path) -> dict[str, Any]:
    """Load a saved analysis, checking it has the contract's top-level lists."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotAnAnalysis(f"{path}: cannot read analysis JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list) \
            or not isinstance(data.get("claims"), list):
        raise NotAnAnalysis(f"{path}: not a riwaya analysis (no 'documents' and 'claims' lists)")
    data.setdefault("incidents", [])
    data.setdefault("problems", [])
    return data


def _source(d: dict[str, Any] | str | None) -> Source:
    if isinstance(d, str):
        return Source(name=d)
    d = d or {}
    return Source(name=d.get("name") or "", canonical=d.get("canonical"), kind=d.get("kind") or "outlet",
                  start=d.get("start"), end=d.get("end"))


def document_from_dict(d: dict[str, Any]) -> Document:
    """Rebuild a :class:`Document` from its contract JSON."""
    outlet = d.get("outlet") or {}
    return Document(
        id=d["id"], text=d.get("text") or "", path=d.get("path"), sha256=d.get("sha256"),
        language=d.get("language") or "ar",
        outlet=Outlet(name=outlet.get("name"), inferred=bool(outlet.get("inferred")),
                      canonical=outlet.get("canonical")),
        published=d.get("published"), published_inferred=bool(d.get("published_inferred")),
        published_time=d.get("published_time"), title=d.get("title"), url=d.get("url"),
    )


def claim_from_dict(d: dict[str, Any]) -> Claim:
    """Rebuild a :class:`Claim` from its contract JSON (``via_sources`` preferred over ``via``)."""
    via = [_source(v) for v in (d.get("via_sources") or d.get("via") or [])]
    figure = d.get("figure") or {}
    sentence = d.get("sentence") or {}
    return Claim(
        id=d["id"], document=d["document"], quantity=d["quantity"], low=d.get("low"),
        high=d.get("high"), qualifier=d.get("qualifier") or "exact", start=d.get("start") or 0,
        end=d.get("end") or 0, text=d.get("text") or "", source=_source(d.get("source")),
        party=d.get("party"), stance=d.get("stance") or "asserts", via=via,
        incident=d.get("incident"), context=bool(d.get("context")),
        figure_start=figure.get("start"), figure_end=figure.get("end"),
        sentence_start=sentence.get("start"), sentence_end=sentence.get("end"),
    )


def load_inputs(paths: Iterable[Path | str]) -> dict[str, Any]:
    """One analysis dict from corpora and/or saved analyses (see the module docstring)."""
    saved: list[dict[str, Any]] = []
    raw: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_file() and path.name.lower().endswith(".json") and not path.name.endswith(".meta.json"):
            saved.append(read_analysis(path))
        else:
            raw.append(path)
    if raw:
        from riwaya.pipeline import analyze

        saved.append(analyze(raw).to_dict())
    if len(saved) == 1:
        return saved[0]
    return merge(saved)


def merge(analyses: list[dict[str, Any]]) -> dict[str, Any]:
    """Re-reconcile several analyses as one corpus (first copy of a document id wins)."""
    from riwaya.reconcile import reconcile

    docs: list[Document] = []
    claims: list[Claim] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for a in analyses:
        ids = set()
        for d in a["documents"]:
            if d["id"] in seen:
                continue
            seen.add(d["id"])
            ids.add(d["id"])
            docs.append(document_from_dict(d))
        claims.extend(claim_from_dict(c) for c in a["claims"] if c["document"] in ids)
        problems.extend(_problem(str(p)) for p in a.get("problems") or [])
    result = Analysis(documents=docs, claims=claims, problems=problems)
    result.incidents = reconcile(docs, claims)
    return result.to_dict()


def _problem(text: str) -> Problem:
    where, _, message = text.partition(": ")
    return Problem(path=where, message=message or text)
