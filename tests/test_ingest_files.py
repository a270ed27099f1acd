"""read_documents over hostile directories: odd files never stop the good ones."""

from __future__ import annotations

import codecs
import hashlib
import inspect
import os
from pathlib import Path

import pytest

import riwaya.ingest.files as files_module
from riwaya.ingest import document_from_text, read_documents
from riwaya.model import Document, Problem

REPORT = "قتل 5 أشخاص على الأقل في هجوم على حاجز أمني قرب المدينة، بحسب مصادر محلية.\n"


def read(*paths: Path | str) -> tuple[list[Document], list[Problem]]:
    docs: list[Document] = []
    problems: list[Problem] = []
    for item in read_documents([Path(p) for p in paths]):
        (problems if isinstance(item, Problem) else docs).append(item)
    return docs, problems


def messages(problems: list[Problem], root: Path) -> list[str]:
    """Problems as the user sees them, with the temporary directory cut off."""
    return [str(p).replace(str(root) + os.sep, "") for p in problems]


def test_is_a_stream() -> None:
    assert inspect.isgenerator(read_documents([]))


def test_utf8_bom_file_text_offsets_and_hash(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + "خبر أول\r\nخبر ثان\r\n".encode()
    (tmp_path / "a.txt").write_bytes(data)
    [doc], problems = read(tmp_path / "a.txt")
    assert problems == []
    assert doc.text == "خبر أول\r\nخبر ثان\r\n"   # BOM gone, CRLF kept
    assert doc.id == "a"
    assert doc.path == str(tmp_path / "a.txt")
    assert doc.sha256 == hashlib.sha256(data).hexdigest()  # of the bytes, BOM included
    assert doc.title is None   # .txt: the extractor infers it
    assert doc.language == "ar"


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.txt", "Z.txt", "sub/c.txt", "sub/deeper/d.md", ".hidden/e.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REPORT, encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00")
    (tmp_path / "sub" / ".swp.txt").write_text("x", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert problems == []
    assert [d.id for d in docs] == ["Z", "a", "b", "c", "d"]
    assert docs[3].path == str(tmp_path / "sub" / "c.txt")
    # Same tree, same order, every time.
    assert [d.id for d in read(tmp_path)[0]] == ["Z", "a", "b", "c", "d"]


def test_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    (tmp_path / ".notes.txt").write_text(REPORT, encoding="utf-8")
    docs, problems = read(tmp_path / ".notes.txt")
    assert [d.id for d in docs] == [".notes"] and problems == []


def test_good_file_survives_a_directory_of_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b" \n\t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README").write_text("notes", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["good"]
    assert messages(problems, tmp_path) == [
        "README: unsupported file type (no extension)",
        "blank.md: empty file",
        "empty.txt: empty file",
        "image.txt: binary file, not text",
        "report.docx: unsupported file type .docx",
    ]


def test_missing_path_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    docs, problems = read(tmp_path / "nope", tmp_path / "a.txt")
    assert [d.id for d in docs] == ["a"]
    assert messages(problems, tmp_path) == ["nope: no such file or directory"]


def test_names_with_spaces_and_arabic(tmp_path: Path) -> None:
    (tmp_path / "تقرير الحسكة.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "my report.final.md").write_text(REPORT, encoding="utf-8")
    docs, problems = read(tmp_path)
    assert problems == []
    assert sorted(d.id for d in docs) == ["my report.final", "تقرير الحسكة"]


def test_extensions_are_case_insensitive(tmp_path: Path) -> None:
    (tmp_path / "A.TXT").write_text(REPORT, encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["A"] and problems == []


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-16-be", b""), ("cp1256", b""),
])
def test_encodings_through_read_documents(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = REPORT * 3 + "وأضاف المصدر أن 12 شخصاً اعتقلوا.\r\n"
    (tmp_path / "r.txt").write_bytes(bom + text.encode(encoding))
    [doc], problems = read(tmp_path)
    assert problems == [] and doc.text == text


def test_markdown_heading_is_the_title_and_stays_in_the_text(tmp_path: Path) -> None:
    text = "\n#  هجوم على سجن الصناعة  #\r\n\r\nقال مصدر إن 20 سجيناً فروا.\r\n"
    (tmp_path / "r.md").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "s.md").write_text("## قسم فرعي\nنص\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("# not a title in a .txt\nبعض النص\n", encoding="utf-8")
    docs, _ = read(tmp_path)
    titles = {d.id: d.title for d in docs}
    assert titles == {"r": "هجوم على سجن الصناعة", "s": None, "t": None}
    assert docs[0].text == text  # offsets untouched: the heading is still there


def test_sidecar_metadata_wins_and_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# عنوان من الملف\nنص الخبر\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        '{"outlet": "Sharq Trend", "published": "2022-01-21", "url": "https://example.org/a",'
        ' "language": "AR", "title": "عنوان من البيانات", "extra": 1}', encoding="utf-8")
    docs, problems = read(tmp_path)
    assert problems == []
    [doc] = docs
    assert doc.outlet.name == "Sharq Trend" and doc.outlet.inferred is False
    assert (doc.published, doc.published_inferred) == ("2022-01-21", False)
    assert doc.url == "https://example.org/a"
    assert doc.language == "ar"
    assert doc.title == "عنوان من البيانات"


def test_sidecar_datetime_gives_date_and_time(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": "2022-01-21T14:05:00Z"}',
                                          encoding="utf-8")
    [doc], _ = read(tmp_path)
    assert (doc.published, doc.published_time) == ("2022-01-21", "14:05")


def test_broken_sidecar_is_a_problem_but_the_document_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{\n "outlet": "X",\n "published": \n}',
                                          encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["a"] and docs[0].outlet.name is None
    assert messages(problems, tmp_path) == [
        "a.meta.json:4: invalid JSON: Expecting value (column 1); metadata ignored"]


def test_bad_sidecar_value_costs_only_that_key(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"outlet": "X", "published": "21/01/2022"}',
                                          encoding="utf-8")
    [doc], problems = read(tmp_path)
    assert doc.outlet.name == "X" and doc.published is None
    assert messages(problems, tmp_path) == [
        "a.meta.json: published: expected an ISO date like 2022-01-21, got '21/01/2022'; ignored"]


def test_sidecar_that_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('["X"]', encoding="utf-8")
    docs, problems = read(tmp_path)
    assert len(docs) == 1
    assert messages(problems, tmp_path) == [
        "a.meta.json: expected a JSON object, got an array; metadata ignored"]


def test_orphan_sidecar_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"outlet": "X"}', encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["a"]
    assert len(problems) == 1 and problems[0].path.endswith("b.meta.json")
    assert "without a document" in problems[0].message


