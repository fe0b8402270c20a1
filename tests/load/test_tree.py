"""The YAML tree: values by the YAML 1.2 core schema, where each key and item stood, and the
libyaml reader giving exactly what the round-trip reader (ruamel.yaml) gives.

Positions are counted by hand: line and column are 1-based; a mapping entry stands where its
key starts, a list item where the item starts (the `{` of a flow mapping, the first key of a
block one).
"""

from __future__ import annotations

import random
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab.errors import Problem
from trimtab.load.roundtrip import parse_roundtrip
from trimtab.load.tree import HAS_LIBYAML, Tree, parse_plain, parse_tree, plain_scalar

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    [*(ROOT / "tests" / "data").rglob("*.yaml"), *(ROOT / "examples").rglob("*.yaml")]
)

HOUSEHOLD = textwrap.dedent(
    """\
    format: trimtab.household/1
    accounts:
      - id: ira
        owners: [ana, "luis"]
        holdings:
          - symbol: VTI
            lots:
              - {id: L1, acquired: 2020-01-02, quantity: 10, cost: 1500.50}
              - id: L2
                cost: 7
    targets: {us_large_cap: 60,
      ig_bonds: 40}
    """
)


def _same(a: Tree | Problem, b: Tree | Problem) -> bool:
    """Equal trees (data compared by repr, so 1 != True and Decimal('1.0') != Decimal('1.00'))
    or equal problems."""
    if isinstance(a, Tree) and isinstance(b, Tree):
        return repr(a.data) == repr(b.data) and dict(a.positions) == dict(b.positions)
    return a == b


def _outcome(parse: Any, text: str) -> Any:
    """What a reader gives for ``text``: its tree or problem, or the exception it raised."""
    try:
        return parse(text, "f.yaml")
    except Exception as error:  # the round-trip reader lets some odd numbers raise
        return (type(error), str(error))


def _agree(text: str) -> bool:
    fast, reference = _outcome(parse_tree, text), _outcome(parse_roundtrip, text)
    if isinstance(fast, Tree | Problem) and isinstance(reference, Tree | Problem):
        return _same(fast, reference)
    return bool(fast == reference)


def test_libyaml_is_there() -> None:
    assert HAS_LIBYAML


# --- positions -------------------------------------------------------------------------


def test_keys_and_items_stand_where_they_start_in_block_and_flow_style() -> None:
    tree = parse_plain(HOUSEHOLD, "h.yaml")
    assert tree is not None
    lots = ("accounts", 0, "holdings", 0, "lots")
    assert tree.positions[("format",)] == (1, 1)
    assert tree.positions[("accounts",)] == (2, 1)
    # "  - id: ira": the item is its block mapping, which starts at its first key
    assert tree.positions[("accounts", 0)] == (3, 5)
    assert tree.positions[("accounts", 0, "id")] == (3, 5)
    # '    owners: [ana, "luis"]': items of a flow list, the quoted one at its quote
    assert tree.positions[("accounts", 0, "owners")] == (4, 5)
    assert tree.positions[("accounts", 0, "owners", 0)] == (4, 14)
    assert tree.positions[("accounts", 0, "owners", 1)] == (4, 19)
    assert tree.positions[("accounts", 0, "holdings", 0)] == (6, 9)
    assert tree.positions[(*lots[:-1], "symbol")] == (6, 9)
    assert tree.positions[lots] == (7, 9)
    # "          - {id: L1, acquired: 2020-01-02, quantity: 10, cost: 1500.50}"
    #  '{' is column 13; "id: L1, " is 8 wide, "acquired: 2020-01-02, " 22, "quantity: 10, " 14
    assert tree.positions[(*lots, 0)] == (8, 13)
    assert tree.positions[(*lots, 0, "id")] == (8, 14)
    assert tree.positions[(*lots, 0, "acquired")] == (8, 22)
    assert tree.positions[(*lots, 0, "quantity")] == (8, 44)
    assert tree.positions[(*lots, 0, "cost")] == (8, 58)
    assert tree.positions[(*lots, 1)] == (9, 13)
    assert tree.positions[(*lots, 1, "cost")] == (10, 13)
    # a flow mapping over two lines
    assert tree.positions[("targets",)] == (11, 1)
    assert tree.positions[("targets", "us_large_cap")] == (11, 11)
    assert tree.positions[("targets", "ig_bonds")] == (12, 3)


