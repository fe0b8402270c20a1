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
    # sell IAU and put the proceeds elsewhere, as far as the drift guard allows (issue 21
    # item 3; the arithmetic is in tests/optimize/test_plan_harvest_partners.py): 29 IAU sold,
    # 2 IVV bought. (Before the guard: 50 IAU, to alternatives' band edge, into 21 BND.) The
    # sale's reason is harvest: a class on its target sold at a loss, which rebalancing would
    # not sell (it said "rebalance").
    assert [(t.account, t.action, t.symbol, t.quantity, t.reason) for t in trades] == [
        ("brokerage", TradeAction.SELL, "IAU", Decimal(29), TradeReason.HARVEST),
        ("brokerage", TradeAction.BUY, "IVV", Decimal(2), TradeReason.REBALANCE),
    ]
    # IAU: proceeds 1,450 × 0.9998 = 1,449.71; cost 29 × 60 = 1,740: a loss of 290.29,
    # deducted from ordinary income at 22 %: −63.8638
    (lot,) = trades[0].lots
    assert (lot.lot_id, lot.gain) == ("H", Decimal("-290.29"))
    assert report.whatif.marginal.capital_loss_deduction == Decimal("290.29")
    assert report.whatif.marginal.total == Decimal("-63.8638")
    # after: alternatives 171 × 50 = 8,550 / 99,999.51 = 8.55 %, inside 7.5–12.5
    after = {row.asset_class.value: row for row in report.drift_after.rows}
    assert round(after["alternatives"].current_pct, 2) == Decimal("8.55")
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
