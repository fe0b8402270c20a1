"""The records of the wash-sale engine: loss sales, acquisitions, and the washes found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from trimtab.money import ZERO


class ReplacementKind(StrEnum):
    """Where a replacement purchase was found."""

    TRADE = "trade"
    TRANSACTION = "transaction"
    LOT = "lot"
    RECURRING = "recurring"


class WashKind(StrEnum):
    """What happened to a loss: allowed, deferred into a replacement's basis, or lost for good."""

    NONE = "none"
    DEFERRED = "deferred"
    PERMANENT = "permanent"


@dataclass(frozen=True, slots=True, kw_only=True)
class LossSale:
    """Shares sold at a loss in a taxable account of the return.

    id: a stable key (`<trade>/<lot>` for a checked or planned trade, `transactions[i]`).
    trade: the trade id ('' for a past transaction).
    lot_id: the lot sold ('' when unknown).
    acquired: when the sold shares were bought (None when unknown).
    holding_period_start: the date the sold shares' holding period counts from.
    sold: the sale's trade date.
    quantity: shares sold.
    loss: the loss, a positive amount.
    """

    id: str
    trade: str
    account: str
    symbol: str
    lot_id: str
    acquired: dt.date | None
    holding_period_start: dt.date | None
    sold: dt.date
    quantity: Decimal
    loss: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Acquisition:
    """A purchase that may replace shares sold at a loss.

    kind / id: where it was found (trade id, `transactions[i]`, lot id, `recurring[i]@date`).
    lot_id: the lot it created, when one is known ('' otherwise).
    quantity: shares bought; None when unknown (a dividend reinvestment without an amount:
        the worst case, as many shares as any loss needs, is assumed).
    permanent: bought in an IRA or Roth IRA (Rev. Rul. 2008-5), or in a 401(k), 403(b), 457(b)
        or HSA while `plan_purchase_washes_permanently` is on: a loss it washes is lost for good.
    estimated: the date or quantity is an estimate (recurring purchases).
    """

    kind: ReplacementKind
    id: str
    account: str
    symbol: str
    date: dt.date
    quantity: Decimal | None
    lot_id: str = ""
    permanent: bool = False
    estimated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacementUse:
    """The part of one acquisition matched to one loss sale.

    quantity: replacement shares used (each absorbs one sold share's loss).
    disallowed: the loss moved onto these shares (or lost, when permanent).
    adjusted_start: for deferred washes, the replacement's holding-period start after tacking
        (sum convention: purchase date − days the sold shares were held); None when permanent.
    """

    acquisition: Acquisition
    quantity: Decimal
    disallowed: Decimal
    adjusted_start: dt.date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Wash:
    """The wash-sale result of one loss sale."""

    sale: LossSale
    replacements: tuple[ReplacementUse, ...] = ()

    @property
    def washed_quantity(self) -> Decimal:
        """Sold shares whose loss is disallowed."""
        return sum((r.quantity for r in self.replacements), ZERO)

    @property
    def disallowed(self) -> Decimal:
        """The loss disallowed, a positive amount: loss × washed shares ÷ shares sold."""
        washed = self.washed_quantity
        if washed == self.sale.quantity:
            return self.sale.loss
        return self.sale.loss * washed / self.sale.quantity

    @property
    def permanent(self) -> Decimal:
        """The part of the disallowed loss that is lost for good."""
        lost = sum((r.disallowed for r in self.replacements if r.acquisition.permanent), ZERO)
        return min(lost, self.disallowed)

    @property
    def kind(self) -> WashKind:
        """none, deferred, or permanent (when any part is lost for good)."""
        if not self.replacements:
            return WashKind.NONE
        return WashKind.PERMANENT if self.permanent > 0 else WashKind.DEFERRED
