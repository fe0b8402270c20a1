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
import numpy.typing as npt

from trimtab.model.enums import Mode
from trimtab.money import ZERO
from trimtab.optimize.dust import TINY as DUST_TINY
from trimtab.optimize.dust import Dust, dust_of, keep_shares
from trimtab.optimize.inputs import CLASSES, PlanInputs
from trimtab.optimize.layout import Layout, Vector, f64, trade_dollars
from trimtab.optimize.model import Model, Rows, build_model
from trimtab.optimize.objective import (
    MIN_CASH_WEIGHT,
    NEW_POSITION,
    TICKET,
)
from trimtab.optimize.partial_wash import restrict
from trimtab.optimize.rows import (
    CASH_ROW,
    band_limits,
    class_change,
    target_ceilings,
    trade_minimums,
)
from trimtab.optimize.solve import Solution, solve
from trimtab.optimize.sparse import sparse, stacked

TINY = 1e-7
CENT = 0.01
REPAIRS = 12  # one-share moves the nearest rounding may make
FINE = 1e-6  # dollars: a score this small is nothing wrong (float noise)
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
    if wide is not None and _leaves_dust(p, model.layout, wide):
        wide = None  # its rows do not know the holdings whole (:mod:`.dust`): the boxed stands
    if wide is None or (boxed is not None and _priced(boxed) <= wide.solution.objective):
        return boxed
    return wide


def _leaves_dust(p: PlanInputs, lay: Layout, rounded: Rounded) -> bool:
    """``rounded`` sells a dust-ruled holding of ``p`` leaving 0 < rest < K (:mod:`.dust`)."""
    sub = rounded.model.layout
    groups = {key: g for g, key in enumerate(lay.sell_groups)}
    sold: dict[int, float] = {}
    values = np.maximum(rounded.solution.x[sub.sell : sub.buy], 0.0).tolist()
    for u, v in zip(rounded.inputs.units, values, strict=True):
        g = groups.get((u.account, u.symbol))
        if g is not None:
            sold[g] = sold.get(g, 0.0) + v
    dust = dust_of(p, lay)
    return any(
        bool(dust.ruled[g]) and v > TINY and DUST_TINY < dust.held[g] - v < dust.keep[g] - DUST_TINY
        for g, v in sold.items()
    )


def _priced(rounded: Rounded) -> float:
    """The boxed model's objective with the tickets of its trades (it has no indicators; the
    wide model's objective counts them): comparable with the wide one."""
    lay = rounded.model.layout
    groups, buys = trade_dollars(lay, rounded.solution.x)
    trades = int((groups > CENT).sum() + (buys > CENT).sum())
    new = int(((buys > CENT) & lay.arrays.b_new).sum())
    fixed = trades * (TICKET + float(rounded.inputs.commission)) + new * NEW_POSITION
    return rounded.solution.objective + fixed


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
        partial_washes=restrict(p.partial_washes, keep_units),  # their order rows stand
        unreplaceable=frozenset(k for k, j in enumerate(keep_buys) if j in p.unreplaceable),
        idle_price=_idle_of(model),  # ι of the LP's buys, not of the few kept here
    )
    exact = build_model(small, exact=True, indicators=wide, no_dust=False)
    if wide:
        solution = solve(exact, light=True)
        return Rounded(inputs=small, model=exact, solution=solution) if solution.optimal else None
    whole = _solve_boxed(p, x, small, _boxed(p, model, x, small, exact, keep_buys))
    if not sold_whole(p, model.layout, x) or (
        whole is not None and _deviation(whole.model, whole.solution.x) <= _deviation(model, x) + 1
    ):
        return whole
    # a holding the LP sells whole (:mod:`.dust`) may round to no plan, or to one that leaves
    # a class further outside than the LP did (a share of a swap's buy short of cash), where
    # keeping K shares of it would not: then the cheaper of the two
    cut = _solve_boxed(p, x, small, _boxed(p, model, x, small, exact, keep_buys, cut=True))
    if whole is None or (cut is not None and cut.solution.objective < whole.solution.objective):
        return cut
    return whole


