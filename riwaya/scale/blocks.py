"""Blocks of bounded size: corpus-wide blocks cut into windows.

The reconcile stage's keyed blocks (region, country or actor × a 7-day
bucket) hold the reports of one date window, so their size is set by how
many reports a region gets in a week, not by how many the corpus holds.
Two kinds of block have no date in their key and span the whole corpus:

* MinHash LSH bands (``l:<band>:<hash>``): stock phrases put reports years
  apart into one band bucket, on real and templated news alike;
* a fine place's block for undated reports (``u:<country>|<region>|<place>``),
  which every report placed there joins, whatever its date.

Linked whole, such a block's features, pairs and task memory grow with
the corpus (measured: the reduce's peak per worker went 529 → 639 MB from
10k to 40k synthetic documents). Neither needs to be whole:

* ``analyze`` scores an LSH bucket as a *chain*: each report, in corpus
  order, against the next ``LSH_NEIGHBOURS`` of the bucket. Cut in corpus
  order into windows of ``stride`` reports overlapping by that count, two
  reports at most that far apart in the chain always share a window, so
  every pair ``analyze`` scores is scored (:func:`chain_windows`).
* A ``u:`` block is scored only for pairs with an undated report in them:
  without one it is dropped (the common case, and most of the saving), and
  a long one is cut so each slice of its undated reports meets each slice
  of all its reports (:func:`cross_windows`).

No window holds more than ``stride + overlap`` reports whatever the
corpus size. Undated reports therefore never form one block: they meet
others through their place's ``u:`` windows and their text's LSH windows,
exactly the pairs ``analyze`` scores for them.

Order: a report's place in the corpus is its partition's ordinal in the
plan (inputs in the order given, then records) shifted left by
``ORDER_SHIFT`` plus its position in the partition: the order ``analyze``
reads the same inputs in.
"""

from __future__ import annotations

from typing import Any

#: Key prefixes of blocks without a date window that ``analyze`` scores as a
#: chain of near-duplicates: the reconcile stage's MinHash LSH bands.
CHAINED_PREFIXES = ("l:",)

#: Key prefixes of blocks without a date window in which ``analyze`` scores
#: only pairs with an undated report: the reconcile stage's ``u:<place>``.
UNDATED_PREFIXES = ("u:",)

#: Every key prefix of a block that spans the corpus (and is cut into windows).
WINDOWED_PREFIXES = CHAINED_PREFIXES + UNDATED_PREFIXES

#: Reports per window of a chained block (each window holds up to stride + overlap).
WINDOW_STRIDE = 128

#: ``order = partition ordinal << ORDER_SHIFT | position in the partition``.
ORDER_SHIFT = 32

#: Marks a window of a cut block: ``<key>#<window>``.
WINDOW_MARK = "#"


def chain_overlap() -> int:
    """How many following reports ``analyze`` pairs each LSH bucket member with.

    Read from the reconcile stage so the windows keep overlapping by enough
    if it changes; 4 when it does not say.
    """
    try:
        from riwaya.reconcile.grouping import LSH_NEIGHBOURS
    except ImportError:
        return 4
    return int(LSH_NEIGHBOURS)


#: The columns :func:`read_blocks` gives, with their types (Dask's ``meta``).
BLOCK_COLUMNS = {"key": "str", "document": "str", "dated": "bool", "order": "int64"}


def read_blocks(url: str, base: int) -> Any:
    """One map partition's ``_blocks/`` file as ``(key, document, dated, order)`` rows.

    ``base`` is the partition's ordinal shifted by ``ORDER_SHIFT``. A file
    written before block rows carried ``seq`` and ``dated`` (an older
    riwaya) orders its documents by id within the partition and counts
    every one as dated.
    """
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    from riwaya.scale.sources import resolve

    fs, path = resolve(url)
    pdf = pq.read_table(path, filesystem=fs).to_pandas()
    seq = pdf["seq"].to_numpy(np.int64) if "seq" in pdf else np.zeros(len(pdf), np.int64)
    return pd.DataFrame({
        "key": pdf["key"].astype("str"), "document": pdf["document"].astype("str"),
        "dated": pdf["dated"].astype(bool) if "dated" in pdf else True,
        "order": np.int64(base) + seq})


def blocks_meta() -> Any:
    """An empty frame of :func:`read_blocks`'s columns."""
    import pandas as pd

    return pd.DataFrame({k: pd.Series(dtype=t) for k, t in BLOCK_COLUMNS.items()})


