"""The objective and the column bounds of the rebalancing model.

    minimise   Σ_k λ(e⁺_k + e⁻_k)                       drift outside the band (or off target)
             + Σ_i φ'_i δ_i + Σ_k ψ'_k ε_k               tax of the plan's net gains on the
                                                         household's exact tax curves, held in
                                                         one convex interval (:mod:`.tax_term`)
             + Σ_u d_u s_u                               short-term deferral
             − κ_L Σ_u max(−g_u, 0) s_u                  a sale that must happen goes to a loss lot
                                                         of a taxable account rather than to an
                                                         IRA (κ_L = 0.001: never worth a round
                                                         trip, whose costs are 6 bp)
             + Σ_u c_u p_u s_u + Σ_j c_j p_j b_j         trading cost (spread)
             + ε Σ (p_u s_u + p_j b_j)                   no churn between equal choices
             + μ Σ_a m_a                                 cash below min_cash
             + Σ_{u washed} λ_u s_u                      a loss washed for good by a priced
                                                         partial wash (replacement in an IRA): what
                                                         harvesting it later would be worth
                                                         (λ_u = 0.5 × rate × loss a share,
                                                         :mod:`.partial_wash`)
             − Σ_u η_u h_u                               value of harvested losses (h_u ≤ s_u,
                                                         replaced in the same account and class)
             + Yw Σ_j p_j (d_j − c_j − d°_a) b_j         asset location: Y years of the drag of
             [+ Yw Σ_u p_u (d_cash,a − d_u) s_u]         what is bought over its class's centre c_j
                                                         (d°: the least such excess of a fund the
                                                         account may buy; `location` mode: no c_j,
                                                         d° its cash, and sales earn their drag,
                                                         none at a gain; Y = 1, 5 in `location`)
             + (κ + θ) Σ z + ν Σ_{j new} z_j             exact engine: commissions, and small fixed
                                                         costs (θ a trade, ν a new position) so that
                                                         ties go to fewer trades and held funds
                                                         (the LP-first engine prices θ and ν in
                                                         its ticket step, `engine._fewer_tickets`)
             + ι a_cash + π Σ_{k≠cash} a_k              `invest_cash` (:func:`.rows.target_rows`):
             + τ Σ_k (o_k + u_k)                         cash above its target costs ι, so new money
                                                         and proceeds are invested (ι:
                                                         :func:`_idle_price`); a class pushed
                                                         above its target (or above where it stands)
                                                         π = 2ι, so cash goes only below target; o/u
                                                         off target τ, a tie-break (cash above its
                                                         band then costs λ − 2ι, not λ)
             + t Σ_j rank_j p_j b_j                      ties between equal funds go to the first
             + t Σ_u rank_u p_u s_u                      symbol (t = 1e-8 a dollar and a rank)
             + ρ Σ_u r_a(u) p_u s_u + ρ Σ_j r_a(j) p_j b_j   stable plans: ties go to the account
                                                         that trades anyway (r_a its rank, ρ =
                                                         2e-7 a dollar and a rank)
             + h Σ_{j new} p_j b_j                       and to a fund the account holds (h =
                                                         2e-6 a dollar)
             + ω Σ_{j closes a harvest} p_j b_j          a buy substantially identical to a taxable
                                                         lot now at a loss (it would wash that loss
                                                         if harvested within 30 days) costs ω = 5
                                                         bp more: of funds equal within $5 a
                                                         $10,000 buy, the one that keeps it open

Column bounds: 0 ≤ s_u ≤ sellable shares (≥ forced shares), b_j ≥ forced shares, y_G and z in
[0, 1], h_u ≤ the unit's shares; integrality only in the exact engine (z, n, y, and whole-share
buys) — the LP-first engine makes y_G integer only where its relaxation needs it (:mod:`.engine`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from trimtab.model.enums import AssetClass
from trimtab.optimize.inputs import CLASSES, PlanInputs
from trimtab.optimize.layout import Layout, UnitArrays, Vector, f64
from trimtab.optimize.partial_wash_rows import lost_costs

DRIFT_WEIGHT = 2.0  # λ: a dollar outside the band costs more than any tax a dollar of sale owes
DEFER_WEIGHT = 1.0  # d: selling a lot that turns long-term soon costs its gain once more
MIN_CASH_WEIGHT = 10.0  # μ
CHURN = 1e-4  # ε
TICKET = 1.0  # θ: dollars a trade, so that between equal plans the one with fewer trades wins
NEW_POSITION = 1.0  # ν: dollars more for a buy that opens a position the account does not hold
LOSS_CREDIT = 1e-3  # κ_L: a dollar of loss a sale realizes anyway is worth a tenth of a cent
TIE = 1e-8  # per dollar and rank: between funds equal in every other way, the first symbol
CASH = CLASSES.index(AssetClass.CASH)
# Stable plans (issue 21 item 7): tie-breaks a dollar traded, each far below any real cost a
# dollar has (the least is τ = 4e-5; a spread is 1e-4 and more), and above the solver's
# tolerance (1e-7 a share's cost) at any price of a dollar and up, so that of plans equal in
# every real cost the one that buys funds the account holds, in the accounts that trade
# anyway, wins, and a 0.1 % price move changes amounts, not which funds and accounts trade.
HELD_FUND = 1e-5  # a dollar of a buy that opens a position the account does not hold
ACCOUNT_RANK = 2e-7  # a dollar traded and a place in :func:`_account_rank`'s order
SELL_RANK = 1e-8  # a dollar sold and a place of its symbol in alphabetical order (as TIE)
KEEP_HARVEST_OPEN = 5e-4  # ω: per dollar of a buy that would wash a taxable loss lot's harvest
# ι: a dollar of cash above its target left idle costs at least a cent, and more than any buy
# of the household costs a dollar as the objective prices it (:func:`_idle_price`: spread,
# churn, ω, tie-breaks and a year of location steering, up to 1.1 % over generated
# households), by IDLE_MARGIN, so new money and sale proceeds are invested wherever a class
# below its target can be bought.
# No more than that: with whole shares a price of idle cash is a price of the last share's
# placement, and a dearer one (5 cents) made the LP-first engine's rounding $5–20 dearer than
# the exact optimum on a fifth of the quality test's households (1 cent: none).
IDLE_CASH = 0.01
IDLE_MARGIN = 0.001
# λ_c: a dollar of cash above its band costs λ − 2ι (λ − ι with ι): a class outside its band
# may still be sold to cash when nothing below target can be bought (ι a dollar, more than a
# sale's spread, less than most of its tax would be)
# π: a dollar pushed into a class above its target (or above where it stands, when it is over
# it already) costs two ι: cash inside its band is invested only in classes below their
# targets. (Cash above its band, λ − ι a dollar, may still go into a class over its target up
# to that class's band, never past it: λ + π.) Small next to a harvest's worth, since a fund
# of several classes (VTI: large and small cap) bought as a replacement pushes some of them.
# τ: a dollar of a class above or below its target, a tie-break less than half the churn ε of a
# dollar traded (two τ for a sale from a class over its target into one under it, two ε paid):
# it never pays for a trade, but of sales that cost the same it takes the one from above target
TOWARD = 4e-5


def objective(p: PlanInputs, lay: Layout) -> Vector:
    """The cost vector: the sum of the terms of the module docstring."""
    arr = lay.arrays
    cost = np.zeros(lay.size)
    cost[lay.sell : lay.buy] = (
        DEFER_WEIGHT * arr.u_defer + (arr.u_rate + CHURN) * arr.u_price + arr.u_location
    ) - LOSS_CREDIT * np.maximum(-arr.u_gain, 0.0)
    cost[lay.buy : lay.over] = (arr.b_rate + CHURN) * arr.b_price + arr.b_location
    cost[lay.buy : lay.over] += TIE * _symbol_rank(p) * arr.b_price
    # stable plans (issue 21 item 7): of equal choices, the account already trading and the
    # fund already held, so that a small price move changes amounts, not the plan's shape
    rank = _account_rank(p)
    cost[lay.sell : lay.buy] += (
        ACCOUNT_RANK * rank[arr.u_account] + SELL_RANK * _unit_symbol_rank(arr)
    ) * arr.u_price
    cost[lay.buy : lay.over] += (ACCOUNT_RANK * rank[arr.b_account] + HELD_FUND * arr.b_new) * (
        arr.b_price
    )
    closing = f64([b.symbol in p.closes_harvest for b in p.buys])
    cost[lay.buy : lay.over] += KEEP_HARVEST_OPEN * closing * arr.b_price
    cost[lay.over : lay.rmd_draw] = DRIFT_WEIGHT
    cost[lay.short_cash : lay.sell_on] = MIN_CASH_WEIGHT
    if lay.off_target < lay.size:  # cash to work toward the target (:func:`.rows.target_rows`)
        n = len(CLASSES)
        idle = _idle_price(p, arr, cost[lay.buy : lay.over])
        cost[lay.off_target : lay.off_target + n] = 2 * idle  # π
        cost[lay.off_target + CASH] = idle
        cost[lay.off_target + n : lay.size] = TOWARD
        cost[lay.over + CASH] = DRIFT_WEIGHT - 2 * idle  # λ_c
    cost[lay.harvest : lay.trade_cost] = -f64([p.units[i].harvest_per_share for i in lay.harvests])
    if lay.partial:  # a loss a permanent partial wash loses (:mod:`.partial_wash`)
        cost[lay.sell : lay.buy] += lost_costs(lay)
    if lay.indicators:
        cost[lay.sell_on : lay.whole] = float(p.commission) + TICKET
        cost[lay.buy_on + np.flatnonzero(arr.b_new)] += NEW_POSITION
    term = lay.tax
    if term is not None:  # the tax term (:mod:`.tax_term`)
        cost[lay.net_gain : lay.ordinary] = term.slopes
        cost[lay.ordinary : lay.relief_order] = term.ordinary_slopes
    return cost


def _idle_price(p: PlanInputs, arr: UnitArrays, buy_cost: Vector) -> float:
    """ι of the household of ``p``: :data:`IDLE_CASH`, or, where a buy costs more a dollar as
    the objective prices it (``buy_cost``: its half-spread, churn, ω, tie-breaks and a year of
    location steering), the dearest buy's cost and :data:`IDLE_MARGIN`. ``p.idle_price`` when
    set: the rounding's inputs, restricted to the LP's trades, keep the LP's (:mod:`.rounding`).
    Example: a taxable account whose only bond fund drags 1.08 % a dollar over the account's
    floor, at a 2 bp spread: ι = 0.0108 + 0.0002 + 0.0001 (churn) + 0.001 ≈ 1.21 cents, so its
    new money buys the bonds (tests/optimize/test_plan_invest_cash.py: at 3.48 cents)."""
    if p.idle_price is not None:
        return p.idle_price
    priced = arr.b_price > 0
    dearest = float((buy_cost[priced] / arr.b_price[priced]).max()) if priced.any() else 0.0
    return max(IDLE_CASH, dearest + IDLE_MARGIN)


def _symbol_rank(p: PlanInputs) -> Vector:
    """Each buy's symbol's place in alphabetical order (0, 1, …): equal funds (BND at $75 and
    SCHZ at $25 for the same dollars) tie on every term, and the plan should not depend on
    which corner of the LP the solver reaches first."""
    order = {s: r for r, s in enumerate(sorted({b.symbol for b in p.buys}))}
    return f64([order[b.symbol] for b in p.buys])


def _account_rank(p: PlanInputs) -> Vector:
    """Each account's place (0, 1, …) in the order trades go to first among equal choices:
    the accounts that trade anyway (a contribution, withdrawal or RMD to settle, or cash above
    its `min_cash` to invest) in the household's order, then the others in its order."""
    busy = [
        bool(a.contributions or a.withdrawals or a.rmd or a.cash > a.min_cash) for a in p.accounts
    ]
    order = sorted(range(len(p.accounts)), key=lambda i: (not busy[i], i))
    rank = np.zeros(len(p.accounts))
    rank[order] = np.arange(len(p.accounts), dtype=np.float64)
    return rank


