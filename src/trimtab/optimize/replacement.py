"""A harvestable loss is not replaced in its account by a fund no harvest may use.

Rule. The tax term prices every loss the plan realizes at what it saves this year
(:mod:`.tax_term`), so without a rule a plan could sell a lot worth harvesting and buy another
fund of the same class in the same account for that saving alone: a harvest by another name,
without the partner rule (the same sub-asset on another index, issue 20 item 8), say gold
replaced by a REIT fund. So an account holding a lot worth harvesting does not buy a fund of
that lot's main class which is neither the lot's fund, nor substantially identical to it (the
wash-sale guard decides about those), nor one of its harvest partners. A bound on the buy
columns, not a choice: it costs the solve nothing. The same swap through two accounts (the
loss lot sold in the brokerage, the other fund bought in an IRA against a fund moved back) is
found after the solve by :func:`swapped_across` and planned once more without those funds
(optimize/plan.py; a rule on pairs of accounts as LP choices cost too many LPs).

Worked example (tests/optimize/test_plan_harvest_partners.py). A brokerage holds 200 IAU (gold)
bought for $12,000, at $50: a $2,000 loss, worth harvesting, every class on target. Selling IAU
and buying SCHH (a REIT fund, the same "alternatives" class) would save $440 this year at 22 %;
SCHH is not a partner of IAU (gold has none: GLD, GLDM and SGOL follow the same price), so the
brokerage may not buy SCHH, and the plan does not swap gold for real estate there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal

from trimtab.model.enums import AssetClass
from trimtab.money import ZERO
from trimtab.optimize.units import BuyCandidate, SellUnit


def unreplaceable(
    units: tuple[SellUnit, ...],
    buys: tuple[BuyCandidate, ...],
    main: Mapping[str, AssetClass],
    partners: Mapping[str, frozenset[str]],
    identical: Callable[[str, str], bool],
) -> frozenset[int]:
    """The buy candidates (indices) the rule holds at zero."""
    harvestable: defaultdict[tuple[str, AssetClass], set[str]] = defaultdict(set)
    for u in units:  # by account and main class: a buy looks at its own class's lots only
        if u.taxed and u.harvest_per_share > ZERO and u.quantity > ZERO and u.symbol in main:
            harvestable[u.account, main[u.symbol]].add(u.symbol)
    if not harvestable:
        return frozenset()
    out = set()
    for j, b in enumerate(buys):
        asset_class = main.get(b.symbol)
        if asset_class is None:
            continue
        for symbol in harvestable.get((b.account, asset_class), ()):
            if (
                b.symbol != symbol
                and b.symbol not in partners.get(symbol, frozenset())
                and not identical(b.symbol, symbol)
            ):
                out.add(j)
    return frozenset(out)


SubAsset = tuple[AssetClass, frozenset[str]]  # a class and its sub-asset tags (rules.securities)

DISTINCT_ASSETS = frozenset({"gold", "reit", "commodities"})
"""Sub-asset tags that mark a different asset, not a tilt of the class (the cross-account rule
applies only to them: a gold loss is never replaced by a REIT fund through another account)."""


def _distinct(sub_asset: SubAsset | None) -> frozenset[str]:
    """The :data:`DISTINCT_ASSETS` tags of a sub-asset (none for an unknown symbol)."""
    return sub_asset[1] & DISTINCT_ASSETS if sub_asset is not None else frozenset()


def swapped_across(
    sells: tuple[tuple[SellUnit, Decimal], ...],
    buys: tuple[tuple[BuyCandidate, Decimal], ...],
    candidates: tuple[BuyCandidate, ...],
    main: Mapping[str, AssetClass],
    partners: Mapping[str, frozenset[str]],
    identical: Callable[[str, str], bool],
    sub: Mapping[str, SubAsset],
) -> frozenset[int]:
    """The household-level rule, after a solve: when the plan harvests a lot of S (sells a
    lot worth harvesting in a taxable account) and any account buys a fund of S's main class
    in another sub-asset (``sub``: class and mandate tags, :func:`~trimtab.rules.securities.
    sub_asset`) that holds a different asset (one of the two is gold, a REIT or commodities:
    :data:`DISTINCT_ASSETS`; a corporate bond fund for a Treasury fund is a maturity or credit
    tilt inside the class, left to the bands) and is neither substantially identical to S nor a
    harvest partner of S, the
    buy candidates (indices into ``candidates``) of such funds in every account; empty when
    the plan makes no such swap (then no re-plan: docs/harvesting.md)."""
    harvested: defaultdict[AssetClass, set[str]] = defaultdict(set)
    for u, q in sells:
        if u.taxed and u.harvest_per_share > ZERO and q > ZERO and u.symbol in main:
            harvested[main[u.symbol]].add(u.symbol)
    if not harvested:
        return frozenset()

    def foreign(symbol: str) -> bool:
        asset_class = main.get(symbol)
        return asset_class is not None and any(
            sub.get(symbol) != sub.get(s)
            and _distinct(sub.get(symbol)) | _distinct(sub.get(s))
            and symbol not in partners.get(s, frozenset())
            and not identical(symbol, s)
            for s in harvested.get(asset_class, ())
        )

    if not any(q > ZERO and foreign(b.symbol) for b, q in buys):
        return frozenset()
    return frozenset(j for j, b in enumerate(candidates) if b.forced <= ZERO and foreign(b.symbol))
