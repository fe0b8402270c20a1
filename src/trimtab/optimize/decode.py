"""Turn the solver's floats back into exact trades: Decimal shares, whole where they must be.

Rules. Whole-share securities sell and buy whole shares: a sell group's (account, symbol) total
is the solver's integer, taken from its lots cheapest first; fractional securities keep six
places, rounded down so nothing is sold or spent beyond what the solver allowed. Afterwards cash is
recomputed exactly; if rounding left an account short, its buys shrink (a share at a time, or
the shortfall's worth) until its cash is not negative. RMD draws are rounded up to the cent.
A holding in an account with a relief method sells its lots in the method's order, whole lots
first (:func:`.relief_order.fill_in_order`): the lots the tax engine will relieve.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

import numpy as np

from trimtab.money import CENT, SHARE_PLACES, ZERO
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.model import Model, Vector
from trimtab.optimize.partial_wash_rows import merged
from trimtab.optimize.relief_order import fill_in_order
from trimtab.optimize.units import BuyCandidate, SellUnit

TINY = 1e-7


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Exact quantities: shares sold per unit, bought per candidate, RMD drawn per account."""

    sells: tuple[tuple[SellUnit, Decimal], ...]
    buys: tuple[tuple[BuyCandidate, Decimal], ...]
    draws: tuple[tuple[str, Decimal], ...]
    harvested: tuple[SellUnit, ...] = ()


def decode(p: PlanInputs, model: Model, x: Vector) -> Decoded:
    """The exact trades of the solution vector ``x``."""
    values: list[float] = x.tolist()  # the same floats, in one call
    lay = model.layout
    draws = _draws(p, model, values)
    sells = _sells(p, values[lay.sell : lay.buy])
    buys = [
        (b, _buy_quantity(b, values[lay.buy + j], p.min_trade[b.account]))
        for j, b in enumerate(p.buys)
    ]
    sells, buys = _fit_cash(p, sells, buys, dict(draws))
    sells = fill_in_order(sells)  # a relief method's lots: a prefix of its order
    harvested = tuple(
        p.units[i] for k, i in enumerate(lay.harvests) if values[lay.harvest + k] > TINY
    )
    return Decoded(
        sells=tuple((u, q) for u, q in sells if q > 0),
        buys=tuple((b, q) for b, q in buys if q > 0),
        draws=draws,
        harvested=harvested,
    )


def _shares(value: float) -> Decimal:
    return Decimal(repr(max(value, 0.0))).quantize(SHARE_PLACES, rounding=ROUND_DOWN)


def _buy_quantity(b: BuyCandidate, value: float, minimum: Decimal) -> Decimal:
    """Whole shares to the nearest; a fraction to six places, down, unless that would take a
    buy the solver made at its account's minimum trade below it (then up: $100.00 of a
    fund at $180.61 is 0.553679 shares, $99.99996, short of a $100 minimum)."""
    if value < TINY:
        return max(b.forced, ZERO)
    if b.whole:
        return max(Decimal(round(value)), b.forced)
    shares = _shares(value)
    if shares * b.price < minimum <= Decimal(repr(value)) * b.price + CENT:
        shares = Decimal(repr(value)).quantize(SHARE_PLACES, rounding=ROUND_CEILING)
    return max(shares, b.forced)


def _sells(p: PlanInputs, values: list[float]) -> list[tuple[SellUnit, Decimal]]:
    """Shares sold per unit: the positions the model sells (or that are forced), filled lot by
    lot; every other unit sells nothing. A priced partial wash's two parts are one lot again
    (:func:`.partial_wash_rows.merged`)."""
    units, values = merged(p, values)
    sold = np.flatnonzero(np.asarray(values) > TINY).tolist()
    trading = {(units[i].account, units[i].symbol) for i in sold}
    trading |= {(u.account, u.symbol) for u in units if u.forced}
    groups: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        key = (u.account, u.symbol)
        if key in trading:
            groups[key].append(i)
    out: dict[int, Decimal] = {}
    for members in groups.values():
        out.update(_fill_group(units, members, values))
    return [(u, out.get(i, ZERO)) for i, u in enumerate(units)]


