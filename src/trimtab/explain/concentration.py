"""The plan's warnings about concentrated single stocks.

A stock above `concentration_limit` of the household before the plan
(:mod:`trimtab.analysis.concentration`) gets a warning of kind ``concentrated_position`` at its
holding's line: its percent, the limit, the shares that would bring it to the limit, the tax of
that sale, and its percent once the plan's own trades are done (a plan keeps to the IPS and the
restrictions; it does not sell a stock down to the limit by itself).
"""

from __future__ import annotations

from dataclasses import replace

from trimtab.analysis.concentration import (
    concentrated_positions,
    concentration_warnings,
    stock_percents,
)
from trimtab.money import percent_text
from trimtab.results.plan import PlanReport


def with_concentration_warnings(report: PlanReport) -> PlanReport:
    """The report with a warning per concentrated stock added to the plan's warnings."""
    found = concentrated_positions(report.household)
    if not found:
        return report
    after = stock_percents(report.after, (c.symbol for c in found))
    notes = tuple(
        replace(w, message=f"{w.message}; after this plan it is {percent_text(after[c.symbol])} %")
        for w, c in zip(concentration_warnings(found), found, strict=True)
    )
    plan = replace(report.plan, warnings=(*report.plan.warnings, *notes))
    return replace(report, plan=plan)