def test_a_source_names_the_deepest_node_in_the_file() -> None:
    tree = parse_plain(HOUSEHOLD, "h.yaml")
    assert tree is not None
    cost = tree.source(("accounts", 0, "holdings", 0, "lots", 0, "cost"))
    assert (cost.file, cost.line, cost.column) == ("h.yaml", 8, 58)
    assert cost.field == "accounts[0].holdings[0].lots[0].cost"
    # a missing key is placed at its mapping's item
    missing = tree.source(("accounts", 0, "holdings", 0, "lots", 1, "acquired"))
    assert (missing.line, missing.column) == (9, 13)
    assert missing.field == "accounts[0].holdings[0].lots[1].acquired"


def test_the_data_is_plain() -> None:
    tree = parse_plain(HOUSEHOLD, "h.yaml")
    assert tree is not None
    lot = tree.data["accounts"][0]["holdings"][0]["lots"][0]
    assert lot == {
        "id": "L1",
        "acquired": "2020-01-02",
        "quantity": 10,
        "cost": Decimal("1500.5"),
    }
    assert tree.data["targets"] == {"us_large_cap": 60, "ig_bonds": 40}


# --- values ----------------------------------------------------------------------------

VALUES = [
    # YAML 1.2 core schema, as ruamel.yaml reads it
    ("017", 17),  # a leading zero is decimal, not octal
    ("0o17", 15),
    ("0x1F", 31),
    ("0b101", 5),
    ("-12", -12),
    ("+12", 12),
    ("1_000", 1000),
    ("true", True),
    ("FALSE", False),
    ("on", "on"),  # YAML 1.1's booleans are text
    ("yes", "yes"),
    ("~", None),
    ("", None),
    ("Null", None),
    # floats through their shortest repr: never binary noise, ".0" kept as Python writes it
    ("0.1", Decimal("0.1")),
    ("1500.50", Decimal("1500.5")),
    ("282.00", Decimal("282.0")),
    ("1e3", Decimal("1000.0")),
    ("1.5E-7", Decimal("1.5E-7")),
    (".5", Decimal("0.5")),
    ("-0.0", Decimal("-0.0")),
    ("-.inf", Decimal("-Infinity")),
    ("0.30000000000000004", Decimal("0.30000000000000004")),
    # text
    ("2024-01-05", "2024-01-05"),  # dates stay text
    ("1:30", "1:30"),  # no sexagesimal numbers
    ("1e", "1e"),
    ("_1", "_1"),
    ("VTI", "VTI"),
]


@pytest.mark.parametrize(("text", "value"), VALUES, ids=[repr(t) for t, _ in VALUES])
def test_a_plain_scalar_reads_by_the_core_schema(text: str, value: object) -> None:
    tree = parse_plain(f"a: {text}\n", "f.yaml")
    assert tree is not None
    assert repr(tree.data["a"]) == repr(value)


def test_quoted_and_block_scalars_are_text() -> None:
    text = "a: '12'\nb: \"true\"\nc: |\n  x\n  y\nd: >\n  x\n  y\n"
    tree = parse_plain(text, "f.yaml")
    assert tree is not None
    assert tree.data == {"a": "12", "b": "true", "c": "x\ny\n", "d": "x y\n"}


