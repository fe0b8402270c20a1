"""Importing into a hand-edited household file replaces only what the issue says, byte for byte.

household_before.yaml has hand-written targets, bands over two lines, settings, account fields
(min_cash, relief_method, buy_menu, tradable, prior_year_end_value), restrictions, recurring
purchases and comments; expected/household_after.yaml is what the import must write. The rest
of the file is compared line by line: only the imported values may differ.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from trimtab.errors import errors_only
from trimtab.importers import run_import
from trimtab.load import read_household
from trimtab.pipeline import check_household

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
BEFORE = DATA / "household_before.yaml"
AFTER = DATA / "expected" / "household_after.yaml"
SOURCES = [
    DATA / "schwab" / "Intelligent-Positions-2026-11-24.CSV",
    DATA / "schwab" / "lots" / "SCHA.csv",
    DATA / "schwab" / "Intelligent_Transactions_20261124-180120.CSV",
    DATA / "schwab" / "All-Accounts-Positions-2026-11-24.CSV",
]

# The lines of household_before.yaml the import may change, and why.
REPLACED = {
    5: "as_of",
    29: "the price of SCHA",
    32: "the price of SCHB",
    43: "the cash of ana-intelligent",
    51: "SCHB of ana-intelligent, no longer held",
    78: "a row of ana-intelligent the history does not list",
}


def imported(tmp_path: Path, before: Path = BEFORE) -> tuple[Path, str]:
    into = tmp_path / "household.yaml"
    shutil.copy(before, into)
    result = run_import(SOURCES, into, None)
    assert result.ok, [str(p) for p in result.problems]
    assert result.text is not None
    return into, result.text


def test_the_import_writes_the_expected_file(tmp_path: Path) -> None:
    _, text = imported(tmp_path)
    assert text == AFTER.read_text()


def test_every_other_line_is_kept_byte_for_byte(tmp_path: Path) -> None:
    _, text = imported(tmp_path)
    old = BEFORE.read_text().splitlines(keepends=True)
    new = text.splitlines(keepends=True)
    changed: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag in {"replace", "delete"}:
            changed.update(range(i1 + 1, i2 + 1))
    assert changed == set(REPLACED)


def test_a_second_import_of_the_same_files_is_byte_identical(tmp_path: Path) -> None:
    into, first = imported(tmp_path)
    into.write_text(first)
    again = run_import(SOURCES, into, None)
    assert again.text == first
    assert not again.summary.changed


def test_lot_ids_are_kept_and_stable(tmp_path: Path) -> None:
    into, first = imported(tmp_path)
    into.write_text(first)
    ids = _lot_ids(into)
    assert ids["ana-intelligent", "SCHA"] == ("SCHA-2025", "ana-intelligent/SCHA/2026-11-02/1")
    assert ids["joint", "SCHB"] == ("joint/SCHB/2019-03-04/1", "joint/SCHB/2021-06-01/1")
    second = run_import(SOURCES, into, None)
    assert second.text is not None
    into.write_text(second.text)
    assert _lot_ids(into) == ids


def _lot_ids(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    household, problems = read_household(path)
    assert household is not None, [str(p) for p in problems]
    return {
        (a.id, h.symbol): tuple(lot.id for lot in h.lots)
        for a in household.accounts
        for h in a.holdings
    }


def test_the_imported_file_passes_check_household(tmp_path: Path) -> None:
    into, text = imported(tmp_path)
    into.write_text(text)
    household, problems = check_household(into)
    assert household is not None
    assert not errors_only(problems)


def test_crlf_files_stay_crlf(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(BEFORE.read_bytes().replace(b"\n", b"\r\n"))
    _, text = imported(tmp_path, crlf)
    assert text == AFTER.read_text().replace("\n", "\r\n")


def test_nothing_is_returned_to_write_when_an_export_has_an_error(tmp_path: Path) -> None:
    into = tmp_path / "household.yaml"
    shutil.copy(BEFORE, into)
    result = run_import([*SOURCES, DATA / "bad" / "schwab_positions_bad_quantity.csv"], into, None)
    assert result.text is None
    assert not result.ok
    assert into.read_bytes() == BEFORE.read_bytes()


@pytest.mark.parametrize("year", [2025])
def test_a_tax_year_that_no_longer_matches_as_of_is_a_warning(tmp_path: Path, year: int) -> None:
    stale = tmp_path / "stale.yaml"
    stale.write_text(BEFORE.read_text().replace("  year: 2026", f"  year: {year}"))
    result = run_import(SOURCES, stale, None)
    found = [
        (p.kind, p.severity.value, p.source.line) for p in result.problems if p.field == "tax.year"
    ]
    assert found == [("tax_year_stale", "warning", 8)]
    assert result.ok
