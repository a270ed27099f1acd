"""Very large documents: chunked extraction, lead-only reconciliation, capped sentences.

A 100 MB dump must be extracted in bounded memory and linear time without
changing what an ordinary report yields; these pin the mechanisms with
small limits so they run in milliseconds.
"""

from __future__ import annotations

import pytest

import riwaya.pipeline as pipeline
from riwaya.extract import extract_claims
from riwaya.model import Document
from riwaya.text.normalize import normalize
from riwaya.text.segment import MAX_SENTENCE_TOKENS, split_sentences
from riwaya.text.tokens import tokenize

# Written for these tests: two short paragraphs of report prose.
PARAGRAPHS = [
    "قال مصدر طبي إن نحو 12 شخصاً قتلوا في القصف على البلدة أمس.",
    "وأصيب أكثر من 30 آخرين بجروح متفاوتة، بحسب وزارة الصحة.",
]


def test_chunks_cover_the_text_and_end_at_paragraphs() -> None:
    text = "\n\n".join(PARAGRAPHS * 40)
    bounds = list(pipeline.chunk_bounds(text, 500))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b <= a + 500 for a, b in bounds)
    assert all(bounds[k][1] == bounds[k + 1][0] for k in range(len(bounds) - 1))   # no gap, no overlap
    assert all(text[b - 2:b] == "\n\n" for _a, b in bounds[:-1])                   # paragraph ends


@pytest.mark.parametrize("text", ["ب" * 2000, "كلمة " * 400, "«" * 1234])
def test_chunks_of_text_without_paragraphs(text: str) -> None:
    bounds = list(pipeline.chunk_bounds(text, 300))
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(b - a <= 300 for a, b in bounds)


def test_chunked_document_gives_the_same_claims_as_whole() -> None:
    text = "\n\n".join(PARAGRAPHS * 30)
    whole = extract_claims(Document(id="d", text=text))
    doc = Document(id="d", text=text)
    chunked = pipeline.extract_document(doc, chunk_chars=400)
    assert len(list(pipeline.chunk_bounds(text, 400))) > 5
    key = [(c.start, c.end, c.quantity, c.low, c.high, c.qualifier, c.source.name, c.source.start,
            c.figure_start, c.sentence_start) for c in whole]
    assert [(c.start, c.end, c.quantity, c.low, c.high, c.qualifier, c.source.name, c.source.start,
             c.figure_start, c.sentence_start) for c in chunked] == key
    assert [c.id for c in chunked] == [f"d#c{k}" for k in range(1, len(chunked) + 1)]
    for c in chunked:
        assert text[c.start:c.end] == c.text
        if c.source.start is not None:
            assert text[c.source.start:c.source.end].strip('"«» ') in c.source.name


def test_reconciling_a_huge_document_reads_its_lead_but_places_every_claim(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("riwaya.reconcile")
    monkeypatch.setattr(pipeline, "RECONCILE_CHARS", 600)
    text = "\n\n".join(PARAGRAPHS * 20)
    doc = Document(id="big", text=text)
    claims = pipeline.extract_document(doc)
    seen: list[int] = []
    from riwaya import reconcile as stage

    real = stage.reconcile

    def spy(documents, claims_in):  # type: ignore[no-untyped-def]
        seen.append(max(len(d.text) for d in documents))
        return real(documents, claims_in)

    monkeypatch.setattr(stage, "reconcile", spy)
    incidents = pipeline.reconcile_incidents([doc], claims)
    assert seen and seen[0] <= 600                      # only the lead was read
    assert len(incidents) == 1
    assert {c.incident for c in claims if not c.context} == {incidents[0].id}
    assert doc.text == text                             # the document itself is untouched


def test_overlong_sentence_is_cut_after_a_clause_mark() -> None:
    text = "قتل 5 أشخاص، " * 200          # 800 tokens, no full stop
    norm = normalize(text)
    tokens = tokenize(norm)
    sentences = split_sentences(norm.text, tokens)
    assert len(sentences) > 1
    assert sentences[0].t0 == 0 and sentences[-1].t1 == len(tokens)
    assert all(s.t1 == n.t0 for s, n in zip(sentences, sentences[1:], strict=False))   # contiguous
    assert all(s.t1 - s.t0 <= MAX_SENTENCE_TOKENS for s in sentences)
    assert all(tokens[s.t1 - 1].text == "،" for s in sentences[:-1])   # cut after a comma
    assert [s.line_start for s in sentences] == [True] + [False] * (len(sentences) - 1)


def test_sentence_without_any_mark_is_cut_at_the_cap() -> None:
    text = "كلمة " * (MAX_SENTENCE_TOKENS * 2 + 7)
    norm = normalize(text)
    sentences = split_sentences(norm.text, tokenize(norm))
    assert [s.t1 - s.t0 for s in sentences] == [MAX_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS, 7]


def test_ordinary_sentences_are_not_cut() -> None:
    text = "\n".join(PARAGRAPHS)
    norm = normalize(text)
    sentences = split_sentences(norm.text, tokenize(norm))
    assert len(sentences) == 2
