"""The rebalancing model: variables, objective terms and constraint families, as sparse blocks.

Notation (docs/optimizer.md). Units u (lots or holdings) with price p_u, sold shares s_u;
buy candidates j with price p_j, bought shares b_j; classes k with weight w_{·,k} of each
security in k; accounts a; half-spread cost rate c; RMD draws r_{g,a} from account a for
owner group g; deviations e⁺_k, e⁻_k ≥ 0 past the band (dollars); min-cash shortfalls m_a.

    minimise   Σ_k λ(e⁺_k + e⁻_k)                       drift outside the band (or off target)
             + Σ_u τ_u s_u + Σ_u δ_u s_u                 linear tax and short-term deferral
             + Σ_u c_u p_u s_u + Σ_j c_j p_j b_j         trading cost (spread)
             + ε Σ (p_u s_u + p_j b_j)                   no churn between equal choices
             + μ Σ_a m_a                                 cash below min_cash
             − Σ_u η_u h_u                               value of harvested losses (h_u ≤ s_u,
                                                         replaced in the same account and class)
             + Yw Σ_j p_j (d_j − d°_a) b_j               asset location: Y years of the drag of
             [+ Yw Σ_u p_u (d_cash,a − d_u) s_u]         what is bought (d°: the account's least-
                                                         drag fund; `location` mode: its cash, and
                                                         sales earn their drag, none at a gain;
                                                         Y = 1, and 5 in `location` mode)
             + (κ + θ) Σ z + ν Σ_{j new} z_j             commissions, and small fixed costs (θ a
                                                         trade, ν a new position) so that ties go
                                                         to fewer trades and to funds already held

Each family below is a pure function returning an immutable :class:`Rows` block over the full
column space; :func:`build_model` stacks them. Floats start here and stay in optimize/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from trimtab.model.enums import AssetClass, Mode, TaxBudgetKind
from trimtab.money import ZERO
from trimtab.optimize.inputs import CLASSES, PlanInputs

Vector = npt.NDArray[np.float64]
INF = float("inf")
DRIFT_WEIGHT = 2.0  # λ: a dollar outside the band costs more than any tax a dollar of sale owes
DEFER_WEIGHT = 1.0  # δ: selling a lot that turns long-term soon costs its gain once more
MIN_CASH_WEIGHT = 10.0  # μ
CHURN = 1e-4  # ε
TICKET = 1.0  # θ: dollars a trade, so that between equal plans the one with fewer trades wins
NEW_POSITION = 1.0  # dollars more for a buy that opens a position the account does not hold
# A dollar of yearly drag is worth this many dollars now (undiscounted years; docs/
# asset-location.md): one year when the term only steers the buys of a rebalance, so that it
# adds a trade only where a year's saving pays for it; five years in `location` mode, whose
# purpose is the move. Both are far shorter than `location_years`: no location move pays a
# typical gain's tax.
LOCATION_YEARS_STEERING = Decimal(1)
LOCATION_YEARS_LOCATION_MODE = Decimal(5)


@dataclass(frozen=True, slots=True)
class UnitArrays:
    """The numbers of every sell unit and buy candidate as arrays (one extraction pass), so
    that the constraint families and the objective are assembled with array operations."""

    u_account: npt.NDArray[np.int64]
    u_price: Vector
    u_rate: Vector
    u_weights: Vector  # units × classes
    u_tax: Vector
    u_defer: Vector
    u_quantity: Vector
    u_forced: Vector
    u_symbol: npt.NDArray[np.str_]
    u_gain: Vector
    b_account: npt.NDArray[np.int64]
    b_price: Vector
    b_rate: Vector
    b_weights: Vector  # buys × classes
    b_forced: Vector
    b_whole: npt.NDArray[np.bool_]
    u_location: Vector  # location cost per share sold (dollars a year)
    b_location: Vector  # location cost per share bought


def unit_arrays(p: PlanInputs) -> UnitArrays:
    """Extract the arrays of ``p``'s units and buys."""
    account = {a.account: i for i, a in enumerate(p.accounts)}
    weights = {
        symbol: np.array([float(dict(ws).get(c, 0)) for c in CLASSES])
        for symbol, ws in p.weights.items()
    }
    zero = np.zeros(len(CLASSES))
    units, buys = p.units, p.buys
    return UnitArrays(
        u_account=np.array([account[u.account] for u in units], dtype=np.int64),
        u_price=_f([u.price for u in units]),
        u_rate=_f([p.cost_rate[u.symbol] for u in units]),
        u_weights=np.array([weights.get(u.symbol, zero) for u in units]).reshape(-1, len(CLASSES)),
        u_tax=_f([u.tax_per_share for u in units]),
        u_defer=_f([u.defer_per_share for u in units]),
        u_quantity=_f([u.quantity for u in units]),
        u_forced=_f([u.forced for u in units]),
        u_symbol=np.array([u.symbol for u in units], dtype=str),
        u_gain=_f([u.gain_per_share for u in units]),
        b_account=np.array([account[b.account] for b in buys], dtype=np.int64),
        b_price=_f([b.price for b in buys]),
        b_rate=_f([p.cost_rate[b.symbol] for b in buys]),
        b_weights=np.array([weights.get(b.symbol, zero) for b in buys]).reshape(-1, len(CLASSES)),
        b_forced=_f([b.forced for b in buys]),
        b_whole=np.array([b.whole for b in buys], dtype=bool),
        u_location=_f(location_sells(p)),
        b_location=_f(location_buys(p)),
    )


