"""Fuzz: hostile and careless edits of the example household, a trade list and an account map.

Each example takes a real file and applies one to three mutations an attacker or a careless
user would make: a value swapped for a hostile one (an alias bomb, a tag, a lone surrogate,
Rich markup, a huge number, a date at the end of the calendar, deep nesting, a merge key), a
line deleted, repeated or swapped, random text inserted, the file cut short. The command must
end with exit 0 or 2 (issue 22): never an exception (exit 70 or a traceback), never a hang past
``HANG_SECONDS`` (a generous guard, SIGALRM), never a peak memory past 1 GB.

A failed command leaves every file it was given byte-identical (issue 31). Every import
format is fuzzed in tests/fuzz/test_fuzz_imports.py.

`make test` runs a few examples per file (``TRIMTAB_FUZZ_EXAMPLES``, 8 by default, the same
ones each run); `make fuzz` runs many more, random ones.
"""

from __future__ import annotations

import resource
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from helpers.hostile import (
    EXAMPLES,
    LONG,
    MEMORY_LIMIT,
    hang_guard,
    mutated,
)
from trimtab.cli import app

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLD = ROOT / "examples" / "household.yaml"
TRADES = ROOT / "examples" / "trades.yaml"
IMPORT = ROOT / "tests" / "data" / "import"
ACCOUNT_MAP = IMPORT / "account-map.yaml"
EXPORT = IMPORT / "schwab" / "All-Accounts-Positions-2026-11-24.CSV"


FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def run(args: list[str]) -> None:
    """Run the CLI in-process: exit 0 or 2, no exception, no traceback, within the guard; a
    failed command (exit 2) leaves every file it was given byte-identical (issue 31)."""
    given = [Path(a) for a in args if Path(a).is_file()]
    before = {path: path.read_bytes() for path in given}
    with hang_guard():
        result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        changed = [str(path) for path in given if path.read_bytes() != before[path]]
        assert not changed, f"a failed command changed {changed}"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def memory_stays_under_a_gigabyte() -> Iterator[None]:
    """After the fuzzing, the peak resident memory of this process is under 1 GB."""
    yield
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    assert peak_kb * 1024 < MEMORY_LIMIT


@FUZZ
@given(text=mutated(HOUSEHOLD.read_text(encoding="utf-8")))
def test_a_mutated_household_exits_0_or_2(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "household.yaml", text)
    run(["validate", str(path)])
    run(["state", str(path)])
    run(["tax", str(path)])


@FUZZ
@given(text=mutated(TRADES.read_text(encoding="utf-8")))
def test_a_mutated_trade_list_exits_0_or_2(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "trades.yaml", text)
    run(["check", str(HOUSEHOLD), "--trades", str(path)])


@FUZZ
@given(text=mutated(ACCOUNT_MAP.read_text(encoding="utf-8")))
def test_a_mutated_account_map_exits_0_or_2(tmp_path: Path, text: str) -> None:
    account_map = write(tmp_path / "account-map.yaml", text)
    into = tmp_path / "household.yaml"
    shutil.copy(IMPORT / "household_before.yaml", into)
    run(["import", str(EXPORT), "--into", str(into), "--account-map", str(account_map)])
