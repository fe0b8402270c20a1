"""Whole shares from the LP's fractions (trimtab.optimize.rounding), both ways.

The nearest rounding (households whose LP has more than 600 columns) must leave what the LP
reached intact: every account's cash non-negative, no trade below its minimum, every class
the LP brought inside its band still inside, and whole shares whole. The test applies it
directly to the LP of seeded generated households (smaller ones too, where the engine itself
would use the rounding model) and explains the result, which checks the plan's invariants.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers.generated import generated
from trimtab.explain.location_review import location_review
from trimtab.explain.plan import build_report
from trimtab.optimize.decode import decode
from trimtab.optimize.engine import lp_first
from trimtab.optimize.inputs import plan_inputs
from trimtab.optimize.rounding import _least, round_nearest


@pytest.mark.parametrize("index", range(8))
def test_the_nearest_rounding_keeps_cash_minimums_bands_and_whole_shares(
    tmp_path: Path, index: int
) -> None:
    h = generated(tmp_path, index)
    p = plan_inputs(h, h.settings.mode)
    lp = lp_first(p)
    assert lp.solution.optimal
    x = round_nearest(p, lp.model, lp.solution.x)
    if x is None:  # the repair did not settle it: the engine takes the rounding model
        return
    decoded = decode(p, lp.model, x)
    report = build_report(h, p, decoded, "test", location=location_review(h))  # invariants
    for u, q in decoded.sells:
        assert not u.whole or q == q.to_integral_value() or u.held != u.held.to_integral_value()
    for b, q in decoded.buys:
        assert not b.whole or q == q.to_integral_value()
    for a in report.plan.accounts:
        assert a.cash_after >= 0
    minimum = {
        a.account: m
        for a, m in zip(p.accounts, (p.min_trade[a.account] for a in p.accounts), strict=True)
    }
    for t in report.plan.trades:
        assert t.amount >= minimum[t.account] - Decimal("0.01") or t.reason.value == "order"
    lay = lp.model.layout
    reached = {
        b.asset_class
        for k, b in enumerate(p.bands)
        if lp.solution.x[lay.over + k] + lp.solution.x[lay.under + k] < 0.01
    }
    outside = {r.asset_class for r in report.drift_after.rows if r.outside}
    assert not (outside & reached), outside & reached


def test_a_fractional_buy_at_the_minimum_trade_is_not_rounded_below_it() -> None:
    # $100.00 of a fund at $180.61 is 0.5536791… shares: six places down give 0.553679,
    # worth 0.553679 × 180.61 = $99.99996, below a $100 minimum trade; up, 0.553680, worth
    # $100.0001 (the solver bought exactly the minimum, small-10 of the benchmark)
    from trimtab.optimize.decode import _buy_quantity
    from trimtab.optimize.units import BuyCandidate

    fund = BuyCandidate(account="a", symbol="SWPPX", price=Decimal("180.61"), whole=False)
    shares = _buy_quantity(fund, 100 / 180.61, Decimal(100))
    assert shares == Decimal("0.553680")
    assert shares * fund.price >= 100
    # an ordinary fraction still rounds down: $250 is 1.3841979… shares → 1.384197
    assert _buy_quantity(fund, 250 / 180.61, Decimal(100)) == Decimal("1.384197")


def test_a_trade_under_a_share_may_round_to_none_when_one_share_meets_the_minimum() -> None:
    # The rounding box's least whole shares (optimize/rounding.py `_least`): 0.507 of a
    # $490.22 share is $248.54, above a $100 minimum; one share ($490.22) meets the minimum,
    # so the box runs from no trade (0) to the ceiling (1), not from 1: a Roth with $248.37
    # of cash cannot pay for the share, and no trade is a whole-share rounding of it.
    assert _least(0.507, 490.22, 100.0) == 0
    # 5.5 shares of $10 under a $30 minimum: one below the floor (4) is above the three
    # shares the minimum needs, so 4; 3.2 shares: one below the floor is 2, under the
    # minimum's 3, so 3 (no trade would need the exact model's indicator)
    assert _least(5.5, 10.0, 30.0) == 4
    assert _least(3.2, 10.0, 30.0) == 3
    # a trade the LP left below its minimum already rounds to none: 0.5 × $10 < $30
    assert _least(0.5, 10.0, 30.0) == 0
