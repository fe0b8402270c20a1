"""Merge run settings: defaults < firm file (``--settings``) < household file < flags."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from trimtab.load.document import SettingsDoc
from trimtab.model.enums import SecurityType
from trimtab.model.settings import DEFAULT_SPREAD_BPS, Settings, TaxBudget


def merge_settings(*layers: SettingsDoc | Mapping[str, Any] | None) -> Settings:
    """Settings from layers given lowest precedence first; a later set key wins."""
    merged: dict[str, Any] = {}
    for layer in layers:
        if layer is None:
            continue
        values = (
            layer.model_dump(exclude_unset=True, exclude_none=True)
            if isinstance(layer, SettingsDoc)
            else {k: v for k, v in layer.items() if v is not None}
        )
        spread = {**merged.get("spread_bps", {}), **values.pop("spread_bps", {})}
        merged.update(values)
        if spread:
            merged["spread_bps"] = spread
    return _settings(merged)


def _settings(values: dict[str, Any]) -> Settings:
    values.pop("format", None)
    if "spread_bps" in values:
        values["spread_bps"] = _spread(values["spread_bps"])
    if values.get("breakeven_horizon_years") == 0:  # 0 turns the horizon off
        values["breakeven_horizon_years"] = None
    budget = values.get("tax_budget")
    if isinstance(budget, Mapping):
        values["tax_budget"] = TaxBudget(kind=budget["kind"], amount=Decimal(budget["amount"]))
    return Settings(**values)


def _spread(given: Mapping[str, Any]) -> tuple[tuple[SecurityType, Decimal], ...]:
    defaults = dict(DEFAULT_SPREAD_BPS)
    for key, value in given.items():
        defaults[SecurityType(key)] = Decimal(value)
    return tuple((t, defaults[t]) for t in SecurityType)
