"""Tax-efficiency assumptions: what a dollar of an asset class or fund earns and pays out."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal

from trimtab.source import UNKNOWN, Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Efficiency:
    """The yearly figures of one asset class or fund, fractions (0.013 = 1.3 %).

    expected_return: long-run nominal total return, income included.
    income_yield: income paid out each year (dividends or interest) per dollar held.
    qualified_share: share of the income taxed as qualified dividends.
    exempt_share: share of the income exempt from federal tax and NIIT (municipal interest).
    state_exempt: the income is free of state tax (Treasury interest, own-state municipals).
    capital_gain_distributions: long-term gains paid out each year per dollar held.
    source: where the figures come from (shipped data, a tag, or the household file).
    """

    expected_return: Decimal
    income_yield: Decimal
    qualified_share: Decimal
    exempt_share: Decimal
    state_exempt: bool
    capital_gain_distributions: Decimal
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EfficiencyOverride:
    """Some of an :class:`Efficiency`'s figures, replacing the ones beneath (None: kept).

    source: where the override was given (the household file's line, or the shipped tag row).
    note: the override's stated source, shown with the figures.
    """

    expected_return: Decimal | None = None
    income_yield: Decimal | None = None
    qualified_share: Decimal | None = None
    exempt_share: Decimal | None = None
    state_exempt: bool | None = None
    capital_gain_distributions: Decimal | None = None
    note: str = ""
    source: Source = UNKNOWN

    def over(self, base: Efficiency) -> Efficiency:
        """``base`` with this override's figures in place of its own."""
        given = {
            f.name: getattr(self, f.name)
            for f in fields(Efficiency)
            if f.name != "source" and getattr(self, f.name) is not None
        }
        if not given:
            return base
        return replace(
            base, **given, source=f"{base.source}; {self.note}" if self.note else base.source
        )
