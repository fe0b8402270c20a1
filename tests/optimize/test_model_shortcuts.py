"""The solve's shortcuts give what the long way gives (issue 18, the medium solve in 15 ms).

- Row names are written only when read (:class:`trimtab.optimize.rows.Names`): a model's names
  are its families' names, in order, and reading one family's name writes no other family's.
- The whole-share repair scores its one-share moves together (``_State.scores``): each score is
  the very float the one-at-a-time ``_State.score`` gives, so the repair picks the same move.
- The ticket step prices a kept plan at the model's costs instead of solving the LP again
  (``engine._fewer_tickets``): the LP-first solution's objective is its cost c·x.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from helpers.generated import generated
from trimtab.optimize.engine import lp_first
from trimtab.optimize.inputs import plan_inputs
from trimtab.optimize.model import build_model
from trimtab.optimize.partial_wash_rows import partial_wash_rows
from trimtab.optimize.relief_rows import relief_order_rows
from trimtab.optimize.rounding import _moves, _State, _unit_costs, _WholeTrades
from trimtab.optimize.rows import FAMILIES, Names


def test_names_are_written_once_and_only_when_read() -> None:
    written: list[str] = []

    def family(tag: str, count: int) -> Names:
        def write() -> list[str]:
            written.append(tag)
            return [f"{tag}[{i}]" for i in range(count)]

        return Names(count, write=write)

    # three families of 2, 0 and 3 rows: the model's rows 0–1, then 2–4
    first, empty, last = family("a", 2), family("b", 0), family("c", 3)
    model = Names(5, parts=[first, empty, last])
    assert len(model) == 5 and written == []  # the count needs no name
    assert model[3] == "c[1]"  # row 3 is the last family's second (3 − 2 rows before it)
    assert written == ["c"]  # only that family was written
    assert model[-1] == "c[2]" and written == ["c"]  # written once
    assert list(model) == ["a[0]", "a[1]", "c[0]", "c[1]", "c[2]"]
    assert written == ["c", "a", "b"]  # reading them all writes the others, each once
    with pytest.raises(IndexError):
        model[5]


@pytest.mark.parametrize("index", range(3))
def test_a_models_names_are_its_families_names_in_order(tmp_path: Path, index: int) -> None:
    h = generated(tmp_path, index)
    p = plan_inputs(h, h.settings.mode)
    model = build_model(p)
    lay = model.layout
    families = (*FAMILIES, relief_order_rows, partial_wash_rows)
    expected = tuple(name for family in families for name in family(p, lay).names)
    assert len(model.rows.names) == model.rows.lower.size == len(expected)
    assert tuple(model.rows.names) == expected
    assert model.rows.names[model.family("cash_rows").start] == f"cash[{p.accounts[0].account}]"


@pytest.mark.parametrize("index", range(8))
def test_moves_scored_together_are_the_floats_scored_one_by_one(tmp_path: Path, index: int) -> None:
    h = generated(tmp_path, index)
    p = plan_inputs(h, h.settings.mode)
    lp = lp_first(p)
    assert lp.solution.optimal
    x = lp.solution.x
    trades = _WholeTrades.of(lp.inputs, lp.model.layout, x)
    if trades.count == 0:
        return
    state = _State.of(lp.inputs, lp.model, x, trades)
    cost = _unit_costs(lp.model, x, trades)
    shares = np.where(cost < 0, trades.high, np.round(trades.lp))
    trials = _moves(trades, shares)
    together = state.scores(trials)
    # bit for bit: the repair compares scores a billionth of a dollar apart
    assert [float(v) for v in together] == [state.score(trial.copy()) for trial in trials]
    # each trial is one trade a share down or up from ``shares``, within its low and high
    changed = trials != shares
    assert (changed.sum(axis=1) == 1).all()
    assert np.isin(np.abs(trials[changed] - shares[np.nonzero(changed)[1]]), [1.0]).all()


@pytest.mark.parametrize("index", range(6))
def test_the_lp_first_objective_is_the_cost_of_its_solution(tmp_path: Path, index: int) -> None:
    h = generated(tmp_path, index)
    lp = lp_first(plan_inputs(h, h.settings.mode))
    assert lp.solution.optimal
    cost = float(lp.model.cost @ lp.solution.x)
    # HiGHS sums c·x in its own order: equal to a millionth of a dollar per thousand
    assert lp.solution.objective == pytest.approx(cost, rel=1e-9, abs=1e-6)
