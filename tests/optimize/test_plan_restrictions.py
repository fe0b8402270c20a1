"""Restrictions the plan obeys: municipal funds stay out of IRAs, lockups, held-away accounts,
a concentrated position's yearly cap."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.model import TradeAction

MUNI_PRICES = "{IVV: 500, VTEB: 50}"


def test_municipal_bonds_are_not_bought_in_an_ira(tmp_path: Path) -> None:
    # Bonds underweight (IVV 100 × 500 = 50,000 vs nothing in bonds); the only bond fund priced
    # is VTEB, a municipal fund: the IRA may not buy it, the taxable account may.
    accounts = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 100}]
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 40000
"""
    report = planned(household(tmp_path, accounts, prices=MUNI_PRICES))
    buys = {(t.account, t.symbol) for t in report.plan.trades if t.action is TradeAction.BUY}
    assert ("brokerage", "VTEB") in buys and ("ira", "VTEB") not in buys
    allowed = planned(
        household(
            tmp_path, accounts, prices=MUNI_PRICES, settings="{allow_municipal_in_sheltered: on}"
        )
    )
    assert any(t.account == "ira" and t.symbol == "VTEB" for t in allowed.plan.trades)


LOCKED = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{id: L1, acquired: 2020-01-06, quantity: 200, cost: 60000}]
  - id: held-away
    type: traditional_ira
    owners: [pat]
    tradable: false
    holdings: [{symbol: IVV, quantity: 100}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 800}]
"""


def test_lockup_and_held_away_account_leave_nothing_to_sell(tmp_path: Path) -> None:
    # Large cap 150,000 of 210,000 (71 %) is far over its 50 % target, but the only IVV that
    # could be sold is locked up until 2027-03-01 and the rest is held away: no sale of IVV,
    # and the plan cannot reach the band (a deviation, not a forbidden trade).
    extra = "restrictions:\n  - {symbol: IVV, no_sell_until: 2027-03-01, reason: lockup}\n"
    report = planned(household(tmp_path, LOCKED, extra=extra))
    assert not any(t.symbol == "IVV" and t.action is TradeAction.SELL for t in report.plan.trades)
    assert not any(t.account == "held-away" for t in report.plan.trades)


def test_a_concentrated_position_sells_at_most_its_yearly_cap(tmp_path: Path) -> None:
    # Same household without the lockup: the plan wants to sell IVV, but at most $20,000 a
    # year, less the $5,000 sold on 2026-06-01: 15,000 / 500 = 30 shares at most.
    extra = (
        "restrictions:\n  - {symbol: IVV, max_sell_per_year: 20000}\n"
        "transactions:\n  - {date: 2026-06-01, account: brokerage, action: sell, "
        "symbol: IVV, quantity: 10, price: 500, cost: 3000, acquired: 2020-01-06}\n"
    )
    report = planned(household(tmp_path, LOCKED, extra=extra))
    sold = sum(
        t.quantity for t in report.plan.trades if t.symbol == "IVV" and t.action is TradeAction.SELL
    )
    assert sold == Decimal(30)


def test_untargeted_classes_are_sold_only_with_liquidate_untargeted(tmp_path: Path) -> None:
    # VNQ (alternatives) has no target: 50 × 100 = 5,000 of 100,000 is outside its band (target
    # 0, width min_width 1 point); by default it is never sold, with the setting it is
    # liquidated: all 50 shares.
    accounts = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: IVV, quantity: 95}
      - {symbol: BND, quantity: 633}
      - {symbol: VNQ, quantity: 50}
"""
    prices = "{IVV: 500, BND: 75, VNQ: 100}"
    kept = plan_household_checked(tmp_path, accounts, prices, "{}")
    assert not any(t.symbol == "VNQ" for t in kept.plan.trades)
    sold = plan_household_checked(tmp_path, accounts, prices, "{liquidate_untargeted: on}")
    assert [(t.action, t.quantity) for t in sold.plan.trades if t.symbol == "VNQ"] == [
        (TradeAction.SELL, Decimal(50))
    ]


def plan_household_checked(  # type: ignore[no-untyped-def]
    tmp_path: Path, accounts: str, prices: str, settings: str
):
    return planned(household(tmp_path, accounts, prices=prices, settings=settings))