@given(st.from_regex(r"-?[0-9]{1,17}\.[0-9]{1,17}", fullmatch=True))
@example("0.000012345")
@example("99999999999999.99")
@example("123456789012345.0")
@example("0.00")
@example("1234567890.123456789")
def test_a_decimal_is_the_number_its_text_says(text: str) -> None:
    # Every digit counts (issue 30): a float would hold 1234567890.123456789 as
    # 1234567890.1234567. Where the float is that same number, the value is written as
    # the float's shortest repr, as before (1500.50 -> 1500.5, 282.00 -> 282.0).
    value = plain_scalar(text)
    assert value == Decimal(text)
    shortest = Decimal(repr(float(text)))
    if shortest == Decimal(text):
        assert repr(value) == repr(shortest)


# 1234567890.123456789 has 19 significant digits; a binary float keeps about 17
# (1234567890.1234567), so only an exact reading gives all nineteen back.
EXACT = [
    ("1234567890.123456789", Decimal("1234567890.123456789")),
    ("-1234567890.123456789", Decimal("-1234567890.123456789")),
    ("0.10000000000000001", Decimal("0.10000000000000001")),  # the float says 0.1
    ("1_234_567_890.123_456_789", Decimal("1234567890.123456789")),
    ("1.234567890123456789e9", Decimal("1234567890.123456789")),
]


@pytest.mark.parametrize(("text", "value"), EXACT, ids=[t for t, _ in EXACT])
def test_a_long_number_is_read_exactly_by_both_readers(text: str, value: Decimal) -> None:
    # The fast reader, and the round-trip one (a tag sends a file there) with and without
    # an explicit !!float, give the same digits.
    for reader, yaml in (
        (parse_tree, f"cash: {text}\n"),
        (parse_roundtrip, f"cash: {text}\n"),
        (parse_roundtrip, f"cash: !!float {text}\n"),
    ):
        tree = reader(yaml, "f.yaml")
        assert isinstance(tree, Tree), tree
        assert tree.data["cash"] == value
        assert str(tree.data["cash"]) == str(value)


# --- the same as the round-trip reader -------------------------------------------------