def _deviation(model: Model, x: Vector) -> float:
    """Dollars outside the bands at ``x`` (the drift columns e⁺, e⁻ of ``model``)."""
    lay = model.layout
    return float(x[lay.over : lay.rmd_draw].sum())


def _solve_boxed(p: PlanInputs, x: Vector, small: PlanInputs, exact: Model) -> Rounded | None:
    """The boxed rounding model solved, with :func:`_min_sales` where it calls for it."""
    solution = solve(exact, light=True)
    if not solution.optimal:
        return None
    rounded = Rounded(inputs=small, model=exact, solution=solution)
    bounded = _min_sales(p, x, small, rounded)
    if bounded is None:
        return rounded
    solution = solve(bounded, light=True)
    return Rounded(inputs=small, model=bounded, solution=solution) if solution.optimal else None


def sold_whole(p: PlanInputs, lay: Layout, x: Vector) -> bool:
    """``x`` sells a dust-ruled holding of whole shares whole (:mod:`.dust`)."""
    dust = dust_of(p, lay)
    totals = _group_totals(p, x)
    arr = lay.arrays
    return any(
        totals.get(key, 0.0) > TINY
        and arr.u_whole[lay.group_columns[g][0]]
        and dust.ruled[g]
        and totals.get(key, 0.0) >= dust.held[g] - DUST_TINY
        and dust.held[g] > dust.keep[g]
        for g, key in enumerate(lay.sell_groups)
    )


def _integers(p: PlanInputs, units: list[int], buys: list[int]) -> int:
    """The integer columns of the exact model over ``units`` and ``buys``: whole-share buys
    and sale totals, and with a minimum trade or commission an indicator for each trade."""
    groups = {(p.units[i].account, p.units[i].symbol) for i in units if p.units[i].quantity > 0}
    whole = {(p.units[i].account, p.units[i].symbol) for i in units if p.units[i].whole}
    indicators = any(v > 0 for v in p.min_trade.values()) or p.commission > 0
    count = sum(p.buys[j].whole for j in buys) + len(whole & groups)
    return count + (len(groups) + len(buys) if indicators else 0)


def _boxed(
    p: PlanInputs,
    model: Model,
    x: Vector,
    small: PlanInputs,
    exact: Model,
    keep_buys: list[int],
    *,
    cut: bool = False,
) -> Model:
    """``exact`` (without trade indicators: the trades are the LP's) with each whole-share buy
    and sale total between one share below the floor of the LP's shares (the LP aims a share
    inside the band edges, :func:`.rows.aim_inside`; at the edge itself a share less may do)
    and their ceiling, and never below the account's minimum trade. A trade the LP left below
    its minimum (its rounds ran out while the last dollars moved from fund to fund) is not
    made: the exact model's minimum-trade row would refuse it. A dust-ruled sale (:mod:`.dust`)
    of a whole holding stays whole (``cut``: keeps K shares instead), and no other rounds up
    into dust."""
    sub = exact.layout
    g_min, b_min = trade_minimums(small, sub)
    bought = x[model.layout.buy : model.layout.over]
    lower, upper = exact.col_lower.copy(), exact.col_upper.copy()
    for k, j in enumerate(keep_buys):
        b = p.buys[j]
        if 0 < bought[j] * float(b.price) < b_min[k] - 0.01:
            lower[sub.buy + k] = upper[sub.buy + k] = 0.0
        elif not b.whole:  # a fraction: never below the minimum trade the LP kept it above
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
    dust = dust_of(p, model.layout)
    at = {key: g for g, key in enumerate(model.layout.sell_groups)}
    for r, g in enumerate(sub.whole_groups):
        account, symbol = sub.sell_groups[g]
        total = totals.get((account, symbol), 0.0)
        price = float(small.units[sub.group_columns[g][0]].price)
        ceiling = math.ceil(total - TINY)
        least = _least(total, price, float(g_min[g]))
        cap = _dust_cap(dust, at[(account, symbol)], total) if total > TINY else math.inf
        if cap == total and total == math.floor(total):  # a whole holding: it stays whole
            least = ceiling = int(total)  # (``cut``: or keeps K shares, the LP's sale less K)
            if cut:
                ceiling = math.floor(total - float(dust.keep[at[(account, symbol)]]) + DUST_TINY)
                least = min(_least(ceiling, price, float(g_min[g])), ceiling)
        ceiling = int(min(ceiling, cap))
        lower[sub.whole + r] = min(least, ceiling)
        upper[sub.whole + r] = ceiling if total * price >= g_min[g] - 0.01 else 0.0
    for g, _, below in _fractional_sales(p, x, small, sub):
        if below:  # the LP's sale is below its minimum: not made
            upper[[sub.sell + k for k in sub.group_columns[g]]] = 0.0
    _fractional_dust(p, x, small, sub, (lower, upper))
    return replace(exact, col_lower=lower, col_upper=upper)


