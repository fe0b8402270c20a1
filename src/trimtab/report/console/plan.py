"""The plan on the console: the six report steps (docs/reports.md), in order, each under its
numbered heading.

1 current state (per account: value, cost basis, unrealized short/long gain), 2 drift before
the plan, 3 the trade list with reason and tax impact, 4 the asset-location review (built
elsewhere and passed in), 5 implementation (trades per account, transaction costs, tax impact,
drift before/after, breakeven), 6 the rationale of every trade. Colour only where it carries
meaning (:data:`~trimtab.report.console.common.OUT_OF_BAND`, ``SHORT_TERM_GAIN``,
``WASH_SALE``), and always beside words that say the same. Text from the input is passed as
``Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import Final

from rich.console import NewLine, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from trimtab.analysis.concentration import concentrated_positions, stock_percents
from trimtab.analysis.drift import DriftRow
from trimtab.analysis.state import household_state
from trimtab.model.enums import TradeAction
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO, percent_text, round_money, round_percent
from trimtab.report.console.common import (
    OUT_OF_BAND,
    SHORT_TERM_GAIN,
    WASH_SALE,
    account_totals_table,
    drift_table_view,
    state_totals,
)
from trimtab.report.console.concentration import concentration_lines
from trimtab.report.console.location import location_view
from trimtab.report.format import money as _money
from trimtab.report.format import shares as _shares
from trimtab.results.plan import PlanReport

STEPS: Final = (
    "Current state",
    "Drift",
    "Trades",
    "Asset location",
    "Implementation",
    "Rationale",
)
"""The six report steps (docs/reports.md), in the order the plan prints them."""


def heading(step: int) -> Rule:
    """The heading of seed step ``step`` (1–6), e.g. ``1. Current state``, as a plain rule."""
    return Rule(Text(f"{step}. {STEPS[step - 1]}"), align="left", style=Style.null())


def plan_view(report: PlanReport) -> tuple[RenderableType, ...]:
    """Everything ``trimtab plan`` prints, steps 1–6 in order, each under its heading."""
    sections = (
        current_state(report),
        drift_before(report),
        trade_recommendations(report),
        asset_location(report),
        implementation(report),
        rationale(report),
    )
    out: list[RenderableType] = []
    for step, parts in enumerate(sections, start=1):
        if step > 1:
            out.append(NewLine())
        out += [heading(step), *parts]
    return tuple(out)


def current_state(report: PlanReport) -> tuple[RenderableType, ...]:
    """Step 1: totals per account, and the household's unrealized gains."""
    state = household_state(report.household)
    return account_totals_table(state), Text(state_totals(state))


def drift_before(report: PlanReport) -> tuple[RenderableType, ...]:
    """Step 2: the drift table before the plan, and the classes outside their band."""
    return (
        drift_table_view(report.household, report.drift_before),
        _outside_line("Outside their band", report.drift_before.outside),
        *_concentration(report),
    )


def _concentration(report: PlanReport) -> list[Text]:
    """The single stocks above the limit before the plan, with their percent after it."""
    found = concentrated_positions(report.household)
    after = stock_percents(report.after, (c.symbol for c in found))
    return concentration_lines(found, after)


def _outside_line(label: str, rows: tuple[DriftRow, ...]) -> Text:
    text = Text(f"{label}: ")
    if not rows:
        return text.append("none")
    return text.append(", ".join(r.asset_class.label for r in rows), style=OUT_OF_BAND)


def trade_recommendations(report: PlanReport) -> tuple[RenderableType, ...]:
    """Step 3: the trade list, or why there is none."""
    if not report.plan.trades:
        status = report.plan.solver_status
        return (Text("No trades" + (f": {status}" if status else "") + "."),)
    return (trade_list(report),)


def asset_location(report: PlanReport) -> tuple[RenderableType, ...]:
    """Step 4: the asset-location review of the household, and the drag after the plan."""
    return (location_view(report.location, report.location_after_drag, report.location_saved),)


def tax_impact(t: PlannedTrade) -> Text:
    """A trade's tax impact in words: ``ST gain 120.00; LT loss 30.00; wash sale 30.00 …``.

    Short-term gains and wash-sale disallowed losses are coloured; sheltered trades show ``—``.
    """
    parts: list[Text] = []
    for label, value in (("ST", t.short_term_gain), ("LT", t.long_term_gain)):
        if value > 0:
            style = SHORT_TERM_GAIN if label == "ST" else Style.null()
            parts.append(Text(f"{label} gain {_money(value)}", style=style))
        elif value < 0:
            parts.append(Text(f"{label} loss {_money(-value)}"))
    if t.wash_disallowed:
        lost = " (lost for good)" if t.wash_permanent else ""
        parts.append(
            Text(f"wash sale {_money(t.wash_disallowed)} disallowed{lost}", style=WASH_SALE)
        )
    return Text("; ").join(parts) if parts else Text("—")


