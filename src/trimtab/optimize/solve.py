"""Solve the model with HiGHS (the only module that imports the solver).

Deterministic: one thread, a fixed random seed, a fixed relative MIP gap and time limit, so
the same input gives the same plan.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import highspy
import numpy as np

from trimtab.optimize.model import Model, Vector

MIP_GAP = 1e-6
MIP_ABS_GAP = 0.01  # dollars of objective: a cent from the bound is optimal enough
TIME_LIMIT_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class Solution:
    """What HiGHS returned: its status, the column values, and the objective."""

    status: str
    optimal: bool
    x: Vector
    objective: float


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner on standard output when first created: keep it off ours."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _highs() -> highspy.Highs:
    with _quiet():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    for name, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", MIP_GAP),
        ("mip_abs_gap", MIP_ABS_GAP),
        ("time_limit", TIME_LIMIT_SECONDS),
    ):
        h.setOptionValue(name, value)
    return h


def solve(model: Model) -> Solution:
    """Solve ``model``; the solution is usable when ``optimal`` is True.

    When the time limit stops a MILP with a feasible solution in hand, that solution is used
    (every constraint holds; only the last bit of optimality is unproven) and the status says
    so with the gap left.
    """
    h = _highs()
    h.passModel(_lp(model))
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    feasible = info.primal_solution_status == 2  # kSolutionStatusFeasible
    optimal = status == highspy.HighsModelStatus.kOptimal
    usable = optimal or (status == highspy.HighsModelStatus.kTimeLimit and feasible)
    text = h.modelStatusToString(status)
    if usable and not optimal:
        text += f" (feasible plan, MIP gap {info.mip_gap:.2%})"
    x = np.asarray(h.getSolution().col_value, dtype=np.float64) if usable else np.zeros(0)
    return Solution(
        status=text, optimal=usable, x=x, objective=float(info.objective_function_value)
    )


def _lp(model: Model) -> highspy.HighsLp:
    matrix = model.rows.matrix.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = model.cost.size
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = model.cost
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = np.where(np.isinf(model.rows.lower), -highspy.kHighsInf, model.rows.lower)
    lp.row_upper_ = np.where(np.isinf(model.rows.upper), highspy.kHighsInf, model.rows.upper)
    lp.col_upper_ = np.where(np.isinf(model.col_upper), highspy.kHighsInf, model.col_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    if model.integer.any():
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in model.integer
        ]
    return lp
