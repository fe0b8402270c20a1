"""Importers 2: Vanguard, Interactive Brokers, OFX/QFX and beancount samples build the expected
household.

Each sample under tests/data/import/<format>/ follows the layout documented in
../shared/reference/custodian-formats.md §3–§6; every value in it is invented. It is imported
into the household file beside it (whose accounts carry the sample's numbers, or which is
started new), and the result is compared, by meaning, with a hand-written household under
tests/data/import/expected/ whose comments carry the arithmetic. The warnings each sample
must give are listed by (kind, file name, line, column).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.import_samples import DATA, EXPECTED, read, warnings_of_exports
from trimtab.importers import run_import

Warnings = set[tuple[str, str, int, int]]

SAMPLES = [
    pytest.param(
        ["vanguard/OfxDownload.csv"],
        "vanguard/household_before.yaml",
        None,
        "vanguard_classic.yaml",
        {
            ("unknown_instrument", "OfxDownload.csv", 7, 3),
            ("not_a_trade", "OfxDownload.csv", 17, 4),
            ("missing_date", "OfxDownload.csv", 1, 1),
            ("basis_unknown", "OfxDownload.csv", 2, 3),
            ("basis_unknown", "OfxDownload.csv", 4, 3),
        },
        id="vanguard-classic-commission-fees",
    ),
    pytest.param(
        ["vanguard/OfxDownload-2025.csv"],
        "vanguard/household_before.yaml",
        None,
        "vanguard_2025.yaml",
        {("missing_date", "OfxDownload-2025.csv", 1, 1)},
        id="vanguard-2025-commissions-and-fees",
    ),
    pytest.param(
        ["ibkr/flex-query.xml"],
        None,
        "ibkr/account-map.yaml",
        "ibkr_flex.yaml",
        {("unknown_instrument", "flex-query.xml", 10, 1)},
        id="ibkr-flex-query-with-lots",
    ),
    pytest.param(
        ["ofx/OfxDownload.qfx"],
        "ofx/household_before.yaml",
        None,
        "ofx_qfx.yaml",
        {
            ("unknown_instrument", "OfxDownload.qfx", 34, 1),
            ("not_a_trade", "OfxDownload.qfx", 28, 20),
            ("basis_unknown", "OfxDownload.qfx", 31, 1),
            ("basis_unknown", "OfxDownload.qfx", 32, 1),
        },
        id="ofx-1-sgml-qfx",
    ),
    pytest.param(
        ["ofx/etrade-v2.ofx"],
        None,
        "ofx/account-map.yaml",
        "ofx_2_xml.yaml",
        {("unknown_instrument", "etrade-v2.ofx", 17, 1)},
        id="ofx-2-xml",
    ),
    pytest.param(
        ["beancount/household.beancount"],
        None,
        None,
        "beancount_ledger.yaml",
        set(),
        id="beancount-v3-ledger",
    ),
]


@pytest.mark.parametrize(("sources", "before", "account_map", "expected", "warnings"), SAMPLES)
def test_sample_builds_the_expected_household(
    tmp_path: Path,
    sources: list[str],
    before: str | None,
    account_map: str | None,
    expected: str,
    warnings: Warnings,
) -> None:
    into = tmp_path / "household.yaml"
    if before is not None:
        shutil.copy(DATA / before, into)
    result = run_import(
        [DATA / s for s in sources], into, DATA / account_map if account_map else None
    )
    assert result.ok, [str(p) for p in result.problems]
    assert result.text is not None
    into.write_text(result.text)
    assert read(into) == read(EXPECTED / expected)
    assert warnings_of_exports(result.problems) == warnings


def test_importing_the_same_download_again_changes_nothing(tmp_path: Path) -> None:
    into = tmp_path / "household.yaml"
    shutil.copy(DATA / "vanguard/household_before.yaml", into)
    source = [DATA / "vanguard/OfxDownload.csv"]
    first = run_import(source, into)
    assert first.text is not None
    into.write_text(first.text)
    again = run_import(source, into)
    assert again.text == first.text and not again.summary.changed


def test_the_beancount_sample_is_a_ledger_bean_check_accepts() -> None:
    checker = Path(sys.executable).with_name("bean-check")
    done = subprocess.run(
        [str(checker), str(DATA / "beancount/household.beancount")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_ledger_plugin_is_never_imported(tmp_path: Path) -> None:
    module = "trimtab_test_plugin_never_imported"
    ledger = tmp_path / "plugged.beancount"
    sample = (DATA / "beancount/household.beancount").read_text()
    ledger.write_text(f'plugin "{module}"\n' + sample)
    result = run_import([ledger], tmp_path / "household.yaml")
    assert result.ok, [str(p) for p in result.problems]
    assert module not in sys.modules
    assert [
        (p.kind, p.source.line, p.field) for p in result.problems if p.kind.startswith("plugin")
    ] == [("plugin_not_run", 1, "plugin")]


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        (r"(\d{4})-(\d{2})-(\d{2})", r"\1\2\3"),  # yyyyMMdd, IB's default
        (r"(\d{4})-(\d{2})-(\d{2})", r"\2/\3/\1"),  # MM/dd/yyyy
        (r"(\d{4})-(\d{2})-(\d{2});(\d{6})", r"\1-\2-\3T\4"),  # date-time with T
    ],
    ids=["yyyyMMdd", "MM/dd/yyyy", "T-separator"],
)
def test_flex_query_date_settings_give_the_same_household(
    tmp_path: Path, pattern: str, replacement: str
) -> None:
    sample = (DATA / "ibkr/flex-query.xml").read_text()
    export = tmp_path / "flex.xml"
    export.write_text(re.sub(pattern, replacement, sample))
    into = tmp_path / "household.yaml"
    result = run_import([export], into, DATA / "ibkr/account-map.yaml")
    assert result.ok, [str(p) for p in result.problems]
    into.write_text(result.text or "")
    assert read(into) == read(EXPECTED / "ibkr_flex.yaml")


def test_a_flex_account_alias_that_states_the_type_needs_no_map_entry(tmp_path: Path) -> None:
    sample = (DATA / "ibkr/flex-query.xml").read_text()
    sample = sample.replace('acctAlias="Luis taxable"', 'acctAlias="Individual"')
    sample = sample.replace('acctAlias="Luis Roth"', 'acctAlias="Roth IRA"')
    export = tmp_path / "flex.xml"
    export.write_text(sample)
    into = tmp_path / "household.yaml"
    result = run_import([export], into)
    assert result.ok, [str(p) for p in result.problems]
    into.write_text(result.text or "")
    accounts = [(a["id"], a["type"]) for a in read(into)["accounts"]]
    assert accounts == [("individual-4567", "taxable"), ("roth-ira-4321", "roth_ira")]
