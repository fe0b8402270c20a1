"""The one-way composition: load -> validate -> analyze -> optimize -> explain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trimtab.errors import InputError, Problem, errors_only
from trimtab.load import read_household
from trimtab.model.enums import Mode, ReliefMethod, SolverKind
from trimtab.model.household import Household
from trimtab.validate import validate_household

# Imported inside the functions that use them, so that loading and checking a household
# (trimtab validate, drift, state, tax) loads no optimizer, numpy, scipy or solver.
if TYPE_CHECKING:
    from trimtab.analysis.state import HouseholdState
    from trimtab.explain.plan import PlanReport
    from trimtab.optimize.location import LocationReview
    from trimtab.tax.federal import TaxEstimate
    from trimtab.tax.harvest import HarvestableLoss
    from trimtab.tax.harvest_wash import HarvestWash
    from trimtab.tax.rmd import RmdReport
    from trimtab.tax.wash import WashReport
    from trimtab.tax.whatif import WhatIf


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
    from trimtab.load.trades import read_trades
    from trimtab.tax.whatif import what_if

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
    from trimtab.optimize.location import location_review

    return location_review(household)


def tax_overview(household: Household) -> TaxOverview:
    """Unrealized gains, harvestable losses and their washes, the calendar, the RMDs, the year."""
    from trimtab.analysis.state import household_state
    from trimtab.analysis.valuation import price
    from trimtab.tax.estimate import household_estimate
    from trimtab.tax.harvest import harvestable_losses
    from trimtab.tax.harvest_wash import harvest_washes
    from trimtab.tax.rmd import required_distributions
    from trimtab.tax.wash import check_wash_sales

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
    solver: the LP-first engine (default) or the exact mixed-integer model (slow; the
    reference the default is measured against, docs/optimizer.md).
    """

    mode: Mode | None = None
    relief_method: ReliefMethod | None = None
    solver: SolverKind = SolverKind.LP


def plan_household(household: Household, options: PlanOptions | None = None) -> PlanReport:
    """The plan of a valid household: optimize -> explain (exact tax, rationale, invariants),
    re-solved until it fits the tax budget and breakeven horizon
    (:func:`trimtab.explain.budget.plan_within_limits`)."""
    from trimtab.explain.budget import plan_within_limits
    from trimtab.optimize.location import location_review

    options = options or PlanOptions()
    return plan_within_limits(
        household,
        options.mode or household.settings.mode,
        review=location_review(household),  # the household's, whatever the tries
        relief_method=options.relief_method,
        solver=options.solver,
    )
