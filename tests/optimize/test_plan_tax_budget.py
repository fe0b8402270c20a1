"""A `tax_budget` of kind `tax` bounds the plan's net tax: losses sold offset its gains
(issue 20, item 7); a budget that stops the plan short names the classes left outside.

The household (2026, single, $90,000 of ordinary taxable income: long-term gains at 15 %, no
state tax): a brokerage holds IVV in two long-term lots, G1 90 shares bought for $400 (a
$100 gain a share at $500) and G2 10 shares bought for $600 (a $100 loss a share); an IRA
holds BND 400 × $75 = $30,000 and AGG 200 × $100 = $20,000. Total $100,000, large cap
100 × 500 = $50,000 = 50 % against a target of 30 % (band 25–35 %, the 5/25 rule).

With `tax_budget: {kind: tax, amount: 0}` the plan's net tax must be ≤ $0: selling all of G2
saves 10 × 100 × 15 % = $150, so G1 may be sold as far as it owes no more than that:
n × 100 × 15 % ≤ 150, n ≤ 10. The plan sells G2 10 and G1 10: net long-term gain
(10 × 100 − 10 × 100, less the half-spread of the sales) ≤ 0, so no tax. Before, the row
counted only the gains' tax (a loss lot's tax was 0, not −$15 a share), so G1 could not be
sold at all.

After it, large cap is 80 × 500 = $40,000 of about $100,000: 40 %, 5 points over its band;
the budget is used up (net tax $0), so a warning names large cap with its points and dollars.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.model.enums import TradeAction

ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: G1, acquired: 2020-01-06, quantity: 90, cost: 36000}
          - {id: G2, acquired: 2024-06-03, quantity: 10, cost: 6000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: BND, quantity: 400}
      - {symbol: AGG, quantity: 200}
"""
TARGETS = "{us_large_cap: 30, ig_bonds: 70}"


def _sold_lots(tmp_path: Path, settings: str) -> tuple[dict[str, Decimal], list[str]]:
    report = planned(household(tmp_path, ACCOUNTS, targets=TARGETS, settings=settings))
    lots: dict[str, Decimal] = {}
    for t in report.plan.trades:
        if t.action is TradeAction.SELL and t.symbol == "IVV":
            for sale in t.lots:
                lots[sale.lot_id] = lots.get(sale.lot_id, Decimal(0)) + sale.quantity
    return lots, [w.message for w in report.plan.warnings if w.kind == "tax_budget_binding"]


def test_a_tax_budget_nets_the_losses_sold_against_the_gains(tmp_path: Path) -> None:
    lots, notes = _sold_lots(tmp_path, "{tax_budget: {kind: tax, amount: 0}}")
    assert lots == {"G1": Decimal(10), "G2": Decimal(10)}
    # large cap 40,000 of ~100,000 after: 40.0 %, about 5 points and $5,000 over 35 %
    assert len(notes) == 1
    assert "US Large Cap Equity 5.0" in notes[0]
    assert "net tax of at most $0.00" in notes[0]


def test_without_the_budget_the_plan_sells_more_and_warns_of_nothing(tmp_path: Path) -> None:
    # the same household without a budget: the plan sells G2 and as much of G1 as the band
    # asks (more than 10 shares), and no budget warning
    lots, notes = _sold_lots(tmp_path, "{}")
    assert lots["G2"] == 10 and lots["G1"] > 10
    assert notes == []
