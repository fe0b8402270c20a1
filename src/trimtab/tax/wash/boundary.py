"""A loss of one year washed by a purchase of the next: the loss leaves the earlier return.

Rule. The 61-day period ignores the calendar year (IRC §1091(a); tax-rules.md §1.7): a loss
sale in December washed by a substantially identical purchase in January is disallowed on the
December year's return, and the loss moves into the January shares' basis, deductible only when
they are sold (§1091(d)); bought in an IRA it is lost for good (Rev. Rul. 2008-5). A harvest in
December meant for this year's return, followed by a rebuy in January within 30 days, gives that
year nothing.

Example (issue 19): 100 IWM bought 2025-03-14 for $10,000.00 and sold 2025-12-19 for $8,000.00;
100 IWM bought back 2026-01-12 (24 days later): the $2,000.00 loss moves out of the 2025 return
into the new lot (basis 7,900 + 2,000 = 9,900.00). Each such replacement gets a
`wash_year_boundary` warning with the dollars moved and the year that loses the deduction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from trimtab.errors import Problem, Severity
from trimtab.model.household import Household
from trimtab.money import money_str
from trimtab.source import UNKNOWN
from trimtab.tax.wash.records import ReplacementKind, ReplacementUse, Wash
from trimtab.tax.wash.scope import sale_source


def year_boundary_warnings(household: Household, washes: Iterable[Wash]) -> Iterator[Problem]:
    """One warning per replacement bought in a later year than the loss sale it washes,
    pointing at the loss sale's line in the household file when it is one of its
    `transactions` (else at the file)."""
    for wash in washes:
        for use in wash.replacements:
            if use.acquisition.date.year > wash.sale.sold.year and use.disallowed > 0:
                yield replace(_warning(wash, use), source=sale_source(household, wash.sale))


def _warning(wash: Wash, use: ReplacementUse) -> Problem:
    sale, a = wash.sale, use.acquisition
    year = sale.sold.year
    where = (
        "is lost for good (bought in a retirement account, Rev. Rul. 2008-5)"
        if a.permanent
        else f"moves into the basis of the shares bought in {a.date.year}, deductible when "
        "they are sold"
    )
    return Problem(
        source=UNKNOWN,
        field="wash_sale",
        kind="wash_year_boundary",
        message=(
            f"{sale.symbol} sold at a loss on {sale.sold} ({sale.id}) is washed by the purchase "
            f"of {use.quantity} {a.symbol} on {a.date} in {a.account} ({a.kind.value} {a.id}): "
            f"${money_str(use.disallowed)} of the loss leaves the {year} return ({year} "
            f"loses the deduction) and {where}"
        ),
        severity=Severity.WARNING,
    )


def boundary_notes(washes: Iterable[Wash], trade_id: str) -> tuple[str, ...]:
    """The year-boundary sentences of one planned or checked trade (for its rationale): as the
    loss sale washed by a purchase of the next year, or as the purchase washing a loss of the
    previous year. Example: "$2000.00 of the 2025-12-19 loss on IWM leaves the 2025 return (2025
    loses the deduction)"."""
    notes: list[str] = []
    for wash in washes:
        for use in wash.replacements:
            crosses = use.acquisition.date.year > wash.sale.sold.year and use.disallowed > 0
            mine = wash.sale.trade == trade_id or (
                use.acquisition.kind is ReplacementKind.TRADE and use.acquisition.id == trade_id
            )
            if crosses and mine:
                year = wash.sale.sold.year
                notes.append(
                    f"${money_str(use.disallowed)} of the {wash.sale.sold} loss on "
                    f"{wash.sale.symbol} leaves the {year} return ({year} loses the deduction)"
                )
    return tuple(notes)
