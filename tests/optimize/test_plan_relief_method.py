"""Accounts with a relief method (issue 20, item 4): their lots in the order the method sells them.

A taxable account with `relief_method` fifo, lifo, hifo, min_tax or average sells lots by that
method (the trade names none). The model sees each lot, in the method's order, and sells a
prefix of that order: the terms, costs, deferral and harvests are those of the lots the method
will take (docs/optimizer.md, "Relief-method accounts"; src/trimtab/optimize/relief_order.py).
Before, such a holding was one unit at the holding's average gain: a LIFO plan realized a
short-term gain under `no_short_term_gains`, a FIFO account never harvested its oldest lot's
loss, and the cheaper sale in another account was missed.

Rates (tests/helpers/plan_households.py: 2026, single, ordinary taxable income $90,000, no
state): a short-term gain at 22 %, a long-term gain at 15 %. ETFs pay a 2 bp half-spread: IVV at
$500 nets 500 × 0.9998 = $499.90 a share, VEA at $50 nets $49.99.
"""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers.plan_households import household, planned
from trimtab.cli import app
from trimtab.model import Mode
from trimtab.model.enums import SolverKind
from trimtab.optimize.engine import lp_first, solve_household
from trimtab.optimize.inputs import PlanInputs, plan_inputs
from trimtab.optimize.model import build_model
from trimtab.optimize.plan import optimize
from trimtab.optimize.relief_rows import out_of_order
from trimtab.optimize.solve import solve
from trimtab.pipeline import PlanOptions

PRICES = "{IVV: 500, BND: 75, AGG: 100, SCHZ: 25, VEA: 50, SCHF: 25, VFIAX: 500}"


def trades(report):  # type: ignore[no-untyped-def]
    return [(t.account, t.action.value, t.symbol, str(t.quantity)) for t in report.plan.trades]


def lots(report, symbol):  # type: ignore[no-untyped-def]
    """(lot, shares, gain, long-term) of each lot the plan's sale of ``symbol`` takes."""
    sale = next(t for t in report.plan.trades if t.symbol == symbol and t.action.value == "sell")
    return [(x.lot_id, str(x.quantity), str(x.gain), x.long_term) for x in sale.lots]


# --- LIFO and no_short_term_gains ------------------------------------------------------------

LIFO = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    relief_method: {method}
    holdings:
      - symbol: IVV
        lots:
          - {{id: A, acquired: 2020-03-02, quantity: 100, cost: 20000}}
          - {{id: B, acquired: 2026-10-01, quantity: 20, cost: 9600}}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: 10}}, {{symbol: BND, quantity: 400}}]
