"""Issue 31 item 4: every CSV format binds its columns by name, in any order.

Each CSV sample is imported twice: as it is, and with the columns of every table (header row
and rows alike) put in another order. The household file must come out byte for byte the same,
with the same problems on the same lines (docs/importers.md: "extra or reordered columns do
not matter"). A required column left out of a reordered file is still refused, at the header
row, naming the column.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trimtab.errors import Severity, errors_only
from trimtab.importers import run_import
from trimtab.importers.text.csvread import fold, header_keys

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
BASE = DATA / "base_household.yaml"
BOM = "\ufeff"

HEADER_NAMES = frozenset({"symbol", "open date", "run date", "date", "account number", "account"})
"""A line naming one of these starts a table (every format's header has one)."""

Order = Callable[[int], list[int]]


def reversed_order(width: int) -> list[int]:
    return list(range(width))[::-1]


def rotated_order(width: int) -> list[int]:
    """Every column moves three places left: the first columns land at the end."""
    return [(i + 3) % width for i in range(width)]


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def _is_header(cells: list[str]) -> bool:
    return any(header_keys(c) & HEADER_NAMES for c in cells)


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _written(cells: list[str], end: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue() + end


def reorder(text: str, order: Order, drop: frozenset[str] = frozenset()) -> tuple[str, list[int]]:
    """``text`` with the columns of each table put in ``order`` (and the columns named in
    ``drop`` left out). A table is a header row and the rows after it with two or more cells
    of text; blank rows inside it (Vanguard's between accounts) stay, and a line of one cell
    (a title, an account line, a footer) or the next header ends it. Also the header lines."""
    bom = text.startswith(BOM)
    lines = text.removeprefix(BOM).splitlines(keepends=True)
    out = list(lines)
    headers: list[int] = []
    i = 0
    while i < len(lines):
        if not _is_header(_cells(lines[i])):
            i += 1
            continue
        end = i + 1
        while end < len(lines):
            cells = _cells(lines[end])
            if _filled(cells) == 1 or _is_header(cells):
                break
            end += 1
        rows = {n: _cells(lines[n]) for n in range(i, end) if _filled(_cells(lines[n])) > 1}
        width = max(len(r) for r in rows.values())
        keep = [k for k, name in enumerate(rows[i]) if not header_keys(name) & drop]
        keep += list(range(len(rows[i]), width))
        picked = [keep[k] for k in order(len(keep))]
        for n, row in rows.items():
            padded = row + [""] * (width - len(row))
            ending = lines[n][len(lines[n].rstrip("\r\n")) :]
            out[n] = _written([padded[k] for k in picked], ending)
        headers.append(i + 1)
        i = end
    return (BOM if bom else "") + "".join(out), headers


@dataclass(frozen=True)
class Case:
    """An import of samples: the exports, the household file (None: a new one), the account
    map, and which export and column to leave out for the missing-column check."""

    sources: tuple[str, ...]
    into: str | None
    account_map: str | None
    drop: tuple[int, str]


CASES = {
    "schwab-positions-one-account-with-lot-details": Case(
        ("schwab/Intelligent-Positions-2026-11-24.CSV", "schwab/lots/SCHA.csv"),
        None,
        "account-map.yaml",
        (0, "quantity"),
    ),
    "schwab-lot-details": Case(
        ("schwab/Intelligent-Positions-2026-11-24.CSV", "schwab/lots/SCHA.csv"),
        None,
        "account-map.yaml",
        (1, "cost basis"),
    ),
    "schwab-positions-all-accounts": Case(
        ("schwab/All-Accounts-Positions-2026-11-24.CSV",), None, None, (0, "market value")
    ),
    "schwab-positions-2023": Case(
        ("schwab/Rollover-Positions-2026-11-24.CSV",), None, None, (0, "price")
    ),
    "schwab-positions-2025": Case(
        ("schwab/Individual-Positions-2026-11-24.csv",), None, None, (0, "symbol")
    ),
    "schwab-positions-late-2025": Case(
        ("schwab/Joint-Positions-2026-11-24.csv",), None, None, (0, "quantity")
    ),
    "schwab-positions-2026": Case(
        ("schwab/Contributory-Positions-2026-11-24.csv",), None, None, (0, "quantity")
    ),
    "schwab-history-titled": Case(
        ("schwab/Intelligent_Transactions_20261124-180120.CSV",), "base", None, (0, "price")
    ),
    "schwab-history-untitled": Case(
        ("schwab/Individual_XXX123_Transactions_20261124-101500.csv",), "base", None, (0, "price")
    ),
    "fidelity-positions-2021": Case(
        ("fidelity/Portfolio_Positions_Nov-24-2026.csv",), None, None, (0, "quantity")
    ),
    "fidelity-positions-2023": Case(
        ("fidelity/positions-2023-header.csv",), None, None, (0, "last price")
    ),
    "fidelity-positions-with-lot-csv": Case(
        ("fidelity/Portfolio_Positions_Nov-24-2026.csv", "issue23/Fidelity_lots.csv"),
        "base",
        None,
        (0, "current value"),
    ),
    "fidelity-history-single": Case(
        ("fidelity/History_for_Account_X12345678.csv",), "base", None, (0, "quantity")
    ),
    "fidelity-history-balance": Case(
        ("fidelity/History_for_Account_Z23456789.csv",), "base", None, (0, "price ($)")
    ),
    "fidelity-history-all-accounts": Case(
        ("fidelity/Accounts_History.csv",), "base", None, (0, "quantity")
    ),
    "vanguard-classic": Case(
        ("vanguard/OfxDownload.csv",), "vanguard/household_before.yaml", None, (0, "shares")
    ),
    "vanguard-2025": Case(
        ("vanguard/OfxDownload-2025.csv",), "vanguard/household_before.yaml", None, (0, "shares")
    ),
    "vanguard-old-rows": Case(
        ("issue23/OfxDownload-old-rows.csv",), "base", None, (0, "share price")
    ),
}


def _household(tmp: Path, case: Case) -> Path:
    into = tmp / "household.yaml"
    if case.into is not None:
        shutil.copy(BASE if case.into == "base" else DATA / case.into, into)
    return into


def _copies(tmp: Path, case: Case, order: Order | None, drop: int = -1) -> list[Path]:
    """The case's exports in ``tmp`` under their own names (some name the account), reordered
    by ``order`` (None: as they are); export number ``drop`` without the case's column."""
    out = []
    for k, name in enumerate(case.sources):
        path = tmp / Path(name).name
        text = (DATA / name).read_bytes().decode("utf-8")
        if order is not None:
            gone = frozenset({case.drop[1]}) if k == drop else frozenset()
            text = reorder(text, order, gone)[0]
        path.write_bytes(text.encode("utf-8"))
        out.append(path)
    return out


def _outcome(tmp: Path, case: Case, order: Order | None) -> tuple[str | None, object]:
    tmp.mkdir()
    into = _household(tmp, case)
    account_map = DATA / case.account_map if case.account_map else None
    result = run_import(_copies(tmp, case, order), into, account_map)
    problems = sorted(
        (p.kind, p.field, Path(p.source.file).name, p.source.line, p.severity.value)
        for p in result.problems
    )
    return result.text, problems


@pytest.mark.parametrize("order", [reversed_order, rotated_order], ids=["reversed", "rotated"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_reordered_columns_import_the_same_household(
    tmp_path: Path, name: str, order: Order
) -> None:
    case = CASES[name]
    text, problems = _outcome(tmp_path / "as-is", case, None)
    assert text is not None, problems  # every sample imports
    assert (text, problems) == _outcome(tmp_path / "reordered", case, order)


def seeded_order(seed: int) -> Order:
    """A random order of the columns, the same for every table width and ``seed``."""

    def order(width: int) -> list[int]:
        columns = list(range(width))
        random.Random(seed).shuffle(columns)
        return columns

    return order


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(CASES)), seed=st.integers(min_value=0, max_value=2**32))
def test_any_order_of_the_columns_imports_the_same_household(name: str, seed: int) -> None:
    case = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        text, problems = _outcome(Path(tmp) / "as-is", case, None)
        assert (text, problems) == _outcome(Path(tmp) / "reordered", case, seeded_order(seed))


def test_the_reordering_moves_the_key_columns() -> None:
    # The test would prove nothing if Symbol stayed first: in the reordered Schwab header it is
    # neither first nor where it was.
    text = (DATA / "schwab/Rollover-Positions-2026-11-24.CSV").read_text()
    for order in (reversed_order, rotated_order):
        moved, headers = reorder(text, order)
        header = _cells(moved.splitlines()[headers[0] - 1])
        assert fold(header[0]) != "symbol" and "Symbol" in header


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_missing_required_column_is_refused_at_the_header(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    into = _household(tmp_path, case)
    k, column = case.drop
    sources = _copies(tmp_path, case, reversed_order, drop=k)
    headers = reorder((DATA / case.sources[k]).read_bytes().decode("utf-8"), reversed_order)[1]
    account_map = DATA / case.account_map if case.account_map else None
    result = run_import(sources, into, account_map)
    missing = [p for p in errors_only(result.problems) if p.kind == "missing_column"]
    # Lots whose positions file is refused are refused with it (lots_without_position).
    assert missing and {p.kind for p in errors_only(result.problems)} <= {
        "missing_column",
        "lots_without_position",
    }
    for p in missing:
        assert Path(p.source.file).name == sources[k].name
        assert p.source.line in headers and p.field == "(header)"
        assert f"`{column}`" in p.expected  # the header name, as the export spells it
        assert p.severity is Severity.ERROR
    assert result.text is None
