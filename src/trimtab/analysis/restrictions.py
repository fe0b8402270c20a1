"""What the household's restrictions allow: may a holding be sold, may a fund be bought, where.

Each rule is spelled here once (issue 30, move 3), and the optimizer (its sell units and buy
candidates), the concentration review, the plan's words and its invariant checks ask here:

- a restriction applies to one account, or to every account when it names none;
- a sale is blocked by `no_sell` on the symbol and, before its date, by `no_sell_until` (a
  lockup); a buy is blocked by `no_buy` on the symbol and by `exclude_tag` on one of the
  fund's tags (a held fund with an excluded tag is sold only with `sell_excluded`);
- a security is *targeted* when one of its classes has a target above zero; a class with a
  target of 0 % may be sold (its band asks for it) but not bought, and a class with no target
  is left alone unless `liquidate_untargeted`;
- a holding may be sold when its account is tradable, its basis known, it is targeted (or
  `liquidate_untargeted`), and no restriction blocks the sale;
- a fund may be bought in an account when it is a fund (stocks are bought by order only) of a
  targeted class, priced (a money-market fund counts at $1.00), a sector or leveraged fund only
  where it is held or on the account's menu, a municipal fund in a tax-advantaged account only
  with `allow_municipal_in_sheltered`, and no restriction blocks the buy.
"""

from __future__ import annotations

import datetime as dt

from trimtab.model.enums import AssetClass, RestrictionKind, SecurityType
from trimtab.model.household import Account, Holding, Household, Restriction
from trimtab.model.security import Security
from trimtab.tax.memo import per_household

NARROW_TAGS = ("sector_", "leveraged")


def applies(r: Restriction, account: str) -> bool:
    """The restriction covers ``account`` (it names it, or no account at all)."""
    return not r.account or r.account == account


def locked(r: Restriction, as_of: dt.date) -> bool:
    """A `no_sell_until` lockup still running on ``as_of``."""
    return r.kind is RestrictionKind.NO_SELL_UNTIL and r.until is not None and as_of < r.until


def blocks_sale(r: Restriction, account: str, symbol: str, as_of: dt.date) -> bool:
    """The restriction keeps ``symbol`` in ``account`` from being sold on ``as_of``."""
    if r.symbol != symbol or not applies(r, account):
        return False
    return r.kind is RestrictionKind.NO_SELL or locked(r, as_of)


def blocks_buy(r: Restriction, account: str, security: Security) -> bool:
    """The restriction keeps ``security`` from being bought in ``account``."""
    if not applies(r, account):
        return False
    if r.kind is RestrictionKind.EXCLUDE_TAG:
        return r.tag in security.tags
    return r.kind is RestrictionKind.NO_BUY and r.symbol == security.symbol


def sale_blocked(household: Household, account: str, symbol: str) -> bool:
    """Some restriction keeps ``symbol`` in ``account`` from being sold today."""
    return any(blocks_sale(r, account, symbol, household.as_of) for r in household.restrictions)


def targeted(household: Household, symbol: str, *, or_zero: bool = False) -> bool:
    """The security belongs to an asset class with a target above zero (``or_zero``: with a
    target at all, 0 % included)."""
    security = household.security(symbol)
    targets = _targeted_classes(household)[or_zero]
    return security is not None and any(c.asset_class in targets for c in security.classes)


@per_household
def _targeted_classes(household: Household) -> tuple[frozenset[AssetClass], frozenset[AssetClass]]:
    """The classes with a target above zero, and those with a target at all (0 % included):
    read once per household, not once per lot or buy candidate."""
    return (
        frozenset(t.asset_class for t in household.targets if t.percent > 0),
        frozenset(t.asset_class for t in household.targets),
    )


def may_sell(household: Household, account: Account, holding: Holding) -> bool:
    """The holding may be sold: tradable, basis known, targeted (or liquidated), unrestricted."""
    if not account.tradable or holding.basis_unknown:
        return False
    if (
        not targeted(household, holding.symbol, or_zero=True)
        and not household.settings.liquidate_untargeted
    ):
        return False
    return not sale_blocked(household, account.id, holding.symbol)


def narrow(security: Security) -> bool:
    """A sector or leveraged fund: not a vehicle for rebalancing an asset class."""
    return any(tag.startswith(NARROW_TAGS) for tag in security.tags)


def buyable(household: Household, symbol: str) -> Security | None:
    """The security of ``symbol`` when some account may buy it (known, not a single stock, of a
    class with a target above zero, priced or a money market fund), else None: what does not
    depend on the account, asked once per symbol."""
    security = household.security(symbol)
    if security is None or security.type is SecurityType.STOCK or not targeted(household, symbol):
        return None
    if household.price_of(symbol) is None and security.type is not SecurityType.MONEY_MARKET:
        return None
    return security


def may_buy(
    household: Household, account: Account, held: set[str], symbol: str, security: Security
) -> bool:
    """A :func:`buyable` security may be bought in ``account`` (``held``: the symbols it holds):
    a narrow fund only where it is held or on the menu, a municipal fund in a sheltered account
    only with that setting, and no restriction against it."""
    if symbol not in held and symbol not in account.buy_menu and narrow(security):
        return False
    if not account.taxed and "municipal" in security.tags:
        return household.settings.allow_municipal_in_sheltered
    return not any(blocks_buy(r, account.id, security) for r in household.restrictions)


@per_household
def buyable_pairs(household: Household) -> tuple[tuple[Account, str, Security], ...]:
    """Every (account, symbol, security) the household's rules let a plan buy: tradable
    accounts in file order, each one's menu (else every symbol priced or held, alphabetical),
    what :func:`buyable` and :func:`may_buy` allow. Figured once per household object."""
    universe = sorted(
        {p.symbol for p in household.prices}
        | {h.symbol for a in household.accounts for h in a.holdings}
    )
    securities = {symbol: buyable(household, symbol) for symbol in universe}
    out = []
    for account in household.accounts:
        if not account.tradable:
            continue
        held = {h.symbol for h in account.holdings}
        for symbol in account.buy_menu or universe:
            security = securities[symbol] if symbol in securities else buyable(household, symbol)
            if security is not None and may_buy(household, account, held, symbol, security):
                out.append((account, symbol, security))
    return tuple(out)
