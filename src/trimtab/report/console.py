"""Console renderings (rich): problems and the household summary."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from trimtab.analysis.drift import Drift
from trimtab.analysis.state import HouseholdState
from trimtab.analysis.valuation import account_value, household_value, securities_value
from trimtab.errors import Problem, Severity
from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.money import round_money, round_percent, round_shares


def money(value: Decimal) -> str:
    """Dollars with thousands separators and cents, rounded half-up."""
    return f"{round_money(value):,.2f}"


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
        if a.separate_taxpayer:
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


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = money(value)
    return f"[red]{text}[/red]" if value < 0 else text


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
                f"[bold]{h.symbol}[/bold]" + (" (basis unknown)" if h.basis_unknown else ""),
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


def shares(value: Decimal) -> str:
    """Shares with thousands separators, up to six places, trailing zeros dropped."""
    text = f"{round_shares(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def drift_table_view(household: Household, drift: Drift) -> Table:
    """The seed's drift table: class, target, current, drift, $ over/under, band and status."""
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
        status = "[red]OUTSIDE[/red]" if r.outside else "inside"
        table.add_row(
            r.asset_class.label,
            _pct(r.target_pct),
            _pct(r.current_pct),
            f"{round_percent(r.drift_pct):+.2f}",
            f"{round_money(r.over_under):+,.2f}",
            f"{_pct(r.low_pct)}–{_pct(r.high_pct)}",
            status,
        )
    return table


def _pct(value: Decimal) -> str:
    return f"{round_percent(value):.2f}"


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
