"""Whole shares from the LP's fractions: a small exact model around the LP's trades.

The LP-first engine's solution trades fractions of whole-share securities. Rounding each trade
on its own can leave an account's cash negative (a buy rounded up) or push a class the LP put
exactly on its band edge over it (a sale rounded down). So the rounding is itself solved: the
exact mixed-integer model (:mod:`.model` with ``exact=True``: whole shares, minimum trades, one
ticket per trade) is built over the LP's trades only — the positions it sells (with their
lots: an unused loss lot stays unsold, since a new loss sale could be washed), the candidates
it buys and what is forced — with each whole-share buy between the floor and the ceiling of
the LP's shares and each whole-share sale's total likewise. Its integers are those few
floor-or-ceiling choices, so it solves in milliseconds; every constraint of the model holds
(cash, bands as soft deviations, RMDs, orders, wash-sale choices as the LP made them) and its
objective picks the cheapest rounding. Example: the LP sells 35.1 IVV at $500 and buys 233.33
BND at $75 to reach a bond floor of $47,500 in an IRA: rounding to nearest (35, 233) leaves
bonds $25 short of the band; the rounding model buys 234 BND and sells 36 IVV to pay for it.

When no rounding in the box is feasible (rare: every choice short of cash), the engine keeps
the LP's fractions and :mod:`.decode` rounds them one by one, shrinking buys to fit the cash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from trimtab.money import ZERO
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Vector
from trimtab.optimize.model import Model, build_model
from trimtab.optimize.rows import trade_minimums
from trimtab.optimize.solve import Solution, solve

TINY = 1e-7
WIDE_INTEGERS = 40  # the wide rounding model is searched only up to this many integers


@dataclass(frozen=True, slots=True)
class Rounded:
    """The inputs restricted to the LP's trades, their exact model and its integral solution."""

    inputs: PlanInputs
    model: Model
    solution: Solution


def round_whole(p: PlanInputs, model: Model, x: Vector) -> Rounded | None:
    """The cheapest whole-share rounding of the LP solution ``x`` of ``model`` (None when no
    rounding is feasible): the boxed rounding model, and, when the wide one is small enough to
    search in milliseconds (at most :data:`WIDE_INTEGERS` integer columns), the wide one too;
    the cheaper of the two."""
    boxed = _rounding(p, model, x, wide=False)
    wide = _rounding(p, model, x, wide=True)
    if wide is None or (boxed is not None and boxed.solution.objective <= wide.solution.objective):
        return boxed
    return wide


def _rounding(p: PlanInputs, model: Model, x: Vector, *, wide: bool) -> Rounded | None:
    """The rounding model: the LP's trades boxed between floor and ceiling (or, ``wide``,
    every position and candidate of the accounts the LP trades in, unboxed). The LP's wash-sale
    choices stand: a loss lot it did not sell stays unsold, and nothing of a group whose loss
    lots it sells is bought."""
    lay = model.layout
    sold = x[lay.sell : lay.buy] > TINY
    bought = x[lay.buy : lay.over]
    if wide:
        accounts = {u.account for u, s in zip(p.units, sold, strict=True) if s}
        accounts |= {b.account for b, q in zip(p.buys, bought, strict=True) if q > TINY}
        groups = {(u.account, u.symbol) for u in p.units if u.account in accounts}
    else:
        groups = {(u.account, u.symbol) for u, s in zip(p.units, sold, strict=True) if s}
    keep_units = [
        i
        for i, u in enumerate(p.units)
        if ((u.account, u.symbol) in groups and (sold[i] or not u.loss)) or u.forced > 0
    ]
    washed = {j for _, units, buys in p.exclusive if any(sold[i] for i in units) for j in buys}
    keep_buys = [
        j
        for j, b in enumerate(p.buys)
        if bought[j] > TINY or b.forced > 0 or (wide and b.account in accounts and j not in washed)
    ]
    if wide and _integers(p, keep_units, keep_buys) > WIDE_INTEGERS:
        return None
    bought_here = {(p.buys[j].account, p.buys[j].symbol) for j in keep_buys}
    kept = set(keep_units)
    held = [  # positions the model may not sell but that make a buy no new position
        replace(u, quantity=ZERO, forced=ZERO)
        for i, u in enumerate(p.units)
        if i not in kept and u.held > 0 and (u.account, u.symbol) in bought_here
    ]
    small = replace(
        p,
        units=(*(p.units[i] for i in keep_units), *held),
        buys=tuple(p.buys[j] for j in keep_buys),
        exclusive=(),
    )
    exact = build_model(small, exact=True, indicators=wide)
    if not wide:
        exact = _boxed(p, model, x, small, exact, keep_buys)
    solution = solve(exact, light=True)
    if not solution.optimal:
        return None
    return Rounded(inputs=small, model=exact, solution=solution)