@pytest.mark.parametrize("path", YAML_FILES, ids=[p.name for p in YAML_FILES])
def test_every_data_file_reads_as_with_ruamel(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _same(parse_tree(text, str(path)), parse_roundtrip(text, str(path)))


HOUSEHOLD_FILES = [ROOT / "examples" / "household.yaml", ROOT / "tests" / "data" / "minimal.yaml"]
HOUSEHOLD_FILES += sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml"))


# A syntax error and the hostile files of issue 22, which the round-trip reader refuses (or, a
# merge key, reads).
ROUND_TRIP_FILES = {
    "yaml_syntax.yaml",
    "alias_bomb.yaml",
    "deep_nesting.yaml",
    "lone_surrogate.yaml",
    "merge_key_lot.yaml",
    "number_too_long.yaml",
    "yaml_tag_int.yaml",
    "yaml_tag_python.yaml",
}


@pytest.mark.parametrize("path", HOUSEHOLD_FILES, ids=[p.name for p in HOUSEHOLD_FILES])
def test_household_files_are_read_by_libyaml(path: Path) -> None:
    """Only a file with a YAML syntax error or hostile YAML needs the round-trip reader."""
    fast = parse_plain(path.read_text(encoding="utf-8"), str(path))
    assert (fast is None) == (path.name in ROUND_TRIP_FILES)


HANDED_OVER = {
    "repeated key": "a: 1\na: 2\n",
    "repeated key, one quoted": "a: 1\n'a': 2\n",
    "anchor and alias": "a: &x true\nb: *x\n",
    "anchor alone": "a: &x 5\n",
    "merge key": "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
    "inline merge key": "m:\n  <<: {x: 1}\n  y: 2\n",
    "tags": "a: !!str 5\nb: !!float 3\nc: !foo bar\n",
    "non-specific tag": "a: ! 5\n",
    "directive": "%YAML 1.1\n---\na: on\n",
    "number keys": "1: a\n2.5: b\n",
    "boolean key": "true: a\n",
    "null key": "~: a\n",
    "complex key": "? [a, b]\n: c\n",
    "two documents": "- a\n---\n- c\n",
    "syntax error": "a: [1, 2\n",
    "tab": "a: 5\tb\n",
    "line separator": "a: [1,\u2028 2]\nb: 1\n",
    "byte-order mark inside": "a: 1\n\ufeffb: 2\n",
    "comment glued to a block scalar": "a: >#c\n  x\n",
    "pair without braces in a flow list": '["a":1, b: 2]\n',
    "explicit pair in a flow list": '[? "a":b]\n',
    "unconvertible number": "a: ._\n",
    "deep nesting": "a: " + "[" * 100 + "]" * 100 + "\n",
}


@pytest.mark.parametrize("text", HANDED_OVER.values(), ids=HANDED_OVER.keys())
def test_what_libyaml_does_not_read_goes_to_the_round_trip_reader(text: str) -> None:
    assert parse_plain(text, "f.yaml") is None
    assert _agree(text)


def test_a_repeated_key_is_reported_as_before() -> None:
    problem = parse_tree("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.source.line, problem.source.column) == ("yaml_syntax", 3, 1)
    assert problem.message.startswith('not valid YAML: found duplicate key "a"')


def test_a_byte_order_mark_at_the_start_is_read_by_libyaml() -> None:
    tree = parse_plain("\ufeffa: 1\n", "f.yaml")
    assert tree is not None
    assert (tree.data, tree.positions[("a",)]) == ({"a": 1}, (1, 1))


def test_empty_and_scalar_documents() -> None:
    for text, data in (("", None), ("# only a comment\n", None), ("---\n", None), ("x", "x")):
        tree = parse_plain(text, "f.yaml")
        assert tree is not None
        assert (tree.data, dict(tree.positions)) == (data, {(): (1, 1)})


SCALARS = "0123456789._-+eExXoObB:tTrRuUfFaAlLsSnNiI~ <=#'\"%@`|>!&*[]{},?\\"


def test_odd_scalars_read_as_with_ruamel() -> None:
    rng = random.Random(18)
    for _ in range(300):
        word = "".join(rng.choice(SCALARS) for _ in range(rng.randint(0, 6)))
        for text in (f"a: {word}\n", f"{word}: 1\n", f"[{word}]\n", f"- {word}\n- x\n"):
            assert _agree(text), text


TOKENS = ["[", "]", "{", "}", ",", ":", ": ", '"a"', "'b'", "c", "? ", " ", "\n", "\n  ", "1"]
TOKENS += ["- ", "#x\n", '"', "'", "d e", "1.5", "true", "|\n  x\n", ">\n  y\n", "---\n", "k: "]
TOKENS += ["  ", "\r\n", "é", "=", "<<", "~", "\\", "@", "`", "%", "!", "&a ", "*a"]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::ruamel.yaml.error.YAMLWarning")  # a reused anchor
def test_token_soups_read_as_with_ruamel() -> None:
    """Short random runs of YAML's indicators: flow and block, keys and items, broken or not."""
    rng = random.Random(18)
    for _ in range(1500):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 12)))
        assert _agree(text), text


MUTATIONS = [":", "-", " ", "  ", "\n", "[", "]", "{", "}", ",", "'", '"', "#", "?", "|"]
MUTATIONS += [">", "!", "`", "\\", "0", ".", "e", "\r\n", "é", "---\n", "~", "x: ", "- "]
MUTATIONS += ["\r", "%", "&a ", "*a", "<<: ", "=", "1.5", "-.inf", "2024-01-01", "\t"]


@pytest.mark.slow
def test_mutated_files_read_as_with_ruamel() -> None:
    """Broken and odd variants of the small test files: the same tree or the same problem."""
    texts = [p.read_text(encoding="utf-8") for p in YAML_FILES if p.stat().st_size < 3000]
    rng = random.Random(2026)
    for _ in range(400):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            if rng.random() < 0.6:
                text = text[:at] + rng.choice(MUTATIONS) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 3) :]
        assert _agree(text), text
