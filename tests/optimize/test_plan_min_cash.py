"""An unreachable `min_cash` (issue 31, item 8).

Household (2026, single): a taxable brokerage with $2,000 of cash and IVV lot L1, 16 shares
bought in 2020 for $4,000, worth 16 × 500 = $8,000 (a $4,000 long-term gain), and
`min_cash: 50000`; an IRA with BND 1,200 × 75 = $90,000. Total $100,000: large cap 8 % of a
20 % target (band 15–25 %, the 5/25 rule) is outside, so the plan runs: the IRA sells BND and
buys large cap.

$50,000 of cash is more than the brokerage holds in all ($10,000): selling every share would
not meet it. Before, the min-cash shortfall (10 a dollar in the objective) made the plan sell
all 16 IVV, realizing the $4,000 gain, without a word. Now the plan sells nothing for it and
says so.
"""

from __future__ import annotations

from pathlib import Path

from helpers.plan_households import household, planned

ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 2000
    min_cash: 50000
    holdings:
      - symbol: IVV
        lots: [{id: L1, acquired: 2020-01-06, quantity: 16, cost: 4000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 1200}]
"""
TARGETS = "{us_large_cap: 20, ig_bonds: 78, cash: 2}"


def test_an_unreachable_min_cash_sells_nothing_and_says_so(tmp_path: Path) -> None:
    report = planned(household(tmp_path, ACCOUNTS, targets=TARGETS))
    assert not any(t.account == "brokerage" for t in report.plan.trades)
    notes = [w for w in report.plan.warnings if w.kind == "min_cash_unreachable"]
    assert len(notes) == 1
    assert notes[0].field == "accounts[brokerage].min_cash"
    # the whole brokerage after its (no) flows: 2,000 of cash + 8,000 of IVV = 10,000
    assert "min_cash of $50,000.00 in brokerage" in notes[0].message
    assert "($10,000.00)" in notes[0].message
    assert notes[0].source.line > 0


def test_a_reachable_min_cash_still_raises_cash(tmp_path: Path) -> None:
    # min_cash 5,000 is within the account: the plan sells IVV to raise the missing 3,000:
    # 3,000 / (500 × 0.9998) = 6.001 shares, rounded to the nearest whole share, 6 (nets
    # 2,999.40: min_cash is a soft target, and a seventh share would sell $500 to cover 60¢)
    text = ACCOUNTS.replace("min_cash: 50000", "min_cash: 5000")
    report = planned(household(tmp_path, text, targets=TARGETS))
    sold = [(t.symbol, t.quantity) for t in report.plan.trades if t.account == "brokerage"]
    assert sold == [("IVV", 6)]
    assert not any(w.kind == "min_cash_unreachable" for w in report.plan.warnings)
