"""Nothing in a document runs or is fetched: text is escaped in reports, named paths are never opened.

``tests/test_report_safety.py`` checks hand-made hostile fixtures against the
HTML and Markdown renderers; here Hypothesis mixes markup, template syntax
and URL schemes into Arabic reports, runs them through the real pipeline and
renders the report, and the page must contain no element, attribute or
script that came from a document. Then documents that *name* files
(``/etc/passwd``, ``file://`` URLs, ``<img src>``, ``<link href>``, an XML
external entity, sidecar URLs) are analysed and reported under a Python
audit hook, which sees every ``open`` and socket connection made through
Python's I/O: none of the named paths may be opened, and nothing may be
fetched. Where ``strace`` works, the same run is traced at the system-call
level too, which also sees what C libraries (libxml2) open on their own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import examples

from riwaya.pipeline import analyze
from riwaya.report.html import render_html

REPO = Path(__file__).resolve().parents[1]

#: Fragments that would do something if they reached the page unescaped.
HOSTILE = [
    "<script>alert(1)</script>", "<x-evil data-evil=1>", '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>', "</textarea></mark></details>", "<iframe src=//evil.invalid>",
    "javascript:alert(4)", "{{7*7}}", "{% raw %}", "${7*7}", "<!--", "]]>", "&lt;b&gt;", "&amp;",
    "<style>*{display:none}</style>", "<base href=//evil.invalid/>", "\u202eRLO", "`", "'", '"',
    "<link rel=stylesheet href=file:///etc/passwd>", "<meta http-equiv=refresh content=0>",
]
SENTENCES = [
    "قال مصدر طبي إن نحو 12 شخصاً قتلوا في القصف.",
    "وأصيب أكثر من 30 آخرين بحسب وزارة الصحة.",
    "ونقلت وكالة فرانس برس عن مسؤول محلي أن 5 مسلحين اعتقلوا.",
]


class Page(HTMLParser):
    """Tags, attributes, scripts and text of a rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text += data


@examples(0.25)
@given(st.lists(st.lists(st.sampled_from(HOSTILE) | st.sampled_from(SENTENCES), min_size=1,
                         max_size=8).map(" ".join), min_size=1, max_size=3))
def test_hostile_document_text_never_becomes_markup(texts: list[str]) -> None:
    analysis = analyze([t + "\n" for t in texts])
    page = Page()
    page.feed(render_html(analysis))
    ours = resources.files("riwaya.report").joinpath("assets", "report.js").read_text(encoding="utf-8")
    assert page.scripts == [ours]                      # no script but the report's own
    names = {tag for tag, _ in page.tags}
    assert not names & {"x-evil", "img", "iframe", "base", "textarea", "object", "embed"}
    assert sum(1 for tag, _ in page.tags if tag == "style") <= 1   # the report's stylesheet
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") or k == "data-evil" for k in attrs), (tag, attrs)
        for k in ("href", "src", "action", "formaction"):
            value = (attrs.get(k) or "").strip().lower()
            assert not value.startswith(("javascript:", "file:", "data:text/html", "//evil")), attrs
        if tag == "meta":
            assert "refresh" not in (attrs.get("http-equiv") or "").lower()
    for fragment in HOSTILE:
        if fragment.startswith("<") and any(fragment in t for t in texts):
            # shown to the reader, literally (bidi controls are made visible, so skip those)
            assert fragment in page.text, fragment


# -- named paths are never opened ----------------------------------------------------------

# Analyses and reports the given paths with an audit hook recording every file
# opened and every connection attempted; prints them as JSON on stdout.
AUDITED = r"""
import json, sys
opened, connected = [], []

def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        opened.append(args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace"))
    elif event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect"):
        connected.append(f"{event} {args!r}")

sys.addaudithook(hook)
import riwaya
from riwaya.report.html import render_html
from riwaya.report.markdown import render_markdown
analysis = riwaya.analyze(sys.argv[1:])
render_html(analysis)
render_markdown(analysis)
problems = [str(p) for p in analysis.problems]
leaked = "do not read this" in analysis.to_json() + render_html(analysis)
print(json.dumps({"opened": opened, "connected": connected, "problems": problems,
                  "documents": [d.id for d in analysis.documents], "leaked": leaked}))
"""

NAMES = ["/etc/passwd", "/etc/shadow", "/root/.ssh/id_rsa", "/proc/self/environ"]


SECRET = "do not read this"


