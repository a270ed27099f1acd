"""Reconcile: group reports into incidents and weigh their figures by voice.

``reconcile(documents, claims)`` is what the pipeline calls. The pieces are
exposed for a distributed job (Dask keyed reduce):

* ``doc_features(doc, claims) -> DocFeatures`` (map; picklable, text-free)
* ``block_keys(features) -> list[str]`` (flat-map to shuffle keys)
* ``link_block(features, key) -> list[(doc_id, doc_id)]`` (reduce per key)
* ``components(features, edges) -> list[list[doc_id]]`` (global merge)
* ``cluster(features_list) -> list[list[doc_id]]`` (all of the above, in-process;
  ``cluster(block_features, key=key)`` scores one keyed block only)
* ``build_incident(incident_id, docs, claims) -> Incident`` (per group)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from riwaya.model import Claim, Document, Incident
from riwaya.reconcile.features import DocFeatures, doc_features
from riwaya.reconcile.grouping import block_keys, cluster, components, link_block
from riwaya.reconcile.incident import build_incident

__all__ = [
    "DocFeatures", "block_keys", "build_incident", "cluster", "components",
    "doc_features", "link_block", "reconcile",
]


def reconcile(documents: Sequence[Document], claims: Iterable[Claim]) -> list[Incident]:
    """Group ``documents`` into incidents (ids i1, i2… by first document) and build each.

    Every claim gets ``claim.incident``: its incident's id, or None when it
    is a context claim or its document is not among ``documents``.
    """
    claims = list(claims)
    by_doc: dict[str, list[Claim]] = {}
    for c in claims:
        c.incident = None
        by_doc.setdefault(c.document, []).append(c)
    order = {d.id: i for i, d in enumerate(documents)}
    features = [doc_features(d, by_doc.get(d.id, []), order=i) for i, d in enumerate(documents)]
    feats = {f.doc_id: f for f in features}
    docs = {d.id: d for d in documents}
    incidents: list[Incident] = []
    for n, group in enumerate(cluster(features), start=1):
        group_claims = [c for doc_id in group for c in by_doc.get(doc_id, [])]
        incidents.append(build_incident(f"i{n}", [docs[d] for d in group], group_claims,
                                        features=feats, order=order))
    return incidents
