"""The households of a book: paths, folders and globs, and one safe, unique folder each."""

from __future__ import annotations

from pathlib import Path

import pytest

from trimtab.book.sources import expand, household_keys, safe_name
from trimtab.errors import InputError


def test_keys_are_safe_and_unique_in_the_order_given() -> None:
    files = [
        "clients/Rivera household.yaml",  # the space becomes '-'
        "old/rivera-household.yml",  # the same key on a case-insensitive disk: -2
        "x/../weird/$$.yaml",  # nothing safe is left: 'household'
        "a/book.json.yaml",  # the book's own file name: -2
        "b/Rivera household.yaml",  # a third time: -3
    ]
    assert household_keys(files) == (
        "Rivera-household",
        "rivera-household-2",
        "household",
        "book.json-2",
        "Rivera-household-3",
    )


def test_safe_name_keeps_letters_digits_dots_dashes_underscores() -> None:
    assert safe_name("/tmp/Smith_Jones 2026 (joint).YAML") == "Smith_Jones-2026-joint"
    assert safe_name("..yaml") == "household"


def test_folders_globs_and_files_each_once(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "notes.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text("x")
    found = expand([str(tmp_path / "b.yaml"), str(tmp_path), str(tmp_path / "**" / "*.yaml")])
    assert found == (
        str(tmp_path / "b.yaml"),
        str(tmp_path / "a.yml"),  # the folder's files in name order; b.yaml only once
        str(tmp_path / "sub" / "c.yaml"),
    )


def test_a_missing_file_is_kept_for_its_own_failed_result(tmp_path: Path) -> None:
    assert expand([str(tmp_path / "gone.yaml")]) == (str(tmp_path / "gone.yaml"),)


def test_a_glob_or_folder_naming_nothing_is_a_command_line_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        expand([str(tmp_path / "*.yaml"), str(tmp_path)])
    assert [(p.kind, p.source.file) for p in caught.value.problems] == [
        ("no_households", str(tmp_path / "*.yaml")),
        ("no_households", str(tmp_path)),
    ]