"""
# IVV 120 × 500 = 60,000 taxable + 10 × 500 = 5,000 in the IRA; BND 400 × 75 = 30,000: 95,000,
# large cap 68.4 % against 50 ± 5: the IRA's 10 IVV are not enough, the taxable account sells.
# Band mode stops band_buffer (0.5) of the width inside: large cap ≤ 52.5 % × 95,000 = 49,875,
# so 65,000 − 49,875 = 15,125 of IVV is sold: 30.25 → 31 shares, the IRA's 10 and 21 taxable.
# LIFO takes lot B (2026-10-01, $480 a share: a short-term gain of $20 a share) first.


def test_lifo_sells_its_latest_lot_first(tmp_path: Path) -> None:
    report = planned(household(tmp_path, LIFO.format(method="lifo"), prices=PRICES))
    assert trades(report) == [
        ("brokerage", "sell", "IVV", "21"),
        ("ira", "sell", "IVV", "10"),
        ("brokerage", "buy", "AGG", "104"),
        ("ira", "buy", "BND", "63"),
    ]
    # B: 20 × 499.90 − 9,600 = +398.00 short; then A: 499.90 − 200 = +299.90 long
    assert lots(report, "IVV") == [("B", "20", "398.0000", False), ("A", "1", "299.9000", True)]
    sale = report.plan.trades[0]
    assert sale.lots and "relief method (lifo)" in sale.rationale


def test_lifo_with_no_short_term_gains_never_realizes_one(tmp_path: Path) -> None:
    # LIFO's first lot is B, a short-term gain the setting forbids, so nothing of the taxable
    # IVV may be sold (lot A comes after B): the IRA sells its 10 IVV and the class stays
    # outside its band. (Before: the holding was one averaged unit, the setting did not apply,
    # and LIFO realized B's short-term gain.)
    settings = "{no_short_term_gains: on}"
    report = planned(
        household(tmp_path, LIFO.format(method="lifo"), settings=settings, prices=PRICES)
    )
    assert trades(report) == [("ira", "sell", "IVV", "10"), ("ira", "buy", "SCHZ", "199")]
    short, long = report.whatif.realization.gains_in_estimate()
    assert (short, long) == (0, 0)
    # large cap after: 60,000 of 95,000 less the costs ≈ 63.2 %: still outside its band
    assert any(r.outside for r in report.drift_after.rows)
    # where the optimizer picks the lots, lot A alone is sold: 21 × (499.90 − 200) = 6,297.90
    free = planned(
        household(tmp_path, LIFO.format(method="specific_id"), settings=settings, prices=PRICES)
    )
    assert lots(free, "IVV") == [("A", "21", "6297.9000", True)]


# --- FIFO harvests its oldest lot's loss -----------------------------------------------------

HARVEST = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    relief_method: {method}
    holdings:
      - symbol: VEA
        lots:
          - {{id: A, acquired: 2024-01-10, quantity: 200, cost: 12000}}
          - {{id: B, acquired: 2025-06-02, quantity: 100, cost: 1000}}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: 90}}, {{symbol: BND, quantity: 600}}]
"""
HARVEST_TARGETS = "{us_large_cap: 43, ig_bonds: 43, intl_developed: 14}"
# VEA 300 × 50 = 15,000 (14.3 %), IVV 45,000 and BND 45,000 (42.9 % each): every class inside.
# Lot A is a $2,000 long-term loss (16.7 % of its cost), lot B a $4,000 long-term gain: the
# holding as a whole is at a gain ($2,000), so the averaged unit harvested nothing.


def test_fifo_harvests_when_its_first_lots_are_the_loss(tmp_path: Path) -> None:
    report = planned(
        household(tmp_path, HARVEST.format(method="fifo"), targets=HARVEST_TARGETS, prices=PRICES)
    )
    # FIFO takes A first: all 200 shares, 200 × 49.99 = 9,998.00 − 12,000 = −2,002.00 long;
    # replaced by SCHF (FTSE Developed, another index): 9,998.00 / (25 × 1.0002) = 399.92 → 399
    assert trades(report) == [
        ("brokerage", "sell", "VEA", "200"),
        ("brokerage", "buy", "SCHF", "399"),
    ]
    assert lots(report, "VEA") == [("A", "200", "-2002.0000", True)]
    assert report.plan.trades[0].lots[0].wash_disallowed == 0
    # with no other gain the loss is deducted from ordinary income (under the $3,000 limit),
    # at 22 %: −2,002 × 22 % = −$440.44
    assert report.whatif.marginal.total == Decimal("-440.44")


def test_lifo_does_not_harvest_behind_a_gain(tmp_path: Path) -> None:
    # LIFO takes lot B (a $4,000 gain) before A: reaching the loss would realize
    # 100 × 49.99 − 1,000 = +3,999 first, more than the −2,002 loss: no trade.
    report = planned(
        household(tmp_path, HARVEST.format(method="lifo"), targets=HARVEST_TARGETS, prices=PRICES)
    )
    assert report.plan.trades == ()


# --- the cheaper sale in another account -----------------------------------------------------

