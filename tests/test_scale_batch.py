"""``riwaya batch``: same answer as ``analyze``, resumable, atomic, incidents by keyed reduce.

Most tests use an in-process Dask cluster (one worker thread) so they are
fast and can monkeypatch the code the tasks run; the ``slow`` test at the
end runs the real thing: a two-process LocalCluster started by the CLI in a
subprocess, killed mid-run, then resumed.
"""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from riwaya.pipeline import analyze
from riwaya.scale import batch as batch_mod
from riwaya.scale import synth, tables
from riwaya.scale.batch import run_batch
from riwaya.scale.manifest import MANIFEST, Manifest, Store

N_DOCS = 120
SIZE = 25


@pytest.fixture(scope="module")
def client():
    """One in-process worker: fast to start, and monkeypatches reach the tasks."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                           dashboard_address=":0")
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl.gz"
    synth.write(N_DOCS, path, seed=11, days=40)
    return path


def _run(paths, out, client, **kw):
    kw.setdefault("partition_size", SIZE)
    kw.setdefault("progress", False)
    kw.setdefault("echo", lambda line: None)
    return run_batch([str(p) for p in paths], str(out), client=client, **kw)


def _by_id(items):
    return sorted(items, key=lambda x: x.id)


def _data_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet")
                  if not p.relative_to(out).parts[0].startswith("_"))


def test_claims_and_documents_equal_analyze(corpus, tmp_path, client):
    result = _run([corpus], tmp_path / "out", client, incidents=False)
    assert result.ok and result.documents == N_DOCS and result.partitions == 5
    expected = analyze([corpus], incidents=False)
    assert expected.problems == []
    got_claims = _by_id(tables.read_claims(str(tmp_path / "out")))
    want_claims = _by_id(expected.claims)
    assert len(got_claims) == len(want_claims) > N_DOCS  # the extractor finds figures
    for got, want in zip(got_claims, want_claims, strict=True):
        assert got == want, got.id
    got_docs = _by_id(tables.read_documents(str(tmp_path / "out")))
    assert [d.to_dict() for d in got_docs] == [d.to_dict() for d in _by_id(expected.documents)]
    # Hive partitions by publication date, one file per partition and date.
    dates = {d.published for d in got_docs}
    assert {p.name for p in (tmp_path / "out" / "documents").iterdir()
            if not p.name.startswith("_")} == {f"published={d}" for d in dates}


def test_sources_table_is_each_claims_chain(corpus, tmp_path, client):
    _run([corpus], tmp_path / "out", client, incidents=False)
    claims = {c.id: c for c in tables.read_claims(str(tmp_path / "out"))}
    rows = tables.read_rows(str(tmp_path / "out"), "sources")
    chains = collections.defaultdict(list)
    for r in sorted(rows, key=lambda r: (r["claim"], r["position"])):
        chains[r["claim"]].append((r["role"], r["name"]))
    assert set(chains) == set(claims)
    for cid, chain in chains.items():
        c = claims[cid]
        assert chain == [("source", c.source.name)] + [("via", v.name) for v in c.via]


def test_incidents_group_documents_as_analyze_does(corpus, tmp_path, client):
    result = _run([corpus], tmp_path / "out", client)
    assert result.ok and result.incidents
    expected = analyze([corpus])
    want = sorted(sorted(i.documents) for i in expected.incidents)
    rows = tables.read_rows(str(tmp_path / "out"), "incidents")
    got = sorted(sorted(r["documents"]) for r in rows)
    assert got == want
    # Every document in exactly one incident; slots cite only known claims.
    docs = [d for r in rows for d in r["documents"]]
    assert len(docs) == len(set(docs)) == N_DOCS
    claim_ids = {c.id for c in expected.claims}
    slots = tables.read_rows(str(tmp_path / "out"), "slots")
    assert slots and all(set(s["claims"]) <= claim_ids for s in slots)
    # claim → incident links agree with analyze's up to the incidents' names.
    name = {frozenset(r["documents"]): r["id"] for r in rows}
    theirs = {frozenset(i.documents): i.id for i in expected.incidents}
    rename = {theirs[k]: v for k, v in name.items()}
    links = {r["claim"]: r["incident"] for r in tables.read_rows(str(tmp_path / "out"),
                                                                   "claim_incidents")}
    assert links == {c.id: rename.get(c.incident) for c in expected.claims}


def test_rerun_skips_finished_partitions_and_changes_nothing(corpus, tmp_path, client):
    out = tmp_path / "out"
    _run([corpus], out, client, incidents=False)
    stamps = {f: (out / f).stat().st_mtime_ns for f in _data_files(out)}
    again = _run([corpus], out, client, incidents=False)
    assert again.skipped == again.partitions == 5 and again.processed == 0
    assert again.documents == N_DOCS
    assert {f: (out / f).stat().st_mtime_ns for f in _data_files(out)} == stamps


def test_crash_mid_commit_shows_nothing_and_rerun_completes(corpus, tmp_path, client,
                                                            monkeypatch):
    clean = tmp_path / "clean"
    _run([corpus], clean, client, incidents=False)
    out = tmp_path / "out"
    real_commit = batch_mod.commit
    victim = batch_mod.partition_key(os.path.abspath(corpus), 2 * SIZE)

    def commit_then_crash(store, staging, files):
        """The real commit, with the disk failing after its first rename."""
        if victim in staging:
            real_replace = store.replace
            moved: list[str] = []

            def replace(src: str, dst: str) -> None:
                if moved:
                    raise OSError("disk full")
                moved.append(dst)
                real_replace(src, dst)

            store.replace = replace
        return real_commit(store, staging, files)

    monkeypatch.setattr(batch_mod, "commit", commit_then_crash)
    first = _run([corpus], out, client, incidents=False)
    assert len(first.failed) == 1 and "disk full" in first.failed[0]
    assert first.done == 4
    manifest = Manifest.load(Store(str(out)))
    assert victim not in manifest.partitions and len(manifest.partitions) == 4
    # The failed partition left no file behind, not even the one it had moved.
    assert not [f for f in _data_files(out) if victim in f]
    assert not (out / "_staging").exists()

    monkeypatch.setattr(batch_mod, "commit", real_commit)
    second = _run([corpus], out, client, incidents=False)
    assert second.ok and second.skipped == 4 and second.done == 1
    assert _data_files(out) == _data_files(clean)
    ids = [d.id for d in tables.read_documents(str(out))]
    assert len(ids) == len(set(ids)) == N_DOCS
    assert _by_id(tables.read_claims(str(out))) == _by_id(tables.read_claims(str(clean)))


def test_leftovers_of_a_killed_run_are_swept(corpus, tmp_path, client):
    out = tmp_path / "out"
    _run([corpus], out, client, incidents=False)
    manifest = Manifest.load(Store(str(out)))
    victim = sorted(manifest.partitions)[1]
    # As a SIGKILL between a partition's renames and the manifest update leaves it:
    del manifest.partitions[victim]
    manifest.save(Store(str(out)))
    (out / "_staging" / f"{victim}-dead").mkdir(parents=True)
    (out / "_staging" / f"{victim}-dead" / "half.parquet").write_bytes(b"PAR1")
    rerun = _run([corpus], out, client, incidents=False)
    assert rerun.done == 1 and rerun.skipped == 4
    ids = [d.id for d in tables.read_documents(str(out))]
    assert len(ids) == len(set(ids)) == N_DOCS
    assert not (out / "_staging").exists()


def test_changed_input_redoes_only_its_partitions_and_drops_stale_ones(tmp_path, client):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in synth.generate(60, seed=3, days=10)]
    a.write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    b.write_text("\n".join(lines[30:]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    first = _run([a, b], out, client, incidents=False, partition_size=10)
    assert first.partitions == 6
    b.write_text("\n".join(lines[30:45]) + "\n", encoding="utf-8")  # b shrinks to 15 lines
    second = _run([a, b], out, client, incidents=False, partition_size=10)
    assert second.partitions == 5 and second.skipped == 3 and second.done == 2
    ids = sorted(d.id for d in tables.read_documents(str(out)))
    assert ids == sorted(json.loads(line)["id"] for line in lines[:45])


def test_problems_are_reported_and_kept(tmp_path, client):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "قتل 5 أشخاص"}\nnot json\n{"id": "b"}\n',
                    encoding="utf-8")
    lines: list[str] = []
    result = _run([path, tmp_path / "missing.jsonl"], tmp_path / "out", client,
                  incidents=False, echo=lines.append)
    assert not result.ok
    assert result.problems == [
        f"{tmp_path / 'missing.jsonl'}: no such file or directory",
        f"{path}:2: invalid JSON: Expecting value (column 1)",
        f'{path}:3: missing "text" (document b)']
    assert set(result.problems) <= set(lines)
    kept = (tmp_path / "out" / "_problems").glob("*.txt")
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in kept) == 2


def test_settings_mismatch_is_refused_and_restart_starts_afresh(corpus, tmp_path, client):
    out = tmp_path / "out"
    _run([corpus], out, client, incidents=False)
    with pytest.raises(ValueError, match="--partition-size 25"):
        _run([corpus], out, client, incidents=False, partition_size=40)
    fresh = _run([corpus], out, client, incidents=False, partition_size=40, restart=True)
    assert fresh.partitions == 3 and fresh.skipped == 0
    ids = [d.id for d in tables.read_documents(str(out))]
    assert len(ids) == len(set(ids)) == N_DOCS


def test_empty_tables_still_have_their_schema(tmp_path, client):
    path = tmp_path / "quiet.jsonl"
    path.write_text('{"id": "a", "text": "نص لا أرقام فيه"}\n', encoding="utf-8")
    _run([path], tmp_path / "out", client, incidents=False)
    schema = pq.read_schema(tmp_path / "out" / "claims" / "_common_metadata")
    assert "quantity" in schema.names
    assert tables.read_claims(str(tmp_path / "out")) == []


# --------------------------------------------------------------------------- reduce


def test_reduce_is_redone_only_when_partitions_change(corpus, tmp_path, client):
    out = tmp_path / "out"
    first = _run([corpus], out, client)
    lines: list[str] = []
    second = _run([corpus], out, client, echo=lines.append)
    assert "incidents: up to date" in lines and second.incidents == first.incidents
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["reduce"]["incidents"] == first.incidents


# --------------------------------------------------------------------------- the real thing


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from riwaya.cli import main; "
            "sys.argv = ['riwaya'] + sys.argv[1:]; main()", *args]


@pytest.mark.slow
def test_two_worker_cluster_killed_mid_run_then_resumed(tmp_path):
    """A LocalCluster of 2 processes, SIGKILLed mid-run, leaves only whole files; the
    rerun completes with every document once and the claims ``analyze`` finds."""
    corpus = tmp_path / "news.jsonl.gz"
    synth.write(1200, corpus, seed=5, days=60)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    args = ["batch", str(corpus), "--out", str(out), "--workers", "2",
            "--partition-size", "60", "--quiet"]
    proc = subprocess.Popen(_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    deadline = time.monotonic() + 45
    done = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                done = len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))
                           ["partitions"])
            except (OSError, ValueError):
                done = 0
            if done >= 3:
                break
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the driver, its cluster and workers
        proc.wait(timeout=30)
    assert 3 <= done < 20, proc.stdout.read().decode() if proc.stdout else ""
    # What a reader sees now: only whole Parquet files.
    for rel in _data_files(out):
        pq.read_metadata(out / rel)

    # Resume on a fresh 2-process LocalCluster, in this process.
    lines: list[str] = []
    result = run_batch([str(corpus)], str(out), workers=2, partition_size=60, progress=False,
                       echo=lines.append, cluster_kwargs={"dashboard_address": ":0"})
    assert result.ok, result.problems + result.failed
    assert result.skipped >= 3 and result.skipped + result.done == 20
    assert any(line.startswith("dask: 2 workers, dashboard http") for line in lines)
    docs = tables.read_documents(str(out))
    assert len(docs) == len({d.id for d in docs}) == 1200
    got = _by_id(tables.read_claims(str(out)))
    ids = [c.id for c in got]
    assert len(ids) == len(set(ids))
    assert got == _by_id(analyze([corpus], incidents=False).claims)
    incident_docs = [d for r in tables.read_rows(str(out), "incidents") for d in r["documents"]]
    assert sorted(incident_docs) == sorted(d.id for d in docs)


def test_cli_batch_summary_and_exit_codes(corpus, tmp_path, client, monkeypatch):
    from contextlib import contextmanager

    from typer.testing import CliRunner

    from riwaya.cli import _register, app

    @contextmanager
    def shared_client(scheduler=None, workers=None, **kwargs):
        yield client

    monkeypatch.setattr(batch_mod, "open_client", shared_client)
    _register()
    runner = CliRunner()
    out = tmp_path / "out"
    ok = runner.invoke(app, ["batch", str(corpus), "--out", str(out), "--partition-size", "30",
                             "--no-incidents"])
    assert ok.exit_code == 0, ok.output
    assert f"{N_DOCS} documents" in ok.output and "in 4 partitions (0 resumed)" in ok.output
    assert "dashboard" in ok.output
    clash = runner.invoke(app, ["batch", str(corpus), "--out", str(out),
                                "--partition-size", "50"])
    assert clash.exit_code == 2
    assert "was written with --partition-size 30" in clash.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n", encoding="utf-8")
    failed = runner.invoke(app, ["batch", str(bad), "--out", str(tmp_path / "o2")])
    assert failed.exit_code == 1
    assert f"{bad}:1: invalid JSON" in failed.output


def test_duplicate_ids_across_partitions_are_reported(tmp_path, client):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"id": "same", "text": "قتل 5 أشخاص"}\n{"id": "x", "text": "نص"}\n',
                 encoding="utf-8")
    b.write_text('{"id": "y", "text": "نص آخر"}\n{"id": "same", "text": "قتل 6 أشخاص"}\n',
                 encoding="utf-8")
    result = _run([a, b], tmp_path / "out", client, incidents=False, partition_size=10)
    assert result.problems == [f"{b}:2: duplicate document id 'same' (also at {a}:1); both "
                               "kept in documents/, incidents use one"]


def test_no_incidents_output_gets_the_reduce_inputs_when_incidents_are_asked(corpus, tmp_path,
                                                                            client):
    out = tmp_path / "out"
    _run([corpus], out, client, incidents=False)
    assert not (out / "_payload").exists()
    lines: list[str] = []
    full = _run([corpus], out, client, echo=lines.append)
    assert full.done == 5 and full.incidents  # redone: they lacked the reduce's inputs
    assert any("lack the incidents' inputs" in line for line in lines)
    again = _run([corpus], out, client, incidents=False)
    assert again.skipped == 5 and again.done == 0  # a --no-incidents rerun redoes nothing


# --------------------------------------------------------------------------- bounded reduce

#: (key, number of documents) of every block the link step was given, in-process.
LINKED_BLOCKS: list[tuple[str, int]] = []


def _recording_link_block(features, key):
    from riwaya.reconcile import link_block

    LINKED_BLOCKS.append((key, len(features)))
    return link_block(features, key)


def test_undated_corpus_is_windowed_not_one_block_and_groups_as_analyze(tmp_path, client,
                                                                        monkeypatch):
    """Reports with no date (none in the metadata, mostly none in the text) still group as
    in ``analyze``, through blocks no larger than the window bound."""
    import riwaya.reconcile as rec
    from riwaya.scale import blocks
    from riwaya.scale.reduce import Reconciler

    path = tmp_path / "undated.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in synth.generate(90, seed=8, days=6):
            r.pop("published")
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    expected = analyze([path])
    # Some reports date themselves in the text; most cannot be dated at all.
    assert sum(d.published is None for d in expected.documents) > 45
    monkeypatch.setattr(blocks, "WINDOW_STRIDE", 6)
    bound = 6 + blocks.chain_overlap()
    spy = Reconciler(doc_features=rec.doc_features, block_keys=rec.block_keys,
                     link_block=_recording_link_block, components=rec.components,
                     build_incident=rec.build_incident)
    LINKED_BLOCKS.clear()
    result = _run([path], tmp_path / "out", client, reconciler=spy)
    assert result.ok and result.incidents
    # Undated reports have no date bucket: they meet only in the blocks without a date
    # window (LSH bands, their place's undated block), and every one of those is cut.
    undated_blocks = [n for key, n in LINKED_BLOCKS if key.startswith(blocks.WINDOWED_PREFIXES)]
    assert undated_blocks and max(undated_blocks) <= bound
    got = sorted(sorted(r["documents"]) for r in tables.read_rows(str(tmp_path / "out"),
                                                                  "incidents"))
    assert got == sorted(sorted(i.documents) for i in expected.incidents)
    assert 1 < len(got) < 90 and {d for g in got for d in g} == {d.id for d in expected.documents}


def test_union_keeps_the_reconcile_stage_cannot_link_rules():
    """Two towns' reports linked through one placeless report stay two incidents, as in
    ``analyze``: the driver's union is the reconcile stage's ``components``."""
    from riwaya.reconcile import DocFeatures
    from riwaya.scale.reduce import Links, Reconciler, ReduceResult, union

    feats = {
        "a": DocFeatures(doc_id="a", country="sy", region="homs", fine="qusayr",
                         fine_kind="settlement", day_lo=10, day_hi=10),
        "b": DocFeatures(doc_id="b", country="sy", region="idlib", fine="saraqib",
                         fine_kind="settlement", day_lo=10, day_hi=10),
        "c": DocFeatures(doc_id="c", day_lo=10, day_hi=10),
        "d": DocFeatures(doc_id="d", country="sy", region="homs", day_lo=11, day_hi=11),
    }
    links = [Links(pairs=[("l:1:x", "a", "c")], features={"a": feats["a"], "c": feats["c"]},
                   blocks=1),
             Links(pairs=[("l:2:y", "c", "b"), ("r:sy|homs|2", "a", "d")],
                   features={k: feats[k] for k in "abcd"}, blocks=2)]
    result = ReduceResult()
    got = union(Reconciler.load(), links, result)
    assert got["a"][0] == got["c"][0] == got["d"][0] != got["b"][0]
    assert got["a"][1] == "l:1:x r:sy|homs|2" and got["b"][1] == ""
    assert (result.blocks, result.links) == (3, 3)
    # The incident id depends only on the members, not on the order links arrive in.
    again = union(Reconciler.load(), links[::-1], ReduceResult())
    assert {d: v[0] for d, v in got.items()} == {d: v[0] for d, v in again.items()}


def _worker_settings(dask_worker):
    import dask

    shuffle = dask_worker.extensions["shuffle"]
    return (shuffle.memory_limiter_comms.limit, shuffle.memory_limiter_disk.limit,
            dask.config.get("distributed.worker.profile.enabled"),
            "profile" in dask_worker.periodic_callbacks)


@pytest.mark.slow
def test_the_cluster_batch_starts_has_bounded_shuffle_buffers_and_no_profiler():
    """Worker memory must not creep up with the corpus: Dask's 1 GiB P2P comm buffer and its
    profiler's 1000-second history would both grow with a longer run."""
    with batch_mod.open_client(workers=1, dashboard_address=":0") as client:
        (settings,) = client.run(_worker_settings).values()
    assert settings == (32 * 2**20, 32 * 2**20, False, False)
