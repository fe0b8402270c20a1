"""A replacement lot sold the same day as the loss sale it washes sells its unwashed shares.

Rule (IRC §1091(a),(d); Reg. §1.1091-1(c); Reg. §1.1012-1(c)): a loss is washed only for as
many sold shares as there are replacement shares, and shares of the replacement sold by the
loss sale's day replace nothing (:func:`trimtab.tax.wash.match.held_after`). So the disallowed
loss goes to the replacement shares that stay, and a sale of the replacement lot named by its
id (a plan names it so) takes the lot's unwashed rest first (:func:`trimtab.tax.realize.
_parts_named`): which shares of a lot are sold is the taxpayer's identification, and this one
agrees with the matching. The optimizer prices the same shares (issue 20: the model's tax for
its plan is the exact figure; the tax engine used to sell the washed part first).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.load.trades import read_trades
from trimtab.tax.whatif import what_if

HOUSEHOLD = """\
format: trimtab.household/1
name: Same-day replacement
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners:
  - {id: pat}
targets:
  us_large_cap: 100
prices: {VTI: 250}
accounts:
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: VTI
        lots:
          - {id: L, acquired: 2024-01-10, quantity: 10, cost: 3000}
          - {id: R, acquired: 2026-11-10, quantity: 10, cost: 2400}
"""

TRADES = """\
format: trimtab.trades/1
trades:
  - {id: S1, date: 2026-11-24, account: brokerage, action: sell, symbol: VTI, quantity: 10,
     amount: 2500.00, lots: [L]}
  - {id: S2, date: 2026-11-24, account: brokerage, action: sell, symbol: VTI, quantity: 4,
     amount: 1000.00, lots: [R]}
"""


def test_the_replacement_sold_the_same_day_sells_its_unwashed_rest(tmp_path: Path) -> None:
    # S1 sells L (10 at 250, cost 300 a share): 2,500 − 3,000 = −500.00, long-term.
    # R (10 shares bought 14 days before) replaces; S2 sells 4 of them the same day, so 6
    # are held after the sale and replace 6 of the 10 sold shares: 6/10 × 500 = 300.00 is
    # disallowed, −200.00 deducted. R splits into R.S1/L (the 6 washed shares: 6 × 240 + 300 =
    # 1,740.00, holding period tacked, long-term) and R.rest (the 4 others: 960.00, from
    # 2026-11-10). S2's 4 shares are R.rest: 1,000 − 960 = +40.00 short-term.
    # Before: S2 sold 4 of R.S1/L's 6 shares (1,740 × 4/6 = 1,160.00): −160.00 long-term, a loss
    # on shares the matching says replaced nothing (the year −360 long, 0 short).
    (tmp_path / "h.yaml").write_text(HOUSEHOLD)
    (tmp_path / "t.yaml").write_text(TRADES)
    h = load_household(tmp_path / "h.yaml")
    trades, problems = read_trades(tmp_path / "t.yaml", as_of=h.as_of)
    assert trades is not None, problems
    result = what_if(h, trades)
    rows = {(r.trade, r.lot_id): r for r in result.realization.realized}
    s1, s2 = rows["S1", "L"], rows["S2", "R.rest"]
    assert set(rows) == {("S1", "L"), ("S2", "R.rest")}
    assert s1.gain == Decimal("-500.00")
    wash = result.wash_of(s1)
    assert wash is not None and wash.disallowed == Decimal("300.00")
    assert [(u.acquisition.lot_id, u.quantity) for u in wash.replacements] == [("R", 6)]
    assert (s2.quantity, s2.cost, s2.gain, s2.long_term) == (4, Decimal(960), Decimal(40), False)
    assert result.estimate.net_short_term == Decimal("40.00")
    assert result.estimate.net_long_term == Decimal("-200.00")
    (kept,) = result.lots_after
    assert (kept.lot.lot_id, kept.lot.quantity, kept.lot.cost) == ("R.S1/L", 6, Decimal("1740.00"))
