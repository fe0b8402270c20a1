"""The partial-wash rows of the model: a priced lot's washed shares come first (Reg.
§1.1091-1(c); the lots and their parts are :mod:`.partial_wash`'s).

For a group G with a pool of R replacement shares and its priced lots u = 1 … n in the order
the IRS matches their sales, each lot with a washed part w_u (gain 0) and a clean part c_u (its
own gain), q_u the lot's sellable shares and z_u ∈ {0, 1} (the `wash_order` column):

    Σ_u w_u ≤ R                                   partial_wash_pool[G]: the pool is shared
    w_u + c_u ≤ q_u                               partial_wash_lot[a,L]: one lot's shares
    c_u − (q_u − m_u) z_u ≤ 0                     washed_first[a,L]: a clean share only when …
    R z_u − Σ_{v≤u} w_v ≤ 0                       pool_used[a,L]: … the lots up to u took the pool

m_u = min(q_u, max(0, R − Σ_{v<u} q_v)) is the fewest washed shares lot u sells once it sells a
clean one (the lots before it hold no more), so with z_u = 1 it has q_u − m_u clean shares at
most: valid, and tighter than q_u (a whole first lot, w = R and c = q − R, settles the LP at once).
So a lot sells clean shares only once the pool is used up by it and the lots matched before it,
as the tax engine matches them (:mod:`trimtab.tax.wash.match`): the washed part first. Without
z the LP would sell the clean shares first (they cost less); the cost of a lot's sale is concave
in its shares (the washed ones dearer), which no LP can price. z_u is binary in the exact
engine; the LP-first engine branches on it only where its relaxation sells clean shares with the
pool not used up (:func:`unsettled`, in the engine's wash-sale search).

Example: R = 8 IRA shares, one lot of 568 shares at $5 a share of loss. Selling 100: w = 8,
c = 92, z = 1 (8 ≥ 8 z); the relaxation alone (z = c/560, w ≥ 8 z) would take w ≈ 1.4 and
c ≈ 98.6, and branches.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from trimtab.money import ZERO
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Index, Layout, Vector, f64
from trimtab.optimize.rows import INF, Rows
from trimtab.optimize.sparse import sparse
from trimtab.optimize.units import SellUnit

if TYPE_CHECKING:  # the model and the solver import this module's rows and costs
    from trimtab.optimize.model import Model
    from trimtab.optimize.solve import Session, Solution

TINY = 1e-7  # shares: below this a column sells nothing


def partial_wash_rows(p: PlanInputs, lay: Layout) -> Rows:
    """The rows of the module docstring, for every priced group."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    upper: list[float] = []
    names: list[str] = []

    def row(name: str, entries: list[tuple[int, float]], bound: float) -> None:
        r = len(names)
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        upper.append(bound)
        names.append(name)

    z = lay.wash_order
    for g in lay.partial:
        pool = float(g.pool.quantity)
        washed = [lay.sell + lot.washed for lot in g.lots if lot.washed >= 0]
        row(f"partial_wash_pool[{g.group}]", [(c, 1.0) for c in washed], pool)
        taken: list[int] = []
        for lot in g.lots:
            key = f"{lot.unit.account},{lot.unit.lot_ids[0]}"
            q = float(lot.unit.quantity)
            if lot.washed >= 0:
                taken.append(lay.sell + lot.washed)
            if lot.clean < 0:
                continue
            clean = lay.sell + lot.clean
            if lot.washed >= 0:
                row(f"partial_wash_lot[{key}]", [(lay.sell + lot.washed, 1.0), (clean, 1.0)], q)
            row(f"washed_first[{key}]", [(clean, 1.0), (z, -(q - float(lot.least_washed)))], 0.0)
            row(f"pool_used[{key}]", [(z, pool), *((c, -1.0) for c in taken)], 0.0)
            z += 1
    n = len(names)
    return Rows(
        names=tuple(names),
        matrix=sparse((n, lay.size), rows, cols, vals),
        lower=np.full(n, -INF),
        upper=f64(upper),
    )


def lost_costs(lay: Layout) -> Vector:
    """The objective's cost a share of each sell column from permanent washes: a washed part's
    lost loss (:func:`.partial_wash._lost`); 0 elsewhere."""
    cost = np.zeros(lay.units)
    for g in lay.partial:
        for lot in g.lots:
            if lot.washed >= 0:
                cost[lot.washed] = float(lot.lost_per_share)
    return cost


def unsettled(lay: Layout, x: Vector) -> set[int]:
    """The `wash_order` columns whose lot sells clean shares in ``x`` while the pool is not used
    up by it and the lots before it (the relaxation's z_u between 0 and 1)."""
    found: set[int] = set()
    z = lay.wash_order
    for g in lay.partial:
        pool = float(g.pool.quantity)
        taken = 0.0
        for lot in g.lots:
            if lot.washed >= 0:
                taken += max(float(x[lay.sell + lot.washed]), 0.0)
            if lot.clean < 0:
                continue
            if x[lay.sell + lot.clean] > TINY and taken < pool - 1e-6 * max(pool, 1.0):
                found.add(z)
            z += 1
    return found


