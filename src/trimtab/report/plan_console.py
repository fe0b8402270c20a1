"""Console tables of a plan: the trade list (seed step 3) and the implementation (step 5)."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table

from trimtab.explain.plan import PlanReport
from trimtab.model.enums import TradeAction
from trimtab.model.plan import PlannedTrade
from trimtab.money import round_money, round_percent
from trimtab.report.console import money as _money
from trimtab.report.console import shares as _shares


def _tax_impact(t: PlannedTrade) -> str:
    parts = []
    for label, value in (("ST", t.short_term_gain), ("LT", t.long_term_gain)):
        if value > 0:
            parts.append(f"{label} gain {_money(value)}")
        elif value < 0:
            parts.append(f"{label} loss {_money(-value)}")
    if t.wash_disallowed:
        parts.append(f"wash {_money(t.wash_disallowed)}" + (" (lost)" if t.wash_permanent else ""))
    return "; ".join(parts) or "—"


def trade_list(report: PlanReport) -> Table:
    """The seed's trade list: Account, Action, Security, Shares/$, Reason, Tax Impact."""
    table = Table(
        title=f"Trades — {report.plan.household}, as of {report.plan.as_of} "
        f"({report.plan.mode.value} mode)"
    )
    for name in ("#", "Account", "Action", "Security", "Shares/$", "Reason", "Tax Impact"):
        table.add_column(name, justify="right" if name in ("Shares/$",) else "left")
    for t in report.plan.trades:
        action = "Buy" if t.action is TradeAction.BUY else "Sell"
        table.add_row(
            t.id,
            t.account,
            action,
            t.symbol,
            f"{_shares(t.quantity)} / ${_money(t.amount)}",
            t.reason.value,
            _tax_impact(t),
        )
    return table


def summary(report: PlanReport) -> Table:
    """Implementation: per account trades, value and cash before/after, distributions."""
    table = Table(title="Implementation by account", show_footer=True)
    plan = report.plan
    table.add_column("Account", footer="Household")
    table.add_column("Trades", justify="right", footer=str(len(plan.trades)))
    table.add_column(
        "Value before",
        justify="right",
        footer=_money(sum((a.value_before for a in plan.accounts), Decimal(0))),
    )
    table.add_column(
        "Value after",
        justify="right",
        footer=_money(sum((a.value_after for a in plan.accounts), Decimal(0))),
    )
    table.add_column("Cash before", justify="right")
    table.add_column("Cash after", justify="right")
    table.add_column("In", justify="right")
    table.add_column("Out", justify="right")
    for a in plan.accounts:
        table.add_row(
            a.account,
            str(a.trades),
            _money(a.value_before),
            _money(a.value_after),
            _money(a.cash_before),
            _money(a.cash_after),
            _money(a.contributed),
            _money(a.distributed),
        )
    return table


def before_after(report: PlanReport) -> Table:
    """Drift before and after per class."""
    table = Table(title="Before / after")
    for name in ("Asset Class", "Target %", "Before %", "After %", "Band", "Before", "After"):
        table.add_column(name, justify="left" if name == "Asset Class" else "right")
    after = {r.asset_class: r for r in report.drift_after.rows}
    for r in report.drift_before.rows:
        a = after.get(r.asset_class)
        table.add_row(
            r.asset_class.label,
            f"{round_percent(r.target_pct):.2f}",
            f"{round_percent(r.current_pct):.2f}",
            f"{round_percent(a.current_pct):.2f}" if a else "—",
            f"{round_percent(r.low_pct):.2f}–{round_percent(r.high_pct):.2f}",
            "[red]outside[/red]" if r.outside else "inside",
            ("[red]outside[/red]" if a.outside else "inside") if a else "—",
        )
    return table


def tax_lines(report: PlanReport) -> list[str]:
    """The tax impact summary and costs, in words."""
    m = report.whatif.marginal
    lines = [
        f"Tax impact (exact, {report.plan.tax_year}): federal income tax "
        f"{_money(m.income_tax)}, NIIT {_money(m.niit)}, state {_money(m.state)}, "
        f"total {_money(m.total)}",
        f"Transaction costs: {_money(report.plan.costs_total)}",
    ]
    b = report.breakeven
    payback = b.payback_years
    lines.append(
        f"Breakeven: benefit {_money(b.annual_benefit)} a year against tax and costs "
        f"{_money(b.tax_and_costs)}"
        + ("" if payback is None else f": paid back in {round_money(payback)} years")
    )
    if report.plan.deferral_savings > 0:
        lines.append(
            f"Waiting for lots to turn long-term would save about "
            f"{_money(report.plan.deferral_savings)}"
        )
    for c in report.plan.contribution_allocation:
        lines.append(
            f"Future contributions to {c.account}: {round_percent(c.percent):.1f}% to {c.symbol}"
        )
    return lines


def rationale_lines(report: PlanReport) -> list[str]:
    """Every trade's rationale, for the compliance file."""
    return [f"{t.id}. {t.rationale}" for t in report.plan.trades]
