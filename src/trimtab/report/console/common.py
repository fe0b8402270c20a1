"""Console renderings (rich): problems, the household summary, state and drift; the console.

Colour carries meaning and nothing else: the three styles below are the only colours of the
reports, and every coloured figure also says what it is in words, so plain output loses nothing.
:func:`console_for` picks plain or colour output for a stream: plain (no escape codes at all,
ASCII borders) when ``NO_COLOR`` is set (https://no-color.org: present and not empty) or the
stream is not a terminal; colour on a terminal. No console here reads markup: a household,
account, lot or file name such as ``[/]`` prints as written (colour comes from ``Text`` styles),
and its terminal control characters print escaped (``\\x1b``;
:mod:`trimtab.report.console.terminal`).
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from typing import Final, TextIO

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from trimtab.analysis.drift import Drift
from trimtab.analysis.state import AccountState, HouseholdState
from trimtab.analysis.valuation import account_value, household_value, securities_value
from trimtab.errors import Problem, Severity
from trimtab.model.enums import AccountType
from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.money import percent_text, round_money, round_percent
from trimtab.report.console.fit import FitTables
from trimtab.report.console.terminal import EscapeSegments, EscapeText
from trimtab.report.format import money, shares

OUT_OF_BAND: Final = Style(color="red")
"""An asset class outside its band (the cell also says ``OUTSIDE``/``outside``)."""
SHORT_TERM_GAIN: Final = Style(color="yellow")
"""A short-term gain, taxed as ordinary income (the cell also says ``ST gain``)."""
WASH_SALE: Final = Style(color="magenta")
"""A loss disallowed by a wash sale (the cell also says ``wash sale``)."""

PIPED_WIDTH: Final = 160
"""Columns of piped output: wide enough that tables keep their figures whole."""


class _PlainConsole(Console):
    """A console for pipes and ``NO_COLOR``: reports an ASCII encoding.

    Rich draws every box (tables, panels, rules) with ASCII characters when the console's
    encoding is not UTF (``rich.box.Box.substitute``), so every table printed here gets
    ``box.ASCII`` borders whoever built it; the text itself is written unchanged.
    """

    @property
    def encoding(self) -> str:
        return "ascii"


def no_color_requested() -> bool:
    """Whether ``NO_COLOR`` is present and not empty (https://no-color.org)."""
    return os.environ.get("NO_COLOR", "") != ""


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # a closed stream
        return False


def console_for(stream: TextIO, *, force_plain: bool = False, soft_wrap: bool = False) -> Console:
    """The console to print reports on ``stream``: colour on a terminal, plain otherwise.

    Plain (``force_plain``, ``NO_COLOR`` set, or not a terminal): no escape codes at all and
    ASCII table borders. Width: the terminal's on a terminal, :data:`PIPED_WIDTH` when piped;
    a table wider than that wraps its text and leaves out columns, never cutting a number
    (:mod:`trimtab.report.console.fit`).
    ``sys.stdout`` and ``sys.stderr`` are followed rather than held, as Rich does by default, so
    output goes to whatever stream is current when printing (test runners swap them).
    """
    terminal = _is_terminal(stream)
    plain = force_plain or no_color_requested() or not terminal
    follow = stream is sys.stdout or stream is sys.stderr
    make = _PlainConsole if plain else Console
    console = make(
        file=None if follow else stream,
        stderr=stream is sys.stderr,
        color_system=None if plain else "auto",
        highlight=False,
        markup=False,  # user text (names, ids, files) is never read as Rich markup
        width=None if terminal else PIPED_WIDTH,
        soft_wrap=soft_wrap,
    )
    console.push_render_hook(EscapeText())  # control characters shown escaped (terminal.py)
    console.push_render_hook(FitTables())  # tables fit the width: numbers never cut (fit.py)
    console.push_render_hook(EscapeSegments())  # and escaped whatever else is printed
    return console


def problems_text(problems: tuple[Problem, ...]) -> Text:
    """Each problem on its own line as ``file:line:col: field: message (expected …)``."""
    text = Text()
    for p in problems:
        style = "yellow" if p.severity is Severity.WARNING else "red"
        text.append(str(p) + "\n", style=style)
    return text


def summary_table(household: Household) -> Table:
    """Accounts with type, owners, holdings, value and cash, and the household total."""
    title = (
        f"{household.name or household.file} — as of {household.as_of}, "
        f"tax year {household.tax.year}, {household.tax.filing_status.value}"
    )
    table = Table(title=title, show_footer=True)
    table.add_column("Account", footer="Household")
    table.add_column("Type")
    table.add_column("Owners")
    table.add_column("Holdings", justify="right")
    table.add_column("Securities $", justify="right")
    table.add_column(
        "Cash $",
        justify="right",
        footer=money(sum((a.cash for a in household.accounts), Decimal(0))),
    )
    table.add_column("Value $", justify="right", footer=money(household_value(household)))
    table.add_column("Notes")
    for a in household.accounts:
        notes = []
        if not a.of_this_return:
            notes.append("separate taxpayer")
        if not a.tradable:
            notes.append("held away")
        table.add_row(
            a.id,
            a.type.value,
            ", ".join(a.owners),
            str(len(a.holdings)),
            money(securities_value(household, a)),
            money(a.cash),
            money(account_value(household, a)),
            "; ".join(notes),
        )
    return table


def _signed(value: Decimal | None) -> Text:
    if value is None:
        return Text("—")
    return Text(money(value), style="red" if value < 0 else "")


def state_tables(household: Household, state: HouseholdState) -> list[Table]:
    """One table per account: holdings and their lots with value, cost and unrealized gain."""
    tables = []
    for a in state.accounts:
        title = (
            f"{a.account_id} ({a.type.value}) — value {money(a.total_value)}, cash {money(a.cash)}"
        )
        table = Table(title=title, title_justify="left")
        for name in (
            "Holding / lot",
            "Acquired",
            "Shares",
            "Price",
            "Value $",
            "Cost $",
            "Gain $",
            "Term",
            "Days to LT",
        ):
            table.add_column(
                name, justify="left" if name in ("Holding / lot", "Acquired", "Term") else "right"
            )
        for h in a.holdings:
            table.add_row(
                Text.assemble((h.symbol, "bold"), " (basis unknown)" if h.basis_unknown else ""),
                "",
                shares(h.quantity),
                money(h.price),
                money(h.market_value),
                "—" if h.cost is None else money(h.cost),
                _signed(h.unrealized_gain),
                "",
                "",
            )
            for lot in h.lots:
                table.add_row(
                    f"  {lot.lot_id}",
                    str(lot.acquired),
                    shares(lot.quantity),
                    "",
                    money(lot.market_value),
                    money(lot.cost),
                    _signed(lot.unrealized_gain),
                    "long" if lot.long_term else "short",
                    str(lot.days_to_long_term) if lot.days_to_long_term else "",
                )
        tables.append(table)
    return tables


def state_totals(state: HouseholdState) -> str:
    """One line of household totals."""
    return (
        f"Household value {money(state.total_value)} (cash {money(state.cash)}); unrealized "
        f"gain in taxable accounts of this return: short-term {money(state.unrealized_short)}, "
        f"long-term {money(state.unrealized_long)}"
    )


def account_totals_table(state: HouseholdState) -> Table:
    """Seed step 1 in one table: per account its type, value, cash, cost basis and unrealized
    short- and long-term gain (taxable accounts only: a sheltered account's gains are not taxed).
    """
    table = Table(title=f"Accounts as of {state.as_of}", show_footer=True)
    table.add_column("Account", footer="Household")
    table.add_column("Type")
    table.add_column("Value $", justify="right", footer=money(state.total_value))
    table.add_column("Cash $", justify="right", footer=money(state.cash))
    for name in ("Cost basis $", "Unrealized short $", "Unrealized long $"):
        table.add_column(name, justify="right")
    table.add_column("Notes")
    for a in state.accounts:
        table.add_row(
            Text(a.account_id),
            a.type.value,
            money(a.total_value),
            money(a.cash),
            *_basis_cells(a),
            Text(_account_notes(a)),
        )
    return table


def _basis_cells(a: AccountState) -> tuple[Text, Text, Text]:
    known = any(h.cost is not None for h in a.holdings)
    if a.type is not AccountType.TAXABLE or (a.holdings and not known):
        return Text("—"), Text("—"), Text("—")
    short = Text(money(a.unrealized_short))
    if a.unrealized_short > 0:
        short.stylize(SHORT_TERM_GAIN)
    return Text(money(a.cost)), short, Text(money(a.unrealized_long))


def _account_notes(a: AccountState) -> str:
    notes = []
    if a.type is not AccountType.TAXABLE:
        notes.append("no tax on gains inside")
    elif not a.gains_taxed_here:
        notes.append("separate taxpayer")
    unknown = [h.symbol for h in a.holdings if h.cost is None]
    if unknown and a.type is AccountType.TAXABLE:
        notes.append("basis unknown: " + ", ".join(unknown))
    return "; ".join(notes)


def drift_table_view(household: Household, drift: Drift) -> Table:
    """The drift table of step 2 of the six report steps (docs/reports.md): class, target,
    current, drift, $ over/under, band and status."""
    table = Table(
        title=f"Drift — {household.name or household.file}, as of {household.as_of}",
        show_footer=True,
    )
    table.add_column("Asset Class", footer="Total")
    table.add_column(
        "Target %",
        justify="right",
        footer=_pct(sum((r.target_pct for r in drift.rows), Decimal(0))),
    )
    table.add_column(
        "Current %",
        justify="right",
        footer=_pct(sum((r.current_pct for r in drift.rows), Decimal(0))),
    )
    table.add_column("Drift", justify="right")
    table.add_column("$ Over/Under", justify="right", footer=money(drift.total_value))
    table.add_column("Band", justify="right")
    table.add_column("Status")
    for r in drift.rows:
        status = Text("OUTSIDE", style=OUT_OF_BAND) if r.outside else Text("inside")
        table.add_row(
            r.asset_class.label,
            _pct(r.target_pct),
            _pct(r.current_pct),
            f"{percent_text(r.drift_pct, signed=True)}",
            f"{round_money(r.over_under):+,.2f}",
            f"{_pct(r.low_pct)}–{_pct(r.high_pct)}",
            status,
        )
    return table


def _pct(value: Decimal) -> str:
    return f"{percent_text(value)}"


def securities_table(securities: tuple[Security, ...]) -> Table:
    """The securities master (or a household's effective securities) as a table."""
    table = Table(title=f"Securities ({len(securities)})")
    for name in ("Symbol", "Name", "Type", "Asset class", "Index", "ER %", "Tags", "Whole"):
        table.add_column(name)
    for s in securities:
        classes = ", ".join(
            f"{c.asset_class.value} {round_percent(c.weight * 100):.0f}%"
            if s.is_mixed
            else c.asset_class.value
            for c in s.classes
        )
        er = "" if s.expense_ratio is None else f"{s.expense_ratio * 100:.2f}"
        table.add_row(
            s.symbol,
            s.name,
            s.type.value,
            classes,
            s.index,
            er,
            " ".join(s.tags),
            "yes" if s.whole_shares else "no",
        )
    return table