def _fractional_dust(
    p: PlanInputs, x: Vector, small: PlanInputs, sub: Layout, bounds: tuple[Vector, Vector]
) -> None:
    """The rounding model's bounds (``bounds``, changed in place) on the fractional sales of
    dust-ruled holdings (:mod:`.dust`): a whole holding the LP sells stays sold whole (its lots
    at the LP's shares), and any other sale may grow by no more than leaves K shares (the
    room handed to its lots in turn, each within its own shares)."""
    lower, upper = bounds
    at = {id(u): i for i, u in enumerate(p.units)}
    whole = set(sub.whole_groups)
    for g, members in enumerate(sub.group_columns):
        if g in whole:
            continue
        units = [small.units[k] for k in members]
        if any(id(u) not in at for u in units) or any(u.forced > 0 for u in units):
            continue
        sold = [max(float(x[at[id(u)]]), 0.0) for u in units]
        total = sum(sold)
        if total <= TINY:
            continue
        lots = {u.lot_ids: float(u.held) for u in units}
        held = sum(lots.values())
        if sum(float(u.quantity) for u in units) < held - DUST_TINY:
            continue  # a restriction holds some back (or a loss lot the LP kept: not here)
        keep = min(keep_shares(p, units[0]), held)
        cols = np.array([sub.sell + k for k in members], dtype=np.int64)
        if total >= held - DUST_TINY:
            lower[cols] = upper[cols] = f64(sold)
        else:  # the room below held − K handed to the lots, those the LP sold most first
            room = max(held - keep - total, 0.0)
            for k in sorted(range(len(units)), key=lambda k: -sold[k]):
                extra = min(max(float(units[k].quantity) - sold[k], 0.0), room)
                upper[cols[k]] = min(upper[cols[k]], sold[k] + extra)
                room -= extra


def _fractional_sales(
    p: PlanInputs, x: Vector, small: PlanInputs, sub: Layout
) -> list[tuple[int, float, bool]]:
    """Each fractional sale of the rounding model with a minimum: (its sell group, the
    dollars the LP sells, whether that is below the minimum)."""
    g_min, _ = trade_minimums(small, sub)
    at = {id(u): i for i, u in enumerate(p.units)}
    whole = set(sub.whole_groups)
    out = []
    for g, members in enumerate(sub.group_columns):
        if g in whole or g_min[g] <= 0:
            continue
        units = [small.units[k] for k in members]
        shares = sum(max(float(x[at[id(u)]]), 0.0) for u in units if id(u) in at)
        dollars = shares * float(units[0].price)  # one security
        if dollars > TINY:
            out.append((g, dollars, dollars < g_min[g] - 0.01))
    return out


