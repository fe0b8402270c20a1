"""Issue 21 item 5: a rule that leaves a class outside its band is named in a warning.

Each scenario is a whole household file (line numbers matter: the warning points at the rule).
Transaction costs are the shipped half-spreads: 2 bp for VOO and BND (P1 sells $20,000 of VOO
for $4.00, P2 buys $19,950 of BND for $3.99). A warning's points are the class's percent after
the plan less its band's edge, its dollars those points of the value after the plan.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.analysis.drift import drift_table
from trimtab.errors import Problem
from trimtab.explain.outside import outside_warnings
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import Mode
from trimtab.pipeline import plan_household

HEADER = """\
format: trimtab.household/1
name: Left outside
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners:
  - {id: pat, birth_date: 1980-01-01}
targets:
  us_large_cap: 35
  ig_bonds: 65
prices: {VOO: 500, BND: 75, FXAIX: 200}
settings: {location_weight: 0}
accounts:
"""

BROKERAGE = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 0
    holdings:
      - symbol: VOO
        lots:
          - {id: L1, acquired: 2015-01-10, quantity: 1200, cost: 200}
      - symbol: BND
        lots:
          - {id: B1, acquired: 2020-01-10, quantity: 2000, cost: 80}
"""


def _plan(tmp_path: Path, text: str) -> PlanReport:
    path = tmp_path / "h.yaml"
    path.write_text(text, encoding="utf-8")
    return plan_household(load_household(path))


def _outside(report: PlanReport) -> list[Problem]:
    return [w for w in report.plan.warnings if w.kind == "class_left_outside"]


def _trades(report: PlanReport) -> list[tuple[str, str, str, Decimal]]:
    return [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades]


def test_a_used_up_yearly_allowance_is_named_with_its_reason(tmp_path: Path) -> None:
    report = _plan(
        tmp_path,
        HEADER
        + BROKERAGE
        + "restrictions:\n"
        + "  - {symbol: VOO, max_sell_per_year: 20000, reason: spread the gain over years}\n",
    )
    # 1,200 VOO at $500 = $600,000 (80 %) against 35 ± 5; the cap allows 40 shares ($20,000),
    # which buy 266 BND ($19,950): cash 20,000 − 4.00 − 19,950 − 3.99 = $42.01.
    assert _trades(report) == [
        ("brokerage", "sell", "VOO", Decimal(40)),
        ("brokerage", "buy", "BND", Decimal(266)),
    ]
    large, bonds = _outside(report)
    # After: 750,000 − 7.99 = 749,992.01. VOO 1,160 × 500 = 580,000 = 77.334 %, 37.33 points
    # over 40 %: 580,000 − 0.40 × 749,992.01 = $280,003.20. BND 2,266 × 75 = 169,950 = 22.660 %,
    # 37.34 points under 60 %: 0.60 × 749,992.01 − 169,950 = $280,045.21.
    assert large.message == (
        "US Large Cap Equity ends 37.33 points over its band (30.00–40.00 %), $280,003.20 beyond "
        "its edge: `max_sell_per_year` of $20,000.00 on VOO used up ($20,000.00 sold in the "
        "plan) ('spread the gain over years')"
    )
    assert (large.source.line, large.field) == (25, "targets.us_large_cap")  # the restriction
    assert bonds.message == (
        "Investment Grade Bonds ends 37.34 points under its band (60.00–70.00 %), $280,045.21 "
        "beyond its edge: the sales that would pay for it are held back (US Large Cap Equity)"
    )
    assert bonds.source.line == 25


