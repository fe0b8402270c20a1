"""Typed access to the shipped capital-market assumptions (volatility, correlation, γ)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from trimtab.model.enums import AssetClass
from trimtab.rules.shipped import DataError, read_shipped, shipped_name

PATH = "markets/assumptions.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Markets:
    """Annual covariance of the nine classes (fractions) and the default risk aversion γ.

    covariance: covariance[i][j] for classes in AssetClass order, σ_i σ_j ρ_ij.
    risk_aversion: the default γ. source: where the numbers come from.
    """

    covariance: tuple[tuple[Decimal, ...], ...]
    risk_aversion: Decimal
    source: str


@functools.cache
def load_markets() -> Markets:
    """The shipped assumptions; a malformed file raises DataError (it is shipped data)."""
    data: Any = read_shipped(PATH)
    order = [c.value for c in AssetClass]
    if data["classes"] != order:
        raise DataError(f"{shipped_name(PATH)}: `classes` must list the nine classes in order")
    vol = [Decimal(str(data["volatility"][c])) for c in order]
    rows = data["correlation"]
    if [len(r) for r in rows] != list(range(1, len(order) + 1)):
        raise DataError(f"{shipped_name(PATH)}: `correlation` must be the lower triangle")

    def rho(i: int, j: int) -> Decimal:
        return Decimal(str(rows[max(i, j)][min(i, j)]))

    n = len(order)
    cov = tuple(tuple(vol[i] * vol[j] * rho(i, j) for j in range(n)) for i in range(n))
    return Markets(
        covariance=cov,
        risk_aversion=Decimal(str(data["risk_aversion"]["value"])),
        source=str(data["source"]),
    )
