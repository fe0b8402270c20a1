"""Solve a model with HiGHS (the only module that imports the solver).

Deterministic: one thread and a fixed random seed, so the same input gives the same plan. The
LP-first engine sets no time limit (an LP of a household solves in milliseconds, and its few
wash-sale choices in a small search with a fixed node limit, which does not depend on the
machine's load); only the exact engine (`--solver exact`) has a time limit, and a plan that
reached it says so in its status.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

from trimtab.optimize.model import Model
from trimtab.optimize.sparse import Index, Sparse, Vector

MIP_GAP = 1e-6
MIP_ABS_GAP = 0.01  # dollars of objective: a cent from the bound is optimal enough
EXACT_TIME_LIMIT_SECONDS = 20.0
MAX_NODES = 20_000  # the LP-first engine's wash-sale search: a bound that is not a clock


@dataclass(frozen=True, slots=True)
class Solution:
    """What HiGHS returned: its status, the column values, and the objective.

    optimal: the values are a plan (proven optimal, or the feasible incumbent of a limited
    search, which ``status`` describes with its gap).
    """

    status: str
    optimal: bool
    x: Vector
    objective: float


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints a banner on standard output when first created in a process (only then:
    :data:`_BANNER`): keep it off ours."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


LIGHT_MIP = (  # a small MILP next to an LP's answer: no sub-MIP searches, no restarts
    ("mip_heuristic_run_rins", False),
    ("mip_heuristic_run_rens", False),
    ("mip_heuristic_run_feasibility_jump", False),
    ("mip_allow_restart", False),
)


_BANNER = [True]  # no Highs created yet in this process: the next one prints the banner


def _highs(time_limit: float | None, *, light: bool = False) -> highspy.Highs:
    if _BANNER:
        with _quiet():
            h = highspy.Highs()  # type: ignore[no-untyped-call]
        _BANNER.clear()
    else:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    for name, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", MIP_GAP),
        ("mip_abs_gap", MIP_ABS_GAP),
        ("mip_max_nodes", MAX_NODES),
    ):
        h.setOptionValue(name, value)
    if time_limit is not None:
        h.setOptionValue("time_limit", time_limit)
    for name, value in LIGHT_MIP if light else ():
        h.setOptionValue(name, value)
    return h


class Session:
    """One model held by HiGHS between solves, so that a re-solve after a change of bounds or
    integrality starts from the last basis (the engine's rounds)."""

    def __init__(
        self,
        model: Model,
        *,
        time_limit: float | None = None,
        light: bool = False,
        presolve: bool = True,
    ) -> None:
        self._h = _highs(time_limit, light=light)
        self._lower, self._upper = model.col_lower.copy(), model.col_upper.copy()
        if not presolve:  # an LP re-solved from its basis: presolve costs more than it saves
            self._h.setOptionValue("presolve", "off")
        _pass(
            self._h,
            model.cost,
            model.rows.matrix,
            (model.rows.lower, model.rows.upper),
            (model.col_lower, model.col_upper),
            model.integer,
        )

    def set_col_bounds(self, cols: Index, lower: Vector, upper: Vector) -> None:
        """Change the bounds of ``cols``."""
        if cols.size:
            self._lower[cols], self._upper[cols] = lower, upper
            self._h.changeColsBounds(
                int(cols.size), cols.astype(np.int32), _bounds(lower), _bounds(upper)
            )

    def col_bounds(self, cols: Index) -> tuple[Vector, Vector]:
        """The bounds of ``cols`` as now set."""
        return self._lower[cols].copy(), self._upper[cols].copy()

    def set_col_costs(self, cols: Index, cost: Vector) -> None:
        """Change the objective coefficients of ``cols``."""
        if cols.size:
            self._h.changeColsCost(
                int(cols.size), cols.astype(np.int32), np.ascontiguousarray(cost, dtype=np.float64)
            )

    def set_row_bounds(self, rows: Index, lower: Vector, upper: Vector) -> None:
        """Change the bounds of ``rows``."""
        for r, lo, hi in zip(rows.tolist(), _bounds(lower), _bounds(upper), strict=True):
            self._h.changeRowBounds(int(r), float(lo), float(hi))

    def set_integer(self, cols: Index) -> None:
        """Make ``cols`` integer."""
        if cols.size:
            kinds = np.full(cols.size, highspy.HighsVarType.kInteger)
            self._h.changeColsIntegrality(int(cols.size), cols.astype(np.int32), kinds)

    def run(self) -> Solution:
        """Solve the model as it stands."""
        return _run(self._h)


def solve(model: Model, *, time_limit: float | None = None, light: bool = False) -> Solution:
    """Solve ``model``; the solution is usable when ``optimal`` is True. ``light``: a small
    MILP around an LP's answer (the rounding model), searched without HiGHS's sub-MIP
    heuristics and restarts, which cost it more than they find there.

    When a limit stops a MILP with a feasible solution in hand, that solution is used (every
    constraint holds; only the last bit of optimality is unproven) and the status says so with
    the gap left.
    """
    return Session(model, time_limit=time_limit, light=light).run()


def solve_lp(
    cost: Vector,
    matrix: Sparse | Any,
    row_bounds: tuple[Vector, Vector],
    col_bounds: tuple[Vector, Vector],
) -> Solution:
    """Solve a linear programme (the asset-location review): min cost·x subject to
    row_lower ≤ A x ≤ row_upper and col_lower ≤ x ≤ col_upper. ``matrix``: a triplet matrix
    or any matrix with a ``tocoo()`` (scipy's)."""
    if not isinstance(matrix, Sparse):
        coo = matrix.tocoo()
        matrix = Sparse(shape=coo.shape, row=coo.row, col=coo.col, val=coo.data)
    h = _highs(None)
    _pass(h, cost, matrix, row_bounds, col_bounds, np.zeros(cost.size, dtype=bool))
    return _run(h)


def _run(h: highspy.Highs) -> Solution:
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    feasible = info.primal_solution_status == 2  # kSolutionStatusFeasible
    optimal = status == highspy.HighsModelStatus.kOptimal
    limits = (
        highspy.HighsModelStatus.kTimeLimit,
        highspy.HighsModelStatus.kSolutionLimit,
        highspy.HighsModelStatus.kIterationLimit,
    )
    usable = optimal or (status in limits and feasible)
    text = h.modelStatusToString(status)
    if usable and not optimal:
        text += f" (feasible plan, MIP gap {info.mip_gap:.2%})"
    x = np.asarray(h.getSolution().col_value, dtype=np.float64) if usable else np.zeros(0)
    return Solution(
        status=text,
        optimal=usable,
        x=x,
        objective=float(info.objective_function_value),
    )


_INF_IS_INF = highspy.kHighsInf == np.inf  # HiGHS's infinity is the float's (highspy 1.16)


def _bounds(values: Vector) -> Vector:
    """Bounds for HiGHS: ±inf as its infinity (the same floats when that is inf)."""
    if _INF_IS_INF:
        return np.ascontiguousarray(values, dtype=np.float64)
    high = np.where(values == np.inf, highspy.kHighsInf, values)
    return np.asarray(np.where(values == -np.inf, -highspy.kHighsInf, high), dtype=np.float64)


def _pass(
    h: highspy.Highs,
    cost: Vector,
    matrix: Sparse,
    row_bounds: tuple[Vector, Vector],
    col_bounds: tuple[Vector, Vector],
    integer: npt.NDArray[np.bool_],
) -> None:
    """Hand the model to ``h`` as arrays (the matrix by compressed columns): the array form
    of ``passModel`` copies them whole, where a ``HighsLp``'s fields are filled entry by
    entry (a tenth of a second on a large household)."""
    start, index, value = matrix.columns()
    status = h.passModel(
        int(cost.size),
        int(matrix.shape[0]),
        int(value.size),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        np.ascontiguousarray(cost, dtype=np.float64),
        _bounds(col_bounds[0]),
        _bounds(col_bounds[1]),
        _bounds(row_bounds[0]),
        _bounds(row_bounds[1]),
        start.astype(np.int32),
        index.astype(np.int32),
        np.ascontiguousarray(value, dtype=np.float64),
        np.where(integer, int(highspy.HighsVarType.kInteger), 0).astype(np.int32),
    )
    if status == highspy.HighsStatus.kError:
        raise ValueError("HiGHS refused the model")
