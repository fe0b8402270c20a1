"""The one-way composition: load -> validate -> analyze -> optimize -> explain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from trimtab.analysis.state import HouseholdState, household_state
from trimtab.analysis.valuation import price
from trimtab.errors import InputError, Problem, errors_only
from trimtab.explain.plan import PlanReport, build_report
from trimtab.load import read_household
from trimtab.load.trades import read_trades
from trimtab.model.enums import Mode, ReliefMethod, TaxBudgetKind
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.location import LocationReview, location_review
from trimtab.optimize.plan import optimize
from trimtab.tax.estimate import household_estimate
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.harvest import HarvestableLoss, harvestable_losses
from trimtab.tax.harvest_wash import HarvestWash, harvest_washes
from trimtab.tax.rmd import RmdReport, required_distributions
from trimtab.tax.wash import WashReport, check_wash_sales
from trimtab.tax.whatif import WhatIf, what_if
from trimtab.validate import validate_household


def check_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Household | None, tuple[Problem, ...]]:
    """Load and validate; the household is None when any error was found."""
    household, problems = read_household(path, settings_file=settings_file, overrides=overrides)
    if household is not None:
        problems = problems + validate_household(household)
    if errors_only(problems):
        return None, problems
    return household, problems


def load_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Household:
    """A valid household, or :class:`~trimtab.errors.InputError` carrying every problem."""
    household, problems = check_household(path, settings_file=settings_file, overrides=overrides)
    if household is None:
        raise InputError(problems)
    return household


def check_trade_file(
    household: Household,
    trades_path: str | Path,
    *,
    relief_method: ReliefMethod | None = None,
) -> WhatIf:
    """Read a trade list and check it, wash sales included (InputError on any mistake)."""
    trades, problems = read_trades(trades_path, as_of=household.as_of)
    if trades is None:
        raise InputError(problems)
    return what_if(household, trades, relief_method=relief_method)


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxOverview:
    """What ``trimtab tax`` reports.

    state: value, cost and unrealized gain per lot and account.
    harvestable: lots whose sale on as_of would realize a loss above the thresholds.
    harvest_washes: the wash check of selling each harvestable lot on as_of, in the same order.
    washes: the wash check of the household's recent loss sales: the wash-sale calendar and
        the recurring-purchase warnings.
    estimate: the tax year's estimate so far (gains already realized, carryforward in).
    rmd: the required minimum distributions of the tax year and their warnings.
    """

    state: HouseholdState
    harvestable: tuple[HarvestableLoss, ...]
    harvest_washes: tuple[HarvestWash, ...]
    washes: WashReport
    estimate: TaxEstimate
    rmd: RmdReport

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The wash-sale and RMD warnings (the household file's are the caller's)."""
        return (*self.washes.warnings, *self.rmd.warnings)


def location_overview(household: Household) -> LocationReview:
    """The asset-location review of a valid household (docs/asset-location.md)."""
    return location_review(household)


def tax_overview(household: Household) -> TaxOverview:
    """Unrealized gains, harvestable losses and their washes, the calendar, the RMDs, the year."""
    prices = {h.symbol: price(household, h.symbol) for a in household.accounts for h in a.holdings}
    harvestable = harvestable_losses(household, prices)
    return TaxOverview(
        state=household_state(household),
        harvestable=harvestable,
        harvest_washes=harvest_washes(household, harvestable),
        washes=check_wash_sales(household),
        estimate=household_estimate(household),
        rmd=required_distributions(household),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanOptions:
    """Options of one plan run (the household's settings supply the rest).

    mode: overrides the settings' mode. relief_method: overrides every account's method.
    """

    mode: Mode | None = None
    relief_method: ReliefMethod | None = None


BUDGET_TRIES = 8


def plan_household(household: Household, options: PlanOptions | None = None) -> PlanReport:
    """The plan of a valid household: optimize -> explain (exact tax, rationale, invariants).

    With a `tax_budget`, the exact figure (net realized gains, or the plan's marginal tax) must
    fit; with `breakeven_horizon_years`, tax + costs must be paid back by the horizon's benefit.
    While either does not hold, its linear bound is tightened and the plan re-solved.
    """
    options = options or PlanOptions()
    mode = options.mode or household.settings.mode
    budget = household.settings.tax_budget
    horizon = household.settings.breakeven_horizon_years
    bound = None if budget is None else budget.amount
    breakeven_tax: Decimal | None = None
    review = location_review(household)  # the household's, whatever the tries
    for _ in range(BUDGET_TRIES):
        optimized = optimize(household, mode, bound, breakeven_tax)
        report = build_report(
            household,
            optimized.inputs,
            optimized.decoded,
            optimized.status,
            relief_method=options.relief_method,
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
