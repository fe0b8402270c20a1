"""Basis and holding period of replacement lots after deferred washes (IRC §1091(d), §1223(3)).

Rule. A disallowed loss is added to the basis of the replacement shares, and the sold shares'
holding period is added to theirs (sum convention: start = purchase date − days the sold shares
were held). A replacement lot washed in part splits into its washed parts, in the order of the
losses they replaced, then the unwashed rest. Permanent washes (IRA and Roth replacements, Rev.
Rul. 2008-5) add nothing to any basis.

Part ids name the lot and the sale, never a count, so a part keeps its id when other trades
change (two checks of one household compare part by part): `<id>.<sale>` for the part that
replaced the loss of sale `<sale>` (`<trade>/<lot>` for the sale of lot `<lot>` by a checked or
planned trade `<trade>`, `tx<i>` for the loss of `transactions[i]`: :func:`part_key`),
`<id>.rest` for the unwashed rest. A lot all of whose shares replaced one sale's loss keeps its
own id.

Example (Pub. 550, Wash Sales Example 1): 100 shares bought for $1,000, sold for $750, 100
bought again within 30 days for $800: the $250 loss is disallowed and the new lot's basis is
$800 + $250 = $1,050. Had only 60 of a 100-share lot R replaced the loss of trade S's lot L,
it would split into `R.S/L` (60 shares, cost 60% of the lot's + the adjustment) and `R.rest`
(40 shares).

Which lots: the purchase lots, before any trade: the household's held lots and the lots the
checked or planned buys open (:func:`split_replacements`). The parts replace the lot where it
opens, so a later sale of a replacement sees its adjusted basis and start (issue 19). A lot whose
file states ``wash_adjustment`` or ``holding_start`` (a custodian's adjusted lot) already holds the
recent `transactions` losses it replaces: those are matched (the loss stays disallowed) but not
added again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import compress
from operator import attrgetter, not_
from types import MappingProxyType

from trimtab.money import ZERO
from trimtab.tax.lots import OpenLot
from trimtab.tax.wash.records import ReplacementUse, Wash


@dataclass(frozen=True, slots=True, kw_only=True)
class AdjustedLot:
    """An open lot after wash adjustments: the lot (cost and start include them) and the amount."""

    lot: OpenLot
    wash_adjustment: Decimal = ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingAdjustment:
    """A deferred wash whose replacement has no open lot here (a past or recurring purchase)."""

    use: ReplacementUse
    sale_id: str


Parts = Mapping[str, tuple[OpenLot, ...]]  # purchase lot id -> the lots it opens as
Use = tuple[ReplacementUse, str]  # a deferred replacement use and the id of its loss sale
REST = "rest"  # the last part of a part id: the unwashed rest of a lot washed in part

_LOT_ID = attrgetter("lot_id")
_SYNTHETIC = attrgetter("synthetic")


def split_replacements(
    lots: Iterable[OpenLot], washes: Iterable[Wash]
) -> tuple[Parts, tuple[PendingAdjustment, ...]]:
    """The purchase lots that deferred washes adjust, as their parts, by lot id; and the washes
    no lot here can take (a `transactions` or recurring purchase).

    lots: purchase lots as bought (unsplit, unadjusted by this engine)."""
    lots = tuple(lots)
    by_lot, pending = _uses(lots, washes)
    washed = compress(lots, map(by_lot.__contains__, map(_LOT_ID, lots)))  # few of many
    parts = {
        lot.lot_id: tuple(part.lot for part in _split(lot, by_lot[lot.lot_id])) for lot in washed
    }
    return MappingProxyType(parts), pending


def adjust_lots(
    lots: Iterable[OpenLot], washes: Iterable[Wash]
) -> tuple[tuple[AdjustedLot, ...], tuple[PendingAdjustment, ...]]:
    """The open lots with deferred washes applied, and the washes no open lot could take."""
    lots = tuple(lots)
    by_lot, pending = _uses(lots, washes)
    adjusted = tuple(part for lot in lots for part in _split(lot, by_lot.get(lot.lot_id, ())))
    return adjusted, pending


def pending_adjustments(
    lots: Iterable[OpenLot], washes: Iterable[Wash]
) -> tuple[PendingAdjustment, ...]:
    """The deferred washes no open lot can take (the second part of :func:`adjust_lots`,
    without adjusting every lot)."""
    return _uses(tuple(lots), washes)[1]


def _uses(
    lots: tuple[OpenLot, ...], washes: Iterable[Wash]
) -> tuple[dict[str, list[Use]], tuple[PendingAdjustment, ...]]:
    """The deferred replacement uses by open lot, each with its sale's id, and those whose lot
    is not open here."""
    by_lot: dict[str, list[Use]] = {}
    pending: list[PendingAdjustment] = []
    open_ids: dict[str, OpenLot] | None = None  # figured only when a deferred wash needs it
    for wash in washes:
        for use in wash.replacements:
            if use.acquisition.permanent:
                continue
            if open_ids is None:
                held = tuple(compress(lots, map(not_, map(_SYNTHETIC, lots))))
                open_ids = dict(zip(map(_LOT_ID, held), held, strict=True))
            lot = open_ids.get(use.acquisition.lot_id)
            if lot is not None and lot.stated_adjustment and not wash.sale.trade:
                continue  # a custodian's adjusted lot: this recent loss is inside already
            if lot is not None:
                by_lot.setdefault(use.acquisition.lot_id, []).append((use, wash.sale.id))
            else:
                pending.append(PendingAdjustment(use=use, sale_id=wash.sale.id))
    return by_lot, tuple(pending)


def _split(lot: OpenLot, uses: Sequence[Use]) -> list[AdjustedLot]:
    """The washed parts of a lot in the order of the losses they replaced, then the rest, each
    id named by the sale (module docstring).

    Each part's share of the lot's cost is a difference of running totals, and the rest takes
    what is left, so the parts' costs add up exactly to the lot's cost plus the adjustments.
    """
    if not uses:  # most lots: washed by nothing
        return [AdjustedLot(lot=_rest(lot, lot.lot_id, ZERO))] if lot.quantity > ZERO else []
    parts: list[AdjustedLot] = []
    taken = ZERO
    named: dict[str, int] = {}  # sale id -> its parts so far (one, but for a sale met twice)
    for use, sale in uses:
        quantity = min(use.quantity, lot.quantity - taken)
        if quantity <= ZERO:
            break
        base = _cost_of(lot, taken + quantity) - _cost_of(lot, taken)
        adjustment = (
            use.disallowed
            if quantity == use.quantity
            else (use.disallowed * quantity / use.quantity)
        )
        named[sale] = named.get(sale, 0) + 1
        key = part_key(sale) if named[sale] == 1 else f"{part_key(sale)}#{named[sale]}"
        parts.append(_part(lot, key, quantity, base, adjustment, use))
        taken += quantity
    if taken == lot.quantity and len(parts) == 1:
        return [
            AdjustedLot(
                lot=replace(parts[0].lot, lot_id=lot.lot_id, purchase_id=lot.purchase_id),
                wash_adjustment=parts[0].wash_adjustment,
            )
        ]
    if taken < lot.quantity:
        lot_id = f"{lot.lot_id}.{REST}" if parts else lot.lot_id
        rest = _rest(lot, lot_id, taken)
        if rest is not lot:
            rest = replace(rest, purchase_id=lot.purchase, wash_adjustment=_kept(lot, taken))
        parts.append(AdjustedLot(lot=rest, wash_adjustment=rest.wash_adjustment))
    return parts


def part_key(sale: str) -> str:
    """The part of a part id that names the loss sale ``sale`` (a :attr:`.records.LossSale.id`):
    the sale id, `transactions[i]` written `tx<i>` (a lot id a trades file can name unquoted)."""
    if sale.startswith("transactions[") and sale.endswith("]"):
        return "tx" + sale[len("transactions[") : -1]
    return sale


def _kept(lot: OpenLot, taken: Decimal) -> Decimal:
    """The lot's own adjustment (a custodian's) left on its shares after the first ``taken``."""
    if not lot.wash_adjustment:
        return ZERO
    return lot.wash_adjustment * (lot.quantity - taken) / lot.quantity


def _rest(lot: OpenLot, lot_id: str, taken: Decimal) -> OpenLot:
    """The lot less its first ``taken`` shares; the lot itself when nothing changes (the
    figures equal to the digit: most lots are washed by nothing)."""
    quantity = lot.quantity - taken
    cost = lot.cost - _cost_of(lot, taken)
    if (
        lot_id == lot.lot_id
        and quantity.compare_total(lot.quantity) == 0
        and cost.compare_total(lot.cost) == 0
    ):
        return lot
    return replace(lot, lot_id=lot_id, quantity=quantity, cost=cost)


def _cost_of(lot: OpenLot, quantity: Decimal) -> Decimal:
    """The basis of the lot's first ``quantity`` shares."""
    return lot.cost if quantity == lot.quantity else lot.cost * quantity / lot.quantity


def _part(
    lot: OpenLot,
    key: str,
    quantity: Decimal,
    base: Decimal,
    adjustment: Decimal,
    use: ReplacementUse,
) -> AdjustedLot:
    start = use.adjusted_start if use.adjusted_start is not None else lot.holding_period_start
    own = _kept(lot, ZERO) * quantity / lot.quantity if lot.wash_adjustment else ZERO
    return AdjustedLot(
        lot=replace(
            lot,
            lot_id=f"{lot.lot_id}.{key}",
            quantity=quantity,
            cost=base + adjustment,
            holding_period_start=start,
            wash_adjustment=own + adjustment,
            purchase_id=lot.purchase,
        ),
        wash_adjustment=own + adjustment,
    )
