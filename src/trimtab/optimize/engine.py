"""The two ways to solve a household's model: the LP-first engine (default) and the exact MILP.

**LP-first** (docs/optimizer.md, "The engine"). Shares and lots are continuous; the model has
no trade indicators and no whole-share columns. In order:

1. Solve the LP (milliseconds: a household's LP has a few thousand columns).
2. Wash-sale choices. Where the LP both sells a loss lot of a wash-sale group G and buys into
   G (y_G fractional, which IRC §1091 forbids: the buy would wash the loss), a depth-first
   branch and bound over those groups only fixes y_G to 1 or 0 and re-solves the LP from its
   last basis, at most :data:`WASH_NODES` LPs, then rounds what is still open
   (:func:`_wash_choices`). The same search
   settles the order of a priced partial wash (z_u, :mod:`.partial_wash_rows`) where the LP
   sells a lot's clean shares before its washed ones, and a relief-method holding the LP
   sells out of its method's order (w, :mod:`.relief_rows`).
3. Minimum trades. A trade (a sell group's dollars, or a buy's) below its account's minimum is
   fixed to zero and the model re-solved, at most :data:`ROUNDS` rounds; if dropping them leaves
   no feasible plan, they stay. With a commission per trade, each round also reserves it in the
   cash of each account for the trades the last solution made. A round trip (one account
   selling and buying one security) loses its smaller side the same way (:func:`_round_trips`,
   :func:`_no_round_trips`).
4. Fewer tickets. The LP pays nothing for a trade as such, so it may spread a buy over four
   accounts where one would do, each a ticket (commission, and :data:`.objective.TICKET`).
   Each trade's fixed cost is linearised at its size in the last solution (f / dollars per
   dollar traded; f / the largest trade for a trade not made) and the LP re-solved, at most
   :data:`TICKET_ROUNDS` times; a solution is kept only when its cost with the fixed costs
   counted is lower (:func:`_fewer_tickets`).
5. No dust (:mod:`.dust`). A sale that leaves a holding with less than its minimum trade or
   five shares is solved both sold whole and cut back to keep that much, from the basis,
   and the cheaper plan stands (:func:`_no_dust`; only in plans that leave dust). Should
   the whole sale, once rounded to whole shares, leave a class further outside its band than
   the LP did (the last share of a swap's buy short of cash), steps 1–6 run once more with
   those sales cut back, and the plan that leaves less outside stands (:func:`_lp_engine`).
6. Whole shares. A household whose LP has more than :data:`SMALL_MODEL` columns rounds each
   trade to the nearest share and repairs it a share at a time until cash, minimum trades and
   every band the LP reached hold (:func:`.rounding.round_nearest`, a millisecond); a smaller
   one, where a share weighs more and a small MILP costs little, and any plan the repair does
   not settle, takes the rounding model around the LP's trades (:func:`.rounding.round_whole`:
   the exact model over those trades, which picks the cheapest rounding). Neither leaves a
   whole sale short of its holding nor rounds a sale up into dust (:mod:`.dust`).

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
import numpy.typing as npt

from trimtab.model.enums import SolverKind
from trimtab.optimize.dust import dust_of, dusty
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Index, Layout, Vector, trade_dollars
from trimtab.optimize.model import Model, build_model
from trimtab.optimize.objective import NEW_POSITION, TICKET
from trimtab.optimize.partial_wash_rows import release, settle, unit_shares, unsettled
from trimtab.optimize.relief_rows import out_of_order
from trimtab.optimize.rounding import round_nearest, round_whole, sold_whole
from trimtab.optimize.rows import CASH_HEADROOM, band_base, class_change, trade_minimums
from trimtab.optimize.solve import EXACT_TIME_LIMIT_SECONDS, Session, Solution, solve
from trimtab.optimize.tax_term import term_of
from trimtab.optimize.units import BuyCandidate, SellUnit

ROUNDS = 4
DUST_ROUNDS = 2  # re-solves of the no-dust step (_no_dust)
TICKET_ROUNDS = 2  # re-solves with the trades' fixed costs linearised at their size
SMALL_MODEL = 600  # columns: up to here whole shares are settled by the rounding model
WASH_NODES = 64  # LPs the wash-sale branch and bound may solve (its retry and intervals too)
RETRY_GAP = 100.0  # dollars and share of the cost above the dives' plan past which the
RETRY_SHARE = 0.5  # wash-sale search is run again with every choice open (_wash_choices)
SETTLE_GAP = 5.0  # dollars and share of the relaxation's cost above it past which the search
SETTLE_SHARE = 0.02  # is run again with every choice open (_wash_choices, _above_relaxation)
PRUNE = 1.0  # dollars: a wash-sale search node that could save no more than this is not searched
TINY = 1e-7  # shares: below this a column is not a trade
CENT = 0.01  # dollars: a deviation below this is no deviation
SLACK = 1.0  # dollars: a class this little further outside its band is not further outside


@dataclass(frozen=True, slots=True)
class Solved:
    """A model, the inputs it was built from, and its solution (``solution.optimal`` False: no
    plan; the model says why). The LP-first engine's final model is the rounding model over the
    LP's trades (:mod:`.rounding`), so its inputs hold only those units and candidates."""

    inputs: PlanInputs
    model: Model
    solution: Solution


