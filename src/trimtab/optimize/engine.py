"""The two ways to solve a household's model: the LP-first engine (default) and the exact MILP.

**LP-first** (docs/optimizer.md, "The engine"). Shares and lots are continuous; the model has
no trade indicators and no whole-share columns. In order:

1. Solve the LP (milliseconds: a household's LP has a few thousand columns).
2. Wash-sale choices. Where the LP both sells a loss lot of a wash-sale group G and buys into
   G (y_G fractional, which IRC §1091 forbids: the buy would wash the loss), a depth-first
   branch and bound over those groups only fixes y_G to 1 or 0 and re-solves the LP from its
   last basis, at most :data:`WASH_NODES` LPs (:func:`_wash_choices`).
3. Minimum trades. A trade (a sell group's dollars, or a buy's) below its account's minimum is
   fixed to zero and the model re-solved, at most :data:`ROUNDS` rounds; if dropping them leaves
   no feasible plan, they stay. With a commission per trade, each round also reserves it in the
   cash of each account for the trades the last solution made.
4. Fewer tickets. The LP pays nothing for a trade as such, so it may spread a buy over four
   accounts where one would do, each a ticket (commission, and :data:`.objective.TICKET`).
   Each trade's fixed cost is linearised at its size in the last solution (f / dollars per
   dollar traded; f / the largest trade for a trade not made) and the LP re-solved, at most
   :data:`TICKET_ROUNDS` times; a solution is kept only when its cost with the fixed costs
   counted is lower (:func:`_fewer_tickets`).
5. Whole shares. A household whose LP has more than :data:`SMALL_MODEL` columns rounds each
   trade to the nearest share and repairs it a share at a time until cash, minimum trades and
   every band the LP reached hold (:func:`.rounding.round_nearest`, a millisecond); a smaller
   one, where a share weighs more and a small MILP costs little, and any plan the repair does
   not settle, takes the rounding model around the LP's trades (:func:`.rounding.round_whole`:
   the exact model over those trades, which picks the cheapest rounding).

No step has a time limit: every one is an LP, a search bounded by a count of LPs, or a small
MILP bounded by a count of nodes, so the same household gives the same plan on any machine
load.

**Exact** (`--solver exact`): the mixed-integer model with whole shares, trade indicators
(minimum trades, commissions, one ticket per trade) and every wash-sale choice integer, solved
to a 1e-6 gap within a 20 s limit. It is the reference the default engine is measured against
(tests/optimize/test_engine_quality.py) and is slow on households of a thousand lots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from trimtab.model.enums import SolverKind
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Index, Layout, Vector, trade_dollars
from trimtab.optimize.model import Model, build_model
from trimtab.optimize.objective import TICKET
from trimtab.optimize.rounding import round_nearest, round_whole
from trimtab.optimize.rows import CASH_HEADROOM, trade_minimums
from trimtab.optimize.solve import EXACT_TIME_LIMIT_SECONDS, Session, Solution, solve
from trimtab.optimize.units import BuyCandidate, SellUnit

ROUNDS = 4
TICKET_ROUNDS = 2  # re-solves with the trades' fixed costs linearised at their size
SMALL_MODEL = 600  # columns: up to here whole shares are settled by the rounding model
WASH_NODES = 64  # LPs the wash-sale branch and bound may solve
TINY = 1e-7  # shares: below this a column is not a trade
CENT = 0.01  # dollars: a deviation below this is no deviation


@dataclass(frozen=True, slots=True)
class Solved:
    """A model, the inputs it was built from, and its solution (``solution.optimal`` False: no
    plan; the model says why). The LP-first engine's final model is the rounding model over the
    LP's trades (:mod:`.rounding`), so its inputs hold only those units and candidates."""

    inputs: PlanInputs
    model: Model
    solution: Solution


def solve_household(p: PlanInputs, solver: SolverKind = SolverKind.LP) -> Solved:
    """Solve ``p`` with the engine ``solver`` names (module docstring)."""
    if solver is SolverKind.EXACT:
        model = build_model(p, exact=True)
        solution = solve(model, time_limit=EXACT_TIME_LIMIT_SECONDS)
        return Solved(inputs=p, model=model, solution=solution)
    lp = lp_first(p)
    if not lp.solution.optimal:
        return lp
    nearest = (
        None if lp.model.cost.size <= SMALL_MODEL else round_nearest(p, lp.model, lp.solution.x)
    )
    if nearest is not None:
        return replace(lp, solution=replace(lp.solution, x=nearest))
    rounded = round_whole(p, lp.model, lp.solution.x)
    if rounded is None:
        return lp
    return Solved(inputs=rounded.inputs, model=rounded.model, solution=rounded.solution)


