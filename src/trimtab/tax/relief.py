"""Lot relief: which shares of a position a sale takes, as a table of functions by method.

Rules (Reg. §1.1012-1; tax-rules.md §4):

- **fifo**: the earliest acquired lots first. This is what the law presumes when the shares sold
  are not adequately identified (Reg. §1.1012-1(c)(1)); within one account (§1012(c)(1)).
- **lifo**: the latest acquired lots first.
- **hifo**: the highest cost per share first.
- **specific_id**: the lots the trade names, in the order named (Reg. §1.1012-1(c)(3): the
  taxpayer names the lots to the broker at the sale). LIFO, HIFO and min-tax are standing
  orders of specific identification, not separate legal methods.
- **min_tax**: short-term losses, then long-term losses, then lots with no gain, then long-term
  gains, then short-term gains; within a group, the lowest tax per dollar raised first. One
  rate applies to a whole group, so that is the lowest gain (most negative loss) per dollar of
  proceeds.
- **average** (single category, Reg. §1.1012-1(e)): only for mutual-fund shares. The basis of
  every share is the holding's total cost / total shares; the shares sold are deemed the first
  acquired, for the holding period, so there is one deemed lot per lot sold from, first acquired
  first, each with the average basis. The shares left keep the average basis.

Ties keep the earlier acquired lot first, then file order.

Worked example. A position of three lots: A bought 2024-01-10, 10 shares for $1,000 ($100 a
share); B 2025-03-05, 10 for $1,500 ($150); C 2026-06-01, 10 for $1,200 ($120). Sell 15 shares
on 2026-12-01 for $1,950 net ($130 a share); A and B are long-term, C short-term.

- fifo: A 10 (1,300 − 1,000 = +300 long), B 5 (650 − 750 = −100 long): +200 long.
- lifo: C 10 (1,300 − 1,200 = +100 short), B 5 (−100 long).
- hifo: B 10 (1,300 − 1,500 = −200 long), C 5 (650 − 600 = +50 short).
- min_tax: B is a long-term loss (group 2), A a long-term gain (group 4), C a short-term gain
  (group 5): B 10 (−200 long), A 5 (650 − 500 = +150 long): −50 long.
- specific_id [C, A]: C 10 (+100 short), A 5 (+150 long).
- average: basis 3,700 / 30 = 123.33… a share; A 10 (1,300 − 1,233.33 = +66.67 long), B 5
  (650 − 616.67 = +33.33 long): +100 long = 1,950 − 15 × 3,700 / 30. The 15 shares left (B 5,
  C 10) keep 123.33… a share: 616.67 and 1,233.33.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from trimtab.model.enums import ReliefMethod
from trimtab.money import ZERO
from trimtab.tax.basis import share_of_cost
from trimtab.tax.lots import OpenLot, sell_open_lot


@dataclass(frozen=True, slots=True, kw_only=True)
class SaleRequest:
    """One sale from one position.

    quantity: shares to sell (> 0, at most the position's).
    proceeds: net proceeds of the whole sale (commission deducted).
    sold: trade date.
    lot_ids: for specific identification, the lots named, in order.
    """

    quantity: Decimal
    proceeds: Decimal
    sold: date
    lot_ids: tuple[str, ...] = ()

    @property
    def unit_proceeds(self) -> Decimal:
        """Net proceeds per share."""
        return self.proceeds / self.quantity


@dataclass(frozen=True, slots=True, kw_only=True)
class Pick:
    """Shares a sale takes from one lot.

    lot: the lot as sold: the open lot, or for average cost the deemed lot (its cost is the
        average basis × its quantity).
    quantity: shares taken from it.
    """

    lot: OpenLot
    quantity: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Relief:
    """The result of applying a relief method to one position.

    picks: the shares sold, lot by lot, in the order taken.
    remaining: the position's open lots after the sale, in their original order (emptied lots
        dropped).
    """

    picks: tuple[Pick, ...]
    remaining: tuple[OpenLot, ...]


ReliefFunction = Callable[[tuple[OpenLot, ...], SaleRequest], Relief]


def _fifo_key(indexed: tuple[int, OpenLot]) -> tuple[date, int]:
    index, lot = indexed
    return lot.acquired, index


def take_in_order(lots: tuple[OpenLot, ...], order: Iterable[OpenLot], quantity: Decimal) -> Relief:
    """Take ``quantity`` shares from the lots in ``order``; the rest stays, in position order."""
    taken: dict[str, Decimal] = {}
    picks: list[Pick] = []
    left = quantity
    for lot in order:
        if left <= 0:
            break
        amount = min(left, lot.quantity - taken.get(lot.lot_id, ZERO))
        if amount > 0:
            picks.append(Pick(lot=lot, quantity=amount))
            taken[lot.lot_id] = taken.get(lot.lot_id, ZERO) + amount
            left -= amount
    if left > 0:
        raise ValueError(f"the lots hold {quantity - left} shares, the sale needs {quantity}")
    return Relief(picks=tuple(picks), remaining=_remaining(lots, taken))


def _remaining(lots: tuple[OpenLot, ...], taken: Mapping[str, Decimal]) -> tuple[OpenLot, ...]:
    """The lots after ``taken`` shares left them; each keeps the basis of its shares left."""
    out: list[OpenLot] = []
    for lot in lots:
        amount = taken.get(lot.lot_id, ZERO)
        if amount < lot.quantity:
            out.append(lot.less(amount, share_of_cost(lot.as_lot(), amount)) if amount else lot)
    return tuple(out)


def fifo_order(lots: tuple[OpenLot, ...]) -> tuple[OpenLot, ...]:
    """Earliest acquired first; ties in file order."""
    return tuple(lot for _, lot in sorted(enumerate(lots), key=_fifo_key))


def relieve_fifo(lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """First in, first out (Reg. §1.1012-1(c)(1))."""
    return take_in_order(lots, fifo_order(lots), request.quantity)


def relieve_lifo(lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """Last in, first out: the latest acquired first (ties: the later in the file first)."""
    return take_in_order(lots, reversed(fifo_order(lots)), request.quantity)


def relieve_hifo(lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """Highest cost per share first (ties: first in, first out)."""
    order = sorted(fifo_order(lots), key=lambda lot: -(lot.cost / lot.quantity))
    return take_in_order(lots, order, request.quantity)


def relieve_specific(lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """The named lots in the order named (Reg. §1.1012-1(c)(3)); the caller checks the names."""
    by_id = {lot.lot_id: lot for lot in lots}
    order = [by_id[lot_id] for lot_id in dict.fromkeys(request.lot_ids)]
    return take_in_order(lots, order, request.quantity)


# min_tax groups, in the order they are sold from.
SHORT_LOSS, LONG_LOSS, NO_GAIN, LONG_GAIN, SHORT_GAIN = range(5)


def min_tax_key(lot: OpenLot, request: SaleRequest) -> tuple[int, Decimal]:
    """(group, gain per dollar raised) of selling the whole lot at the request's unit price."""
    proceeds = request.unit_proceeds * lot.quantity
    sale = sell_open_lot(lot, lot.quantity, proceeds, request.sold)
    per_dollar = sale.gain / proceeds if proceeds else sale.gain / lot.quantity
    if sale.gain == 0:
        return NO_GAIN, ZERO
    if sale.gain < 0:
        return (LONG_LOSS if sale.long_term else SHORT_LOSS), per_dollar
    return (LONG_GAIN if sale.long_term else SHORT_GAIN), per_dollar