def solve_household(p: PlanInputs, solver: SolverKind = SolverKind.LP) -> Solved:
    """Solve ``p`` with the engine ``solver`` names (module docstring). A plan whose year
    ends with a long-term net loss beside a short-term net gain is solved again with the
    ordinary part bounded by the total (:mod:`.tax_term`); the plan that costs less, its tax
    at the exact curves, is kept."""
    engine = _exact if solver is SolverKind.EXACT else _lp_engine
    solved = engine(p)
    if not (solved.solution.optimal and _long_term_loss(solved)):
        return solved
    other = engine(replace(p, ordinary_by_total=True))
    if other.solution.optimal and true_cost(other) < true_cost(solved) - CENT:
        return other
    return solved


def _long_term_loss(solved: Solved) -> bool:
    """The plan's year has a short-term net gain and a long-term net loss."""
    lay = solved.model.layout
    term = lay.tax
    if term is None or not term.ordinary:
        return False
    net, short = realized(lay, solved.solution.x)
    year_short = term.short + short
    return year_short > CENT and term.total + net < year_short - CENT


def realized(lay: Layout, x: Vector) -> tuple[float, float]:
    """The net gain N and the short-term gain S the sales of ``x`` realize (after their
    half-spreads, as the tax term counts them)."""
    arr = lay.arrays
    gain = arr.u_realized * np.maximum(x[lay.sell : lay.buy], 0.0)
    return float(gain[lay.taxed_units].sum()), float(gain[lay.short_units].sum())


def true_cost(solved: Solved) -> float:
    """The objective at the solution with the tax term at its exact value (the curves at the
    plan's gains) instead of the model's, which holds it in one interval and one row."""
    model, x = solved.model, solved.solution.x
    lay, term = model.layout, model.layout.tax
    cost = float(model.cost @ x)
    if term is None:
        return cost
    cols = slice(lay.net_gain, lay.ordinary + term.ordinary)
    net, short = realized(lay, x)
    return cost - float(model.cost[cols] @ x[cols]) + term.tax(net, short)


def _lp_engine(p: PlanInputs) -> Solved:
    """The LP-first engine and its rounding to whole shares (module docstring)."""
    lp = lp_first(p)
    if not lp.solution.optimal:
        return lp
    solved = _whole_shares(lp)
    if _outside(solved.model, solved.solution) > _outside(
        lp.model, lp.solution
    ) + SLACK and sold_whole(lp.inputs, lp.model.layout, lp.solution.x):
        # a holding sold whole against dust left a class outside once rounded (the last share
        # of a swap's buy short of cash, :mod:`.dust`): the plan that keeps K shares instead,
        # when it leaves less outside
        cut = lp_first(p, cut_dust=True)
        if cut.solution.optimal:
            other = _whole_shares(cut)
            if (
                _outside(other.model, other.solution)
                < _outside(solved.model, solved.solution) - SLACK
            ):
                return other
    return solved


def _whole_shares(lp: Solved) -> Solved:
    """Step 6 of the module docstring: the LP's plan ``lp`` in whole shares."""
    p = lp.inputs  # held in the tax curve's interval the LP chose
    nearest = (
        None if lp.model.cost.size <= SMALL_MODEL else round_nearest(p, lp.model, lp.solution.x)
    )
    if nearest is not None:
        return replace(lp, solution=replace(lp.solution, x=nearest))
    rounded = round_whole(p, lp.model, lp.solution.x)
    if rounded is None:
        return lp
    return Solved(inputs=rounded.inputs, model=rounded.model, solution=rounded.solution)


def _exact(p: PlanInputs) -> Solved:
    """The exact engine: the mixed-integer model, solved in each convex interval of the tax
    curve (:mod:`.tax_term`); the cheapest plan."""
    best: Solved | None = None
    for interval in exact_intervals(p):
        held = replace(p, tax_interval=interval)
        model = build_model(held, exact=True)
        solved = Solved(held, model, solve(model, time_limit=EXACT_TIME_LIMIT_SECONDS))
        if best is None or _better(solved, best):
            best = solved
    assert best is not None  # exact_intervals names at least one
    return best


def exact_intervals(p: PlanInputs) -> tuple[int | None, ...]:
    """The tax curve's convex intervals the exact engine solves in, and prices a plan in (None:
    the model's own, when only one)."""
    term = term_of(p)  # the curves alone: no layout built for it
    if term is None or len(term.intervals) == 1:
        return (None,)
    return tuple(range(len(term.intervals)))


