"""The partial-wash rows of the model: a priced lot's washed shares come first (Reg.
§1.1091-1(c); the lots and their parts are :mod:`.partial_wash`'s).

For a group G with a pool of R replacement shares and its priced lots u = 1 … n in the order
the IRS matches their sales, each lot with a washed part w_u (gain 0) and a clean part c_u (its
own gain), q_u the lot's sellable shares and z_u ∈ {0, 1} (the `wash_order` column), and s_L
the shares the plan sells of a replacement lot L of the pool (:class:`.partial_wash.Replacement`;
they stop replacing, so the pool the plan's loss sales meet is R − Σ_L max(0, s_L − b_L)):

    Σ_u w_u + Σ_{L: b_L=0} s_L ≤ R                partial_wash_pool[G]: the pool is shared
    … + Σ_{L∈S} (s_L − b_L) ≤ R                   partial_wash_pool[G|S]: S ⊆ those with b_L > 0
    w_u + c_u ≤ q_u                               partial_wash_lot[a,L]: one lot's shares
    c_u − (q_u − m_u) z_u ≤ 0                     washed_first[a,L]: a clean share only when …
    R z_u − Σ_{v≤u} w_v − Σ_{L: b_L=0} s_L ≤ 0    pool_used[a,L]: … the lots up to u took the pool

m_u = min(q_u, max(0, R_min − Σ_{v<u} q_v)) is the fewest washed shares lot u sells once it
sells a clean one (the lots before it hold no more; R_min: the pool if every replacement share
the model may sell is sold), so with z_u = 1 it has q_u − m_u clean shares at most: valid, and
tighter than q_u (a whole first lot, w = R and c = q − R, settles the LP at once).
So a lot sells clean shares only once the pool is used up by it and the lots matched before it,
as the tax engine matches them (:mod:`trimtab.tax.wash.match`): the washed part first. Without
z the LP would sell the clean shares first (they cost less); the cost of a lot's sale is concave
in its shares (the washed ones dearer), which no LP can price. z_u is binary in the exact
engine; the LP-first engine branches on it only where its relaxation sells clean shares with the
pool not used up (:func:`unsettled`, in the engine's wash-sale search). A replacement with
b_L > 0 (its lot's shares partly matched by an earlier loss sale, or a holding whose relief
method sells other lots first) is in the pool rows only, not in pool_used: a lot then sells
clean shares only while that replacement sells no more than b_L (never a wash the tax engine
does not find; some plans excluded).

Example: R = 8 IRA shares, one lot of 568 shares at $5 a share of loss. Selling 100: w = 8,
c = 92, z = 1 (8 ≥ 8 z); the relaxation alone (z = c/560, w ≥ 8 z) would take w ≈ 1.4 and
c ≈ 98.6, and branches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from trimtab.money import ZERO
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Index, Layout, Vector, derived, f64
from trimtab.optimize.partial_wash import PartialWash, with_costs
from trimtab.optimize.rows import INF, Names, Rows
from trimtab.optimize.sparse import sparse
from trimtab.optimize.units import SellUnit

if TYPE_CHECKING:  # the model and the solver import this module's rows and costs
    from trimtab.optimize.model import Model
    from trimtab.optimize.solve import Session, Solution

TINY = 1e-7  # shares: below this a column sells nothing
WHOLE = 1e-6  # shares: a replacement lot sold to within this is sold whole
NUDGE = 2e-7  # shares: above a whole replacement lot's, below the millionth decoding keeps
SUBSETS = 4  # replacements with b_L > 0 in one group: up to this many, a pool row per subset


def partial_wash_rows(p: PlanInputs, lay: Layout) -> Rows:
    """The rows of the module docstring, for every priced group: each group's pool rows, then
    for each of its lots with a clean part its lot row (when it has a washed part too),
    washed_first and pool_used. The lots of all groups are laid out as arrays at once (a large
    household has thousands of them, a medium one a dozen groups of ten)."""
    if not lay.partial:
        return Rows(
            names=(), matrix=sparse((0, lay.size), [], [], []), lower=f64([]), upper=f64([])
        )
    sell = lay.sell
    pools = [_pool_rows(g, sell) for g in lay.partial]
    frees = [_free_columns(g, sell) for g in lay.partial]
    arrays = _lots_of(lay)
    washed, clean, has_c, group = arrays.washed, arrays.clean, arrays.has_clean, arrays.group
    sizes, lot_start = np.diff(arrays.starts), arrays.starts[:-1]
    lots = [lot for g in lay.partial for lot in g.lots]
    q = np.array([float(lot.unit.quantity) for lot in lots])
    least = np.array([float(lot.least_washed) for lot in lots])
    pool = np.array([quantity for quantity, _ in arrays.pools])
    has_w = washed >= 0
    lot_row = has_c & has_w
    # rows: a group's pool rows, then per lot with a clean part [lot row], washed_first, pool_used
    n_pool = np.array([len(cols) for cols, _, _ in pools], dtype=np.int64)
    per = has_c.astype(np.int64) * 2 + lot_row
    group_rows = n_pool + np.bincount(group, weights=per, minlength=sizes.size).astype(np.int64)
    group_first = np.concatenate([[0], np.cumsum(group_rows)[:-1]]).astype(np.int64)
    before = np.cumsum(np.concatenate([[0], per]))  # rows of the lots before each (all groups)
    first = group_first[group] + n_pool[group] + before[:-1] - before[lot_start][group]
    # the washed columns of the lots up to each one, within its group
    w_before = np.cumsum(np.concatenate([[0], has_w]))  # washed lots before each (all groups)
    w_start = w_before[lot_start]  # a group's first washed lot among them
    taken = w_before[1:] - w_start[group]
    wcols = sell + washed[has_w]
    n_free = np.array([len(f) for f in frees], dtype=np.int64)
    f_start = np.concatenate([[0], np.cumsum(n_free)[:-1]]).astype(np.int64)
    free_cols = np.array([c for f in frees for c in f], dtype=np.int64)
    c_at = np.flatnonzero(has_c)
    zc = lay.wash_order + np.arange(c_at.size, dtype=np.int64)  # z of each lot with a clean part
    l_at = np.flatnonzero(lot_row)
    wf = first[c_at] + lot_row[c_at]  # washed_first rows
    pu = wf + 1  # pool_used rows
    # pool_used: z (R), the washed columns of the lots up to it and the free replacements (−1)
    counts = taken[c_at] + n_free[group[c_at]]
    total = int(counts.sum())
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)  # within its row
    prefix = np.repeat(taken[c_at], counts)
    of_group = np.repeat(group[c_at], counts)
    in_washed = offset < prefix
    used_cols = np.empty(total, dtype=np.int64)
    used_cols[in_washed] = wcols[(w_start[of_group] + offset)[in_washed]]
    used_cols[~in_washed] = free_cols[(f_start[of_group] + offset - prefix)[~in_washed]]
    pool_rows = [
        int(group_first[g]) + r for g, (cols, _, _) in enumerate(pools) for r in range(len(cols))
    ]
    pool_cols = [c for cols, _, _ in pools for c in cols]
    row = np.concatenate(
        [
            np.repeat(np.array(pool_rows, dtype=np.int64), [len(c) for c in pool_cols]),
            np.repeat(first[l_at], 2),
            np.repeat(wf, 2),
            pu,
            np.repeat(pu, counts),
        ]
    )
    col = np.concatenate(
        [
            np.array([c for cols in pool_cols for c in cols], dtype=np.int64),
            np.column_stack([sell + washed[l_at], sell + clean[l_at]]).ravel(),
            np.column_stack([sell + clean[c_at], zc]).ravel(),
            zc,
            used_cols,
        ]
    )
    val = np.concatenate(
        [
            np.ones(sum(len(c) for c in pool_cols)),
            np.ones(2 * l_at.size),
            np.column_stack([np.ones(c_at.size), -(q[c_at] - least[c_at])]).ravel(),
            pool[group[c_at]],
            -np.ones(total),
        ]
    )
    n = int(group_rows.sum())
    upper = np.zeros(n)
    upper[pool_rows] = [bound for _, bounds, _ in pools for bound in bounds]
    upper[first[l_at]] = q[l_at]

    def names() -> list[str]:
        out: list[str] = []
        for g, (_, _, pool_names) in zip(lay.partial, pools, strict=True):
            out.extend(pool_names)
            for lot in g.lots:
                if lot.clean < 0:
                    continue
                key = f"{lot.unit.account},{lot.unit.lot_ids[0]}"
                if lot.washed >= 0:
                    out.append(f"partial_wash_lot[{key}]")
                out.append(f"washed_first[{key}]")
                out.append(f"pool_used[{key}]")
        return out

    return Rows(
        names=Names(n, write=names),
        matrix=sparse((n, lay.size), row, col, val),
        lower=np.full(n, -INF),
        upper=upper,
    )


def _free_columns(g: PartialWash, sell: int) -> list[int]:
    """The sell columns of ``g``'s replacements with b_L = 0 (in every pool row and in
    pool_used)."""
    return [sell + i for r in g.replacements if r.before <= 0 for i in r.units]


def _pool_rows(g: PartialWash, sell: int) -> tuple[list[list[int]], list[float], list[str]]:
    """The pool's rows of ``g``: Σ_u w_u + Σ_L max(0, s_L − b_L) ≤ R as linear rows (their
    columns, bounds and names). A replacement with b_L = 0 is a column of every row; one with
    b_L > 0 is in the rows of the subsets of those it belongs to (max(0, ·) as the largest
    of its pieces; with more than :data:`SUBSETS` of them, each alone and all together)."""
    washed = [sell + lot.washed for lot in g.lots if lot.washed >= 0]
    base = [*washed, *_free_columns(g, sell)]
    out_cols, out_upper, out_names = (
        [base],
        [float(g.pool.quantity)],
        [f"partial_wash_pool[{g.group}]"],
    )
    later = [r for r in g.replacements if r.before > 0]
    if len(later) <= SUBSETS:
        subsets = [c for k in range(1, len(later) + 1) for c in combinations(range(len(later)), k)]
    else:
        subsets = [(k,) for k in range(len(later))] + [tuple(range(len(later)))]
    for subset in subsets:
        chosen = [later[k] for k in subset]
        out_cols.append([*base, *(sell + i for r in chosen for i in r.units)])
        out_upper.append(float(g.pool.quantity + sum((r.before for r in chosen), ZERO)))
        out_names.append(f"partial_wash_pool[{g.group}|{'+'.join(str(k) for k in subset)}]")
    return out_cols, out_upper, out_names


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
    """The `wash_order` columns whose lot sells clean shares in ``x`` while the pool (less the
    replacement shares ``x`` sells) is not used up by it and the lots before it (the
    relaxation's z_u between 0 and 1). Only the groups with a clean share sold are looked at
    (the engine asks after every LP of its search)."""
    if not lay.partial:
        return set()
    lots = _lots_of(lay)
    sell = lay.sell
    selling = (x[sell + lots.clean] > TINY) & lots.has_clean
    if not selling.any():
        return set()
    washed = np.where(lots.washed >= 0, np.maximum(x[sell + np.maximum(lots.washed, 0)], 0.0), 0.0)
    found: set[int] = set()
    for g in np.unique(lots.group[selling]).tolist():
        start, stop = int(lots.starts[g]), int(lots.starts[g + 1])
        pool = _pool_left(lots.pools[g], sell, x)
        taken = np.cumsum(washed[start:stop])  # the washed shares of the lots up to each, in order
        open_ = selling[start:stop] & (taken < pool - 1e-6 * max(pool, 1.0))
        found.update(lots.order[start:stop][open_].tolist())
    return found


# A group's pool: R, and each replacement's sell units, b_L and its shares of the pool.
_Pool = tuple[float, tuple[tuple[tuple[int, ...], float, float], ...]]


@dataclass(frozen=True, slots=True)
class _Lots:
    """The priced lots of a layout's partial washes as arrays, in group and matching order:
    each lot's washed and clean unit (a lot without a clean part: its washed unit, never
    read as clean), its group, its `wash_order` column (−1: none), and where each group
    starts; and each group's pool as floats (:data:`_Pool`)."""

    washed: Index
    clean: Index
    has_clean: npt.NDArray[np.bool_]
    group: Index
    order: Index
    starts: Index
    pools: tuple[_Pool, ...]


