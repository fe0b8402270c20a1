"""What a file given as the household is, when it is not one (issue 24, items 2 and 3)."""

from __future__ import annotations

import pytest

from trimtab.load.file_kind import head_problem


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"PK\x03\x04\x14\x00", "this is an Excel workbook (or another zip file)"),
        (b"%PDF-1.7\n", "this is a PDF document"),
        (b"\x86\x00\x01binary", "this is a binary file"),
        (b"caf\xe9 latin-1 text\n" * 3, "this is not UTF-8 text"),
        (b"<!DOCTYPE html>\n<html>", "this is an HTML page"),
        (b'{\n  "format": "trimtab.plan/1",\n', "this is a trimtab.plan/1 document (a plan"),
        (b'{"format": "trimtab.check/1"}', "(the output of `trimtab check --json`)"),
        (b"# my trades\nformat: trimtab.trades/1\n", "this is a trimtab.trades/1 document"),
        (b"format: 'trimtab.settings/1'\n", "--settings f.yaml"),
        (b"format: trimtab.account-map/1\n", "--account-map f.yaml"),
    ],
)
def test_a_file_of_another_kind_is_named(head: bytes, said: str) -> None:
    problem = head_problem("f.yaml", head)
    assert problem is not None
    assert problem.kind == "wrong_file_kind"
    assert said in problem.message
    assert problem.expected == "a household file: trimtab.household/1 YAML"


def test_the_format_line_is_where_the_problem_is() -> None:
    problem = head_problem("t.yaml", b"# a comment\n# another\nformat: trimtab.trades/1\n")
    assert problem is not None
    assert (problem.source.line, problem.source.column, problem.field) == (3, 1, "format")


@pytest.mark.parametrize(
    "head",
    [
        b"format: trimtab.household/1\nas_of: 2026-11-24\n",
        b"format: trimtab.household/2\n",  # a version the schema words itself
        b'{"format": "trimtab.household/1", "as_of": "2026-11-24"}',  # JSON is YAML
        b"as_of: 2026-11-24\n",  # no format line: the schema says it is missing
        b"name: caf\xc3\xa9\n",  # UTF-8 text
        b"name: " + "é".encode() * 5000,  # a character cut at the end of the head is text
    ],
)
def test_a_household_or_a_near_miss_is_left_to_the_yaml_reader(head: bytes) -> None:
    assert head_problem("h.yaml", head[:8192]) is None
