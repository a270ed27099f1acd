"""Which reports describe the same incident: blocking, pair scoring, union-find.

All-pairs comparison is quadratic and hopeless at 100k reports, so
candidates come from *blocks*, and only pairs inside a block are scored:

``r:<country>|<region>|<week>``
    reports placed in one region (admin1) whose event-date window reaches
    into that 7-day bucket. All pairs are scored.
``n:<country>|<week>``
    the meeting point for reports placed only at country level: only pairs
    with at least one such report are scored.
``x:<actor>|<week>``
    the meeting point for reports with no place at all: pairs with at least
    one placeless report that share a named actor.
``u:<country>|<region>|<site>``
    reports without any date that name one site (a prison, a camp, a
    district; not a whole town) meet every report placed there or naming it: only pairs with at
    least one undated report are scored. Many outlets print no date at
    all, and their reports of one prison's siege would otherwise stay apart.
``l:<band>:<hash>``
    MinHash LSH bands (32 × 4 rows, threshold ≈ 0.42): near-duplicate texts
    meet whatever their place or date, so a report with neither still joins.

A document's window ``[day_lo, day_hi]`` emits every bucket touched by
``[day_lo, day_hi + MAX_GAP_DAYS]``; two windows at most ``MAX_GAP_DAYS``
apart therefore always share a bucket (their extended windows intersect).

A pair is linked when nothing vetoes it (different countries, regions or
same-class places; dates too far apart) and the evidence is strong enough:
estimated Jaccard ≥ ``DUPLICATE_JACCARD``, or a score of place agreement
(same site/town 2, one report's place named in the other 1.5, same region
1, same country 0.25), date closeness
(same day 1.5, ±1 day 1, ≤3 days 0.5), text (6 × Jaccard), shared actors
(0.5), shared event kinds (0.5, −1 when both name kinds and none is shared)
and a shared figure (1) that reaches ``LINK_SCORE``, with some shared
content (vocabulary, an actor, an event kind or a figure): place and date
alone never merge two reports. Dates more than ``NEAR_GAP_DAYS`` apart
also need ``FAR_TEXT`` similarity and a shared region, so a report a week
later links only when it is clearly a follow-up. Linked pairs are merged
with union-find under cannot-link labels: two components placed in
different countries, regions or towns are never merged, even through a
report that links to both (a governorate-level or placeless report would
otherwise chain neighbouring incidents), nor two components whose dated
reports together span more than ``MAX_SPAN_DAYS`` (an undated report of a
prison must not join its two sieges a year apart). Incidents are the
resulting sets.

For a Dask job: map ``doc_features``, flat-map ``block_keys``, group by key,
reduce each group with ``link_block(features, key)`` into edges, then
``components`` over all edges. ``cluster`` does the same in one process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from riwaya.reconcile.features import DocFeatures
from riwaya.reconcile.textsim import BANDS, NUM_PERM, ROWS, band_keys

BUCKET_DAYS = 7
NEAR_GAP_DAYS = 3
MAX_GAP_DAYS = 7
MIN_TOKENS = 5
DUPLICATE_JACCARD = 0.5
LINK_SCORE = 3.5
MIN_SHARED_TEXT = 0.05
#: Pairs farther apart than NEAR_GAP_DAYS need this much text and a shared region.
FAR_TEXT = 0.3
#: A component's dated reports never span more than this many days.
MAX_SPAN_DAYS = 31
PAIR_CHUNK = 200_000


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size, and cannot-link labels.

    ``labels[i]`` maps a place level (country, region, a fine-place class) to
    document i's value. Two sets whose labels disagree on a level are never
    merged: pairwise vetoes alone would let a report placed only at the
    governorate, or not at all, chain two towns' incidents together.
    ``spans[i]`` is document i's date window (or None): two sets whose
    windows together exceed ``MAX_SPAN_DAYS`` are never merged either.
    """

    def __init__(self, n: int, labels: list[dict[str, str]] | None = None,
                 spans: list[tuple[int, int] | None] | None = None) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.labels = labels
        self.spans = spans

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Merge the sets of ``a`` and ``b``; True when they were apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.labels is not None:
            la, lb = self.labels[ra], self.labels[rb]
            if any(la.get(k, v) != v for k, v in lb.items()):
                return False
        span = None
        if self.spans is not None:
            sa, sb = self.spans[ra], self.spans[rb]
            span = sa or sb
            if sa and sb:
                span = (min(sa[0], sb[0]), max(sa[1], sb[1]))
                if span[1] - span[0] > MAX_SPAN_DAYS:
                    return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if self.labels is not None and self.labels[rb]:
            self.labels[ra] = {**self.labels[ra], **self.labels[rb]}
        if self.spans is not None:
            self.spans[ra] = span
        return True