def _better(a: Solved, b: Solved) -> bool:
    """``a`` is a plan and costs less than ``b`` (or ``b`` is none)."""
    if not a.solution.optimal:
        return False
    return not b.solution.optimal or a.solution.objective < b.solution.objective - 1e-9


def lp_first(p: PlanInputs, *, cut_dust: bool = False) -> Solved:
    """The LP-first engine: steps 1–5 of the module docstring (``cut_dust``: step 5 keeps K
    shares of every holding it would sell whole, :func:`_no_dust`)."""
    model = build_model(p)
    session = Session(model, presolve=False)  # measured: the LP solves 2–3× faster without
    solution, interval = _tax_interval(model, session, session.run())
    if interval is not None:
        p = replace(p, tax_interval=interval)
        model = _held_in(model, interval)
    if not solution.optimal:
        return Solved(inputs=p, model=model, solution=solution)
    upper = model.col_upper.copy()
    cash_lower = model.rows.lower[model.family("cash_rows")].copy()
    for _ in range(ROUNDS):
        small = np.union1d(
            _small_trades(p, model.layout, solution.x), _round_trips(p, model.layout, solution.x)
        )
        reserve = _commission_reserve(p, model.layout, solution.x)
        if not small.size and not reserve.any():
            break
        session.set_col_bounds(small, np.zeros(small.size), np.zeros(small.size))
        release(model, session, small)  # their partial washes' order with them
        _reserve_cash(model, session, cash_lower, reserve)
        again = session.run()
        if not again.optimal:
            session.set_col_bounds(small, model.col_lower[small], upper[small])
            break
        upper[small] = 0.0
        solution = _wash_choices(model, session, again)
        if not small.size:
            break
    solution = _no_round_trips(p, model, session, solution, upper)
    solution, costs = _fewer_tickets(p, model, session, solution)
    lower = model.col_lower.copy()
    if cut_dust or dusty(p, model.layout, solution.x)[0]:  # the costs ``solution`` came from
        cols = np.arange(model.layout.sell, model.layout.over, dtype=np.int64)
        session.set_col_costs(cols, model.cost[cols] if costs is None else costs)
        solution = _no_dust(p, model, session, solution, (lower, upper), cut_dust=cut_dust)
    return Solved(
        inputs=p, model=replace(model, col_lower=lower, col_upper=upper), solution=solution
    )


def _no_dust(
    p: PlanInputs,
    model: Model,
    session: Session,
    solution: Solution,
    kept: tuple[Vector, Vector],
    *,
    cut_dust: bool = False,
) -> Solution:
    """Step 5 of the module docstring (:mod:`.dust`): each sale that leaves a dust-ruled
    holding with 0 < rest < K shares is made whole (its lots' lower bounds at their shares)
    or cut back so that K shares stay (the upper bounds of its dearest lots lowered by K).
    Both are solved from the basis: each sale its preferred way (whole, unless the rest holds
    a short-term gain: cut back), then each the other way; of those that leave no more
    dollars past the household's bands than the plan with the dust, the cheaper stands (a
    tie: the first). If neither is feasible the plan with the dust stands (a restriction's).
    At most :data:`DUST_ROUNDS` rounds. ``kept``: the model's column
    bounds, updated with what is fixed; ``cut_dust``: every such sale cut back at once, and
    every whole sale of a holding of whole shares with it."""
    lay = model.layout
    arr = lay.arrays
    for _ in range(DUST_ROUNDS):
        groups, shares = dusty(p, lay, solution.x)
        if cut_dust:  # and the whole sales of whole-share holdings: cut back too
            dust = dust_of(p, lay)
            whole = [
                g
                for g in np.flatnonzero(shares > TINY).tolist()
                if arr.u_whole[lay.group_columns[g][0]]
                and dust.ruled[g]
                and dust.keep[g] < dust.held[g] <= shares[g] + TINY
            ]
            groups = sorted({*groups, *whole})
        if not groups:
            break
        x = solution.x[lay.sell : lay.buy]
        short = [
            any(
                p.units[i].short_gain and x[i] < arr.u_quantity[i] - TINY
                for i in lay.group_columns[g]
            )
            for g in groups
        ]
        past = _past_band(p, model, solution.x)
        choices = [[True] * len(groups)] if cut_dust else [short, [not c for c in short]]
        best: tuple[Solution, Index, Vector, Vector] | None = None
        for cut in choices:
            cols, lower, upper = _dust_bounds(p, model, groups, cut)
            before = session.col_bounds(cols)
            session.set_col_bounds(cols, lower, upper)
            tried = session.run()
            session.set_col_bounds(cols, *before)
            if not tried.optimal or _past_band(p, model, tried.x) > past + SLACK:
                continue
            if best is None or tried.objective < best[0].objective - CENT:
                best = (tried, cols, lower, upper)
        if best is None:
            break
        again, cols, lower, upper = best
        session.set_col_bounds(cols, lower, upper)
        kept[0][cols], kept[1][cols] = lower, upper
        if len(choices) > 1 and again is not tried:  # the session's basis is the other's
            again = session.run()
        solution = _wash_choices(model, session, again)
        solution = replace(solution, objective=float(model.cost @ solution.x))
    return solution


