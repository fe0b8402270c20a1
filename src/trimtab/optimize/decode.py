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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from trimtab.money import CENT, SHARE_PLACES, ZERO
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.model import Model, Vector
from trimtab.optimize.partial_wash import Replacement
from trimtab.optimize.partial_wash_rows import merged
from trimtab.optimize.relief_order import fill_in_order
from trimtab.optimize.tax_term import TaxTerm
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
    sells = _sells(p, values[lay.sell : lay.buy], lay.tax)
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


Fill = dict[int, Decimal]  # shares sold per unit (an index into the units)
Position = tuple[str, str]  # (account, symbol): a sell group


@dataclass(frozen=True, slots=True)
class _Pool:
    """A priced partial wash all of whose lots and replacements the model may sell are in one
    position: its replacement shares (``shares``), matched to the lots' sales in the order the
    tax engine matches them (``order``: lot ids -> place), each lot's own gain a share less the
    half-spread, and the replacements (their lots' ids) whose sale shrinks the pool."""

    shares: float
    order: dict[tuple[str, ...], int]
    gain: dict[tuple[str, ...], float]
    replacements: tuple[tuple[frozenset[tuple[str, ...]], Replacement], ...] = ()

    def left(self, sold: list[tuple[SellUnit, float]]) -> float:
        """The pool's shares that still replace after ``sold``: a replacement's shares sold
        past those earlier sales took replace nothing (:meth:`.partial_wash.Replacement.
        reduction`)."""
        out = self.shares
        for lots, r in self.replacements:
            shares = sum(max(q, 0.0) for u, q in sold if u.lot_ids in lots)
            out -= float(r.reduction(Decimal(repr(shares))))
        return max(out, 0.0)


class Gains:
    """What a position's sales realize as the tax term counts it (:mod:`.tax_term`): a share's
    gain less the sale's half-spread, 0 outside a taxable account of the return; a priced
    partial wash's washed shares realize 0, their loss disallowed, half-spread and all.

    ``raw``: the solution's shares per sell unit. ``units`` / ``values``: the units with each
    priced lot's two parts one lot again (:func:`.partial_wash_rows.merged`) and the
    solution's shares of each. A position whose pool is a :class:`_Pool` is counted on the
    pool, whatever its lots sell: the pool's shares wash the loss lots' shares in the tax
    engine's order, so selling a lot other than the one the solution washed moves the washed
    shares, not the pool. ``fixed``: the positions of a pool that spans positions (or of two
    pools), whose gains only the solution's shares give."""

    def __init__(self, p: PlanInputs, raw: list[float]) -> None:
        self.units, self.values = merged(p, raw)
        self.rate = p.cost_rate
        self.own = {
            (g.unit.account, g.unit.lot_ids): g.unit for w in p.partial_washes for g in w.lots
        }
        self.pools: dict[Position, _Pool] = {}
        self.fixed: set[Position] = set()
        for w in p.partial_washes:
            positions = {(g.unit.account, g.unit.symbol) for g in w.lots} | {
                (p.units[i].account, p.units[i].symbol) for r in w.replacements for i in r.units
            }
            (key,) = positions if len(positions) == 1 else (None,)
            if key is None or key in self.pools:
                self.fixed |= positions
                continue
            self.pools[key] = _Pool(
                shares=float(w.pool.quantity),
                order={g.unit.lot_ids: k for k, g in enumerate(w.lots)},
                gain={g.unit.lot_ids: self._plain(g.unit) for g in w.lots},
                replacements=tuple(
                    (frozenset(p.units[i].lot_ids for i in r.units), r) for r in w.replacements
                ),
            )
        for key in self.fixed:  # a position of two pools, or of one spanning positions
            self.pools.pop(key, None)

    def _plain(self, u: SellUnit) -> float:
        return float(u.gain_per_share - u.price * self.rate[u.symbol]) if u.taxed else 0.0

    def share(self, u: SellUnit) -> float:
        """A share's gain as sold in the solution (a merged lot: its clean fraction's)."""
        if not u.taxed:
            return 0.0
        lot = self.own.get((u.account, u.lot_ids))
        if lot is None or lot.gain_per_share == 0 or u.gain_per_share == lot.gain_per_share:
            return self._plain(u)
        clean = u.gain_per_share / lot.gain_per_share
        return float(u.gain_per_share - u.price * self.rate[u.symbol] * clean)

    def of(self, key: Position, sold: list[tuple[SellUnit, float]]) -> tuple[float, float]:
        """N and S of the position ``key`` selling ``sold`` (unit, shares)."""
        pool = self.pools.get(key)
        net = short = 0.0
        left = pool.left(sold) if pool is not None else 0.0
        matched = sorted(sold, key=lambda x: pool.order.get(x[0].lot_ids, -1)) if pool else sold
        for u, q in matched:
            q = max(q, 0.0)
            if pool is not None and u.lot_ids in pool.order:
                washed = min(q, left)
                left -= washed
                gain = pool.gain[u.lot_ids] * (q - washed)
            else:
                gain = self.share(u) * q
            net += gain
            short += 0.0 if u.long_term else gain
        return net, short


def plan_gains(p: PlanInputs, model: Model, x: Vector, decoded: Decoded) -> tuple[float, float]:
    """The net gain N and short-term gain S of the decoded sales as the tax term counts them
    (:class:`Gains`); for a position of :attr:`Gains.fixed`, the solution's."""
    lay = model.layout
    gains = Gains(p, [float(v) for v in x[lay.sell : lay.buy]])
    by_position: defaultdict[Position, list[tuple[SellUnit, float]]] = defaultdict(list)
    for u, v in zip(gains.units, gains.values, strict=True):
        if (u.account, u.symbol) in gains.fixed:
            by_position[(u.account, u.symbol)].append((u, v))
    for u, q in decoded.sells:
        if (u.account, u.symbol) not in gains.fixed:
            by_position[(u.account, u.symbol)].append((u, float(q)))
    net = short = 0.0
    for key, sold in by_position.items():
        n, s = gains.of(key, sold)
        net, short = net + n, short + s
    return net, short


