"""New money and sale proceeds go to work (issue 21, item 2): the `invest_cash` setting.

Inside a band a buy only costs, so with the setting off a contribution is invested only as far
as the cash band's edge. With it on (the default), cash above its target is invested in the
classes below their targets, up to them (optimize/rows.py `target_rows`); what no whole share
can take stays.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab import load_household
from trimtab.optimize.model import build_model
from trimtab.optimize.objective import CASH
from trimtab.optimize.plan import optimize
from trimtab.pipeline import plan_household

IRA = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    cash: 5000
    holdings: [{symbol: IVV, quantity: 100}, {symbol: BND, quantity: 640}]
"""
TARGETS = "{us_large_cap: 48, ig_bonds: 47, cash: 5}"
CONTRIBUTION = "cash_flows:\n  - {account: ira, kind: contribution, amount: 10000}\n"


def _trades(report):  # type: ignore[no-untyped-def]
    return [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades]


def test_a_contribution_is_invested_up_to_the_targets(tmp_path: Path) -> None:
    # V after the flow = 5,000 + 10,000 + 100 × 500 + 640 × 75 = 113,000. Targets: large cap
    # 48 % = 54,240 (holds 50,000), bonds 47 % = 53,110 (holds 48,000), cash 5 % = 5,650
    # (holds 15,000). Every class is inside its band; cash's band is 3.75–6.25 %.
    off = planned(household(tmp_path, IRA, targets=TARGETS, extra=CONTRIBUTION))
    # Without the setting the cash goes only to its band's edge, all into bonds (the cheapest
    # spread a dollar): 106 BND, cash 15,000 − 106 × 75.015 = 7,048.41 (6.24 %), large cap
    # left 3.75 points under its target.
    assert _trades(off) == [("ira", "buy", "BND", Decimal(106))]
    assert off.plan.accounts[0].cash_after == Decimal("7048.41")
    on = planned(
        household(tmp_path, IRA, targets=TARGETS, settings="{invest_cash: on}", extra=CONTRIBUTION)
    )
    # With it: large cap up to its target, 50,000 + 500 n ≤ 54,240 → n = 8 (54,000; a 9th
    # share would pass the target); bonds 48,000 + 75 m ≤ 53,110 → m = 68 (53,100).
    # Cash 15,000 − 8 × 500.10 − 68 × 75.015 = 15,000 − 4,000.80 − 5,101.02 = 5,898.18: $248
    # above its target, less than one share of either fund can take without passing a target.
    assert _trades(on) == [("ira", "buy", "BND", Decimal(68)), ("ira", "buy", "IVV", Decimal(8))]
    assert on.plan.accounts[0].cash_after == Decimal("5898.18")
    after = {r.asset_class.value: r for r in on.drift_after.rows}
    assert not any(r.outside for r in on.drift_after.rows)
    assert after["cash"].current_pct < Decimal("5.23")  # 5,898.18 / 112,998.18 = 5.220 %


MENU = """\
format: trimtab.household/1
name: A menu without bonds
as_of: 2026-11-24
tax: {{year: 2026, filing_status: single, ordinary_taxable_income: 90000}}
owners:
  - {{id: pat, birth_date: 1980-01-01}}
targets:
  us_large_cap: 50
  ig_bonds: 50
prices: {{VOO: 500, BND: 75, FXAIX: 200}}
settings: {{invest_cash: on}}
accounts:
  - id: k401
    type: 401k
    owners: [pat]
    cash: 50000
    buy_menu: [FXAIX, VOO]
    holdings:
      - {{symbol: VOO, quantity: 100}}
"""


def test_cash_over_its_band_does_not_push_large_cap_past_its_band(tmp_path: Path) -> None:
    # A 401(k) that cannot buy bonds: V = 50,000 cash + 100 VOO × 500 = 100,000; cash 50 % is
    # outside its band (target 0: 0–1 %), large cap 50 % on its target (band 45–55), bonds 0.
    # Without the setting the plan bought 98 VOO (large cap 99 %); with it, before the drift
    # guard, 10 VOO (large cap to its band's edge: cash above its band costs λ − ι a dollar,
    # large cap above its band λ + π).
    # The drift guard (issue 21 item 3) holds the plan to the drift cost it started from: with
    # bonds at 0 (target 50 %) and cash at 50 %, d = (0, −0.5, +0.5) and a dollar share x of V
    # moved from cash into large cap changes dᵀΣd by x² (Σ_LL + Σ_CC − 2 Σ_LC) − x (Σ_CC +
    # Σ_LB − Σ_LC − Σ_BC) = 0.02476036 x² − 0.00089051 x (Σ_LL 0.024649, Σ_CC 0.000036, Σ_LB
    # 0.00084623, Σ_LC −0.00003768, Σ_BC 0.0000294): the first 3.6 % of large cap lowers it
    # (large cap moves with the missing bonds a little), more raises it. The guard cuts at
    # half its $0.50 a year: ½ × 3 × 100,000 × Δ = 0.25, Δ = 0.0000016667, x = (0.00089051 +
    # √(0.00089051² + 4 × 0.02476036 × 0.0000016667)) / (2 × 0.02476036) = 0.037749:
    # $3,774.9 of FXAIX (a fund: no spread, fractional) = 18.874 shares. Cash stays above its
    # band: more equity in place of the missing bonds would be more risk, not less.
    path = tmp_path / "h.yaml"
    path.write_text(MENU.format(), encoding="utf-8")
    report = plan_household(load_household(path))
    assert _trades(report) == [("k401", "buy", "FXAIX", Decimal("18.874161"))]
    # 18.874161 × 200 = 3,774.83; cash after 50,000 − 3,774.83 = 46,225.17
    assert report.plan.accounts[0].cash_after == Decimal("46225.1678")


