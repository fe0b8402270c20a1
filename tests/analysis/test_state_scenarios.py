"""Current state scenarios: value, cost, unrealized gain and term, worked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from trimtab import load_household
from trimtab.analysis.state import household_state

HOUSEHOLD = """\
format: trimtab.household/1
name: State scenario
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners: [{id: pat}]
targets: {us_large_cap: 60, ig_bonds: 40}
prices: {IVV: 600, BND: 70}
accounts:
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 500
    holdings:
      - symbol: IVV
        lots:
          - {id: P1, acquired: 2020-01-02, quantity: 10, cost: 3000}
          - {id: P2, acquired: 2026-06-01, quantity: 5, cost: 3250}
          - {id: INH, acquired: 2026-10-01, quantity: 2, cost: 1100, origin: inheritance}
          - {id: G1, acquired: 2026-05-01, quantity: 4, cost: 1600, origin: gift,
             donor_acquired: 2019-01-10, fmv_at_gift: 2200}
          - {id: G2, acquired: 2026-05-01, quantity: 4, cost: 3000, origin: gift,
             donor_acquired: 2019-01-10, fmv_at_gift: 2600}
          - {id: G3, acquired: 2026-05-01, quantity: 1, cost: 700, origin: gift,
             donor_acquired: 2019-01-10, fmv_at_gift: 500}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 100}]
  - id: kid
    type: taxable
    owners: [pat]
    separate_taxpayer: true
    holdings:
      - symbol: IVV
        lots: [{id: K1, acquired: 2018-01-02, quantity: 1, cost: 100}]
"""


@pytest.fixture
def state(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "h.yaml"
    path.write_text(HOUSEHOLD)
    return household_state(load_household(path))


def _lot(state, lot_id):  # type: ignore[no-untyped-def]
    for a in state.accounts:
        for h in a.holdings:
            for lot in h.lots:
                if lot.lot_id == lot_id:
                    return lot
    raise KeyError(lot_id)


def test_purchase_lots(state) -> None:  # type: ignore[no-untyped-def]
    p1 = _lot(state, "P1")
    # 10 × 600 = 6,000 − 3,000 = 3,000 gain; held since 2020: long-term
    assert (p1.market_value, p1.unrealized_gain, p1.long_term) == (6000, 3000, True)
    p2 = _lot(state, "P2")
    # 5 × 600 = 3,000 − 3,250 = −250; bought 2026-06-01, long-term from 2027-06-02:
    # 2026-11-24 → 2027-06-02 is 6 (Nov 24→30) + 31 + 31 + 28 + 31 + 30 + 31 + 2 = 190 days
    assert (p2.unrealized_gain, p2.long_term, p2.days_to_long_term) == (-250, False, 190)


def test_inherited_lot_is_long_term_at_once(state) -> None:  # type: ignore[no-untyped-def]
    inh = _lot(state, "INH")
    # 2 × 600 = 1,200 − 1,100 value at death = 100, long-term whatever the dates (§1223(9))
    assert (inh.unrealized_gain, inh.long_term, inh.days_to_long_term) == (100, True, 0)


def test_gift_dual_basis(state) -> None:  # type: ignore[no-untyped-def]
    g1 = _lot(state, "G1")
    # FMV 2,200 ≥ donor basis 1,600: one basis. 4 × 600 = 2,400 − 1,600 = 800 gain,
    # long-term from the donor's 2019 date
    assert (g1.unrealized_gain, g1.long_term, str(g1.holding_period_start)) == (
        800,
        True,
        "2019-01-10",
    )
    g2 = _lot(state, "G2")
    # donor basis 3,000 > FMV 2,600 > value 2,400: loss from the FMV: 2,400 − 2,600 = −200,
    # holding period from the gift (2026-05-01): short-term
    assert (g2.unrealized_gain, g2.long_term, str(g2.holding_period_start)) == (
        -200,
        False,
        "2026-05-01",
    )
    g3 = _lot(state, "G3")
    # donor basis 700 > value 600 > FMV 500: between the two, neither gain nor loss
    assert g3.unrealized_gain == 0


def test_holding_account_and_household_totals(state) -> None:  # type: ignore[no-untyped-def]
    brokerage, ira, kid = state.accounts
    ivv = brokerage.holdings[0]
    # 26 shares × 600 = 15,600; cost 3,000+3,250+1,100+1,600+3,000+700 = 12,650
    assert (ivv.quantity, ivv.market_value, ivv.cost) == (26, 15600, 12650)
    # short: P2 −250 + G2 −200 = −450; long: P1 3,000 + INH 100 + G1 800 + G3 0 = 3,900
    assert (ivv.unrealized_short, ivv.unrealized_long) == (-450, 3900)
    assert brokerage.total_value == Decimal(16100)  # 15,600 + 500 cash
    # the IRA position has no lots: cost and gain unknown, value 100 × 70
    assert (ira.holdings[0].cost, ira.holdings[0].unrealized_gain) == (None, None)
    assert ira.total_value == 7000
    # household value counts every account: 16,100 + 7,000 + 600 = 23,700
    assert state.total_value == 23700
    # household gains count only taxable accounts of this return (the kid's +500 is not)
    assert (state.unrealized_short, state.unrealized_long) == (-450, 3900)
    assert kid.unrealized_long == 500 and not kid.gains_taxed_here


@pytest.mark.parametrize(
    ("acquired", "long_term", "days"),
    [
        ("2025-11-24", False, 1),  # the anniversary itself: 365 days held, still short-term
        ("2025-11-23", True, 0),  # 366 days: long-term
        ("2025-11-30", False, 7),  # month end: anniversary 2026-11-30, long-term 12-01 (7 days)
        ("2024-02-29", True, 0),  # leap day: anniversary 2025-02-28, long-term long ago
        ("2025-11-25", False, 2),  # 364 days: long-term from 2026-11-26
    ],
)
def test_term_at_the_one_year_edge(
    tmp_path: Path, acquired: str, long_term: bool, days: int
) -> None:
    text = HOUSEHOLD.replace("acquired: 2020-01-02", f"acquired: {acquired}")
    path = tmp_path / "h.yaml"
    path.write_text(text)
    lot = _lot(household_state(load_household(path)), "P1")
    assert (lot.long_term, lot.days_to_long_term) == (long_term, days)


def test_leap_day_lot_turns_long_term_after_february_28(tmp_path: Path) -> None:
    # bought 2025-02-28 (a month end) as of 2026-02-28: the anniversary itself, short-term;
    # long-term from 2026-03-01
    text = (
        HOUSEHOLD.replace("as_of: 2026-11-24", "as_of: 2026-02-28")
        .replace("acquired: 2020-01-02", "acquired: 2025-02-28")
        .replace("acquired: 2026-06-01", "acquired: 2025-06-01")
        .replace("acquired: 2026-10-01", "acquired: 2025-10-01")
        .replace("acquired: 2026-05-01", "acquired: 2025-05-01")
    )
    path = tmp_path / "h.yaml"
    path.write_text(text)
    lot = _lot(household_state(load_household(path)), "P1")
    assert (lot.long_term, lot.days_to_long_term) == (False, 1)