def location_sells(p: PlanInputs) -> list[Decimal]:
    """Location term of a share sold, in `location` mode: Y w p_u (d_cash,a − d_u); a sale at a
    gain in a taxable account earns no credit (moves toward a better location cost no tax).
    Outside `location` mode sales carry no location term."""
    term = p.location
    if term is None or p.mode is not Mode.LOCATION:
        return [ZERO] * len(p.units)
    out = []
    for u in p.units:
        saved = term.drag[(u.account, u.symbol)] - term.cash[u.account]
        cost = -LOCATION_YEARS_LOCATION_MODE * term.weight * u.price * saved
        out.append(max(cost, ZERO) if u.taxed and u.gain_per_share > 0 else cost)
    return out


def location_buys(p: PlanInputs) -> list[Decimal]:
    """Location term of a share bought: Y w p_j (d_j − reference_a), the reference being the
    account's cash in `location` mode and otherwise its least-drag fund, so that outside
    `location` mode the term only steers buys (it is never negative: it pays for no trade)."""
    term = p.location
    if term is None:
        return [ZERO] * len(p.buys)
    located = p.mode is Mode.LOCATION
    reference = term.cash if located else term.floor
    years = LOCATION_YEARS_LOCATION_MODE if located else LOCATION_YEARS_STEERING
    return [
        years * term.weight * b.price * (term.drag[(b.account, b.symbol)] - reference[b.account])
        for b in p.buys
    ]


@dataclass(frozen=True, slots=True)
class Layout:
    """Column offsets of each variable block."""

    units: int
    buys: int
    classes: int
    draws: tuple[tuple[int, str], ...]  # (group index, account) per RMD draw column
    accounts: int
    sell_groups: tuple[tuple[str, str], ...]  # (account, symbol) per sell indicator
    integer_groups: tuple[tuple[str, str], ...]  # (account, symbol) with whole-share sells
    indicators: bool
    exclusive: int = 0  # wash-sale groups choosing between a loss sale and a buy
    harvests: tuple[int, ...] = ()  # units whose loss is worth harvesting
    group_columns: tuple[tuple[int, ...], ...] = ()  # sell columns of each sell group
    arrays: UnitArrays | None = field(default=None, compare=False)

    @property
    def s(self) -> int:
        return 0

    @property
    def b(self) -> int:
        return self.units

    @property
    def ep(self) -> int:
        return self.b + self.buys

    @property
    def em(self) -> int:
        return self.ep + self.classes

    @property
    def r(self) -> int:
        return self.em + self.classes

    @property
    def m(self) -> int:
        return self.r + len(self.draws)

    @property
    def zs(self) -> int:
        return self.m + self.accounts

    @property
    def zb(self) -> int:
        return self.zs + (len(self.sell_groups) if self.indicators else 0)

    @property
    def n(self) -> int:
        return self.zb + (self.buys if self.indicators else 0)

    @property
    def y(self) -> int:
        return self.n + len(self.integer_groups)

    @property
    def h(self) -> int:
        return self.y + self.exclusive

    @property
    def size(self) -> int:
        return self.h + len(self.harvests)


