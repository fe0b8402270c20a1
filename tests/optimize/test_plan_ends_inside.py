"""Issue 21, Done means: over 40 generated households, a band-mode plan ends inside every band
that a target-mode plan can reach, unless a warning names the reason (item 1 and item 5).

The classes a band plan leaves outside must each have a `class_left_outside` warning naming a
cause (a restriction, lockup, menu, wash-sale hold or the budget; :mod:`trimtab.explain.outside`),
or be outside the target-mode plan too. Measured at f50bef4: none of 120 seeds ends outside.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.generated import generated
from trimtab.model.enums import AssetClass, Mode
from trimtab.pipeline import PlanOptions, plan_household

HOUSEHOLDS = 40
UNNAMED = "no restriction, lockup, menu or wash-sale rule of the household holds it there"


@pytest.mark.slow
def test_band_plans_end_inside_unless_a_warning_names_why(tmp_path: Path) -> None:
    unexplained: list[tuple[int, AssetClass]] = []
    for index in range(HOUSEHOLDS):
        h = generated(tmp_path, index)
        report = plan_household(h)
        outside = [r for r in report.drift_after.rows if r.outside]
        if not outside:
            continue
        warned = {
            w.field.removeprefix("targets."): w.message
            for w in report.plan.warnings
            if w.kind == "class_left_outside"
        }
        reachable = plan_household(h, PlanOptions(mode=Mode.TARGET))
        still = {r.asset_class for r in reachable.drift_after.rows if r.outside}
        for row in outside:
            words = warned.get(row.asset_class.value, "")
            named = bool(words) and UNNAMED not in words
            if not named and row.asset_class not in still:
                unexplained.append((index, row.asset_class))
    assert unexplained == []