def merged(p: PlanInputs, values: list[float]) -> tuple[list[SellUnit], list[float]]:
    """The sell units and the solution's shares with each priced lot's parts as the lot again
    (its shares: both parts'), in unit order: what the trades sell of each lot."""
    if not p.partial_washes:
        return list(p.units), values
    lots = {}
    for g in p.partial_washes:
        for lot in g.lots:
            parts = tuple(i for i in (lot.washed, lot.clean) if i >= 0)
            for i in parts:
                lots[i] = (lot.unit, parts)
    units: list[SellUnit] = []
    out: list[float] = []
    for i, u in enumerate(p.units):
        if i not in lots:
            units.append(u)
            out.append(values[i])
            continue
        unit, parts = lots[i]
        if i == parts[0]:
            units.append(unit)
            out.append(sum(max(values[k], 0.0) for k in parts))
    return units, out


DIVES = 4  # LPs a dive may solve
CLOSE = 0.5  # dollars: a dive this close to the relaxation's cost needs no second dive


def settle(model: Model, session: Session, solution: Solution) -> Solution:
    """Settle the order of the priced partial washes ``solution`` leaves open with a few LPs
    (before the engine's branch and bound, which would branch on each z_u in turn): a dive
    fixes every open z_u to 1 (the pool used up before the clean shares) and re-solves until
    none is open; unless that plan costs within :data:`CLOSE` of the relaxation (a bound on
    every plan), a second dive starts from those z_u at 0 (their lots sell washed shares only);
    the cheaper plan stands, its z_u fixed in ``session``. A dive that ends with choices still
    open leaves them to the branch and bound."""
    lay = model.layout
    if not solution.optimal or not unsettled(lay, solution.x):
        return solution
    first, ones = _dive(lay, session, solution, set())
    if first.optimal and first.objective - solution.objective < CLOSE:
        return first  # the relaxation's cost, near enough: nothing cheaper to find
    opened = sorted(ones)
    _fix(session, opened, 0.0)
    second, more = _dive(lay, session, session.run(), set())
    if second.optimal and (not first.optimal or second.objective < first.objective - 1e-9):
        return second
    _free(session, sorted(more - ones))
    _fix(session, opened, 1.0)
    if first.optimal:
        return first
    _free(session, opened)
    return solution


def _dive(
    lay: Layout, session: Session, solution: Solution, fixed: set[int]
) -> tuple[Solution, set[int]]:
    """Fix every open z_u to 1 and re-solve, at most :data:`DIVES` times; the last solution
    and the columns fixed."""
    node, ones = solution, set(fixed)
    for _ in range(DIVES):
        if not node.optimal:
            break
        open_ = unsettled(lay, node.x) - ones
        if not open_:
            break
        _fix(session, sorted(open_), 1.0)
        ones |= open_
        node = session.run()
    return node, ones


def _fix(session: Session, cols: list[int], value: float) -> None:
    if cols:
        index = np.array(cols, dtype=np.int64)
        session.set_col_bounds(index, np.full(index.size, value), np.full(index.size, value))


def _free(session: Session, cols: list[int]) -> None:
    if cols:
        index = np.array(cols, dtype=np.int64)
        session.set_col_bounds(index, np.zeros(index.size), np.ones(index.size))


def release(model: Model, session: Session, sells: Index) -> None:
    """Set z_u to 0 for the lots among the sell columns ``sells`` the engine fixes to zero (a
    trade below its minimum): a z_u fixed to 1 would still ask for their washed shares."""
    lay = model.layout
    if not lay.partial or not sells.size:
        return
    dropped = set(sells.tolist())
    zeros: list[int] = []
    z = lay.wash_order
    for g in lay.partial:
        for lot in g.lots:
            if lot.clean < 0:
                continue
            if lay.sell + lot.clean in dropped or lay.sell + lot.washed in dropped:
                zeros.append(z)
            z += 1
    _fix(session, zeros, 0.0)


def unit_shares(
    p: PlanInputs, sells: Sequence[tuple[SellUnit, Decimal]]
) -> list[tuple[int, Decimal]]:
    """The sell columns of ``p`` and their shares for the trades ``sells`` (a unit of ``p``, or
    a priced lot as decoding gives it): a priced lot's shares split into its washed part, up to
    what the pool has left after the lots matched before it, and its clean part, as the tax
    engine matches them."""
    at = {id(u): i for i, u in enumerate(p.units)}
    priced = {(lot.unit.account, lot.unit.lot_ids[0]) for g in p.partial_washes for lot in g.lots}
    sold: dict[tuple[str, str], Decimal] = {}
    out: list[tuple[int, Decimal]] = []
    for u, q in sells:
        key = (u.account, u.lot_ids[0]) if len(u.lot_ids) == 1 else None
        if key is not None and key in priced:
            sold[key] = sold.get(key, ZERO) + q
        else:
            out.append((at[id(u)], q))
    for g in p.partial_washes:
        left = g.pool.quantity
        for lot in g.lots:
            q = sold.get((lot.unit.account, lot.unit.lot_ids[0]), ZERO)
            washed = min(q, left) if lot.washed >= 0 else ZERO
            left -= washed
            if washed > 0:
                out.append((lot.washed, washed))
            if q > washed:
                out.append((lot.clean if lot.clean >= 0 else lot.washed, q - washed))
    return out