ELSEWHERE = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    relief_method: fifo
    holdings:
      - symbol: IVV
        lots:
          - {id: A, acquired: 2015-01-05, quantity: 100, cost: 10000}
          - {id: B, acquired: 2025-02-03, quantity: 100, cost: 55000}
  - id: joint
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{id: J, acquired: 2018-06-01, quantity: 100, cost: 30000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 1200}]
"""
# IVV 300 × 500 = 150,000, BND 90,000: large cap 62.5 %, outside 50 ± 5; the IRA holds no IVV,
# so a taxable account sells about 49 shares. FIFO's first lot in brokerage is A, $400 a share
# of long-term gain ($60 of tax a share); joint's lot J is $200 a share ($30). The averaged unit
# of brokerage looked cheaper than J: (100 × 400 − 100 × 50) × 15 % / 200 = $26.25 a share.


def test_the_cheaper_sale_elsewhere_is_chosen_over_a_costly_prefix(tmp_path: Path) -> None:
    report = planned(household(tmp_path, ELSEWHERE, prices=PRICES))
    assert trades(report) == [("joint", "sell", "IVV", "49"), ("joint", "buy", "AGG", "240")]
    # J: 49 × 499.90 − 49 × 300 = 24,495.10 − 14,700 = +9,795.10 long-term, tax 15 %: 1,469.265
    # (brokerage's FIFO sale of 49 shares of A: 49 × 399.90 = +19,595.10, tax $2,939.27)
    assert lots(report, "IVV") == [("J", "49", "9795.1000", True)]
    assert report.whatif.marginal.total == Decimal("1469.265")


# --- HIFO: the order is the cheapest one, so the LP sells a prefix by itself ----------------

THREE_LOTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    relief_method: {method}
    holdings:
      - symbol: {symbol}
        lots:
          - {{id: A, acquired: 2019-05-01, quantity: 40, cost: 8000}}
          - {{id: B, acquired: 2024-01-10, quantity: 40, cost: 18000}}
          - {{id: C, acquired: 2026-09-01, quantity: 10, cost: 4800}}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: BND, quantity: 300}}]
"""
# 90 × 500 = 45,000 and BND 22,500: large cap 66.7 %. Costs a share: A $200, B $450, C $480
# (short-term until 2027-09-02). HIFO: C, B, A.


def test_hifo_sells_the_highest_cost_lots_first(tmp_path: Path) -> None:
    report = planned(household(tmp_path, THREE_LOTS.format(method="hifo", symbol="IVV")))
    assert trades(report) == [
        ("brokerage", "sell", "IVV", "20"),
        ("brokerage", "buy", "SCHZ", "383"),
    ]
    # C: 10 × 499.90 − 4,800 = +199.00 short; B: 10 × 499.90 − 10 × 450 = +499.00 long. Here
    # HIFO's order is also the least tax's (the spec-ID plan sells the same lots); FIFO would
    # sell A: 20 × (499.90 − 200) = +5,998.00 long
    assert lots(report, "IVV") == [("C", "10", "199.0000", False), ("B", "10", "499.0000", True)]
    # tax: 199 × 22 % + 499 × 15 % = 43.78 + 74.85 = 118.63
    assert report.whatif.marginal.total == Decimal("118.63")


def test_hifo_needs_no_branching_and_fifo_does(tmp_path: Path) -> None:
    # HIFO's order is the order of the tax a share (C $4.40, B $7.50, A $45.00): the first LP
    # already sells a prefix. FIFO's (A, B, C) is the dearest first: the LP sells C and B, out of
    # order, and the branch and bound settles it (it then sells A only).
    for method, settled in (("hifo", True), ("fifo", False)):
        p = plan_inputs(
            household(tmp_path, THREE_LOTS.format(method=method, symbol="IVV")), Mode.BAND
        )
        model = build_model(p)
        first = solve(model)
        assert (not out_of_order(model.layout, first.x)) is settled
        x = lp_first(p).solution.x
        assert not out_of_order(model.layout, x)
        assert _prefix(p, x)


