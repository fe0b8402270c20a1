"""Run the optimizer for one household: inputs -> model -> engine -> decoded trades."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from trimtab.errors import InfeasibleError, Problem
from trimtab.model.enums import AssetClass, Mode, SolverKind
from trimtab.model.household import Household
from trimtab.money import CENT, HUNDRED, ZERO, dollars_text
from trimtab.optimize.decode import Decoded, decode, plan_gains
from trimtab.optimize.engine import Solved, solve_household
from trimtab.optimize.infeasible import explain_infeasible
from trimtab.optimize.inputs import DriftCut, PlanInputs, _main, plan_inputs
from trimtab.optimize.replacement import swapped_across
from trimtab.optimize.rows import band_base, class_change
from trimtab.rules.securities import sub_asset
from trimtab.source import Source
from trimtab.tax.identity import household_identity

NOTHING = Decoded(sells=(), buys=(), draws=(), harvested=())


@dataclass(frozen=True, slots=True, kw_only=True)
class Optimized:
    """The model's inputs and its decoded solution (empty when no trade is called for);
    tax_estimate: the tax the model puts on the plan (:func:`model_tax`), which the
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
    drift_cuts: tuple[DriftCut, ...] = (),
) -> Optimized:
    """Solve the household's model in ``mode``; no solve when nothing calls for a trade.

    In `band` and `cash` modes, with every class inside its band, no cash flow or RMD due and
    nothing forced (orders, `sell_excluded`), no loss worth harvesting and no cash above its
    target to invest (the `invest_cash` setting), the plan is empty:
    small drift inside the bands is left alone. (With a harvestable loss the model runs, and
    trades only if the harvest pays for itself.)
    """
    inputs = plan_inputs(household, mode, budget, breakeven_tax)
    if drift_cuts:  # the drift guard's rows (:mod:`.drift_guard`)
        inputs = replace(inputs, drift_cuts=drift_cuts)
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
    # buys (:func:`_without_swap`).
    held = _swaps(household, inputs, decoded)
    if held:
        solved, decoded, notes = _without_swap(household, inputs, solver, solved, decoded, held)
        inputs = replace(inputs, warnings=(*inputs.warnings, *notes))
    return Optimized(
        inputs=inputs,
        decoded=decoded,
        status=solved.solution.status,
        tax_estimate=model_tax(solved, decoded),
    )


def model_tax(solved: Solved, decoded: Decoded) -> Decimal:
    """The tax the model puts on its plan: the model's tax term (φ(N) + Π(O) on the year's
    curves, :mod:`.tax_term`) at the net and short-term gains of the decoded trades, to the
    cent; 0 without a taxable account of the return.

    At the decoded trades, not at the solution: whole shares and a trade's one lot sold in
    part (:func:`.decode._fill_group`) move the plan's gains off the solution's, and at a kink
    of the curves a share's gain may be taxed at another rate (seed 20 of
    tests/optimize/test_plan_tax_curve.py, head of household at 30,000: the model sold 26.05
    shares of AVUV L1, a short-term gain of $35.77 a share, and 12.95 of L6, long-term, $60.98,
    netting the year's short-term gains to 0; whole, the trade sells L6's 17 shares and 22 of
    L1, and 144.52 of short-term loss is left against long-term gain: $39.46 at the solution,
    $44.56 at the trades, the exact engine's figure)."""
    term = solved.model.layout.tax
    if term is None or not solved.solution.optimal:
        return Decimal(0)
    value = term.tax(*plan_gains(solved.inputs, solved.model, solved.solution.x, decoded))
    return Decimal(f"{value:.6f}").quantize(Decimal("0.01"), ROUND_HALF_UP)


def _swaps(household: Household, inputs: PlanInputs, decoded: Decoded) -> frozenset[int]:
    """The buy candidates of ``decoded``'s cross-account swaps (:func:`.replacement.
    swapped_across`); empty when it makes none."""
    return swapped_across(
        decoded.sells,
        decoded.buys,
        inputs.buys,
        _main(household),
        inputs.partners,
        household_identity(household).identical,
        {s.symbol: sub_asset(s) for s in household.securities},
    )


SLACK = 1.0  # dollars: a class this little past its band's edge is not outside


