"""riwaya: source-attributed, contradiction-aware figures from news reports.

``riwaya.analyze(paths_or_texts)`` returns an :class:`~riwaya.model.Analysis`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from riwaya.model import Analysis, Claim, Document  # noqa: E402

__all__ = ["Analysis", "Claim", "Document", "analyze", "__version__"]


def analyze(paths_or_texts, **kwargs) -> Analysis:  # type: ignore[no-untyped-def]
    """Analyse files, directories or raw strings; see :func:`riwaya.pipeline.analyze`."""
    from riwaya.pipeline import analyze as _analyze

    return _analyze(paths_or_texts, **kwargs)
