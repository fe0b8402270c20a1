"""Console renderings (rich) of ``trimtab check`` and ``trimtab tax``.

Figures are rounded half-up only here (cents, six places of a share, two of a percent); losses
show in red.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.table import Table

from trimtab.analysis.state import HouseholdState
from trimtab.model.household import Household
from trimtab.money import round_percent, round_shares
from trimtab.report.console import money
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.harvest import HarvestableLoss
from trimtab.tax.realize import Realization, TradeCheck

# (label, TaxEstimate attribute), in the order of the estimate shape.
ESTIMATE_ROWS: tuple[tuple[str, str], ...] = (
    ("Net short-term (Sch. D line 7)", "net_short_term"),
    ("Net long-term (Sch. D line 15)", "net_long_term"),
    ("Capital loss deduction (line 21)", "capital_loss_deduction"),
    ("Carryforward out, short", "carryforward_out_short"),
    ("Carryforward out, long", "carryforward_out_long"),
    ("Ordinary tax (QDCG line 22)", "ordinary_tax"),
    ("Preferential tax (lines 18 + 21)", "preferential_tax"),
    ("Regular tax on all income (line 24)", "regular_tax_on_all_income"),
    ("Income tax (line 25)", "income_tax"),
    ("NIIT (Form 8960)", "niit"),
    ("State (approximation)", "state"),
    ("Total", "total"),
)


def signed(value: Decimal) -> str:
    """Money, red when negative."""
    text = money(value)
    return f"[red]{text}[/red]" if value < 0 else text


def shares(value: Decimal) -> str:
    """Shares rounded to six places, trailing zeros dropped."""
    text = f"{round_shares(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


@dataclass(frozen=True, slots=True, kw_only=True)
class EstimateColumn:
    """One column of an estimate table: its heading and its estimate."""

    heading: str
    estimate: TaxEstimate


def estimate_table(title: str, columns: tuple[EstimateColumn, ...]) -> Table:
    """The estimate's fields as rows, one column per estimate."""
    table = Table(title=title, title_justify="left")
    table.add_column("Tax year")
    for column in columns:
        table.add_column(column.heading, justify="right")
    for label, name in ESTIMATE_ROWS:
        table.add_row(label, *(signed(getattr(c.estimate, name)) for c in columns))
    return table


def trades_table(realization: Realization) -> Table:
    """The trades applied, with their totals."""
    table = Table(title="Trades", title_justify="left")
    for name in ("Id", "Date", "Account", "Action", "Symbol", "Shares", "Amount $", "Method"):
        table.add_column(name, justify="right" if name in ("Shares", "Amount $") else "left")
    for name in ("Short gain $", "Long gain $", "Taxed here"):
        table.add_column(name, justify="right")
    for t in realization.trades:
        table.add_row(
            t.trade.id,
            str(t.trade.date),
            t.trade.account,
            t.trade.action.value,
            t.trade.symbol,
            shares(t.trade.quantity),
            money(t.proceeds),
            "" if t.method is None else t.method.value,
            signed(t.gain_short),
            signed(t.gain_long),
            _yes(t.taxed_here),
        )
    return table


def realized_table(realization: Realization) -> Table:
    """One row per lot sold."""
    table = Table(title="Realized, lot by lot", title_justify="left")
    for name in ("Trade", "Account", "Symbol", "Lot", "Acquired", "Held from", "Sold"):
        table.add_column(name)
    for name in ("Shares", "Proceeds $", "Cost $", "Gain $", "Term", "In estimate"):
        table.add_column(name, justify="right")
    for r in realization.realized:
        table.add_row(
            r.trade,
            r.account,
            r.symbol,
            r.lot_id,
            str(r.acquired),
            str(r.holding_period_start),
            str(r.sold),
            shares(r.quantity),
            money(r.proceeds),
            money(r.cost),
            signed(r.gain),
            r.term,
            _yes(r.in_estimate),
        )
    return table


def lots_after_table(realization: Realization) -> Table:
    """The open lots after the trades, of the positions the trades touched."""
    touched = {(t.trade.account, t.trade.symbol) for t in realization.trades}
    table = Table(title="Lots after the trades (positions traded)", title_justify="left")
    for name in ("Account", "Symbol", "Lot", "Acquired", "Held from"):
        table.add_column(name)
    table.add_column("Shares", justify="right")
    table.add_column("Cost $", justify="right")
    for lot in realization.lots_after:
        if (lot.account, lot.symbol) in touched:
            table.add_row(
                lot.account,
                lot.symbol,
                lot.lot_id,
                str(lot.acquired),
                str(lot.holding_period_start),
                shares(lot.quantity),
                money(lot.cost),
            )
    return table


def check_tables(household: Household, check: TradeCheck) -> list[Table]:
    """Every table of ``trimtab check``."""
    return [
        trades_table(check.realization),
        realized_table(check.realization),
        lots_after_table(check.realization),
        estimate_table(
            f"Tax estimate {household.tax.year}",
            (
                EstimateColumn(heading="Without $", estimate=check.without),
                EstimateColumn(heading="With trades $", estimate=check.estimate),
                EstimateColumn(heading="Marginal $", estimate=check.marginal),
            ),
        ),
    ]


def unrealized_table(state: HouseholdState) -> Table:
    """Unrealized gain by account and term (holdings whose cost is known)."""
    table = Table(title="Unrealized gains", title_justify="left", show_footer=True)
    table.add_column("Account", footer="Taxable accounts of this return")
    table.add_column("Type")
    table.add_column("Taxed here")
    table.add_column("Short-term $", justify="right", footer=signed(state.unrealized_short))
    table.add_column("Long-term $", justify="right", footer=signed(state.unrealized_long))
    table.add_column("Without lots")
    for a in state.accounts:
        table.add_row(
            a.account_id,
            a.type.value,
            _yes(a.gains_taxed_here),
            signed(a.unrealized_short),
            signed(a.unrealized_long),
            ", ".join(h.symbol for h in a.holdings if h.cost is None),
        )
    return table


def harvestable_table(harvestable: tuple[HarvestableLoss, ...]) -> Table:
    """Lots whose sale today would realize a loss above the thresholds."""
    table = Table(title="Harvestable losses", title_justify="left")
    for name in ("Account", "Symbol", "Lot", "Acquired"):
        table.add_column(name)
    for name in ("Shares", "Cost $", "Value $", "Loss $", "Loss %", "Term"):
        table.add_column(name, justify="right")
    for h in harvestable:
        table.add_row(
            h.lot.account,
            h.lot.symbol,
            h.lot.lot_id,
            str(h.lot.acquired),
            shares(h.lot.quantity),
            money(h.lot.cost),
            money(h.market_value),
            f"[red]{money(h.loss)}[/red]",
            f"{round_percent(h.loss_pct):.2f}",
            "long" if h.long_term else "short",
        )
    return table


def tax_tables(
    household: Household,
    state: HouseholdState,
    harvestable: tuple[HarvestableLoss, ...],
    estimate: TaxEstimate,
) -> list[Table]:
    """Every table of ``trimtab tax``."""
    return [
        unrealized_table(state),
        harvestable_table(harvestable),
        estimate_table(
            f"Tax estimate {household.tax.year} so far",
            (EstimateColumn(heading="Estimate $", estimate=estimate),),
        ),
    ]
