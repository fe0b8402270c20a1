"""The moves from a household's location to the review's best one, and what each realizes
(docs/asset-location.md, "The review"): for each class, the dollars leaving accounts that hold
too much matched, in account order, with the dollars arriving where it is short; a move out of
a taxable account sells its lots of the class at a loss or no gain first, least gain first,
and is *free* when it realizes no gain.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from trimtab.analysis.location import TREATMENT, Treatment
from trimtab.analysis.state import AccountState, household_state
from trimtab.model.enums import AssetClass
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.results.location import LocationAmount, LocationMove

CLASSES = tuple(AssetClass)
MOVE_FLOOR = Decimal(1)  # dollars: smaller differences are rounding, not moves


def location_moves(
    household: Household, current: tuple[LocationAmount, ...], best: tuple[LocationAmount, ...]
) -> tuple[LocationMove, ...]:
    """For each class, the dollars leaving accounts that hold too much matched, in account
    order, with the dollars arriving where it is short."""
    order = {a.id: i for i, a in enumerate(household.accounts)}
    now = {(r.asset_class, r.account): r.amount for r in current}
    then = {(r.asset_class, r.account): r.amount for r in best}
    used: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)  # lot id -> class dollars sold
    states = {s.account_id: s for s in household_state(household).accounts}
    pieces: dict[tuple[str, AssetClass], list[_Piece]] = {}  # figured once per account, class
    first: defaultdict[tuple[str, AssetClass], int] = defaultdict(int)  # pieces before: sold
    moves: list[LocationMove] = []
    for cls in CLASSES:
        keys = sorted({a for k, a in (*now, *then) if k is cls}, key=order.__getitem__)
        give = [(a, now.get((cls, a), ZERO) - then.get((cls, a), ZERO)) for a in keys]
        take = [(a, -d) for a, d in give if -d >= MOVE_FLOOR]
        give = [(a, d) for a, d in give if d >= MOVE_FLOOR]
        for source, amount in give:
            while amount >= MOVE_FLOOR and take:
                dest, room = take[0]
                moved = min(amount, room)
                key = (source, cls)
                if key not in pieces:
                    pieces[key] = _pieces(household, states[source], cls)
                gain, first[key] = _realized(pieces[key], first[key], moved, used)
                moves.append(
                    LocationMove(
                        asset_class=cls,
                        from_account=source,
                        to_account=dest,
                        amount=moved,
                        free=gain <= 0,
                        realized_gain=gain,
                    )
                )
                amount -= moved
                take = take[1:] if room - moved < MOVE_FLOOR else [(dest, room - moved), *take[1:]]
    return tuple(moves)


_Piece = tuple[Decimal, str, Decimal]  # (gain per dollar, lot id, dollars of the class)


def _pieces(household: Household, state: AccountState, cls: AssetClass) -> list[_Piece]:
    """The lots of a taxable account of the return holding ``cls``, least gain per dollar
    first (none in tax-advantaged accounts, whose sales realize nothing)."""
    if TREATMENT[state.type] is not Treatment.TAXABLE:
        return []
    pieces = []
    for hs in state.holdings:
        security = household.security(hs.symbol)
        weight = (
            next((p.weight for p in security.classes if p.asset_class is cls), ZERO)
            if security
            else ZERO
        )
        if not weight > 0:
            continue  # no lot of it holds the class
        for lot in hs.lots:
            value = lot.market_value * weight  # market value: quantity × price
            if value > 0:
                pieces.append((lot.unrealized_gain / lot.market_value, lot.lot_id, value))
    return sorted(pieces)


def _realized(
    pieces: list[_Piece], start: int, amount: Decimal, used: defaultdict[str, Decimal]
) -> tuple[Decimal, int]:
    """The gain of selling ``amount`` dollars from ``pieces`` in order, past what ``used``
    says earlier moves sold of each lot (0 without pieces: a tax-advantaged account), and the
    first piece not sold out. Pieces before ``start`` are sold out (what is sold of a lot only
    grows), so the search starts there."""
    gain, left = ZERO, amount
    count = len(pieces)
    at = start
    while at < count:  # every step as min/continue/break would take it, bound to locals
        rate, lot_id, value = pieces[at]
        at += 1
        room = value - used[lot_id]
        take = room if room < left else left  # min(left, room), the same Decimal
        if take <= 0:
            continue
        used[lot_id] += take
        gain += take * rate
        left -= take
        if left <= 0:
            break
    while start < count:
        _, lot_id, value = pieces[start]
        if value - used[lot_id] > 0:
            break
        start += 1
    return gain, start
