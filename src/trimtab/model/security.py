"""Securities: what a symbol is, for allocation, trading and wash-sale purposes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trimtab.model.enums import AssetClass, SecurityType

_ORDER = {c: i for i, c in enumerate(AssetClass)}


def main_class_of(weights: Iterable[tuple[AssetClass, Decimal]]) -> AssetClass:
    """The class holding most of a security's value; of equal weights, the one first in
    :class:`AssetClass` (a 50/50 fund of investment-grade bonds and US large cap is large cap,
    whichever the file lists first). The one tie rule of the whole program."""
    return min(weights, key=lambda cw: (-cw[1], _ORDER[cw[0]]))[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassWeight:
    """A share of a security's value in one asset class.

    asset_class: the class.
    weight: the fraction of the security's value in that class (0 < weight <= 1).
    """

    asset_class: AssetClass
    weight: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Security:
    """One entry of the securities master (shipped data, or the household's overrides).

    symbol: ticker, upper case.
    name: the fund's or company's name ('' when unknown).
    type: etf, stock, mutual_fund or money_market.
    classes: asset-class weights summing to 1; one entry for a single-class fund.
    whole_shares: True when the security trades in whole shares only.
    expense_ratio: yearly expense ratio as a fraction (0.0003 = 0.03 %), None when unknown.
    index: the index it tracks ('' for stocks and active funds); same index means
        substantially identical.
    tags: words from the documented tag list describing the mandate (reit, municipal, esg…).
    harvest_partners: explicit replacement symbols for loss harvesting (may be empty: then
        partners are derived: same class, different index).
    source: where the row was checked (a URL or document name).
    as_of: the date of that source.
    unverified: True when the row was not checked against a primary source.
    """

    symbol: str
    name: str = ""
    type: SecurityType
    classes: tuple[ClassWeight, ...]
    whole_shares: bool = True
    expense_ratio: Decimal | None = None
    index: str = ""
    tags: tuple[str, ...] = ()
    harvest_partners: tuple[str, ...] = ()
    source: str = ""
    as_of: date | None = None
    unverified: bool = False

    @property
    def main_class(self) -> AssetClass:
        """The class holding most of its value (:func:`main_class_of`: of equal weights, the
        first in AssetClass order)."""
        return main_class_of((c.asset_class, c.weight) for c in self.classes)

    @property
    def is_mixed(self) -> bool:
        """True for a fund split across several asset classes."""
        return len(self.classes) > 1
