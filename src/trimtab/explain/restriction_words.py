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

from trimtab.analysis.restrictions import blocks_buy
from trimtab.model.enums import RestrictionKind, TradeAction
from trimtab.model.household import Household, Restriction
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO, dollars_text
from trimtab.optimize.flows import max_sell

USED_UP = Decimal(1)  # dollars: an allowance used to within this held the sale


def used_up_limits(
    household: Household, trades: tuple[PlannedTrade, ...]
) -> tuple[tuple[Restriction, Decimal], ...]:
    """Each `max_sell_per_year` restriction the plan uses up (its sales of the symbol within
    :data:`USED_UP` of what is left this year), in file order, with those sales in dollars:
    figured once a plan, read by each sale's words and by the warnings of classes left outside
    (:mod:`trimtab.explain.outside`)."""
    limits = [r for r in household.restrictions if r.kind is RestrictionKind.MAX_SELL_PER_YEAR]
    if not limits:
        return ()
    left = dict(max_sell(household))
    sold: dict[str, Decimal] = {}
    for t in trades:
        if t.action is TradeAction.SELL:
            sold[t.symbol] = sold.get(t.symbol, ZERO) + t.amount
    return tuple(
        (r, sold.get(r.symbol, ZERO))
        for r in limits
        if sold.get(r.symbol, ZERO) >= left.get(r.symbol, ZERO) - USED_UP
    )


def restriction_words(
    household: Household, t: PlannedTrade, limits: tuple[tuple[Restriction, Decimal], ...]
) -> str:
    """The sentences of the restrictions that shaped ``t`` ('' when none did); ``limits``: the
    plan's :func:`used_up_limits`."""
    if not household.restrictions:
        return ""
    if t.action is TradeAction.SELL:
        return _capped(t, limits)
    return _kept_out(household, t)


def _quoted(r: Restriction) -> str:
    return f", {r.reason!r}" if r.reason else ""


def _capped(t: PlannedTrade, limits: tuple[tuple[Restriction, Decimal], ...]) -> str:
    for r, sold in limits:
        if r.symbol == t.symbol:
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
        rule = next((r for r in household.restrictions if blocks_buy(r, t.account, security)), None)
        if rule is not None:
            what = "no_buy" if rule.kind is RestrictionKind.NO_BUY else f"exclude_tag: {rule.tag}"
            kept.append(f"{symbol} (`{what}`{_quoted(rule)})")
    if not kept:
        return ""
    return f" Not bought instead: {', '.join(kept)}."
