"""Tax is spent only where it pays (issue 21 item 3), with the numbers worked by hand.

Rates: 2026, single, 90,000 of ordinary income, no state: long-term gains 15 %. Drift cost
½γV dᵀΣd with γ = 3 and the shipped Σ (src/trimtab/data/markets/assumptions.yaml):
σ_large 0.157, σ_bonds 0.049, σ_cash 0.006; ρ(large, bonds) 0.11, ρ(large, cash) −0.04,
ρ(bonds, cash) 0.10. So Σ_LL = 0.024649, Σ_BB = 0.002401, Σ_CC = 0.000036,
Σ_LB = 0.11 × 0.157 × 0.049 = 0.00084623, Σ_LC = −0.04 × 0.157 × 0.006 = −0.00003768,
Σ_BC = 0.10 × 0.049 × 0.006 = 0.0000294. Targets 50 % large cap, 50 % bonds, bands 45–55 %;
ETF half-spreads 2 bp.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.analysis.breakeven import drift_cost
from trimtab.rules.markets import load_markets

GAMMA = Decimal(3)
TEN = "{breakeven_horizon_years: 10}"  # the default (the scenario helper turns it off)

# One taxable account: 112 IVV × 500 = 56,000 bought at 50 a share (a 90 % gain), 584 BND
# × 75 = 43,800 at cost, 200 of cash: V = 100,000, large cap 56 % (a point over its band),
# bonds 43.8 % (1.2 points under).
TAXABLE_ONLY = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 200
    holdings:
      - symbol: IVV
        lots: [{id: E1, acquired: 2015-01-05, quantity: 112, cost: 5600}]
      - symbol: BND
        lots: [{id: B1, acquired: 2020-01-06, quantity: 584, cost: 43800}]
"""


def trades(report):  # type: ignore[no-untyped-def]
    return [(t.action.value, t.symbol, t.quantity) for t in report.plan.trades]


def test_a_breach_whose_tax_takes_decades_to_pay_back_is_left_and_named(tmp_path: Path) -> None:
    # With the horizon off the plan sells 7 IVV (3,500: large cap 52.5 %, the LP's aim half a
    # band inside) and buys 49 BND (3,675 × 1.0002 = 3,675.735). Gain: 7 × (500 × 0.9998 −
    # 50) = 3,149.30 long-term, tax 15 % = 472.395; costs 0.70 + 0.735 = 1.435: 473.83.
    off = planned(household(tmp_path, TAXABLE_ONLY, settings="{breakeven_horizon_years: 0}"))
    assert trades(off) == [("sell", "IVV", Decimal(7)), ("buy", "BND", Decimal(49))]
    assert off.whatif.marginal.total == Decimal("472.395")
    assert off.breakeven.tax_and_costs == Decimal("473.830")
    # Its benefit. Before: d = (+0.06, −0.062, +0.002 cash):
    # dᵀΣd = 0.0036 × 0.024649 + 0.003844 × 0.002401 + 0.000004 × 0.000036
    #      + 2 (0.06 × −0.062 × 0.00084623 + 0.06 × 0.002 × −0.00003768
    #           + −0.062 × 0.002 × 0.0000294)
    #      = 0.0000887364 + 0.000009229444 + 0.000000000144 − 0.00000630988 = 0.0000916537024,
    # ½ × 3 × 100,000 × that = 13.74805536 a year. After (V = 100,000 − 1.435 = 99,998.565):
    # large 52,500 / V − 0.5 = 0.0250075, bonds 47,475 / V − 0.5 = −0.0252432, cash
    # (200 + 3,499.30 − 3,675.735) / V = 0.0002357: dᵀΣd = 0.0000158757, ½ × 3 × V × that =
    # 2.38132 a year. Benefit 13.74806 − 2.38132 = 11.36674 a year: 473.83 / 11.36674 = 41.7
    # years to pay back.
    assert round(off.breakeven.annual_benefit, 5) == Decimal("11.36674")
    # The default horizon is 10 years: 10 × 11.37 − 473.83 < 0, and the plan that pays half
    # the tax (3 IVV: tax 202.455, costs 0.635; its benefit 6.04, see below) is worth
    # 10 × 6.04 − 203.09 < 0 too: the plan that pays none (nothing to trade tax-free) stands.
    report = planned(household(tmp_path, TAXABLE_ONLY, settings=TEN))
    assert report.plan.trades == ()
    warnings = {w.kind: w.message for w in report.plan.warnings}
    assert warnings["breakeven_holds"] == (
        "the plan leaves US Large Cap Equity 1.00 points ($1,000.00) outside; Investment Grade "
        "Bonds 1.20 points ($1,200.00) outside: bringing them inside would take $473.83 more "
        "tax and costs ($472.40 of tax in all) for $11.37 a year less drift cost, a payback of "
        "41.7 years, longer than the 10-year breakeven horizon (`breakeven_horizon_years`); a "
        "longer horizon, lots with smaller gains, or room to trade in a tax-advantaged account "
        "would change the answer"
    )
    left = [w.message for w in report.plan.warnings if w.kind == "class_left_outside"]
    assert len(left) == 2 and all("breakeven horizon" in m for m in left)