def _past_band(p: PlanInputs, model: Model, x: Vector) -> float:
    """Dollars the classes end past the household's band edges at ``x`` (not the LP's aim a
    buffer inside them: a sale cut back to keep K shares may stop between the two)."""
    change = class_change(p, model.layout)
    moved = np.bincount(change.row, weights=change.val * x[change.col], minlength=change.shape[0])
    value = band_base(p) + moved
    low = np.array([float(b.low) for b in p.bands])
    high = np.array([float(b.high) for b in p.bands])
    return float((np.maximum(value - high, 0.0) + np.maximum(low - value, 0.0)).sum())


def _dust_bounds(
    p: PlanInputs, model: Model, groups: list[int], cut: list[bool]
) -> tuple[Index, Vector, Vector]:
    """The sell columns of ``groups`` and their bounds: a whole sale (lower bounds at the
    lots' shares) for each group not ``short`` (unless ``cut_all``), the others cut back by
    K shares from their dearest lots (the model's cost a share, dearest first). A holding
    sold whole is not bought back in its account (the buy held at 0: no round trip)."""
    lay = model.layout
    arr = lay.arrays
    dust = dust_of(p, lay)
    cols_out: list[np.ndarray] = []
    lower_out: list[Vector] = []
    upper_out: list[Vector] = []
    for g, is_cut in zip(groups, cut, strict=True):
        members = np.array(lay.group_columns[g], dtype=np.int64)
        cols = lay.sell + members
        lower = model.col_lower[cols].copy()
        upper = np.maximum(arr.u_quantity[members], arr.u_forced[members])
        if is_cut:
            need = float(dust.keep[g])
            for k in np.argsort(-model.cost[cols], kind="stable").tolist():
                take = min(float(upper[k]), need)
                upper[k] -= take
                need -= take
                if need <= TINY:
                    break
        else:
            lower = upper.copy()
            back = [  # nothing of a holding sold whole is bought back in its account
                lay.buy + j
                for j, b in enumerate(p.buys)
                if (b.account, b.symbol) == lay.sell_groups[g] and b.forced <= 0
            ]
            cols = np.concatenate([cols, np.array(back, dtype=np.int64)])
            lower = np.concatenate([lower, np.zeros(len(back))])
            upper = np.concatenate([upper, np.zeros(len(back))])
        cols_out.append(cols)
        lower_out.append(lower)
        upper_out.append(upper)
    return (
        np.concatenate(cols_out),
        np.concatenate(lower_out),
        np.concatenate(upper_out),
    )


def _no_round_trips(
    p: PlanInputs, model: Model, session: Session, solution: Solution, upper: Vector
) -> Solution:
    """Step 3's rule that no position is both sold and bought in one account
    (:func:`_round_trips`), for the round trips its rounds left (they ran out, or dropping a
    trip with the small trades left no plan): each round fixes a side of each to zero
    (``upper`` records it) and re-solves. Where that leaves no plan because a wash-sale choice
    rests on the side dropped (a priced partial wash whose order the search settled on the
    sale of its replacement lot: the LP sold the 12 STIP bought on 11-11 and bought 131 STIP
    back), every choice is opened and searched again; a round with no plan still is undone."""
    cols = _choice_columns(model.layout)
    for _ in range(ROUNDS):
        trips = _round_trips(p, model.layout, solution.x)
        if not trips.size:
            break
        session.set_col_bounds(trips, np.zeros(trips.size), np.zeros(trips.size))
        release(model, session, trips)
        again = session.run()
        if not again.optimal and cols.size:
            kept = session.col_bounds(cols)
            session.set_col_bounds(cols, np.zeros(cols.size), np.ones(cols.size))
            again = session.run()
            if not again.optimal:
                session.set_col_bounds(cols, *kept)
        if not again.optimal:
            session.set_col_bounds(trips, model.col_lower[trips], upper[trips])
            break
        upper[trips] = 0.0
        solution = _wash_choices(model, session, again)
    return solution


