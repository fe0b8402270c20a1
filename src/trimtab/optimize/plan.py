"""Run the optimizer for one household: inputs -> model -> HiGHS -> decoded trades."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from trimtab.errors import InfeasibleError
from trimtab.model.enums import Mode
from trimtab.model.household import Household
from trimtab.optimize.decode import Decoded, decode
from trimtab.optimize.infeasible import explain_infeasible
from trimtab.optimize.inputs import PlanInputs, plan_inputs
from trimtab.optimize.model import Model, Vector, build_model, main_class
from trimtab.optimize.solve import Solution, solve

NOTHING = Decoded(sells=(), buys=(), draws=(), harvested=())


@dataclass(frozen=True, slots=True, kw_only=True)
class Optimized:
    """The model's inputs and its decoded solution (empty when no trade is called for)."""

    inputs: PlanInputs
    decoded: Decoded
    status: str


def optimize(
    household: Household,
    mode: Mode,
    budget: Decimal | None = None,
    breakeven_tax: Decimal | None = None,
) -> Optimized:
    """Solve the household's model in ``mode``; no solve when nothing calls for a trade.

    In `band` and `cash` modes, with every class inside its band, no cash flow or RMD due and
    nothing forced (orders, `sell_excluded`) and no loss worth harvesting, the plan is empty:
    small drift inside the bands is left alone. (With a harvestable loss the model runs, and
    trades only if the harvest pays for itself.)
    """
    inputs = plan_inputs(household, mode, budget, breakeven_tax)
    if (
        mode not in (Mode.TARGET, Mode.LOCATION)
        and inputs.all_inside
        and not inputs.flows_due
        and not inputs.forced
        and not inputs.harvestable
    ):
        return Optimized(inputs=inputs, decoded=NOTHING, status="no trade needed")
    model = build_model(inputs)
    solution = solve_staged(inputs, model)
    if not solution.optimal:
        reasons = explain_infeasible(inputs, model) or (
            f"the solver stopped ({solution.status}) without a plan",
        )
        raise InfeasibleError("no feasible plan: " + "; ".join(reasons))
    return Optimized(
        inputs=inputs, decoded=decode(inputs, model, solution.x), status=solution.status
    )


def solve_staged(inputs: PlanInputs, model: Model) -> Solution:
    """Solve the LP relaxation first, then the MILP over the trades it points to.

    A household's model has hundreds of buy candidates and sellable positions, of which the
    relaxation uses a few. The MILP (whole shares, minimum trades, wash-sale choices) keeps
    every sellable position and every buy candidate of the accounts and asset classes the
    relaxation buys in (so that, say, a fund of another index can replace one the wash-sale
    rule excludes) and fixes the other buys to zero; it solves in a fraction of the time. When
    it finds no plan, the full MILP is solved.
    """
    if not model.integer.any():
        return solve(model)
    relaxed = solve(replace(model, integer=np.zeros_like(model.integer)))
    if not relaxed.optimal:
        return relaxed
    restricted = solve(_restricted(inputs, model, relaxed.x))
    return restricted if restricted.optimal else solve(model)


def _restricted(inputs: PlanInputs, model: Model, x: Vector) -> Model:
    """Fix to zero the buys outside the (account, class) pairs the LP buys in."""
    lay = model.layout
    used_buys = {
        (b.account, main_class(inputs, b.symbol))
        for j, b in enumerate(inputs.buys)
        if x[lay.b + j] > 1e-9
    }
    upper = model.col_upper.copy()
    for j, b in enumerate(inputs.buys):
        if (b.account, main_class(inputs, b.symbol)) not in used_buys and not b.forced:
            upper[lay.b + j] = 0.0
            if lay.indicators:
                upper[lay.zb + j] = 0.0
    return replace(model, col_upper=upper)