def _lots_of(lay: Layout) -> _Lots:
    """:class:`_Lots` of ``lay``, built once a layout (its rows, then the engine's search after
    every LP, read them)."""
    return derived(lay, "partial_lots", lambda: _build_lots(lay))


def _build_lots(lay: Layout) -> _Lots:
    lots = [lot for g in lay.partial for lot in g.lots]
    washed = np.fromiter((lot.washed for lot in lots), np.int64, len(lots))
    clean = np.fromiter((lot.clean for lot in lots), np.int64, len(lots))
    has_clean = clean >= 0
    order = np.where(has_clean, lay.wash_order + np.cumsum(has_clean) - 1, -1)
    sizes = [len(g.lots) for g in lay.partial]
    built = _Lots(
        washed=washed,
        clean=np.where(has_clean, clean, np.maximum(washed, 0)),
        has_clean=has_clean,
        group=np.repeat(np.arange(len(sizes), dtype=np.int64), sizes),
        order=order.astype(np.int64),
        starts=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        pools=tuple(
            (
                float(g.pool.quantity),
                tuple((r.units, float(r.before), float(r.shares)) for r in g.replacements),
            )
            for g in lay.partial
        ),
    )
    return built


def _pool_left(group: _Pool, sell: int, x: Vector) -> float:
    """R − Σ_L max(0, s_L − b_L) at the solution ``x`` (floats)."""
    pool, replacements = group
    for units, before, shares in replacements:
        sold = sum(max(float(x[sell + i]), 0.0) for i in units)
        pool -= min(max(sold - before, 0.0), shares)
    return max(pool, 0.0)