def _tax_interval(
    model: Model, session: Session, solution: Solution
) -> tuple[Solution, int | None]:
    """Steps 1–2 held in each convex interval of the tax curve (:mod:`.tax_term`): the LP and
    its wash-sale choices; the cheapest plan. The term is exact inside an interval, and the
    curve's concave kinks (a net loss deducted at ordinary rates beside gains taxed at 15 %)
    are settled by comparing the intervals' plans. Each interval's LP is a lower bound on its
    plans, so the intervals are taken cheapest LP first and one whose LP costs no less than
    the best plan so far needs no wash-sale choices; nor does one after the intervals' shared
    search budget is spent (:class:`_Budget`). The session is left held in the interval
    returned, with that plan's wash-sale choices (None: one interval, nothing to choose)."""
    term = model.layout.tax
    if not solution.optimal or term is None or len(term.intervals) == 1:
        return _wash_choices(model, session, solution) if solution.optimal else solution, None
    home = term.home()
    relaxed = {home: solution}
    for interval in range(len(term.intervals)):
        if interval != home:
            _hold(model, session, interval)
            relaxed[interval] = session.run()
    order = sorted((i for i, r in relaxed.items() if r.optimal), key=lambda i: relaxed[i].objective)
    best: tuple[Solution, int, tuple[Vector, Vector]] | None = None
    budget = _Budget()
    for interval in order:
        if best is not None and relaxed[interval].objective >= best[0].objective - CENT:
            break
        if best is not None and budget.left <= 0:
            break  # the intervals' shared search budget is spent: the best plan so far stands
        _free_choices(model, session)
        _hold(model, session, interval)
        settled = _wash_choices(model, session, relaxed[interval], budget)
        if best is None or settled.objective < best[0].objective - CENT:
            best = (settled, interval, _wash_bounds(model, session))
    if best is None:  # no interval has a plan
        return solution, home
    settled, best_at, fixed = best
    _hold(model, session, best_at)  # the kept plan stands; later solves start from its bounds
    lay = model.layout
    session.set_col_bounds(np.arange(lay.wash_choice, lay.harvest, dtype=np.int64), *fixed)
    return settled, best_at


def _wash_bounds(model: Model, session: Session) -> tuple[Vector, Vector]:
    """The wash-choice columns' bounds (y_G, and the partial washes' z_u) now set in ``session``."""
    lay = model.layout
    return session.col_bounds(np.arange(lay.wash_choice, lay.harvest, dtype=np.int64))


def _free_choices(model: Model, session: Session) -> None:
    """Every wash-sale choice (y_G, z_u) free in [0, 1] again."""
    lay = model.layout
    cols = np.arange(lay.wash_choice, lay.harvest, dtype=np.int64)
    session.set_col_bounds(cols, np.zeros(cols.size), np.ones(cols.size))


def _hold(model: Model, session: Session, interval: int) -> None:
    """Hold the tax term's columns of ``session`` in ``interval``."""
    lay = model.layout
    assert lay.tax is not None
    lower, upper = lay.tax.piece_bounds(interval)
    cols = np.arange(lay.net_gain, lay.ordinary, dtype=np.int64)
    session.set_col_bounds(cols, lower, upper)


def _held_in(model: Model, interval: int) -> Model:
    """``model`` with its tax columns' bounds for ``interval``."""
    lay = model.layout
    assert lay.tax is not None
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    lower[lay.net_gain : lay.ordinary], upper[lay.net_gain : lay.ordinary] = lay.tax.piece_bounds(
        interval
    )
    return replace(model, col_lower=lower, col_upper=upper)


def _fewer_tickets(
    p: PlanInputs, model: Model, session: Session, solution: Solution
) -> tuple[Solution, Vector | None]:
    """Step 4 of the module docstring: concentrate trades where a ticket costs more than
    spreading saves. A solution kept has its cost at the model's own costs as its objective
    (the LP is not solved again for it); ``session`` is left with the last costs tried (the
    engine's last solve). Also the sell and buy columns' costs the solution kept was solved
    with (None: the model's own)."""
    fixed = float(p.commission) + TICKET
    cols = np.arange(model.layout.sell, model.layout.over, dtype=np.int64)
    best = solution
    best_costs: Vector | None = None
    best_cost = _with_tickets(p, model, solution.x, fixed)
    for _ in range(TICKET_ROUNDS):
        costs = model.cost[cols] + _ticket_rates(p, model.layout, best.x, fixed)
        session.set_col_costs(cols, costs)
        again = session.run()
        if (
            not again.optimal
            or _open_choices(model, again.x)
            or _round_trips(p, model.layout, again.x).size
        ):
            break
        cost = _with_tickets(p, model, again.x, fixed)
        if cost >= best_cost - CENT:
            break
        best, best_cost, best_costs = again, cost, costs
    if best is not solution:
        return replace(best, objective=float(model.cost @ best.x)), best_costs
    return best, None


