"""A replacement lot's washed parts are named by the lot and the sale, not by a count
(trimtab.tax.wash.adjust, docs/wash-sales.md), so two checks of one household show the same id
for the same part when other trades change.

Household (2026, single): VTI at $250; L1 10 shares bought for 3,000 and L2 10 for 2,800, both
held for years; R 30 shares bought 14 days ago for 7,200 (240 a share). S1 sells L1 (−500.00)
and S2 sells L2 (−300.00) today; R's shares replace them in the order of the sales (Reg.
§1.1091-1(c)): its first 10 S1's, its next 10 S2's; 10 are left.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.load.trades import read_trades
from trimtab.tax.whatif import what_if

HOUSEHOLD = """\
format: trimtab.household/1
name: Part ids
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
          - {id: L1, acquired: 2020-01-10, quantity: 10, cost: 3000}
          - {id: L2, acquired: 2021-01-11, quantity: 10, cost: 2800}
          - {id: R, acquired: 2026-11-10, quantity: 30, cost: 7200}
"""

S1 = """\
  - {id: S1, date: 2026-11-24, account: brokerage, action: sell, symbol: VTI, quantity: 10,
     amount: 2500.00, lots: [L1]}
"""
S2 = """\
  - {id: S2, date: 2026-11-24, account: brokerage, action: sell, symbol: VTI, quantity: 10,
     amount: 2500.00, lots: [L2]}
"""


def _parts(tmp_path: Path, trades: str) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """The lots R opens as after ``trades``: id -> (shares, cost, wash adjustment)."""
    tmp_path.mkdir()
    (tmp_path / "h.yaml").write_text(HOUSEHOLD)
    (tmp_path / "t.yaml").write_text("format: trimtab.trades/1\ntrades:\n" + trades)
    h = load_household(tmp_path / "h.yaml")
    found, problems = read_trades(tmp_path / "t.yaml", as_of=h.as_of)
    assert found is not None, problems
    return {
        a.lot.lot_id: (a.lot.quantity, a.lot.cost, a.wash_adjustment)
        for a in what_if(h, found).lots_after
        if a.lot.lot_id.startswith("R")
    }


def test_a_part_keeps_its_id_when_another_sale_goes(tmp_path: Path) -> None:
    # Both sales: R.S1/L1 10 shares, 10 × 240 + 500 = 2,900.00; R.S2/L2 10 shares,
    # 2,400 + 300 = 2,700.00; R.rest 10 shares, 2,400.00 (7,200 + 800 = 8,000 in all).
    both = _parts(tmp_path / "a", S1 + S2)
    assert both == {
        "R.S1/L1": (Decimal(10), Decimal("2900.00"), Decimal("500.00")),
        "R.S2/L2": (Decimal(10), Decimal("2700.00"), Decimal("300.00")),
        "R.rest": (Decimal(10), Decimal("2400.00"), Decimal(0)),
    }
    # Without S1, R's first 10 shares replace S2's loss: the same part, 2,700.00 (counted, it
    # was R.1 here and R.2 above), and 20 shares are left (4,800.00).
    alone = _parts(tmp_path / "b", S2)
    assert alone == {
        "R.S2/L2": (Decimal(10), Decimal("2700.00"), Decimal("300.00")),
        "R.rest": (Decimal(20), Decimal("4800.00"), Decimal(0)),
    }


def test_a_lot_all_of_whose_shares_replaced_one_loss_keeps_its_id(tmp_path: Path) -> None:
    # With R 10 shares (2,400), S1's loss alone takes them all.
    (tmp_path / "c").mkdir()
    small = HOUSEHOLD.replace("quantity: 30, cost: 7200", "quantity: 10, cost: 2400")
    (tmp_path / "c" / "h.yaml").write_text(small)
    (tmp_path / "c" / "t.yaml").write_text("format: trimtab.trades/1\ntrades:\n" + S1)
    h = load_household(tmp_path / "c" / "h.yaml")
    found, problems = read_trades(tmp_path / "c" / "t.yaml", as_of=h.as_of)
    assert found is not None, problems
    ids = [a.lot.lot_id for a in what_if(h, found).lots_after]
    assert ids == ["L2", "R"]  # R: 2,400 + 500 = 2,900.00 of basis, its own id
