"""Breakeven: the yearly benefit of less drift against the rebalance's tax and costs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.analysis.breakeven import drift_cost
from trimtab.analysis.drift import drift_table
from trimtab.model import TradeAction
from trimtab.rules.markets import load_markets

IRA_ONLY = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 140}, {symbol: BND, quantity: 400}]
"""


def test_the_cost_of_drift_by_hand(tmp_path: Path) -> None:
    # IVV 140 × 500 = 70,000 and BND 30,000: d = +0.20 large cap, −0.20 bonds; V = 100,000,
    # γ = 3; σ_large 0.157, σ_bonds 0.049, ρ 0.11:
    # dᵀΣd = 0.04 × 0.024649 + 0.04 × 0.002401 − 2 × 0.04 × 0.11 × 0.157 × 0.049
    #      = 0.00098596 + 0.00009604 − 0.0000676984 = 0.0010143016
    # cost = ½ × 3 × 100,000 × 0.0010143016 = $152.14524 a year
    h = household(tmp_path, IRA_ONLY)
    assert drift_cost(drift_table(h), load_markets(), Decimal(3)) == Decimal("152.14524")


TAXABLE = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{{id: T, acquired: 2015-01-05, quantity: {ivv}, cost: {cost}}}]
      - symbol: BND
        lots: [{{id: B, acquired: 2020-01-06, quantity: 400, cost: 30000}}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: 10}}, {{symbol: BND, quantity: 67}}]
"""


def test_a_small_drift_is_not_worth_its_tax_in_the_taxable_account(tmp_path: Path) -> None:
    # Large cap 56 % (just outside its band): bringing it back needs taxable sales of a lot
    # with a 90 % gain. The benefit is a few dollars a year; with a 1-year horizon the tax is
    # not paid back, so the taxable account does not sell; the IRA (no tax) still trades.
    # (With the horizon off, `breakeven_horizon_years: 0`, the taxable account sells.)
    text = TAXABLE.format(ivv=110, cost=5500)
    free = planned(household(tmp_path, text, settings="{breakeven_horizon_years: 0}"))
    assert any(t.account == "brokerage" and t.action is TradeAction.SELL for t in free.plan.trades)
    capped = planned(household(tmp_path, text, settings="{breakeven_horizon_years: 1}"))
    assert not any(
        t.account == "brokerage" and t.action is TradeAction.SELL for t in capped.plan.trades
    )
    assert any(t.account == "ira" for t in capped.plan.trades)
    b = capped.breakeven
    assert b.horizon_years == 1 and b.tax_and_costs <= b.annual_benefit


def test_a_large_drift_pays_for_its_tax(tmp_path: Path) -> None:
    # Large cap far overweight (IVV 400 in the taxable account): the benefit of rebalancing
    # exceeds the tax within a 10-year horizon, so the taxable account sells.
    text = TAXABLE.format(ivv=400, cost=150000)
    report = planned(household(tmp_path, text, settings="{breakeven_horizon_years: 10}"))
    assert any(
        t.account == "brokerage" and t.action is TradeAction.SELL for t in report.plan.trades
    )
    b = report.breakeven
    assert b.payback_years is not None and b.payback_years <= 10


def test_the_breakeven_block_of_an_ira_rebalance(tmp_path: Path) -> None:
    # Before: $152.14524 a year (above). The plan trades only in the IRA, so its tax is 0 and
    # tax_and_costs is the spread alone: 2 bps on each side of the trades. The benefit is the
    # before cost less the after cost, and the payback is costs ÷ benefit.
    report = planned(household(tmp_path, IRA_ONLY, settings="{breakeven_horizon_years: 10}"))
    b = report.breakeven
    markets, gamma = load_markets(), Decimal(3)
    costs = sum(t.transaction_cost for t in report.plan.trades)
    assert b.tax_and_costs == costs and report.whatif.marginal.total == 0
    assert drift_cost(report.drift_before, markets, gamma) == Decimal("152.14524")
    assert b.annual_benefit == Decimal("152.14524") - drift_cost(report.drift_after, markets, gamma)
    assert b.payback_years == costs / b.annual_benefit
    assert b.horizon_years == 10