def _min_sales(p: PlanInputs, x: Vector, small: PlanInputs, rounded: Rounded) -> Model | None:
    """The boxed model of ``rounded`` with a row Σ_{u∈g} p s_u ≥ minimum + a cent
    (``min_sale``) for each fractional sale the LP made at or above its minimum, when the
    rounding shrank one of them below it (to pay for a share rounded elsewhere: it once sold
    $16.34 of a money market fund the LP sold $501.36 of, against a $100 minimum); None when
    none is below it. The rows go in only then: elsewhere they would only move ties."""
    boxed = rounded.model
    sub = boxed.layout
    g_min, _ = trade_minimums(small, sub)
    groups, _ = trade_dollars(sub, rounded.solution.x)
    sales = [g for g, _, below in _fractional_sales(p, x, small, sub) if not below]
    if not any(TINY < groups[g] < g_min[g] - 0.01 for g in sales):
        return None
    rows, cols, vals = [], [], []
    for r, g in enumerate(sales):
        members = sub.group_columns[g]
        rows += [r] * len(members)
        cols += [sub.sell + k for k in members]
        vals += [float(small.units[members[0]].price)] * len(members)
    extra = Rows(
        names=tuple("min_sale[{},{}]".format(*sub.sell_groups[g]) for g in sales),
        matrix=sparse((len(sales), sub.size), rows, cols, vals),
        lower=f64([float(g_min[g]) + 0.01 for g in sales]),
        upper=np.full(len(sales), np.inf),
    )
    stacked_rows = Rows(
        names=(*boxed.rows.names, *extra.names),
        matrix=stacked([boxed.rows.matrix, extra.matrix], sub.size),
        lower=np.concatenate([boxed.rows.lower, extra.lower]),
        upper=np.concatenate([boxed.rows.upper, extra.upper]),
    )
    return replace(boxed, rows=stacked_rows)


def _dust_cap(dust: Dust, g: int, total: float) -> float:
    """The most shares a whole-share sale of ``total`` shares of sell group ``g`` may round to
    (:mod:`.dust`): ``total`` itself when it is the whole holding, else the holding less K
    (the whole shares below it); no cap where the rule does not apply."""
    if not dust.ruled[g]:
        return math.inf
    held = float(dust.held[g])
    if total >= held - DUST_TINY:
        return total
    return float(math.floor(held - float(dust.keep[g]) + DUST_TINY))


def _least(shares: float, price: float, minimum: float) -> int:
    """The fewest whole shares a trade of ``shares`` may round to: one below the floor, but
    not below the minimum trade — unless the LP's trade is below it already (then none), or
    one share meets the minimum: then no trade is a rounding too. (A Roth whose LP buys 0.51
    of a $490.22 share with all its $248.37 of cash, under a $100 minimum, was held at one
    share it cannot pay for, and no rounding was found: the plan fell back to the LP's
    fractions.)"""
    if shares * price < minimum - 0.01:
        return 0
    fewest = math.ceil(minimum / price - TINY)
    if fewest <= 1:
        return max(math.floor(shares + TINY) - 1, 0)
    return max(math.floor(shares + TINY) - 1, fewest, 0)


def _group_totals(p: PlanInputs, x: Vector) -> dict[tuple[str, str], float]:
    """Shares the LP sells of each position (account, symbol)."""
    totals: dict[tuple[str, str], float] = {}
    values = np.maximum(x[: len(p.units)], 0.0)
    for u, v in zip(p.units, values.tolist(), strict=True):
        key = (u.account, u.symbol)
        totals[key] = totals.get(key, 0.0) + v
    return totals


def round_nearest(p: PlanInputs, model: Model, x: Vector) -> Vector | None:
    """The LP solution ``x`` with every whole-share trade rounded to the nearest share, then
    repaired a share at a time (at most :data:`REPAIRS` moves, each the one-share change of one
    trade that most reduces what is wrong) until every account's cash holds, no trade falls
    below its minimum, and every class the LP put inside its band is inside the band itself
    (a dollar inside its own edge). None when the repair does not get there: the rounding
    model then decides (:func:`round_whole`). Usually it gets there at once: the LP aims a
    share inside the band edges for exactly this."""
    lay = model.layout
    if not _plain(p, lay, x):
        return None
    trades = _WholeTrades.of(p, lay, x)
    if trades.count == 0:
        return x
    state = _State.of(p, model, x, trades)
    cost = _unit_costs(model, x, trades)
    shares = np.where(cost < 0, trades.high, np.round(trades.lp))  # a harvest's: the ceiling
    shares = np.clip(shares, trades.low, trades.high)  # a whole holding sold stays whole
    score = state.score(shares)
    for _ in range(REPAIRS):
        if score <= FINE:
            y = trades.apply(x, _trimmed(trades, state, shares, cost))
            return _harvests_within(model, y)
        best, best_score = None, score
        trials = _moves(trades, shares)  # each trade a share down, then up, in trade order
        for trial, value in zip(trials, state.scores(trials).tolist(), strict=True):
            if value < best_score - 1e-9:
                best, best_score = trial, value
        if best is None:
            return None
        shares, score = best, best_score
    if score > FINE:
        return None
    y = trades.apply(x, _trimmed(trades, state, shares, cost))
    return _harvests_within(model, y)


