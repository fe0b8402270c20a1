"""Console renderings (rich) of ``trimtab check`` and ``trimtab tax``.

Figures are rounded half-up only here (cents, six places of a share, two of a percent); losses
show in red. Wash sales show as columns of the realized rows, lots and harvestable losses, a
table of replacements, and the wash-sale calendar; ``tax`` adds the RMDs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rich.table import Table
from rich.text import Text

from trimtab.analysis.state import HouseholdState
from trimtab.model.household import Household
from trimtab.money import percent_text, shares_text
from trimtab.report.format import money
from trimtab.report.json.wash import wash_reason
from trimtab.results.tax import TaxOverview
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.harvest_wash import HarvestWash
from trimtab.tax.realize import Realization
from trimtab.tax.rmd import RmdReport
from trimtab.tax.wash import CalendarEntry, WashKind
from trimtab.tax.whatif import WhatIf

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


def signed(value: Decimal) -> Text:
    """Money, red when negative."""
    return Text(money(value), style="red" if value < 0 else "")


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
            shares_text(t.trade.quantity),
            money(t.proceeds),
            "" if t.method is None else t.method.value,
            signed(t.short_term_gain),
            signed(t.long_term_gain),
            _yes(t.taxed_here),
        )
    return table


def realized_table(check: WhatIf) -> Table:
    """One row per lot sold, with its wash kind (the amounts are in :func:`washes_table`)."""
    table = Table(title="Realized, lot by lot", title_justify="left")
    for name in ("Trade", "Account", "Symbol", "Lot", "Acquired", "Held from", "Sold"):
        table.add_column(name)
    for name in ("Shares", "Proceeds $", "Cost $", "Gain $", "Term", "In estimate"):
        table.add_column(name, justify="right")
    table.add_column("Wash")
    for r in check.realization.realized:
        wash = check.wash_of(r)
        table.add_row(
            r.trade,
            r.account,
            r.symbol,
            r.lot_id,
            str(r.acquired),
            str(r.holding_period_start),
            str(r.sold),
            shares_text(r.quantity),
            money(r.proceeds),
            money(r.cost),
            signed(r.gain),
            r.term,
            _yes(r.in_estimate),
            _wash_word(WashKind.NONE if wash is None else wash.kind),
        )
    return table


def washes_table(check: WhatIf) -> Table:
    """Each loss sold by the trades: how much is disallowed, lost for good, and still deducted."""
    table = Table(title="Wash sales of the losses realized", title_justify="left")
    for name in ("Trade", "Account", "Symbol", "Lot", "Wash"):
        table.add_column(name)
    for name in ("Loss $", "Disallowed $", "Lost for good $", "Deductible $"):
        table.add_column(name, justify="right")
    for r in check.realization.realized:
        wash = check.wash_of(r)
        if wash is None:
            continue
        table.add_row(
            r.trade,
            r.account,
            r.symbol,
            r.lot_id,
            _wash_word(wash.kind),
            signed(r.gain),
            money(wash.disallowed),
            money(wash.permanent),
            signed(r.gain + wash.disallowed),
        )
    return table


def _wash_word(kind: WashKind) -> Text:
    return Text(kind.value, style="red" if kind is WashKind.PERMANENT else "")


def replacements_table(check: WhatIf) -> Table:
    """The purchases that wash the trades' and recent loss sales, one row per replacement."""
    table = Table(title="Wash-sale replacements", title_justify="left")
    for name in ("Loss sale", "Kind", "Id", "Account", "Symbol", "Date"):
        table.add_column(name)
    table.add_column("Shares", justify="right")
    table.add_column("Disallowed $", justify="right")
    table.add_column("Lost for good")
    for wash in check.washes.washes:
        for use in wash.replacements:
            a = use.acquisition
            table.add_row(
                wash.sale.id,
                a.kind.value,
                a.id,
                a.account,
                a.symbol,
                str(a.date) + (" (est.)" if a.estimated else ""),
                shares_text(use.quantity),
                money(use.disallowed),
                _yes(a.permanent),
            )
    return table