# --- average cost: the average basis, the terms of the first acquired ------------------------


def test_average_cost_sells_at_the_average_basis_first_acquired_first(tmp_path: Path) -> None:
    report = planned(
        household(tmp_path, THREE_LOTS.format(method="average", symbol="VFIAX"), prices=PRICES)
    )
    # VFIAX (a mutual fund: no spread, fractional shares) at $500 pays for 383 SCHZ:
    # 383 × 25 × 1.0002 = 9,576.915 → 19.15383 shares
    assert trades(report) == [
        ("brokerage", "sell", "VFIAX", "19.153830"),
        ("brokerage", "buy", "SCHZ", "383"),
    ]
    # average basis (8,000 + 18,000 + 4,800) / 90 = 342.22… a share; the shares sold are deemed
    # the first acquired (lot A, long-term): 9,576.915 − 19.15383 × 30,800 / 90
    # = 9,576.915 − 6,554.866… = +3,022.05 (FIFO at A's own cost would be +5,746.15)
    ((lot_id, shares, gain, long_term),) = lots(report, "VFIAX")
    assert (lot_id, shares, long_term) == ("A", "19.153830", True)
    assert Decimal(gain).quantize(Decimal("0.01")) == Decimal("3022.05")


def test_average_cost_outside_mutual_funds_is_fifo(tmp_path: Path) -> None:
    # IVV is an ETF: the tax engine applies FIFO (with a warning), and so does the model: lot A
    # at its own cost, 20 × 499.90 − 20 × 200 = 9,998.00 − 4,000 = +5,998.00 long
    report = planned(household(tmp_path, THREE_LOTS.format(method="average", symbol="IVV")))
    assert lots(report, "IVV") == [("A", "20", "5998.0000", True)]
    assert any("mutual funds only" in w.message for w in report.plan.warnings)


# --- the exact engine respects the prefix too ------------------------------------------------

ONE_ACCOUNT = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    relief_method: fifo
    holdings:
      - symbol: IVV
        lots:
          - {id: A, acquired: 2015-01-05, quantity: 100, cost: 10000}
          - {id: B, acquired: 2025-02-03, quantity: 100, cost: 55000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 800}]
