"""Harvestable losses: the thresholds at their edges, taxable accounts of this return only."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from trimtab import load_household
from trimtab.model.household import Household
from trimtab.tax.harvest import harvestable_losses

D = Decimal
HOUSEHOLD = load_household(
    Path(__file__).resolve().parent.parent / "data" / "tax" / "small_household.yaml"
)
# brokerage: A1 10 VTI cost 1,500 (2020), A2 10 VTI cost 3,200 (2026-03-02);
# funds: F1 10 VFIAX cost 4,000 (2024), F2 10 VFIAX cost 6,000 (2026-06-01).


def harvestable(household: Household, prices: dict[str, str]) -> list[tuple[str, Decimal, Decimal]]:
    found = harvestable_losses(household, {s: D(p) for s, p in prices.items()})
    return [(h.lot.lot_id, h.loss, h.loss_pct) for h in found]


@pytest.mark.parametrize(
    ("vti", "expected"),
    [
        # A2 at 270: 2,700 − 3,200 = −500: exactly the $500 minimum; 500 / 3,200 = 15.625%
        ("270", [("A2", D(500), D("15.625"))]),
        # at 270.01: loss 499.90 < 500
        ("270.01", []),
    ],
)
def test_the_dollar_minimum_is_inclusive(
    vti: str, expected: list[tuple[str, Decimal, Decimal]]
) -> None:
    assert harvestable(HOUSEHOLD, {"VTI": vti}) == expected


def test_the_percent_minimum_is_inclusive() -> None:
    # F2 at 570: 5,700 − 6,000 = −300; with a $100 minimum, 300 / 6,000 = 5% exactly
    household = replace(HOUSEHOLD, settings=replace(HOUSEHOLD.settings, harvest_min_loss=D(100)))
    assert harvestable(household, {"VFIAX": "570"}) == [("F2", D(300), D(5))]
    # at 570.01: 299.90 / 6,000 = 4.998% < 5%
    assert harvestable(household, {"VFIAX": "570.01"}) == []


def test_tax_advantaged_accounts_have_nothing_to_harvest() -> None:
    # ira/BND has no lots; at 1.00 a share it would be a loss, but no loss counts in an IRA
    assert harvestable(HOUSEHOLD, {"BND": "1"}) == []
