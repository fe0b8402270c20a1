"""The plan prices what the tax code charges (issue 20, items 1 and 2; trimtab.optimize.tax_term).

Item 1, brackets: the model's tax is the household's exact curve at the plan's gains, not a
rate probed with $1,000, so a couple in the 0 % long-term bracket no longer sees large gains
as free. Item 2, offsetting losses: a loss sold beside gains saves tax at the rate of the gains
it offsets, and a net loss is worth the ordinary rate up to the $3,000 limit.

Both households are 2026, married filing jointly, 60,000 of ordinary taxable income, no state
tax: long-term gains are taxed at 0 % up to taxable income 98,900 (38,900 of gain), then 15 %;
a net loss is deducted at 12 % (Rev. Proc. 2025-32). ETF sales pay a 2 bp half-spread out of
their proceeds ($0.10 a share at $500). In band mode a class outside its band is brought back
to half its band: large cap 40 % ± 2.5 points.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers.plan_households import planned
from trimtab import load_household
from trimtab.explain.location_review import location_review
from trimtab.explain.plan import PlanReport, build_report
from trimtab.model.enums import FilingStatus
from trimtab.model.household import Household
from trimtab.optimize.plan import optimize

# The breakeven horizon is off: the tax curve's scenarios price the gains a plan realizes, not
# whether they pay back (issue 21 item 3, tests/optimize/test_plan_pays_back.py); and cash
# going to work is off, as in every scenario written before it (tests/helpers/plan_households):
# the plans below buy BND up to the band, not to the target (issue 21 item 2,
# tests/optimize/test_plan_invest_cash.py).
HEADER = """\
format: trimtab.household/1
name: Couple
as_of: 2026-11-24
tax: {year: 2026, filing_status: married_joint, ordinary_taxable_income: 60000}
owners: [{id: pat, birth_date: 1970-01-01}]
targets: {us_large_cap: 40, ig_bonds: 60}
prices: {IVV: 500, VOO: 500, BND: 75}
settings: {location_weight: 0, breakeven_horizon_years: 0, invest_cash: off}
accounts:
"""


def _household(tmp_path: Path, accounts: str) -> Household:
    path = tmp_path / "h.yaml"
    path.write_text(HEADER + accounts)
    return load_household(path)


def _trades(report: PlanReport) -> list[tuple[str, str, str, Decimal, list[tuple[str, Decimal]]]]:
    return [
        (
            t.account,
            t.action.value,
            t.symbol,
            t.quantity,
            [(sale.lot_id, sale.quantity) for sale in t.lots],
        )
        for t in report.plan.trades
    ]


def _estimate(h: Household) -> tuple[Decimal, Decimal]:
    """The model's tax for its plan and the exact tax engine's (marginal.total)."""
    o = optimize(h, h.settings.mode)
    report = build_report(h, o.inputs, o.decoded, o.status, location=location_review(h))
    return o.tax_estimate, report.whatif.marginal.total


BRACKET = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: A, acquired: 2015-01-05, quantity: 300, cost: 30000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: VOO, quantity: 100}
      - {symbol: BND, quantity: 400}
"""


def test_gains_past_the_zero_rate_cost_fifteen_percent(tmp_path: Path) -> None:
    # Household 150,000 of IVV (gain 400 a share) + IRA 50,000 of VOO + 30,000 of BND =
    # 230,000; large cap 200,000 = 87 %. Back to 42.5 %: at most 97,750, so 102,250 sold.
    # The IRA's 100 VOO (50,000) cost no tax; the rest, 52,250, is 104.5 → 105 IVV shares.
    # Gain 105 × 400 − 10.50 of half-spread = 41,989.50: 38,900 at 0 %, 3,089.50 at 15 % =
    # 463.43. With a rate probed at $1,000 (0 %) the plan sold 205 IVV and nothing in the IRA:
    # gain 81,979.50, tax (81,979.50 − 38,900) × 15 % = 6,461.93.
    h = _household(tmp_path, BRACKET)
    report = planned(h)
    assert _trades(report) == [
        ("brokerage", "sell", "IVV", Decimal(105), [("A", Decimal(105))]),
        ("ira", "sell", "VOO", Decimal(100), []),
        ("brokerage", "buy", "BND", Decimal(698), []),  # 52,350 of 52,489.50 of cash
        ("ira", "buy", "BND", Decimal(666), []),  # 49,950 of 49,990
    ]
    assert report.whatif.marginal.total == Decimal("463.425")
    estimate, _ = _estimate(h)
    assert estimate == Decimal("463.43")  # the model's, to the cent