def trade_list(report: PlanReport) -> Table:
    """The trade list of step 3: Account, Action, Security, Shares/$, Reason, Tax Impact."""
    table = Table(
        title=f"Trades — {report.plan.household}, as of {report.plan.as_of} "
        f"({report.plan.mode.value} mode)"
    )
    for name in ("#", "Account", "Action", "Security", "Shares/$", "Reason", "Tax Impact"):
        table.add_column(name, justify="right" if name == "Shares/$" else "left")
    for t in report.plan.trades:
        table.add_row(
            t.id,
            Text(t.account),
            "Buy" if t.action is TradeAction.BUY else "Sell",
            Text(t.symbol),
            f"{_shares(t.quantity)} / ${_money(t.amount)}",
            t.reason.value,
            tax_impact(t),
        )
    return table


def implementation(report: PlanReport) -> tuple[RenderableType, ...]:
    """Step 5: trades per account, costs and tax impact, drift before/after, breakeven."""
    return (
        summary(report),
        *tax_lines(report),
        before_after(report),
        _outside_line("Outside their band after the plan", report.drift_after.outside),
        *breakeven_lines(report),
    )


def summary(report: PlanReport) -> Table:
    """Implementation: per account trades, value and cash before/after, distributions."""
    table = Table(title="Implementation by account", show_footer=True)
    plan = report.plan
    table.add_column("Account", footer="Household")
    table.add_column("Trades", justify="right", footer=str(len(plan.trades)))
    table.add_column(
        "Value before",
        justify="right",
        footer=_money(sum((a.value_before for a in plan.accounts), ZERO)),
    )
    table.add_column(
        "Value after",
        justify="right",
        footer=_money(sum((a.value_after for a in plan.accounts), ZERO)),
    )
    for name in ("Cash before", "Cash after", "In", "Out"):
        table.add_column(name, justify="right")
    for a in plan.accounts:
        table.add_row(
            Text(a.account),
            str(a.trades),
            _money(a.value_before),
            _money(a.value_after),
            _money(a.cash_before),
            _money(a.cash_after),
            _money(a.contributed),
            _money(a.distributed),
        )
    return table


def _status(row: DriftRow | None) -> Text:
    if row is None:
        return Text("—")
    return Text("outside", style=OUT_OF_BAND) if row.outside else Text("inside")


def before_after(report: PlanReport) -> Table:
    """Drift before and after per class, with the band and each side's status."""
    table = Table(title="Before / after")
    for name in ("Asset Class", "Target %", "Before %", "After %", "Band", "Before", "After"):
        table.add_column(name, justify="left" if name == "Asset Class" else "right")
    after = {r.asset_class: r for r in report.drift_after.rows}
    for r in report.drift_before.rows:
        a = after.get(r.asset_class)
        table.add_row(
            r.asset_class.label,
            f"{percent_text(r.target_pct)}",
            f"{percent_text(r.current_pct)}",
            f"{percent_text(a.current_pct)}" if a else "—",
            f"{percent_text(r.low_pct)}–{percent_text(r.high_pct)}",
            _status(r),
            _status(a),
        )
    return table


def tax_lines(report: PlanReport) -> list[Text]:
    """Transaction costs, the gains the plan realizes, and its exact tax impact, in words."""
    plan = report.plan
    short = sum((t.short_term_gain for t in plan.trades), ZERO)
    long = sum((t.long_term_gain for t in plan.trades), ZERO)
    washed = sum((t.wash_disallowed for t in plan.trades), ZERO)
    realized = Text("Realized in taxable accounts: short-term ")
    realized.append(_money(short), style=SHORT_TERM_GAIN if short > 0 else Style.null())
    realized.append(f", long-term {_money(long)}")
    if washed:
        realized.append("; ").append(f"wash sale {_money(washed)} disallowed", style=WASH_SALE)
    m = report.whatif.marginal
    return [
        Text(f"Transaction costs: {_money(plan.costs_total)}"),
        realized,
        Text(
            f"Tax impact (exact, {plan.tax_year}): federal income tax {_money(m.income_tax)}, "
            f"NIIT {_money(m.niit)}, state {_money(m.state)}, total {_money(m.total)}"
        ),
    ]


def breakeven_lines(report: PlanReport) -> list[Text]:
    """The breakeven, tax saved by waiting, and where future contributions should go."""
    b = report.breakeven
    payback = b.payback_years
    lines = [
        Text(
            f"Breakeven: benefit {_money(b.annual_benefit)} a year against tax and costs "
            f"{_money(b.tax_and_costs)}"
            + ("" if payback is None else f": paid back in {round_money(payback)} years")
        )
    ]
    if report.plan.deferral_savings > 0:
        lines.append(
            Text(
                "Waiting for lots to turn long-term would save about "
                f"{_money(report.plan.deferral_savings)}"
            )
        )
    lines += [
        Text(f"Future contributions to {c.account}: {round_percent(c.percent):.1f}% to {c.symbol}")
        for c in report.plan.contribution_allocation
    ]
    return lines


def rationale_lines(report: PlanReport) -> list[Text]:
    """Every trade's rationale, for the compliance file."""
    return [Text(f"{t.id}. {t.rationale}") for t in report.plan.trades]


def rationale(report: PlanReport) -> tuple[RenderableType, ...]:
    """Step 6: the rationale of every trade, or that there is nothing to explain."""
    return tuple(rationale_lines(report)) or (Text("No trades, so no rationale to record."),)
