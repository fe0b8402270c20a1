"""Hostile YAML (issue 22, items 1–5, 7): each is a located problem, never a hang or a crash,
and the libyaml reader and the round-trip reader give the same problem."""

from __future__ import annotations

import textwrap
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from trimtab.errors import Problem
from trimtab.load import roundtrip as roundtrip_module
from trimtab.load import tree as tree_module
from trimtab.load.roundtrip import MAX_ALIAS_NODES, parse_roundtrip
from trimtab.load.trades import read_trades
from trimtab.load.tree import MAX_DEPTH, MAX_FILE_BYTES, Tree, parse_tree, read_tree


def _problem(text: str) -> Problem:
    """The problem of ``text``, the same from both readers."""
    fast, reference = parse_tree(text, "f.yaml"), parse_roundtrip(text, "f.yaml")
    assert isinstance(fast, Problem), fast
    assert fast == reference
    return fast


def _place(problem: Problem) -> tuple[str, int, int, str]:
    return problem.kind, problem.source.line, problem.source.column, problem.field


def test_an_alias_bomb_is_refused_where_the_aliases_pass_the_bound() -> None:
    # &a holds 9 strings (10 nodes with its list); &b nine aliases of &a (1 + 9 × 10 = 91),
    # &c 1 + 9 × 91 = 820, &d 7,381, &e 66,430: by then the aliases have repeated
    # 9 × (10 + 91 + 820 + 7,381) = 74,718 nodes; the first *e (line 7, column 9) adds 66,430
    # and passes 100,000.
    lines = ["name:", "  - &a [x, x, x, x, x, x, x, x, x]"]
    for name, alias in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"  - &{name} [" + ", ".join([f"*{alias}"] * 9) + "]")
    problem = _problem("\n".join(lines) + "\n")
    assert _place(problem) == ("yaml_aliases", 7, 9, "name[5][0]")
    assert f"{MAX_ALIAS_NODES:,}" in problem.message


def test_a_few_aliases_are_read_as_before() -> None:
    tree = parse_tree("a: &x {id: L1}\nb: [*x, *x]\n", "f.yaml")
    assert isinstance(tree, Tree)
    assert tree.data == {"a": {"id": "L1"}, "b": [{"id": "L1"}, {"id": "L1"}]}


def test_nesting_deeper_than_the_limit_is_refused_at_the_level_past_it() -> None:
    # 1,000 `[`: the top mapping is level 1, so the 64th `[` (column 7 + 63 = 70) would be
    # level 65, one past MAX_DEPTH
    problem = _problem("name: " + "[" * 1000 + "]" * 1000 + "\n")
    assert _place(problem) == ("yaml_too_deep", 1, 6 + MAX_DEPTH, "name[0][0][0]")


def test_nesting_at_the_limit_is_read() -> None:
    # the top mapping and 63 lists: 64 levels
    tree = parse_tree("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", "f.yaml")
    assert isinstance(tree, Tree)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("name: !!python/object/apply:os.system ['echo owned']\n", 7),
        ("name: !!python/name:os.system\n", 7),
        ("name: !custom x\n", 7),
        ("name: !!binary aGVsbG8=\n", 7),
        ("name: !!set {a, b}\n", 7),
        ("name: !!int 12500.5\n", 7),
        ("name: !!float abc\n", 7),
        ("name: !!bool maybe\n", 7),
    ],
)
def test_a_tag_other_than_the_core_types_is_refused(text: str, column: int) -> None:
    assert _place(_problem(text)) == ("yaml_tag", 1, column, "name")


def test_core_tags_on_values_of_their_type_are_read() -> None:
    tree = parse_tree("a: !!str 12\nb: !!int 12\nc: !!float 1.5\nd: !!bool true\n", "f.yaml")
    assert isinstance(tree, Tree)
    assert tree.data == {"a": "12", "b": 12, "c": Decimal("1.5"), "d": True}


def test_a_merge_key_works_and_merged_keys_stand_where_they_were_written() -> None:
    text = textwrap.dedent(
        """\
        lots:
          - &lot {id: A1, acquired: 2020-01-02, quantity: 10}
          - <<: *lot
            id: A2
        """
    )
    tree = parse_tree(text, "f.yaml")
    assert isinstance(tree, Tree)
    assert tree.data["lots"][1] == {"id": "A2", "acquired": "2020-01-02", "quantity": 10}
    assert tree.positions[("lots", 1, "id")] == (4, 5)  # its own key
    assert tree.positions[("lots", 1, "acquired")] == (2, 19)  # where A1's `acquired` stands


def test_a_reused_anchor_reads_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tree = parse_tree("a: &x 1\nb: &x 2\nc: *x\n", "f.yaml")
    assert isinstance(tree, Tree)
    assert tree.data == {"a": 1, "b": 2, "c": 2}


def test_a_lone_surrogate_is_refused_and_an_emoji_is_read() -> None:
    assert _place(_problem('name: "Pat \\ud800"\n')) == ("not_text", 1, 7, "name")
    tree = parse_tree('name: "\\U0001F680 שלום"\n', "f.yaml")
    assert isinstance(tree, Tree)
    assert tree.data == {"name": "🚀 שלום"}


@pytest.mark.parametrize("number", ["1" * 5000, "0b_", "0x_", "._"])
def test_a_number_python_cannot_convert_is_a_located_problem(number: str) -> None:
    assert _place(_problem(f"cash: {number}\n")) == ("bad_number", 1, 7, "cash")


def test_a_file_past_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:  # a sparse file: no 50 MB written
        stream.truncate(MAX_FILE_BYTES + 1)
    problem = read_tree(big)
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.source.line, problem.field) == ("file_too_large", 0, "(document)")
    assert problem.message == (
        "the file is larger than 50 MB; trimtab reads YAML files of up to 50 MB "
        "(docs/household-format.md, Limits)"
    )
    assert isinstance(parse_tree("x" * (MAX_FILE_BYTES + 1), "f.yaml"), Problem)


def test_a_json_trade_list_with_tabs_gets_the_same_located_problems(tmp_path: Path) -> None:
    # A tab in the indentation sends JSON to the round-trip reader, which still refuses a lone
    # surrogate and deep nesting with their place; the plain-JSON fallback takes neither.
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text('{"format": "trimtab.trades/1",\n\t"trades": [{"id": "T\\ud800"}]}\n')
    deep = tmp_path / "deep.json"
    deep.write_text(
        '{"format": "trimtab.trades/1",\n\t"trades": ' + "[" * 3000 + "]" * 3000 + "}\n"
    )
    places = []
    for path in (surrogate, deep):
        trades, problems = read_trades(path, as_of=date(2026, 11, 24))
        assert trades is None
        places += [(p.kind, p.source.line, p.field) for p in problems]
    assert places == [("not_text", 2, "trades[0].id"), ("yaml_too_deep", 2, "trades[0][0][0]")]


def test_a_file_of_too_many_values_is_refused_by_both_readers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the bound lowered to 10 values: a list of 20 passes it, in the fast reader and (an
    # anchor sends the second text to it) in the round-trip reader
    monkeypatch.setattr(tree_module, "MAX_NODES", 10)
    monkeypatch.setattr(roundtrip_module, "MAX_NODES", 10)
    for text in ("- 1\n" * 20, "- &x 1\n" + "- 1\n" * 19):
        problem = parse_tree(text, "f.yaml")
        assert isinstance(problem, Problem)
        assert (problem.kind, problem.source.line) == ("file_too_large", 0)
        assert problem.message == "the file holds more than 10 values"
