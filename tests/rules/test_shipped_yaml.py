"""Shipped data files read with libyaml exactly as with ruamel.yaml's YAML 1.2 safe loader.

libyaml resolves plain scalars by YAML 1.1 (`yes` is a boolean there, `1e3` text) and keeps the
last of two repeated keys; ruamel.yaml reads YAML 1.2 and refuses a repeated key. Every shipped
file must mean the same under both, so a run may use the fast one.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from trimtab.rules.shipped import DataError, load_shipped_yaml

DATA = Path(str(resources.files("trimtab") / "data"))
SHIPPED = sorted(DATA.rglob("*.yaml"))


def test_the_shipped_files_are_found() -> None:
    names = {p.relative_to(DATA).as_posix() for p in SHIPPED}
    assert {
        "securities.yaml",
        "location/tax_efficiency.yaml",
        "markets/assumptions.yaml",
        "rmd/uniform_lifetime.yaml",
        "tax/federal/2026.yaml",
    } <= names


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_a_shipped_file_reads_as_with_yaml_1_2(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reference = YAML(typ="safe", pure=True).load(text)  # raises on a repeated key
    # repr: True must not pass for 1, nor a date for its text
    assert repr(load_shipped_yaml(text)) == repr(reference)


def test_yaml_1_1_words_would_differ_and_are_caught() -> None:
    # what the check above exists for: the same text means other things under 1.1 and 1.2
    text = "a: yes\nb: 1e3\n"
    assert load_shipped_yaml(text) == {"a": True, "b": "1e3"}
    assert YAML(typ="safe", pure=True).load(text) == {"a": "yes", "b": 1000.0}


def test_a_broken_file_says_where() -> None:
    with pytest.raises(DataError, match="line 2, column 1"):
        load_shipped_yaml("a: [1, 2\n")
