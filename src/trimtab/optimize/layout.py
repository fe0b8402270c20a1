"""The model's columns: which variable block starts where, and the arrays its terms are built from.

Blocks, in column order (docs/optimizer.md):

    sell        s_u       shares sold of each sell unit u
    buy         b_j       shares bought of each buy candidate j
    over        e⁺_k      dollars of class k above the band it must reach
    under       e⁻_k      dollars of class k below it
    rmd_draw    r_{g,a}   RMD drawn from account a for owner group g
    short_cash  m_a       cash below `min_cash` (soft)
    sell_on     z_g       a sell group (account, symbol) trades        (exact engine only)
    buy_on      z_j       buy candidate j trades                       (exact engine only)
    whole       n_g       whole shares a whole-share sell group sells  (exact engine only)
    sell_all    w_g       a sell group sells its whole holding (no dust, :mod:`.dust`;
                          exact engine with trade indicators only)
    wash_choice y_G       wash-sale group G is loss-sold (1) or bought (0)
    wash_order  z_u       a priced partial wash's lot u sells clean shares (its washed ones
                          first, :mod:`.partial_wash_rows`)
    harvest     h_u       harvested shares of unit u (h_u ≤ s_u)
    trade_cost  C         dollars the trades cost (half-spreads, commissions): the bands divide
                          the value after it, as the plan's drift after does
    net_gain    δ_i       the part of the plan's net gain on piece i of the tax curve
    ordinary    ε_k       the part of the year's ordinary part on piece k of its curve
                          (the tax term, :mod:`.tax_term`)
    relief_order w_k       lots i, j next in a relief method's order: i sold whole before j
                          (:mod:`.relief_rows`)
    off_target  a_k, o_k, u_k  dollars of class k above its ceiling (cash: its target; any other
                          class: its target or, when over it now, its value now), above its
                          target and below it (`band`, `cash` and `target` modes with the
                          `invest_cash` setting on; :func:`.rows.target_rows`)

The LP-first engine has no `sell_on`, `buy_on` or `whole` columns: trade sizes, tickets and whole
shares are handled around the LP (:mod:`.engine`, :mod:`.decode`); the exact engine keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, compress
from operator import and_, attrgetter
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from trimtab.model.enums import Mode
from trimtab.money import ZERO
from trimtab.optimize.inputs import CLASSES, PlanInputs
from trimtab.optimize.partial_wash import PartialWash
from trimtab.optimize.relief_order import chains
from trimtab.optimize.tax_term import TaxTerm, tax_columns, term_of

Vector = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
T = TypeVar("T")

# A dollar of yearly drag is worth this many dollars now (undiscounted years; docs/
# asset-location.md): one year when the term only steers the buys of a rebalance, so that it
# adds a trade only where a year's saving pays for it; five years in `location` mode, whose
# purpose is the move. Both are far shorter than `location_years`: no location move pays a
# typical gain's tax.
LOCATION_YEARS_STEERING = Decimal(1)
# The modes whose cash goes to work toward the target (:func:`.rows.target_rows`): `harvest`
# binds no allocation and `location` keeps today's.
TOWARD_TARGET = frozenset({Mode.BAND, Mode.CASH, Mode.TARGET})
LOCATION_YEARS_LOCATION_MODE = Decimal(5)


@dataclass(frozen=True, slots=True)
class UnitArrays:
    """The numbers of every sell unit and buy candidate as arrays (one extraction pass), so
    that the constraint families and the objective are assembled with array operations.

    u_*: per sell unit; b_*: per buy candidate. account: index into ``PlanInputs.accounts``;
    price, rate (half-spread as a fraction), weights (rows × classes), defer (dollars a share),
    quantity (sellable shares), forced (shares that must trade), gain (dollars a share,
    taxable accounts of the return), location (dollars of the location term a share), whole
    (the security trades in whole shares), new (the account does not hold the security).
    (A unit's tax at its term's rate, which one family needs, is read off the units there:
    each Decimal turned into a float costs a third of a microsecond.)
    u_group: the sell group (account, symbol) of each unit, an index into ``Layout.sell_groups``.
    u_symbol: each unit's symbol, an index into ``symbols`` (the symbols of the units, then
    those only bought).
    """

    u_account: Index
    u_price: Vector
    u_rate: Vector
    u_weights: Vector
    u_defer: Vector
    u_quantity: Vector
    u_forced: Vector
    u_gain: Vector
    u_location: Vector
    u_group: Index
    u_whole: npt.NDArray[np.bool_]
    b_account: Index
    b_price: Vector
    b_rate: Vector
    b_weights: Vector
    b_forced: Vector
    b_whole: npt.NDArray[np.bool_]
    b_location: Vector
    b_new: npt.NDArray[np.bool_]
    u_symbol: Index = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    symbols: tuple[str, ...] = ()

    @property
    def u_realized(self) -> Vector:
        """The gain a share's sale realizes: its gain less the half-spread paid out of the
        proceeds (what the tax term counts, :mod:`.tax_term`)."""
        return self.u_gain - self.u_price * self.u_rate


@dataclass(frozen=True, slots=True)
class Layout:
    """Column offsets of each variable block (module docstring), and the arrays of the units.

    exact: the exact engine (trade indicators when a minimum trade or a commission applies,
    whole-share sell columns); otherwise the LP-first engine's model.
    sell_groups: (account, symbol) of every position with shares to sell, in unit order;
    group_columns: the unit indices of each; whole_groups: the indices of the sell groups of
    whole-share securities (each has a `whole` column in the exact engine). partial: the priced
    partial washes (:mod:`.partial_wash`; a `wash_order` column per lot with a clean part).
    """

    units: int
    buys: int
    classes: int
    draws: tuple[tuple[int, str], ...]  # (group index, account) per RMD draw column
    accounts: int
    sell_groups: tuple[tuple[str, str], ...]
    group_columns: tuple[tuple[int, ...], ...]
    whole_groups: tuple[int, ...]
    exact: bool
    indicators: bool
    wash_groups: int
    harvests: tuple[int, ...]
    arrays: UnitArrays = field(compare=False)
    tax: TaxTerm | None = field(default=None, compare=False)
    unreplaceable: frozenset[int] = frozenset()
    partial: tuple[PartialWash, ...] = field(default=(), compare=False)
    taxed_units: Index = field(default_factory=lambda: np.zeros(0, dtype=np.int64), compare=False)
    short_units: Index = field(default_factory=lambda: np.zeros(0, dtype=np.int64), compare=False)
    relief_pairs: tuple[tuple[int, int], ...] = ()  # units next in a relief order (relief_rows)
    relief_held: tuple[float, ...] = ()  # shares of the first unit of each pair
    relief_blocked: tuple[int, ...] = ()  # units held at 0 (an earlier lot cannot go whole)

    sell: int = 0
    buy: int = 0
    over: int = 0
    under: int = 0
    rmd_draw: int = 0
    short_cash: int = 0
    sell_on: int = 0
    buy_on: int = 0
    whole: int = 0
    sell_all: int = 0
    wash_choice: int = 0
    wash_order: int = 0
    harvest: int = 0
    trade_cost: int = 0
    net_gain: int = 0
    ordinary: int = 0
    relief_order: int = 0
    off_target: int = 0
    size: int = 0
    # what the model's parts derive from the layout and figure once (:func:`derived`)
    memo: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)


def derived(lay: Layout, name: str, build: Callable[[], T]) -> T:
    """``build()``, figured once a layout: a part of the model that depends only on the layout
    and the inputs it was laid out from (the band rows' class change, which the whole-share
    rounding reads again; the wash-sale choices' columns)."""
    if name not in lay.memo:
        lay.memo[name] = build()
    return cast(T, lay.memo[name])


def layout_of(
    p: PlanInputs, *, exact: bool, indicators: bool = True, no_dust: bool = True
) -> Layout:
    """The column layout of the model of ``p`` for the LP-first (or the ``exact``) engine;
    ``indicators`` False leaves the exact model without trade indicators (the rounding model,
    whose trades are fixed in advance); ``no_dust`` False, without the no-dust columns (the
    wide rounding model, whose units are not whole holdings: :mod:`.rounding` checks it)."""
    units = p.units
    n = len(units)
    accounts, symbols = list(map(_ACCOUNT, units)), list(map(_SYMBOL, units))
    keys = list(zip(accounts, symbols, strict=True))
    quantities = list(map(_QUANTITY, units))
    groups, group_columns = _sell_groups(keys, quantities)
    gains = list(map(_GAIN, units))
    arrays = unit_arrays(p, (accounts, symbols), quantities, gains, group_columns)
    sold = arrays.u_group >= 0
    whole_share = np.bincount(
        arrays.u_group[sold], weights=arrays.u_whole[sold], minlength=len(groups)
    )
    whole = tuple(np.flatnonzero(whole_share > 0).tolist())
    draws = tuple((g, a) for g, group in enumerate(p.rmd_groups) for a in group.accounts)
    indicators = (
        exact and indicators and (any(v > 0 for v in p.min_trade.values()) or p.commission > 0)
    )
    harvest_values = list(map(_HARVEST, units))
    harvests = tuple(
        i for i in compress(range(n), map(ZERO.__lt__, harvest_values)) if quantities[i] > 0
    )
    term = term_of(p)
    pieces, ordinary = tax_columns(term)
    relief_pairs, relief_blocked = chains(units)
    taxed = list(compress(range(n), map(and_, map(_TAXED, units), map(bool, gains))))
    widths = (
        ("sell", n),
        ("buy", len(p.buys)),
        ("over", len(CLASSES)),
        ("under", len(CLASSES)),
        ("rmd_draw", len(draws)),
        ("short_cash", len(p.accounts)),
        ("sell_on", len(groups) if indicators else 0),
        ("buy_on", len(p.buys) if indicators else 0),
        ("whole", len(whole) if exact else 0),
        ("sell_all", len(groups) if indicators and no_dust else 0),
        ("wash_choice", len(p.exclusive)),
        ("wash_order", sum(g.orders for g in p.partial_washes)),
        ("harvest", len(harvests)),
        ("trade_cost", 1),
        ("net_gain", pieces),
        ("ordinary", ordinary),
        ("relief_order", len(relief_pairs)),
        ("off_target", 3 * len(CLASSES) if p.invest_cash and p.mode in TOWARD_TARGET else 0),
    )
    offsets: dict[str, int] = {}
    start = 0
    for name, width in widths:
        offsets[name] = start
        start += width
    return Layout(
        units=n,
        buys=len(p.buys),
        classes=len(CLASSES),
        draws=draws,
        accounts=len(p.accounts),
        sell_groups=groups,
        group_columns=group_columns,
        whole_groups=whole,
        exact=exact,
        indicators=indicators,
        wash_groups=len(p.exclusive),
        harvests=harvests,
        arrays=arrays,
        tax=term,
        unreplaceable=p.unreplaceable,
        partial=p.partial_washes,
        taxed_units=np.array(taxed, dtype=np.int64),
        short_units=np.array([i for i in taxed if not units[i].long_term], dtype=np.int64),
        relief_pairs=relief_pairs,
        relief_held=tuple(float(units[i].held) for i, _ in relief_pairs),
        relief_blocked=relief_blocked,
        size=start,
        **offsets,
    )


def _sell_groups(
    keys: list[tuple[str, str]], quantities: list[Decimal]
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[int, ...], ...]]:
    """The sell groups (account, symbol) of the positions with shares to sell, in the order of
    their first such unit, and the unit indices of each (all of the position's units), from
    each unit's (account, symbol) and sellable shares."""
    members: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(keys):
        found = members.get(key)
        if found is None:
            members[key] = [i]
        else:
            found.append(i)
    groups = tuple(dict.fromkeys(compress(keys, map(ZERO.__lt__, quantities))))
    return groups, tuple(tuple(members[key]) for key in groups)