def _moves(trades: _WholeTrades, shares: Vector) -> Vector:
    """``shares`` with one trade a share lower or higher, one row a move within the trade's
    low and high: each trade's move down, then up, in trade order."""
    steps = np.repeat(np.arange(trades.count), 2)
    moved = shares[steps] + np.tile([-1.0, 1.0], trades.count)
    keep = (trades.low[steps] <= moved) & (moved <= trades.high[steps])
    trials = np.repeat(shares[None, :], int(keep.sum()), axis=0)
    trials[np.arange(trials.shape[0]), steps[keep]] = moved[keep]
    return trials


def _harvests_within(model: Model, y: Vector) -> Vector:
    """The harvest columns of ``y`` cut back where the rounded trades no longer cover them: a
    lot's harvested shares within its sold shares, then each account and class's harvested
    dollars within its replacement buys (harvest_rows)."""
    lay = model.layout
    rows = model.family("harvest_rows")
    r, c, v = model.entries("harvest_rows")
    harvest = (c >= lay.harvest) & (c < lay.trade_cost)
    out = y.copy()
    for first in (True, False):  # harvest_within_sale rows first, then replace_harvest
        excess = model.activity("harvest_rows", out) - model.rows.upper[rows]
        for row in np.flatnonzero(excess > 1e-9).tolist():
            name = model.rows.names[rows.start + row]
            if name.startswith("harvest_within_sale") != first:
                continue
            mine = (r == row) & harvest & (v > 0)
            held = float((v[mine] * out[c[mine]]).sum())
            if held > 0:
                out[c[mine]] *= max(held - float(excess[row]), 0.0) / held
    return out


def _idle_of(model: Model) -> float | None:
    """The ι ``model``'s objective prices idle cash at (None: it has no target rows)."""
    lay = model.layout
    return None if lay.off_target == lay.size else float(model.cost[lay.off_target + CASH_ROW])


def _over_prices(model: Model) -> Vector:
    """A dollar above its target ceiling costs ι for cash, π for any other class, as the
    model's objective prices its a_k (zeros: the model has no target rows)."""
    lay = model.layout
    if lay.off_target == lay.size:
        return np.zeros(len(CLASSES))
    return model.cost[lay.off_target : lay.off_target + len(CLASSES)].copy()


def _outside(value: Vector, low: Vector, high: Vector, total: float, cost: float) -> Vector:
    """Dollars each class stands outside [low, high] of the value after the trades' costs."""
    after = (total - cost) / total if total > 0 else 1.0
    return np.maximum(value - high * after, 0.0) + np.maximum(low * after - value, 0.0)


def _plain(p: PlanInputs, lay: Layout, x: Vector) -> bool:
    """The plan has none of the rows the nearest rounding does not check: tax budgets, the drift
    guard's rows, yearly sale caps, orders, `cash` and `harvest` modes. Those plans take the
    rounding model. (Harvests are kept within what was sold and replaced:
    :func:`_harvests_within`.)"""
    return (
        p.budget is None
        and p.breakeven_tax is None
        and not p.drift_cuts
        and not p.max_sell
        and not p.order_minimums
        and p.mode not in (Mode.CASH, Mode.HARVEST)
    )


