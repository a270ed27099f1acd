"""Document metadata: ``<id>.meta.json`` sidecars, JSONL keys, Markdown titles, language.

Metadata the user gives always wins over what riwaya infers (the contract),
so it is applied here, at ingest, marked ``inferred=False``. Metadata is
checked key by key: a bad value is reported as a Problem naming the key and
skipped, and the document is still read — losing one field is better than
losing the report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from riwaya.model import Document, Outlet, Problem

#: The keys a sidecar or JSONL line may set; anything else is ignored (the contract allows extras).
META_KEYS = ("outlet", "published", "url", "language", "title")

SIDECAR_SUFFIX = ".meta.json"

_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_MD_HEADING = re.compile(r"#[ \t]+(?P<title>[^\r\n]*?)[ \t]*(?:#+[ \t]*)?(?:\r?\n|\r|$)")


def sidecar_for(path: Path, doc_id: str) -> Path:
    """Where the sidecar of the document ``doc_id`` read from ``path`` lives."""
    return path.with_name(doc_id + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    """Sidecars are metadata, never documents themselves."""
    return path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Read a sidecar if it exists; a broken one yields a Problem and no metadata.

    A missing sidecar is the normal case and is not a problem.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except PermissionError:
        return {}, [Problem(str(path), "permission denied")]
    except OSError as exc:
        return {}, [Problem(str(path), _os_reason(exc))]
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return {}, [Problem(str(path), f"not valid UTF-8 (byte {exc.start}); metadata ignored")]
    except json.JSONDecodeError as exc:
        return {}, [Problem(str(path), f"invalid JSON: {exc.msg} (column {exc.colno}); "
                                        "metadata ignored", line=exc.lineno)]
    if not isinstance(data, dict):
        return {}, [Problem(str(path), f"expected a JSON object, got {json_type(data)}; "
                                        "metadata ignored")]
    return data, []


def apply_metadata(doc: Document, meta: Mapping[str, Any], where: str,
                   line: int | None = None) -> list[Problem]:
    """Set the document's metadata from ``meta``; return a Problem per bad value.

    ``where``/``line`` name the place the metadata came from (sidecar or
    JSONL line) so the user can find the bad value.
    """
    problems: list[Problem] = []

    def bad(key: str, why: str) -> None:
        problems.append(Problem(where, f"{key}: {why}; ignored", line=line))

    for key in META_KEYS:
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        if key == "outlet":
            outlet = _outlet(value)
            if outlet is None:
                bad(key, f'expected a string or {{"name": …}}, got {json_type(value)}')
            else:
                doc.outlet = outlet
            continue
        if not isinstance(value, str):
            bad(key, f"expected a string, got {json_type(value)}")
            continue
        if key == "published":
            parsed = parse_published(value)
            if parsed is None:
                bad(key, f"expected an ISO date like 2022-01-21, got {value!r}")
                continue
            doc.published, time = parsed
            doc.published_inferred = False
            if time is not None:
                doc.published_time = time
        elif key == "language":
            if not value.strip():
                bad(key, "empty")
                continue
            doc.language = value.strip().lower()
        elif key == "url":
            doc.url = value
        elif key == "title":
            doc.title = value
    return problems


def _outlet(value: Any) -> Outlet | None:
    if isinstance(value, str):
        return Outlet(name=value, inferred=False) if value.strip() else None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        canonical = value.get("canonical")
        return Outlet(name=value["name"], inferred=False,
                      canonical=canonical if isinstance(canonical, str) else None)
    return None


def parse_published(value: str) -> tuple[str, str | None] | None:
    """``"2022-01-21"`` or an ISO datetime → (ISO date, ``"HH:MM"`` or None).

    Strict on purpose: a metadata date the user typed as ``21/01/2022`` is
    ambiguous (day-first or not), so we report it instead of guessing.
    """
    value = value.strip()
    try:
        return date.fromisoformat(value).isoformat(), None
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.date().isoformat(), moment.strftime("%H:%M")


def markdown_title(text: str) -> str | None:
    """The text of a leading ``# heading`` (first non-blank line), else None.

    Only a level-1 ATX heading counts: ``## …`` is a section, not the title.
    """
    stripped = text.lstrip()
    m = _MD_HEADING.match(stripped)
    if m is None:
        return None
    title = m.group("title").strip()
    return title or None


def guess_language(text: str) -> str:
    """``"ar"`` when Arabic letters outnumber Latin ones, else ``"en"``.

    riwaya reads Arabic and English; the extractor needs to know which rule
    set to run and metadata rarely says. Counting letters of each script in
    the first few thousand characters is cheap and right for both.
    """
    sample = text[:5000]
    latin = _LATIN.subn("", sample)[1]   # subn counts without a list of matches
    return "en" if latin > _ARABIC.subn("", sample)[1] else "ar"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _os_reason(exc: OSError) -> str:
    """An OSError as a short lower-case reason (the path is printed separately)."""
    return (exc.strerror or str(exc)).lower()
