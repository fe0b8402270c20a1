"""Held lots with the wash sales of recent `transactions` in their basis and holding period.

Rule (IRC §1091(d), §1223(3); Pub. 550). A held lot that replaced shares sold at a loss within
30 days before or after its purchase carries the disallowed loss in its basis and the sold
shares' holding period in its own. That is the lot's basis and start for everything: its value
and unrealized gain (`trimtab state`, `tax`), the harvest choice and the per-lot tax rates of a
plan, and any sale of it (`check`, `plan`). It is figured here once per household, from the
household's `transactions` and the wash-sale engine (:mod:`trimtab.tax.wash`), and every
consumer reads it from here. A lot washed in part splits into `<id>.<sale>`, …, `<id>.rest` (see
:mod:`trimtab.tax.wash.adjust`); a trade may still name the whole lot by its id.

A lot whose file states ``wash_adjustment`` or ``holding_start`` (a custodian's lot export that
already adjusted it) is taken as it is: the recent loss it replaces is not added again.

Example (issue 19, tests/data/wash19/iwm.yaml). 100 IWM bought 2025-03-14 for $10,000.00, sold
2025-12-19 for $8,000.00; lot R1, 100 IWM bought 2026-01-12 for $7,900.00, replaces them: R1's
basis is 7,900 + 2,000 = $9,900.00 and its holding period starts 2026-01-12 − 280 days =
2025-04-07 (the sold shares were held 2025-03-14 → 2025-12-19, 280 days).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import compress
from operator import attrgetter, or_
from types import MappingProxyType

from trimtab.model.household import Household, Lot
from trimtab.tax.lots import OpenLot, holding_lots, household_lots
from trimtab.tax.memo import per_household
from trimtab.tax.wash import check_wash_sales
from trimtab.tax.wash.adjust import Parts, split_replacements


@per_household
def held_parts(household: Household) -> Parts:
    """The held lots the recent loss sales adjust, as their parts, by lot id."""
    if not household.transactions:  # no recent loss sale: nothing to adjust
        return MappingProxyType({})
    washes = check_wash_sales(household).washes
    wanted = {
        use.acquisition.lot_id
        for wash in washes
        for use in wash.replacements
        if use.acquisition.lot_id and not use.acquisition.permanent
    }
    if not wanted:
        return MappingProxyType({})
    # only the holdings that hold a replacement lot are opened (not every lot of the file)
    lots = tuple(
        lot
        for account in household.accounts
        for holding in account.holdings
        if any(x.id in wanted for x in holding.lots)
        for lot in holding_lots(
            account, holding, household.as_of, household.price_of(holding.symbol)
        )
    )
    return split_replacements(lots, washes)[0]


@per_household
def adjusted_household_lots(household: Household) -> tuple[OpenLot, ...]:
    """Every open lot on ``as_of`` (:func:`~trimtab.tax.lots.household_lots`), the held
    replacements of recent loss sales adjusted (split where washed in part)."""
    parts = held_parts(household)
    lots = household_lots(household)
    if not parts:
        return lots
    return tuple(part for lot in lots for part in parts.get(lot.lot_id, (lot,)))


@per_household
def adjusted_model_lots(household: Household) -> Mapping[tuple[str, str], tuple[Lot, ...]]:
    """The adjusted lots of each (account, symbol) a recent loss sale adjusts, as file lots
    (``cost`` with the adjustment, ``holding_start`` the tacked start, ``wash_adjustment``);
    a holding not in it keeps the file's lots as they are (most holdings: only the lots that
    replaced a recent loss sale change, so the others are not rebuilt lot by lot)."""
    parts = held_parts(household)
    if not parts:
        return MappingProxyType({})
    lots = household_lots(household)
    split = list(map(parts.__contains__, map(_LOT_ID, lots)))
    touched = set(map(_POSITION, compress(lots, split)))
    # the lots of those positions and the lots split (their parts), in file order: no other
    # lot is a part or held in a touched position (:func:`adjusted_household_lots`)
    near = compress(lots, map(or_, map(touched.__contains__, map(_POSITION, lots)), split))
    found: dict[tuple[str, str], list[Lot]] = {}
    for part in (part for lot in near for part in parts.get(lot.lot_id, (lot,))):
        key = (part.account, part.symbol)
        if key in touched and not part.synthetic:
            found.setdefault(key, []).append(part.as_model())
    return MappingProxyType({key: tuple(kept) for key, kept in found.items()})


_LOT_ID = attrgetter("lot_id")
_POSITION = attrgetter("account", "symbol")


@per_household
def part_purchases(household: Household) -> Mapping[str, str]:
    """The held lot each part of a split lot comes from (``R1.1`` -> ``R1``); only split parts
    are keys. A sale of a part is not washed by the rest of its own lot (Rev. Rul. 56-602)."""
    return MappingProxyType(
        {
            part.lot_id: part.purchase_id
            for part in adjusted_household_lots(household)
            if part.purchase_id
        }
    )