def _with_tickets(p: PlanInputs, model: Model, x: Vector, fixed: float) -> float:
    """The model's cost of ``x`` plus ``fixed`` dollars for each trade it makes and the exact
    model's :data:`.objective.NEW_POSITION` dollars for each position it opens (the LP had a
    tie-break per dollar of a new position instead, 1 bp: $16 on a $164k buy, which kept it
    from plans the exact objective prices $2 to $15 cheaper, quality households 58 and 62)."""
    lay = model.layout
    groups, buys = trade_dollars(lay, x)
    trades = int(np.count_nonzero(groups > CENT) + np.count_nonzero(buys > CENT))
    opened = int(np.count_nonzero((buys > CENT) & (lay.arrays.b_new > 0)))
    return float(model.cost @ x) + fixed * trades + NEW_POSITION * opened


def _ticket_rates(p: PlanInputs, lay: Layout, x: Vector, fixed: float) -> Vector:
    """Each sell and buy column's share of a ticket per share: fixed / dollars of its trade
    in ``x`` times its price (a trade not made: fixed / the largest trade); a buy that opens a
    position pays :data:`.objective.NEW_POSITION` more the same way."""
    arr = lay.arrays
    groups, buys = trade_dollars(lay, x)
    largest = max(float(groups.max(initial=0.0)), float(buys.max(initial=0.0)), 1.0)
    group_rate = fixed / np.where(groups > CENT, groups, largest)
    buy_rate = fixed / np.where(buys > CENT, buys, largest)
    sell_rate = np.zeros(lay.buy - lay.sell)
    sold = arr.u_group >= 0
    sell_rate[sold] = group_rate[arr.u_group[sold]]
    opened = NEW_POSITION * arr.b_new / np.where(buys > CENT, buys, largest)
    return np.concatenate([sell_rate * arr.u_price, (buy_rate + opened) * arr.b_price])


@dataclass(slots=True)
class _Budget:
    """The LPs a wash-sale search may still solve (:func:`_wash_choices`): one budget for the
    tax curve's intervals (:func:`_tax_interval`); a retry has one of its own."""

    left: int = WASH_NODES


def _wash_choices(
    model: Model, session: Session, solution: Solution, budget: _Budget | None = None
) -> Solution:
    """Settle the wash-sale choices ``solution`` takes both sides of, by a small depth-first
    branch and bound over those choices only: each branch fixes one group's y_G to 1 (its loss
    lots may be sold, nothing of it bought) or 0 (bought, no loss sale) and re-solves the LP
    from the last basis, the loss-selling branch first; a branch whose LP costs no less
    than the best plan found is pruned. At most :data:`WASH_NODES` LPs, so the search ends the
    same way on any machine (if it ends with no plan settled, the last open node's choices are
    rounded, :func:`_dive`); the bounds of the best plan's choices stay set in ``session``. A
    node whose LP is less than :data:`PRUNE` below the best plan found is not searched: the
    plan found is within a dollar of the best in the tree, and the LPs go to branches that can
    save more (on benchmark household large-8 the search spent its 64 LPs on plans a few
    cents apart and settled $934 above the plan it finds with 36 LPs this way).
    The priced partial washes' order is settled first by a few dives
    (:func:`.partial_wash_rows.settle`); if the plan found then leaves more dollars outside the
    bands than the dives' plan, or costs half as much again, or the dives' plan costs more than
    :data:`SETTLE_GAP` above the relaxation ``solution`` (:func:`_above_relaxation`), the
    search runs again with every choice open and the cheaper plan stands."""
    if not _open_choices(model, solution.x):
        return solution
    settled = settle(model, session, solution)  # a priced partial wash's order, by dives
    budget = _Budget() if budget is None else budget
    found, used = _branch(model, session, settled, budget.left)
    budget.left -= used
    if not found.optimal or not (
        _far_above(model, found, settled) or _above_relaxation(settled, solution)
    ):
        return found
    # the order settled first cut the search off from plans near the relaxation's cost (a class
    # left outside a band it reached, or half again its cost): search again, every choice open
    cols = _choice_columns(model.layout)
    kept = session.col_bounds(cols)
    session.set_col_bounds(cols, np.zeros(cols.size), np.ones(cols.size))
    again = session.run()
    # its own budget, not the shared one: with only what the first search left, generated
    # household 7's retry ran out and left intl_developed outside (test_plan_ends_inside)
    retried = _branch(model, session, again, WASH_NODES)[0] if again.optimal else again
    if retried.optimal and retried.objective < found.objective - CENT:
        return retried
    session.set_col_bounds(cols, *kept)
    return found


def _above_relaxation(settled: Solution, relaxed: Solution) -> bool:
    """The dives that settled the partial washes' order (``settled``) cost more than
    :data:`SETTLE_GAP` dollars (and :data:`SETTLE_SHARE` of the relaxation's cost) above the
    relaxation ``relaxed``: they may have cut the search off from a cheaper plan. (Measured
    on the plan the search found instead, the retry ran on 30 of 67 generated households and
    helped 3; the dives' own cost picks out the ones it helps.)"""
    gap = max(SETTLE_GAP, SETTLE_SHARE * abs(relaxed.objective))
    return settled.objective > relaxed.objective + gap