def new_union_find(features: Sequence[DocFeatures]) -> UnionFind:
    """A UnionFind over ``features`` with their place labels and date spans."""
    spans = [(f.day_lo, f.day_hi) if f.has_date else None for f in features]
    return UnionFind(len(features), place_labels(features), spans)  # type: ignore[arg-type]


def place_labels(features: Sequence[DocFeatures]) -> list[dict[str, str]]:
    """Cannot-link labels of each document (see :class:`UnionFind`).

    Approximately located villages (``settlement_near``) carry no fine
    label: «a village near X» may be any of several names for one place.
    """
    out: list[dict[str, str]] = []
    for f in features:
        label: dict[str, str] = {}
        if f.country:
            label["country"] = f.country
        if f.region:
            label["region"] = f.region
        if f.fine and f.fine_kind and f.fine_kind != "settlement_near":
            label["fine:" + f.fine_kind] = f.fine
        out.append(label)
    return out


def buckets(f: DocFeatures) -> list[int]:
    """The 7-day buckets a document's date window (extended by MAX_GAP_DAYS) touches."""
    if f.day_lo is None or f.day_hi is None:
        return []
    first = f.day_lo // BUCKET_DAYS
    last = (f.day_hi + MAX_GAP_DAYS) // BUCKET_DAYS
    return list(range(first, min(last, first + 8) + 1))


def block_keys(f: DocFeatures) -> list[str]:
    """Every block a document belongs to (see the module docstring for the key kinds)."""
    keys: list[str] = []
    for b in buckets(f):
        if f.region:
            keys.append(f"r:{f.country or ''}|{f.region}|{b}")
        if f.country:
            keys.append(f"n:{f.country}|{b}")
        keys.extend(f"x:{a}|{b}" for a in f.actors)
    keys.extend(undated_keys(f))
    if f.n_tokens >= MIN_TOKENS:
        keys.extend(band_keys(f.signature))
    return keys


def undated_keys(f: DocFeatures) -> list[str]:
    """The ``u:`` blocks of a document: the site (facility, district) it is placed at and those it names.

    Towns are left out: two undated reports of one city are too often two
    different events; a prison or a camp rarely is.
    """
    own = (f.fine,) if f.fine and f.fine_kind not in ("settlement", "settlement_near") else ()
    places = dict.fromkeys(own + f.sites)
    return [f"u:{f.country or ''}|{f.region or ''}|{p}" for p in places]


