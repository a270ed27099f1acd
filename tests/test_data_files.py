"""The data files a linguist edits are read as written: words stay words."""

from __future__ import annotations

from importlib import resources
from typing import Any

from riwaya.extract.actors import load as load_actors
from riwaya.text.yaml_data import load, parse_yaml


def _list_items(node: Any):
    if isinstance(node, dict):
        for value in node.values():
            yield from _list_items(value)
    elif isinstance(node, list):
        for value in node:
            yield value
            yield from _list_items(value)


def test_yes_no_on_off_are_words_and_true_false_are_booleans() -> None:
    # YAML 1.1 would read the first four as booleans: «no» would vanish from
    # a list of negators and «on» from a list of stop words.
    assert parse_yaml("[no, on, yes, off, No, ON, true, false]") == \
        ["no", "on", "yes", "off", "No", "ON", True, False]
    assert parse_yaml("relay: true\nafter_verb: False\n") == {"relay": True, "after_verb": False}


def test_no_word_list_in_the_shipped_data_holds_a_boolean() -> None:
    names = [p.name[:-5] for p in resources.files("riwaya").joinpath("data").iterdir()
             if p.name.endswith(".yaml")]
    assert "quantities" in names and "attribution" in names
    booleans = [(n, item) for n in names for item in _list_items(load(n)) if isinstance(item, bool)]
    assert booleans == []
    assert "no" in load("quantities")["denial"]["negators"]
    assert "on" in load("attribution")["stops"]


def test_an_actor_alias_spelled_like_a_yaml_boolean_stays_a_name(tmp_path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - canonical: On\n    kind: party\n    aliases: [Yes, off]\n",
                    encoding="utf-8")
    lex = load_actors(path)
    assert lex.problems == []
    assert [a.canonical for a in lex.actors] == ["On"]
    assert lex.actors[0].aliases == ("Yes", "off")
