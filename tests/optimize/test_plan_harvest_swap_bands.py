"""A class the cross-account swap kept inside its band (issue 20 item 8, optimize/plan.py).

Harvest replacements stay in the sub-asset: a plan that harvests IAU (gold) and buys SCHH (a
REIT fund) in another account is planned again without those buys (test_plan_harvest_swap_
accounts.py). When that re-plan leaves a class outside its band that the swap kept inside, the
plan keeps the harvested lots and may buy the funds instead; when it cannot, the class ends
outside with a `harvest_swap_held` warning saying how far and why.

Household (tests/helpers/plan_households.py: 2026, single, 90,000 of ordinary income, 22 %):
a brokerage with 200 IAU bought 2025-03-03 for $12,000, at $50 now (a $2,000 long-term loss,
worth harvesting); an IRA with 90 IVV ($500) and 600 BND ($75) whose buy menu is IVV, BND and
SCHH ($25): V = 10,000 + 45,000 + 45,000 = 100,000. Bands ± 5 points; a class outside is
brought back to half its band (± 2.5). ETF sales and buys pay a 2 bp half-spread.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.explain.plan import PlanReport
from trimtab.model import TradeAction
from trimtab.model.enums import TradeReason

PRICES = "{IVV: 500, BND: 75, IAU: 50, GLDM: 50, VNQ: 50, SCHH: 25}"
ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IAU
        lots: [{id: H, acquired: 2025-03-03, quantity: 200, cost: 12000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    buy_menu: [IVV, BND, SCHH]
    holdings: [{symbol: IVV, quantity: 90}, {symbol: BND, quantity: 600}]
"""


def _trades(report: PlanReport) -> list[tuple[str, TradeAction, str, Decimal, TradeReason]]:
    return [(t.account, t.action, t.symbol, t.quantity, t.reason) for t in report.plan.trades]


def test_the_harvest_is_given_up_when_only_the_swap_keeps_the_band(tmp_path: Path) -> None:
    # Targets 35 / 45 / 20: large cap 45 % (over 40), alternatives 10 % (under 15). The first
    # solve harvests IAU's 200 shares and buys 700 SCHH in the IRA against 36 IVV (19 IVV
    # bought back in the brokerage): gold swapped for real estate through two accounts. The
    # re-plan without SCHH or VNQ (before this change, the plan) sold 13 IVV, bought 67 BND
    # and left alternatives 5.00 points under its band ("no restriction, lockup, menu or
    # wash-sale rule of the household holds it there"). Keeping IAU and buying SCHH in the
    # IRA brings both back: large cap to 37.5 % less a share, 45,000 − 16 × 500 = 37,000;
    # alternatives to 17.5 %, 10,000 + 300 × 25 = 17,500. Cash: 16 × 500 × 0.9998 = 7,998.40
    # − 300 × 25 × 1.0002 = 7,501.50 leaves 496.90. No sale in a taxable account: no tax.
    report = planned(
        household(
            tmp_path,
            ACCOUNTS,
            targets="{us_large_cap: 35, ig_bonds: 45, alternatives: 20}",
            prices=PRICES,
        )
    )
    assert _trades(report) == [
        ("ira", TradeAction.SELL, "IVV", Decimal(16), TradeReason.REBALANCE),
        ("ira", TradeAction.BUY, "SCHH", Decimal(300), TradeReason.REBALANCE),
    ]
    assert report.whatif.marginal.total == 0
    assert not any(r.outside for r in report.drift_after.rows)
    assert not report.plan.warnings


def test_a_class_the_swap_kept_inside_is_named_with_the_rule(tmp_path: Path) -> None:
    # Targets 45 / 45 / 10, every class on target, and $5,000 to withdraw from the brokerage:
    # it holds only IAU, so IAU must be sold, at a loss. The first solve sold all 200 IAU
    # and bought 286 SCHH in the IRA (96 BND sold there, 55 bought in the brokerage): a swap.
    # Without it no fund of the class can be bought (IAU and GLDM are off the IRA's menu and
    # the brokerage's cash goes out), and keeping IAU leaves the withdrawal unpaid: the plan
    # sells what the withdrawal needs, 101 IAU (100 × 50 × 0.9998 = 4,999.00 is short):
    # 5,048.99, a loss of 6,060 − 5,048.99 = 1,011.01, −222.42 at 22 %.
    # After: V = 95,000; alternatives 99 × 50 = 4,950, its band's low edge 7.5 % = 7,125:
    # 2,175.00 under, 2,175 / 95,000 = 2.29 points.
    report = planned(
        household(
            tmp_path,
            ACCOUNTS,
            targets="{us_large_cap: 45, ig_bonds: 45, alternatives: 10}",
            prices=PRICES,
            extra="cash_flows:\n  - {account: brokerage, kind: withdrawal, amount: 5000}\n",
        )
    )
    assert _trades(report) == [
        ("brokerage", TradeAction.SELL, "IAU", Decimal(101), TradeReason.CASH_FLOW),
    ]
    (lot,) = report.plan.trades[0].lots
    assert (lot.lot_id, lot.gain) == ("H", Decimal("-1011.0100"))
    assert report.whatif.marginal.total == Decimal("-222.422200")
    (held,) = [w for w in report.plan.warnings if w.kind == "harvest_swap_held"]
    assert held.field == "targets.alternatives"
    assert held.message == (
        "Alternatives ends 2.29 points under its band, $2,175.00 beyond its edge: the plan "
        "that kept it inside harvested IAU and bought SCHH in ira, a fund of another "
        "sub-asset, and a harvest's replacement stays in the sub-asset of what it replaces "
        "(docs/harvesting.md); without that swap nothing else brings it back, and the plan "
        "cannot keep the harvested lots instead"
    )
    # the class-left-outside warning names the rule as its cause (2,174.92: the drift after
    # divides by V less the sale's 1.01 of half-spread)
    (outside,) = [w for w in report.plan.warnings if w.kind == "class_left_outside"]
    assert outside.message.endswith(
        "$2,174.92 beyond its edge: a harvest's replacement stays in its sub-asset (see the "
        "harvest_swap_held warning)"
    )
