"""A harvestable loss is not replaced in its account by a fund no harvest may use.

Rule. The tax term prices every loss the plan realizes at what it saves this year
(:mod:`.tax_term`), so without a rule a plan could sell a lot worth harvesting and buy another
fund of the same class in the same account for that saving alone: a harvest by another name,
without the partner rule (the same sub-asset on another index, issue 20 item 8), say gold
replaced by a REIT fund. So an account holding a lot worth harvesting does not buy a fund of
that lot's main class which is neither the lot's fund, nor substantially identical to it (the
wash-sale guard decides about those), nor one of its harvest partners. A bound on the buy
columns, not a choice: it costs the solve nothing. Not covered: the same swap through two
accounts (the loss lot sold in the brokerage, the other fund bought in an IRA against a fund
moved back), which a rule on pairs of accounts would need choices for (docs/harvesting.md).

Worked example (tests/optimize/test_plan_harvest_partners.py). A brokerage holds 200 IAU (gold)
bought for $12,000, at $50: a $2,000 loss, worth harvesting, every class on target. Selling IAU
and buying SCHH (a REIT fund, the same "alternatives" class) would save $440 this year at 22 %;
SCHH is not a partner of IAU (gold has none: GLD, GLDM and SGOL follow the same price), so the
brokerage may not buy SCHH, and the plan does not swap gold for real estate there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

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