def merged(p: PlanInputs, values: list[float]) -> tuple[list[SellUnit], list[float]]:
    """The sell units and the solution's shares with each priced lot's parts as the lot again
    (its shares: both parts'), in unit order: what the trades sell of each lot.

    A replacement lot the solution sells whole (to within :data:`WHOLE` of a share) is sold
    whole, its shares a hair above the lot's (:data:`NUDGE`; the trade never sells more than
    the lot): decoding floors a position's fractional shares to six places, and a millionth of
    a share kept would still replace, washing a loss the model priced as not washed."""
    if not p.partial_washes:
        return list(p.units), values
    firsts: dict[int, tuple[SellUnit, tuple[int, ...], int]] = {}
    for g in p.partial_washes:
        for lot in g.lots:
            parts = tuple(i for i in (lot.washed, lot.clean) if i >= 0)
            for i in parts:
                firsts[i] = (lot.unit, parts, lot.washed)
    values = list(values)
    for g in p.partial_washes:
        for r in g.replacements:
            for i in r.units:
                q = float(p.units[i].quantity)
                if q > 0 and values[i] >= q - WHOLE:
                    values[i] = q + NUDGE
    units: list[SellUnit] = []
    out: list[float] = []
    done = 0
    for i in sorted(firsts):
        units.extend(p.units[done:i])  # the units between, as they are
        out.extend(values[done:i])
        unit, parts, washed = firsts[i]
        if i == parts[0]:
            shares = sum(max(values[k], 0.0) for k in parts)
            units.append(_as_sold(unit, max(values[washed], 0.0) if washed >= 0 else 0.0, shares))
            out.append(shares)
        done = i + 1
    units.extend(p.units[done:])
    out.extend(values[done:])
    return units, out


