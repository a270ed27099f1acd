"""riwaya at scale: the analyze pipeline over millions of reports on Dask.

* :func:`riwaya.scale.batch.run_batch` — ``riwaya batch``: read JSONL,
  JSONL.gz, Parquet, WARC and directories (local or fsspec URLs) in
  deterministic partitions, extract claims on a Dask cluster, write Parquet
  datasets partitioned by date, build incidents by a keyed reduce; resumable.
* :mod:`riwaya.scale.sources` — listing, counting and reading record ranges.
* :mod:`riwaya.scale.tables` — the Parquet schemas and row ↔ record conversion,
  plus readers of a batch output (``read_documents``, ``read_claims``).
* :mod:`riwaya.scale.manifest` — the output directory's manifest, atomic commits.
* :mod:`riwaya.scale.reduce` — incidents by blocks, links and components.
* :mod:`riwaya.scale.synth` — ``riwaya synth``: realistic synthetic corpora.

Dask, pandas, pyarrow, fsspec and warcio are the ``scale`` extra; nothing
here is imported by ``riwaya analyze``.
"""
