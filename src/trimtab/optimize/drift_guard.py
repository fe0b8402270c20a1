"""The drift guard: a plan never leaves the household's risk-adjusted drift cost higher than the
trades it must make would (issue 21 item 3, docs/optimizer.md "The drift guard").

The drift cost is ½γV dᵀΣd (:mod:`trimtab.analysis.breakeven`), d_k = X_k / V − t_k the
classes' drifts as fractions of the value after the flows V. Inside the bands the objective
prices no drift, so a plan may move a class away from its target for a little tax, a harvest
or a location preference; with a tax budget it once raised the equity overweight from +3.8 to
+8.3 points. The guard's ceiling is the drift of the household after its forced trades only
(the flows: contributions, withdrawals, RMDs drawn, the cash they need raised from every class
in proportion; orders and `sell_excluded` sales), so what a user asks for is never held against
the plan. A rule of the plan outranks the guard: where the guard's rows leave no plan (a
withdrawal only a holding of one class can pay), the plan is made without them.

dᵀΣd is convex, so the guard is a few cutting planes: a plan d⁰ above the ceiling F (the
forced state's dᵀΣd plus :data:`TOLERANCE` dollars a year) gets the tangent row of f at d_b,
the point where the segment from the forced state d_f (below F) to d⁰ crosses F:

    Σ_k g_k ΔX_k ≤ Σ_k g_k ΔX^b_k,   g = 2 Σ d_b / V,   f(d_b) = F,

a supporting hyperplane of the plans within the ceiling (f is convex: they all keep it) that
cuts d⁰ off (cutting at the boundary converges in two or three solves where Kelley's tangent
at d⁰ crept toward it in five). ΔX_k is the model's class change (:func:`.rows.class_change`),
ΔX^b the boundary point's. Figures are floats (the model's).

Example: V = 100,000, large cap target 50 % held at 50 %, bonds 50 % at 50 %, σ_large 0.157,
σ_bonds 0.049, ρ 0.11: a plan that sells $4,000 of bonds and buys large cap has d = (+0.04,
−0.04), dᵀΣd = 0.0016 (0.024649 + 0.002401 − 2 × 0.11 × 0.157 × 0.049) = 0.000040508, f at
γ = 3: ½ × 3 × 100,000 × 0.000040508 = $6.08 a year above the ceiling's $0: cut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from trimtab.model.enums import AssetClass
from trimtab.optimize.inputs import DriftCut, PlanInputs
from trimtab.optimize.rows import band_base
from trimtab.optimize.units import BuyCandidate, SellUnit

Vector = npt.NDArray[np.float64]
CLASSES = tuple(AssetClass)
TOLERANCE = 0.5  # dollars a year of drift cost: a plan this little above its ceiling keeps it


def covariance(matrix: Sequence[Sequence[Decimal]]) -> npt.NDArray[np.float64]:
    """Σ as floats, in AssetClass order."""
    return np.array([[float(v) for v in row] for row in matrix], dtype=np.float64)


def _base(p: PlanInputs) -> Vector:
    """X_k before the trades (:func:`.rows.band_base`: cash after the fixed flows and own RMDs),
    the aggregated RMDs drawn too; cash the flows take below zero is raised from every other
    class in proportion to its value (the neutral way to pay a withdrawal: what the plan sells
    for it instead is its own choice)."""
    x = band_base(p)
    cash = CLASSES.index(AssetClass.CASH)
    x[cash] -= sum(float(g.amount) for g in p.rmd_groups)
    if x[cash] < 0:
        others = np.arange(len(CLASSES)) != cash
        held = float(x[others].sum())
        if held > 0:
            x[others] *= 1.0 + x[cash] / held
            x[cash] = 0.0
    return x


def _targets(p: PlanInputs) -> Vector:
    value = float(p.value_after_flows)
    if value <= 0:
        return np.zeros(len(CLASSES))
    return np.array([float(b.target) / value for b in p.bands], dtype=np.float64)


def class_change(
    p: PlanInputs,
    sells: Sequence[tuple[SellUnit, Decimal]],
    buys: Sequence[tuple[BuyCandidate, Decimal]],
) -> Vector:
    """ΔX_k of trades as the model counts them: a sale moves its classes' dollars to cash less
    its half-spread, a buy the other way."""
    change = np.zeros(len(CLASSES))
    cash = CLASSES.index(AssetClass.CASH)
    for unit, shares in sells:
        dollars = float(unit.price * shares)
        for cls, weight in p.weights.get(unit.symbol, ()):
            change[CLASSES.index(cls)] -= dollars * float(weight)
        change[cash] += dollars * (1 - float(p.cost_rate.get(unit.symbol, 0)))
    for buy, shares in buys:
        dollars = float(buy.price * shares)
        for cls, weight in p.weights.get(buy.symbol, ()):
            change[CLASSES.index(cls)] += dollars * float(weight)
        change[cash] -= dollars * (1 + float(p.cost_rate.get(buy.symbol, 0)))
    return change


def forced_change(p: PlanInputs) -> Vector:
    """ΔX_k of the trades the plan must make: orders and `sell_excluded` sales (each unit's
    forced shares; an order's minimum shares of a holding at its first unit's price) and
    ordered buys."""
    sells = [(u, u.forced) for u in p.units if u.forced > 0]
    minimums = []
    for account, symbol, shares in p.order_minimums:
        unit = next((u for u in p.units if (u.account, u.symbol) == (account, symbol)), None)
        already = sum((q for u, q in sells if (u.account, u.symbol) == (account, symbol)), 0)
        if unit is not None and shares > already:
            minimums.append((unit, shares - Decimal(already)))
    buys = [(b, b.forced) for b in p.buys if b.forced > 0]
    return class_change(p, [*sells, *minimums], buys)


def variance(p: PlanInputs, sigma: npt.NDArray[np.float64], change: Vector) -> float:
    """dᵀΣd after the class change ``change`` (fractions of V)."""
    value = float(p.value_after_flows)
    if value <= 0:
        return 0.0
    d = (_base(p) + change) / value - _targets(p)
    return float(d @ sigma @ d)


def ceiling(p: PlanInputs, sigma: npt.NDArray[np.float64]) -> float:
    """F: dᵀΣd after the forced trades only."""
    return variance(p, sigma, forced_change(p))


def cut(p: PlanInputs, sigma: npt.NDArray[np.float64], change: Vector, limit: float) -> DriftCut:
    """The tangent row that cuts off the plan whose class change is ``change`` (dᵀΣd above
    ``limit``): the tangent of dᵀΣd at the point where the segment from the forced trades'
    state (below the limit) to the plan crosses the limit, a supporting hyperplane of the
    plans within it (module docstring)."""
    value = float(p.value_after_flows)
    forced = forced_change(p)
    start = (_base(p) + forced) / value - _targets(p)
    step = (change - forced) / value
    a = 2.0 * float(start @ sigma @ step)
    b = float(step @ sigma @ step)
    below = limit - float(start @ sigma @ start)  # ≥ 0: the forced state keeps the limit
    t = 1.0 if b <= 0 else min(1.0, (-a + math.sqrt(max(a * a + 4.0 * b * below, 0.0))) / (2 * b))
    at = forced + t * (change - forced)
    d = (_base(p) + at) / value - _targets(p)
    g = 2.0 * (sigma @ d) / value
    return DriftCut(
        coefficients=tuple(float(v) for v in g),
        upper=limit - float(d @ sigma @ d) + float(g @ at),
    )