@dataclass(frozen=True, slots=True)
class Rows:
    """A named family of constraint rows: lower ≤ A x ≤ upper."""

    names: tuple[str, ...]
    matrix: sp.csr_matrix
    lower: Vector
    upper: Vector


@dataclass(frozen=True, slots=True)
class Model:
    """The assembled model: costs, bounds, integrality, rows and their names."""

    layout: Layout
    cost: Vector
    col_lower: Vector
    col_upper: Vector
    integer: npt.NDArray[np.bool_]
    rows: Rows
    col_names: tuple[str, ...]


def layout_of(p: PlanInputs) -> Layout:
    """The column layout of the model of ``p``."""
    groups = tuple(dict.fromkeys((u.account, u.symbol) for u in p.units if u.quantity > 0))
    whole = tuple(
        dict.fromkeys((u.account, u.symbol) for u in p.units if u.quantity > 0 and u.whole)
    )
    draws = tuple((g, a) for g, group in enumerate(p.rmd_groups) for a in group.accounts)
    indicators = any(v > 0 for v in p.min_trade.values()) or p.commission > 0
    return Layout(
        units=len(p.units),
        buys=len(p.buys),
        classes=len(CLASSES),
        draws=draws,
        accounts=len(p.accounts),
        sell_groups=groups,
        integer_groups=whole,
        indicators=indicators,
        exclusive=len(p.exclusive),
        harvests=tuple(
            i for i, u in enumerate(p.units) if u.harvest_per_share > 0 and u.quantity > 0
        ),
        group_columns=_group_columns(p, groups),
        arrays=unit_arrays(p),
    )


def _group_columns(
    p: PlanInputs, groups: tuple[tuple[str, str], ...]
) -> tuple[tuple[int, ...], ...]:
    """The unit indices of each sell group, in one pass over the units."""
    members: dict[tuple[str, str], list[int]] = {key: [] for key in groups}
    for i, u in enumerate(p.units):
        key = (u.account, u.symbol)
        if key in members:
            members[key].append(i)
    return tuple(tuple(members[key]) for key in groups)


def _f(values: object) -> Vector:
    return np.asarray(values, dtype=np.float64)


# --- expressions shared by families ------------------------------------------------------


def _account_index(p: PlanInputs) -> dict[str, int]:
    return {a.account: i for i, a in enumerate(p.accounts)}


def _arrays(lay: Layout) -> UnitArrays:
    if lay.arrays is None:
        raise ValueError("a layout without its arrays")
    return lay.arrays


def cash_change(p: PlanInputs, lay: Layout) -> sp.csr_matrix:
    """Rows a: the change of account a's cash caused by the variables.

    Δcash_a = Σ_{u∈a} p_u(1−c_u) s_u − Σ_{j∈a} p_j(1+c_j) b_j − Σ_g r_{g,a} − κ Σ_{t∈a} z_t
    """
    arr = _arrays(lay)
    idx = _account_index(p)
    n_units, n_buys = len(p.units), len(p.buys)
    rows = [arr.u_account, arr.b_account, np.array([idx[a] for _, a in lay.draws], dtype=np.int64)]
    cols = [
        lay.s + np.arange(n_units),
        lay.b + np.arange(n_buys),
        lay.r + np.arange(len(lay.draws)),
    ]
    vals = [
        arr.u_price * (1 - arr.u_rate),
        -arr.b_price * (1 + arr.b_rate),
        -np.ones(len(lay.draws)),
    ]
    if lay.indicators and p.commission > 0:
        kappa = -float(p.commission)
        rows += [np.array([idx[a] for a, _ in lay.sell_groups], dtype=np.int64), arr.b_account]
        cols += [lay.zs + np.arange(len(lay.sell_groups)), lay.zb + np.arange(n_buys)]
        vals += [np.full(len(lay.sell_groups), kappa), np.full(n_buys, kappa)]
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(p.accounts), lay.size),
    )


def fixed_cash(p: PlanInputs) -> Vector:
    """Cash of each account after the fixed flows: cash + contributions − withdrawals − own RMD."""
    return _f([a.cash + a.contributions - a.withdrawals - a.rmd for a in p.accounts])