def test_a_longer_horizon_buys_the_part_that_pays(tmp_path: Path) -> None:
    # At 50 years the full plan is worth 50 × 11.36674 − 473.83 = 94.51. The plan held to half
    # its tax (236.20) sells 3 IVV (1,500, tax 3 × 449.90 × 15 % = 202.455; a 4th share would
    # make it 269.94) and buys 67 SCHZ at 25 with the 1,499.70 (1,675 × 1.0002 = 1,675.335 ≤
    # 1,699.70; a 68th would not fit): large cap 54,500 / 99,999.365 = 54.50 %, inside its
    # band, bonds 45,475 / 99,999.365 = 45.48 %. Its drift: d = (0.0450035, −0.0452471,
    # 0.0002437): dᵀΣd = 0.0000499219 + 0.0000049156 + 0.0000000000 − 0.0000034478 =
    # 0.0000513897, ½ × 3 × 99,999.365 × that = 7.7084 against 13.7481 before: 6.0397 a year;
    # worth 50 × 6.0397 − 203.09 = 98.90 > 94.51.
    report = planned(household(tmp_path, TAXABLE_ONLY, settings="{breakeven_horizon_years: 50}"))
    assert trades(report) == [("sell", "IVV", Decimal(3)), ("buy", "SCHZ", Decimal(67))]
    assert report.whatif.marginal.total == Decimal("202.455")
    assert round(report.breakeven.annual_benefit, 4) == Decimal("6.0397")
    assert not [w for w in report.plan.warnings if w.kind == "breakeven_holds"]


# A harvest that would swing the allocation: IVV 95 × 500 = 47,500 (large cap 47.5 %), BND
# 700 × 75 = 52,500 (52.5 %) bought at 60,000 (a loss of 10.71 a share); no other bond fund
# may be bought, and BND itself not (a wash), so a harvest's proceeds go to IVV or cash (whose
# band is 0–1 %).
SWING = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{id: E1, acquired: 2015-01-05, quantity: 95, cost: 47500}]
      - symbol: BND
        lots: [{id: B1, acquired: 2022-01-06, quantity: 700, cost: 60000}]
"""
NO_OTHER_BONDS = (
    "restrictions: [{symbol: AGG, no_buy: true, reason: client}, "
    "{symbol: SCHZ, no_buy: true, reason: client}]\n"
)


def test_a_plan_never_makes_the_drift_cost_worse(tmp_path: Path) -> None:
    # Before: d = (−0.025, +0.025): dᵀΣd = 0.000625 × (0.024649 + 0.002401 − 2 × 0.00084623)
    # = 0.0000158484625, ½ × 3 × 100,000 × that = 2.37727 a year. Inside the bands the model
    # prices no drift, so without the guard the harvest runs to the band's edge: 100 BND sold
    # (bonds 45 %) and 13 IVV bought (large cap 54 %, cash 1 %): d = (0.04, −0.05, 0.01),
    # dᵀΣd = 0.0000394384 + 0.0000060025 + 0.0000000036 + 2 (−0.00000169246 − 0.00000001507
    # − 0.0000000147) = 0.0000420000: 6.30 a year, worse than before. The guard holds the
    # plan to the drift cost it started from (within 0.50 a year): 80 BND sold (6,000, net
    # 5,998.80), 10 IVV bought (5,001.00): large cap 52.5 %, bonds 46.5 %, cash 1.0 %:
    # d = (0.025, −0.035, 0.01), dᵀΣd = 0.0000154056 + 0.0000029412 + 0.0000000036
    # + 2 (−0.00000074045 − 0.00000000942 − 0.00000001029) = 0.0000168301: 2.52 a year.
    report = planned(household(tmp_path, SWING, extra=NO_OTHER_BONDS, settings=TEN))
    assert trades(report) == [("sell", "BND", Decimal(80)), ("buy", "IVV", Decimal(10))]
    markets = load_markets()
    before = drift_cost(report.drift_before, markets, GAMMA)
    after = drift_cost(report.drift_after, markets, GAMMA)
    assert round(before, 5) == Decimal("2.37727")
    assert round(after, 2) == Decimal("2.53") and after - before <= Decimal("0.5")
    # the harvest: 80 × (75 × 0.9998 − 85.714286) = −858.34 long-term; with no other gain the
    # net loss is deducted from ordinary income (Schedule D line 21) at 22 %: 188.84 less tax.
    # The loss is taken, only less of it than at the band's edge (100 BND: −1,072.93).
    assert round(report.plan.trades[0].long_term_gain, 2) == Decimal("-858.34")
    assert round(report.whatif.marginal.total, 2) == Decimal("-188.84")
