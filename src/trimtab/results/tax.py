"""What ``trimtab tax`` reports, as a plain record (issue 30, move 1): built by
:func:`trimtab.pipeline.tax_overview`, taken whole by the tax console and the ``trimtab.tax/1``
document."""

from __future__ import annotations

from dataclasses import dataclass

from trimtab.analysis.state import HouseholdState
from trimtab.errors import Problem
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.harvest import HarvestableLoss
from trimtab.tax.harvest_wash import HarvestWash
from trimtab.tax.rmd import RmdReport
from trimtab.tax.wash import WashReport


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
