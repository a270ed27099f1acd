"""HTML pages: the article's text, not its scripts, menus or styles."""

from __future__ import annotations

from pathlib import Path

from riwaya.ingest import read_documents
from riwaya.ingest.html import decode_html
from riwaya.model import Document, Problem

PARAGRAPHS = [
    "قالت مصادر محلية إن أكثر من 150 عنصراً فروا من السجن في المدينة بعد هجوم واسع "
    "شنه مسلحون فجر اليوم، بحسب ما أفاد به المرصد.",
    "وأضاف المرصد أن الاشتباكات أسفرت عن مقتل 20 شخصاً على الأقل خلال يومين من المعارك "
    "العنيفة في محيط السجن والأحياء المجاورة له.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8">
<title>عنوان النافذة</title>
<meta property="og:site_name" content="موقع الأخبار">
<style>.count::after {{ content: "قتل 999 شخصاً"; }}</style>
<script>var teaser = "أسفر القصف عن مقتل 777 مدنياً";</script>
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/x">أخبار</a></nav>
<article><h1>هجوم على سجن المدينة</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<script>document.write("مقتل 555 شخصاً")</script>
</article>
<footer>جميع الحقوق محفوظة</footer></body></html>
"""


def read(path: Path) -> tuple[list[Document], list[Problem]]:
    docs: list[Document] = []
    problems: list[Problem] = []
    for item in read_documents([path]):
        (problems if isinstance(item, Problem) else docs).append(item)
    return docs, problems


def test_main_text_without_script_and_style(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [doc], problems = read(tmp_path / "page.html")
    assert problems == []
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    for hidden in ("999", "777", "555", "teaser", "content:"):
        assert hidden not in doc.text
    assert doc.title == "هجوم على سجن المدينة"      # as trafilatura finds it
    assert doc.outlet.name == "موقع الأخبار" and doc.outlet.inferred is True
    assert doc.id == "page" and doc.language == "ar"


def test_sidecar_beats_the_page(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "page.meta.json").write_text('{"outlet": "رؤية", "title": "عنوان آخر"}',
                                             encoding="utf-8")
    [doc], _ = read(tmp_path / "page.htm")
    assert (doc.outlet.name, doc.outlet.inferred, doc.title) == ("رؤية", False, "عنوان آخر")


def test_page_without_main_text_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "shell.html").write_text(
        "<html><head><script>var a=1;</script></head><body><div id='app'></div></body></html>",
        encoding="utf-8")
    docs, problems = read(tmp_path / "shell.html")
    assert docs == []
    assert [p.message for p in problems] == ["no main text found in the HTML page"]


def test_declared_windows_1256_charset(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    (tmp_path / "old.html").write_bytes(page.encode("cp1256"))
    [doc], problems = read(tmp_path / "old.html")
    assert problems == [] and PARAGRAPHS[0] in doc.text


def test_lying_charset_declaration_is_ignored() -> None:
    data = PAGE.encode("cp1256")  # the page says UTF-8 but is Windows-1256
    assert PARAGRAPHS[1] in decode_html(data)


def test_binary_named_html(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    docs, problems = read(tmp_path / "x.html")
    assert docs == [] and [p.message for p in problems] == ["binary file, not text"]