def test_sidecar_passed_explicitly_is_silently_skipped(tmp_path: Path) -> None:
    # `riwaya analyze corpus/*` passes sidecars on the command line.
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"outlet": "X"}', encoding="utf-8")
    docs, problems = read(tmp_path / "a.meta.json", tmp_path / "a.txt")
    assert [(d.id, d.outlet.name) for d in docs] == [("a", "X")] and problems == []


def test_same_file_twice_is_read_once_other_file_same_id_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.md").write_text(REPORT, encoding="utf-8")
    docs, problems = read(tmp_path, tmp_path / "a.md")
    assert [d.path for d in docs] == [str(tmp_path / "a.md")]
    assert messages(problems, tmp_path) == [
        "a.txt: duplicate document id 'a' (already read from a.md); skipped"]


def test_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)       # directory cycle
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # ELOOP
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["a"]
    assert messages(problems, tmp_path) == [
        "dangling.txt: broken symlink (its target does not exist)",
        "self.txt: symlink loop",
        "sub/back: symlink loop (leads back to a directory being read); skipped",
    ]


def test_symlinked_file_and_directory_are_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text(REPORT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked").symlink_to(real)
    docs, problems = read(corpus)
    assert [d.id for d in docs] == ["a"] and problems == []


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(REPORT, encoding="utf-8")
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as a user (root?) who can read a mode-000 file")
        docs, problems = read(tmp_path)
    finally:
        secret.chmod(0o644)
    assert [d.id for d in docs] == ["a"]
    assert messages(problems, tmp_path) == ["secret.txt: permission denied"]


def test_unreadable_file_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path, forced: root can read anything, so make open() refuse."""
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(REPORT, encoding="utf-8")
    real_open = open

    def refusing_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files_module, "open", refusing_open, raising=False)
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["a"]
    assert messages(problems, tmp_path) == ["secret.txt: permission denied"]


def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(files_module.os, "scandir", scandir)
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["a"]
    assert messages(problems, tmp_path) == ["locked: permission denied"]


def test_directory_vanishing_mid_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b.txt").write_text(REPORT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith(os.sep + "a"):
            raise FileNotFoundError(2, "No such file or directory")
        return real_scandir(path)

    monkeypatch.setattr(files_module.os, "scandir", scandir)
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["b"]
    assert messages(problems, tmp_path) == ["a: directory vanished while being read"]


def test_file_vanishing_before_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT, encoding="utf-8")

    def vanishing_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise FileNotFoundError(2, "No such file or directory", str(path))

    gen = read_documents([tmp_path])
    monkeypatch.setattr(files_module, "open", vanishing_open, raising=False)
    first = next(gen)
    assert isinstance(first, Problem) and first.message == "vanished before it could be read"


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    docs, problems = read(tmp_path)  # would hang forever if the FIFO were opened
    assert [d.id for d in docs] == ["a"]
    assert messages(problems, tmp_path) == ["pipe.txt: not a regular file"]


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module, "MAX_BYTES", 100)
    (tmp_path / "big.txt").write_text("x" * 200, encoding="utf-8")
    docs, problems = read(tmp_path)
    assert docs == [] and problems[0].message.startswith("file too large")


def test_a_bug_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import riwaya.ingest as ingest

    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.md").write_text(REPORT, encoding="utf-8")

    def broken(found, data):  # type: ignore[no-untyped-def]
        if found.doc_id == "a":
            raise RuntimeError("boom")
        return Document(id=found.doc_id, text="ok", path=str(found.path)), None

    monkeypatch.setattr(ingest, "_text_document", broken)
    docs, problems = read(tmp_path)
    assert [d.id for d in docs] == ["b"]
    assert messages(problems, tmp_path) == ["a.txt: internal error: RuntimeError: boom"]


def test_english_is_recognised() -> None:
    doc = document_from_text("At least 12 people were killed, officials said.", "t")
    assert doc.language == "en" and doc.path is None and doc.id == "t"
    assert doc.sha256 == hashlib.sha256(b"At least 12 people were killed, officials said.").hexdigest()
    assert document_from_text(REPORT, "u").language == "ar"
