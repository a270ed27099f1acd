"""Batch inputs: listing, counting and reading record ranges of every supported format.

The property that matters most: reading an input as any set of partitions
yields exactly the documents (and Problems) of reading it whole, each once,
and those documents are the ones ``riwaya analyze`` makes of the same file.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from riwaya.ingest import read_documents
from riwaya.model import Document, Problem
from riwaya.scale.batch import plan
from riwaya.scale.sources import (
    InputFile,
    count_records,
    list_inputs,
    read_range,
)

TEXTS = [
    "أعلنت مديرية الصحة مقتل 12 مدنياً في قصف على البلدة يوم الثلاثاء.",
    "قال مصدر أمني إن الهجوم أسفر عن إصابة نحو 40 شخصاً.",
    "وأفادت مصادر محلية بنزوح مئات العائلات من القرى المجاورة.",
    "ونفى المتحدث باسم القوات فرار أي سجين من المبنى.",
]


def _records(n: int) -> list[dict]:
    return [{"id": f"r{i:03d}", "text": TEXTS[i % len(TEXTS)] + f" ({i})",
             "published": f"2023-03-{1 + i % 5:02d}", "outlet": "صحيفة المثال"}
            for i in range(n)]


def _write_jsonl(path: Path, records: list[dict], extra: list[bytes] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
    lines[1:1] = list(extra)
    data = b"\n".join(lines) + b"\n"
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def _read_all(inp: InputFile, size: int) -> list:
    """Read an input partition by partition, as batch does."""
    count = count_records(inp, size)
    out: list = list(count.problems)
    for part in plan([inp], {inp.url: count}, size):
        out.extend(part.read())
    return out


def _docs(items: list) -> list[Document]:
    return [i[0] for i in items if not isinstance(i, Problem)]


def _one(path: Path | str) -> InputFile:
    inputs, problems = list_inputs([str(path)])
    assert problems == [] and len(inputs) == 1
    return inputs[0]


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz"])
@pytest.mark.parametrize("size", [1, 3, 7, 100])
def test_jsonl_partitions_read_every_line_once_and_match_ingest(tmp_path, name, size):
    path = _write_jsonl(tmp_path / name, _records(17), extra=[b"", b"{broken"])
    inp = _one(path)
    items = _read_all(inp, size)
    docs = _docs(items)
    assert [d.id for d in docs] == [f"r{i:03d}" for i in range(17)]
    # The same documents, field for field, as the analyze path reads them.
    whole = [d for d in read_documents([path]) if isinstance(d, Document)]
    for d in whole:
        d.path = str(path)
    assert [d.to_dict() for d in docs] == [d.to_dict() for d in whole]
    problems = [str(p) for p in items if isinstance(p, Problem)]
    assert problems == [f"{path}:3: invalid JSON: Expecting property name enclosed in double "
                        "quotes (column 2)"]


def test_plain_jsonl_partitions_seek_to_their_first_line(tmp_path):
    path = _write_jsonl(tmp_path / "s.jsonl", _records(10))
    inp = _one(path)
    count = count_records(inp, 4)
    assert count.records == 10
    assert count.offsets[0] == 0 and all(o is not None for o in count.offsets)
    parts = plan([inp], {inp.url: count}, 4)
    assert [(p.start, p.stop) for p in parts] == [(0, 4), (4, 8), (8, None)]
    # Seeking to the recorded offset lands on the partition's first line.
    first = next(iter(read_range(inp, 4, 8, count.offsets[1])))
    assert first[0].id == "r004" and first[1] == 5


def test_truncated_gzip_keeps_lines_before_the_damage_and_says_where(tmp_path):
    good = gzip.compress(b"\n".join(json.dumps(r).encode() for r in _records(30)) + b"\n")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(good[: len(good) - 40])
    items = _read_all(_one(path), 8)
    docs = _docs(items)
    problems = [p for p in items if isinstance(p, Problem)]
    assert 0 < len(docs) < 30
    assert len(problems) == 1
    assert "corrupt or truncated gzip data after line" in problems[0].message


def test_utf16_jsonl_is_one_problem_not_one_per_line(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_bytes(b"\xff\xfe" + '{"id": "a", "text": "نص"}\n'.encode("utf-16-le"))
    count = count_records(_one(path), 10)
    assert count.records == 0
    assert [str(p) for p in count.problems] == [f"{path}:1: JSONL must be UTF-8 (this file is "
                                                "UTF-16)"]


def test_parquet_rows_read_by_row_group_ranges(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = _records(23)
    table = pa.table({
        "id": [r["id"] for r in recs],
        "text": [r["text"] for r in recs],
        # A real date column, as Parquet exports have it, becomes the ISO string.
        "published": [date.fromisoformat(r["published"]) for r in recs],
        "outlet": [r["outlet"] for r in recs],
        "ignored": list(range(23)),
    })
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=5)
    docs = _docs(_read_all(_one(path), 7))
    assert [d.id for d in docs] == [r["id"] for r in recs]
    assert docs[3].published == "2023-03-04" and docs[3].outlet.name == "صحيفة المثال"
    assert all(len(d.sha256) == 64 for d in docs)


def test_parquet_without_text_column_is_one_problem(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), path)
    count = count_records(_one(path), 10)
    assert count.records == 0
    assert [str(p) for p in count.problems] == [f"{path}: missing column 'text'"]


def _html(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{body} {k}.</p>" for k in range(4))
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>الرئيسية</a> <a href='/x'>أخبار 99</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>جميع الحقوق محفوظة 2024</footer></body></html>").encode()


def _write_warc(path: Path, pages: list[tuple[str, bytes, str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, payload, ctype, status in pages:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=http))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_documents_through_the_html_path(tmp_path, name):
    pages = []
    for i in range(5):
        body = f"أفاد مصدر طبي بمقتل {10 + i} أشخاص وإصابة آخرين في انفجار وقع صباح اليوم"
        pages.append((f"https://news.example/a/{i}", _html(f"انفجار {i}", body),
                      "text/html; charset=utf-8", "200 OK"))
        if i == 2:  # neither an image nor an error page is a report
            pages.append(("https://news.example/logo.png", b"\x89PNG\r\n", "image/png", "200 OK"))
            pages.append(("https://news.example/gone", _html("x", "y"), "text/html", "404 Not Found"))
    path = tmp_path / name
    _write_warc(path, pages)
    inp = _one(path)
    assert count_records(inp, 2).records == 5
    items = _read_all(inp, 2)
    assert [p for p in items if isinstance(p, Problem)] == []
    docs = _docs(items)
    assert [d.id for d in docs] == [f"crawl_{k:06d}" for k in range(1, 6)]
    assert [d.url for d in docs] == [f"https://news.example/a/{i}" for i in range(5)]
    assert "بمقتل 12 أشخاص" in docs[2].text
    assert "الرئيسية" not in docs[2].text  # navigation is not the report
    assert docs[0].path == str(path)


def test_corrupt_warc_is_a_problem_line(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a warc header\r\n\r\n" * 3)
    count = count_records(_one(path), 10)
    assert count.records == 0
    assert len(count.problems) == 1 and str(path) in str(count.problems[0])


def test_directories_expand_sorted_with_loose_files_through_ingest(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_text(TEXTS[0], encoding="utf-8")
    (root / "b.meta.json").write_text('{"published": "2022-05-01", "outlet": "وكالة"}',
                                      encoding="utf-8")
    (root / "sub" / "a.md").write_text("# عنوان\n\n" + TEXTS[1], encoding="utf-8")
    (root / ".hidden.txt").write_text("x", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "orphan.meta.json").write_text("{}", encoding="utf-8")
    _write_jsonl(root / "lines.jsonl", _records(3))
    inputs, problems = list_inputs([str(root)])
    assert sorted(str(p) for p in problems) == [
        f"{root}/notes.docx: unsupported file type .docx",
        f"{root}/orphan.meta.json: metadata sidecar without a document beside it"]
    kinds = [(i.kind, i.display) for i in inputs]
    assert kinds == [(".jsonl", f"{root}/lines.jsonl"), ("files", str(root))]
    loose = inputs[1]
    assert [m[1] for m in loose.members] == [f"{root}/b.txt", f"{root}/sub/a.md"]
    docs = _docs(_read_all(loose, 1))
    expected = [d for d in read_documents([root / "b.txt", root / "sub" / "a.md"])
                if isinstance(d, Document)]
    assert [d.to_dict() for d in docs] == [d.to_dict() for d in expected]
    assert docs[0].published == "2022-05-01" and docs[1].title == "عنوان"


def test_missing_paths_and_missing_backends_are_one_line_each(tmp_path):
    inputs, problems = list_inputs([str(tmp_path / "nope.jsonl"), "s3://bucket/x.jsonl",
                                    "nosuchproto://x/y"])
    assert inputs == []
    lines = [str(p) for p in problems]
    assert lines[0] == f"{tmp_path / 'nope.jsonl'}: no such file or directory"
    assert lines[1].startswith("s3://bucket/x.jsonl: cannot open s3:// URLs: ")
    assert "s3fs" in lines[1]
    assert lines[2].startswith("nosuchproto://x/y: cannot open nosuchproto:// URLs")
    assert all("\n" not in line for line in lines)


def test_fsspec_urls_are_read_like_local_files():
    import fsspec

    fs = fsspec.filesystem("memory")
    data = b"\n".join(json.dumps(r, ensure_ascii=False).encode() for r in _records(6)) + b"\n"
    fs.pipe("/bucket/corpus/part1.jsonl", data)
    fs.pipe("/bucket/corpus/doc.txt", TEXTS[2].encode("utf-8"))
    try:
        inputs, problems = list_inputs(["memory://bucket/corpus"])
        assert problems == []
        assert [(i.kind, i.display) for i in inputs] == [
            (".jsonl", "memory://bucket/corpus/part1.jsonl"), ("files", "memory://bucket/corpus")]
        docs = _docs(_read_all(inputs[0], 4)) + _docs(_read_all(inputs[1], 4))
        assert [d.id for d in docs] == [f"r{i:03d}" for i in range(6)] + ["doc"]
        assert docs[-1].path == "memory://bucket/corpus/doc.txt"
        assert docs[-1].text == TEXTS[2]
    finally:
        fs.rm("/bucket", recursive=True)


def test_fingerprint_changes_when_the_file_does(tmp_path):
    path = _write_jsonl(tmp_path / "f.jsonl", _records(3))
    before = _one(path).fingerprint
    _write_jsonl(path, _records(4))
    assert _one(path).fingerprint != before


# --------------------------------------------------------------------------- one ingest path


def test_warc_record_and_html_file_give_the_same_document(tmp_path):
    """A page crawled into a WARC and the same page saved as .html: one Document, not two
    readings of it (both go through ``riwaya.ingest.document_from_html``)."""
    page = _html("هجوم على السجن", "أفاد مصدر طبي بمقتل 14 شخصا وإصابة 30 آخرين في الهجوم")
    (tmp_path / "page.html").write_bytes(page)
    _write_warc(tmp_path / "crawl.warc.gz",
                [("https://news.example/p", page, "text/html; charset=utf-8", "200 OK")])
    analyzed = next(d for d in read_documents([tmp_path / "page.html"])
                    if isinstance(d, Document))
    batched = _docs(_read_all(_one(tmp_path / "crawl.warc.gz"), 10))[0]
    assert batched.url == "https://news.example/p"  # where the crawl fetched it
    own = {"id", "path", "url"}
    assert ({k: v for k, v in batched.to_dict().items() if k not in own}
            == {k: v for k, v in analyzed.to_dict().items() if k not in own})
    assert "14" in batched.text and batched.sha256 == hashlib.sha256(page).hexdigest()


def test_parquet_row_and_jsonl_line_give_the_same_document(tmp_path):
    """A record as a JSONL line and as a Parquet row: the same Document, hash included (the
    row is re-encoded as the canonical line and parsed by ``riwaya.ingest.parse_line``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rec = {"id": "r1", "text": TEXTS[0], "published": "2023-03-01T08:30:00",
           "outlet": "صحيفة المثال", "url": "https://x.example/1", "title": "قصف"}
    line = json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (tmp_path / "c.jsonl").write_text(line + "\n", encoding="utf-8")
    pq.write_table(pa.table({k: [v] for k, v in rec.items()}), tmp_path / "c.parquet")
    analyzed = next(d for d in read_documents([tmp_path / "c.jsonl"]) if isinstance(d, Document))
    batched = _docs(_read_all(_one(tmp_path / "c.parquet"), 10))[0]
    assert batched.published == "2023-03-01" and batched.published_time == "08:30"
    assert ({k: v for k, v in batched.to_dict().items() if k != "path"}
            == {k: v for k, v in analyzed.to_dict().items() if k != "path"})


@pytest.mark.parametrize("name", ["c.jsonl", "c.parquet"])
def test_a_files_sidecar_is_read_and_checked_as_analyze_does(tmp_path, name):
    """One sidecar for every record: its bad values are the same Problem lines as in
    ``analyze`` (``riwaya.ingest.file_defaults``), reported once, and its good ones apply."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = _records(3)
    for r in recs:
        del r["outlet"]
    if name.endswith(".parquet"):
        pq.write_table(pa.table({k: [r[k] for r in recs] for k in recs[0]}), tmp_path / name)
    else:
        _write_jsonl(tmp_path / name, recs)
    sidecar = tmp_path / "c.meta.json"
    sidecar.write_text('{"outlet": "وكالة الأنباء", "published": "21/01/2022", "language": 7}',
                       encoding="utf-8")
    items = _read_all(_one(tmp_path / name), 2)
    problems = [str(p) for p in items if isinstance(p, Problem)]
    jsonl = tmp_path / "c.jsonl"
    if not jsonl.exists():
        _write_jsonl(jsonl, recs)
    expected = [str(p) for p in read_documents([jsonl]) if isinstance(p, Problem)]
    assert problems == expected == [
        f"{sidecar}: published: expected an ISO date like 2022-01-21, got '21/01/2022'; ignored",
        f"{sidecar}: language: expected a string, got a number; ignored"]
    docs = _docs(items)
    assert [d.outlet.name for d in docs] == ["وكالة الأنباء"] * 3
    assert [d.published for d in docs] == [r["published"] for r in recs]  # a record's own wins
