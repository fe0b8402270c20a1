"""Plans that keep within the household's tax budget and breakeven horizon: re-solve until the
exact figures fit.

The model bounds tax linearly (:func:`trimtab.optimize.rows.budget_rows`); the exact figures
(netting, brackets, NIIT, the $3,000 limit) are known only after the trades are explained. With
a `tax_budget`, the exact figure (net realized gains, or the plan's marginal tax) must fit; with
`breakeven_horizon_years`, tax + costs must be paid back by the horizon's benefit. While either
does not hold, its linear bound is tightened and the plan solved again, at most
:data:`BUDGET_TRIES` times. Example: a $10,000 gains budget whose first plan realizes $10,400
net (the linear bound counted a loss lot's wash as a loss) is re-solved with a bound of $9,600.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from trimtab.analysis.drift import DriftRow
from trimtab.errors import Problem, Severity
from trimtab.explain.outside import outside_warnings
from trimtab.explain.plan import PlanReport, build_report
from trimtab.model.enums import Mode, ReliefMethod, SolverKind, TaxBudgetKind
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.location import LocationReview
from trimtab.optimize.plan import optimize
from trimtab.optimize.relief_order import with_relief_method
from trimtab.source import Source

BUDGET_TRIES = 8
BINDING = Decimal(1)  # dollars: a budget used to within this is what stopped the plan


def plan_within_limits(
    household: Household,
    mode: Mode,
    *,
    review: LocationReview,
    relief_method: ReliefMethod | None = None,
    solver: SolverKind = SolverKind.LP,
) -> PlanReport:
    """The explained plan of ``household`` in ``mode`` that fits its budget and horizon (or the
    last try, when none fits in :data:`BUDGET_TRIES`)."""
    report = _within_limits(
        household, mode, review=review, relief_method=relief_method, solver=solver
    )
    note = _budget_note(household, report)
    plan = report.plan
    outside = outside_warnings(
        household, mode, plan.trades, report.drift_after, plan.warnings, budget=note
    )
    added = (*(() if note is None else (note,)), *outside)
    if not added:
        return report
    return replace(report, plan=replace(plan, warnings=(*plan.warnings, *added)))


def _within_limits(
    household: Household,
    mode: Mode,
    *,
    review: LocationReview,
    relief_method: ReliefMethod | None,
    solver: SolverKind,
) -> PlanReport:
    """The re-solve loop of :func:`plan_within_limits` (module docstring)."""
    budget = household.settings.tax_budget
    horizon = household.settings.breakeven_horizon_years
    bound = None if budget is None else budget.amount
    breakeven_tax: Decimal | None = None
    planned = with_relief_method(household, relief_method)  # the model sells by the run's method
    for _ in range(BUDGET_TRIES):
        optimized = optimize(planned, mode, bound, breakeven_tax, solver)
        report = build_report(
            household,
            optimized.inputs,
            optimized.decoded,
            optimized.status,
            relief_method=relief_method,
            location=review,
        )
        excess = ZERO if budget is None else budget_used(report, budget.kind) - budget.amount
        worth = report.breakeven
        allowed = None if horizon is None else horizon * worth.annual_benefit
        late = (
            allowed is not None
            and worth.tax_and_costs > allowed
            and report.whatif.marginal.total > 0
        )
        if excess <= 0 and not late:
            return report
        if excess > 0 and bound is not None:
            bound = max(ZERO, bound - excess)
        if late and allowed is not None:
            if breakeven_tax == 0:
                return report  # no taxable sale left to drop: what remains costs no tax
            costs = worth.tax_and_costs - report.whatif.marginal.total
            limit = max(ZERO, allowed - costs)
            breakeven_tax = limit if breakeven_tax is None else min(breakeven_tax / 2, limit)
    return report


def _budget_note(household: Household, report: PlanReport) -> Problem | None:
    """A warning when the tax budget is used up and classes end outside their bands: which,
    by how many points and dollars, and what the budget allowed (a larger budget, or the
    next tax year, would bring them in)."""
    budget = household.settings.tax_budget
    outside = [r for r in report.drift_after.rows if r.outside]
    if budget is None or not outside:
        return None
    used = budget_used(report, budget.kind)
    if used < budget.amount - BINDING:
        return None
    what = "net tax" if budget.kind is TaxBudgetKind.TAX else "net realized gains"
    total = report.drift_after.total_value
    classes = "; ".join(
        f"{r.asset_class.label} {_beyond(r):.2f} points (${_beyond(r) * total / 100:,.2f}) outside"
        for r in outside
    )
    return Problem(
        source=Source(file=household.file),
        field="settings.tax_budget",
        kind="tax_budget_binding",
        message=(
            f"the tax budget ({what} of at most {_money(budget.amount)}) is used up "
            f"({_money(used)}) and leaves {classes}; a larger budget, or the next tax year, "
            "would bring them inside"
        ),
        severity=Severity.WARNING,
    )


def _money(amount: Decimal) -> str:
    """Dollars to the cent, a minus before the sign: −$0.44."""
    return f"{'−' if amount < 0 else ''}${abs(amount):,.2f}"


def _beyond(row: DriftRow) -> Decimal:
    """How far outside its band the row is, in percent points."""
    return row.current_pct - row.high_pct if row.drift_pct > 0 else row.low_pct - row.current_pct


def budget_used(report: PlanReport, kind: TaxBudgetKind) -> Decimal:
    """The plan's exact net realized gains (taxed here, this year) or its marginal tax."""
    if kind is TaxBudgetKind.TAX:
        return report.whatif.marginal.total
    short, long = report.whatif.realization.gains_in_estimate()
    return short + long