DEDUCTION = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: G, acquired: 2015-01-05, quantity: 100, cost: 10000}
          - {id: L, acquired: 2024-06-03, quantity: 40, cost: 24000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: VOO, quantity: 100}
      - {symbol: BND, quantity: 600}
"""


def test_a_net_loss_is_worth_the_ordinary_rate_up_to_the_limit(tmp_path: Path) -> None:
    # Household 70,000 of IVV (G: +400 a share; L: −100 a share) + 50,000 of VOO + 45,000 of
    # BND = 165,000; large cap 120,000 = 73 %. Back to 42.5 % (70,125): 100 shares to sell.
    # Selling L's 40 shares realizes −4,004 (−4,000 and 4.00 of half-spread); with 60 VOO the
    # year's net is −4,004: 3,000 is deducted at 12 % = −360, and 1,004 carries over. The
    # net-gain curve falls from 12 % to 0 % at zero (a concave kink): the engine solves both
    # sides and the net-loss side wins by 360. Priced at the probed rate (0 %, a loss worth
    # nothing) the plan sold 100 shares of G instead: gain 39,990, of which 1,090 above the
    # 0 % rate: tax +163.50. (Past the $3,000 limit a share of G, taxed at 0 %, costs the same
    # as a share of VOO in the IRA; the 60th share sold is VOO's since its proceeds buy BND,
    # which the IRA holds, where L's buy it in the brokerage, which does not: the tie-break
    # for the fund already held, issue 21 item 7. It was one share of G, +399.90, carrying
    # 604.10.) The IRA's 60 VOO, net 29,994, buy 399 BND (29,930.99; 400 would cost 30,006);
    # L's 19,996 buy 266 in the brokerage (19,953.99; 267 would cost 20,029.01).
    h = _household(tmp_path, DEDUCTION)
    report = planned(h)
    assert _trades(report) == [
        ("brokerage", "sell", "IVV", Decimal(40), [("L", Decimal(40))]),
        ("ira", "sell", "VOO", Decimal(60), []),
        ("brokerage", "buy", "BND", Decimal(266), []),
        ("ira", "buy", "BND", Decimal(399), []),
    ]
    marginal = report.whatif.marginal
    assert marginal.total == Decimal("-360.00")
    assert marginal.capital_loss_deduction == Decimal(3000)
    assert marginal.carryforward_out_long == Decimal("1004.00")
    estimate, _ = _estimate(h)
    assert estimate == Decimal("-360.00")


SINGLE, MFS, QSS = (
    FilingStatus.SINGLE,
    FilingStatus.MARRIED_SEPARATE,
    FilingStatus.QUALIFYING_SURVIVING_SPOUSE,
)


EXAMPLES = int(os.environ.get("TRIMTAB_TAX_CURVE_EXAMPLES", "25"))  # 1,000 before a release


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=60),
    status=st.sampled_from(list(FilingStatus)),
    income=st.sampled_from([30_000, 60_000, 95_000, 180_000, 260_000, 520_000]),
    realized_short=st.sampled_from([0, 1_500, 20_000]),
    realized_long=st.sampled_from([0, 9_500, 40_000]),
    carried=st.sampled_from([0, 2_500, 30_000]),
)
# Found at 150 examples and more (tests/optimize/test_tax_term_bounds.py and
# tests/tax/test_wash_same_day_parts.py give the hand arithmetic): the ordinary part crossing
# the 0 % top, priced on levelled pieces (−370.23 against −614.40; MFS −1,039.13 against
# −1,873.50; QSS −5,163.05 against −5,581.62); "Unbounded" from a last ordinary piece at
# −3 %; a replacement lot sold the same day selling its washed part (−216.56 against −233.61;
# −2,819.33 against −2,912.20); decoding refilling a position's lots at the linear rates, not
# the lots the model chose (−1,539.88 against −1,521.18; tests/optimize/test_decode_model_lots.py).
@example(seed=0, status=SINGLE, income=30_000, realized_short=20_000, realized_long=0, carried=0)
@example(seed=14, status=SINGLE, income=30_000, realized_short=20_000, realized_long=0, carried=0)
@example(seed=51, status=MFS, income=30_000, realized_short=20_000, realized_long=0, carried=0)
@example(
    seed=43, status=QSS, income=95_000, realized_short=20_000, realized_long=40_000, carried=2_500
)
@example(
    seed=5,
    status=FilingStatus.HEAD_OF_HOUSEHOLD,
    income=30_000,
    realized_short=20_000,
    realized_long=40_000,
    carried=30_000,
)
@example(
    seed=33, status=MFS, income=260_000, realized_short=1_500, realized_long=9_500, carried=2_500
)
@example(
    seed=27,
    status=FilingStatus.MARRIED_JOINT,
    income=260_000,
    realized_short=20_000,
    realized_long=0,
    carried=2_500,
)
@example(  # two lots half sold at the 0 % bracket's top: decode fills the cheaper one first
    seed=31,
    status=FilingStatus.SINGLE,
    income=30_000,
    realized_short=0,
    realized_long=0,
    carried=2_500,
)
# Found at 3,000 examples (a sweep of this test's space, about 0.4 % of households): decoding
# refilled a position the model had sold two lots of in part cheapest first at the linear
# rates, across a kink of the year's curves: seed 42 (the $3,000 limit: −62.14 and −426.77
# against the model's −510.00; tests/optimize/test_decode_model_lots.py), seed 4 (short-term
# gains netted to zero: 1.63 against 18.08); whole shares at a kink (seed 20: 44.56 against the
# solution's 39.46; the estimate is now taken at the decoded trades); a priced partial wash
# whose lots decoding sold in another order than the model, the pool washing another lot's
# shares (seed 55: −875.10 against −1,095.00, −715.45 against −730.00); seed 7 keeps the
# estimate of a pool's lots on the pool (counted on the washed part's gain as sold, a fill of
# another order read −5,522.23 against −5,381.33).
@example(
    seed=42,
    status=FilingStatus.MARRIED_JOINT,
    income=30_000,
    realized_short=0,
    realized_long=0,
    carried=0,
)
@example(seed=42, status=MFS, income=30_000, realized_short=1_500, realized_long=0, carried=0)
@example(
    seed=4,
    status=FilingStatus.MARRIED_JOINT,
    income=60_000,
    realized_short=20_000,
    realized_long=9_500,
    carried=0,
)
@example(
    seed=20,
    status=FilingStatus.HEAD_OF_HOUSEHOLD,
    income=30_000,
    realized_short=0,
    realized_long=0,
    carried=0,
)
@example(
    seed=55,
    status=SINGLE,
    income=260_000,
    realized_short=20_000,
    realized_long=9_500,
    carried=30_000,
)
@example(seed=55, status=MFS, income=30_000, realized_short=0, realized_long=9_500, carried=0)
@example(
    seed=7, status=SINGLE, income=180_000, realized_short=20_000, realized_long=40_000, carried=0
)
def test_the_model_estimates_the_exact_tax_of_its_plan(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    status: FilingStatus,
    income: int,
    realized_short: int,
    realized_long: int,
    carried: int,
) -> None:
    # On generated households with a random return, the tax the model puts on its plan is the
    # exact engine's marginal tax within max($5, 1 %) (issue 20, Done means), plans that sell
    # into a priced partial wash included: the model's pool leaves out the replacement shares
    # the plan sells the same day, as the tax engine does (optimize/partial_wash.py).
    from dataclasses import replace

    from helpers.generated import generated

    h = generated(tmp_path_factory.mktemp("h"), seed)
    profile = replace(
        h.tax,
        filing_status=status,
        ordinary_taxable_income=Decimal(income),
        realized_short=Decimal(realized_short),
        realized_long=Decimal(realized_long),
        carryforward_long=Decimal(carried),
    )
    estimate, exact = _estimate(replace(h, tax=profile))
    assert abs(estimate - exact) <= max(Decimal(5), abs(exact) / 100), (estimate, exact)