def _without_swap(
    household: Household,
    inputs: PlanInputs,
    solver: SolverKind,
    first: Solved,
    swapped: Decoded,
    held: frozenset[int],
) -> tuple[Solved, Decoded, tuple[Problem, ...]]:
    """The plan without the cross-account swap of ``first`` (its buy candidates ``held``),
    and the warnings it calls for; ``first`` itself when no such plan is optimal.

    Without those funds a class the swap kept inside its band may end outside (an alternatives
    class short of its band, when the REIT fund bought against the harvested gold was the only
    fund of the class an account could buy). Then the harvest is given up instead: the plan
    is solved once more with the harvested lots kept and the funds allowed, and taken when it
    leaves less outside than the plan without them and makes no swap. If neither keeps the
    class inside, the plan without the swap stands and a `harvest_swap_held` warning per class
    says how far outside it ends and why (tests/optimize/test_plan_harvest_swap_bands.py)."""
    again = solve_household(replace(inputs, unreplaceable=inputs.unreplaceable | held), solver)
    if not again.solution.optimal and inputs.drift_cuts:  # the rule outranks the drift guard
        again = solve_household(
            replace(inputs, unreplaceable=inputs.unreplaceable | held, drift_cuts=()), solver
        )
    if not again.solution.optimal:
        return first, swapped, ()
    decoded = decode(again.inputs, again.model, again.solution.x)
    before, after = _outside(first), _outside(again)
    worse = {k: v for k, v in after.items() if abs(v) > abs(before.get(k, 0.0)) + SLACK}
    if not worse:
        return again, decoded, ()
    harvested = {
        (u.account, u.lot_ids) for u, q in swapped.sells if u.taxed and u.harvest_per_share > 0
    }
    kept = tuple(
        replace(u, quantity=ZERO) if (u.account, u.lot_ids) in harvested else u
        for u in inputs.units
    )
    third = solve_household(replace(inputs, units=kept), solver)
    if third.solution.optimal:
        unharvested = decode(third.inputs, third.model, third.solution.x)
        left = _outside(third)
        if sum(map(abs, left.values())) < sum(map(abs, after.values())) - SLACK and not _swaps(
            household, inputs, unharvested
        ):
            return third, unharvested, ()
    return again, decoded, _swap_warnings(household, inputs, swapped, held, worse)


def _outside(solved: Solved) -> dict[AssetClass, float]:
    """Dollars each class ends past its band's edge in the solution (the household's band,
    not the LP's aim inside it): above its high edge positive, below its low edge negative;
    classes inside (to :data:`SLACK`) left out."""
    p, lay, x = solved.inputs, solved.model.layout, solved.solution.x
    change = class_change(p, lay)
    moved = np.bincount(change.row, weights=change.val * x[change.col], minlength=change.shape[0])
    out = {}
    for b, value in zip(p.bands, band_base(p) + moved, strict=True):
        if value > float(b.high) + SLACK:
            out[b.asset_class] = float(value) - float(b.high)
        elif value < float(b.low) - SLACK:
            out[b.asset_class] = float(value) - float(b.low)
    return out


def _swap_warnings(
    household: Household,
    inputs: PlanInputs,
    swapped: Decoded,
    held: frozenset[int],
    worse: dict[AssetClass, float],
) -> tuple[Problem, ...]:
    """A `harvest_swap_held` warning per class in ``worse`` (dollars past its edge): the points
    and dollars, the harvest and the buys of the swap, and the rule."""
    sold = sorted({u.symbol for u, _ in swapped.sells if u.taxed and u.harvest_per_share > 0})
    held_buys = {(inputs.buys[j].account, inputs.buys[j].symbol) for j in held}
    bought = sorted(
        {(b.symbol, b.account) for b, q in swapped.buys if (b.account, b.symbol) in held_buys}
    )
    funds = ", ".join(f"{symbol} in {account}" for symbol, account in bought)
    value = inputs.value_after_flows
    out = []
    for cls, dollars in worse.items():
        amount = Decimal(repr(abs(dollars))).quantize(CENT)
        points = amount / value * HUNDRED if value > 0 else ZERO
        source = next(
            (t.source for t in household.targets if t.asset_class is cls),
            Source(file=household.file),
        )
        out.append(
            Problem.warning(
                source,
                f"targets.{cls.value}",
                "harvest_swap_held",
                f"{cls.label} ends {points:.2f} points {'over' if dollars > 0 else 'under'} its "
                f"band, {dollars_text(amount)} beyond its edge: the plan that kept it inside "
                f"harvested {', '.join(sold)} and bought {funds}, a fund of another sub-asset, "
                "and a harvest's replacement stays in the sub-asset of what it replaces "
                "(docs/harvesting.md); without that swap nothing else brings it back, and the "
                "plan cannot keep the harvested lots instead",
            )
        )
    return tuple(out)