def class_change(p: PlanInputs, lay: Layout) -> sp.csr_matrix:
    """Rows k: the change of class k's value caused by the variables (cash moves included).

    ΔX_k = −Σ_u w_{u,k} p_u s_u + Σ_j w_{j,k} p_j b_j + [k = cash] Σ_a Δcash_a
    """
    arr = _arrays(lay)
    n = len(CLASSES)
    sold = sp.csr_matrix((-arr.u_weights * arr.u_price[:, None]).T)
    bought = sp.csr_matrix((arr.b_weights * arr.b_price[:, None]).T)
    securities = sp.hstack(
        [
            sp.csr_matrix((n, lay.s)),
            sold,
            bought,
            sp.csr_matrix((n, lay.size - lay.ep)),
        ]
    )
    cash = sp.csr_matrix(cash_change(p, lay).sum(axis=0))
    pick = sp.csr_matrix(([1.0], ([CLASSES.index(AssetClass.CASH)], [0])), shape=(n, 1))
    return sp.csr_matrix(securities + pick @ cash)


# --- constraint families ---------------------------------------------------------------


def cash_rows(p: PlanInputs, lay: Layout) -> Rows:
    """No negative cash: fixed_cash_a + Δcash_a ≥ 0 in every account."""
    return Rows(
        names=tuple(f"cash[{a.account}]" for a in p.accounts),
        matrix=cash_change(p, lay),
        lower=-fixed_cash(p),
        upper=np.full(len(p.accounts), INF),
    )


def min_cash_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Keep min_cash (soft): fixed_cash_a + Δcash_a + m_a ≥ min_cash_a."""
    slack = sp.csr_matrix(
        (np.ones(len(p.accounts)), (range(len(p.accounts)), range(lay.m, lay.m + lay.accounts))),
        shape=(len(p.accounts), lay.size),
    )
    return Rows(
        names=tuple(f"min_cash[{a.account}]" for a in p.accounts),
        matrix=sp.csr_matrix(cash_change(p, lay) + slack),
        lower=_f([a.min_cash for a in p.accounts]) - fixed_cash(p),
        upper=np.full(len(p.accounts), INF),
    )


def band_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Band of each class after the trades, with deviations e⁺, e⁻ past it:

        X_k − e⁺_k ≤ high_k  and  X_k + e⁻_k ≥ low_k
    where X_k = X0_k + fixed cash moves (cash class) + ΔX_k, and [low, high] is the band less
    the buffer (classes outside), the band (classes inside), or target ± a quarter point
    (`target` mode).
    """
    n = len(CLASSES)
    change = class_change(p, lay)
    eye = sp.identity(n, format="csr")
    place_p = sp.hstack([sp.csr_matrix((n, lay.ep)), eye, sp.csr_matrix((n, lay.size - lay.em))])
    place_m = sp.hstack(
        [sp.csr_matrix((n, lay.em)), eye, sp.csr_matrix((n, lay.size - lay.em - n))]
    )
    base = _f([b.value for b in p.bands])
    base[CLASSES.index(AssetClass.CASH)] += float(fixed_cash(p).sum() - _cash_now(p))
    names = [b.asset_class.value for b in p.bands]
    high = _f([b.high for b in p.bands]) - base
    low = _f([b.low for b in p.bands]) - base
    return Rows(
        names=tuple(f"band_high[{c}]" for c in names) + tuple(f"band_low[{c}]" for c in names),
        matrix=sp.csr_matrix(sp.vstack([change - place_p, change + place_m])),
        lower=np.concatenate([np.full(n, -INF), low]),
        upper=np.concatenate([high, np.full(n, INF)]),
    )


def _cash_now(p: PlanInputs) -> float:
    return float(sum(a.cash for a in p.accounts))


def rmd_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Each owner's aggregated IRA RMD is drawn in full: Σ_{a∈g} r_{g,a} = amount_g."""
    rows = [g for g, _ in lay.draws]
    cols = [lay.r + d for d in range(len(lay.draws))]
    amounts = _f([g.amount for g in p.rmd_groups])
    return Rows(
        names=tuple(f"rmd[{g.owner}]" for g in p.rmd_groups),
        matrix=sp.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(p.rmd_groups), lay.size)
        ),
        lower=amounts,
        upper=amounts,
    )


