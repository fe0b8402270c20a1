"""Say why no plan exists, in the household's words (STYLE 6), never a solver status.

When the model is infeasible, trimtab solves an *elastic* copy: every hard row of the families
that can conflict with the household's facts — cash (no account below zero), RMD draws, orders
and forced sales — gets a non-negative slack, and the copy minimises the total slack. The rows
whose slack is positive are the conflict, and the slack is how many dollars (or shares) are
missing. Example: a $60,000 withdrawal from an IRA worth $50,000 leaves `cash[ira]` $10,000
short: "account ira is $10,000.00 short: its withdrawals, RMD and trades need more cash than
it holds and can raise by selling what it may sell".
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.model import Model, Rows
from trimtab.optimize.solve import solve
from trimtab.optimize.sparse import sparse

ELASTIC = ("cash[", "rmd[", "order[")


def explain_infeasible(inputs: PlanInputs, model: Model) -> tuple[str, ...]:
    """Sentences naming the conflicting constraints and the shortfall (empty when unknown)."""
    rows = model.rows
    picked = [i for i, n in enumerate(rows.names) if n.startswith(ELASTIC)]
    if not picked:
        return ()
    elastic = _elastic(model, picked)
    solution = solve(elastic)
    if not solution.optimal:
        return ()
    slack = solution.x[model.cost.size :]
    return tuple(
        _sentence(inputs, rows.names[i], float(slack[k]))
        for k, i in enumerate(picked)
        if slack[k] > 1e-6
    )


def _elastic(model: Model, picked: list[int]) -> Model:
    """The model with a slack column added to each picked row, costs only on the slacks."""
    n_rows, n_cols = model.rows.matrix.shape
    slack = sparse((n_rows, len(picked)), picked, range(len(picked)), np.ones(len(picked)))
    matrix = model.rows.matrix.with_columns(slack)
    return replace(
        model,
        cost=np.concatenate([np.zeros(n_cols), np.ones(len(picked))]),
        col_lower=np.concatenate([model.col_lower, np.zeros(len(picked))]),
        col_upper=np.concatenate([model.col_upper, np.full(len(picked), np.inf)]),
        integer=np.concatenate([model.integer, np.zeros(len(picked), dtype=bool)]),
        rows=Rows(
            names=model.rows.names, matrix=matrix, lower=model.rows.lower, upper=model.rows.upper
        ),
    )


def _inside(name: str) -> str:
    return name[name.index("[") + 1 : name.rindex("]")]


def _sentence(inputs: PlanInputs, name: str, amount: float) -> str:
    what = _inside(name)
    if name.startswith("cash["):
        flows = next(a for a in inputs.accounts if a.account == what)
        sellable = sum(u.price * u.quantity for u in inputs.units if u.account == what)
        held = sum(u.price * u.held for u in inputs.units if u.account == what)
        return (
            f"account {what} is ${amount:,.2f} short: it must pay out "
            f"${flows.withdrawals + flows.rmd:,.2f} (withdrawals and its RMD) from cash of "
            f"${flows.cash + flows.contributions:,.2f} and ${sellable:,.2f} it may sell "
            f"(${held - sellable:,.2f} more is held but locked by restrictions, lockups or "
            "missing lots)"
        )
    if name.startswith("rmd["):
        group = next(g for g in inputs.rmd_groups if g.owner == what)
        return (
            f"the RMD of {what}'s IRAs ({', '.join(group.accounts)}) cannot be drawn in full: "
            f"${amount:,.2f} of ${group.amount:,.2f} is missing (nothing there may be sold)"
        )
    account, symbol = what.split(",", 1)
    return f"the order to sell {symbol} in {account} cannot be met: {amount:,.6f} shares short"
