"""Would harvesting a loss today be a wash sale? The wash check of a sale of each harvestable lot.

Rule. A harvestable lot (:mod:`trimtab.tax.harvest`) sold in full on ``as_of`` is a loss sale like
any other: every purchase of a substantially identical security in any account of the return
within 30 days before or after ``as_of`` washes it (IRC §1091(a)), the recent loss sales of the
household's ``transactions`` taking the replacements first (Reg. §1.1091-1(b)), and a replacement
bought in an IRA, or in a 401(k) while ``plan_purchase_washes_permanently`` is on, makes the
disallowed part lost for good (Rev. Rul. 2008-5). Each lot is checked on its own, as if it were
the only harvest: it answers "what if I sold this lot today", not "what if I sold them all".

Example (examples/household.yaml, as_of 2026-11-24). IVV lot L6, 20 shares bought for
$14,400.00, worth 20 × 682.15 = $13,643.00: a $757.00 short-term loss. The 401(k) buys $900 of
FXAIX (S&P 500, like IVV) every 14 days, next 2026-11-28; at $234.75 that is 900 ÷ 234.75 =
3.833866 shares a purchase. The window 2026-10-25 … 2026-12-24 holds the purchases of 10-31,
11-14, 11-28 and 12-12: 15.335463 shares, so 757.00 × 15.335463 ÷ 20 = $580.45 of the loss
would be lost for good and $176.55 allowed: the harvest is marked ``permanent``.

The engine is :func:`trimtab.tax.wash.check_wash_sales`; this module only states the sale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from trimtab.model.household import Household
from trimtab.tax.harvest import HarvestableLoss
from trimtab.tax.wash import LossSale, Wash, check_wash_sales, washes_alone

HARVEST_TRADE = "harvest"


@dataclass(frozen=True, slots=True, kw_only=True)
class HarvestWash:
    """A harvestable lot and the wash result of selling all of it on ``as_of``.

    harvest: the harvestable lot.
    wash: the wash result of that sale (kind none when nothing replaces it).
    """

    harvest: HarvestableLoss
    wash: Wash


def harvest_sale(loss: HarvestableLoss, sold: dt.date) -> LossSale:
    """The loss sale of the whole lot on ``sold`` (id ``harvest/<account>/<lot>``)."""
    lot = loss.lot
    return LossSale(
        id=f"{HARVEST_TRADE}/{lot.account}/{lot.lot_id}",
        trade=HARVEST_TRADE,
        account=lot.account,
        symbol=lot.symbol,
        lot_id=lot.purchase,  # the rest of the same purchase does not wash it (Rev. Rul. 56-602)
        acquired=lot.acquired,
        holding_period_start=lot.holding_period_start,
        sold=sold,
        quantity=lot.quantity,
        loss=loss.loss,
    )


def harvest_wash(household: Household, loss: HarvestableLoss) -> HarvestWash:
    """The wash check of selling one harvestable lot on ``as_of``, alone."""
    sale = harvest_sale(loss, household.as_of)
    report = check_wash_sales(household, (), (sale,))
    return HarvestWash(harvest=loss, wash=report.for_sale(sale.id) or Wash(sale=sale))


def harvest_washes(
    household: Household, harvestable: Iterable[HarvestableLoss]
) -> tuple[HarvestWash, ...]:
    """The wash check of each harvestable lot sold today, each on its own, in the same order:
    :func:`harvest_wash` of each, figured by :func:`trimtab.tax.wash.washes_alone` (the
    household's sales and purchases gathered once, not once a lot)."""
    losses = tuple(harvestable)
    sales = [harvest_sale(loss, household.as_of) for loss in losses]
    washes = washes_alone(household, sales)
    return tuple(HarvestWash(harvest=h, wash=w) for h, w in zip(losses, washes, strict=True))
