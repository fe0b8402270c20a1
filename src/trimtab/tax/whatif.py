"""What a list of trades does, wash sales included: the engine behind `check` and `plan`.

Steps: apply the trades to the lots in date order (:mod:`.realize`); find every wash of the
household, its recent loss sales and the trades' loss sales (:mod:`.wash`); move deferred losses
into the replacement lots' basis and holding period where those lots open (:mod:`.wash.adjust`),
and apply the trades again, until the lots the washes adjust are the lots the trades sold and
left. So a replacement bought and sold within the list is sold at its adjusted basis and start,
and a chain (the replacement itself sold at a loss and bought back) carries the whole deferred
loss to its last lot (issue 19). Shares the trades sell replace nothing after their sale's date
(:mod:`.wash.match`). Count in the year's estimate only the deductible part of each loss (gain +
disallowed). A recent loss sale (`transactions`) that the
trades newly wash (a planned buy within 30 days after it) also loses its deduction this year:
the change against the washes without the trades is added back to that term's gains.

Example (tests/data/wash19/vea_trades.yaml): V1 (cost 5,000) sold 2026-01-05 for 4,000; B1 bought
back 15 days later for 4,200; B1 sold 2026-09-15 for 5,600. The first pass sells B1 at 4,200;
the washes move the 1,000 loss into B1 (5,200, start 2025-06-17), and the second pass sells it
for +400 long-term, where the passes agree.

Example (the example household): IVV lot L6 sold on 2026-11-24 at a $757.00 short-term loss
while the 401(k) buys $900 of FXAIX (the same index) every 14 days at $234.75: four purchases in
the window replace 4 × 900 / 234.75 = 15.335463 of the 20 shares, so 757 × 15.335463 / 20 =
$580.45 is lost for good and the estimate counts −$176.55.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from trimtab.errors import Problem, Severity
from trimtab.model.enums import ReliefMethod, TradeAction
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.money import ZERO, money_str
from trimtab.tax.estimate import estimate_difference, household_estimate
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.held import held_parts
from trimtab.tax.holding import is_long_term
from trimtab.tax.lots import OpenLot, household_lots
from trimtab.tax.realize import (
    Realization,
    RealizedLot,
    SaleMemo,
    bought_lot,
    realize_or_raise,
)
from trimtab.tax.wash import Disposals, LossSale, Wash, WashReport, check_wash_sales
from trimtab.tax.wash.adjust import AdjustedLot, Parts, PendingAdjustment, split_replacements
from trimtab.tax.wash.scope import acquisition_source


@dataclass(frozen=True, slots=True, kw_only=True)
class WhatIf:
    """Trades applied with wash sales: realized rows, washes, the year's estimates, warnings.

    realization: the realized rows and the open lots after the trades.
    washes: every loss sale's wash (:meth:`wash_of` finds a realized row's).
    estimate / without: the year's estimate with and without the trades; marginal: the
    difference. warnings: the realization's, the washes', and deferred washes whose
    replacement has no open lot here.
    """

    realization: Realization
    washes: WashReport
    estimate: TaxEstimate
    without: TaxEstimate
    marginal: TaxEstimate
    warnings: tuple[Problem, ...]

    def wash_of(self, row: RealizedLot) -> Wash | None:
        """The wash result of one realized row (None for gains and rows not taxed here)."""
        return self.washes.for_sale(row_key(row))

    @property
    def lots_after(self) -> tuple[AdjustedLot, ...]:
        """Every open lot after the trades, with the deferred washes in their basis and holding
        period (the lots opened adjusted, :func:`~trimtab.tax.wash.adjust.split_replacements`)."""
        return tuple(
            AdjustedLot(lot=lot, wash_adjustment=lot.wash_adjustment)
            for lot in self.realization.lots_after
        )


def row_key(row: RealizedLot) -> str:
    """The loss-sale id of a realized row."""
    return f"{row.trade}/{row.lot_id}"


def loss_sales(realization: Realization) -> tuple[LossSale, ...]:
    """The realized rows that are losses in taxable accounts of this return."""
    return tuple(
        LossSale(
            id=row_key(r),
            trade=r.trade,
            account=r.account,
            symbol=r.symbol,
            lot_id=r.purchase,
            acquired=r.acquired,
            holding_period_start=r.holding_period_start,
            sold=r.sold,
            quantity=r.quantity,
            loss=-r.gain,
        )
        for r in realization.realized
        if r.taxed_here and r.gain < 0
    )


def disposals(realization: Realization) -> Disposals:
    """By purchase lot, the (date, shares) the trades sold of it that no wash had matched: a
    part a wash adjusted (``R1.1``) holds shares already matched to a loss sale, which replace
    nothing more whether sold or held (:func:`trimtab.tax.wash.match.held_after`). Selling
    R1.1 (60 shares washed by a recent loss) leaves R1.2's 40 shares free to replace."""
    found: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for r in realization.realized:
        if r.purchase_id and r.wash_adjustment:
            continue
        found.setdefault(r.purchase, []).append((r.sold, r.quantity))
    return {key: tuple(days) for key, days in found.items()}


