"""The reduce's blocks: bounded whatever the corpus size, without losing a pair ``analyze`` scores.

Blocks with no date window in their key (LSH bands, a place's undated
reports) span the whole corpus; :mod:`riwaya.scale.blocks` cuts them into
windows. These tests check the windows' bound, that every pair the
reconcile stage would score still meets in some window, and, on real
reconcile block keys, that the largest block a link task sees stops growing
with the corpus's span while the uncut blocks do not.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

import pandas as pd
import pytest

from riwaya.extract import extract_claims
from riwaya.model import Document
from riwaya.reconcile import block_keys, doc_features
from riwaya.scale import blocks, synth
from riwaya.scale.blocks import block_label, window_blocks

STRIDE, OVERLAP = 8, 3


def _rows(key: str, n: int, *, undated: set[int] = frozenset(), seed: int = 0) -> list[dict]:
    """``n`` members of one block, in shuffled row order (the shuffle's order is arbitrary)."""
    rows = [{"key": key, "document": f"d{i:04d}", "dated": i not in undated, "order": i * 10}
            for i in range(n)]
    random.Random(seed).shuffle(rows)
    return rows


def _windows(rows: list[dict], stride: int = STRIDE, overlap: int = OVERLAP) -> dict[str, list[str]]:
    out = window_blocks(pd.DataFrame(rows), stride=stride, overlap=overlap)
    got: dict[str, list[str]] = defaultdict(list)
    for key, doc in zip(out["key"], out["document"], strict=True):
        got[key].append(doc)
    return got


@pytest.mark.parametrize("n", [2, 5, STRIDE + OVERLAP, STRIDE + OVERLAP + 1, 57, 400])
def test_chained_blocks_keep_every_chain_neighbour_within_the_bound(n):
    got = _windows(_rows("l:3:beef", n, seed=n))
    assert all(len(docs) <= STRIDE + OVERLAP for docs in got.values())
    assert all(len(docs) > OVERLAP for docs in got.values()) or n <= OVERLAP
    assert len(got) <= max(1, -(-n // STRIDE))
    assert {block_label(k) for k in got} == {"l:3:beef"}
    together = {frozenset(pair) for docs in got.values()
                for pair in itertools.combinations(docs, 2)}
    # analyze scores each member against the next OVERLAP of the chain (corpus order).
    for i in range(n):
        for k in range(1, OVERLAP + 1):
            if i + k < n:
                assert frozenset((f"d{i:04d}", f"d{i + k:04d}")) in together, (i, k)


def test_dated_blocks_are_never_cut_and_blocks_of_one_are_dropped():
    rows = _rows("r:sy|homs|2801", 50) + _rows("n:sy|2801", 1) + _rows("l:0:aa", 1)
    got = _windows(rows + rows[:5])  # repeated rows count once
    assert list(got) == ["r:sy|homs|2801"]
    assert sorted(got["r:sy|homs|2801"]) == [f"d{i:04d}" for i in range(50)]


def test_undated_place_blocks_need_an_undated_report_and_pair_it_with_every_member():
    undated = {3, 17, 31}
    rows = _rows("u:sy|homs|qusayr", 40) + _rows("u:sy|homs|talkalakh", 40, undated=undated)
    got = _windows(rows, stride=8, overlap=2)
    assert {block_label(k) for k in got} == {"u:sy|homs|talkalakh"}  # the all-dated one links nothing
    assert all(len(docs) <= 10 for docs in got.values())
    together = {frozenset(pair) for docs in got.values()
                for pair in itertools.combinations(docs, 2)}
    for u in undated:
        for m in range(40):
            if m != u:
                assert frozenset((f"d{u:04d}", f"d{m:04d}")) in together, (u, m)


def _block_rows(n: int, days: int) -> list[dict]:
    """Real reconcile block keys of a synthetic corpus, in corpus order."""
    rows = []
    for order, rec in enumerate(synth.generate(n, seed=4, days=days)):
        doc = Document(id=rec["id"], text=rec["text"], published=rec["published"])
        feats = doc_features(doc, extract_claims(doc))
        rows += [{"key": k, "document": doc.id, "dated": feats.has_date, "order": order}
                 for k in block_keys(feats)]
    return rows


def _largest(rows: list[dict], prefixes: tuple[str, ...]) -> int:
    sizes: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["key"].startswith(prefixes):
            sizes[r["key"]].add(r["document"])
    return max(map(len, sizes.values()), default=0)


def test_largest_block_stops_growing_with_the_corpus_span():
    """Four times the days at the same density: uncut corpus-wide blocks grow, windows do not."""
    small, large = _block_rows(60, 6), _block_rows(240, 24)
    unbounded, stride, overlap = blocks.WINDOWED_PREFIXES, 2, 1
    assert _largest(large, unbounded) > _largest(small, unbounded)
    assert _largest(large, unbounded) > stride + overlap  # so the bound below is exercised
    for rows in (small, large):
        windows = _windows(rows, stride=stride, overlap=overlap)
        cut = [docs for key, docs in windows.items() if key.startswith(unbounded)]
        assert cut and max(map(len, cut)) <= stride + overlap


def test_every_key_the_reconcile_stage_emits_is_dated_or_windowed():
    """A new kind of block key without a date window would grow with the corpus: flag it."""
    recs = list(synth.generate(30, seed=2, days=3))
    seen = set()
    for rec in recs:
        doc = Document(id=rec["id"], text=rec["text"], published=rec["published"])
        feats = doc_features(doc, extract_claims(doc))
        buckets = {str(b) for b in range(feats.day_lo // 7, (feats.day_hi + 7) // 7 + 1)}
        for key in block_keys(feats):
            seen.add(key.split(":", 1)[0])
            if not key.startswith(blocks.WINDOWED_PREFIXES):
                assert key.rsplit("|", 1)[-1] in buckets, key
    assert {"l", "r"} <= seen


def test_row_groups_are_dealt_evenly_to_the_partitions_that_attach_features():
    """Hashing G row groups into ~G partitions leaves ln G / ln ln G in the fullest,
    and that partition set the link step's peak memory: they are dealt in turn."""
    import numpy as np
    from dask.dataframe.shuffle import partitioning_index

    from riwaya.scale.reduce import GROUP_SHIFT, assign_bucket, hash_preimages

    n = 37
    pre = hash_preimages(n)
    landed = partitioning_index(pd.DataFrame({"bucket": np.asarray(pre, dtype="float64")}), n)
    assert list(landed) == list(range(n))          # each preimage reaches its own partition
    files, per_file = 12, 9                        # 108 row groups over 37 partitions
    groups = [(ordinal << GROUP_SHIFT) | g for ordinal in range(files) for g in range(per_file)]
    rows = pd.DataFrame({"group": np.repeat(groups, 3)})   # several rows per group
    out = assign_bucket(rows, {o: o for o in range(files)}, per_file, pre)
    parts = partitioning_index(pd.DataFrame({"bucket": out["bucket"].astype("float64")}), n)
    pairs = set(zip(out["group"], parts, strict=True))
    assert len(pairs) == len(groups)               # a row group is never split
    load = np.bincount([p for _, p in pairs], minlength=n)
    assert load.max() <= -(-len(groups) // n)     # no partition holds more than its share