def f64(values: object) -> Vector:
    """Floats: where Decimals become binary (only here and in the model's other modules)."""
    return np.asarray(values, dtype=np.float64)


def account_index(p: PlanInputs) -> dict[str, int]:
    """Account id -> row of the per-account families."""
    return {a.account: i for i, a in enumerate(p.accounts)}


def unit_arrays(
    p: PlanInputs,
    where: tuple[list[str], list[str]],
    quantities: list[Decimal],
    gains: list[Decimal],
    members: tuple[tuple[int, ...], ...],
) -> UnitArrays:
    """Extract the arrays of ``p``'s units and buys (one pass each; a symbol's price, spread
    and class weights are turned into floats once, not once a lot, and read off by the
    symbol's index: a large household has 25,000 lots). ``where``: each unit's account and
    symbol; ``quantities``, ``gains``: its sellable shares and gain a share; ``members``: the
    units of each sell group (:func:`_sell_groups`)."""
    account = account_index(p)
    units, buys = p.units, p.buys
    n, m = len(units), len(buys)
    u_account_id, u_symbol = where
    b_symbol, b_account_id = list(map(_SYMBOL, buys)), list(map(_ACCOUNT, buys))
    symbols = dict(zip(u_symbol, map(_PRICE, units), strict=True))
    symbols.update(zip(b_symbol, map(_PRICE, buys), strict=True))
    at = {symbol: k for k, symbol in enumerate(symbols)}
    price = f64([float(value) for value in symbols.values()])
    rate = f64([float(p.cost_rate[symbol]) for symbol in symbols])
    weights = _weights(p, symbols)
    u_at = np.fromiter(map(at.__getitem__, u_symbol), np.int64, n)
    b_at = np.fromiter(map(at.__getitem__, b_symbol), np.int64, m)
    held = set(zip(u_account_id, u_symbol, strict=True))
    u_group = np.full(n, -1, dtype=np.int64)
    sizes = [len(columns) for columns in members]
    u_group[np.fromiter(chain.from_iterable(members), np.int64, sum(sizes))] = np.repeat(
        np.arange(len(sizes), dtype=np.int64), sizes
    )
    return UnitArrays(
        u_account=np.fromiter(map(account.__getitem__, u_account_id), np.int64, n),
        u_price=price[u_at],
        u_rate=rate[u_at],
        u_weights=weights[u_at],
        u_defer=_floats(map(_DEFER, units)),
        u_quantity=_floats(quantities),
        u_forced=_floats(map(_FORCED, units)),
        u_gain=_floats(gains),
        u_location=(
            _floats(location_sells(p))
            if p.location is not None and p.mode is Mode.LOCATION
            else np.zeros(n)  # no location term on sales outside `location` mode
        ),
        u_group=u_group,
        u_whole=np.fromiter(map(_WHOLE, units), bool, n),
        b_account=np.fromiter(map(account.__getitem__, b_account_id), np.int64, m),
        b_price=price[b_at],
        b_rate=rate[b_at],
        b_weights=weights[b_at],
        b_forced=_floats(map(_FORCED, buys)),
        b_whole=np.fromiter(map(_WHOLE, buys), bool, m),
        b_location=_floats(location_buys(p)),
        b_new=np.fromiter(
            (key not in held for key in zip(b_account_id, b_symbol, strict=True)), bool, m
        ),
        u_symbol=u_at,
        symbols=tuple(at),
    )