def max_sell_rows(p: PlanInputs, lay: Layout) -> Rows:
    """A concentrated position sells at most its yearly cap: Σ_{u of symbol} p_u s_u ≤ cap."""
    arr = _arrays(lay)
    hits = [np.flatnonzero(arr.u_symbol == symbol) for symbol, _ in p.max_sell]
    rows = np.concatenate([np.full(h.size, r) for r, h in enumerate(hits)] or [np.zeros(0)])
    cols = np.concatenate(hits or [np.zeros(0, dtype=np.int64)])
    return Rows(
        names=tuple(f"max_sell[{s}]" for s, _ in p.max_sell),
        matrix=sp.csr_matrix(
            (arr.u_price[cols.astype(np.int64)], (rows, lay.s + cols)),
            shape=(len(p.max_sell), lay.size),
        ),
        lower=np.full(len(p.max_sell), -INF),
        upper=_f([cap for _, cap in p.max_sell]),
    )


def cash_mode_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Mode `cash`: an account sells only what its withdrawals and RMDs need beyond its cash."""
    if p.mode is not Mode.CASH:
        return _empty(lay)
    idx = _account_index(p)
    need = [
        max(0.0, float(a.withdrawals + a.rmd + a.min_cash - a.cash - a.contributions))
        for a in p.accounts
    ]
    for g in p.rmd_groups:
        for account in g.accounts:
            need[idx[account]] += float(g.amount)
    arr = _arrays(lay)
    return Rows(
        names=tuple(f"cash_mode_sells[{a.account}]" for a in p.accounts),
        matrix=sp.csr_matrix(
            (arr.u_price, (arr.u_account, lay.s + np.arange(len(p.units)))),
            shape=(len(p.accounts), lay.size),
        ),
        lower=np.full(len(p.accounts), -INF),
        upper=_f(need),
    )


def min_trade_rows(p: PlanInputs, lay: Layout) -> Rows:
    """A trade is zero or at least the account's minimum: m z ≤ Σ p x ≤ M z.

    For a sell group (account, symbol) x is the group's sold shares, for a buy its shares;
    M is the group's value (sells) or the account's value and contributions (buys: no account
    buys more than it holds). Orders are exempt. Two rows per trade: row 2t is the minimum,
    row 2t + 1 the indicator.
    """
    if not lay.indicators:
        return _empty(lay)
    arr = _arrays(lay)
    n_groups, n_buys = len(lay.sell_groups), len(p.buys)
    group_of = np.full(len(p.units), -1, dtype=np.int64)
    for g, members in enumerate(lay.group_columns):
        group_of[list(members)] = g
    sold = np.flatnonzero(group_of >= 0)
    g_of = group_of[sold]
    cap = np.bincount(g_of, weights=arr.u_price[sold] * arr.u_quantity[sold], minlength=n_groups)
    forced = np.bincount(g_of, weights=arr.u_forced[sold], minlength=n_groups) > 0
    minimum_by_account = _f([p.min_trade[a.account] for a in p.accounts])
    g_account = np.array([_account_index(p)[a] for a, _ in lay.sell_groups], dtype=np.int64)
    g_min = np.where(forced, 0.0, minimum_by_account[g_account] if n_groups else 0.0)
    b_min = np.where(arr.b_forced > 0, 0.0, minimum_by_account[arr.b_account])
    room = _f([a.value + a.contributions for a in p.accounts]) + 1.0
    trade_row = np.concatenate([2 * g_of, 2 * (n_groups + np.arange(n_buys))])
    x_cols = np.concatenate([lay.s + sold, lay.b + np.arange(n_buys)])
    x_vals = np.concatenate([arr.u_price[sold], arr.b_price])
    z_cols = np.concatenate([lay.zs + np.arange(n_groups), lay.zb + np.arange(n_buys)])
    mins = np.concatenate([g_min, b_min])
    caps = np.concatenate([cap, room[arr.b_account]])
    t = np.arange(n_groups + n_buys)
    rows = np.concatenate([trade_row, trade_row + 1, 2 * t, 2 * t + 1])
    cols = np.concatenate([x_cols, x_cols, z_cols, z_cols])
    vals = np.concatenate([x_vals, x_vals, -mins, -caps])
    n = 2 * (n_groups + n_buys)
    names = [
        name
        for a, s in (*lay.sell_groups, *((b.account, b.symbol) for b in p.buys))
        for name in (f"min_trade[{a},{s}]", f"trade_on[{a},{s}]")
    ]
    lower = np.tile([0.0, -INF], n_groups + n_buys)
    upper = np.tile([INF, 0.0], n_groups + n_buys)
    return Rows(
        names=tuple(names),
        matrix=sp.csr_matrix((vals, (rows, cols)), shape=(n, lay.size)),
        lower=lower,
        upper=upper,
    )


def whole_share_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Whole-share securities sell whole shares per trade: Σ_{u∈g} s_u − n_g = 0, n_g integer."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    members = dict(zip(lay.sell_groups, lay.group_columns, strict=True))
    for g, key in enumerate(lay.integer_groups):
        for i in members[key]:
            rows.append(g)
            cols.append(lay.s + i)
            vals.append(1.0)
        rows.append(g)
        cols.append(lay.n + g)
        vals.append(-1.0)
    n = len(lay.integer_groups)
    return Rows(
        names=tuple(f"whole_sell[{a},{s}]" for a, s in lay.integer_groups),
        matrix=sp.csr_matrix((vals, (rows, cols)), shape=(n, lay.size)),
        lower=np.zeros(n),
        upper=np.zeros(n),
    )


def _empty(lay: Layout) -> Rows:
    return Rows(names=(), matrix=sp.csr_matrix((0, lay.size)), lower=np.zeros(0), upper=np.zeros(0))


def order_rows(p: PlanInputs, lay: Layout) -> Rows:
    """An order without named lots sells at least its shares of the position: Σ_{u∈g} s_u ≥ q."""
    rows: list[int] = []
    cols: list[int] = []
    for r, (account, symbol, _) in enumerate(p.order_minimums):
        for i, u in enumerate(p.units):
            if (u.account, u.symbol) == (account, symbol):
                rows.append(r)
                cols.append(lay.s + i)
    n = len(p.order_minimums)
    return Rows(
        names=tuple(f"order[{a},{s}]" for a, s, _ in p.order_minimums),
        matrix=sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, lay.size)),
        lower=_f([q for _, _, q in p.order_minimums]),
        upper=np.full(n, INF),
    )


def round_trip_rows(p: PlanInputs, lay: Layout) -> Rows:
    """No account both sells and buys one security: z_sell + z_buy ≤ 1 (with indicators)."""
    if not lay.indicators:
        return _empty(lay)
    group = {key: g for g, key in enumerate(lay.sell_groups)}
    pairs = [
        (group[(b.account, b.symbol)], j)
        for j, b in enumerate(p.buys)
        if (b.account, b.symbol) in group
    ]
    rows = [r for r in range(len(pairs)) for _ in (0, 1)]
    cols = [c for g, j in pairs for c in (lay.zs + g, lay.zb + j)]
    return Rows(
        names=tuple(f"no_round_trip[{p.buys[j].account},{p.buys[j].symbol}]" for _, j in pairs),
        matrix=sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(pairs), lay.size)),
        lower=np.full(len(pairs), -INF),
        upper=np.ones(len(pairs)),
    )


def exclusive_rows(p: PlanInputs, lay: Layout) -> Rows:
    """One group is either loss-sold or bought in a plan (never both, IRC §1091):

        s_u − q_u y_G ≤ 0 for its loss units,   b_j + M_j y_G ≤ M_j for its buys
    with y_G binary and M_j the shares the account could buy with all its value.
    """
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    upper: list[float] = []
    names: list[str] = []
    room = {a.account: float(a.value + a.contributions) + 1.0 for a in p.accounts}
    for g, (key, unit_ids, buy_ids) in enumerate(p.exclusive):
        y = lay.y + g
        for i in unit_ids:
            r = len(names)
            rows += [r, r]
            cols += [lay.s + i, y]
            vals += [1.0, -float(p.units[i].quantity)]
            upper.append(0.0)
            names.append(f"loss_sale_or_buy[{key},{p.units[i].symbol},sell]")
        for j in buy_ids:
            r = len(names)
            big = room[p.buys[j].account] / float(p.buys[j].price)
            rows += [r, r]
            cols += [lay.b + j, y]
            vals += [1.0, big]
            upper.append(big)
            names.append(f"loss_sale_or_buy[{key},{p.buys[j].symbol},buy]")
    n = len(names)
    return Rows(
        names=tuple(names),
        matrix=sp.csr_matrix((vals, (rows, cols)), shape=(n, lay.size)),
        lower=np.full(n, -INF),
        upper=_f(upper),
    )


def main_class(p: PlanInputs, symbol: str) -> AssetClass:
    """The class holding most of a security's value."""
    return max(p.weights[symbol], key=lambda cw: cw[1])[0]