def lots_after_table(check: WhatIf) -> Table:
    """The open lots after the trades, of the positions traded and those a wash adjusted."""
    touched = {(t.trade.account, t.trade.symbol) for t in check.realization.trades}
    table = Table(title="Lots after the trades (positions traded)", title_justify="left")
    for name in ("Account", "Symbol", "Lot", "Acquired", "Held from"):
        table.add_column(name)
    table.add_column("Shares", justify="right")
    table.add_column("Cost $", justify="right")
    table.add_column("Wash adj. $", justify="right")
    for adjusted in check.lots_after:
        lot = adjusted.lot
        if (lot.account, lot.symbol) in touched or adjusted.wash_adjustment:
            table.add_row(
                lot.account,
                lot.symbol,
                lot.lot_id,
                str(lot.acquired),
                str(lot.holding_period_start),
                shares_text(lot.quantity),
                money(lot.cost),
                money(adjusted.wash_adjustment),
            )
    return table


def calendar_table(calendar: tuple[CalendarEntry, ...]) -> Table:
    """Groups sold at a loss and the last day a purchase of any of them would wash the loss."""
    table = Table(title="Wash-sale calendar", title_justify="left")
    for name in ("Symbols (substantially identical)", "Sold at a loss on", "No buy until"):
        table.add_column(name)
    for entry in calendar:
        table.add_row(", ".join(entry.symbols), str(entry.sold_on), str(entry.no_buy_until))
    return table


def check_tables(household: Household, check: WhatIf) -> list[Table]:
    """Every table of ``trimtab check``."""
    return [
        trades_table(check.realization),
        realized_table(check),
        washes_table(check),
        replacements_table(check),
        lots_after_table(check),
        calendar_table(check.washes.calendar),
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


def harvestable_table(harvest: tuple[HarvestWash, ...]) -> Table:
    """Lots whose sale today would realize a loss above the thresholds, and its wash."""
    table = Table(title="Harvestable losses", title_justify="left")
    for name in ("Account", "Symbol", "Lot", "Acquired"):
        table.add_column(name)
    for name in ("Shares", "Cost $", "Value $", "Loss $", "Loss %", "Term"):
        table.add_column(name, justify="right")
    table.add_column("Wash if sold today")
    table.add_column("Disallowed $", justify="right")
    for mark in harvest:
        h = mark.harvest
        table.add_row(
            h.lot.account,
            h.lot.symbol,
            h.lot.lot_id,
            str(h.lot.acquired),
            shares_text(h.lot.quantity),
            money(h.lot.cost),
            money(h.market_value),
            Text(money(h.loss), style="red"),
            f"{percent_text(h.loss_pct)}",
            "long" if h.long_term else "short",
            _wash_word(mark.wash.kind),
            money(mark.wash.disallowed),
        )
    return table


def harvest_reasons_table(harvest: tuple[HarvestWash, ...], household: Household) -> Table:
    """Why each harvestable lot sold today would, or would not, be washed."""
    table = Table(title="Harvestable losses: the wash check of a sale today", title_justify="left")
    table.add_column("Lot")
    table.add_column("Why")
    for mark in harvest:
        lot = mark.harvest.lot
        table.add_row(
            f"{lot.account} {lot.symbol} {lot.lot_id}", wash_reason(mark, household.as_of)
        )
    return table


def rmd_table(rmd: RmdReport) -> Table:
    """Each account of a type that can owe an RMD: required, taken, left, and the deadline."""
    table = Table(title=f"Required minimum distributions {rmd.year}", title_justify="left")
    table.add_column("Account")
    table.add_column("Owner")
    for name in ("Required $", "Already withdrawn $", "Remaining $"):
        table.add_column(name, justify="right")
    table.add_column("Aggregated with")
    table.add_column("Deadline")
    for row in rmd.rows:
        table.add_row(
            row.account,
            row.owner,
            money(row.required),
            money(row.already_withdrawn),
            money(row.remaining),
            ", ".join(row.aggregated_with),
            str(row.deadline),
        )
    return table


def tax_tables(household: Household, overview: TaxOverview) -> list[Table]:
    """Every table of ``trimtab tax``."""
    state, harvest, calendar = overview.state, overview.harvest_washes, overview.washes.calendar
    rmd, estimate = overview.rmd, overview.estimate
    return [
        unrealized_table(state),
        harvestable_table(harvest),
        harvest_reasons_table(harvest, household),
        calendar_table(calendar),
        rmd_table(rmd),
        estimate_table(
            f"Tax estimate {household.tax.year} so far",
            (EstimateColumn(heading="Estimate $", estimate=estimate),),
        ),
    ]