"""


def test_the_exact_engine_sells_a_prefix(tmp_path: Path) -> None:
    # Without joint, brokerage must sell. Its lot B is a loss, the cheapest lot by far (the
    # spec-ID plan sells it); FIFO takes A first, and the exact MILP's own solution sells A only.
    p = plan_inputs(household(tmp_path, ONE_ACCOUNT, prices=PRICES), Mode.BAND)
    solved = solve_household(p, SolverKind.EXACT)
    assert solved.solution.optimal
    sold = {
        u.lot_ids[0]: solved.solution.x[solved.model.layout.sell + i]
        for i, u in enumerate(solved.inputs.units)
        if u.account == "brokerage"
    }
    assert sold["A"] > 0 and sold["B"] == 0
    assert _prefix(solved.inputs, solved.solution.x)
    report = planned(
        household(tmp_path, ONE_ACCOUNT, prices=PRICES), PlanOptions(solver=SolverKind.EXACT)
    )
    assert [x.lot_id for x in report.plan.trades[0].lots] == ["A"]


def _prefix(p: PlanInputs, x: np.ndarray) -> bool:  # type: ignore[type-arg]
    """Every relief-method holding sells whole lots, then at most one in part, in its order."""
    by_holding: dict[tuple[str, str], list[tuple[int, float, float]]] = {}
    for i, u in enumerate(p.units):
        if u.relief_order >= 0:
            by_holding.setdefault((u.account, u.symbol), []).append(
                (u.relief_order, float(x[i]), float(u.held))
            )
    for members in by_holding.values():
        members.sort()
        for (_, sold, held), (_, after, _) in pairwise(members):
            if after > 1e-7 and sold < held - 1e-6:
                return False
    return True


# --- trimtab plan --relief-method ------------------------------------------------------------


def test_the_relief_method_flag_changes_the_plan(tmp_path: Path) -> None:
    # The household's brokerage is LIFO: no harvest (above). `--relief-method fifo` plans as if
    # it were FIFO: lot A's loss is harvested, and the rationale names the run's method.
    household(tmp_path, HARVEST.format(method="lifo"), targets=HARVEST_TARGETS, prices=PRICES)
    path = str(tmp_path / "h.yaml")
    lifo = CliRunner().invoke(app, ["plan", path, "--json"])
    assert lifo.exit_code == 0, lifo.output
    assert json.loads(lifo.stdout)["trades"] == []
    fifo = CliRunner().invoke(app, ["plan", path, "--json", "--relief-method", "fifo"])
    assert fifo.exit_code == 0, fifo.output
    document = json.loads(fifo.stdout)
    assert [(t["action"], t["symbol"], Decimal(t["quantity"])) for t in document["trades"]] == [
        ("sell", "VEA", 200),
        ("buy", "SCHF", 399),
    ]
    assert [x["lot_id"] for x in document["trades"][0]["lots"]] == ["A"]
    assert "--relief-method fifo" in document["trades"][0]["rationale"]
    bad = CliRunner().invoke(app, ["plan", path, "--relief-method", "best"])
    assert bad.exit_code == 2


# --- property: the model's lots are the tax engine's ------------------------------------------

RANDOM = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    relief_method: {method}
    holdings:
      - symbol: IVV
        lots:
{lots}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: {ira}}}, {{symbol: BND, quantity: {bnd}}}]
"""
DATES = ("2018-04-02", "2021-07-15", "2025-11-03", "2026-06-01", "2026-10-20")


@st.composite
def relief_households(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A taxable IVV holding of two to four lots (gains and losses, short and long) under a
    relief method, an IRA that may or may not cover the rebalance, `no_short_term_gains` or not."""
    method = draw(st.sampled_from(("fifo", "lifo", "hifo", "min_tax")))
    n = draw(st.integers(min_value=2, max_value=4))
    dates = draw(st.lists(st.sampled_from(DATES), min_size=n, max_size=n))
    lots = "\n".join(
        f"          - {{id: L{k}, acquired: {dates[k]}, "
        f"quantity: {draw(st.integers(10, 80))}, cost: {draw(st.integers(200, 700)) * 40}}}"
        for k in range(n)
    )
    text = RANDOM.format(
        method=method,
        lots=lots,
        ira=draw(st.integers(1, 40)),
        bnd=draw(st.integers(100, 600)),
    )
    return text, method, draw(st.booleans())


@settings(max_examples=30, deadline=None)
@given(relief_households())
def test_relief_plans_sell_the_methods_lots(case: tuple[str, str, bool]) -> None:
    # Whatever the lots, the plan's sale of the relief-method holding is what the model
    # decoded, lot for lot (the tax engine relieves it by the method, the model sold the same
    # prefix), the invariants hold (plan_household raises otherwise), and under
    # `no_short_term_gains` no lot is sold at a short-term gain.
    text, method, no_short = case
    with tempfile.TemporaryDirectory() as folder:
        settings_text = "{no_short_term_gains: on}" if no_short else "{}"
        h = household(Path(folder), text, settings=settings_text, prices=PRICES)
        optimized = optimize(h, Mode.BAND)
        decoded = {u.lot_ids[0]: q for u, q in optimized.decoded.sells if u.account == "brokerage"}
        report = planned(h)
    sales = [t for t in report.plan.trades if t.account == "brokerage" and t.lots]
    realized = {x.lot_id: x.quantity for t in sales for x in t.lots}
    assert realized == decoded, method
    if no_short:
        assert not [x for t in sales for x in t.lots if not x.long_term and x.gain > 0]
