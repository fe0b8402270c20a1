"""Tables fit 80 and 100 columns: text wraps, columns drop in the stated order, no figure is cut
(issue 24, item 7; trimtab/report/fit.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console, Group
from rich.table import Table

import trimtab
from trimtab.analysis.drift import drift_table
from trimtab.analysis.state import household_state
from trimtab.report.console.common import (
    console_for,
    drift_table_view,
    securities_table,
    state_tables,
    summary_table,
)
from trimtab.report.console.fit import FitTables, fit_table
from trimtab.report.console.location import location_view
from trimtab.report.console.tax import check_tables, tax_tables
from trimtab.rules.lookup import find_securities
from trimtab.rules.securities import load_master

ROOT = Path(__file__).resolve().parent.parent.parent
FIGURE = re.compile(r"-?\$?\d[\d,]*\.\d\d")


@pytest.fixture(scope="module")
def household() -> trimtab.Household:
    return trimtab.load_household(ROOT / "examples" / "household.yaml")


def render(width: int, *parts: object) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    console.push_render_hook(FitTables())
    for part in parts:
        console.print(part)
    return buffer.getvalue()


def tables(household: trimtab.Household) -> dict[str, list[object]]:
    overview = trimtab.tax_overview(household)
    state = household_state(household)
    check = trimtab.check_trade_file(household, ROOT / "tests/data/trades/example_trades.yaml")
    return {
        "summary": [summary_table(household)],
        "state": list(state_tables(household, state)),
        "drift": [drift_table_view(household, drift_table(household))],
        "tax": list(tax_tables(household, overview)),
        "location": [location_view(trimtab.location_overview(household))],
        "check": list(check_tables(household, check)),
        "securities": [securities_table(find_securities(load_master(), "vanguard"))],
    }


@pytest.mark.parametrize("width", [80, 100])
def test_no_figure_is_cut_and_no_line_is_too_long(width: int, household: trimtab.Household) -> None:
    for name, parts in tables(household).items():
        wide = render(1000, *parts)
        narrow = render(width, *parts)
        assert "…" not in narrow, name
        assert max(len(line) for line in narrow.splitlines()) <= width, name
        # every figure of the narrow rendering is one of the wide rendering's, whole
        assert set(FIGURE.findall(narrow)) <= set(FIGURE.findall(wide)), name


def test_the_harvest_table_keeps_its_dollars_at_100_columns(household: trimtab.Household) -> None:
    text = render(100, *tables(household)["tax"])
    # IVV L6: 20 shares cost 14,400.00, worth 13,643.00 (20 × 682.15): a loss of 757.00
    assert "14,400.00" in text and "13,643.00" in text and "757.00" in text
    assert "left out to fit 100 columns: Wash if sold today" in text


def test_the_text_columns_go_first_from_the_right(household: trimtab.Household) -> None:
    text = " ".join(render(80, *tables(household)["tax"]).split())
    # the harvest table's columns: Account Symbol Lot Acquired Shares Cost Value Loss $ Loss %
    # Term "Wash if sold today" Disallowed: the text columns drop right to left
    assert "left out to fit 80 columns: Wash if sold today, Term, Acquired, Lot" in text
    assert "Disallowed" in text  # a column of figures stays


def test_a_table_that_fits_is_left_alone() -> None:
    table = Table("Account", "Value $")
    table.columns[1].justify = "right"
    table.add_row("joint-taxable", "156,607.00")
    console = Console(file=io.StringIO(), width=80)
    assert fit_table(table, console, console.options) is table


def test_figures_never_drop_before_text_and_a_group_is_fitted() -> None:
    table = Table("Name", "Notes", "Amount $")
    table.columns[2].justify = "right"
    table.add_row("a-very-long-account-name", "some words of explanation " * 3, "1,234,567.89")
    text = render(40, Group("heading", table))
    assert "1,234,567.89" in text
    assert "left out to fit 40 columns: Notes" in " ".join(text.split())


def test_the_cli_console_fits_its_tables() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    table = Table("Name", "Notes", "Amount $")
    table.columns[2].justify = "right"
    table.add_row("account", "words " * 30, "1,234,567.89")
    stream = Terminal()
    console = console_for(stream)
    console.width = 40
    console.print(table)
    assert "1,234,567.89" in stream.getvalue()