def what_if(
    household: Household, trades: Iterable[Trade], *, relief_method: ReliefMethod | None = None
) -> WhatIf:
    """Apply ``trades`` (InputError on a mistake) and figure washes and the year's tax."""
    trades = tuple(trades)
    realization, washes, pending = _settle(household, trades, relief_method)
    baseline = check_wash_sales(household)
    short, long = _deductible_gains(household, realization, washes, baseline)
    estimate = household_estimate(household, short=short, long=long)
    without = household_estimate(household)
    return WhatIf(
        realization=realization,
        washes=washes,
        estimate=estimate,
        without=without,
        marginal=estimate_difference(estimate, without),
        warnings=(*realization.warnings, *washes.warnings, *_pending_warnings(household, pending)),
    )


def _settle(
    household: Household, trades: tuple[Trade, ...], relief_method: ReliefMethod | None
) -> tuple[Realization, WashReport, tuple[PendingAdjustment, ...]]:
    """Apply the trades, match the washes, open the replacement lots adjusted, and again, until
    the adjusted lots are those the trades were applied to (each pass settles at least one more
    link of a chain: at most one pass per trade, and one to confirm)."""
    parts: Parts = held_parts(household)
    sales: SaleMemo = {}  # a sale of the lots a pass sold before is not figured again
    realization = realize_or_raise(household, trades, relief_method=relief_method, sales=sales)
    for _ in range(len(trades) + 1):
        washes, found, pending = _washes_of(household, trades, realization)
        if dict(found) == dict(parts):
            return realization, washes, pending
        parts = found
        realization = realize_or_raise(
            household, trades, relief_method=relief_method, parts=parts, sales=sales
        )
    washes, _, pending = _washes_of(household, trades, realization)  # not settled: the last pass
    return realization, washes, pending


def _washes_of(
    household: Household, trades: tuple[Trade, ...], realization: Realization
) -> tuple[WashReport, Parts, tuple[PendingAdjustment, ...]]:
    """The washes of one pass, the purchase lots they adjust, and those no lot can take."""
    washes = check_wash_sales(household, trades, loss_sales(realization), disposals(realization))
    found, pending = split_replacements(_purchase_lots(household, realization), washes.washes)
    return washes, found, pending


def _purchase_lots(household: Household, realization: Realization) -> tuple[OpenLot, ...]:
    """The held lots and the lots the applied buys open, as bought."""
    bought = (bought_lot(t.trade) for t in realization.trades if t.trade.action is TradeAction.BUY)
    return (*household_lots(household), *bought)


def _deductible_gains(
    household: Household, realization: Realization, washes: WashReport, baseline: WashReport
) -> tuple[Decimal, Decimal]:
    short = long = ZERO
    for r in realization.realized:
        if not r.in_estimate:
            continue
        wash = washes.for_sale(row_key(r))
        gain = r.gain + (wash.disallowed if wash is not None else ZERO)
        short, long = (short, long + gain) if r.long_term else (short + gain, long)
    for wash in washes.washes:
        if wash.sale.trade or wash.sale.sold.year != household.tax.year:
            continue
        before = baseline.for_sale(wash.sale.id)
        extra = wash.disallowed - (before.disallowed if before is not None else ZERO)
        acquired = wash.sale.acquired
        if acquired is not None and is_long_term(acquired, wash.sale.sold):
            long += extra
        else:
            short += extra
    return short, long


def _pending_warnings(
    household: Household, pending: tuple[PendingAdjustment, ...]
) -> tuple[Problem, ...]:
    """A warning per basis adjustment to write into the household file, at the line of the
    purchase it adjusts (:func:`~trimtab.tax.wash.scope.acquisition_source`)."""
    return tuple(
        Problem(
            source=acquisition_source(household, p.use.acquisition),
            field="wash_adjustment",
            kind="wash_adjustment_pending",
            message=(
                f"add ${money_str(p.use.disallowed)} of disallowed loss (from {p.sale_id}) to "
                f"the basis of the {p.use.quantity} shares of {p.use.acquisition.symbol} bought on "
                f"{p.use.acquisition.date} in {p.use.acquisition.account} "
                f"({p.use.acquisition.kind.value} {p.use.acquisition.id})"
            ),
            severity=Severity.WARNING,
        )
        for p in pending
    )