def _fill_group(
    all_units: list[SellUnit], members: list[int], values: list[float]
) -> dict[int, Decimal]:
    """The group's total shares, taken from the lots the model sold, those it sold whole first,
    then cheapest first (at most one partial lot).

    All lots of a group share a price and asset classes; filling the model's whole lots first
    keeps its choice (:func:`_sold_whole`), and cheapest first among the rest (the lots it
    sold in part, then the others) leaves at most one lot partly sold, so the trade names its
    lots in the order sold. Among lots the model sold in part, cheapest first, not the larger
    fraction first: at the top of the 0 % long-term bracket the LP may split the gain it
    fills across two lots in any mix (seed 31 of the tax-curve property test: L22 at $42.42 a
    share and L24 at $11.81, each about half sold; the larger fraction first sold all of L22,
    $11,902.78 of gain, past the bracket: +$534.80 of tax for a plan the model put at −$85). Only
    the lots the model sold are filled (a loss lot it kept back for wash-sale reasons stays);
    rounding up spills over to lots at a gain only.
    """
    units = [all_units[i] for i in members]
    raw = sum(max(values[i], 0.0) for i in members)
    whole = units[0].whole and all(u.held == u.held.to_integral_value() for u in units)
    total = Decimal(round(raw)) if whole else _shares(raw)
    total = max(total, sum((u.forced for u in units), ZERO))
    used = [values[i] > TINY for i in members]
    order = sorted(
        (k for k in range(len(units)) if used[k] or units[k].forced or not units[k].loss),
        key=lambda k: (
            -units[k].forced,
            not used[k],
            not _sold_whole(values[members[k]], units[k]),  # the model's whole lots first
            units[k].net_tax_per_share + units[k].defer_per_share,
            units[k].gain_per_share,  # at a rate of 0 %, the lower gain still goes first
            k,
        ),
    )
    taken: dict[int, Decimal] = {}
    for k in order:
        room = max(units[k].quantity, units[k].forced)
        take = min(room, total)
        if take > 0:
            taken[members[k]] = take
            total -= take
    return taken


def _sold_whole(value: float, unit: SellUnit) -> bool:
    """The model sold all of the lot (to 1e-6: 8.9999999 of 9 is all of it).

    The lots the model sold whole come first, then those it sold in part: the model's
    choice among a position's lots is not by cost per share alone since the tax term prices
    the plan's net gain and its short-term part on the year's curves (a short-term loss may
    be worth less than a long-term one of the same size at the linear rates' order), and
    the model's tax for its plan is the exact engine's only for the lots it chose
    (tests/optimize/test_plan_tax_curve.py, seed 33: HYG L24 sold whole by the model, the
    linear order took L28's short-term loss instead: −1,539.88 against −1,521.18)."""
    if unit.quantity <= 0 or value <= TINY:
        return False
    return round(min(value / float(unit.quantity), 1.0), 6) >= 1.0


def _fit_cash(
    p: PlanInputs,
    sells: list[tuple[SellUnit, Decimal]],
    buys: list[tuple[BuyCandidate, Decimal]],
    draws: dict[str, Decimal],
) -> tuple[list[tuple[SellUnit, Decimal]], list[tuple[BuyCandidate, Decimal]]]:
    """Where rounding would leave an account's cash negative: first sell a millionth of a share
    more of a fractional position the account already sells (a fraction rounded down to six
    places leaves it a hundredth of a cent short: never worth a whole share of a buy); then
    shrink its buys; if that is not enough (an RMD rounded up to the cent, whole-share sales),
    sell a little more."""
    cash = _cash_after(p, sells, buys, draws)
    sells = _top_up(p, sells, cash, fractions_sold_only=True)
    out = []
    for b, q in reversed(buys):
        unit = b.price * (1 + p.cost_rate[b.symbol])
        while cash[b.account] < 0 and q > b.forced:
            step = Decimal(1) if b.whole else min(q - b.forced, _shortfall_shares(cash, b, unit))
            q -= step
            cash[b.account] += step * unit
        out.append((b, q))
    return _top_up(p, sells, cash), list(reversed(out))


