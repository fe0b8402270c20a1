"""The asset-location review (docs/asset-location.md), assembled: the household's cells and
their drags (:func:`trimtab.analysis.location.location_facts`), the best location (the LP of
:func:`trimtab.optimize.location.solve_location`), the moves to it
(:mod:`trimtab.explain.location_moves`), the drag table, and a sentence per class in the rule
of thumb's words (here).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from trimtab.analysis.location import (
    BP,
    TREATMENT,
    LocationFact,
    LocationRates,
    Treatment,
    drag,
    drag_table,
    efficiency,
    location_cells,
    location_facts,
    location_rates,
)
from trimtab.explain.location_moves import location_moves
from trimtab.model.efficiency import Efficiency
from trimtab.model.enums import AssetClass
from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.money import CENT, ZERO
from trimtab.optimize.location import solve_location
from trimtab.results.location import LocationAmount, LocationReview

HALF = Decimal("0.5")
CLASSES = tuple(AssetClass)


def location_review(household: Household) -> LocationReview:
    """Review ``household``'s location (module docstring)."""
    rates = location_rates(household)
    now = location_cells(household, rates)
    cells = list(location_facts(household, rates, now))
    best, status = solve_location(household, cells)
    total = sum((c.current for c in cells), ZERO)
    current_drag = sum((c.amount * c.drag for c in now), ZERO)
    best_drag = sum((b * c.drag for c, b in zip(cells, best, strict=True)), ZERO)
    # the LP is solved in floats: a best location within a cent of the current one is the same
    gain = current_drag - best_drag
    gain = gain if gain > CENT else ZERO
    current_rows = tuple(_amounts(cells, [c.current for c in cells]))
    best_rows = tuple(_amounts(cells, best))
    return LocationReview(
        rates=rates,
        total=total,
        current=current_rows,
        best=best_rows,
        current_drag=current_drag,
        best_drag=current_drag - gain,
        gain_dollars=gain,
        gain_bp=gain / total * BP if total else ZERO,
        moves=location_moves(household, current_rows, best_rows),
        drag=drag_table(household, rates),
        rationale=_rationale(household, rates, best_rows),
        status=status,
    )


def _amounts(cells: list[LocationFact], values: list[Decimal]) -> list[LocationAmount]:
    return [
        LocationAmount(asset_class=c.asset_class, account=c.account, amount=v)
        for c, v in zip(cells, values, strict=True)
        if v > 0
    ]


def _rationale(
    household: Household, rates: LocationRates, best: tuple[LocationAmount, ...]
) -> tuple[tuple[AssetClass, str], ...]:
    """A sentence per class in the rule of thumb's words, from its drag in each kind of account."""
    kinds = {a.id: TREATMENT[a.type] for a in household.accounts}
    municipal = _municipal_classes(household)
    out = []
    for cls in CLASSES:
        placed: defaultdict[Treatment, Decimal] = defaultdict(lambda: ZERO)
        for r in best:
            if r.asset_class is cls:
                placed[kinds[r.account]] += r.amount
        if not placed:
            continue
        e = efficiency(household, None, cls)
        taxable_bp = drag(e, Treatment.TAXABLE, rates) * BP
        where = max(placed, key=lambda t: placed[t])
        taxable = placed.get(Treatment.TAXABLE, ZERO) > 0
        out.append((cls, _sentence(cls, where, taxable_bp, e, cls in municipal, taxable)))
    return tuple(out)


WHERE_WORDS = {
    Treatment.TAXABLE: "the taxable account",
    Treatment.TAX_DEFERRED: "tax-deferred accounts (traditional IRA, 401(k))",
    Treatment.TAX_EXEMPT: "the Roth or HSA",
}


def _sentence(
    cls: AssetClass,
    where: Treatment,
    taxable_bp: Decimal,
    e: Efficiency,
    municipal: bool,
    in_taxable: bool = True,
) -> str:
    """municipal: the household holds a municipal fund of the class. in_taxable: the best
    location keeps some of the class in a taxable account (the munis' sentence says what the
    review does with them, never the opposite)."""
    growth = e.expected_return
    label = cls.label
    drag_words = f"{taxable_bp.quantize(Decimal(1))} bp a year of tax drag in a taxable account"
    if municipal and cls is AssetClass.IG_BONDS and in_taxable:
        return (
            f"{label}: municipal bonds pay tax-exempt interest and belong in the taxable "
            f"account, never in an IRA; taxable bonds ({drag_words}) go to tax-deferred accounts"
        )
    if municipal and cls is AssetClass.IG_BONDS:
        return (
            f"{label}: municipal bonds pay tax-exempt interest and are never held in an IRA, "
            "but the taxable account saves more with other classes: the best location holds "
            f"no bonds there (its municipal fund is sold) and taxable bonds ({drag_words}) in "
            f"{WHERE_WORDS[where]}"
        )
    if where is Treatment.TAX_EXEMPT:
        return (
            f"{label}: high expected growth ({growth * 100:.1f} % a year) is never taxed in "
            "the Roth or HSA"
        )
    if where is Treatment.TAX_DEFERRED:
        why = (
            "income taxed as ordinary income every year"
            if e.qualified_share + e.exempt_share < HALF
            else "more tax drag in a taxable account than the classes kept there"
        )
        return f"{label}: {why} ({drag_words}): best in {WHERE_WORDS[where]}"
    if cls is AssetClass.CASH:
        return (
            f"{label}: kept in the taxable account, where withdrawals and purchases draw on it "
            f"({drag_words})"
        )
    why = (
        "tax-efficient: mostly qualified dividends, few capital-gain distributions"
        if e.qualified_share + e.exempt_share >= HALF
        else "less tax drag there than the other classes"
    )
    return (
        f"{label}: {why} ({drag_words}): the taxable account, where its losses can also be "
        "harvested"
    )


def _municipal_classes(household: Household) -> set[AssetClass]:
    """The classes of the municipal funds the household holds."""
    return {
        part.asset_class
        for security in _held_securities(household)
        if "municipal" in security.tags
        for part in security.classes
    }


def _held_securities(household: Household) -> list[Security]:
    held = {h.symbol for a in household.accounts for h in a.holdings}
    return [s for s in household.securities if s.symbol in held]
