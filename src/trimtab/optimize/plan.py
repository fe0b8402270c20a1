"""Run the optimizer for one household: inputs -> model -> HiGHS -> decoded trades."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.errors import InfeasibleError
from trimtab.model.enums import Mode
from trimtab.model.household import Household
from trimtab.optimize.decode import Decoded, decode
from trimtab.optimize.infeasible import explain_infeasible
from trimtab.optimize.inputs import PlanInputs, plan_inputs
from trimtab.optimize.model import build_model
from trimtab.optimize.solve import solve

NOTHING = Decoded(sells=(), buys=(), draws=(), harvested=())


@dataclass(frozen=True, slots=True, kw_only=True)
class Optimized:
    """The model's inputs and its decoded solution (empty when no trade is called for)."""

    inputs: PlanInputs
    decoded: Decoded
    status: str


def optimize(household: Household, mode: Mode, budget: Decimal | None = None) -> Optimized:
    """Solve the household's model in ``mode``; no solve when nothing calls for a trade.

    In `band` and `cash` modes, with every class inside its band, no cash flow or RMD due and
    nothing forced (orders, `sell_excluded`) and no loss worth harvesting, the plan is empty:
    small drift inside the bands is left alone. (With a harvestable loss the model runs, and
    trades only if the harvest pays for itself.)
    """
    inputs = plan_inputs(household, mode, budget)
    if (
        mode is not Mode.TARGET
        and inputs.all_inside
        and not inputs.flows_due
        and not inputs.forced
        and not inputs.harvestable
    ):
        return Optimized(inputs=inputs, decoded=NOTHING, status="no trade needed")
    model = build_model(inputs)
    solution = solve(model)
    if not solution.optimal:
        reasons = explain_infeasible(inputs, model) or (
            f"the solver stopped ({solution.status}) without a plan",
        )
        raise InfeasibleError("no feasible plan: " + "; ".join(reasons))
    return Optimized(
        inputs=inputs, decoded=decode(inputs, model, solution.x), status=solution.status
    )
