"""Targets of 0 % and liquidating untargeted holdings (issue 20, item 6).

A target of 0 % says "hold none of this class": its band is 0 wide, so any holding is outside
and the plan sells it (tax-aware) unless a restriction keeps it. Before, the sell step treated
a 0 % class like a class with no target (never sold) and the band was the rule's minimum width
(1 point), so the holding stayed, silently.

`liquidate_untargeted` forces the sale of every untargeted holding; before, the forced sale of a
lot at a loss went through even when a purchase in the window would wash it, and the engine's
own `no_wash_sale` invariant stopped the plan (exit 70). Now the liquidation comes after the
wash-sale guard: the washed lot is kept, with the guard's warning naming the purchase.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.model.enums import AssetClass, TradeAction

IRA = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: IVV, quantity: 95}
      - {symbol: BND, quantity: 633}
      - {symbol: VNQ, quantity: 50}
"""
PRICES = "{IVV: 500, BND: 75, VNQ: 100, AGG: 100}"


def test_a_zero_target_sells_the_whole_class(tmp_path: Path) -> None:
    # IVV 95 × 500 = 47,500; BND 633 × 75 = 47,475; VNQ 50 × 100 = 5,000; total 99,975.
    # alternatives: 0 → its band is 0 to 0: all 50 VNQ are sold (in the IRA: no tax).
    # (Before: band 0 ± 1 point and VNQ unsellable: VNQ kept at 5.0 %, outside, no trade.)
    h = household(
        tmp_path,
        IRA,
        targets="{us_large_cap: 50, ig_bonds: 50, alternatives: 0}",
        prices=PRICES,
    )
    report = planned(h)
    assert [(t.action, t.quantity) for t in report.plan.trades if t.symbol == "VNQ"] == [
        (TradeAction.SELL, Decimal(50))
    ]
    after = {r.asset_class: r for r in report.drift_after.rows}
    assert after[AssetClass.ALTERNATIVES].current_value == 0
    assert after[AssetClass.ALTERNATIVES].width == 0
    assert not after[AssetClass.ALTERNATIVES].outside


def test_a_zero_target_is_outside_in_the_drift_table(tmp_path: Path) -> None:
    # 5,000 / 99,975 = 5.00 % of alternatives against a target of 0 % and a band 0 wide.
    h = household(
        tmp_path,
        IRA,
        targets="{us_large_cap: 50, ig_bonds: 50, alternatives: 0}",
        prices=PRICES,
    )
    from trimtab.analysis.drift import drift_table

    rows = {r.asset_class: r for r in drift_table(h).rows}
    alternatives = rows[AssetClass.ALTERNATIVES]
    assert (alternatives.width, alternatives.low_pct, alternatives.high_pct) == (0, 0, 0)
    assert alternatives.outside


def test_a_class_without_a_target_is_still_left_alone(tmp_path: Path) -> None:
    # no `alternatives` key at all: VNQ is neither sold nor bought (as before)
    h = household(tmp_path, IRA, prices=PRICES)
    assert not any(t.symbol == "VNQ" for t in planned(h).plan.trades)


TAXABLE_AND_IRA = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - {symbol: IVV, lots: [{id: L1, acquired: 2020-01-06, quantity: 95, cost: 30000}]}
      - {symbol: VNQ, lots: [{id: V1, acquired: 2024-03-01, quantity: 50, cost: 6000}]}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: BND, quantity: 633}
      - {symbol: VNQ, quantity: 10}
transactions:
  - {date: 2026-11-18, account: ira, action: buy, symbol: VNQ, quantity: 10, price: 100}
"""


def test_liquidation_never_forces_a_washed_loss_sale(tmp_path: Path) -> None:
    # VNQ V1 in the brokerage: 50 × 100 = 5,000 for a cost of 6,000, a $1,000 loss. The IRA
    # bought 10 VNQ on 2026-11-18, 6 days before as_of (2026-11-24): a sale of V1 now would be
    # washed (IRC §1091; into an IRA the loss is lost for good, Rev. Rul. 2008-5). With
    # liquidate_untargeted the plan sells the IRA's 10 VNQ (no tax, no loss) and keeps V1,
    # with a warning naming the purchase; before, the forced sale of V1 ended in exit 70
    # ("invariant no_wash_sale violated").
    h = household(
        tmp_path,
        TAXABLE_AND_IRA,
        prices=PRICES,
        settings="{liquidate_untargeted: on}",
    )
    report = planned(h)
    vnq = [(t.account, t.action, t.quantity) for t in report.plan.trades if t.symbol == "VNQ"]
    assert vnq == [("ira", TradeAction.SELL, Decimal(10))]
    notes = [w.message for w in report.plan.warnings if "VNQ V1" in w.message]
    assert notes and "washed by VNQ transaction" in notes[0]