ROOT = Path(__file__).resolve().parents[2]


def test_the_example_invests_its_contribution() -> None:
    # examples/household.yaml (the README's tour): the $10,000 contribution to joint-taxable
    # goes to work (`invest_cash`, on by default). With examples/keep-cash.yaml (the setting
    # off) the plan ends with
    # 18,255.65 + 2,675.79 + 300.00 + 0.02 = $21,231.45 of cash (unrounded: 21,231.4532),
    # $5,227.51 above its 3 % target of 533,464.91 (16,003.95). (It was $5,333.68 over before
    # issue 21 item 6 valued location in wealth terms and moved the Roth's and the joint
    # account's buys: other whole shares, other cents of cash.)
    path = ROOT / "examples" / "household.yaml"
    off = plan_household(load_household(path, settings_file=ROOT / "examples" / "keep-cash.yaml"))
    on = plan_household(load_household(path))
    for report, over in ((off, Decimal("5227.51")), (on, Decimal("22.09"))):
        cash = sum((a.cash_after for a in report.plan.accounts), Decimal(0))
        target = Decimal("0.03") * report.drift_after.total_value
        assert (cash - target).quantize(Decimal("0.01")) == over
    # By default: joint-taxable buys 48 VB ($12,470.40), 23 VTI ($7,622.20) and 157.686718 FSPSX
    # ($8,704.31) with the new money and the sales' proceeds (without it: 37 VB and 16 VTI).
    # Its cash: 12,500 + 10,000 contributed + VEA 11,570 − 2.314 + VWO 7,785 − 1.557 − FSPSX
    # 8,704.307 − VB 12,470.40 − 2.494 − VTI 7,622.20 − 1.524 = 13,050.20; the household's
    # 13,050.20 + 2,675.79 + 300.00 + 0.02 + 0.00 = 16,026.01 against 3 % × 533,463.88 =
    # 16,003.92: $22.09 over, less than one share of the cheapest fund the plan may buy (SCHH,
    # $22.10), and no class outside its band.
    bought = {(t.account, t.symbol, t.quantity) for t in on.plan.trades if t.action.value == "buy"}
    assert {("joint-taxable", "VB", Decimal(48)), ("joint-taxable", "VTI", Decimal(23))} <= bought
    joint = on.plan.accounts[0]
    assert (joint.account, joint.cash_after.quantize(Decimal("0.01"))) == (
        "joint-taxable",
        Decimal("13050.20"),
    )
    assert not any(r.outside for r in on.drift_after.rows)


STEERED = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 6000
    holdings:
      - symbol: IVV
        lots:
          - {id: G1, acquired: 2020-01-06, quantity: 100, cost: 30000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: AGG, quantity: 440}
"""


def test_new_money_buys_a_fund_whose_location_steering_costs_more_than_a_cent(
    tmp_path: Path,
) -> None:
    # V = 6,000 cash + 100 IVV × 500 + 440 AGG × 100 = 100,000; targets large cap 50 (holds
    # 50,000), bonds 45 (44,000: inside its band, $1,000 under target), cash 5 (6,000: inside
    # 3.75–6.25 %, $1,000 over). Only the brokerage has cash, and a bond bought there drags:
    # with `location_weight: 20` it costs 3.48 cents a dollar (steering, spread, churn), more
    # than a cent. Idle cash priced at a flat cent would stay idle (the plan was empty); ι is
    # the dearest buy's cost a dollar (the IRA's IVV, 4.42 cents) and a tenth of a cent,
    # 4.52 cents (optimize/objective.py _idle_price), so the
    # $1,000 goes to bonds, up to their target: 13 BND at $75 ($975.00 and $0.195 of
    # half-spread) leave cash $24.81 above its target, less than a share of the cheapest
    # whole-share fund (SCHZ, $25: a remainder no share can take costs nothing), and a 14th
    # would pass the bonds' target (45,050). 39 SCHZ cost the same; BND is first by symbol.
    h = household(
        tmp_path,
        STEERED,
        targets="{us_large_cap: 50, ig_bonds: 45, cash: 5}",
        settings="{location_weight: 20, invest_cash: on}",
    )
    o = optimize(h, h.settings.mode)
    model = build_model(o.inputs)
    lay = model.layout
    per_dollar = {
        (b.account, b.symbol): model.cost[lay.buy + j] / float(b.price)
        for j, b in enumerate(o.inputs.buys)
    }
    assert per_dollar[("brokerage", "BND")] > 0.03  # its steering, spread and churn
    idle = model.cost[lay.off_target + CASH]  # ι, as the objective prices idle cash
    assert idle > max(per_dollar.values())
    report = planned(h)
    assert _trades(report) == [("brokerage", "buy", "BND", Decimal(13))]
    assert report.plan.accounts[0].cash_after == Decimal("5024.8050")  # 6,000 − 975.195
