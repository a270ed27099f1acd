"""JSONL corpora: line-numbered problems, gzip, metadata, flat memory."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from riwaya.ingest import read_documents
from riwaya.model import Document, Problem


def read(path: Path) -> tuple[list[Document], list[str]]:
    """Documents and problem lines (paths shown relative to the test directory)."""
    root = path if path.is_dir() else path.parent
    docs: list[Document] = []
    problems: list[str] = []
    for item in read_documents([path]):
        if isinstance(item, Problem):
            problems.append(str(item).replace(str(root) + os.sep, ""))
        else:
            docs.append(item)
    return docs, problems


def line(**obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"


def test_one_document_per_line_with_metadata(tmp_path: Path) -> None:
    first = line(id="d1", text="قتل 3 أشخاص.\nوأصيب آخرون.", outlet="وكالة", published="2022-01-20")
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(first + line(id="d2", text="Two people died.", language="en", title="T"))
    docs, problems = read(path)
    assert problems == []
    assert [d.id for d in docs] == ["d1", "d2"]
    assert docs[0].text == "قتل 3 أشخاص.\nوأصيب آخرون."
    assert (docs[0].outlet.name, docs[0].outlet.inferred, docs[0].published) == (
        "وكالة", False, "2022-01-20")
    assert docs[0].sha256 == hashlib.sha256(first[:-1]).hexdigest()  # the line, no newline
    assert docs[0].path == str(path)
    assert (docs[1].language, docs[1].title) == ("en", "T")


def test_broken_lines_are_numbered_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(
        line(id="a", text="نص أول")
        + b'{"id": "b", "text": "unterminated\n'                        # 2
        + b"\n"                                                          # 3 blank: fine
        + b"[1, 2]\n"                                                    # 4
        + line(id="c")                                                   # 5
        + line(text="no id")                                             # 6
        + line(id="d", text="   ")                                       # 7
        + b'{"id": "e", "text": "bad \xff byte"}\n'                      # 8
        + line(id="f", text=5)                                           # 9
        + line(id="a", text="again")                                     # 10
        + line(id=7, text="numeric id is fine")                          # 11
        + line(id="g", text="نص أخير", published="yesterday")            # 12
    )
    docs, problems = read(path)
    assert [d.id for d in docs] == ["a", "7", "g"]
    assert docs[2].published is None
    assert problems == [
        "c.jsonl:2: invalid JSON: Unterminated string starting at (column 21)",
        "c.jsonl:4: expected a JSON object, got an array",
        'c.jsonl:5: missing "text" (document c)',
        'c.jsonl:6: missing "id"',
        'c.jsonl:7: "text" is empty (document d)',
        "c.jsonl:8: not valid UTF-8 (byte 25)",
        'c.jsonl:9: "text" must be a string, got a number (document f)',
        "c.jsonl:10: duplicate document id 'a' (already read from c.jsonl:1); skipped",
        "c.jsonl:12: published: expected an ISO date like 2022-01-21, got 'yesterday'; ignored",
    ]


def test_crlf_lines_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    body = json.dumps({"id": "a", "text": "x\r\ny"}).encode()
    path.write_bytes(codecs.BOM_UTF8 + body + b"\r\n" + line(id="b", text="z").replace(b"\n", b"\r\n"))
    docs, problems = read(path)
    assert problems == []
    assert [d.text for d in docs] == ["x\r\ny", "z"]  # the JSON escape is the text, \r\n kept
    assert docs[0].sha256 == hashlib.sha256(body).hexdigest()


def test_gzip(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(line(id="a", text="نص") + b"not json\n" + line(id="b", text="نص آخر"))
    docs, problems = read(path)
    assert [d.id for d in docs] == ["a", "b"]
    assert problems == ["dump.jsonl.gz:2: invalid JSON: Expecting value (column 1)"]


def test_truncated_gzip_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    payload = b"".join(line(id=f"d{i}", text="نص " * 50 + str(i)) for i in range(200))
    blob = gzip.compress(payload)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(blob[: len(blob) // 2])
    docs, problems = read(path)
    assert 0 < len(docs) < 200
    assert [d.id for d in docs] == [f"d{i}" for i in range(len(docs))]
    assert len(problems) == 1
    assert problems[0].startswith("cut.jsonl.gz: corrupt or truncated gzip data after line ")


def test_not_gzip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(line(id="a", text="plain"))
    docs, problems = read(path)
    assert docs == []
    assert len(problems) == 1 and "corrupt or truncated gzip data after line 0" in problems[0]


def test_sidecar_gives_defaults_for_every_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(line(id="a", text="نص") + line(id="b", text="نص", outlet="Other"))
    (tmp_path / "feed.meta.json").write_text('{"outlet": "Feed", "published": "bad"}',
                                             encoding="utf-8")
    docs, problems = read(path)
    assert [d.outlet.name for d in docs] == ["Feed", "Other"]
    # the bad default is reported once, not once per line
    assert problems == [
        "feed.meta.json: published: expected an ISO date like 2022-01-21, got 'bad'; ignored"]


def test_empty_and_utf16_jsonl(tmp_path: Path) -> None:
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n")
    (tmp_path / "wide.jsonl").write_bytes(codecs.BOM_UTF16_LE + '{"id": "a"}'.encode("utf-16-le"))
    docs, problems = read(tmp_path)
    assert docs == []
    assert problems == ["blank.jsonl: empty file",
                        "wide.jsonl:1: JSONL must be UTF-8 (this file is UTF-16)"]


def test_jsonl_is_read_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = "قال مصدر إن 40 مسلحاً هاجموا الموقع. " * 300  # ~19 kB per line
    with path.open("wb") as fh:
        for i in range(250):
            fh.write(line(id=f"d{i}", text=text))
    size = path.stat().st_size
    assert size > 4_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in read_documents([path]) if isinstance(item, Document))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 250
    assert peak < size / 8, f"peak {peak} bytes for a {size}-byte file: not streaming"


@pytest.mark.parametrize("name", ["x.JSONL", "x.jsonl"])
def test_document_id_is_from_the_line_not_the_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(line(id="inner", text="نص"))
    docs, _ = read(tmp_path / name)
    assert [d.id for d in docs] == ["inner"]
