"""The constraint families of the rebalancing model, each a named block of rows.

Notation (docs/optimizer.md and :mod:`.layout`): units u with price p_u and sold shares s_u; buy
candidates j with price p_j and bought shares b_j; classes k with weight w_{·,k} of each
security in k; accounts a; half-spread rate c; RMD draws r_{g,a}; deviations e⁺_k, e⁻_k past the
band; min-cash shortfalls m_a; in the exact engine trade indicators z and whole-share counts n.

Each family is a pure function of the inputs and the layout returning an immutable :class:`Rows`
block over the full column space (lower ≤ A x ≤ upper); :func:`.model.build_model` stacks them.
The families marked *exact engine* exist only there: the LP-first engine meets minimum trades,
whole shares and one-way trading around the LP (:mod:`.engine`, :mod:`.decode`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import overload

import numpy as np
import numpy.typing as npt

from trimtab.model.enums import AssetClass, Mode, TaxBudgetKind
from trimtab.model.security import main_class_of
from trimtab.money import ZERO
from trimtab.optimize.inputs import CLASSES, PlanInputs
from trimtab.optimize.layout import Index, Layout, Vector, account_index, derived, f64
from trimtab.optimize.sparse import Sparse, empty, sparse

INF = float("inf")
CASH_ROW = CLASSES.index(AssetClass.CASH)
CASH_HEADROOM = 0.02  # dollars (cash_rows)
EDGE = 1.0  # dollars inside each band edge (aim_inside)


class Names(Sequence[str]):
    """Row names written only when read: a thousand rows' names (wash-sale choices, priced
    partial washes) cost a model a tenth of its build, and a plan reads them only to explain
    an infeasible model or round a harvest. ``count`` names; ``parts`` the name sequences
    they are, one after the other (a family's own, or the families of a model), or ``write``
    a function that writes them all."""

    __slots__ = ("_count", "_parts", "_starts", "_write")

    def __init__(
        self,
        count: int,
        *,
        parts: Sequence[Sequence[str]] = (),
        write: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self._count = count
        self._parts = list(parts)
        self._starts = list(accumulate((len(part) for part in self._parts), initial=0))
        self._write = write

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if self._write is not None:
            self._parts, self._starts, self._write = [tuple(self._write())], [0, self._count], None
        part = bisect_right(self._starts, index) - 1
        return self._parts[part][index - self._starts[part]]

    def __iter__(self) -> Iterator[str]:
        if self._write is not None:
            self._parts, self._starts, self._write = [tuple(self._write())], [0, self._count], None
        for part in self._parts:
            yield from part


@dataclass(frozen=True, slots=True)
class Rows:
    """A named family of constraint rows: lower ≤ A x ≤ upper (``names``: a tuple, or
    :class:`Names` written when read)."""

    names: Sequence[str]
    matrix: Sparse
    lower: Vector
    upper: Vector


def _none(lay: Layout) -> Rows:
    return Rows(names=(), matrix=empty(lay.size), lower=np.zeros(0), upper=np.zeros(0))


def _at_most(
    lay: Layout,
    names: list[str],
    entries: tuple[list[int], list[int], list[float]],
    upper: list[float],
) -> Rows:
    """Rows A x ≤ upper from (row, column, value) lists, one name a row."""
    n = len(names)
    return Rows(
        names=tuple(names),
        matrix=sparse((n, lay.size), *entries),
        lower=np.full(n, -INF),
        upper=f64(upper),
    )


def _ints(values: object) -> Index:
    return np.asarray(values, dtype=np.int64)


# --- expressions shared by families ------------------------------------------------------


def cash_change(p: PlanInputs, lay: Layout) -> Sparse:
    """Rows a: the change of account a's cash caused by the variables.

    Δcash_a = Σ_{u∈a} p_u(1−c_u) s_u − Σ_{j∈a} p_j(1+c_j) b_j − Σ_g r_{g,a} − κ Σ_{t∈a} z_t
    (the commission κ per trade in the exact engine; the LP-first engine reserves it instead).
    """
    arr = lay.arrays
    idx = account_index(p)
    rows = [arr.u_account, arr.b_account, _ints([idx[a] for _, a in lay.draws])]
    cols = [
        lay.sell + np.arange(lay.units),
        lay.buy + np.arange(lay.buys),
        lay.rmd_draw + np.arange(len(lay.draws)),
    ]
    vals = [
        arr.u_price * (1 - arr.u_rate),
        -arr.b_price * (1 + arr.b_rate),
        -np.ones(len(lay.draws)),
    ]
    if lay.indicators and p.commission > 0:
        kappa = -float(p.commission)
        groups = len(lay.sell_groups)
        rows += [_ints([idx[a] for a, _ in lay.sell_groups]), arr.b_account]
        cols += [lay.sell_on + np.arange(groups), lay.buy_on + np.arange(lay.buys)]
        vals += [np.full(groups, kappa), np.full(lay.buys, kappa)]
    return sparse(
        (len(p.accounts), lay.size),
        np.concatenate(rows),
        np.concatenate(cols),
        np.concatenate(vals),
    )


def fixed_cash(p: PlanInputs) -> Vector:
    """Cash of each account after the fixed flows: cash + contributions − withdrawals − own RMD."""
    return f64([a.cash + a.contributions - a.withdrawals - a.rmd for a in p.accounts])


def class_change(p: PlanInputs, lay: Layout) -> Sparse:
    """Rows k: the change of class k's value caused by the variables (cash moves included).

    ΔX_k = −Σ_u w_{u,k} p_u s_u + Σ_j w_{j,k} p_j b_j + [k = cash] Σ_a Δcash_a
    (figured once a layout: the band rows and the whole-share rounding both read it)
    """
    return derived(lay, "class_change", lambda: _class_change(p, lay))


def _class_change(p: PlanInputs, lay: Layout) -> Sparse:
    arr = lay.arrays
    u_row, u_k = np.nonzero(arr.u_weights)
    b_row, b_k = np.nonzero(arr.b_weights)
    cash = cash_change(p, lay)
    return sparse(
        (len(CLASSES), lay.size),
        np.concatenate([u_k, b_k, np.full(cash.nnz, CASH_ROW)]),
        np.concatenate([lay.sell + u_row, lay.buy + b_row, cash.col]),
        np.concatenate(
            [
                -arr.u_weights[u_row, u_k] * arr.u_price[u_row],
                arr.b_weights[b_row, b_k] * arr.b_price[b_row],
                cash.val,
            ]
        ),
    )


# --- constraint families ---------------------------------------------------------------


def cash_rows(p: PlanInputs, lay: Layout) -> Rows:
    """No negative cash: fixed_cash_a + Δcash_a ≥ h in every account that has cash to spend,
    h = two cents of headroom so that the exact Decimal cash of the decoded trades (prices ×
    shares to the last digit, RMD draws rounded up to the cent) never falls a fraction of a
    cent below zero, which would cost a whole share of a buy."""
    return Rows(
        names=tuple(f"cash[{a.account}]" for a in p.accounts),
        matrix=cash_change(p, lay),
        lower=_headroom(fixed_cash(p)),
        upper=np.full(len(p.accounts), INF),
    )


def _headroom(fixed: Vector) -> Vector:
    """−fixed + h where the account has h to spend; −fixed where it holds less or must raise
    cash (a withdrawal the sales just cover stays feasible; decode tops up a fraction short)."""
    return np.where(fixed >= CASH_HEADROOM, CASH_HEADROOM - fixed, -fixed)


def min_cash_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Keep min_cash (soft): fixed_cash_a + Δcash_a + m_a ≥ min_cash_a."""
    change = cash_change(p, lay)
    n = len(p.accounts)
    return Rows(
        names=tuple(f"min_cash[{a.account}]" for a in p.accounts),
        matrix=sparse(
            change.shape,
            np.concatenate([change.row, np.arange(n)]),
            np.concatenate([change.col, lay.short_cash + np.arange(n)]),
            np.concatenate([change.val, np.ones(n)]),
        ),
        lower=f64([a.min_cash for a in p.accounts]) - fixed_cash(p),
        upper=np.full(n, INF),
    )


def band_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Band of each class after the trades, with deviations e⁺, e⁻ past it, in shares of the
    household's value after the trades' costs C (as the plan's drift after divides it):

        X_k − e⁺_k ≤ f⁺_k (V − C)   and   X_k + e⁻_k ≥ f⁻_k (V − C)
    where X_k = X0_k + fixed cash moves (cash class) + ΔX_k, V the value after flows, C the
    half-spreads and commissions of the trades (the `trade_cost` column), and
    [f⁻_k V, f⁺_k V] = [low, high] the band less
    the buffer (classes outside), the band (classes inside), or target ± a quarter point
    (`target` mode). Example: a class at its 55 % edge of $100,000 whose plan pays $20 of
    spreads may hold $54,989, not $55,000 (which would read 55.011 % after the costs).
    """
    n = len(CLASSES)
    change = class_change(p, lay)
    base, low, high = band_limits(p, lay, aim=not lay.exact)
    value = float(p.value_after_flows)
    share_high = high / value if value > 0 else np.zeros(n)
    share_low = low / value if value > 0 else np.zeros(n)
    k = np.arange(n)
    rows = [change.row, k, k, change.row + n, k + n, k + n]
    cols = [change.col, lay.over + k, np.full(n, lay.trade_cost)]
    cols += [change.col, lay.under + k, np.full(n, lay.trade_cost)]
    vals = [change.val, -np.ones(n), share_high, change.val, np.ones(n), share_low]
    names = [b.asset_class.value for b in p.bands]
    return Rows(
        names=tuple(f"band_high[{c}]" for c in names) + tuple(f"band_low[{c}]" for c in names),
        matrix=sparse(
            (2 * n, lay.size), np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        ),
        lower=np.concatenate([np.full(n, -INF), low - base]),
        upper=np.concatenate([high - base, np.full(n, INF)]),
    )


def target_rows(p: PlanInputs, lay: Layout) -> Rows:
    """*Money goes to work toward the target* (`band`, `cash` and `target` modes, with the
    `invest_cash` setting on). Three
    deviations of each class k (the `off_target` block):

        X_k − o_k + u_k = t_k (V − C)             o_k, u_k: above and below its target share
                                                       of the value after the trades' costs
                                                       (as in :func:`band_rows`)
        X_cash − a_cash ≤ t_cash (V − C)          a_k: above its ceiling: cash's target share
        X_k − a_k ≤ max(t_k V, X0_k)   (k ≠ cash)      of V − C; any other class's target or,
                                                       when over it, its value now (X0_k after
                                                       the trades an order or a rule forces),
                                                       in dollars

    The ceiling rows are written with X_k − t_k (V − C) = o_k − u_k, so that only the target
    rows carry the trades' columns (a row of each class, not three: the LP solves faster).

    with t_k the target share and X0_k the class's value now. The other classes' ceilings are
    dollars, not shares of V − C: a class over its target whose ceiling shrank with the costs of
    the buys would be pushed over it by buying anything, and the LP would sell a dollar or two
    of it in every round of the minimum trades (issue 21's default-on cost: 2.8 more LP solves
    a medium household). A class below its target may then be filled to t_k V, t_k C above its
    share of V − C: cents. The objective prices cash above its target at ι a dollar
    (:func:`.objective._idle_price`), more than any buy costs, so new money and sale
    proceeds are invested; a class pushed above its target, or above where it stands when it
    is over it already, at π = 2ι, more than cash left above its band costs, so cash is
    invested only in classes below their targets and only up to them; and o_k, u_k at
    :data:`.objective.TOWARD`, less than half a trade's churn, which only breaks ties: between
    sales that cost the same, the one from a class above its target.
    Example: V = $100,000, cash target 3 % holding $13,000 after a $10,000 contribution, bonds
    target 22 % at $19,000: a_cash prices the $10,000 above $3,000; $3,000 of bonds may be bought
    before a_bonds grows, so the plan buys $3,000 of bonds and invests the other $7,000 in the
    other classes below their targets. The exact models (whole shares: the rounding of the
    LP's trades, the exact engine) leave cash up to one share of the cheapest whole-share buy
    above its target unpriced (``share_slack``): a remainder no whole share can take.
    """
    n = len(CLASSES)
    value = float(p.value_after_flows)
    if lay.off_target == lay.size or value <= 0:
        return _none(lay)
    change = class_change(p, lay)
    base = band_base(p)
    target = f64([b.target for b in p.bands])
    ceiling = target_ceilings(p, lay, slack=lay.exact)
    scaled = np.zeros(n)  # the ceilings that shrink with the trades' costs: cash's alone
    scaled[CASH_ROW] = ceiling[CASH_ROW]
    k = np.arange(n)
    a, o, u = (lay.off_target + block * n + k for block in range(3))
    cost = np.full(n, lay.trade_cost)
    rows = [change.row, k, k, k, n + k, n + k, n + k, n + k]
    cols = [change.col, o, u, cost, a, o, u, cost]
    vals = [change.val, -np.ones(n), np.ones(n), target / value]
    vals += [-np.ones(n), np.ones(n), -np.ones(n), (scaled - target) / value]
    names = [b.asset_class.value for b in p.bands]
    return Rows(
        names=tuple(f"{kind}[{c}]" for kind in ("target", "ceiling") for c in names),
        matrix=sparse(
            (2 * n, lay.size), np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        ),
        lower=np.concatenate([target - base, np.full(n, -INF)]),
        upper=np.concatenate([target - base, ceiling - target]),
    )


def target_ceilings(p: PlanInputs, lay: Layout, *, slack: bool) -> Vector:
    """The dollars of each class above which :func:`target_rows` prices it (a_k): cash's
    target (with ``slack``, plus one share of the household's cheapest whole-share buy,
    ``share_slack``: a remainder no whole share can take), any other class's target or, when
    over it, its value now after the trades an order or a rule forces."""
    change = class_change(p, lay)
    base = band_base(p)
    target = f64([b.target for b in p.bands])
    forced = np.zeros(lay.size)
    forced[lay.sell : lay.buy] = lay.arrays.u_forced
    forced[lay.buy : lay.over] = lay.arrays.b_forced
    n = len(CLASSES)
    ordered = np.bincount(change.row, weights=change.val * forced[change.col], minlength=n)
    ceiling = np.maximum(target, np.maximum(base, base + ordered))
    ceiling[CASH_ROW] = target[CASH_ROW] + (float(p.share_slack) if slack else 0.0)
    return ceiling


def trade_cost_rows(p: PlanInputs, lay: Layout) -> Rows:
    """C, the dollars the trades cost (the `trade_cost` column the bands use):

    Σ_u c_u p_u s_u + Σ_j c_j p_j b_j + κ Σ z − C = 0   (κ with the exact engine's indicators)
    """
    arr = lay.arrays
    cols = [lay.sell + np.arange(lay.units), lay.buy + np.arange(lay.buys)]
    vals = [arr.u_rate * arr.u_price, arr.b_rate * arr.b_price]
    if lay.indicators and p.commission > 0:
        cols.append(np.arange(lay.sell_on, lay.whole))
        vals.append(np.full(lay.whole - lay.sell_on, float(p.commission)))
    cols.append(np.array([lay.trade_cost]))
    vals.append(np.array([-1.0]))
    col = np.concatenate(cols)
    val = np.concatenate(vals)
    used = val != 0
    return Rows(
        names=("trade_cost",),
        matrix=sparse(
            (1, lay.size), np.zeros(int(used.sum()), dtype=np.int64), col[used], val[used]
        ),
        lower=np.zeros(1),
        upper=np.zeros(1),
    )


def aim_inside(
    lay: Layout, base: Vector, low: Vector, high: Vector, edge: Vector
) -> tuple[Vector, Vector]:
    """*LP-first engine.* The band the LP aims for, [low + m_k, high − m_k]: far enough inside
    that rounding its trades to whole shares cannot push a class back over the edge (the exact
    models aim only ``edge`` inside, :func:`band_limits`):

    m_k is one share of the dearest whole-share security that can move class k (its price ×
    its weight in k; for cash, the dearest whole-share security of all, since every trade moves
    cash), at most a quarter of the band's half-width and at least ``edge``; a class already
    inside the band is never asked to move inward by the margin (the bound stops at its value
    now). Example: bonds that
    must rise to $47,500, bought as BND at $75, are aimed at $47,575: 234 shares (the rounding
    model, :mod:`.rounding`, may then stop a dollar inside the edge itself).
    """
    arr = lay.arrays
    sellable = arr.u_quantity > 0
    dearest = np.zeros(len(base))
    for price, weights, whole in (
        (arr.b_price, arr.b_weights, arr.b_whole),
        (arr.u_price[sellable], arr.u_weights[sellable], arr.u_whole[sellable]),
    ):
        if price.size:
            moved = (weights * price[:, None])[whole]
            dearest = np.maximum(dearest, moved.max(axis=0, initial=0.0))
    dearest[CASH_ROW] = dearest.max(initial=0.0)
    margin = np.maximum(np.minimum(dearest, np.maximum(high - low, 0.0) / 8), edge)
    return _inward(base, low, high, margin)


def _inward(base: Vector, low: Vector, high: Vector, margin: Vector) -> tuple[Vector, Vector]:
    """[low + margin, high − margin], but never asking a class inside the band now to move
    inward past where it stands."""
    margin = np.minimum(margin, np.maximum(high - low, 0.0) / 2)
    aimed_high = np.where(base > high, high - margin, np.maximum(high - margin, base))
    aimed_low = np.where(base < low, low + margin, np.minimum(low + margin, base))
    return aimed_low, aimed_high


def band_limits(p: PlanInputs, lay: Layout, *, aim: bool) -> tuple[Vector, Vector, Vector]:
    """X0, low and high of every class: the band a dollar inside a class's own edge, and with
    ``aim`` the LP's band a share inside (:func:`aim_inside`)."""
    base = band_base(p)
    low, high = f64([b.low for b in p.bands]), f64([b.high for b in p.bands])
    edge = np.array([0.0 if b.outside else EDGE for b in p.bands])
    if aim:
        return (base, *aim_inside(lay, base, low, high, edge))
    return (base, *_inward(base, low, high, edge))


def band_base(p: PlanInputs) -> Vector:
    """X0_k: each class's value before the trades, the cash class after the fixed flows."""
    base = f64([b.value for b in p.bands])
    base[CASH_ROW] += float(fixed_cash(p).sum()) - float(sum(a.cash for a in p.accounts))
    return base


def rmd_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Each owner's aggregated IRA RMD is drawn in full: Σ_{a∈g} r_{g,a} = amount_g."""
    amounts = f64([g.amount for g in p.rmd_groups])
    return Rows(
        names=tuple(f"rmd[{g.owner}]" for g in p.rmd_groups),
        matrix=sparse(
            (len(p.rmd_groups), lay.size),
            [g for g, _ in lay.draws],
            lay.rmd_draw + np.arange(len(lay.draws)),
            np.ones(len(lay.draws)),
        ),
        lower=amounts,
        upper=amounts,
    )


def _units_of(lay: Layout, symbol: str) -> Index:
    """The units of ``symbol``, in unit order."""
    arr = lay.arrays
    if symbol not in arr.symbols:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(arr.u_symbol == arr.symbols.index(symbol)).astype(np.int64)


def max_sell_rows(p: PlanInputs, lay: Layout) -> Rows:
    """A concentrated position sells at most its yearly cap: Σ_{u of symbol} p_u s_u ≤ cap."""
    arr = lay.arrays
    hits = [_units_of(lay, symbol) for symbol, _ in p.max_sell]
    cols = np.concatenate(hits or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    return Rows(
        names=tuple(f"max_sell[{s}]" for s, _ in p.max_sell),
        matrix=sparse(
            (len(p.max_sell), lay.size),
            np.concatenate([np.full(h.size, r) for r, h in enumerate(hits)] or [np.zeros(0)]),
            lay.sell + cols,
            arr.u_price[cols],
        ),
        lower=np.full(len(p.max_sell), -INF),
        upper=f64([cap for _, cap in p.max_sell]),
    )


def cash_mode_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Mode `cash`: an account sells only what its withdrawals and RMDs need beyond its cash.

    Σ_{u in a} p_u s_u ≤ need_a (1 + 2 c_a) + P_a when need_a > 0 (else 0): the need grossed
    up for the dearest selling cost c_a of the account's positions (a sale nets its price less
    the half-spread, and a buy-side spread may be paid from it), plus P_a, the price of the
    dearest whole share the account may sell, since whole shares cannot hit the need to the
    cent. Without that slack the row demands exact dollars that no whole-share sale can reach
    (the example's IRA was $1.27 short of its RMD with $141,040 it could sell).
    """
    if p.mode is not Mode.CASH:
        return _none(lay)
    idx = account_index(p)
    need = [
        max(0.0, float(a.withdrawals + a.rmd + a.min_cash - a.cash - a.contributions))
        for a in p.accounts
    ]
    for g in p.rmd_groups:
        for account in g.accounts:
            need[idx[account]] += float(g.amount)
    arr = lay.arrays
    selling = np.zeros(len(p.accounts))
    share = np.zeros(len(p.accounts))
    np.maximum.at(selling, arr.u_account, arr.u_rate)
    whole = arr.u_whole & (arr.u_quantity > 0)
    np.maximum.at(share, arr.u_account[whole], arr.u_price[whole])
    cap = np.where(np.array(need) > 0, np.array(need) * (1 + 2 * selling) + share, 0.0)
    return Rows(
        names=tuple(f"cash_mode_sells[{a.account}]" for a in p.accounts),
        matrix=sparse(
            (len(p.accounts), lay.size), arr.u_account, lay.sell + np.arange(lay.units), arr.u_price
        ),
        lower=np.full(len(p.accounts), -INF),
        upper=cap,
    )


def trade_minimums(p: PlanInputs, lay: Layout) -> tuple[Vector, Vector]:
    """The smallest trade of each sell group and each buy candidate, in dollars: the account's
    `min_trade` (the larger of the amount and the percent of the account), 0 for orders and
    forced sales (figured once a layout: each of the engine's rounds reads them)."""
    return derived(lay, "trade_minimums", lambda: _trade_minimums(p, lay))


def _trade_minimums(p: PlanInputs, lay: Layout) -> tuple[Vector, Vector]:
    arr = lay.arrays
    by_account = f64([p.min_trade[a.account] for a in p.accounts])
    groups = len(lay.sell_groups)
    sold = arr.u_group >= 0
    forced = np.bincount(arr.u_group[sold], weights=arr.u_forced[sold], minlength=groups) > 0
    account = account_index(p)
    g_account = _ints([account[a] for a, _ in lay.sell_groups])
    g_min = np.where(forced, 0.0, by_account[g_account] if groups else 0.0)
    b_min = np.where(arr.b_forced > 0, 0.0, by_account[arr.b_account])
    return g_min, b_min


def min_trade_rows(p: PlanInputs, lay: Layout) -> Rows:
    """*Exact engine.* A trade is zero or at least the account's minimum: m z ≤ Σ p x ≤ M z.

    For a sell group (account, symbol) x is the group's sold shares, for a buy its shares;
    M is the group's value (sells) or the account's value and contributions (buys: no account
    buys more than it holds). Orders are exempt. Two rows per trade: row 2t is the minimum,
    row 2t + 1 the indicator.
    """
    if not lay.indicators:
        return _none(lay)
    arr = lay.arrays
    n_groups, n_buys = len(lay.sell_groups), lay.buys
    sold = np.flatnonzero(arr.u_group >= 0)
    g_of = arr.u_group[sold]
    cap = np.bincount(g_of, weights=arr.u_price[sold] * arr.u_quantity[sold], minlength=n_groups)
    g_min, b_min = trade_minimums(p, lay)
    room = f64([a.value + a.contributions for a in p.accounts]) + 1.0
    trade_row = np.concatenate([2 * g_of, 2 * (n_groups + np.arange(n_buys))])
    x_cols = np.concatenate([lay.sell + sold, lay.buy + np.arange(n_buys)])
    x_vals = np.concatenate([arr.u_price[sold], arr.b_price])
    z_cols = np.concatenate([lay.sell_on + np.arange(n_groups), lay.buy_on + np.arange(n_buys)])
    mins = np.concatenate([g_min, b_min])
    caps = np.concatenate([cap, room[arr.b_account]])
    t = np.arange(n_groups + n_buys)
    n = 2 * (n_groups + n_buys)
    names = [
        name
        for a, s in (*lay.sell_groups, *((b.account, b.symbol) for b in p.buys))
        for name in (f"min_trade[{a},{s}]", f"trade_on[{a},{s}]")
    ]
    return Rows(
        names=tuple(names),
        matrix=sparse(
            (n, lay.size),
            np.concatenate([trade_row, trade_row + 1, 2 * t, 2 * t + 1]),
            np.concatenate([x_cols, x_cols, z_cols, z_cols]),
            np.concatenate([x_vals, x_vals, -mins, -caps]),
        ),
        lower=np.tile([0.0, -INF], n_groups + n_buys),
        upper=np.tile([INF, 0.0], n_groups + n_buys),
    )


def whole_share_rows(p: PlanInputs, lay: Layout) -> Rows:
    """*Exact engine.* Whole-share securities sell whole shares per trade:
    Σ_{u∈g} s_u − n_g = 0, n_g integer."""
    if not lay.exact:
        return _none(lay)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, g in enumerate(lay.whole_groups):
        members = lay.group_columns[g]
        rows += [r] * (len(members) + 1)
        cols += [lay.sell + i for i in members] + [lay.whole + r]
        vals += [1.0] * len(members) + [-1.0]
    n = len(lay.whole_groups)
    return Rows(
        names=tuple(
            f"whole_sell[{a},{s}]" for a, s in (lay.sell_groups[g] for g in lay.whole_groups)
        ),
        matrix=sparse((n, lay.size), rows, cols, vals),
        lower=np.zeros(n),
        upper=np.zeros(n),
    )


def order_rows(p: PlanInputs, lay: Layout) -> Rows:
    """An order without named lots sells at least its shares of the position: Σ_{u∈g} s_u ≥ q."""
    account_of = account_index(p)
    rows: list[int] = []
    cols: list[int] = []
    for r, (account, symbol, _) in enumerate(p.order_minimums):
        units = _units_of(lay, symbol)
        at = account_of.get(account)
        for i in units[lay.arrays.u_account[units] == at].tolist() if at is not None else ():
            rows.append(r)
            cols.append(lay.sell + i)
    n = len(p.order_minimums)
    return Rows(
        names=tuple(f"order[{a},{s}]" for a, s, _ in p.order_minimums),
        matrix=sparse((n, lay.size), rows, cols, np.ones(len(rows))),
        lower=f64([q for _, _, q in p.order_minimums]),
        upper=np.full(n, INF),
    )


def round_trip_rows(p: PlanInputs, lay: Layout) -> Rows:
    """*Exact engine.* No account both sells and buys one security: z_sell + z_buy ≤ 1."""
    if not lay.indicators:
        return _none(lay)
    group = {key: g for g, key in enumerate(lay.sell_groups)}
    pairs = [
        (group[(b.account, b.symbol)], j)
        for j, b in enumerate(p.buys)
        if (b.account, b.symbol) in group
    ]
    return Rows(
        names=tuple(f"no_round_trip[{p.buys[j].account},{p.buys[j].symbol}]" for _, j in pairs),
        matrix=sparse(
            (len(pairs), lay.size),
            [r for r in range(len(pairs)) for _ in (0, 1)],
            [c for g, j in pairs for c in (lay.sell_on + g, lay.buy_on + j)],
            np.ones(2 * len(pairs)),
        ),
        lower=np.full(len(pairs), -INF),
        upper=np.ones(len(pairs)),
    )


def wash_choice_rows(p: PlanInputs, lay: Layout) -> Rows:
    """One group is either loss-sold or bought in a plan (never both, IRC §1091):

        s_u − q_u y_G ≤ 0 for its loss units,   b_j + M_j y_G ≤ M_j for its buys
    with y_G in [0, 1] (binary in the exact engine, and in the LP-first engine for the groups
    whose relaxation uses both sides) and M_j the shares the account could buy with all its
    value.
    """
    arr = lay.arrays
    cols, choice, sells = wash_sides(p, lay)
    index = cols - np.where(sells, lay.sell, lay.buy)  # the unit or the buy of each row
    room = f64([a.value + a.contributions for a in p.accounts]) + 1.0
    buys = index[~sells]
    big = room[arr.b_account[buys]] / arr.b_price[buys]
    coef = np.empty(cols.size)
    coef[sells] = -arr.u_quantity[index[sells]]
    coef[~sells] = big
    upper = np.zeros(cols.size)
    upper[~sells] = big

    def names() -> list[str]:
        return [
            f"loss_sale_or_buy[{key},{p.units[i].symbol},sell]"
            if side
            else f"loss_sale_or_buy[{key},{p.buys[i].symbol},buy]"
            for key, i, side in zip(
                (key for key, unit_ids, buy_ids in p.exclusive for _ in (*unit_ids, *buy_ids)),
                index.tolist(),
                sells.tolist(),
                strict=True,
            )
        ]

    r = np.arange(cols.size, dtype=np.int64)
    return Rows(
        names=Names(cols.size, write=names),
        matrix=sparse(
            (cols.size, lay.size),
            np.repeat(r, 2),
            np.stack([cols, choice], axis=1).ravel(),
            np.stack([np.ones(cols.size), coef], axis=1).ravel(),
        ),
        lower=np.full(cols.size, -INF),
        upper=upper,
    )


def wash_sides(p: PlanInputs, lay: Layout) -> tuple[Index, Index, npt.NDArray[np.bool_]]:
    """The columns of :func:`wash_choice_rows` that trade (s_u of a loss unit, b_j of a buy),
    in its row order, each with its group's y_G column and True for a sale (figured once a
    layout: the rows and the engine's search read them)."""
    return derived(lay, "wash_sides", lambda: _wash_sides(p, lay))


def _wash_sides(p: PlanInputs, lay: Layout) -> tuple[Index, Index, npt.NDArray[np.bool_]]:
    cols: list[int] = []
    choice: list[int] = []
    sells: list[bool] = []
    for g, (_, unit_ids, buy_ids) in enumerate(p.exclusive):
        cols += [lay.sell + i for i in unit_ids] + [lay.buy + j for j in buy_ids]
        choice += [lay.wash_choice + g] * (len(unit_ids) + len(buy_ids))
        sells += [True] * len(unit_ids) + [False] * len(buy_ids)
    return _ints(cols), _ints(choice), np.array(sells, dtype=bool)


def main_class(p: PlanInputs, symbol: str) -> AssetClass:
    """The class holding most of a security's value (:func:`trimtab.model.security.
    main_class_of`, the one tie rule)."""
    return main_class_of(p.weights[symbol])


def harvest_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Harvests are part of a sale and are replaced in the same account, by a harvest partner
    (the same sub-asset: gold by gold, a REIT fund by a REIT fund; ``PlanInputs.partners``),
    and within the class:

        h_u ≤ s_u;   Σ_{u∈H(a,S)} p_u h_u ≤ Σ_{j∈B(a,R(S))} p_j b_j;
        Σ_{u∈H(a,k)} p_u h_u ≤ Σ_{j∈B(a,k)} p_j b_j
    (R(S): the symbols that may replace S; the class row keeps one buy from replacing two
    harvests). In `harvest` mode buys are replacements only: Σ_{j∈B(a,k)} p_j b_j ≤ Σ p_u h_u
    + one share's price (whole shares). The buys cannot be substantially identical to a
    loss-sold unit: the wash-sale choice forbids it.
    """
    if not lay.harvests and p.mode is not Mode.HARVEST:
        return _at_most(lay, [], ([], [], []), [])
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    upper: list[float] = []
    names: list[str] = []
    harvested: defaultdict[tuple[str, AssetClass], list[tuple[int, float]]] = defaultdict(list)
    bought: defaultdict[tuple[str, AssetClass], list[tuple[int, float]]] = defaultdict(list)
    main: dict[str, AssetClass] = {}
    u_price, b_price = lay.arrays.u_price.tolist(), lay.arrays.b_price.tolist()
    for k, i in enumerate(lay.harvests):
        u = p.units[i]
        rows += [len(names), len(names)]
        cols += [lay.harvest + k, lay.sell + i]
        vals += [1.0, -1.0]
        upper.append(0.0)
        names.append(f"harvest_within_sale[{u.account},{'+'.join(u.lot_ids)}]")
        if u.symbol not in main:
            main[u.symbol] = main_class(p, u.symbol)
        harvested[(u.account, main[u.symbol])].append((lay.harvest + k, u_price[i]))
    # the buys of each account by symbol, in buy order (outside `harvest` mode only those of
    # the accounts that harvest: the rows read no other)
    harvesting = None if p.mode is Mode.HARVEST else {account for account, _ in harvested}
    in_account: defaultdict[str, defaultdict[str, list[tuple[int, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for j, b in enumerate(p.buys):
        if harvesting is not None and b.account not in harvesting:
            continue
        if b.symbol not in main:
            main[b.symbol] = main_class(p, b.symbol)
        buy = (lay.buy + j, b_price[j])
        bought[(b.account, main[b.symbol])].append(buy)
        in_account[b.account][b.symbol].append(buy)
    _partner_rows(p, lay, (rows, cols, vals), upper, names, in_account)
    keys = set(harvested)
    if p.mode is Mode.HARVEST:
        keys |= set(bought)
    for account, cls in sorted(keys, key=lambda x: (x[0], x[1].value)):
        plus, minus = harvested[(account, cls)], bought[(account, cls)]
        _sum_row(len(names), plus, minus, rows, cols, vals)
        upper.append(0.0)
        names.append(f"replace_harvest[{account},{cls.value}]")
        if p.mode is Mode.HARVEST:
            _sum_row(len(names), minus, plus, rows, cols, vals)
            upper.append(max((price for _, price in minus), default=0.0))
            names.append(f"buy_only_to_replace[{account},{cls.value}]")
    return _at_most(lay, names, (rows, cols, vals), upper)


def _partner_rows(
    p: PlanInputs,
    lay: Layout,
    entries: tuple[list[int], list[int], list[float]],
    upper: list[float],
    names: list[str],
    in_account: defaultdict[str, defaultdict[str, list[tuple[int, float]]]],
) -> None:
    """Σ_{u∈H(a,S)} p_u h_u ≤ Σ_{j∈B(a,R(S))} p_j b_j for each account a and harvested S
    (``in_account``: the buys of each account that harvests, by symbol, in buy order)."""
    rows, cols, vals = entries
    u_price = lay.arrays.u_price.tolist()
    harvested: defaultdict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for k, i in enumerate(lay.harvests):
        u = p.units[i]
        harvested[(u.account, u.symbol)].append((lay.harvest + k, u_price[i]))
    for (account, symbol), plus in sorted(harvested.items()):
        allowed = p.partners.get(symbol, frozenset())
        held = in_account[account]  # the buys of the account by symbol, in buy order
        minus = sorted(buy for s in allowed & held.keys() for buy in held[s])
        _sum_row(len(names), plus, minus, rows, cols, vals)
        upper.append(0.0)
        names.append(f"replace_with_partner[{account},{symbol}]")


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


def tax_rows(p: PlanInputs, lay: Layout) -> Rows:
    """The tax term's rows (:mod:`.tax_term`): the plan's net gain on the pieces of the
    net-gain curve, N − Σ_i δ_i = x₀; and the year's ordinary part on those of its curve,
    Σ_k ε_k − S ≥ ST₀ (ordinary_short) or Σ_k ε_k − N ≥ T₀ (ordinary_total), one of the two
    held (:attr:`PlanInputs.ordinary_by_total`). A share's gain is what its sale realizes:
    g_u − c_u p_u, the half-spread paid out of the proceeds."""
    term = lay.tax
    if term is None:
        return _none(lay)
    arr = lay.arrays
    gain = arr.u_realized
    taxed, short = lay.taxed_units, lay.short_units
    pieces = lay.net_gain + np.arange(term.pieces, dtype=np.int64)
    ordinary = lay.ordinary + np.arange(term.ordinary, dtype=np.int64)
    ones = np.ones(term.ordinary)
    names = ["net_gain"]
    rows = [np.zeros(taxed.size + term.pieces, dtype=np.int64)]
    cols = [np.concatenate([lay.sell + taxed, pieces])]
    vals = [np.concatenate([gain[taxed], -np.ones(term.pieces)])]
    lower, upper = [term.start], [term.start]
    if term.ordinary:
        names += ["ordinary_short", "ordinary_total"]
        rows += [
            np.ones(short.size + term.ordinary, dtype=np.int64),
            np.full(taxed.size + term.ordinary, 2, dtype=np.int64),
        ]
        cols += [
            np.concatenate([lay.sell + short, ordinary]),
            np.concatenate([lay.sell + taxed, ordinary]),
        ]
        vals += [np.concatenate([-gain[short], ones]), np.concatenate([-gain[taxed], ones])]
        low, high = term.ordinary_rows(p.ordinary_by_total)
        lower += low.tolist()
        upper += high.tolist()
    return Rows(
        names=tuple(names),
        matrix=sparse(
            (len(names), lay.size),
            np.concatenate(rows),
            np.concatenate(cols).astype(np.int64),
            np.concatenate(vals),
        ),
        lower=f64(lower),
        upper=f64(upper),
    )


def drift_guard_rows(p: PlanInputs, lay: Layout) -> Rows:
    """The drift guard's tangent rows (:mod:`.drift_guard`): Σ_k g_k ΔX_k ≤ upper, one a cut."""
    n = len(p.drift_cuts)
    if not n:
        return Rows(
            names=(), matrix=sparse((0, lay.size), [], [], []), lower=f64([]), upper=f64([])
        )
    change = class_change(p, lay)
    g = np.array([c.coefficients for c in p.drift_cuts], dtype=np.float64)  # n × classes
    rows = np.repeat(np.arange(n, dtype=np.int64), change.nnz)
    cols = np.tile(change.col, n)
    vals = (g[:, change.row] * change.val).ravel()
    return Rows(
        names=tuple(f"drift_guard[{i}]" for i in range(n)),
        matrix=sparse((n, lay.size), rows, cols, vals),
        lower=np.full(n, -INF),
        upper=f64([c.upper for c in p.drift_cuts]),
    )


def budget_rows(p: PlanInputs, lay: Layout) -> Rows:
    """Tax budgets: Σ_u g_u s_u ≤ B (net gains) or the tax term ≤ B (net tax dollars:
    Σ_i φ'_i δ_i + Σ_k Π'_k ε_k ≤ B − φ(x₀) − Π(0), so losses sold in the plan offset its gains as
    they do on the return, :mod:`.tax_term`); the breakeven horizon adds a tax row of its own.

    The plan checks the exact figures afterwards and tightens B until they fit
    (:mod:`trimtab.explain.budget`).
    """
    arr = lay.arrays
    budgets = [(f"tax_budget[{p.budget[0].value}]", *p.budget)] if p.budget is not None else []
    if p.breakeven_tax is not None:
        budgets.append(("breakeven[tax]", TaxBudgetKind.TAX, p.breakeven_tax))
    rows: list[Index] = []
    cols: list[Index] = []
    vals: list[Vector] = []
    base = lay.tax.base + lay.tax.ordinary_base if lay.tax is not None else 0.0
    for r, (_, kind, _) in enumerate(budgets):
        if kind is TaxBudgetKind.GAINS or lay.tax is None:
            coef = arr.u_gain if kind is TaxBudgetKind.GAINS else _net_tax(p)
            used = np.flatnonzero(coef)
            rows.append(np.full(used.size, r, dtype=np.int64))
            cols.append(lay.sell + used)
            vals.append(coef[used])
            continue
        slopes = np.concatenate([lay.tax.slopes, lay.tax.ordinary_slopes])
        tax_cols = np.concatenate(
            [
                lay.net_gain + np.arange(lay.tax.pieces, dtype=np.int64),
                lay.ordinary + np.arange(lay.tax.ordinary, dtype=np.int64),
            ]
        )
        rows.append(np.full(tax_cols.size, r, dtype=np.int64))
        cols.append(tax_cols)
        vals.append(slopes)
    n = len(budgets)
    return Rows(
        names=tuple(name for name, _, _ in budgets),
        matrix=sparse(
            (n, lay.size),
            np.concatenate(rows or [np.zeros(0, dtype=np.int64)]),
            np.concatenate(cols or [np.zeros(0, dtype=np.int64)]),
            np.concatenate(vals or [np.zeros(0)]),
        ),
        lower=np.full(n, -INF),
        upper=f64(
            [
                float(max(bound, ZERO)) - (base if kind is TaxBudgetKind.TAX else 0.0)
                for _, kind, bound in budgets
            ]
        ),
    )


def _net_tax(p: PlanInputs) -> Vector:
    """The tax a share's sale owes at its term's rate, a loss negative (each unit's
    ``net_tax_per_share``)."""
    return f64([float(u.net_tax_per_share) if u.net_tax_per_share else 0.0 for u in p.units])


FAMILIES: tuple[Callable[[PlanInputs, Layout], Rows], ...] = (
    trade_cost_rows,
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
    wash_choice_rows,
    harvest_rows,
    budget_rows,
    drift_guard_rows,
    tax_rows,
    target_rows,
)