def _far_above(model: Model, found: Solution, start: Solution) -> bool:
    """``found`` leaves more dollars outside the bands than ``start``, or costs more than
    :data:`RETRY_SHARE` of its cost (and :data:`RETRY_GAP`) above it."""
    if _outside(model, found) > _outside(model, start) + CENT:
        return True
    return found.objective > start.objective + max(RETRY_GAP, RETRY_SHARE * abs(start.objective))


def _outside(model: Model, solution: Solution) -> float:
    """Dollars outside the bands at ``solution`` (the drift columns e⁺, e⁻)."""
    lay = model.layout
    return float(solution.x[lay.over : lay.rmd_draw].sum())


def _choice_columns(lay: Layout) -> Index:
    """The columns the search fixes: wash-sale choices y_G, partial-wash orders z_u and
    relief orders w."""
    return np.concatenate(
        [
            np.arange(lay.wash_choice, lay.harvest, dtype=np.int64),
            np.arange(lay.relief_order, lay.relief_order + len(lay.relief_pairs), dtype=np.int64),
        ]
    )


def _branch(
    model: Model, session: Session, solution: Solution, budget: int
) -> tuple[Solution, int]:
    """The branch and bound of :func:`_wash_choices` from ``solution``, at most ``budget``
    LPs; the plan and the LPs the search used (the budget spent, its dive not counted)."""
    if not _open_choices(model, solution.x):
        return solution, 0
    best: tuple[dict[int, float], Solution] | None = None
    touched: set[int] = set()
    stack: list[tuple[dict[int, float], Solution]] = [({}, solution)]
    nodes = 0
    while stack and nodes < budget:
        fixed, node = stack.pop()
        if best is not None and node.objective >= best[1].objective - PRUNE:
            continue
        both = sorted(_open_choices(model, node.x))
        if not both:
            best = (fixed, node)
            continue
        children = []
        for value in (0.0, 1.0):
            child = {**fixed, both[0]: value}
            touched |= child.keys()
            _fix_choices(session, touched, child)
            result = session.run()
            nodes += 1
            if result.optimal:
                children.append((child, result))
        stack.extend(children)  # depth first: y_G = 1 (the loss sold) is searched first
    if best is None:  # the budget ran out before a settled plan: round the rest and re-solve
        best = _dive(model, session, touched, stack[-1] if stack else ({}, solution))
        if best is None:
            _fix_choices(session, touched, {})
            return solution, nodes
    _fix_choices(session, touched, best[0])
    return best[1], nodes


def _dive(
    model: Model,
    session: Session,
    touched: set[int],
    start: tuple[dict[int, float], Solution],
) -> tuple[dict[int, float], Solution] | None:
    """From ``start``, fix every open choice to the side its LP value leans to and re-solve,
    until none is open (at most :data:`WASH_NODES` more LPs); None if that ends infeasible."""
    fixed, node = start
    for _ in range(WASH_NODES):
        both = sorted(_open_choices(model, node.x))
        if not both:
            return fixed, node
        fixed = {**fixed, **{c: float(node.x[c] >= 0.5) for c in both}}
        touched |= fixed.keys()
        _fix_choices(session, touched, fixed)
        node = session.run()
        if not node.optimal:
            return None
    return None


def _fix_choices(session: Session, touched: set[int], fixed: dict[int, float]) -> None:
    """Fix the choices ``fixed`` names; free the other ``touched`` ones."""
    cols = np.array(sorted(touched), dtype=np.int64)
    lower = np.array([fixed.get(c, 0.0) for c in cols.tolist()])
    upper = np.array([fixed.get(c, 1.0) for c in cols.tolist()])
    session.set_col_bounds(cols, lower, upper)


def _open_choices(model: Model, x: Vector) -> set[int]:
    """The choices ``x`` leaves open: wash-sale groups it both loss-sells and buys, and priced
    partial washes whose clean shares it sells before the washed ones
    (:func:`.partial_wash_rows.unsettled`), and relief-method holdings it sells out of their
    method's order (:func:`.relief_rows.out_of_order`)."""
    return _both_sides(model, x) | unsettled(model.layout, x) | out_of_order(model.layout, x)


def _both_sides(model: Model, x: Vector) -> set[int]:
    """The wash-choice columns whose group both sells a loss lot and buys in ``x``."""
    cols, choice, sells = model.wash_sides
    trading = x[cols] > TINY
    sold = set(choice[trading & sells].tolist())
    return sold & set(choice[trading & ~sells].tolist())


