"""A plan with everything the reports show, as a plain record (issue 30, move 1): built by
:func:`trimtab.explain.plan.build_report`, taken whole by every renderer of report/."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from trimtab.analysis.breakeven import Breakeven
from trimtab.analysis.drift import Drift
from trimtab.analysis.location import BP
from trimtab.model.household import Household
from trimtab.model.plan import Plan
from trimtab.money import ZERO
from trimtab.results.location import LocationReview
from trimtab.tax.rmd import RmdReport
from trimtab.tax.whatif import WhatIf


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanReport:
    """A plan with everything the reports show: drift before/after, exact tax, washes, RMDs,
    the asset-location review of the household before the plan, and the yearly drag after."""

    plan: Plan
    household: Household
    after: Household
    drift_before: Drift
    drift_after: Drift
    whatif: WhatIf
    rmd: RmdReport
    short_rate: Decimal
    long_rate: Decimal
    draws: tuple[tuple[str, Decimal], ...]
    breakeven: Breakeven
    location: LocationReview
    location_after_drag: Decimal
    location_allocation_drag: Decimal = ZERO

    @property
    def location_saved(self) -> Decimal:
        """Yearly tax drag the plan's placement removes: the review's current drag less the
        drag after, less what the change of allocation removes (``location_allocation_drag``:
        Σ_k (X_k before − X_k after) c_k, each class's dollars at its household centre, so
        that selling a high-drag class to rebalance is not counted as a location saving)."""
        return self.location.current_drag - self.location_after_drag - self.location_allocation_drag

    @property
    def location_saved_bp(self) -> Decimal:
        """:attr:`location_saved` in basis points of the value the review covers."""
        total = self.location.total
        return self.location_saved / total * BP if total else ZERO

    def _repr_html_(self) -> str:
        """The plan in a notebook: drift before and after, then the trades."""
        from trimtab.analysis.tables import before_after_records, html_table, trade_records

        drift = before_after_records(self.drift_before, self.drift_after)
        trades = trade_records(self.plan.trades)
        title = f"Trades — {self.household.name}, as of {self.household.as_of} ({self.plan.mode})"
        return html_table("Drift before / after", drift) + html_table(title, trades)

    def to_dataframe(self) -> Any:
        """One row per trade as a pandas DataFrame (pandas is optional: ImportError)."""
        from trimtab.analysis.tables import dataframe, trade_records

        return dataframe(trade_records(self.plan.trades))
