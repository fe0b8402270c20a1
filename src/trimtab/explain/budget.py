"""Plans that keep within the household's tax budget, pay back their tax within the breakeven
horizon, and never make the drift cost worse: re-solve until the exact figures fit.

The model bounds tax linearly (:func:`trimtab.optimize.rows.budget_rows`); the exact figures
(netting, brackets, NIIT, the $3,000 limit) are known only after the trades are explained. With
a `tax_budget`, the exact figure (net realized gains, or the plan's marginal tax) must fit:
while it does not, its linear bound is tightened and the plan solved again, at most
:data:`BUDGET_TRIES` times. Example: a $10,000 gains budget whose first plan realizes $10,400
net (the linear bound counted a loss lot's wash as a loss) is re-solved with a bound of $9,600.

**Tax is spent only where it pays** (issue 21 item 3). A plan that pays tax is compared with the
plans that pay none and half as much (the linear tax bounded at 0 and at half: tax-free
accounts still trade), and the one worth most over the horizon H (`breakeven_horizon_years`,
default 10, 0 = off) stands: H × its yearly benefit of less drift, less its tax and costs. So a
taxable sale is made only when what it adds to the benefit pays back what it adds to the tax
within H years. Example: a 0.08-point breach fixed for $1,200.69 of tax and a $13.80 yearly
benefit (an 87-year payback) loses to the plan that leaves it: 10 × 13.80 − 1,200.69 < 0. A
class the cheaper plan leaves outside is named in a `breakeven_holds` warning: the tax and costs
the dearer plan would pay, its extra benefit, the payback and what would change the answer.

**The drift guard** (:mod:`trimtab.optimize.drift_guard`). In `band`, `target` and `cash` modes a
plan whose drift cost (½γV dᵀΣd) ends more than $0.50 a year above that of the household after
its forced trades is solved again with a tangent cut of dᵀΣd, at most :data:`GUARD_TRIES` times.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from trimtab.analysis.breakeven import HALF
from trimtab.analysis.drift import DriftRow
from trimtab.errors import InfeasibleError, Problem, Severity
from trimtab.explain.outside import outside_warnings
from trimtab.explain.plan import PlanReport, build_report
from trimtab.model.enums import AssetClass, Mode, ReliefMethod, SolverKind, TaxBudgetKind
from trimtab.model.household import Household
from trimtab.money import CENT, ZERO, dollars_text
from trimtab.optimize import drift_guard
from trimtab.optimize.inputs import DriftCut
from trimtab.optimize.plan import Optimized, optimize
from trimtab.optimize.relief_order import with_relief_method
from trimtab.results.location import LocationReview
from trimtab.rules.markets import load_markets
from trimtab.source import Source

BUDGET_TRIES = 8
GUARD_TRIES = 6  # solves of one plan with the drift guard's cuts (the first one has none)
GUARDED = frozenset({Mode.BAND, Mode.TARGET, Mode.CASH})  # the modes that aim at an allocation
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
    report, dearer = _within_limits(
        household, mode, review=review, relief_method=relief_method, solver=solver
    )
    note = _budget_note(household, report)
    held = _breakeven_note(household, report, dearer)
    plan = report.plan
    outside = outside_warnings(
        household,
        mode,
        plan.trades,
        report.drift_after,
        plan.warnings,
        budget=note,
        horizon=held,
    )
    added = (*(() if note is None else (note,)), *(() if held is None else (held[0],)), *outside)
    if not added:
        return report
    return replace(report, plan=replace(plan, warnings=(*plan.warnings, *added)))


@dataclass(frozen=True, slots=True)
class _Solver:
    """What every solve of one plan shares: the household, mode and engine, the location
    review, Σ and γ of the drift cost."""

    household: Household
    planned: Household
    mode: Mode
    review: LocationReview
    relief_method: ReliefMethod | None
    solver: SolverKind
    sigma: npt.NDArray[np.float64]
    gamma: Decimal

    def report(self, bound: Decimal | None, breakeven_tax: Decimal | None) -> PlanReport:
        """The explained plan under the two tax bounds, held by the drift guard: the first plan
        within the ceiling, else (the cuts leave no plan, or the tries run out) the plan that
        came nearest to it."""
        cuts: tuple[DriftCut, ...] = ()
        best: tuple[float, PlanReport] | None = None
        for _ in range(GUARD_TRIES):
            try:
                optimized = optimize(
                    self.planned, self.mode, bound, breakeven_tax, self.solver, cuts
                )
            except InfeasibleError:
                if best is None:
                    raise
                break  # the guard's rows leave no plan
            report = build_report(
                self.household,
                optimized.inputs,
                optimized.decoded,
                optimized.status,
                relief_method=self.relief_method,
                location=self.review,
            )
            excess, above = self._above(optimized)
            if above is None:
                return report
            if best is None or excess < best[0]:
                best = (excess, report)
            if above in cuts:
                break  # no cut left to add
            cuts = (*cuts, above)
        assert best is not None
        return best[1]

    def _above(self, optimized: Optimized) -> tuple[float, DriftCut | None]:
        """How far the plan's dᵀΣd is above the guard's ceiling, and the cut it gets (None: it
        keeps the ceiling, or the mode has no guard)."""
        p, decoded = optimized.inputs, optimized.decoded
        if self.mode not in GUARDED or not (decoded.sells or decoded.buys):
            return 0.0, None
        per_unit = float(HALF * self.gamma * p.value_after_flows)  # dollars a year of dᵀΣd
        if per_unit <= 0:
            return 0.0, None
        ceiling = drift_guard.ceiling(p, self.sigma)
        change = drift_guard.class_change(p, decoded.sells, decoded.buys)
        excess = drift_guard.variance(p, self.sigma, change) - ceiling
        if excess <= drift_guard.TOLERANCE / per_unit:
            return excess, None
        # cut at half the tolerance: the whole shares of the next plan land within it, not a
        # share past it, and a household on target (dᵀΣd = 0, no slope) still gets a cut
        limit = ceiling + drift_guard.TOLERANCE / per_unit / 2
        return excess, drift_guard.cut(p, self.sigma, change, limit)


def _within_limits(
    household: Household,
    mode: Mode,
    *,
    review: LocationReview,
    relief_method: ReliefMethod | None,
    solver: SolverKind,
) -> tuple[PlanReport, PlanReport | None]:
    """The loops of :func:`plan_within_limits` (module docstring): the plan, and the dearer
    plan the breakeven horizon turned down (None: none was)."""
    budget = household.settings.tax_budget
    markets = load_markets()
    run = _Solver(
        household=household,
        planned=with_relief_method(household, relief_method),  # sold by the run's method
        mode=mode,
        review=review,
        relief_method=relief_method,
        solver=solver,
        sigma=drift_guard.covariance(markets.covariance),
        gamma=household.settings.risk_aversion or markets.risk_aversion,
    )
    bound = None if budget is None else budget.amount
    report = run.report(bound, None)
    for _ in range(BUDGET_TRIES - 1):
        excess = ZERO if budget is None else budget_used(report, budget.kind) - budget.amount
        if excess <= 0 or bound is None:
            break
        bound = max(ZERO, bound - excess)
        report = run.report(bound, None)
    horizon = household.settings.breakeven_horizon_years
    tax = report.whatif.marginal.total
    if not horizon or tax <= 0:
        return report, None
    best = report
    for limit in (ZERO, tax / 2):
        try:
            other = run.report(bound, limit)
        except InfeasibleError:
            continue  # the plan's forced trades pay tax of their own
        if _worth(other, horizon) > _worth(best, horizon) + CENT:
            best = other
    return best, (report if best is not report else None)


def _worth(report: PlanReport, horizon: Decimal) -> Decimal:
    """H × the yearly benefit of less drift, less tax and costs: what a plan is worth over the
    breakeven horizon."""
    b = report.breakeven
    return horizon * b.annual_benefit - b.tax_and_costs


def _breakeven_note(
    household: Household, report: PlanReport, dearer: PlanReport | None
) -> tuple[Problem, frozenset[AssetClass]] | None:
    """The `breakeven_holds` warning: the classes the plan leaves outside that the dearer plan
    the horizon turned down would have brought inside (or nearer), what that plan's extra tax
    and costs would buy, its payback, and what would change the answer."""
    horizon = household.settings.breakeven_horizon_years
    if dearer is None or not horizon:
        return None
    inside = {r.asset_class for r in dearer.drift_after.rows if not r.outside}
    held = [r for r in report.drift_after.outside if r.asset_class in inside]
    if not held:
        return None
    extra = dearer.breakeven.tax_and_costs - report.breakeven.tax_and_costs
    gain = dearer.breakeven.annual_benefit - report.breakeven.annual_benefit
    payback = f"{extra / gain:,.1f} years" if gain > 0 else "never"
    classes = _outside_words(held, report.drift_after.total_value)
    problem = _warning(
        household,
        "settings.breakeven_horizon_years",
        "breakeven_holds",
        (
            f"the plan leaves {classes}: bringing {'them' if len(held) > 1 else 'it'} inside "
            f"would take {dollars_text(extra)} more "
            f"tax and costs ({dollars_text(dearer.whatif.marginal.total)} of tax in all) for "
            f"{dollars_text(gain)} a year less drift cost, a payback of {payback}, longer than the "
            f"{horizon:g}-year breakeven horizon (`breakeven_horizon_years`); a longer horizon, "
            "lots with smaller gains, or room to trade in a tax-advantaged account would "
            "change the answer"
        ),
    )
    return problem, frozenset(r.asset_class for r in held)


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
    classes = _outside_words(outside, report.drift_after.total_value)
    return _warning(
        household,
        "settings.tax_budget",
        "tax_budget_binding",
        (
            f"the tax budget ({what} of at most {dollars_text(budget.amount)}) is used up "
            f"({dollars_text(used)}) and leaves {classes}; a larger budget, or the next tax year, "
            "would bring them inside"
        ),
    )


def _warning(household: Household, field: str, kind: str, message: str) -> Problem:
    """A plan warning about a setting of ``household`` (its file, the setting's field)."""
    return Problem(
        source=Source(file=household.file),
        field=field,
        kind=kind,
        message=message,
        severity=Severity.WARNING,
    )


def _outside_words(rows: list[DriftRow], total: Decimal) -> str:
    """'Alternatives 2.29 points ($2,175.00) outside; …': each row's distance past its band."""
    return "; ".join(
        f"{r.asset_class.label} {_beyond(r):.2f} points (${_beyond(r) * total / 100:,.2f}) outside"
        for r in rows
    )


def _beyond(row: DriftRow) -> Decimal:
    """How far outside its band the row is, in percent points."""
    return row.current_pct - row.high_pct if row.drift_pct > 0 else row.low_pct - row.current_pct


def budget_used(report: PlanReport, kind: TaxBudgetKind) -> Decimal:
    """The plan's exact net realized gains (taxed here, this year) or its marginal tax."""
    if kind is TaxBudgetKind.TAX:
        return report.whatif.marginal.total
    short, long = report.whatif.realization.gains_in_estimate()
    return short + long
