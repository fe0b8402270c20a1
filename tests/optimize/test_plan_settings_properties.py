"""No setting makes the engine break its own invariants (issue 20, Done means).

On generated households (tests/helpers/generated.py) with a random combination of the settings
that change what the model may do (mode, buffer, harvesting and its thresholds, short-term
rules, washes from plan purchases, commission, minimum trades, tax budgets, breakeven,
untargeted and excluded holdings, location, a relief method on the taxable accounts), a plan
either comes out with every invariant of trimtab.explain.invariants checked (no short sale, no
negative cash, restrictions obeyed, value conserved, no unpriced wash sale: plan_household
checks them and raises InternalError, exit 70, on a violation) or is refused as infeasible
with its reasons (exit 3) — never an internal error.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.generated import generated
from trimtab.errors import InfeasibleError
from trimtab.model.enums import AccountType, Mode, ReliefMethod, TaxBudgetKind
from trimtab.model.settings import TaxBudget
from trimtab.pipeline import plan_household

MONEY = st.sampled_from([Decimal(0), Decimal(100), Decimal(2500)])


@st.composite
def _settings(draw: st.DrawFn) -> dict[str, object]:
    budget = draw(
        st.one_of(
            st.none(),
            st.builds(
                TaxBudget,
                kind=st.sampled_from(list(TaxBudgetKind)),
                amount=st.sampled_from([Decimal(0), Decimal(500), Decimal(5000)]),
            ),
        )
    )
    return {
        "mode": draw(st.sampled_from([m for m in Mode])),
        "band_buffer": draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1)])),
        "harvest": draw(st.booleans()),
        "harvest_min_loss": draw(MONEY),
        "no_short_term_gains": draw(st.booleans()),
        "defer_short_term_days": draw(st.sampled_from([0, 30, 90])),
        "plan_purchase_washes_permanently": draw(st.booleans()),
        "commission_per_trade": draw(st.sampled_from([Decimal(0), Decimal(5)])),
        "min_trade": draw(MONEY),
        "tax_budget": budget,
        "breakeven_horizon_years": draw(st.sampled_from([None, Decimal(1), Decimal(10)])),
        "sell_excluded": draw(st.booleans()),
        "liquidate_untargeted": draw(st.booleans()),
        "location_weight": draw(st.sampled_from([Decimal(0), Decimal(1)])),
    }


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=40),
    chosen=_settings(),
    relief=st.sampled_from([None, *ReliefMethod]),
)
def test_any_settings_give_a_plan_or_a_reason(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    chosen: dict[str, object],
    relief: ReliefMethod | None,
) -> None:
    h = generated(tmp_path_factory.mktemp("h"), seed)
    accounts = tuple(
        replace(a, relief_method=relief) if a.type is AccountType.TAXABLE else a for a in h.accounts
    )
    h = replace(h, settings=replace(h.settings, **chosen), accounts=accounts)
    try:
        report = plan_household(h)
    except InfeasibleError as refused:
        assert "no feasible plan" in str(refused)
        return
    # plan_household checked the invariants; the plan's accounts end with cash ≥ 0
    assert all(change.cash_after >= 0 for change in report.plan.accounts)