def harvest_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Harvests are part of a sale and are replaced in the same account and class:

        h_u ≤ s_u;   Σ_{u∈H(a,k)} p_u h_u ≤ Σ_{j∈B(a,k)} p_j b_j
    and in `harvest` mode buys are replacements only: Σ_{j∈B(a,k)} p_j b_j ≤ Σ p_u h_u + one
    share's price (whole shares). The buys of B(a,k) cannot be substantially identical to a
    loss-sold unit: the wash-sale exclusivity forbids it.
    """
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    upper: list[float] = []
    names: list[str] = []
    for k, i in enumerate(lay.harvests):
        r = len(names)
        rows += [r, r]
        cols += [lay.h + k, lay.s + i]
        vals += [1.0, -1.0]
        upper.append(0.0)
        names.append(f"harvest_within_sale[{p.units[i].account},{'+'.join(p.units[i].lot_ids)}]")
    keys = {(p.units[i].account, main_class(p, p.units[i].symbol)) for i in lay.harvests}
    if p.mode is Mode.HARVEST:
        keys |= {(b.account, main_class(p, b.symbol)) for b in p.buys}
    for account, cls in sorted(keys, key=lambda x: (x[0], x[1].value)):
        harvested = [
            (lay.h + k, float(p.units[i].price))
            for k, i in enumerate(lay.harvests)
            if (p.units[i].account, main_class(p, p.units[i].symbol)) == (account, cls)
        ]
        bought = [
            (lay.b + j, float(b.price))
            for j, b in enumerate(p.buys)
            if (b.account, main_class(p, b.symbol)) == (account, cls)
        ]
        _sum_row(len(names), harvested, bought, rows, cols, vals)
        upper.append(0.0)
        names.append(f"replace_harvest[{account},{cls.value}]")
        if p.mode is Mode.HARVEST:
            _sum_row(len(names), bought, harvested, rows, cols, vals)
            upper.append(max((price for _, price in bought), default=0.0))
            names.append(f"buy_only_to_replace[{account},{cls.value}]")
    n = len(names)
    return Rows(
        names=tuple(names),
        matrix=sp.csr_matrix((vals, (rows, cols)), shape=(n, lay.size)),
        lower=np.full(n, -INF),
        upper=_f(upper),
    )


def _sum_row(
    row: int,
    plus: list[tuple[int, float]],
    minus: list[tuple[int, float]],
    rows: list[int],
    cols: list[int],
    vals: list[float],
) -> None:
    for col, price in plus:
        rows.append(row)
        cols.append(col)
        vals.append(price)
    for col, price in minus:
        rows.append(row)
        cols.append(col)
        vals.append(-price)


def budget_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Tax budgets, linearly: Σ_u g_u s_u ≤ B (net gains) or Σ_u τ_u s_u ≤ B (tax dollars);
    the breakeven horizon adds a tax row of its own.

    The plan checks the exact figures afterwards and tightens B until they fit
    (:func:`trimtab.pipeline.plan_household`).
    """
    arr = _arrays(lay)
    budgets = [p.budget] if p.budget is not None else []
    if p.breakeven_tax is not None:
        budgets.append((TaxBudgetKind.TAX, p.breakeven_tax))
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[Vector] = []
    for r, (kind, _) in enumerate(budgets):
        coef = arr.u_gain if kind is TaxBudgetKind.GAINS else arr.u_tax
        used = np.flatnonzero(coef)
        rows.append(np.full(used.size, r, dtype=np.int64))
        cols.append(lay.s + used)
        vals.append(coef[used])
    n = len(budgets)
    names = [
        f"tax_budget[{kind.value}]"
        for kind, _ in budgets[: len(budgets) - (p.breakeven_tax is not None)]
    ]
    if p.breakeven_tax is not None:
        names.append("breakeven[tax]")
    return Rows(
        names=tuple(names),
        matrix=sp.csr_matrix(
            (
                np.concatenate(vals or [np.zeros(0)]),
                (
                    np.concatenate(rows or [np.zeros(0, dtype=np.int64)]),
                    np.concatenate(cols or [np.zeros(0, dtype=np.int64)]),
                ),
            ),
            shape=(n, lay.size),
        ),
        lower=np.full(n, -INF),
        upper=_f([max(bound, 0) for _, bound in budgets]),
    )