def _small_trades(p: PlanInputs, lay: Layout, x: Vector) -> Index:
    """The columns of the trades in ``x`` below their minimum (non-zero, not forced)."""
    g_min, b_min = trade_minimums(p, lay)
    groups, buys = trade_dollars(lay, x)
    tiny = 1e-6
    small_groups = np.flatnonzero((groups > tiny) & (groups < g_min - CENT))
    small_buys = np.flatnonzero((buys > tiny) & (buys < b_min - CENT))
    sell_cols = [lay.sell + i for g in small_groups.tolist() for i in lay.group_columns[g]]
    buy_cols = _with_idle_siblings(lay, small_buys, buys > tiny)
    return np.array(sell_cols + (lay.buy + buy_cols).tolist(), dtype=np.int64)


def _with_idle_siblings(lay: Layout, small: Index, trading: npt.NDArray[np.bool_]) -> Index:
    """``small`` buys and the idle buys of the same main class in the same account: a small
    buy dropped alone moves to an equal fund of its class in the next solve (four emerging
    markets funds, four rounds), so the class's idle funds there are dropped with it."""
    if not small.size:
        return small
    arr = lay.arrays
    main = np.argmax(arr.b_weights, axis=1)
    pairs = {(int(arr.b_account[j]), int(main[j])) for j in small.tolist()}
    idle = [
        j
        for j in range(lay.buys)
        if not trading[j] and (int(arr.b_account[j]), int(main[j])) in pairs
    ]
    return np.union1d(small, np.array(idle, dtype=np.int64))


def _round_trips(p: PlanInputs, lay: Layout, x: Vector) -> Index:
    """The columns of one side of each round trip in ``x``: a position one account both sells
    and buys (the exact model's ``no_round_trip`` row forbids it). The LP takes one where the
    costs it pays buy something in the objective: with a class over its band that no sale can
    move to an underweight class (a menu without bonds, cash at its edge), selling 200 VOO and
    buying 199.92 back spends $40 of half-spreads, which the bands, dividing the value after
    the costs, count as $37.80 less outside them. The side an order forces stays (both forced:
    the orders say so, and it stands); otherwise the smaller side in dollars goes, so the next
    solve keeps the net trade."""
    groups, buys = trade_dollars(lay, x)
    tiny = 1e-6
    sold = {lay.sell_groups[g]: g for g in np.flatnonzero(groups > tiny).tolist()}
    if not sold:
        return np.zeros(0, dtype=np.int64)
    ordered = {(account, symbol) for account, symbol, _ in p.order_minimums}
    arr = lay.arrays
    cols: list[int] = []
    for j in np.flatnonzero(buys > tiny).tolist():
        g = sold.get((p.buys[j].account, p.buys[j].symbol))
        if g is None:
            continue
        members = list(lay.group_columns[g])
        sell_forced = lay.sell_groups[g] in ordered or float(arr.u_forced[members].sum()) > 0
        buy_forced = float(arr.b_forced[j]) > 0
        if sell_forced and buy_forced:
            continue
        if sell_forced or (not buy_forced and buys[j] <= groups[g]):
            cols.append(lay.buy + j)
        else:
            cols += [lay.sell + i for i in members]
    return np.array(sorted(cols), dtype=np.int64)


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
    rows, a minimum trade say). The quality test compares engines with it. The tax term is
    held in each interval of the tax curve in turn (the trades' net gain lies in one or two of
    them, on a kink), and with each of the two rows that bound the ordinary part (each
    overstates it where the other is right, :mod:`.tax_term`): the lowest objective."""
    found = [
        _priced(replace(p, tax_interval=i, ordinary_by_total=by_total), sells, buys)
        for i in exact_intervals(p)
        for by_total in (False, True)
    ]
    priced = [value for value in found if value is not None]
    return min(priced) if priced else None


def _priced(
    p: PlanInputs,
    sells: Sequence[tuple[SellUnit, Decimal]],
    buys: Sequence[tuple[BuyCandidate, Decimal]],
) -> float | None:
    model = build_model(p, exact=True)
    lay = model.layout
    lower, upper = model.col_lower.copy(), model.col_upper.copy()
    buy_at = {id(b): j for j, b in enumerate(p.buys)}
    lower[lay.sell : lay.over] = 0.0
    upper[lay.sell : lay.over] = 0.0
    for i, q in unit_shares(p, sells):  # a priced partial wash's lot: its two parts
        lower[lay.sell + i] = upper[lay.sell + i] = float(q)
    for b, q in buys:
        lower[lay.buy + buy_at[id(b)]] = upper[lay.buy + buy_at[id(b)]] = float(q)
    row_lower = model.rows.lower.copy()
    row_lower[model.family("cash_rows")] -= CASH_HEADROOM  # the plan's cash need only be ≥ 0
    rows = replace(model.rows, lower=row_lower)
    solution = solve(replace(model, col_lower=lower, col_upper=upper, rows=rows))
    return solution.objective if solution.optimal else None