def window_blocks(pdf: Any, stride: int | None = None, overlap: int | None = None) -> Any:
    """The ``(key, document, order)`` rows of every block that can link something, none unbounded.

    Runs on one partition of :func:`read_blocks` rows shuffled by key (so
    each block is whole in it). Drops repeated rows, blocks of one report
    and undated-report blocks without an undated report; cuts chained
    blocks (:func:`chain_windows`) and undated-report blocks
    (:func:`cross_windows`) longer than ``stride + overlap`` into windows.
    """
    import pandas as pd

    stride = WINDOW_STRIDE if stride is None else stride
    overlap = chain_overlap() if overlap is None else overlap
    pdf = pdf.drop_duplicates(["key", "document"]).reset_index(drop=True)
    by_key = pdf.groupby("key")
    size = by_key["document"].transform("size").to_numpy()
    undated_block = pdf["key"].str.startswith(UNDATED_PREFIXES).to_numpy(bool)
    has_undated = (~by_key["dated"].transform("all")).to_numpy(bool)
    useful = (size >= 2) & (has_undated | ~undated_block)
    chained = pdf["key"].str.startswith(CHAINED_PREFIXES).to_numpy(bool)
    long = useful & (chained | undated_block) & (size > stride + overlap)
    columns = ["key", "document", "order"]
    parts = [pdf.loc[useful & ~long, columns]]
    parts.append(chain_windows(pdf.loc[long & chained, columns], stride, overlap))
    parts.append(cross_windows(pdf.loc[long & undated_block, columns + ["dated"]],
                               stride + overlap))
    return pd.concat(parts, ignore_index=True).astype({"key": "str", "document": "str"})


def chain_windows(rows: Any, stride: int, overlap: int) -> Any:
    """Cut chained blocks into windows of consecutive members (see the module docstring).

    Window ``<key>#<n>`` holds the members of rank ``[n·stride, n·stride +
    stride + overlap)`` in corpus order; it is emitted only when it reaches
    a member the window before does not, so each has over ``overlap`` members.
    """
    import pandas as pd

    rows = rows.sort_values(["key", "order", "document"], kind="stable")
    rank = rows.groupby("key").cumcount().to_numpy()
    n = rows.groupby("key")["document"].transform("size").to_numpy()
    window = rank // stride
    own = (window == 0) | (n > window * stride + overlap)
    back = (rank >= stride) & (rank % stride < overlap)
    keys = rows["key"].to_numpy(object)
    out = [rows.iloc[:0]]
    for mask, number in ((own, window), (back, window - 1)):
        out.append(pd.DataFrame({
            "key": [f"{k}{WINDOW_MARK}{w}" for k, w in zip(keys[mask], number[mask], strict=True)],
            "document": rows["document"].to_numpy(object)[mask],
            "order": rows["order"].to_numpy()[mask]}))
    return pd.concat(out, ignore_index=True)


def cross_windows(rows: Any, size: int) -> Any:
    """Cut undated-report blocks so every undated member still meets every member.

    Such a block (``u:<place>``) is scored only for pairs with an undated
    report in them, so the windows pair each slice of its undated members
    with each slice of all its members: window ``<key>#<a>.<j>`` is undated
    slice ``a`` plus member slice ``j``, at most ``size`` reports. The work
    is the block's own (every such pair once or more); only its memory is
    bounded.
    """
    import pandas as pd

    half = max(1, size // 2)
    out = [rows.iloc[:0, :3]]
    for key, block in rows.sort_values(["key", "order", "document"], kind="stable").groupby(
            "key", sort=True):
        members = block[["document", "order"]]
        undated = members[~block["dated"].to_numpy(bool)]
        for a in range(0, len(undated), half):
            for j in range(0, len(members), half):
                window = pd.concat([undated.iloc[a:a + half], members.iloc[j:j + half]])
                window = window.drop_duplicates("document")
                if len(window) >= 2:
                    out.append(window.assign(key=f"{key}{WINDOW_MARK}{a // half}.{j // half}"))
    return pd.concat(out, ignore_index=True)[["key", "document", "order"]]


def block_label(key: str) -> str:
    """The block key a window was cut from (what ``link_block`` is told, and the label)."""
    head, mark, tail = key.rpartition(WINDOW_MARK)
    if mark and tail.replace(".", "", 1).isdigit() and head.startswith(WINDOWED_PREFIXES):
        return head
    return key