FAMILIES: tuple[Callable[[PlanInputs, Layout], Rows], ...] = (
    cash_rows,
    min_cash_rows,
    band_rows,
    rmd_rows,
    max_sell_rows,
    cash_mode_rows,
    min_trade_rows,
    whole_share_rows,
    order_rows,
    round_trip_rows,
    exclusive_rows,
    harvest_rows,
    budget_rows,
)


# --- objective terms and bounds --------------------------------------------------------


def objective(p: PlanInputs, lay: Layout) -> Vector:
    """The cost vector: the sum of the named terms of the module docstring."""
    arr = _arrays(lay)
    cost = np.zeros(lay.size)
    cost[lay.s : lay.b] = (
        arr.u_tax + DEFER_WEIGHT * arr.u_defer + (arr.u_rate + CHURN) * arr.u_price + arr.u_location
    )
    cost[lay.b : lay.ep] = (arr.b_rate + CHURN) * arr.b_price + arr.b_location
    cost[lay.ep : lay.r] = DRIFT_WEIGHT
    cost[lay.m : lay.zs] = MIN_CASH_WEIGHT
    cost[lay.h : lay.size] = -_f([p.units[i].harvest_per_share for i in lay.harvests])
    if lay.indicators:
        cost[lay.zs : lay.n] = float(p.commission) + TICKET
        held = {(u.account, u.symbol) for u in p.units}
        new = [j for j, b in enumerate(p.buys) if (b.account, b.symbol) not in held]
        cost[lay.zb + np.array(new, dtype=np.int64)] += NEW_POSITION
    return cost