def _trimmed(trades: _WholeTrades, state: _State, shares: Vector, cost: Vector) -> Vector:
    """A share less of each trade whose share costs something (tax, spread) wherever nothing
    goes wrong without it: the LP aimed a share inside the band, and the edge itself is
    enough when the rounding lands there. The trades are tried in turn, dearest first; the
    ones still to try are scored together (:meth:`_State.scores`) until one is trimmed, and
    again from the next after it."""
    out = shares.copy()
    order = np.argsort(-cost * trades.price, kind="stable").tolist()
    pending = [t for t in order if cost[t] > 0 and shares[t] - 1 >= trades.low[t]]
    while pending:
        trials = np.repeat(out[None, :], len(pending), axis=0)
        trials[np.arange(len(pending)), pending] -= 1
        values = state.scores(trials).tolist()
        # with cash going to work, a share trimmed may leave its dollars idle: a trim pays only
        # when its cost saved is more than the idle cash (or the class pushed over) it prices
        worth = cost[pending] - (state.idle(trials) - state.idle(out[None, :])[0])
        trimmed = next(
            (k for k, value in enumerate(values) if value <= FINE and worth[k] > 0), None
        )
        if trimmed is None:
            break
        out = trials[trimmed].copy()
        pending = pending[trimmed + 1 :]
    return _invested(trades, state, out, cost)


def _invested(trades: _WholeTrades, state: _State, shares: Vector, cost: Vector) -> Vector:
    """With cash going to work (:func:`.rows.target_rows`), a share more of a buy up to the
    LP's own (rounded up) wherever the idle cash it invests is worth more than the share costs
    and nothing goes wrong with it: the nearest rounding may have left a share's cash idle
    that the exact model would invest. The best move first, until none pays."""
    out = shares.copy()
    if not state.priced.any():
        return out
    for _ in range(REPAIRS):
        buys = np.flatnonzero((trades.sign > 0) & (out + 1 <= trades.high))
        if not buys.size:
            break
        trials = np.repeat(out[None, :], buys.size, axis=0)
        trials[np.arange(buys.size), buys] += 1
        gain = state.idle(out[None, :])[0] - state.idle(trials) - cost[buys]
        gain[state.scores(trials) > FINE] = -1.0
        best = int(np.argmax(gain))
        if gain[best] <= CENT:
            break
        out = trials[best]
    return out


def _unit_costs(model: Model, x: Vector, trades: _WholeTrades) -> Vector:
    """The objective's cost of one more share of each trade (a sale's: its lots' average as
    the LP sold them); −1 for a trade a harvest rests on (a harvested sale, or a buy that
    replaces a harvest), which is never trimmed."""
    lay = model.layout
    r, c, _ = model.entries("harvest_rows")
    harvested = (c >= lay.harvest) & (c < lay.trade_cost) & (x[c] > TINY)
    carried = set(c[np.isin(r, r[harvested])].tolist())
    out = np.zeros(trades.count)
    for t, cols in enumerate(trades.cols):
        if carried.intersection(cols.tolist()):
            out[t] = -1.0
            continue
        weights = np.maximum(x[cols], 0.0)
        out[t] = float(model.cost[cols] @ weights / weights.sum()) if weights.sum() > 0 else 0.0
    return out