def _sells(
    p: PlanInputs, values: list[float], term: TaxTerm | None = None
) -> list[tuple[SellUnit, Decimal]]:
    """Shares sold per unit: the positions the model sells (or that are forced), filled lot by
    lot; every other unit sells nothing. A priced partial wash's two parts are one lot again
    (:func:`.partial_wash_rows.merged`). ``term``: the model's tax term, by which a position's
    lots are chosen where the model sold more than one in part (:func:`_fill_group`)."""
    gains = Gains(p, values)
    units, values = gains.units, gains.values
    trading = {
        (u.account, u.symbol) for u, v in zip(units, values, strict=True) if v > TINY or u.forced
    }
    groups: defaultdict[Position, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if (u.account, u.symbol) in trading:
            groups[(u.account, u.symbol)].append(i)
    year = [0.0, 0.0]  # the plan's net gain N and short-term gain S as the model has them
    for key, members in groups.items():
        n, s = gains.of(key, [(units[i], values[i]) for i in members])
        year[0] += n
        year[1] += s
    out: Fill = {}
    for key, members in groups.items():
        model = gains.of(key, [(units[i], values[i]) for i in members])

        def cost(fill: Fill, key: Position = key, model: tuple[float, float] = model) -> float:
            """The year's tax with this fill of the position instead of the model's, plus
            the fill's deferral (a lot that turns long-term soon)."""
            assert term is not None
            n, s = gains.of(key, [(units[i], float(q)) for i, q in fill.items()])
            defer = sum(float(units[i].defer_per_share * q) for i, q in fill.items())
            return term.tax(year[0] - model[0] + n, year[1] - model[1] + s) + defer

        priced = term is not None and key not in gains.fixed
        taken = _fill_group(units, members, values, cost if priced else None)
        chosen = gains.of(key, [(units[i], float(q)) for i, q in taken.items()])
        year[0] += chosen[0] - model[0]
        year[1] += chosen[1] - model[1]
        out.update(taken)
    return [(u, out.get(i, ZERO)) for i, u in enumerate(units)]


def _fill_group(
    all_units: list[SellUnit],
    members: list[int],
    values: list[float],
    cost: Callable[[Fill], float] | None = None,
) -> Fill:
    """The group's total shares, taken from the lots the model sold, those it sold whole first,
    then cheapest first (at most one partial lot); where the model sold more than one lot in
    part and ``cost`` prices a fill (the year's tax on the model's curves), the fill that
    costs least of those that take one of them before the others.

    A trade names its lots, not their shares (specific identification takes them in the order
    named, the last one in part), so at most one lot is sold in part. All lots of a group share
    a price and asset classes; filling the model's whole lots first keeps its choice
    (:func:`_sold_whole`). Among the lots it sold in part the model's split is at a kink of
    the year's tax curves, where the linear rates' order is not the model's: at the top of the
    0 % long-term bracket the LP may split the gain it fills across two lots in any mix (seed
    31 of the tax-curve property test: L22 at $42.42 a share and L24 at $11.81, each about half
    sold; the larger fraction first sold all of L22, $11,902.78 of gain, past the bracket:
    +$534.80 of tax for a plan the model put at −$85); at the $3,000 loss limit it may hold the
    year's net loss with a short-term gain (seed 42, married filing jointly at 30,000: 22.8
    shares of AVEM L5 at $62 a share of short-term gain and 0.2 of L8 at $178 long-term; the
    linear order sold 23 of L8, −$62.14 against the model's −$510.00). So each of those lots
    is tried first and the cheapest fill on the curves kept (ties: the linear order). Only the
    lots the model sold are filled (a loss lot it kept back for wash-sale reasons stays);
    rounding up spills over to lots at a gain only.
    """
    units = [all_units[i] for i in members]
    raw = sum(max(values[i], 0.0) for i in members)
    whole = units[0].whole and all(u.held == u.held.to_integral_value() for u in units)
    total = Decimal(round(raw)) if whole else _shares(raw)
    sellable = sum((u.quantity for u in units), ZERO)
    if total < sellable and raw >= float(sellable) - WHOLE_HOLDING:
        total = sellable  # the model sold all of it: no millionth of a share left (:mod:`.dust`)
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
    orders = [order]
    partial = [
        k
        for k in order
        if used[k] and not units[k].forced and not _sold_whole(values[members[k]], units[k])
    ]
    if cost is not None and len(partial) > 1:
        at = order.index(partial[0])
        for k in partial[1:]:  # k first among the partial lots, the rest as they were
            rest = [j for j in order[at:] if j != k]
            orders.append([*order[:at], k, *rest])
    fills = [_filled(units, members, o, total) for o in orders]
    if len(fills) == 1 or cost is None:
        return fills[0]
    costs = [cost(f) for f in fills]
    best = min(range(len(fills)), key=lambda j: (costs[j], j))
    return fills[best] if costs[best] < costs[0] - CENT_OF_TAX else fills[0]


WHOLE_HOLDING = 2e-6  # shares: a sale this close to all of a position sells all of it
CENT_OF_TAX = 0.005  # dollars: a fill must cost this much less than the linear order's


def _filled(units: list[SellUnit], members: list[int], order: list[int], total: Decimal) -> Fill:
    """``total`` shares taken from the lots in ``order``, each up to its shares."""
    taken: Fill = {}
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