def _integers(p: PlanInputs, units: list[int], buys: list[int]) -> int:
    """The integer columns of the exact model over ``units`` and ``buys``: whole-share buys
    and sale totals, and with a minimum trade or commission an indicator for each trade."""
    groups = {(p.units[i].account, p.units[i].symbol) for i in units if p.units[i].quantity > 0}
    whole = {(p.units[i].account, p.units[i].symbol) for i in units if p.units[i].whole}
    indicators = any(v > 0 for v in p.min_trade.values()) or p.commission > 0
    count = sum(p.buys[j].whole for j in buys) + len(whole & groups)
    return count + (len(groups) + len(buys) if indicators else 0)


def _boxed(
    p: PlanInputs, model: Model, x: Vector, small: PlanInputs, exact: Model, keep_buys: list[int]
) -> Model:
    """``exact`` (without trade indicators: the trades are the LP's) with each whole-share buy
    and sale total between one share below the floor of the LP's shares (the LP aims a share
    inside the band edges, :func:`.rows.aim_inside`; at the edge itself a share less may do)
    and their ceiling, and never below the account's minimum trade."""
    sub = exact.layout
    g_min, b_min = trade_minimums(small, sub)
    bought = x[model.layout.buy : model.layout.over]
    lower, upper = exact.col_lower.copy(), exact.col_upper.copy()
    for k, j in enumerate(keep_buys):
        b = p.buys[j]
        if not b.whole:  # a fraction: never below the minimum trade the LP kept it above
            # (a cent above it: decode rounds fractions down to six places)
            price = float(b.price)
            at_least = bought[j] * price >= b_min[k] - 0.01 and b_min[k] > 0
            least = (b_min[k] + 0.01) / price if at_least else float(bought[j])
            lower[sub.buy + k] = max(lower[sub.buy + k], least)
        else:
            ceiling = math.ceil(bought[j] - TINY)
            least = _least(float(bought[j]), float(b.price), float(b_min[k]))
            upper[sub.buy + k] = max(lower[sub.buy + k], ceiling)
            lower[sub.buy + k] = max(lower[sub.buy + k], min(least, ceiling))
    totals = _group_totals(p, x)
    for r, g in enumerate(sub.whole_groups):
        account, symbol = sub.sell_groups[g]
        total = totals.get((account, symbol), 0.0)
        price = float(small.units[sub.group_columns[g][0]].price)
        ceiling = math.ceil(total - TINY)
        least = _least(total, price, float(g_min[g]))
        lower[sub.whole + r] = min(least, ceiling)
        upper[sub.whole + r] = ceiling
    return replace(exact, col_lower=lower, col_upper=upper)


def _least(shares: float, price: float, minimum: float) -> int:
    """The fewest whole shares a trade of ``shares`` may round to: one below the floor, but
    not below the minimum trade — unless the LP's trade is below it already (then none)."""
    if shares * price < minimum - 0.01:
        return 0
    return max(math.floor(shares + TINY) - 1, math.ceil(minimum / price - TINY), 0)


def _group_totals(p: PlanInputs, x: Vector) -> dict[tuple[str, str], float]:
    """Shares the LP sells of each position (account, symbol)."""
    totals: dict[tuple[str, str], float] = {}
    values = np.maximum(x[: len(p.units)], 0.0)
    for u, v in zip(p.units, values.tolist(), strict=True):
        key = (u.account, u.symbol)
        totals[key] = totals.get(key, 0.0) + v
    return totals
