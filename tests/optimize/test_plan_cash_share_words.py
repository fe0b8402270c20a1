"""Issue 21 item 5: a sale that raises cash and rebalances says how much does which.

Ana (born 1950-03-01) is 76 at the end of 2026: Uniform Lifetime Table divisor 23.7 (IRS Pub.
590-B, Table III). Her IRA was worth $600,000 on 2025-12-31: RMD 600,000 / 23.7 = $25,316.46.
Costs are the shipped half-spreads, 2 bp for VOO and BND.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import TradeReason
from trimtab.pipeline import plan_household

HOUSEHOLD = """\
format: trimtab.household/1
name: RMD and rebalance
as_of: 2026-11-24
tax: {{year: 2026, filing_status: single, ordinary_taxable_income: 90000}}
owners:
  - {{id: ana, birth_date: 1950-03-01}}
targets:
  us_large_cap: 40
  ig_bonds: 60
prices: {{VOO: 500, BND: 75}}
settings: {{location_weight: 0}}
accounts:
  - id: ira
    type: traditional_ira
    owners: [ana]
    cash: {cash}
    prior_year_end_value: 600000
    holdings:
      - {{symbol: VOO, quantity: {voo}}}
      - {{symbol: BND, quantity: 2000}}
"""


def _plan(tmp_path: Path, *, cash: int, voo: int) -> PlanReport:
    path = tmp_path / "h.yaml"
    path.write_text(HOUSEHOLD.format(cash=cash, voo=voo), encoding="utf-8")
    return plan_household(load_household(path))


def test_a_sale_for_the_rmd_that_also_rebalances_says_how_much_does_which(
    tmp_path: Path,
) -> None:
    report = _plan(tmp_path, cash=0, voo=800)
    # 800 VOO ($400,000) and 2,000 BND ($150,000): large cap 72.7 % against 40 ± 5. The plan
    # sells 355 VOO ($177,500.00, cost $35.50, net $177,464.50) and, cash going to work
    # (`invest_cash`, on by default), buys BND with all the rest but the RMD: 177,464.50 −
    # 25,316.46 = 152,148.04 buys 2,028 BND at $75.015 with the half-spread ($152,130.42),
    # $17.62 stays: less than a share. Bonds end below their 60 % target (302,100 of 524,6xx).
    sell, buy = report.plan.trades
    assert (sell.action.value, sell.symbol, sell.quantity, sell.reason) == (
        "sell",
        "VOO",
        Decimal(355),
        TradeReason.RMD,
    )
    assert (buy.symbol, buy.quantity) == ("BND", Decimal(2028))
    # $25,316.46 of the net pays the RMD (no cash in the IRA); 177,464.50 − 25,316.46 =
    # $152,148.04 rebalances. Before: "to raise the required minimum distribution: US Large…"
    assert sell.rationale.startswith(
        "Sell 355 VOO ($177,500.00) in ira (traditional_ira: no tax on trades inside it) — to "
        "raise the required minimum distribution with $25,316.46 of its net $177,464.50 (RMD "
        "$25,316.46, beyond the account's cash); the other $152,148.04 rebalances: US Large Cap "
        "Equity is +32.73 points"
    )


def test_a_sale_that_only_raises_the_rmd_says_nothing_more(tmp_path: Path) -> None:
    # At target (200 VOO $100,000 = 40 %, 2,000 BND $150,000 = 60 %) with no cash, the plan sells
    # only for the RMD of $25,316.46: all of its proceeds pay it.
    report = _plan(tmp_path, cash=0, voo=200)
    sells = [t for t in report.plan.trades if t.action.value == "sell"]
    assert sells and all(t.reason is TradeReason.RMD for t in sells)
    assert sum((t.amount - t.transaction_cost for t in sells), Decimal(0)) >= Decimal("25316.46")
    assert not any("rebalances" in t.rationale for t in sells)