class _Table:
    """Column arrays of a feature list, so that pair scoring is vectorised."""

    def __init__(self, features: Sequence[DocFeatures]) -> None:
        self.features = features
        n = len(features)
        self.n = n

        def factor(values: Iterable[str | None]) -> np.ndarray:
            ids: dict[str, int] = {}
            return np.fromiter((-1 if v is None else ids.setdefault(v, len(ids)) for v in values),
                               dtype=np.int64, count=n)

        self.country = factor(f.country for f in features)
        self.region = factor(f.region for f in features)
        self.fine = factor(f.fine for f in features)
        self.fine_kind = factor(f.fine_kind for f in features)
        self.has_date = np.fromiter((f.has_date for f in features), dtype=bool, count=n)
        self.lo = np.fromiter((f.day_lo if f.has_date else 0 for f in features), dtype=np.int64, count=n)
        self.hi = np.fromiter((f.day_hi if f.has_date else 0 for f in features), dtype=np.int64, count=n)
        self.has_sig = np.fromiter((f.signature is not None and f.n_tokens >= MIN_TOKENS for f in features),
                                   dtype=bool, count=n)
        self.sig = np.zeros((n, NUM_PERM), dtype=np.uint32)
        for i, f in enumerate(features):
            if f.signature is not None:
                self.sig[i] = f.signature
        self.actors = self._bits(f.actors for f in features)
        self.kinds = self._bits(f.kinds for f in features)
        self.figures = self._bits(f.figures for f in features)
        places: dict[object, int] = {}
        for f in features:
            for name in ((f.fine,) if f.fine else ()) + f.mentioned:
                places.setdefault(name, len(places))
        self.fine_bits = self._bits(((f.fine,) if f.fine else () for f in features), places)
        self.mentioned = self._bits((f.mentioned for f in features), places)

    def _bits(self, sets: Iterable[Iterable[object]], vocab: dict[object, int] | None = None) -> np.ndarray:
        """Each row's set as bits (n × words uint64); ``vocab`` may be shared between calls."""
        vocab = {} if vocab is None else vocab
        row_of: list[int] = []
        bit_of: list[int] = []
        for i, items in enumerate(sets):
            for x in items:
                row_of.append(i)
                bit_of.append(vocab.setdefault(x, len(vocab)))
        words = max(1, (len(vocab) + 63) // 64)
        out = np.zeros((self.n, words), dtype=np.uint64)
        if row_of:
            bits = np.asarray(bit_of, dtype=np.uint64)
            np.bitwise_or.at(out, (np.asarray(row_of), (bits >> np.uint64(6)).astype(np.int64)),
                             np.uint64(1) << (bits & np.uint64(63)))
        return out

    def link(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Which candidate pairs ``(i[k], j[k])`` are the same incident (see module docstring).

        Cheap vetoes (place, a date gap beyond MAX_GAP_DAYS) are applied
        first; text, actors and the score are computed for the rest only.
        """
        out = np.zeros(len(i), dtype=bool)
        c_i, c_j = self.country[i], self.country[j]
        r_i, r_j = self.region[i], self.region[j]
        f_i, f_j = self.fine[i], self.fine[j]
        both_fine = (f_i >= 0) & (f_j >= 0) & (self.fine_kind[i] == self.fine_kind[j])
        both_date = self.has_date[i] & self.has_date[j]
        gap = np.maximum(0, np.maximum(self.lo[j] - self.hi[i], self.lo[i] - self.hi[j]))
        veto = (((c_i >= 0) & (c_j >= 0) & (c_i != c_j)) | ((r_i >= 0) & (r_j >= 0) & (r_i != r_j))
                | (both_fine & (f_i != f_j)) | (both_date & (gap > MAX_GAP_DAYS)))
        keep = np.flatnonzero(~veto)
        if len(keep) == 0:
            return out
        i, j, gap, both_date = i[keep], j[keep], gap[keep], both_date[keep]
        c_i, c_j, r_i, r_j = c_i[keep], c_j[keep], r_i[keep], r_j[keep]
        same_fine = both_fine[keep] & (f_i[keep] == f_j[keep])
        same_region = (r_i >= 0) & (r_i == r_j)
        both_country = (c_i >= 0) & (c_j >= 0)
        place = np.where(same_fine, 2.0, np.where(same_region, 1.0, np.where(both_country, 0.25, 0.0)))
        named = ((self.fine_bits[i] & self.mentioned[j]).any(axis=1)
                 | (self.fine_bits[j] & self.mentioned[i]).any(axis=1))
        place = np.maximum(place, np.where(named, 1.5, 0.0))
        precise = (self.hi[i] - self.lo[i] <= 0) & (self.hi[j] - self.lo[j] <= 0)
        date = np.where(both_date, np.select([(gap == 0) & precise, gap <= 1, gap <= NEAR_GAP_DAYS],
                                             [1.5, 1.0, 0.5], 0.0), 0.0)
        has_text = self.has_sig[i] & self.has_sig[j]
        text = np.where(has_text, (self.sig[i] == self.sig[j]).mean(axis=1), 0.0)
        far = both_date & (gap > NEAR_GAP_DAYS) & ~((place >= 1.0) & (text >= FAR_TEXT))
        actors = (self.actors[i] & self.actors[j]).any(axis=1)
        kinds_i, kinds_j = self.kinds[i].any(axis=1), self.kinds[j].any(axis=1)
        kinds = (self.kinds[i] & self.kinds[j]).any(axis=1)
        figures = (self.figures[i] & self.figures[j]).any(axis=1)
        score = (place + date + 6.0 * text + 0.5 * actors + 0.5 * kinds
                 - 1.0 * (kinds_i & kinds_j & ~kinds) + 1.0 * figures)
        content = (text >= MIN_SHARED_TEXT) | actors | kinds | figures
        out[keep] = ~far & ((text >= DUPLICATE_JACCARD) | ((score >= LINK_SCORE) & content))
        return out


def _mode(key: str) -> str:
    return key.split(":", 1)[0]


def _focus(table: _Table, members: np.ndarray, mode: str) -> np.ndarray | None:
    if mode == "n":
        return table.region[members] < 0
    if mode == "x":
        return (table.country[members] < 0) & (table.region[members] < 0)
    if mode == "u":
        return ~table.has_date[members]
    return None


def _link_members(table: _Table, members: np.ndarray, mode: str, uf: UnionFind) -> list[tuple[int, int]]:
    """Score a block's candidate pairs row by row, union the linked ones; return the merging edges.

    Rows are taken in growing batches (1, 2, 4, … rows) and pairs whose
    documents are already in one component are dropped before scoring, so
    a block holding one big incident costs about one row of scoring per
    component instead of all n²/2 pairs: the first row links most of the
    incident and every later pair inside it is filtered out.
    """
    n = len(members)
    if n < 2:
        return []
    focus = _focus(table, members, mode)
    rows_all = np.flatnonzero(focus) if focus is not None else np.arange(n - 1)
    if len(rows_all) == 0:
        return []
    roots = np.fromiter((uf.find(int(m)) for m in members), dtype=np.int64, count=n)
    cols_all = np.arange(n)
    edges: list[tuple[int, int]] = []
    start, size = 0, 1
    limit = max(1, PAIR_CHUNK // n)
    while start < len(rows_all):
        rows = rows_all[start:start + size]
        start += len(rows)
        size = min(size * 2, limit)
        r = np.repeat(rows, n)
        c = np.tile(cols_all, len(rows))
        keep = (c > r) if focus is None else ((c != r) & ~(focus[c] & (c < r)))
        keep &= roots[r] != roots[c]
        r, c = r[keep], c[keep]
        if len(r) == 0:
            continue
        linked = table.link(members[r], members[c])
        if not linked.any():
            continue
        for a, b in zip(members[r[linked]].tolist(), members[c[linked]].tolist(), strict=True):
            if uf.union(a, b):
                edges.append((a, b))
        roots = np.fromiter((uf.find(int(m)) for m in members), dtype=np.int64, count=n)
    return edges


def link_block(features: Sequence[DocFeatures], key: str) -> list[tuple[str, str]]:
    """The reduce step: linked ``(doc_id, doc_id)`` pairs among one block's documents."""
    table = _Table(features)
    uf = new_union_find(features)
    members = np.arange(len(features))
    return [(features[a].doc_id, features[b].doc_id)
            for a, b in _link_members(table, members, _mode(key), uf)]


def components(features: Sequence[DocFeatures], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components of ``edges`` over all documents, ordered by their first document.

    Cannot-link labels apply here too; edges are taken in document order so
    the result does not depend on the order the blocks were reduced in.
    """
    index = {f.doc_id: i for i, f in enumerate(features)}
    uf = new_union_find(features)
    pairs = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in edges)
    for a, b in pairs:
        uf.union(a, b)
    return _groups(features, uf)


def _groups(features: Sequence[DocFeatures], uf: UnionFind) -> list[list[str]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(features)):
        groups[uf.find(i)].append(i)
    ordered = [sorted(g, key=lambda i: (features[i].order, i)) for g in groups.values()]
    ordered.sort(key=lambda g: (features[g[0]].order, g[0]))
    return [[features[i].doc_id for i in g] for g in ordered]


#: Within one LSH bucket (sorted by hash), each member is paired with the
#: next LSH_NEIGHBOURS members: members of a bucket are near-duplicates, so a
#: few links per member connect the bucket without its m²/2 pairs.
LSH_NEIGHBOURS = 4


def _lsh_pairs(table: _Table) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs from LSH buckets (exact band equality), deduplicated, as index arrays."""
    idx = np.flatnonzero(table.has_sig)
    if len(idx) < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    sig = table.sig[idx].astype(np.uint64)
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for b in range(BANDS):
        band = sig[:, b * ROWS:(b + 1) * ROWS]
        h = np.zeros(len(idx), dtype=np.uint64)
        for r in range(ROWS):
            h = (h * np.uint64(0x100000001B3)) ^ band[:, r]
        order = np.argsort(h, kind="stable")
        hs = h[order]
        for k in range(1, LSH_NEIGHBOURS + 1):
            if k >= len(hs):
                break
            same = hs[k:] == hs[:-k]
            firsts.append(idx[order[:-k][same]])
            seconds.append(idx[order[k:][same]])
    a = np.concatenate(firsts)
    b_ = np.concatenate(seconds)
    lo, hi = np.minimum(a, b_), np.maximum(a, b_)
    key = np.unique(lo.astype(np.int64) * table.n + hi)
    return key // table.n, key % table.n


def _link_pairs(table: _Table, i: np.ndarray, j: np.ndarray, uf: UnionFind) -> None:
    """Score explicit candidate pairs in chunks, skipping pairs already in one component."""
    for s in range(0, len(i), PAIR_CHUNK):
        roots = np.fromiter((uf.find(x) for x in range(table.n)), dtype=np.int64, count=table.n)
        a, b = i[s:s + PAIR_CHUNK], j[s:s + PAIR_CHUNK]
        todo = roots[a] != roots[b]
        a, b = a[todo], b[todo]
        if len(a) == 0:
            continue
        linked = table.link(a, b)
        for x, y in zip(a[linked].tolist(), b[linked].tolist(), strict=True):
            uf.union(x, y)


def _keyed_blocks(features: Sequence[DocFeatures]) -> Iterator[tuple[str, np.ndarray]]:
    """r:, n: and x: blocks, built only where a block can produce a candidate pair."""
    regional: dict[tuple, list[int]] = defaultdict(list)
    coarse_keys: set[tuple] = set()
    placeless_keys: set[tuple] = set()
    per_doc_buckets = [buckets(f) for f in features]
    for i, f in enumerate(features):
        for b in per_doc_buckets[i]:
            if f.region:
                regional[(f.country, f.region, b)].append(i)
            elif f.country:
                coarse_keys.add((f.country, b))
            else:
                placeless_keys.update((a, b) for a in f.actors)
    for members in regional.values():
        if len(members) > 1:
            yield "r", np.asarray(members)
    coarse: dict[tuple, list[int]] = defaultdict(list)
    placeless: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for b in per_doc_buckets[i]:
            if f.country and (f.country, b) in coarse_keys:
                coarse[(f.country, b)].append(i)
            for a in f.actors:
                if (a, b) in placeless_keys:
                    placeless[(a, b)].append(i)
    for members in coarse.values():
        if len(members) > 1:
            yield "n", np.asarray(members)
    for members in placeless.values():
        if len(members) > 1:
            yield "x", np.asarray(members)
    wanted = {k for f in features if not f.has_date for k in undated_keys(f)}
    undated: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for key in undated_keys(f):
            if key in wanted:
                undated[key].append(i)
    for members in undated.values():
        if len(members) > 1:
            yield "u", np.asarray(members)


def cluster(features: Sequence[DocFeatures], key: str | None = None) -> list[list[str]]:
    """Group documents into incidents: lists of doc ids, ordered by first document.

    Equivalent to ``components(features, edges of link_block over block_keys)``
    but builds only the blocks that can yield a candidate pair, and scores LSH
    candidates as one vectorised batch of neighbour pairs after the keyed
    blocks (most of them are by then inside one component and skipped).

    A distributed reducer that already grouped ``features`` by one block key
    should pass ``key``: only that block's candidate pairs are then scored
    (re-blocking a country-wide ``n:`` block would redo its regions' work).
    """
    table = _Table(features)
    uf = new_union_find(features)
    if key is not None:
        _link_members(table, np.arange(len(features)), _mode(key), uf)
        return _groups(features, uf)
    for mode, members in _keyed_blocks(features):
        _link_members(table, members, mode, uf)
    _link_pairs(table, *_lsh_pairs(table), uf)
    return _groups(features, uf)
