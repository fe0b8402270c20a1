"""The optimizer's decision units: what one sell variable and one buy variable stand for."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.money import ZERO
from trimtab.records import builder


@dataclass(frozen=True, slots=True, kw_only=True)
class SellUnit:
    """One sell variable: a lot, or a whole holding.

    account / symbol: where.
    lot_ids: the lot (one id) or every lot of the holding (its relief method picks later).
    quantity: shares that may be sold (0 when selling is not allowed).
    held: shares held.
    price: price per share on `as_of`.
    tax_per_share: linear tax estimate per share sold (0 for a loss).
    short_gain: a sale would realize a short-term gain (taxable accounts).
    defer_per_share: extra cost of selling a lot that turns long-term soon, per share.
    taxed: the account is a taxable account of this return.
    whole: the security trades in whole shares.
    forced: shares that must be sold (orders, `sell_excluded`).
    loss: selling it realizes a loss in a taxable account of the return (wash sales matter).
    gain_per_share: the gain (loss negative) a sale realizes per share in a taxable account of
        the return (the average over a holding's lots for a holding unit; 0 elsewhere).
    harvest_per_share: the value of harvesting one share's loss (0 when the lot is not worth
        harvesting): HARVEST_VALUE × the marginal rate of its term × the loss per share.
    net_tax_per_share: the tax a sale owes this year per share at the marginal rate of its
        term, a loss negative (the tax it saves) (taxable accounts of the return; 0 elsewhere).
    long_term: a sale realizes a long-term gain or loss (a lot held more than a year; a
        holding unit counts as long-term): which of the plan's net gains its gain joins in the
        tax term (:mod:`.tax_term`).
    relief_order: in a taxable account with a relief method (fifo, lifo, hifo, min_tax,
        average), the lot's place (0 first) in the order the method takes the holding's lots:
        what is sold of the holding is a prefix of that order (:mod:`.relief_order`); −1 where
        the optimizer picks the lots, or the unit is a whole holding.
    """

    account: str
    symbol: str
    lot_ids: tuple[str, ...]
    quantity: Decimal
    held: Decimal
    price: Decimal
    tax_per_share: Decimal
    short_gain: bool
    defer_per_share: Decimal
    taxed: bool
    whole: bool
    forced: Decimal = ZERO
    loss: bool = False
    harvest_per_share: Decimal = ZERO
    gain_per_share: Decimal = ZERO
    net_tax_per_share: Decimal = ZERO
    long_term: bool = True
    relief_order: int = -1


@dataclass(frozen=True, slots=True, kw_only=True)
class BuyCandidate:
    """One buy variable: shares of ``symbol`` bought in ``account``; ``forced``: ordered shares."""

    account: str
    symbol: str
    price: Decimal
    whole: bool
    forced: Decimal = ZERO


new_sell_unit = builder(SellUnit)  # a unit a lot: every field by keyword, set through its slot