@dataclass(frozen=True, slots=True)
class _WholeTrades:
    """The LP's whole-share trades: buys (one column) and sale totals (a group's columns).

    lp: the LP's shares; low/high: the shares a repair may reach (one below the floor, the
    ceiling); sign: +1 a buy, −1 a sale; price, rate (half-spread), account, weights (classes),
    minimum (dollars; 0 when the LP's own trade is below it), cols (columns of each trade)."""

    count: int
    lp: Vector
    low: Vector
    high: Vector
    sign: Vector
    price: Vector
    rate: Vector
    account: npt.NDArray[np.int64]
    weights: Vector
    minimum: Vector
    cols: tuple[npt.NDArray[np.int64], ...]

    @staticmethod
    def of(p: PlanInputs, lay: Layout, x: Vector) -> _WholeTrades:
        arr = lay.arrays
        g_min, b_min = trade_minimums(p, lay)
        rows: list[tuple[float, float, int, int, float, npt.NDArray[np.int64]]] = []
        sold = (arr.u_group >= 0) & (x[lay.sell : lay.buy] > 0)
        selling = np.bincount(arr.u_group[sold], minlength=len(lay.group_columns))
        caps: list[float] = []  # the most shares a sale may round to (:func:`_dust_cap`)
        for g in np.flatnonzero(selling).tolist():  # (shares, sign, unit or buy, …)
            members = lay.group_columns[g]
            cols = lay.sell + np.array(members, dtype=np.int64)
            total = float(np.maximum(x[cols], 0.0).sum())
            if total > TINY and arr.u_whole[members[0]] and arr.u_forced[list(members)].sum() == 0:
                rows.append((total, -1.0, members[0], -1, float(g_min[g]), cols))
                caps.append(_dust_cap(dust_of(p, lay), g, total))
        for j in np.flatnonzero((x[lay.buy : lay.over] > TINY) & arr.b_whole).tolist():
            if arr.b_forced[j] <= 0:
                cols = np.array([lay.buy + j], dtype=np.int64)
                rows.append((float(x[lay.buy + j]), 1.0, -1, j, float(b_min[j]), cols))
        sells = [r[2] for r in rows if r[1] < 0]
        buys = [r[3] for r in rows if r[1] > 0]
        lp = f64([r[0] for r in rows])
        price = np.concatenate([arr.u_price[sells], arr.b_price[buys]])
        minimum = f64([r[4] for r in rows])
        cap = np.concatenate([f64(caps), np.full(len(buys), np.inf)])
        whole = cap == lp  # a whole holding sold: it stays whole
        high = np.where(whole, lp, np.minimum(np.ceil(lp - TINY), cap))
        return _WholeTrades(
            count=len(rows),
            lp=lp,
            low=np.where(whole, lp, np.minimum(np.maximum(np.floor(lp + TINY) - 1, 0.0), high)),
            high=high,
            sign=f64([r[1] for r in rows]),
            price=price,
            rate=np.concatenate([arr.u_rate[sells], arr.b_rate[buys]]),
            account=np.concatenate([arr.u_account[sells], arr.b_account[buys]]),
            weights=np.concatenate([arr.u_weights[sells], arr.b_weights[buys]]),
            minimum=np.where(lp * price < minimum - CENT, 0.0, minimum),
            cols=tuple(r[5] for r in rows),
        )

    def apply(self, x: Vector, shares: Vector) -> Vector:
        """``x`` with each trade at ``shares`` (a sale's lots scaled to its new total)."""
        y = x.copy()
        for t, cols in enumerate(self.cols):
            if self.sign[t] > 0:
                y[cols] = shares[t]
            else:
                y[cols] = np.maximum(x[cols], 0.0) * (shares[t] / self.lp[t])
        return y