def lp_first(p: PlanInputs) -> Solved:
    """The LP-first engine: steps 1–3 of the module docstring."""
    model = build_model(p)
    session = Session(model, presolve=False)  # measured: the LP solves 2–3× faster without
    solution = session.run()
    if not solution.optimal:
        return Solved(inputs=p, model=model, solution=solution)
    solution = _wash_choices(model, session, solution)
    upper = model.col_upper.copy()
    cash_lower = model.rows.lower[model.family("cash_rows")].copy()
    for _ in range(ROUNDS):
        small = _small_trades(p, model.layout, solution.x)
        reserve = _commission_reserve(p, model.layout, solution.x)
        if not small.size and not reserve.any():
            break
        session.set_col_bounds(small, np.zeros(small.size), np.zeros(small.size))
        _reserve_cash(model, session, cash_lower, reserve)
        again = session.run()
        if not again.optimal:
            session.set_col_bounds(small, model.col_lower[small], upper[small])
            break
        upper[small] = 0.0
        solution = _wash_choices(model, session, again)
        if not small.size:
            break
    solution = _fewer_tickets(p, model, session, solution)
    return Solved(inputs=p, model=replace(model, col_upper=upper), solution=solution)


def _fewer_tickets(p: PlanInputs, model: Model, session: Session, solution: Solution) -> Solution:
    """Step 4 of the module docstring: concentrate trades where a ticket costs more than
    spreading saves. The costs set in ``session`` are the model's again on return."""
    fixed = float(p.commission) + TICKET
    cols = np.arange(model.layout.sell, model.layout.over, dtype=np.int64)
    best = solution
    best_cost = _with_tickets(p, model, solution.x, fixed)
    for _ in range(TICKET_ROUNDS):
        session.set_col_costs(
            cols, model.cost[cols] + _ticket_rates(p, model.layout, best.x, fixed)
        )
        again = session.run()
        if not again.optimal or _both_sides(model, again.x):
            break
        cost = _with_tickets(p, model, again.x, fixed)
        if cost >= best_cost - CENT:
            break
        best, best_cost = again, cost
    session.set_col_costs(cols, model.cost[cols])
    if best is not solution:  # the model's own costs, from the kept solution's basis
        kept = session.run()
        if kept.optimal:
            return replace(best, objective=kept.objective)
    return best


def _with_tickets(p: PlanInputs, model: Model, x: Vector, fixed: float) -> float:
    """The model's cost of ``x`` plus ``fixed`` dollars for each trade it makes."""
    groups, buys = trade_dollars(model.layout, x)
    trades = int(np.count_nonzero(groups > CENT) + np.count_nonzero(buys > CENT))
    return float(model.cost @ x) + fixed * trades


def _ticket_rates(p: PlanInputs, lay: Layout, x: Vector, fixed: float) -> Vector:
    """Each sell and buy column's share of a ticket per share: fixed / dollars of its trade
    in ``x`` times its price (a trade not made: fixed / the largest trade)."""
    arr = lay.arrays
    groups, buys = trade_dollars(lay, x)
    largest = max(float(groups.max(initial=0.0)), float(buys.max(initial=0.0)), 1.0)
    group_rate = fixed / np.where(groups > CENT, groups, largest)
    buy_rate = fixed / np.where(buys > CENT, buys, largest)
    sell_rate = np.zeros(lay.buy - lay.sell)
    sold = arr.u_group >= 0
    sell_rate[sold] = group_rate[arr.u_group[sold]]
    return np.concatenate([sell_rate * arr.u_price, buy_rate * arr.b_price])


def _wash_choices(model: Model, session: Session, solution: Solution) -> Solution:
    """Settle the wash-sale choices ``solution`` takes both sides of, by a small depth-first
    branch and bound over those choices only: each branch fixes one group's y_G to 1 (its loss
    lots may be sold, nothing of it bought) or 0 (bought, no loss sale) and re-solves the LP
    from the last basis; a branch whose LP costs no less than the best plan found is pruned.
    At most :data:`WASH_NODES` LPs, so the search ends the same way on any machine; the bounds
    of the best plan's choices stay set in ``session``."""
    if not _both_sides(model, solution.x):
        return solution
    best: tuple[dict[int, float], Solution] | None = None
    touched: set[int] = set()
    stack: list[tuple[dict[int, float], Solution]] = [({}, solution)]
    nodes = 0
    while stack and nodes < WASH_NODES:
        fixed, node = stack.pop()
        if best is not None and node.objective >= best[1].objective - 1e-9:
            continue
        both = sorted(_both_sides(model, node.x))
        if not both:
            best = (fixed, node)
            continue
        for value in (0.0, 1.0):
            child = {**fixed, both[0]: value}
            touched |= child.keys()
            _fix_choices(session, touched, child)
            result = session.run()
            nodes += 1
            if result.optimal:
                stack.append((child, result))
    if best is None:  # cannot happen: fixing choices keeps the LP's feasible corners
        _fix_choices(session, touched, {})
        return solution
    _fix_choices(session, touched, best[0])
    return best[1]


