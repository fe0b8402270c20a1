"""A security's main class: the class holding most of its value, one tie rule for every user."""

from __future__ import annotations

from decimal import Decimal

from trimtab.model.enums import AssetClass, SecurityType
from trimtab.model.security import ClassWeight, Security, main_class_of


def _fund(*weights: tuple[AssetClass, str]) -> Security:
    return Security(
        symbol="MIX",
        type=SecurityType.MUTUAL_FUND,
        classes=tuple(ClassWeight(asset_class=c, weight=Decimal(w)) for c, w in weights),
    )


def test_the_main_class_holds_most_of_the_value() -> None:
    # 60/40 balanced fund: equity 0.6 > bonds 0.4
    fund = _fund((AssetClass.IG_BONDS, "0.4"), (AssetClass.US_LARGE_CAP, "0.6"))
    assert fund.main_class is AssetClass.US_LARGE_CAP


def test_of_equal_weights_the_first_in_asset_class_order_is_main() -> None:
    # 50/50 bonds and large cap: large cap (first in AssetClass), whichever order the household
    # or the securities master lists them in — one rule for the model, the optimizer's rows,
    # the securities master and the bench (issue 30, move 2: there were two, and they disagreed)
    assert _fund((AssetClass.IG_BONDS, "0.5"), (AssetClass.US_LARGE_CAP, "0.5")).main_class is (
        AssetClass.US_LARGE_CAP
    )
    assert _fund((AssetClass.US_LARGE_CAP, "0.5"), (AssetClass.IG_BONDS, "0.5")).main_class is (
        AssetClass.US_LARGE_CAP
    )
    weights = ((AssetClass.IG_BONDS, Decimal("0.5")), (AssetClass.US_LARGE_CAP, Decimal("0.5")))
    assert main_class_of(weights) is AssetClass.US_LARGE_CAP
