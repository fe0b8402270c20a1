"""One sample per export format and header generation imports into a hand-written household.

The samples under tests/data/import/ copy the header rows and layout of the public fixtures
named in ../shared/reference/custodian-formats.md (title lines, blank lines, trailing commas,
CRLF, BOM, footers); every value in them is invented. Each expected household under
tests/data/import/expected/ was written by hand, with the arithmetic in its comments.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.import_samples import DATA, EXPECTED, read, warnings_of_exports
from trimtab.errors import errors_only
from trimtab.importers import run_import

BASE = DATA / "base_household.yaml"


POSITIONS = [
    pytest.param(
        ["schwab/Intelligent-Positions-2026-11-24.CSV", "schwab/lots/SCHA.csv"],
        "account-map.yaml",
        "schwab_positions_single.yaml",
        {
            ("unknown_instrument", "Intelligent-Positions-2026-11-24.CSV", 6, 1),
            ("basis_unknown", "Intelligent-Positions-2026-11-24.CSV", 5, 1),
        },
        id="schwab-positions-2020-one-account-with-lot-details",
    ),
    pytest.param(
        ["schwab/All-Accounts-Positions-2026-11-24.CSV"],
        None,
        "schwab_positions_all_accounts.yaml",
        {("basis_unknown", "All-Accounts-Positions-2026-11-24.CSV", 5, 1)},
        id="schwab-positions-2020-all-accounts",
    ),
    pytest.param(
        ["schwab/Rollover-Positions-2026-11-24.CSV"],
        None,
        "schwab_positions_2023.yaml",
        set(),
        id="schwab-positions-2023-short-header",
    ),
    pytest.param(
        ["schwab/Individual-Positions-2026-11-24.csv"],
        None,
        "schwab_positions_2025.yaml",
        {("basis_unknown", "Individual-Positions-2026-11-24.csv", 4, 1)},
        id="schwab-positions-2025",
    ),
    pytest.param(
        ["schwab/Joint-Positions-2026-11-24.csv"],
        None,
        "schwab_positions_late_2025.yaml",
        {("basis_unknown", "Joint-Positions-2026-11-24.csv", 4, 1)},
        id="schwab-positions-late-2025-empty-column",
    ),
    pytest.param(
        ["schwab/Contributory-Positions-2026-11-24.csv"],
        None,
        "schwab_positions_2026.yaml",
        set(),
        id="schwab-positions-2026-asset-type",
    ),
    pytest.param(
        ["fidelity/Portfolio_Positions_Nov-24-2026.csv"],
        None,
        "fidelity_positions_2021.yaml",
        {
            ("pending_activity", "Portfolio_Positions_Nov-24-2026.csv", 6, 3),
            ("unknown_instrument", "Portfolio_Positions_Nov-24-2026.csv", 7, 3),
            ("basis_unknown", "Portfolio_Positions_Nov-24-2026.csv", 4, 3),
        },
        id="fidelity-positions-2021",
    ),
    pytest.param(
        ["fidelity/positions-2023-header.csv"],
        None,
        "fidelity_positions_2023.yaml",
        set(),
        id="fidelity-positions-2023",
    ),
]


@pytest.mark.parametrize(("sources", "account_map", "expected", "warnings"), POSITIONS)
def test_positions_export_builds_the_expected_household(
    tmp_path: Path,
    sources: list[str],
    account_map: str | None,
    expected: str,
    warnings: set[tuple[str, str, int, int]],
) -> None:
    into = tmp_path / "household.yaml"
    result = run_import(
        [DATA / s for s in sources], into, DATA / account_map if account_map else None
    )
    assert result.ok, [str(p) for p in result.problems]
    assert result.text is not None
    into.write_text(result.text)
    assert read(into) == read(EXPECTED / expected)
    assert warnings_of_exports(result.problems) == warnings
    assert result.summary.created


def test_a_new_file_warns_that_the_advisor_sections_are_to_fill(tmp_path: Path) -> None:
    result = run_import(
        [DATA / "schwab/Rollover-Positions-2026-11-24.CSV"], tmp_path / "new.yaml", None
    )
    missing = {(p.kind, p.field) for p in result.problems if p.source.file.endswith("new.yaml")}
    assert missing == {("advisor_section_missing", "tax"), ("advisor_section_missing", "targets")}
    assert not errors_only(result.problems)
    assert result.text is not None and result.text.startswith("# A household file started by")


HISTORY = [
    pytest.param(
        "schwab/Intelligent_Transactions_20261124-180120.CSV",
        "schwab_history_titled.yaml",
        {
            ("unknown_instrument", "Intelligent_Transactions_20261124-180120.CSV", 5, 3),
            ("not_a_trade", "Intelligent_Transactions_20261124-180120.CSV", 8, 2),
        },
        id="schwab-history-with-title",
    ),
    pytest.param(
        "schwab/Individual_XXX123_Transactions_20261124-101500.csv",
        "schwab_history_untitled.yaml",
        set(),
        id="schwab-history-2024-no-title",
    ),
    pytest.param(
        "fidelity/History_for_Account_X12345678.csv",
        "fidelity_history_single.yaml",
        set(),
        id="fidelity-history-single-account",
    ),
    pytest.param(
        "fidelity/History_for_Account_Z23456789.csv",
        "fidelity_history_balance.yaml",
        set(),
        id="fidelity-history-with-cash-balance",
    ),
    pytest.param(
        "fidelity/Accounts_History.csv",
        "fidelity_history_all_accounts.yaml",
        {("not_a_trade", "Accounts_History.csv", 6, 4)},
        id="fidelity-history-all-accounts-2025",
    ),
]


@pytest.mark.parametrize(("source", "expected", "warnings"), HISTORY)
def test_history_export_adds_the_expected_transactions(
    tmp_path: Path, source: str, expected: str, warnings: set[tuple[str, str, int, int]]
) -> None:
    into = tmp_path / "household.yaml"
    shutil.copy(BASE, into)
    result = run_import([DATA / source], into, None)
    assert result.ok, [str(p) for p in result.problems]
    assert result.text is not None
    into.write_text(result.text)
    want = read(BASE)
    want["transactions"] = read(EXPECTED / expected)["transactions"]
    assert read(into) == want
    assert warnings_of_exports(result.problems) == warnings
