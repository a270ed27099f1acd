"""Folding makes different words one key (ئ→ي, ة→ه, the article dropped): no
lexicon entry may fold onto a common function word, or every «فيه» or «فإن»
in a report would fire it («الفئة» → «فيه» once hid «قتل فيه 5 مدنيين»)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from riwaya.text.lexicon import phrase_key, word_set
from riwaya.text.yaml_data import parse_yaml

COMMON = ("في فيه فيها من عن على الى إلى ان أن إن ما لا لم هذا هذه التي الذي كان كانت قد بعد "
          "قبل مع بين حتى او أو ثم كل عند منذ هو هي هم له لها به بها فان وان").split()


#: Lists whose job is to hold function words: «وإن» among the words that end a
#: person's name is meant to match every «وإن».
FUNCTION_WORD_LISTS = {("persons.yaml", "terminators")}


def _strings(node: Any, key: str | None = None):
    """(top-level key, entry) for every string in a data file."""
    if isinstance(node, dict):
        for k, value in node.items():
            yield from _strings(value, k if key is None else key)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, key)
    elif isinstance(node, str):
        yield key, node


def test_no_lexicon_word_folds_onto_a_function_word() -> None:
    common_keys = {k for w in COMMON for k in word_set([w])}
    clashes = []
    for path in resources.files("riwaya").joinpath("data").iterdir():
        if not path.name.endswith(".yaml"):
            continue
        for key, entry in _strings(parse_yaml(path.read_text(encoding="utf-8"))):
            if (path.name, key) in FUNCTION_WORD_LISTS:
                continue
            if entry in COMMON or entry[:1] in "أإآ" and path.name == "numbers.yaml":
                continue   # numbers keep a radical «ال» (see riwaya/extract/numbers.py)
            folded = phrase_key(entry)
            if len(folded) == 1 and folded[0] in common_keys:
                clashes.append(f"{path.name}: {entry!r} folds to {folded[0]!r}")
    assert clashes == []


def test_a_figure_after_a_resumptive_pronoun_is_read() -> None:
    from riwaya.extract import extract_claims
    from riwaya.model import Document, Outlet

    (c,) = extract_claims(Document(id="t", text="هجوم على بلدة قتل فيه 5 مدنيين.", outlet=Outlet(name="x")))
    assert (c.quantity, c.low, c.party) == ("killed", 5, "civilians")