@dataclass(frozen=True, slots=True)
class _State:
    """What the rounded trades are checked against, as changes from the LP's solution: each
    account's cash over its floor and over its `min_cash` (a soft floor: the rounding may not
    leave an account further below it than the LP did), each class's value, the trades'
    costs, the band limits and how far outside them the LP left each class (a class it could
    not bring back may not end further out)."""

    trades: _WholeTrades
    cash: Vector  # cash over the floor with the LP's shares
    value: Vector  # class values with the LP's shares
    cost: float
    total: float  # V, the value after flows
    low: Vector
    high: Vector
    allowed: Vector  # dollars outside the band the LP left each class (0: inside)
    above_min: Vector  # each account's cash above its min_cash with the LP's shares
    short_min: Vector  # how far below min_cash the LP left it (and a cent)
    ceiling: Vector  # dollars of each class above which the target rows price it
    priced: Vector  # what a dollar above its ceiling costs (zeros: no target rows)

    @staticmethod
    def of(p: PlanInputs, model: Model, x: Vector, trades: _WholeTrades) -> _State:
        lay = model.layout
        change = model.activity("cash_rows", x)
        cash = change - model.rows.lower[model.family("cash_rows")]
        above_min = change - model.rows.lower[model.family("min_cash_rows")]
        base, low, high = band_limits(p, lay, aim=False)
        value = base + class_change(p, lay).dot(x)
        total = float(p.value_after_flows)
        deviation = _outside(value, low, high, total, float(x[lay.trade_cost]))
        return _State(
            trades=trades,
            cash=cash,
            value=value,
            cost=float(x[lay.trade_cost]),
            total=total,
            low=low,
            high=high,
            allowed=np.where(deviation < CENT, 0.0, deviation + CENT),
            above_min=above_min,
            short_min=np.maximum(-above_min, 0.0) + CENT,
            ceiling=target_ceilings(p, lay, slack=True),
            priced=_over_prices(model),
        )

    def idle(self, trials: Vector) -> Vector:
        """What the target rows charge each row of ``trials``: idle cash above its ceiling
        and classes pushed above theirs, at the objective's prices (zeros without them)."""
        if not self.priced.any():
            return np.zeros(trials.shape[0])
        t = self.trades
        dollars = (trials - t.lp) * t.price
        cash_moves = -t.sign * dollars * (1 + t.sign * t.rate)
        value = self.value + (t.sign * dollars) @ t.weights
        value[:, CASH_ROW] += cash_moves.sum(axis=1)
        return np.asarray(np.maximum(value - self.ceiling, 0.0) @ self.priced, dtype=np.float64)

    def scores(self, trials: Vector) -> Vector:
        """:meth:`score` of each row of ``trials`` (shares of each trade), figured for all rows
        at once with the same arithmetic, so that each is the very float :meth:`score` gives."""
        t = self.trades
        n, accounts = trials.shape[0], self.cash.size
        if not n:
            return np.zeros(0)
        delta = trials - t.lp
        dollars = delta * t.price
        cash_moves = -t.sign * dollars * (1 + t.sign * t.rate)
        bins = (np.arange(n)[:, None] * accounts + t.account).ravel()
        cash = self.cash + np.bincount(
            bins, weights=cash_moves.ravel(), minlength=n * accounts
        ).reshape(n, accounts)
        signed = t.sign * dollars
        value = self.value + np.array([row @ t.weights for row in signed]).reshape(n, -1)
        value[:, CASH_ROW] += cash_moves.sum(axis=1)
        cost = self.cost + (
            (t.rate * np.abs(t.price * trials)).sum(axis=1) - (t.rate * t.price * t.lp).sum()
        )
        after = (self.total - cost) / self.total if self.total > 0 else np.ones(n)
        over = np.maximum(value - self.high * after[:, None], 0.0) + np.maximum(
            self.low * after[:, None] - value, 0.0
        )
        traded = trials * t.price
        small = np.maximum(t.minimum - traded, 0.0) * (traded > 0)
        short = np.maximum(-cash, 0.0)
        worse = np.maximum(over - self.allowed, 0.0)
        moves = cash - self.cash
        below_min = np.maximum(np.maximum(-(self.above_min + moves), 0.0) - self.short_min, 0.0)
        return np.asarray(
            1000.0 * short.sum(axis=1)
            + worse.sum(axis=1)
            + small.sum(axis=1)
            + MIN_CASH_WEIGHT * below_min.sum(axis=1),
            dtype=np.float64,
        )

    def score(self, shares: Vector) -> float:
        """What is wrong with the trades at ``shares``, in dollars (cash short counts 1,000
        times): 0 when nothing is."""
        t = self.trades
        delta = shares - t.lp
        dollars = delta * t.price
        cash_moves = -t.sign * dollars * (1 + t.sign * t.rate)  # a buy pays, a sale nets
        cash = self.cash + np.bincount(t.account, weights=cash_moves, minlength=self.cash.size)
        value = self.value + (t.sign * dollars) @ t.weights
        value[CASH_ROW] += cash_moves.sum()
        cost = self.cost + float(
            (t.rate * np.abs(t.price * shares)).sum() - (t.rate * t.price * t.lp).sum()
        )
        over = _outside(value, self.low, self.high, self.total, cost)
        traded = shares * t.price
        small = np.maximum(t.minimum - traded, 0.0) * (traded > 0)
        short = np.maximum(-cash, 0.0)
        worse = np.maximum(over - self.allowed, 0.0)
        moves = cash - self.cash
        below_min = np.maximum(np.maximum(-(self.above_min + moves), 0.0) - self.short_min, 0.0)
        return float(
            1000.0 * short.sum() + worse.sum() + small.sum() + MIN_CASH_WEIGHT * below_min.sum()
        )
