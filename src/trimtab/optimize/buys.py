"""Buy candidates: every (account, security) a buy variable of the model may buy.

An account may buy what its buy menu lists (no menu: every symbol priced or held in the
household) when the security is a fund (stocks are bought by order only) of a targeted class,
priced (money-market funds count at $1.00), not restricted there (`no_buy`, an excluded tag),
not a municipal fund in a tax-advantaged account (unless allowed), and not a sector or
leveraged fund unless the account holds it or its menu offers it. Orders that buy force their
candidate, added when the rules above would leave it out.

The steps of :func:`trimtab.optimize.inputs.plan_inputs` that concern buys live here:
:func:`buy_candidates` and :func:`buy_orders` (5).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_DOWN

from trimtab.analysis.restrictions import buyable_pairs
from trimtab.analysis.valuation import price
from trimtab.model.enums import TradeAction
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.sells import whole_shares
from trimtab.optimize.units import BuyCandidate
from trimtab.tax.memo import per_household


def buy_candidates(household: Household) -> Iterator[BuyCandidate]:
    """Every (account, security) the plan may buy: menus, restrictions and the municipal rule,
    accounts in file order, each account's symbols in menu (else alphabetical) order."""
    return iter(_candidates(household))


@per_household
def _candidates(household: Household) -> tuple[BuyCandidate, ...]:
    """:func:`buy_candidates`, figured once per household object (the plan's inputs and the
    location review both ask): the pairs :func:`.restrictions.buyable_pairs` allows, priced."""
    return tuple(
        BuyCandidate(
            account=account.id,
            symbol=symbol,
            price=price(household, symbol),
            whole=security.whole_shares,
        )
        for account, symbol, security in buyable_pairs(household)
    )


# --- 5. buy orders -------------------------------------------------------------------------


def buy_orders(household: Household, buys: tuple[BuyCandidate, ...]) -> tuple[BuyCandidate, ...]:
    """Orders that buy force their candidate (added when restrictions would leave it out)."""
    out = list(buys)
    for order in household.orders:
        if order.action is not TradeAction.BUY:
            continue
        unit_price = price(household, order.symbol)
        whole = whole_shares(household, order.symbol)
        shares = (
            order.quantity if order.quantity is not None else ((order.amount or ZERO) / unit_price)
        )
        if whole:
            shares = shares.to_integral_value(rounding=ROUND_DOWN)
        at = next(
            (
                i
                for i, b in enumerate(out)
                if (b.account, b.symbol) == (order.account, order.symbol)
            ),
            None,
        )
        if at is None:
            out.append(
                BuyCandidate(
                    account=order.account,
                    symbol=order.symbol,
                    price=unit_price,
                    whole=whole,
                    forced=shares,
                )
            )
        else:
            out[at] = replace(out[at], forced=out[at].forced + shares)
    return tuple(out)
