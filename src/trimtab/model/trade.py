"""Trades checked or planned: what is bought or sold, where, when, and for how much."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from trimtab.model.enums import TradeAction
from trimtab.source import UNKNOWN, Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Trade:
    """One trade of a trade list (``trimtab.trades/1``) or of a plan.

    id: unique in the list (T1, P1…); a buy creates a lot with this id.
    date: trade date, on or after the household's `as_of`.
    account: the account id.
    action: buy or sell.
    symbol: ticker.
    quantity: shares (> 0).
    price: price per share (None when `amount` is given).
    amount: total cost of a buy or net proceeds of a sell, commission included (None: quantity ×
        price).
    lots: for a sell, the lot ids to sell (specific identification); empty: the account's method.
    """

    id: str
    date: dt.date
    account: str
    action: TradeAction
    symbol: str
    quantity: Decimal
    price: Decimal | None = None
    amount: Decimal | None = None
    lots: tuple[str, ...] = ()
    source: Source = UNKNOWN

    @property
    def value(self) -> Decimal:
        """Total cost of a buy or net proceeds of a sell."""
        if self.amount is not None:
            return self.amount
        if self.price is None:
            raise ValueError(f"trade {self.id} has neither amount nor price")
        return self.quantity * self.price