def bounds(p: PlanInputs, lay: Layout) -> tuple[Vector, Vector, npt.NDArray[np.bool_]]:
    """Column bounds and integrality: 0 ≤ s_u ≤ sellable (≥ forced), b_j ≥ forced, z binary."""
    arr = _arrays(lay)
    lower = np.zeros(lay.size)
    upper = np.full(lay.size, INF)
    integer = np.zeros(lay.size, dtype=bool)
    lower[lay.s : lay.b] = arr.u_forced
    upper[lay.s : lay.b] = np.maximum(arr.u_quantity, arr.u_forced)
    lower[lay.b : lay.ep] = arr.b_forced
    integer[lay.b : lay.ep] = arr.b_whole
    if lay.indicators:
        upper[lay.zs : lay.n] = 1.0
        integer[lay.zs : lay.n] = True
    integer[lay.n : lay.h] = True  # whole-share sells and the wash-sale group choices
    upper[lay.y : lay.h] = 1.0
    upper[lay.h : lay.size] = arr.u_quantity[np.array(lay.harvests, dtype=np.int64)]
    return lower, upper, integer


def build_model(p: PlanInputs) -> Model:
    """Stack every constraint family and the objective into one model."""
    lay = layout_of(p)
    blocks = [family(p, lay) for family in FAMILIES]
    rows = Rows(
        names=tuple(n for b in blocks for n in b.names),
        matrix=sp.csr_matrix(sp.vstack([b.matrix for b in blocks])),
        lower=np.concatenate([b.lower for b in blocks]),
        upper=np.concatenate([b.upper for b in blocks]),
    )
    lower, upper, integer = bounds(p, lay)
    return Model(
        layout=lay,
        cost=objective(p, lay),
        col_lower=lower,
        col_upper=upper,
        integer=integer,
        rows=rows,
        col_names=_col_names(p, lay),
    )


def _col_names(p: PlanInputs, lay: Layout) -> tuple[str, ...]:
    names = [f"sell[{u.account},{u.symbol},{'+'.join(u.lot_ids) or 'all'}]" for u in p.units]
    names += [f"buy[{b.account},{b.symbol}]" for b in p.buys]
    names += [f"over[{c.value}]" for c in CLASSES] + [f"under[{c.value}]" for c in CLASSES]
    names += [f"rmd_draw[{a}]" for _, a in lay.draws]
    names += [f"short_cash[{a.account}]" for a in p.accounts]
    if lay.indicators:
        names += [f"sell_on[{a},{s}]" for a, s in lay.sell_groups]
        names += [f"buy_on[{b.account},{b.symbol}]" for b in p.buys]
    names += [f"whole[{a},{s}]" for a, s in lay.integer_groups]
    names += [f"loss_sale_group[{key}]" for key, _, _ in p.exclusive]
    names += [f"harvest[{p.units[i].account},{'+'.join(p.units[i].lot_ids)}]" for i in lay.harvests]
    return tuple(names)