def _as_sold(unit: SellUnit, washed: float, shares: float) -> SellUnit:
    """The priced lot ``unit`` with the tax, deferral and gain of a share of its sale in the
    solution (``shares`` sold, ``washed`` of them washed): a washed share has none. Decoding
    fills a position's lots by that cost, so it sells the lots as the solution does: the
    washed shares of the lots matched first cost more than the clean shares of later ones,
    though their lot's loss is larger."""
    if shares <= TINY or washed <= TINY:
        return unit  # no washed share sold: the lot's own cost
    clean = Decimal(repr(float(max(shares - washed, 0.0) / shares)))
    return with_costs(
        unit,
        net_tax=unit.net_tax_per_share * clean,
        defer=unit.defer_per_share * clean,
        gain=unit.gain_per_share * clean,
    )


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
    what the pool has left after the replacement shares ``sells`` sells and the lots matched
    before it, and its clean part, as the tax engine matches them."""
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
    by_unit: dict[int, Decimal] = {}
    for i, q in out:
        by_unit[i] = by_unit.get(i, ZERO) + q
    for g in p.partial_washes:
        left = g.left(by_unit)  # the pool less the replacement shares sold
        for lot in g.lots:
            q = sold.get((lot.unit.account, lot.unit.lot_ids[0]), ZERO)
            washed = min(q, left) if lot.washed >= 0 else ZERO
            left -= washed
            if washed > 0:
                out.append((lot.washed, washed))
            if q > washed:
                out.append((lot.clean if lot.clean >= 0 else lot.washed, q - washed))
    return out