def hostile_corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    """Documents naming files (one of them real and readable); returns (directory, names)."""
    secret = tmp_path / "secret.txt"   # exists and is readable: opening it would succeed
    secret.write_text(SECRET, encoding="utf-8")
    named = [*NAMES, str(secret)]
    mentions = " ".join([*named, *(f"file://{p}" for p in named), "../../../../etc/passwd",
                         "~/.bashrc", r"C:\Windows\win.ini", "\\\\server\\share\\x"])
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"قال مصدر إن 12 شخصاً قتلوا. انظر {mentions}\n", encoding="utf-8")
    (corpus / "a.meta.json").write_text(json.dumps({"url": f"file://{secret}", "outlet": "x"}),
                                        encoding="utf-8")
    links = "".join(f'<img src="{p}"><link rel="stylesheet" href="file://{p}">'
                    f'<iframe src="{p}"></iframe><script src="{p}"></script>' for p in named)
    (corpus / "b.html").write_text(
        f"<html><head><link rel=icon href='{secret}'><base href='file:///etc/'></head><body>"
        f"<article><p>قال مصدر طبي إن نحو 40 شخصاً قتلوا في الهجوم على البلدة أمس، بحسب الوزارة. "
        f"{mentions}</p>{links}<p>وأصيب 25 آخرون.</p>"
        f"<object data='{secret}'></object></article></body></html>", encoding="utf-8")
    (corpus / "c.jsonl").write_text(json.dumps({
        "id": "c", "text": f"قال مصدر إن 3 أشخاص قتلوا. {mentions}", "url": f"file://{secret}",
        "path": str(secret), "sidecar": str(secret)}, ensure_ascii=False) + "\n", encoding="utf-8")
    (corpus / "d.html").write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<html><body><article><p>قال مصدر طبي إن نحو 40 شخصاً قتلوا في الهجوم على البلدة "
        f"أمس بحسب الوزارة &xxe; وأصيب 25 آخرون في القصف على الأحياء السكنية.</p>"
        f"<p>&xxe;</p></article></body></html>", encoding="utf-8")
    return corpus, named


def test_paths_named_in_documents_are_never_opened(tmp_path: Path) -> None:
    corpus, named = hostile_corpus(tmp_path)
    proc = subprocess.run([sys.executable, "-c", AUDITED, str(corpus)], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.splitlines()[-1])
    assert sorted(seen["documents"]) == ["a", "b", "c", "d"], seen["problems"]
    assert not seen["leaked"]
    assert seen["connected"] == []
    opened = [os.path.realpath(p) for p in seen["opened"]]
    for name in named:
        assert os.path.realpath(name) not in opened, name
    assert not [p for p in opened if "passwd" in p or "shadow" in p or ".ssh" in p]

    # Everything opened is an input, riwaya's own data, Python and its
    # libraries, matplotlib's font cache and the fonts it lists (plots),
    # or the system's time-zone files (dates).
    import matplotlib

    allowed_roots = [os.path.realpath(r) for r in (
        corpus, REPO / "riwaya", sys.prefix, sys.base_prefix, sys.exec_prefix,
        matplotlib.get_cachedir(), matplotlib.get_configdir(), "/usr/share/fonts",
        "/usr/local/share/fonts", "/etc/fonts", "/usr/share/zoneinfo", "/etc/localtime",
        "/etc/timezone", "/dev/null",
    )]
    site = [os.path.realpath(p) for p in sys.path if p and "site-packages" in p]
    strays = [p for p in opened
              if not any(p == r or p.startswith(r + os.sep) for r in allowed_roots + site)]
    assert strays == [], strays


def traced_opens(strace: str, corpus: Path, cwd: Path) -> set[str] | None:
    """Paths the audited run opens, seen by strace; None when strace cannot trace here."""
    trace = cwd / f"trace-{corpus.name}.txt"
    proc = subprocess.run([strace, "-f", "-qq", "-e", "trace=open,openat,openat2,creat",
                           "-o", str(trace), sys.executable, "-c", AUDITED, str(corpus)],
                          capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if proc.returncode != 0 and not trace.exists():
        return None
    assert proc.returncode == 0, proc.stderr
    return set(re.findall(r'open(?:at2?)?\((?:[A-Z_]+, )?"([^"]*)"', trace.read_text(errors="replace")))


def test_not_even_c_code_opens_a_named_path(tmp_path: Path) -> None:
    """The same run under strace: libxml2 and friends open files without Python's audit hook.

    A control run on a harmless corpus gives what the libraries open anyway
    (a user lookup may read /etc/passwd through NSS); the hostile corpus may
    add only its own files to that.
    """
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    corpus, named = hostile_corpus(tmp_path)
    control = tmp_path / "control"
    control.mkdir()
    (control / "a.txt").write_text("قال مصدر إن 12 شخصاً قتلوا.\n", encoding="utf-8")
    (control / "b.html").write_text("<html><body><article><p>قال مصدر طبي إن نحو 40 شخصاً قتلوا "
                                     "في الهجوم على البلدة أمس بحسب الوزارة.</p></article></body>"
                                     "</html>", encoding="utf-8")
    baseline = traced_opens(strace, control, tmp_path)
    hostile = traced_opens(strace, corpus, tmp_path)
    if baseline is None or hostile is None:
        pytest.skip("strace cannot trace processes here")
    assert any(p.endswith("a.txt") for p in hostile)   # the trace really saw the run
    extra = {os.path.realpath(p) for p in hostile - baseline}
    for name in named:
        assert os.path.realpath(name) not in extra, name
    # Beyond the baseline: the inputs, and modules or data of Python and its libraries.
    roots = [os.path.realpath(r) for r in (corpus, sys.prefix, sys.base_prefix)]
    assert [p for p in extra if not any(p == r or p.startswith(r + os.sep) for r in roots)] == []
