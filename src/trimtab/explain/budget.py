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

from decimal import Decimal

from trimtab.explain.plan import PlanReport, build_report
from trimtab.model.enums import Mode, ReliefMethod, SolverKind, TaxBudgetKind
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.location import LocationReview
from trimtab.optimize.plan import optimize

BUDGET_TRIES = 8


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
    budget = household.settings.tax_budget
    horizon = household.settings.breakeven_horizon_years
    bound = None if budget is None else budget.amount
    breakeven_tax: Decimal | None = None
    for _ in range(BUDGET_TRIES):
        optimized = optimize(household, mode, bound, breakeven_tax, solver)
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


def budget_used(report: PlanReport, kind: TaxBudgetKind) -> Decimal:
    """The plan's exact net realized gains (taxed here, this year) or its marginal tax."""
    if kind is TaxBudgetKind.TAX:
        return report.whatif.marginal.total
    short, long = report.whatif.realization.gains_in_estimate()
    return short + long