def relieve_min_tax(lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """Losses first (short, then long), then no-gain lots, long-term gains, short-term gains."""
    order = sorted(fifo_order(lots), key=lambda lot: min_tax_key(lot, request))
    return take_in_order(lots, order, request.quantity)


def average_basis(lots: tuple[OpenLot, ...]) -> Decimal:
    """The single-category average basis per share: total cost / total shares."""
    shares = sum((lot.quantity for lot in lots), ZERO)
    return sum((lot.cost for lot in lots), ZERO) / shares


def relieve_average(lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """Average cost (Reg. §1.1012-1(e)): deemed lots first acquired first, at the average basis."""
    basis = average_basis(lots)
    restated = tuple(replace(lot, cost=basis * lot.quantity) for lot in lots)
    relief = take_in_order(restated, fifo_order(restated), request.quantity)
    return Relief(
        picks=relief.picks,
        remaining=tuple(replace(lot, cost=basis * lot.quantity) for lot in relief.remaining),
    )


RELIEF_METHODS: Mapping[ReliefMethod, ReliefFunction] = MappingProxyType(
    {
        ReliefMethod.FIFO: relieve_fifo,
        ReliefMethod.LIFO: relieve_lifo,
        ReliefMethod.HIFO: relieve_hifo,
        ReliefMethod.SPECIFIC_ID: relieve_specific,
        ReliefMethod.MIN_TAX: relieve_min_tax,
        ReliefMethod.AVERAGE: relieve_average,
    }
)


def relieve(method: ReliefMethod, lots: tuple[OpenLot, ...], request: SaleRequest) -> Relief:
    """Apply ``method`` to the open lots of one position (one symbol in one account)."""
    return RELIEF_METHODS[method](lots, request)
