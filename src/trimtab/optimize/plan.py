"""Run the optimizer for one household: inputs -> model -> engine -> decoded trades."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from trimtab.errors import InfeasibleError
from trimtab.model.enums import Mode, SolverKind
from trimtab.model.household import Household
from trimtab.optimize.decode import Decoded, decode
from trimtab.optimize.engine import model_tax, solve_household
from trimtab.optimize.infeasible import explain_infeasible
from trimtab.optimize.inputs import PlanInputs, _main, plan_inputs
from trimtab.optimize.replacement import swapped_across
from trimtab.rules.securities import sub_asset
from trimtab.tax.identity import household_identity

NOTHING = Decoded(sells=(), buys=(), draws=(), harvested=())


@dataclass(frozen=True, slots=True, kw_only=True)
class Optimized:
    """The model's inputs and its decoded solution (empty when no trade is called for);
    tax_estimate: the tax the model puts on the plan (:func:`.engine.model_tax`), which the
    exact tax of the plan should match (tests/optimize/test_plan_tax_curve.py)."""

    inputs: PlanInputs
    decoded: Decoded
    status: str
    tax_estimate: Decimal = Decimal(0)


def optimize(
    household: Household,
    mode: Mode,
    budget: Decimal | None = None,
    breakeven_tax: Decimal | None = None,
    solver: SolverKind = SolverKind.LP,
) -> Optimized:
    """Solve the household's model in ``mode``; no solve when nothing calls for a trade.

    In `band` and `cash` modes, with every class inside its band, no cash flow or RMD due and
    nothing forced (orders, `sell_excluded`), no loss worth harvesting and no cash above its
    target to invest (the `invest_cash` setting), the plan is empty:
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
        and not inputs.idle_cash
    ):
        return Optimized(inputs=inputs, decoded=NOTHING, status="no trade needed")
    solved = solve_household(inputs, solver)
    if not solved.solution.optimal:
        reasons = explain_infeasible(inputs, solved.model) or (
            f"the solver stopped ({solved.solution.status}) without a plan",
        )
        raise InfeasibleError("no feasible plan: " + "; ".join(reasons))
    decoded = decode(solved.inputs, solved.model, solved.solution.x)
    # Harvest replacements stay in the sub-asset across accounts (issue 20 item 8,
    # docs/harvesting.md): a plan that harvests S and buys, in any account, a fund of S's
    # class in another sub-asset that is no partner of S is planned once more without those
    # buys. Kept when the re-plan is optimal (TODO: compare bands, warn when the swap was
    # needed).
    held = swapped_across(
        decoded.sells,
        decoded.buys,
        inputs.buys,
        _main(household),
        inputs.partners,
        household_identity(household).identical,
        {s.symbol: sub_asset(s) for s in household.securities},
    )
    if held:
        again = solve_household(replace(inputs, unreplaceable=inputs.unreplaceable | held), solver)
        if again.solution.optimal:
            solved = again
            decoded = decode(solved.inputs, solved.model, solved.solution.x)
    return Optimized(
        inputs=inputs,
        decoded=decoded,
        status=solved.solution.status,
        tax_estimate=model_tax(solved),
    )
