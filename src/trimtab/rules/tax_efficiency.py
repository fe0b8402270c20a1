"""Typed access to the shipped tax-efficiency assumptions (data/location/tax_efficiency.yaml).

Each class has yearly figures (expected return, income yield, qualified and exempt shares,
capital-gain distributions); mandate tags of the securities master (reit, municipal,
treasury, active …) override some of them for the funds carrying the tag. A malformed file
raises :class:`~trimtab.rules.shipped.DataError` (a ValueError): it is shipped data, checked by
tests/rules/test_tax_efficiency_data.py.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from trimtab.model.efficiency import Efficiency, EfficiencyOverride
from trimtab.model.enums import AssetClass, SecurityType
from trimtab.rules.shipped import DataError, read_shipped, shipped_name

PATH = "location/tax_efficiency.yaml"

FIGURES = (
    "expected_return",
    "income_yield",
    "qualified_share",
    "exempt_share",
    "capital_gain_distributions",
)
SHARES = ("qualified_share", "exempt_share")


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxEfficiencyData:
    """The shipped assumptions.

    classes: class -> its figures. tags: (tag, security types it applies to (empty: all),
        override) in file order.
    sources: figure name -> where it comes from. unverified: not re-checked at the source.
    representative: class -> the fund whose figures stand for the class.
    """

    classes: Mapping[AssetClass, Efficiency]
    tags: tuple[tuple[str, frozenset[SecurityType], EfficiencyOverride], ...]
    sources: Mapping[str, str]
    representative: Mapping[AssetClass, str]
    as_of: str
    unverified: bool


@functools.cache
def load_tax_efficiency() -> TaxEfficiencyData:
    """The shipped tax-efficiency assumptions."""
    path = shipped_name(PATH)
    data: Any = read_shipped(PATH)
    if data.get("format") != "trimtab.tax-efficiency/1":
        raise DataError(f"{path}: format must be trimtab.tax-efficiency/1")
    sources = {str(k): str(v) for k, v in data["sources"].items()}
    missing = set(FIGURES) - {"exempt_share"} - sources.keys()
    if missing:
        raise DataError(f"{path}: sources: missing {', '.join(sorted(missing))}")
    rows = data["classes"]
    if [str(c) for c in rows] != [c.value for c in AssetClass]:
        raise DataError(f"{path}: classes must list the nine classes in order")
    note = "shipped " + str(data["as_of"])
    classes = {AssetClass(c): _class_row(path, c, row, note) for c, row in rows.items()}
    tags = tuple(
        (str(t), _types(path, t, row), _tag_row(path, t, row)) for t, row in data["tags"].items()
    )
    return TaxEfficiencyData(
        classes=MappingProxyType(classes),
        tags=tags,
        sources=MappingProxyType(sources),
        representative=MappingProxyType(
            {AssetClass(c): str(row["representative"]) for c, row in rows.items()}
        ),
        as_of=str(data["as_of"]),
        unverified=bool(data.get("unverified", False)),
    )


def _fraction(path: str, where: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DataError(f"{path}: {where}: expected a number")
    number = Decimal(str(value))
    if not Decimal(-1) < number < Decimal(1) and where.rsplit(".", 1)[-1] not in SHARES:
        raise DataError(f"{path}: {where}: expected a yearly fraction (0.05 = 5 %)")
    if where.rsplit(".", 1)[-1] in SHARES and not Decimal(0) <= number <= Decimal(1):
        raise DataError(f"{path}: {where}: expected a share from 0 to 1")
    return number


def _class_row(path: str, cls: str, row: Mapping[str, Any], note: str) -> Efficiency:
    values = {f: _fraction(path, f"classes.{cls}.{f}", row[f]) for f in FIGURES}
    if values["qualified_share"] + values["exempt_share"] > 1:
        raise DataError(f"{path}: classes.{cls}: qualified + exempt shares exceed 1")
    return Efficiency(**values, state_exempt=bool(row["state_exempt"]), source=f"{cls} ({note})")


def _types(path: str, tag: str, row: Mapping[str, Any]) -> frozenset[SecurityType]:
    try:
        return frozenset(SecurityType(t) for t in row.get("types", []))
    except ValueError as exc:
        raise DataError(f"{path}: tags.{tag}.types: {exc}") from exc


def _tag_row(path: str, tag: str, row: Mapping[str, Any]) -> EfficiencyOverride:
    if not row.get("source"):
        raise DataError(f"{path}: tags.{tag}: every override names its source")

    def figure(name: str) -> Decimal | None:
        return _fraction(path, f"tags.{tag}.{name}", row[name]) if name in row else None

    state = row.get("state_exempt")
    return EfficiencyOverride(
        expected_return=figure("expected_return"),
        income_yield=figure("income_yield"),
        qualified_share=figure("qualified_share"),
        exempt_share=figure("exempt_share"),
        capital_gain_distributions=figure("capital_gain_distributions"),
        state_exempt=None if state is None else bool(state),
        note=f"tag {tag}",
    )
