"""Basis and gain of shares sold: purchases, inheritances, and the gift dual-basis rule.

Rule (IRC §1015(a), §1014, Pub. 551 and Pub. 550). A purchase's basis is its cost including
commissions; an inheritance's is the value at death (given as the lot's cost). A gift keeps the
donor's basis for figuring a *gain*; for figuring a *loss* the basis is the fair market value at
the gift when that is lower. A sale between the two gives neither gain nor loss. The holding
period of a gift includes the donor's, except for a loss figured from the FMV (IRC §1223(2)).

Worked example. Donor's basis $1,800, FMV at the gift $2,600 (above the basis: one basis,
$1,800). Sold for $3,314: gain $1,514, long-term from the donor's date. Another gift: donor's
basis $5,000, FMV at the gift $4,000. Sold for $3,500: loss $3,500 − $4,000 = −$500, held from
the gift. Sold for $4,500: between the two, no gain or loss. Sold for $5,600: gain $600.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trimtab.model.enums import LotOrigin
from trimtab.model.household import Lot
from trimtab.money import ZERO
from trimtab.tax.holding import days_until_long_term_lot, holding_period_start, is_long_term_lot


@dataclass(frozen=True, slots=True, kw_only=True)
class SaleResult:
    """The tax result of selling some shares of one lot.

    quantity: shares sold.
    proceeds: amount realized (net of commission).
    basis: the basis of the shares sold (for a gift, the one that applies to this sale).
    gain: proceeds − basis, loss negative; 0 for a gift sold between FMV and the donor's basis.
    long_term: holding period more than one year at the sale.
    holding_period_start: the date the holding period is counted from.
    """

    quantity: Decimal
    proceeds: Decimal
    basis: Decimal
    gain: Decimal
    long_term: bool
    holding_period_start: date


def share_of_cost(lot: Lot, quantity: Decimal) -> Decimal:
    """The donor's or purchase basis of ``quantity`` shares of the lot (pro rata)."""
    if quantity == lot.quantity:
        return lot.cost
    return lot.cost * quantity / lot.quantity


def sell_from_lot(lot: Lot, quantity: Decimal, proceeds: Decimal, sold: date) -> SaleResult:
    """The gain, basis and term of selling ``quantity`` shares of ``lot`` for ``proceeds``."""
    cost = share_of_cost(lot, quantity)
    loss_basis = _gift_loss_basis(lot, quantity)
    if loss_basis is not None and proceeds < loss_basis:
        basis, gain, from_fmv = loss_basis, proceeds - loss_basis, True
    elif loss_basis is not None and proceeds <= cost:
        basis, gain, from_fmv = proceeds, ZERO, False  # between FMV and donor's basis
    else:
        basis, gain, from_fmv = cost, proceeds - cost, False
    return SaleResult(
        quantity=quantity,
        proceeds=proceeds,
        basis=basis,
        gain=gain,
        long_term=is_long_term_lot(
            lot.origin,
            lot.acquired,
            sold,
            donor_acquired=lot.donor_acquired,
            gift_loss_basis=from_fmv,
        ),
        holding_period_start=holding_period_start(
            lot.origin, lot.acquired, donor_acquired=lot.donor_acquired, gift_loss_basis=from_fmv
        ),
    )


def days_to_long_term(lot: Lot, as_of: date, *, loss: bool) -> int:
    """Days from ``as_of`` until a sale is long-term (a gift's loss counts from the gift)."""
    return days_until_long_term_lot(
        lot.origin,
        lot.acquired,
        as_of,
        donor_acquired=lot.donor_acquired,
        gift_loss_basis=loss and _gift_loss_basis(lot, lot.quantity) is not None,
    )


def _gift_loss_basis(lot: Lot, quantity: Decimal) -> Decimal | None:
    """For a gift whose FMV at the gift was below the donor's basis: the loss basis, else None."""
    if lot.origin is not LotOrigin.GIFT or lot.fmv_at_gift is None:
        return None
    fmv = lot.fmv_at_gift if quantity == lot.quantity else lot.fmv_at_gift * quantity / lot.quantity
    cost = share_of_cost(lot, quantity)
    return fmv if fmv < cost else None
