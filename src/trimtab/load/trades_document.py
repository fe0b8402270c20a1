"""The trade list's document schema, ``trimtab.trades/1``, and the part of a plan that is read.

``trimtab check FILE --trades TRADES`` reads either a trades file (YAML, documented field by
field in docs/trades-format.md; ``trimtab schema trades`` prints the JSON Schema generated from
:class:`TradesDocument`) or a ``trimtab.plan/1`` JSON, of which only the trades are read
(:class:`PlanDocument`; every other key of a plan is ignored here). These classes check
structure and scalar types; references to the household (accounts, symbols, lots) are checked
when the trades are applied.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from trimtab.model.enums import TradeAction

TRADES_FORMAT = "trimtab.trades/1"
PLAN_FORMAT = "trimtab.plan/1"

Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Symbol = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9.\-/]+$")]
Ident = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Lenient(BaseModel):
    """Plans carry many fields a check does not read: unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class TradeDoc(_Strict):
    """One trade: `price` or `amount` (or both: then `amount` is what counts)."""

    id: Ident = Field(description="unique in the file; a buy opens a lot with this id")
    date: dt.date = Field(description="trade date, on or after the household's as_of")
    account: Ident = Field(description="an account id of the household")
    action: TradeAction
    symbol: Symbol
    quantity: Positive = Field(description="shares")
    price: Positive | None = Field(default=None, description="price per share")
    amount: Positive | None = Field(
        default=None,
        description="total cost of a buy or net proceeds of a sell, commission included",
    )
    lots: list[Ident] = Field(
        default=[], description="for a sell: the lot ids to sell, in order (specific id)"
    )

    @model_validator(mode="after")
    def _size(self) -> TradeDoc:
        if self.price is None and self.amount is None:
            raise ValueError("a trade needs `price` or `amount`")
        return self


class TradesDocument(_Strict):
    """A trade list, format ``trimtab.trades/1``: trades to check against a household."""

    format: Literal["trimtab.trades/1"]
    trades: list[TradeDoc]


class PlanLotDoc(_Lenient):
    """A lot a plan's sell uses; only its id is read."""

    lot_id: Ident


class PlanTradeDoc(_Lenient):
    """A plan's trade: proceeds = amount − transaction_cost; a buy costs amount + it."""

    account: Ident
    action: TradeAction
    symbol: Symbol
    quantity: Positive
    price: Positive | None = None
    amount: Positive
    transaction_cost: NonNegative = Decimal(0)
    lots: list[PlanLotDoc] = []

    @model_validator(mode="after")
    def _net(self) -> PlanTradeDoc:
        if self.action is TradeAction.SELL and self.transaction_cost >= self.amount:
            raise ValueError("a sell's transaction_cost must be less than its amount")
        return self


class PlanDocument(_Lenient):
    """The trades of a ``trimtab.plan/1`` document."""

    format: Literal["trimtab.plan/1"]
    trades: list[PlanTradeDoc]
