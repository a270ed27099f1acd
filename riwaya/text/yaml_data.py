"""Reading riwaya's YAML data files: one loader, one parse per file per process.

Kept apart from :mod:`riwaya.text.lexicon` because the loader subclasses
PyYAML's (a plain Python class), while the lexicon's phrase matching is
compiled (see ``setup.py``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

_BOOL = "tag:yaml.org,2002:bool"


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML for word lists: libyaml's parser when built, and only true/false as booleans.

    YAML 1.1 (PyYAML's default) reads an unquoted yes/no/on/off as a
    boolean, so the English words «no» and «on» in a list of negators or
    stop words would arrive as False and True. Data files are lists of
    words first; YAML 1.2 keeps only true/false as booleans, and so do we.
    """


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def parse_yaml(text: str) -> Any:
    """Parse a data file's YAML text (see :class:`_DataLoader`)."""
    return yaml.load(text, Loader=_DataLoader)


@cache
def load(name: str) -> Any:
    """Parse ``riwaya/data/<name>.yaml`` once per process."""
    text = resources.files("riwaya").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return parse_yaml(text)
