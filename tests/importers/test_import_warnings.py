"""Warnings name the place and let the import go on: unknown symbols, dates to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

from trimtab.errors import Severity
from trimtab.importers import run_import

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
ROLLOVER = DATA / "schwab" / "Rollover-Positions-2026-11-24.CSV"
HISTORY = DATA / "schwab" / "Intelligent_Transactions_20261124-180120.CSV"


def warnings(result: object) -> list[tuple[str, int, int]]:
    problems = getattr(result, "problems", ())
    return [
        (p.kind, p.source.line, p.source.column)
        for p in problems
        if p.severity is Severity.WARNING and p.kind != "advisor_section_missing"
    ]


def test_a_symbol_outside_the_securities_master_is_imported_with_a_warning(
    tmp_path: Path,
) -> None:
    export = tmp_path / "positions.csv"
    export.write_bytes(ROLLOVER.read_bytes().replace(b'"VEA","VANGUARD', b'"ZZZQ","ACME'))
    result = run_import([export], tmp_path / "h.yaml", None)
    assert result.ok
    assert warnings(result) == [("unknown_symbol", 4, 1)]
    assert result.text is not None and "{symbol: ZZZQ, quantity: 200}" in result.text


def test_a_symbol_the_file_classifies_is_known(tmp_path: Path) -> None:
    export = tmp_path / "positions.csv"
    export.write_bytes(ROLLOVER.read_bytes().replace(b'"VEA","VANGUARD', b'"ZZZQ","ACME'))
    into = tmp_path / "h.yaml"
    into.write_text(
        "format: trimtab.household/1\nas_of: 2026-11-01\naccounts: []\n"
        "securities:\n  ZZZQ: {asset_class: intl_developed}\n"
    )
    result = run_import([export], into, None)
    assert warnings(result) == []


def test_trades_after_as_of_are_kept_with_one_warning(tmp_path: Path) -> None:
    into = tmp_path / "h.yaml"
    into.write_text(
        (DATA / "base_household.yaml").read_text().replace("as_of: 2026-11-24", "as_of: 2026-11-03")
    )
    result = run_import([HISTORY], into, None)
    assert result.ok
    assert ("trade_after_as_of", 3, 2) in warnings(result)  # the file's first row after as_of
    assert result.text is not None
    assert result.text.count("account: ana-intelligent") == 3


def test_exports_of_different_days_warn_and_date_the_file_by_the_latest(tmp_path: Path) -> None:
    older = tmp_path / "older.csv"
    older.write_bytes(ROLLOVER.read_bytes().replace(b"2026/11/24", b"2026/11/20"))
    into = tmp_path / "h.yaml"
    shutil.copy(DATA / "base_household.yaml", into)
    positions = DATA / "schwab" / "Contributory-Positions-2026-11-24.csv"
    result = run_import([older, positions], into, None)
    assert ("export_dates_differ", 1, 1) in warnings(result)
    assert result.summary.as_of is not None and result.summary.as_of.isoformat() == "2026-11-24"
