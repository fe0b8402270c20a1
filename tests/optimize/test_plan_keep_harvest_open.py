"""Keep future harvests open (issue 20, item 9).

Household (2026, single): a taxable account holds VEA lot H, 200 shares bought 2025-03-03 for
$12,000, at $50 now: a $2,000 loss (16.7 % of cost), worth harvesting, but the IRA bought one
VEA on 2026-11-16, 8 days ago, and reinvests VEA's dividends (no dates, no amount: a purchase
of unknown size inside any window, so every share sold today would be washed for good), so the
plan does not harvest it today. (With the one share alone, the plan would harvest H: only one
share's loss, $10.01, is washed, issue 20 item 3.) The IRA holds IVV 90 × 500 = 45,000,
BND 466 × 75 = 34,950, that VEA (50) and $10,000 of cash. Total 100,000: international
developed is 10,050 = 10.05 % against a target of 20 % (band 15–25 %), outside; the IRA's
cash buys it.

Two funds serve that buy: VTMGX (FTSE Developed All Cap ex US, the index VEA tracks, 0.05 %
a year) and IEFA (MSCI EAFE IMI, 0.07 %). The cheaper VTMGX is substantially identical to VEA:
bought in the IRA, it would wash VEA's loss for good if the household harvested it within 30
days. Between funds that equal within a few dollars, the plan buys the one that keeps the
harvest open: IEFA, 119 whole shares at $80 (9,520 of the cash; 120 would leave less than the
cash band). Before, it bought 237.5 VTMGX ($9,500).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.model import TradeAction

PRICES = "{IVV: 500, BND: 75, VEA: 50, VTMGX: 40, IEFA: 80}"
TARGETS = "{us_large_cap: 45, ig_bonds: 35, intl_developed: 20}"
ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: VEA
        lots: [{id: H, acquired: 2025-03-03, quantity: 200, cost: 12000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    cash: 10000
    holdings:
      - {symbol: IVV, quantity: 90}
      - {symbol: BND, quantity: 466}
      - {symbol: VEA, quantity: 1}
transactions:
  - {date: 2026-11-16, account: ira, action: buy, symbol: VEA, quantity: 1, price: 50}
recurring:
  - {account: ira, symbol: VEA, dividend_reinvestment: true}
"""


def test_the_buy_keeps_the_loss_lot_harvestable(tmp_path: Path) -> None:
    report = planned(
        household(
            tmp_path,
            ACCOUNTS,
            targets=TARGETS,
            prices=PRICES,
        )
    )
    assert [(t.account, t.action, t.symbol, t.quantity) for t in report.plan.trades] == [
        ("ira", TradeAction.BUY, "IEFA", Decimal(119))
    ]