def _fix_choices(session: Session, touched: set[int], fixed: dict[int, float]) -> None:
    """Fix the choices ``fixed`` names; free the other ``touched`` ones."""
    cols = np.array(sorted(touched), dtype=np.int64)
    lower = np.array([fixed.get(c, 0.0) for c in cols.tolist()])
    upper = np.array([fixed.get(c, 1.0) for c in cols.tolist()])
    session.set_col_bounds(cols, lower, upper)


def _both_sides(model: Model, x: Vector) -> set[int]:
    """The wash-choice columns whose group both sells a loss lot and buys in ``x``."""
    lay = model.layout
    r, cols, vals = model.entries("wash_choice_rows")
    choice = {
        int(row): int(col) for row, col in zip(r, cols, strict=True) if col >= lay.wash_choice
    }
    sells: set[int] = set()
    buys: set[int] = set()
    for row, col, val in zip(r.tolist(), cols.tolist(), vals.tolist(), strict=True):
        if col >= lay.wash_choice or x[col] <= TINY or val <= 0:
            continue
        (sells if col < lay.buy else buys).add(choice[row])
    return sells & buys


def _small_trades(p: PlanInputs, lay: Layout, x: Vector) -> Index:
    """The columns of the trades in ``x`` below their minimum (non-zero, not forced)."""
    g_min, b_min = trade_minimums(p, lay)
    groups, buys = trade_dollars(lay, x)
    tiny = 1e-6
    small_groups = np.flatnonzero((groups > tiny) & (groups < g_min - CENT))
    small_buys = np.flatnonzero((buys > tiny) & (buys < b_min - CENT))
    sell_cols = [lay.sell + i for g in small_groups.tolist() for i in lay.group_columns[g]]
    return np.array(sell_cols + (lay.buy + small_buys).tolist(), dtype=np.int64)


def _commission_reserve(p: PlanInputs, lay: Layout, x: Vector) -> Vector:
    """Commission for the trades ``x`` makes in each account (zero without a commission)."""
    reserve = np.zeros(lay.accounts)
    if p.commission <= 0:
        return reserve
    arr = lay.arrays
    groups, buys = trade_dollars(lay, x)
    g_account = np.array(
        [arr.u_account[members[0]] for members in lay.group_columns], dtype=np.int64
    )
    trades = np.bincount(g_account[groups > CENT], minlength=lay.accounts) + np.bincount(
        arr.b_account[buys > CENT], minlength=lay.accounts
    )
    return np.asarray(trades * float(p.commission), dtype=np.float64)


def _reserve_cash(model: Model, session: Session, cash_lower: Vector, reserve: Vector) -> None:
    """Keep ``reserve`` dollars of each account's cash for commissions."""
    if not reserve.any():
        return
    for name in ("cash_rows", "min_cash_rows"):
        rows = model.family(name)
        lower = model.rows.lower[rows] if name != "cash_rows" else cash_lower
        index = np.arange(rows.start, rows.stop, dtype=np.int64)
        session.set_row_bounds(index, lower + reserve, model.rows.upper[rows])


def exact_objective(
    p: PlanInputs,
    sells: Sequence[tuple[SellUnit, Decimal]],
    buys: Sequence[tuple[BuyCandidate, Decimal]],
) -> float | None:
    """The objective of the exact model at the trades given (shares sold per unit of ``p``,
    bought per candidate), its other columns (deviations, indicators, harvests, RMD draws) at
    their best: how the exact engine prices a plan (None when the trades break one of its
    rows, a minimum trade say). The quality test compares engines with it."""
    model = build_model(p, exact=True)
    lay = model.layout
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    unit_at = {id(u): i for i, u in enumerate(p.units)}
    buy_at = {id(b): j for j, b in enumerate(p.buys)}
    lower[lay.sell : lay.over] = 0.0
    upper[lay.sell : lay.over] = 0.0
    for u, q in sells:
        lower[lay.sell + unit_at[id(u)]] = upper[lay.sell + unit_at[id(u)]] = float(q)
    for b, q in buys:
        lower[lay.buy + buy_at[id(b)]] = upper[lay.buy + buy_at[id(b)]] = float(q)
    row_lower = model.rows.lower.copy()
    row_lower[model.family("cash_rows")] -= CASH_HEADROOM  # the plan's cash need only be ≥ 0
    rows = replace(model.rows, lower=row_lower)
    solution = solve(replace(model, col_lower=lower, col_upper=upper, rows=rows))
    return solution.objective if solution.optimal else None
