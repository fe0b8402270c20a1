"""Substantially identical securities: which symbols count as one for wash sales.

Rule (IRC §1091(a); Pub. 550, "Substantially identical"; no ruling covers funds). trimtab
treats as one group, by union:

1. the same symbol;
2. share classes of one fund: the same index and the same issuer (the first word of the name:
   VOO "Vanguard S&P 500 ETF" and VFIAX "Vanguard 500 Index Fund Admiral Shares");
3. the household's `identical_groups`;
4. while the setting `same_index_is_identical` is on (default), funds tracking the same index
   of different issuers (VOO, IVV, SPY, FXAIX, SWPPX: the S&P 500).

Funds tracking different indexes (VTI, ITOT, SCHB) are not identical. This is a design choice
following the practitioners quoted in the reference (§1.6), conservative by default.

Example: with the setting on, `group_of("FXAIX") == group_of("IVV")`; with it off they differ,
while VOO and VFIAX (both Vanguard, both the S&P 500) stay together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.rules.securities import index_key
from trimtab.tax.memo import per_household


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """The substantially-identical groups of one household: symbol -> group key."""

    keys: tuple[tuple[str, str], ...]
    lookup: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def group_of(self, symbol: str) -> str:
        """The group key of a symbol (the symbol itself when it is in no group)."""
        return self.lookup.get(symbol, symbol)

    def members(self, symbol: str) -> tuple[str, ...]:
        """Every symbol in the group of ``symbol``, sorted."""
        key = self.group_of(symbol)
        found = tuple(sorted(s for s, k in self.keys if k == key))
        return found or (symbol,)

    def identical(self, a: str, b: str) -> bool:
        """True when a purchase of ``b`` washes a loss on ``a``."""
        return a == b or self.group_of(a) == self.group_of(b)


@per_household
def household_identity(household: Household) -> Identity:
    """The groups of the household's securities under its settings (figured once per
    household object)."""
    parent: dict[str, str] = {s.symbol: s.symbol for s in household.securities}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for key_of in _linking_keys(household):
        first: dict[str, str] = {}
        for s in household.securities:
            key = key_of(s)
            if key is not None:
                union(first.setdefault(key, s.symbol), s.symbol)
    for group in household.identical_groups:
        for other in group[1:]:
            union(group[0], other)
    keys = tuple(sorted((s, find(s)) for s in parent))
    return Identity(keys=keys, lookup=MappingProxyType(dict(keys)))


def _share_class_key(s: Security) -> str | None:
    if not s.index:
        return None
    issuer = s.name.split()[0].casefold() if s.name else ""
    return f"{issuer}|{index_key(s)}" if issuer else None


def _index_only_key(s: Security) -> str | None:
    return index_key(s) if s.index else None


def _linking_keys(household: Household) -> tuple[Callable[[Security], str | None], ...]:
    keys: list[Callable[[Security], str | None]] = [_share_class_key]
    if household.settings.same_index_is_identical:
        keys.append(_index_only_key)
    return tuple(keys)