def _unit_symbol_rank(arr: UnitArrays) -> Vector:
    """Each sell unit's symbol's place in alphabetical order among the units' symbols."""
    units = sorted(set(arr.u_symbol.tolist()), key=lambda k: arr.symbols[k])
    rank = np.zeros(len(arr.symbols))
    rank[units] = np.arange(len(units), dtype=np.float64)
    return rank[arr.u_symbol] if arr.u_symbol.size else np.zeros(0)


def bounds(
    lay: Layout, interval: int | None = None
) -> tuple[Vector, Vector, npt.NDArray[np.bool_]]:
    """Column bounds and integrality (module docstring); the tax term held in ``interval`` of
    its curve (None: the interval of no plan gain, :meth:`.tax_term.TaxTerm.home`)."""
    arr = lay.arrays
    lower = np.zeros(lay.size)
    upper = np.full(lay.size, np.inf)
    integer = np.zeros(lay.size, dtype=bool)
    lower[lay.sell : lay.buy] = arr.u_forced
    upper[lay.sell : lay.buy] = np.maximum(arr.u_quantity, arr.u_forced)
    lower[lay.buy : lay.over] = arr.b_forced
    held = [j for j in sorted(lay.unreplaceable) if arr.b_forced[j] <= 0]
    upper[lay.buy + np.array(held, dtype=np.int64)] = 0.0  # :mod:`.replacement`
    upper[lay.sell_on : lay.whole] = 1.0
    upper[lay.wash_choice : lay.harvest] = 1.0
    upper[lay.sell_all : lay.wash_choice] = 1.0  # w_g (:mod:`.dust` holds at 0 where unruled)
    upper[lay.harvest : lay.trade_cost] = arr.u_quantity[np.array(lay.harvests, dtype=np.int64)]
    term = lay.tax
    if term is not None:
        low, high = term.piece_bounds(term.home() if interval is None else interval)
        lower[lay.net_gain : lay.ordinary] = low
        upper[lay.net_gain : lay.ordinary] = high
        upper[lay.ordinary : lay.relief_order] = term.ordinary_widths
    if lay.exact:
        integer[lay.buy : lay.over] = arr.b_whole
        integer[lay.sell_on : lay.harvest] = True  # indicators, whole sells, wash-sale choices
    return lower, upper, integer
