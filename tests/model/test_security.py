"""A security's main class: the class holding most of its value, one tie rule for every user."""

from __future__ import annotations

from decimal import Decimal

from trimtab.model.enums import AssetClass, SecurityType
from trimtab.model.security import ClassWeight, Security


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


def test_of_equal_weights_the_first_listed_is_main() -> None:
    # 50/50: the order the household or the securities master lists the classes decides
    assert _fund((AssetClass.IG_BONDS, "0.5"), (AssetClass.US_LARGE_CAP, "0.5")).main_class is (
        AssetClass.IG_BONDS
    )
    assert _fund((AssetClass.US_LARGE_CAP, "0.5"), (AssetClass.IG_BONDS, "0.5")).main_class is (
        AssetClass.US_LARGE_CAP
    )
