"""The client's restrictions that shaped a trade, quoted with their reasons (issue 21 item 5).

- A sale held to a `max_sell_per_year` allowance (the plan sells within a dollar of what is
  left of it this year): "Held to the client's yearly sale limit on VOO: $20,000.00 a year
  ('spread the gain over years'), $20,000.00 of it in this plan."
- A purchase whose class has funds a `no_buy` or `exclude_tag` rule keeps out of this account
  (among those the household prices or holds): "Not bought instead: XLE (`exclude_tag:
  fossil_fuels`, 'ESG mandate')."

A restriction that kept a trade out of the plan altogether (a lockup, a `no_sell`) and left a
class outside its band is named in that class's warning (:mod:`trimtab.explain.outside`).
"""

from __future__ import annotations

from decimal import Decimal

from trimtab.model.enums import RestrictionKind, TradeAction
from trimtab.model.household import Household, Restriction
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO, dollars_text
from trimtab.optimize.flows import max_sell

USED_UP = Decimal(1)  # dollars: an allowance used to within this held the sale


def restriction_words(
    household: Household, t: PlannedTrade, trades: tuple[PlannedTrade, ...]
) -> str:
    """The sentences of the restrictions that shaped ``t`` ('' when none did)."""
    if not household.restrictions:
        return ""
    if t.action is TradeAction.SELL:
        return _capped(household, t, trades)
    return _kept_out(household, t)


def _quoted(r: Restriction) -> str:
    return f", {r.reason!r}" if r.reason else ""


def _capped(household: Household, t: PlannedTrade, trades: tuple[PlannedTrade, ...]) -> str:
    left = dict(max_sell(household))
    for r in household.restrictions:
        if r.kind is not RestrictionKind.MAX_SELL_PER_YEAR or r.symbol != t.symbol:
            continue
        sold = sum(
            (x.amount for x in trades if x.action is TradeAction.SELL and x.symbol == t.symbol),
            ZERO,
        )
        if sold >= left.get(t.symbol, ZERO) - USED_UP:
            reason = f" ({r.reason!r})" if r.reason else ""
            return (
                f" Held to the client's yearly sale limit on {t.symbol}: "
                f"{dollars_text(r.amount or ZERO)} a year{reason}, {dollars_text(sold)} of it in "
                "this plan."
            )
    return ""


def _kept_out(household: Household, t: PlannedTrade) -> str:
    bought = household.security(t.symbol)
    if bought is None:
        return ""
    main = bought.main_class
    universe = sorted(
        {p.symbol for p in household.prices}
        | {h.symbol for a in household.accounts for h in a.holdings}
    )
    kept: list[str] = []
    for symbol in universe:
        security = household.security(symbol)
        if symbol == t.symbol or security is None or security.main_class is not main:
            continue
        for r in household.restrictions:
            if r.account and r.account != t.account:
                continue
            if r.kind is RestrictionKind.NO_BUY and r.symbol == symbol:
                kept.append(f"{symbol} (`no_buy`{_quoted(r)})")
                break
            if r.kind is RestrictionKind.EXCLUDE_TAG and r.tag in security.tags:
                kept.append(f"{symbol} (`exclude_tag: {r.tag}`{_quoted(r)})")
                break
    if not kept:
        return ""
    return f" Not bought instead: {', '.join(kept)}."
