"""A harvest is not replaced by another sub-asset through a second account (issue 20, item 8).

Household (tests/optimize/test_plan_harvest_partners.py): a brokerage with 200 IAU (gold)
bought 2025-03-03 for $12,000, at $50: a $2,000 long-term loss worth harvesting; an IRA with
90 IVV and 600 BND; targets 45/45/10, every class on target. Before the household-level rule
(optimize/plan.py, optimize/replacement.swapped_across) the plan sold all 200 IAU in the
brokerage and bought 301 SCHH (a REIT fund) in the IRA against 101 BND moved back to the
brokerage: gold swapped for real estate through two accounts.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.harvest_households import ACCOUNTS, PRICES, TARGETS
from helpers.plan_households import household, planned
from trimtab.model import TradeAction
from trimtab.model.enums import TradeReason


def test_a_gold_loss_is_not_replaced_by_a_reit_fund_in_the_ira(tmp_path: Path) -> None:
    report = planned(
        household(tmp_path, ACCOUNTS.format(symbol="IAU"), targets=TARGETS, prices=PRICES)
    )
    trades = report.plan.trades
    # The first solve harvests IAU and buys SCHH in the IRA: SCHH is of IAU's class
    # (alternatives), not IAU, not substantially identical to it, not a partner (gold has
    # none), so the plan is solved once more without any non-partner alternatives fund (SCHH,
    # VNQ) in any account. GLDM is substantially identical to IAU (wash guard). What is left:
    # sell as much IAU as keeps alternatives at its band's low edge and put the proceeds in
    # bonds. V = 100,000; 7.5 % of it = 7,500 = 150 IAU: sell 50 (2,500.00).
    assert [(t.account, t.action, t.symbol, t.quantity, t.reason) for t in trades] == [
        ("brokerage", TradeAction.SELL, "IAU", Decimal(50), TradeReason.REBALANCE),
        ("brokerage", TradeAction.BUY, "BND", Decimal(21), TradeReason.REBALANCE),
    ]
    # IAU: proceeds 2,500 × 0.9998 = 2,499.50; cost 50 × 60 = 3,000: a loss of 500.50,
    # deducted from ordinary income at 22 %: −110.11
    (lot,) = trades[0].lots
    assert (lot.lot_id, lot.gain) == ("H", Decimal("-500.50"))
    assert report.whatif.marginal.capital_loss_deduction == Decimal("500.50")
    assert report.whatif.marginal.total == Decimal("-110.11")
    # after: alternatives 150 × 50 = 7,500 / (100,000 − 0.50 − 0.315) = 7.50006 %, inside
    # 7.5–12.5; bonds (600 + 21) × 75 = 46,575: 46.58 %; 924.19 cash left in the brokerage
    after = {row.asset_class.value: row for row in report.drift_after.rows}
    assert Decimal("7.5") <= after["alternatives"].current_pct < Decimal("7.501")
    assert not any(r.outside for r in report.drift_after.rows)
    assert not any(t.symbol in ("SCHH", "VNQ") for t in trades)


def test_the_replacement_says_which_rule_chose_it(tmp_path: Path) -> None:
    # VNQ has no harvest_partners in the master: SCHH is derived, the same class
    # (alternatives) and tag (reit) on another index
    report = planned(
        household(tmp_path, ACCOUNTS.format(symbol="VNQ"), targets=TARGETS, prices=PRICES)
    )
    buy = next(t for t in report.plan.trades if t.action is TradeAction.BUY)
    assert (buy.symbol, buy.reason) == ("SCHH", TradeReason.REPLACEMENT)
    assert (
        "to keep the allocation after a harvest (a derived partner: the same class and tags"
        " (reit) on another index, Dow Jones Equity All REIT Capped Index):" in buy.rationale
    )