def test_a_no_sell_rule_and_a_lockup_are_both_quoted(tmp_path: Path) -> None:
    report = _plan(
        tmp_path,
        HEADER
        + BROKERAGE
        + "  - id: ira\n    type: traditional_ira\n    owners: [pat]\n    cash: 0\n"
        + "    holdings:\n      - {symbol: FXAIX, quantity: 100}\n"
        + "restrictions:\n"
        + "  - {symbol: VOO, no_sell: true, reason: inherited from mother}\n"
        + "  - {symbol: FXAIX, no_sell_until: 2027-01-15, reason: plan blackout}\n",
    )
    # Nothing of large cap may be sold: no trade at all. 600,000 + 20,000 = 620,000 of
    # 770,000 = 80.519 %, 40.52 points over 40 %: 620,000 − 0.40 × 770,000 = $312,000.00.
    assert _trades(report) == []
    large, bonds = _outside(report)
    assert large.message == (
        "US Large Cap Equity ends 40.52 points over its band (30.00–40.00 %), $312,000.00 beyond "
        "its edge: `no_sell` on VOO ('inherited from mother'); FXAIX locked up until 2027-01-15 "
        "('plan blackout')"
    )
    assert large.source.line == 31  # the first rule named
    # BND 150,000 = 19.481 %, 40.52 points under 60 %: 462,000 − 150,000 = $312,000.00
    assert bonds.message == (
        "Investment Grade Bonds ends 40.52 points under its band (60.00–70.00 %), $312,000.00 "
        "beyond its edge: the sales that would pay for it are held back (US Large Cap Equity)"
    )


def test_a_no_buy_rule_is_named_and_the_other_side_points_to_it(tmp_path: Path) -> None:
    report = _plan(
        tmp_path,
        HEADER
        + BROKERAGE
        + "restrictions:\n"
        + "  - {symbol: BND, no_buy: true, reason: client distrusts bond funds}\n",
    )
    # BND, the only bond fund priced, may not be bought. The plan sells into cash up to its
    # band's top (1 %): 15 VOO, cash 7,500 − 1.50 = 7,498.50 of 749,998.50 (16 would be 7,998.40,
    # over 1 % of the value).
    assert _trades(report) == [("brokerage", "sell", "VOO", Decimal(15))]
    large, bonds = _outside(report)
    # BND 150,000 = 20.000 %, 40.00 points under 60 %: 0.60 × 749,998.50 − 150,000 = $299,999.10
    assert bonds.message == (
        "Investment Grade Bonds ends 40.00 points under its band (60.00–70.00 %), $299,999.10 "
        "beyond its edge: `no_buy` on BND ('client distrusts bond funds')"
    )
    assert bonds.source.line == 25
    # VOO 1,185 × 500 = 592,500 = 79.000 %, 39.00 points over 40 %: 592,500 − 299,999.40
    assert large.message == (
        "US Large Cap Equity ends 39.00 points over its band (30.00–40.00 %), $292,500.60 beyond "
        "its edge: the purchases that would take its proceeds are held back (Investment Grade "
        "Bonds)"
    )


def test_a_menu_without_the_class_is_named(tmp_path: Path) -> None:
    # The causes alone, on the household before any trade (what a plan of it trades is issue
    # 18's and 21's; here only the words): a 401(k) whose menu offers no bond fund.
    path = tmp_path / "h.yaml"
    path.write_text(
        HEADER
        + "  - id: k401\n    type: 401k\n    owners: [pat]\n    cash: 0\n"
        + "    buy_menu: [FXAIX, VOO]\n    holdings:\n      - {symbol: VOO, quantity: 200}\n",
        encoding="utf-8",
    )
    h = load_household(path)
    large, bonds = outside_warnings(h, Mode.BAND, (), drift_table(h))
    # 100 % large cap: 60 points over 40 %, $60,000 of $100,000; bonds 0 %: 60 points under
    assert bonds.message == (
        "Investment Grade Bonds ends 60.00 points under its band (60.00–70.00 %), $60,000.00 "
        "beyond its edge: the buy menu of k401 offers no Investment Grade Bonds fund"
    )
    assert (bonds.source.line, bonds.source.field) == (13, "accounts[0].buy_menu")
    assert large.message.endswith(
        "the purchases that would take its proceeds are held back (Investment Grade Bonds)"
    )
    # the other modes do not aim at the bands: no warning
    assert outside_warnings(h, Mode.CASH, (), drift_table(h)) == ()


def test_no_warning_when_every_class_ends_inside(example_path: Path) -> None:
    report = plan_household(load_household(example_path))
    assert not [r for r in report.drift_after.rows if r.outside]
    assert _outside(report) == []