def _cash_after(
    p: PlanInputs,
    sells: list[tuple[SellUnit, Decimal]],
    buys: list[tuple[BuyCandidate, Decimal]],
    draws: dict[str, Decimal],
) -> dict[str, Decimal]:
    cash = {
        a.account: a.cash + a.contributions - a.withdrawals - draws.get(a.account, ZERO)
        for a in p.accounts
    }
    traded: set[tuple[str, str, str]] = set()
    for u, q in sells:
        if q > 0:
            cash[u.account] += q * u.price * (1 - p.cost_rate[u.symbol])
            traded.add((u.account, u.symbol, "sell"))
    for b, q in buys:
        if q > 0:
            cash[b.account] -= q * b.price * (1 + p.cost_rate[b.symbol])
            traded.add((b.account, b.symbol, "buy"))
    for account, _, _ in traded:
        cash[account] -= p.commission
    return cash


def _top_up(
    p: PlanInputs,
    sells: list[tuple[SellUnit, Decimal]],
    cash: dict[str, Decimal],
    *,
    fractions_sold_only: bool = False,
) -> list[tuple[SellUnit, Decimal]]:
    """Sell a little more of what the account already sells (its partly sold unit first), or
    else of a unit at a gain, until its cash is not negative; a loss unit the solver did not
    sell is never started here (it could wash). ``fractions_sold_only``: only fractional-share
    units already being sold."""
    out = list(sells)
    short = {account for account, amount in cash.items() if amount < 0}
    if not short:
        return out
    candidates = (
        k
        for k in range(len(out))
        if out[k][0].account in short
        and (out[k][1] > 0 or not out[k][0].loss)
        and not (fractions_sold_only and (out[k][0].whole or out[k][1] == 0))
    )
    order = sorted(
        candidates,
        key=lambda k: (
            out[k][1] == 0,
            not (ZERO < out[k][1] < out[k][0].quantity),
            out[k][0].net_tax_per_share,
            out[k][0].gain_per_share,
            k,
        ),
    )
    for k in order:
        u, q = out[k]
        room = max(u.quantity, u.forced) - q
        net = u.price * (1 - p.cost_rate[u.symbol])
        while cash[u.account] < 0 and room > 0:
            step = (
                Decimal(1)
                if u.whole
                else (-cash[u.account] / net).quantize(SHARE_PLACES, rounding=ROUND_CEILING)
            )
            step = min(max(step, SHARE_PLACES), room)
            q, room = q + step, room - step
            cash[u.account] += step * net
        out[k] = (u, q)
    return out


def _shortfall_shares(cash: dict[str, Decimal], b: BuyCandidate, unit: Decimal) -> Decimal:
    shares = (-cash[b.account] / unit).quantize(SHARE_PLACES, rounding=ROUND_CEILING)
    return max(shares, SHARE_PLACES)


def _draws(p: PlanInputs, model: Model, values: list[float]) -> tuple[tuple[str, Decimal], ...]:
    """RMD taken per account: own RMDs as due, aggregated ones as the solver drew them."""
    drawn: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for a in p.accounts:
        if a.rmd > 0:
            drawn[a.account] += a.rmd.quantize(CENT, rounding=ROUND_CEILING)
    lay = model.layout
    for g, group in enumerate(p.rmd_groups):
        columns = [(d, account) for d, (gi, account) in enumerate(lay.draws) if gi == g]
        amounts = {
            account: Decimal(repr(max(values[lay.rmd_draw + d], 0.0))).quantize(
                CENT, rounding=ROUND_CEILING
            )
            for d, account in columns
        }
        short = group.amount.quantize(CENT, rounding=ROUND_CEILING) - sum(amounts.values(), ZERO)
        if short > 0:
            biggest = max(amounts, key=lambda k: amounts[k])
            amounts[biggest] += short
        for account, amount in amounts.items():
            drawn[account] += amount
    return tuple((a.account, drawn[a.account]) for a in p.accounts if drawn[a.account] > 0)