_SYMBOL, _ACCOUNT, _WHOLE = attrgetter("symbol"), attrgetter("account"), attrgetter("whole")
_DEFER, _QUANTITY = attrgetter("defer_per_share"), attrgetter("quantity")
_FORCED, _GAIN = attrgetter("forced"), attrgetter("gain_per_share")
_PRICE, _TAXED, _HARVEST = attrgetter("price"), attrgetter("taxed"), attrgetter("harvest_per_share")


_CLASS_COLUMN = {c: k for k, c in enumerate(CLASSES)}


def _weights(p: PlanInputs, symbols: Iterable[str]) -> Vector:
    """Each symbol's class weights, a row a symbol (zero for a class it has no weight in, a
    class's last weight where it has two)."""
    rows = list(symbols)
    weights = np.zeros((len(rows), len(CLASSES)))
    for row, symbol in enumerate(rows):
        for c, w in p.weights.get(symbol, ()):
            k = _CLASS_COLUMN.get(c)
            if k is not None:
                weights[row, k] = float(w)
    return weights


def _floats(values: Iterable[Decimal]) -> Vector:
    """Floats from Decimals, zeros without a conversion (most lots have no forced shares, no
    deferral; a zero stays +0.0)."""
    decimals = list(values)
    out = np.zeros(len(decimals))
    nonzero = list(compress(range(len(decimals)), decimals))
    if nonzero:
        out[nonzero] = np.fromiter(
            map(float, compress(decimals, decimals)), np.float64, len(nonzero)
        )
    return out


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
    """Location term of a share bought: Y w p_j (d_j − reference), the reference being the
    account's cash in `location` mode and otherwise the fund's classes' centre and the
    account's floor (:meth:`.location_term.LocationTerm.steering`), so that outside `location`
    mode the term only steers buys (it is never negative: it pays for no trade)."""
    term = p.location
    if term is None:
        return [ZERO] * len(p.buys)
    located = p.mode is Mode.LOCATION
    years = LOCATION_YEARS_LOCATION_MODE if located else LOCATION_YEARS_STEERING
    per_year = years * term.weight
    per_share: dict[str, tuple[Decimal, Decimal]] = {}  # symbol -> (price, Y w p_j)
    out = []
    for b in p.buys:
        found = per_share.get(b.symbol)
        if found is None or found[0] is not b.price:
            found = per_share[b.symbol] = (b.price, per_year * b.price)
        excess = (
            term.drag[(b.account, b.symbol)] - term.cash[b.account]
            if located
            else term.steering(b.account, b.symbol)
        )
        out.append(found[1] * excess)
    return out


def trade_dollars(lay: Layout, x: Vector) -> tuple[Vector, Vector]:
    """Dollars traded by each sell group and each buy candidate in ``x``."""
    arr = lay.arrays
    sold = arr.u_group >= 0
    shares = np.maximum(x[lay.sell : lay.buy], 0.0)
    groups = np.bincount(
        arr.u_group[sold],
        weights=(shares * arr.u_price)[sold],
        minlength=len(lay.sell_groups),
    )
    buys = np.maximum(x[lay.buy : lay.over], 0.0) * arr.b_price
    return groups.astype(np.float64), buys
