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
import numpy.typing as npt
import scipy.sparse as sp

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
    return _run(
        _lp(
            model.cost,
            model.rows.matrix,
            (model.rows.lower, model.rows.upper),
            (model.col_lower, model.col_upper),
            model.integer,
        )
    )


def solve_lp(
    cost: Vector,
    matrix: sp.csr_matrix,
    row_bounds: tuple[Vector, Vector],
    col_bounds: tuple[Vector, Vector],
) -> Solution:
    """Solve a linear programme (the asset-location review): min cost·x subject to
    row_lower ≤ A x ≤ row_upper and col_lower ≤ x ≤ col_upper."""
    return _run(_lp(cost, matrix, row_bounds, col_bounds, np.zeros(cost.size, dtype=bool)))


def _run(lp: highspy.HighsLp) -> Solution:
    h = _highs()
    h.passModel(lp)
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


def _bounds(values: Vector) -> Vector:
    high = np.where(values == np.inf, highspy.kHighsInf, values)
    return np.where(values == -np.inf, -highspy.kHighsInf, high)


def _lp(
    cost: Vector,
    matrix: sp.csr_matrix,
    row_bounds: tuple[Vector, Vector],
    col_bounds: tuple[Vector, Vector],
    integer: npt.NDArray[np.bool_],
) -> highspy.HighsLp:
    columns = matrix.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = cost.size
    lp.num_row_ = columns.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = _bounds(col_bounds[0])
    lp.col_upper_ = _bounds(col_bounds[1])
    lp.row_lower_ = _bounds(row_bounds[0])
    lp.row_upper_ = _bounds(row_bounds[1])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = columns.indptr
    lp.a_matrix_.index_ = columns.indices
    lp.a_matrix_.value_ = columns.data
    if integer.any():
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in integer
        ]
    return lp
