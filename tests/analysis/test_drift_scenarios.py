"""Drift scenarios worked by hand, including a mixed fund and an untargeted class."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.analysis.drift import drift_table
from trimtab.model import AssetClass

HOUSEHOLD = """\
format: trimtab.household/1
name: Drift scenario
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners: [{id: pat}]
targets: {us_large_cap: 50, ig_bonds: 40, cash: 10}
bands: {absolute: 5, relative: 25, min_width: 1, classes: {cash: {relative: 50}}}
prices: {IVV: 500, BND: 80, MIXF: 20, VNQ: 100}
securities:
  MIXF: {asset_class: {us_large_cap: 60, ig_bonds: 40}, type: mutual_fund, whole_shares: false}
accounts:
  - id: ira
    type: traditional_ira
    owners: [pat]
    cash: 3000
    holdings:
      - {symbol: IVV, quantity: 100}
      - {symbol: BND, quantity: 250}
      - {symbol: MIXF, quantity: 1500}
      - {symbol: VNQ, quantity: 50}
"""

# Values: IVV 100 × 500 = 50,000; BND 250 × 80 = 20,000; MIXF 1,500 × 20 = 30,000 split
# 60/40 = 18,000 large cap + 12,000 bonds; VNQ 50 × 100 = 5,000 alternatives; cash 3,000.
# Total 50,000 + 20,000 + 30,000 + 5,000 + 3,000 = 108,000.
#   large cap 68,000 → 62.9630 %   target 50 → drift +12.9630, over 68,000 − 54,000 = 14,000
#     width = max(1, min(5, 25 % × 50 = 12.5)) = 5 → outside
#   bonds 32,000 → 29.6296 %       target 40 → drift −10.3704, under 32,000 − 43,200 = −11,200
#     width = max(1, min(5, 10)) = 5 → outside
#   cash 3,000 → 2.7778 %          target 10 → drift −7.2222, under 3,000 − 10,800 = −7,800
#     cash's own relative 50: width = max(1, min(5, 5)) = 5 → outside
#   alternatives 5,000 → 4.6296 %  no target → shown with target 0, width min_width 1 → outside


def _drift(tmp_path: Path, text: str = HOUSEHOLD):  # type: ignore[no-untyped-def]
    path = tmp_path / "h.yaml"
    path.write_text(text)
    return drift_table(load_household(path))


def test_mixed_fund_and_untargeted_class(tmp_path: Path) -> None:
    drift = _drift(tmp_path)
    rows = {r.asset_class: r for r in drift.rows}
    assert drift.total_value == 108000
    assert list(rows) == [
        AssetClass.US_LARGE_CAP,
        AssetClass.IG_BONDS,
        AssetClass.ALTERNATIVES,
        AssetClass.CASH,
    ]
    large = rows[AssetClass.US_LARGE_CAP]
    assert large.current_value == 68000 and large.over_under == 14000
    assert round(large.current_pct, 4) == Decimal("62.9630")
    assert round(large.drift_pct, 4) == Decimal("12.9630")
    assert (large.width, large.low_pct, large.high_pct, large.outside) == (5, 45, 55, True)
    bonds = rows[AssetClass.IG_BONDS]
    assert bonds.current_value == 32000 and bonds.over_under == -11200
    assert round(bonds.drift_pct, 4) == Decimal("-10.3704")
    cash = rows[AssetClass.CASH]
    assert (cash.over_under, cash.width, cash.outside) == (-7800, 5, True)
    alts = rows[AssetClass.ALTERNATIVES]
    assert (alts.target_pct, alts.width, alts.outside) == (0, 1, True)
    assert round(alts.current_pct, 4) == Decimal("4.6296")


def test_inside_at_the_edge_and_outside_past_it(tmp_path: Path) -> None:
    # Only IVV and BND: 100 × 500 = 50,000 and 250 × 80 = 20,000 plus 30,000 cash = 100,000.
    # large 50 % (target 50, drift 0); bonds 20 % vs 40 → drift −20 (outside);
    # cash 30 % vs 10, width 5 → outside. Move target to large 55 / bonds 35: large drift −5
    # is exactly the width 5 → inside (|−5| is not > 5).
    text = (
        HOUSEHOLD.replace("cash: 3000", "cash: 30000")
        .replace("      - {symbol: MIXF, quantity: 1500}\n", "")
        .replace("      - {symbol: VNQ, quantity: 50}\n", "")
        .replace(
            "targets: {us_large_cap: 50, ig_bonds: 40, cash: 10}",
            "targets: {us_large_cap: 55, ig_bonds: 35, cash: 10}",
        )
    )
    rows = {r.asset_class: r for r in _drift(tmp_path, text).rows}
    large = rows[AssetClass.US_LARGE_CAP]
    assert (large.drift_pct, large.width, large.outside) == (-5, 5, False)
    assert rows[AssetClass.IG_BONDS].outside and rows[AssetClass.CASH].outside


def test_example_household_drift_by_hand(example_path: Path) -> None:
    drift = drift_table(load_household(example_path))
    rows = {r.asset_class: r for r in drift.rows}
    # high yield: HYG 300 × 80.70 = 24,210 of 530,617.887 = 4.5626 %; target 3,
    # width = max(1, min(5, 0.75)) = 1 → outside; over 24,210 − 15,918.53661 = 8,291.46339
    hy = rows[AssetClass.HIGH_YIELD]
    assert hy.current_value == Decimal("24210.00")
    assert round(hy.current_pct, 4) == Decimal("4.5626")
    assert hy.over_under == Decimal("24210.00") - Decimal("0.03") * Decimal("530617.887")
    assert hy.outside
