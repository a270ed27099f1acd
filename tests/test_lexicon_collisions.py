"""Folding makes different words one key (ئ→ي, ة→ه, the article dropped): no
lexicon entry may fold onto a common function word, or every «فيه» or «فإن»
in a report would fire it («الفئة» → «فيه» once hid «قتل فيه 5 مدنيين»)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from riwaya.text.lexicon import parse_yaml, phrase_key, word_set

COMMON = ("في فيه فيها من عن على الى إلى ان أن إن ما لا لم هذا هذه التي الذي كان كانت قد بعد "
          "قبل مع بين حتى او أو ثم كل عند منذ هو هي هم له لها به بها فان وان").split()


def _strings(node: Any):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def test_no_lexicon_word_folds_onto_a_function_word() -> None:
    common_keys = {k for w in COMMON for k in word_set([w])}
    clashes = []
    for path in resources.files("riwaya").joinpath("data").iterdir():
        if not path.name.endswith(".yaml"):
            continue
        for entry in _strings(parse_yaml(path.read_text(encoding="utf-8"))):
            if entry in COMMON or entry[:1] in "أإآ" and path.name == "numbers.yaml":
                continue   # numbers keep a radical «ال» (see riwaya/extract/numbers.py)
            key = phrase_key(entry)
            if len(key) == 1 and key[0] in common_keys:
                clashes.append(f"{path.name}: {entry!r} folds to {key[0]!r}")
    assert clashes == []


def test_a_figure_after_a_resumptive_pronoun_is_read() -> None:
    from riwaya.extract import extract_claims
    from riwaya.model import Document, Outlet

    (c,) = extract_claims(Document(id="t", text="هجوم على بلدة قتل فيه 5 مدنيين.", outlet=Outlet(name="x")))
    assert (c.quantity, c.low, c.party) == ("killed", 5, "civilians")
