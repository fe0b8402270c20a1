"""Open lots as plain records: what relief methods choose from and what trades leave behind.

An :class:`OpenLot` is one lot of one symbol in one account, with everything needed to figure
the gain of selling some of it: quantity, cost, acquisition date, holding-period start and, for
gifts, the donor's date and the value at the gift. Trades turn one tuple of open lots into
another (:mod:`trimtab.tax.realize`); a later step (wash sales, IRC §1091) may adjust a lot's
``cost`` and move its ``holding_period_start`` earlier (§1223(3)); selling counts the holding
period of a purchased lot from ``holding_period_start``.

Positions without lots (allowed in tax-advantaged accounts, and for ``basis: unknown``) are one
open lot ``<account>/<symbol>`` acquired on ``as_of`` at its market value that day: in a
tax-advantaged account no gain is taxed, so only its quantity matters.

Example: 120 VTI bought 2019-03-04 for $17,880.00 is ``OpenLot(lot_id="L1", quantity=120,
cost=17880.00, acquired=holding_period_start=2019-03-04)``; selling 30 of them for $9,942.00
uses 30/120 of the cost, $4,470.00, for a long-term gain of $5,472.00.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from trimtab.model.enums import LotOrigin
from trimtab.model.household import Account, Holding, Household, Lot
from trimtab.money import ZERO
from trimtab.records import builder
from trimtab.source import UNKNOWN, Source
from trimtab.tax.basis import SaleResult, sell_from_lot
from trimtab.tax.holding import holding_period_start
from trimtab.tax.memo import per_household


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenLot:
    """One open lot of one symbol in one account.

    account: the account id.
    symbol: ticker.
    lot_id: the lot's id (a buy's lot takes the trade's id).
    acquired: trade date of acquisition (date of death, date of the gift).
    holding_period_start: the date the holding period counts from (the donor's date for gifts
        with carryover basis).
    quantity: shares still held (> 0).
    cost: basis of those shares in dollars (the donor's basis for gifts).
    origin: purchase, inheritance or gift.
    donor_acquired / fmv_at_gift: for gifts (see :class:`trimtab.model.household.Lot`).
    synthetic: True for a position without lots, treated as one lot.
    source: where the lot (or the trade that bought it) stands in its file.
    wash_adjustment: disallowed wash-sale loss inside ``cost`` (IRC §1091(d)).
    purchase_id: the lot of the household or the buy this lot is a part of, when a wash split
        it (``R1.1`` is a part of ``R1``); '' when it is that lot itself (:attr:`purchase`).
    stated_adjustment: the household file states the lot's ``wash_adjustment`` or
        ``holding_start`` (a custodian's adjusted lot): recent `transactions` losses it replaces
        are already inside, and are not added again.
    """

    account: str
    symbol: str
    lot_id: str
    acquired: date
    holding_period_start: date
    quantity: Decimal
    cost: Decimal
    origin: LotOrigin = LotOrigin.PURCHASE
    donor_acquired: date | None = None
    fmv_at_gift: Decimal | None = None
    synthetic: bool = False
    source: Source = UNKNOWN
    wash_adjustment: Decimal = Decimal(0)
    purchase_id: str = ""
    stated_adjustment: bool = False

    @property
    def purchase(self) -> str:
        """The id of the purchase lot this lot is (a part of)."""
        return self.purchase_id or self.lot_id

    def as_model(self) -> Lot:
        """The household-file lot this open lot is: the acquisition date kept, the tacked start
        in ``holding_start`` and the adjustment in ``wash_adjustment`` (None when there is none)."""
        tacked = self.origin is LotOrigin.PURCHASE and self.holding_period_start != self.acquired
        adjusted = self.stated_adjustment or self.wash_adjustment != 0
        return Lot(
            id=self.lot_id,
            acquired=self.acquired,
            quantity=self.quantity,
            cost=self.cost,
            origin=self.origin,
            donor_acquired=self.donor_acquired,
            fmv_at_gift=self.fmv_at_gift,
            wash_adjustment=self.wash_adjustment if adjusted else None,
            holding_start=self.holding_period_start if tacked else None,
            source=self.source,
        )

    def as_lot(self) -> Lot:
        """The model lot whose sale this lot's sale is (a purchase counts from its start)."""
        purchase = self.origin is LotOrigin.PURCHASE
        return Lot(
            id=self.lot_id,
            acquired=self.holding_period_start if purchase else self.acquired,
            quantity=self.quantity,
            cost=self.cost,
            origin=self.origin,
            donor_acquired=self.donor_acquired,
            fmv_at_gift=self.fmv_at_gift,
            source=self.source,
        )

    def less(self, quantity: Decimal, cost: Decimal) -> OpenLot:
        """The lot after ``quantity`` shares of basis ``cost`` left it (the wash adjustment
        leaves pro rata with them)."""
        left = self.quantity - quantity
        adjustment = self.wash_adjustment * left / self.quantity if self.wash_adjustment else ZERO
        return replace(self, quantity=left, cost=self.cost - cost, wash_adjustment=adjustment)


def sell_open_lot(lot: OpenLot, quantity: Decimal, proceeds: Decimal, sold: date) -> SaleResult:
    """The gain, basis and term of selling ``quantity`` shares of ``lot`` for ``proceeds``."""
    return sell_from_lot(lot.as_lot(), quantity, proceeds, sold)


def open_lot(account: str, symbol: str, lot: Lot) -> OpenLot:
    """The open lot of a lot of the household file (one a lot: built straight through its
    slots, :func:`trimtab.records.builder`)."""
    origin = lot.origin
    start = lot.holding_start
    if start is None or origin is not LotOrigin.PURCHASE:
        start = _start(lot)
    adjustment = lot.wash_adjustment
    return _new_open_lot(
        account=account,
        symbol=symbol,
        lot_id=lot.id,
        acquired=lot.acquired,
        holding_period_start=start,
        quantity=lot.quantity,
        cost=lot.cost,
        origin=origin,
        donor_acquired=lot.donor_acquired,
        fmv_at_gift=lot.fmv_at_gift,
        synthetic=False,
        source=lot.source,
        wash_adjustment=adjustment or ZERO,
        purchase_id="",
        stated_adjustment=adjustment is not None or lot.holding_start is not None,
    )


_new_open_lot = builder(OpenLot)


def _start(lot: Lot) -> date:
    """The holding-period start: a purchase's tacked ``holding_start`` when the file states one;
    with carryover basis, the donor's date for a gift."""
    if lot.origin is LotOrigin.PURCHASE and lot.holding_start is not None:
        return lot.holding_start
    if lot.origin is LotOrigin.GIFT and lot.donor_acquired is None:
        return lot.acquired
    return holding_period_start(lot.origin, lot.acquired, donor_acquired=lot.donor_acquired)


def holding_lots(
    account: Account, holding: Holding, as_of: date, unit_price: Decimal | None
) -> tuple[OpenLot, ...]:
    """The open lots of a holding; a holding without lots is one synthetic lot (see above)."""
    if holding.lots:
        return tuple(open_lot(account.id, holding.symbol, lot) for lot in holding.lots)
    return (
        OpenLot(
            account=account.id,
            symbol=holding.symbol,
            lot_id=f"{account.id}/{holding.symbol}",
            acquired=as_of,
            holding_period_start=as_of,
            quantity=holding.quantity,
            cost=holding.quantity * (unit_price or Decimal(0)),
            synthetic=True,
            source=holding.source,
        ),
    )


@per_household
def household_lots(household: Household) -> tuple[OpenLot, ...]:
    """Every open lot of every account on ``as_of``, in file order (figured once per household
    object, :mod:`trimtab.tax.memo`)."""
    return tuple(
        lot
        for account in household.accounts
        for holding in account.holdings
        for lot in holding_lots(
            account, holding, household.as_of, household.price_of(holding.symbol)
        )
    )
