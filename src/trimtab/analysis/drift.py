"""Drift (seed step 2): each asset class's share of the household against its target and band.

Rule. The household's pre-tax market value, held-away accounts included, is split by asset
class: a single-class fund counts wholly in its class, a mixed fund (balanced, target-date,
total-world) by its weights, and cash in accounts counts as `cash`. For each class:

    current_pct = class value ÷ household value × 100
    drift_pct   = current_pct − target_pct                    (positive: overweight)
    over_under  = class value − target_pct ÷ 100 × household value
    width       = max(min_width, min(absolute, relative ÷ 100 × target_pct))
    outside     = |drift_pct| > width;   low/high = target_pct ∓ width

Example: household $200,000 with $80,000 of bonds, target 35 %, bands 5/25 with min width 1:
current 40 %, drift +5 points, over by 80,000 − 70,000 = $10,000; width = max(1, min(5,
8.75)) = 5 points, so the band is 30–40 % and the class is inside (|5| is not > 5).
Classes held without a target are shown with target 0 (their width is `min_width`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from trimtab.analysis.valuation import holding_value
from trimtab.model.enums import AssetClass
from trimtab.model.household import BandRule, Household

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftRow:
    """One asset class of the drift table (percent points, dollars)."""

    asset_class: AssetClass
    target_pct: Decimal
    current_value: Decimal
    current_pct: Decimal
    drift_pct: Decimal
    over_under: Decimal
    width: Decimal
    low_pct: Decimal
    high_pct: Decimal
    outside: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Drift:
    """The drift table of a household."""

    total_value: Decimal
    rows: tuple[DriftRow, ...]

    @property
    def outside(self) -> tuple[DriftRow, ...]:
        """The classes outside their band."""
        return tuple(r for r in self.rows if r.outside)

    def _repr_html_(self) -> str:
        """The drift table in a notebook."""
        from trimtab.analysis.tables import drift_records, html_table

        return html_table("Drift", drift_records(self))

    def to_dataframe(self) -> Any:
        """One row per asset class as a pandas DataFrame (pandas is optional: ImportError)."""
        from trimtab.analysis.tables import dataframe, drift_records

        return dataframe(drift_records(self))


def band_width(rule: BandRule, target_pct: Decimal) -> Decimal:
    """max(min_width, min(absolute, relative % × target)), in percent points."""
    return max(rule.min_width, min(rule.absolute, rule.relative * target_pct / HUNDRED))


def class_band_width(household: Household, cls: AssetClass) -> Decimal:
    """The half-width of ``cls``'s band in points: :func:`band_width` of its rule and target,
    but 0 for a class whose target is stated as 0 %: that target says "hold none of this
    class", so any holding of it is outside its band and the plan sells it (tax-aware) unless
    a restriction keeps it. A class with no target at all keeps the rule's width."""
    target = next((t.percent for t in household.targets if t.asset_class is cls), None)
    if target is not None and target == ZERO:
        return ZERO
    return band_width(household.bands.rule_for(cls), target or ZERO)


def class_values(household: Household) -> dict[AssetClass, Decimal]:
    """Market value by asset class: holdings split by their class weights, cash as `cash`."""
    values = dict.fromkeys(AssetClass, ZERO)
    for account in household.accounts:
        values[AssetClass.CASH] += account.cash
        for holding in account.holdings:
            security = household.security(holding.symbol)
            if security is None:
                raise KeyError(f"unknown security {holding.symbol}")
            value = holding_value(household, holding)
            for part in security.classes:
                values[part.asset_class] += value * part.weight
    return values


def drift_table(household: Household) -> Drift:
    """The drift of every targeted or held asset class, in the order of the IPS classes."""
    values = class_values(household)
    total = sum(values.values(), ZERO)
    targets = {t.asset_class: t.percent for t in household.targets}
    rows = tuple(
        _row(cls, targets.get(cls, ZERO), values[cls], total, class_band_width(household, cls))
        for cls in AssetClass
        if cls in targets or values[cls] != ZERO
    )
    return Drift(total_value=total, rows=rows)


def _row(
    cls: AssetClass, target: Decimal, value: Decimal, total: Decimal, width: Decimal
) -> DriftRow:
    current = value / total * HUNDRED if total else ZERO
    drift = current - target
    return DriftRow(
        asset_class=cls,
        target_pct=target,
        current_value=value,
        current_pct=current,
        drift_pct=drift,
        over_under=value - target / HUNDRED * total,
        width=width,
        low_pct=target - width,
        high_pct=target + width,
        outside=abs(drift) > width,
    )
