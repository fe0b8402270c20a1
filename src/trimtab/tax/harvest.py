"""Harvestable losses: lots whose sale today would realize a loss worth taking.

Rule (a policy of the household's settings, not law). A lot is harvestable when it is in a
taxable account of this return (only there does a loss count, IRC §165(c), §1211(b)), selling
all of it on ``as_of`` at the file's price realizes a loss (gifts' dual basis included,
:mod:`trimtab.tax.basis`), and the loss is at least ``settings.harvest_min_loss`` dollars and at
least ``settings.harvest_min_pct`` percent of the lot's cost. Whether the sale would be a wash
sale is for the wash-sale check (IRC §1091), not decided here.

Worked example (defaults $500 and 5%). 200 VEA bought for $12,400.00, priced $57.85: value
200 × 57.85 = 11,570.00, loss 830.00 ≥ 500, and 830 / 12,400 = 6.69% ≥ 5%: harvestable. 150
VWO bought for $8,250.00, priced $51.90: value 7,785.00, loss 465.00 < 500: not harvestable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trimtab.model.household import Household
from trimtab.model.settings import Settings
from trimtab.money import HUNDRED
from trimtab.tax.held import adjusted_household_lots
from trimtab.tax.lots import OpenLot, sell_open_lot


@dataclass(frozen=True, slots=True, kw_only=True)
class HarvestableLoss:
    """A lot whose sale on ``as_of`` would realize a loss above the household's thresholds.

    lot: the open lot.
    price: the price per share on ``as_of``.
    market_value: quantity × price.
    loss: the loss a sale of the whole lot would realize, as a positive amount.
    loss_pct: the loss in percent of the lot's cost.
    long_term: whether that sale would be long-term.
    """

    lot: OpenLot
    price: Decimal
    market_value: Decimal
    loss: Decimal
    loss_pct: Decimal
    long_term: bool


def harvestable_loss(lot: OpenLot, price: Decimal, as_of: date) -> HarvestableLoss | None:
    """The loss of selling the whole lot at ``price`` on ``as_of``; None when it is no loss."""
    value = lot.quantity * price
    sale = sell_open_lot(lot, lot.quantity, value, as_of)
    if sale.gain >= 0 or lot.cost <= 0:
        return None
    return HarvestableLoss(
        lot=lot,
        price=price,
        market_value=value,
        loss=-sale.gain,
        loss_pct=-sale.gain / lot.cost * HUNDRED,
        long_term=sale.long_term,
    )


def harvestable_losses(
    household: Household, prices: Mapping[str, Decimal]
) -> tuple[HarvestableLoss, ...]:
    """The harvestable lots of the household, in file order; ``prices`` by symbol on as_of."""
    return tuple(
        loss
        for lot, price in _taxed_lots(household, prices)
        if (loss := harvestable_loss(lot, price, household.as_of)) is not None
        and worth_harvesting(loss, household.settings)
    )


def worth_harvesting(loss: HarvestableLoss, settings: Settings) -> bool:
    """At least ``harvest_min_loss`` dollars and ``harvest_min_pct`` percent of the cost."""
    return loss.loss >= settings.harvest_min_loss and loss.loss_pct >= settings.harvest_min_pct


def _taxed_lots(
    household: Household, prices: Mapping[str, Decimal]
) -> Iterator[tuple[OpenLot, Decimal]]:
    """The lots of taxable accounts of this return whose symbol has a price, as the recent
    wash sales leave them (:mod:`trimtab.tax.held`)."""
    taxed = {a.id for a in household.accounts if a.taxed_here}
    for lot in adjusted_household_lots(household):
        price = prices.get(lot.symbol)
        if lot.account in taxed and not lot.synthetic and price is not None:
            yield lot, price
