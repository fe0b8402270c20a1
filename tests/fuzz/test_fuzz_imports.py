"""Fuzz: every import format, mutated, through `trimtab import` (issue 31, "Done means").

Each case is a sample export of one format (tests/data/import), imported into a copy of a
household file with the account map its tests use, and sometimes a second export the first
needs (a Schwab Lot Details file or a lot CSV reads the positions of a positions export). One
file of the case is mutated as tests/fuzz/test_fuzz_hostile.py mutates a household (a line
deleted, repeated or swapped, hostile text inserted, a value replaced, the file cut short) or
has a CSV cell replaced by a tricky one. The command must end with exit 0 or 2, print no
traceback, finish within ``HANG_SECONDS`` and keep the process under 1 GB; on exit 2 every
file it was given (exports, account map, the household file imported into) is byte-identical,
and on exit 0 only the household file imported into may have changed.

`make test` runs ``TRIMTAB_FUZZ_EXAMPLES // 4`` examples per format (2 by default, the same
ones each run); `make fuzz` runs a quarter of its examples per format, random ones.
"""

from __future__ import annotations

import re
import resource
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers.hostile import EXAMPLES, HOSTILE_VALUES, LONG, MEMORY_LIMIT, hang_guard, mutated
from trimtab.cli import app

ROOT = Path(__file__).resolve().parents[2]
IMPORT = ROOT / "tests" / "data" / "import"
BEFORE = IMPORT / "household_before.yaml"
BASE = IMPORT / "base_household.yaml"
MAP = IMPORT / "account-map.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """An import: ``mutated`` is fuzzed, ``others`` are imported beside it unchanged.

    format: the format of ``mutated`` (a value of trimtab.importers.Format, or a variant).
    """

    format: str
    mutated: str
    others: tuple[str, ...] = ()
    into: Path = BASE
    account_map: Path | None = None


CASES = (
    Case(
        format="schwab-positions",
        mutated="schwab/All-Accounts-Positions-2026-11-24.CSV",
        into=BEFORE,
        account_map=MAP,
    ),
    Case(
        format="schwab-lot-details",
        mutated="schwab/lots/SCHA.csv",
        others=("schwab/Intelligent-Positions-2026-11-24.CSV",),
        into=BEFORE,
        account_map=MAP,
    ),
    Case(
        format="schwab-history",
        mutated="schwab/Individual_XXX123_Transactions_20261124-101500.csv",
        into=BEFORE,
        account_map=MAP,
    ),
    Case(format="fidelity-positions", mutated="fidelity/Portfolio_Positions_Nov-24-2026.csv"),
    Case(format="fidelity-history", mutated="fidelity/Accounts_History.csv"),
    Case(format="vanguard-download", mutated="vanguard/OfxDownload.csv"),
    Case(
        format="lot-csv",
        mutated="issue23/Fidelity_lots.csv",
        others=("fidelity/Portfolio_Positions_Nov-24-2026.csv",),
    ),
    Case(
        format="ibkr-flex-query",
        mutated="ibkr/flex-query.xml",
        account_map=IMPORT / "ibkr" / "account-map.yaml",
    ),
    Case(
        format="ofx", mutated="ofx/OfxDownload.qfx", account_map=IMPORT / "ofx" / "account-map.yaml"
    ),
    Case(
        format="ofx-2-xml",
        mutated="ofx/etrade-v2.ofx",
        account_map=IMPORT / "ofx" / "account-map.yaml",
    ),
    Case(format="beancount", mutated="beancount/household.beancount"),
)

PER_FORMAT = max(1, EXAMPLES // 4)
FUZZ = settings(
    max_examples=PER_FORMAT,
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

TRICKY_CELLS = (
    "",
    "--",
    "N/A",
    "$",
    "(12.50)",
    "-$1.00",
    "1e9",
    "1e400",
    "NaN",
    "9" * 40,
    "0",
    "-0",
    '"',
    "\r",
    "\x1b[31m",
    "02/30/2026",
    "9999-12-31",
    "Account Total",
    "Cash & Cash Investments",
    "Pending Activity",
    "SPAXX**",
    "Symbol",
    "<",
    "&amp;",
    "]]>",
    "<!ENTITY x 'y'>",
)
_CELL = re.compile(r'"[^"\n]*"|[^,\n<>"]+')


@st.composite
def cell_replaced(draw: st.DrawFn, text: str) -> str:
    """``text`` with one cell (a CSV field, or the text between XML tags) replaced."""
    cells = list(_CELL.finditer(text))
    if not cells:
        return text
    cell = cells[draw(st.integers(0, len(cells) - 1))]
    value = draw(st.sampled_from(TRICKY_CELLS + HOSTILE_VALUES))
    return text[: cell.start()] + value + text[cell.end() :]


def _variant(text: str) -> st.SearchStrategy[str]:
    return st.one_of(mutated(text), cell_replaced(text))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


@pytest.fixture(scope="module", autouse=True)
def memory_stays_under_a_gigabyte() -> Iterator[None]:
    """After the fuzzing, the peak resident memory of this process is under 1 GB."""
    yield
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    assert peak_kb * 1024 < MEMORY_LIMIT


def run_import(case: Case, text: str, tmp: Path) -> None:
    """Import the case with its mutated file ``text``; check the exit, the output, the files."""
    folder = tmp / case.format
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    export = folder / Path(case.mutated).name
    export.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    others = [shutil.copy(IMPORT / o, folder / Path(o).name) for o in case.others]
    into = Path(shutil.copy(case.into, folder / "household.yaml"))
    args = ["import", str(export), *map(str, others), "--into", str(into)]
    given_files = [export, *map(Path, others), into]
    if case.account_map is not None:
        account_map = Path(shutil.copy(case.account_map, folder / "account-map.yaml"))
        args += ["--account-map", str(account_map)]
        given_files.append(account_map)
    before = {f: f.read_bytes() for f in given_files}
    with hang_guard():
        result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    may_change = {into} if result.exit_code == 0 else set()
    changed = [f.name for f in given_files if f not in may_change and f.read_bytes() != before[f]]
    assert not changed, f"exit {result.exit_code} changed {changed}"
    left = sorted(p.name for p in folder.iterdir() if p not in before)
    assert not left, f"files left beside the household: {left}"


@pytest.mark.parametrize("case", CASES, ids=[c.format for c in CASES])
def test_a_mutated_export_of_every_format_exits_0_or_2(case: Case, tmp_path: Path) -> None:
    text = _read(IMPORT / case.mutated)

    @FUZZ
    @given(variant=_variant(text))
    def fuzz(variant: str) -> None:
        run_import(case, variant, tmp_path)

    fuzz()


def test_every_format_has_a_fuzz_case() -> None:
    from trimtab.importers import IMPORTERS

    covered = {c.format.removesuffix("-2-xml") for c in CASES}
    assert {f.value for f in IMPORTERS} <= covered


@pytest.mark.parametrize("case", CASES, ids=[c.format for c in CASES])
def test_every_case_imports_as_it_is(case: Case, tmp_path: Path) -> None:
    # the mutations start from an import that works, so they reach past the sniffers
    folder = tmp_path / "as-is"
    folder.mkdir()
    into = Path(shutil.copy(case.into, folder / "household.yaml"))
    args = ["import", str(IMPORT / case.mutated), *(str(IMPORT / o) for o in case.others)]
    args += ["--into", str(into)]
    if case.account_map is not None:
        args += ["--account-map", str(case.account_map)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


def _case(format_: str) -> Case:
    return next(c for c in CASES if c.format == format_)


def test_a_del_character_in_an_export_is_written_escaped(tmp_path: Path) -> None:
    # found by `make fuzz`: a DEL (0x7f) in a cell was written raw into the household file,
    # which YAML refuses: the import ended in an internal error (exit 70)
    case = _case("fidelity-history")
    text = _read(IMPORT / case.mutated)
    run_import(case, text[:215] + "\x7f" + text[215:], tmp_path)


@pytest.mark.parametrize("units", ["1" * 5000, "1e24"])
def test_a_number_past_its_bound_in_an_export_is_an_error_at_its_row(
    tmp_path: Path, units: str
) -> None:
    # found by `make fuzz`: an OFX position of 5,000 digits of shares was written into the
    # household file, which cannot read it back (exit 70); now it is refused at its row
    case = _case("ofx")
    text = _read(IMPORT / case.mutated)
    assert text.count("<UNITS>42.5<") == 1
    bad = text.replace("<UNITS>42.5<", f"<UNITS>{units}<")
    run_import(case, bad, tmp_path)
    export = tmp_path / case.format / Path(case.mutated).name
    result = CliRunner().invoke(
        app,
        [
            "import",
            str(export),
            "--into",
            str(tmp_path / case.format / "household.yaml"),
            "--account-map",
            str(case.account_map),
        ],
    )
    assert result.exit_code == 2
    assert "beyond the bound of 10,000,000,000 shares" in " ".join(result.output.split())
