"""Issue 21 item 5: a restriction that shaped a trade is quoted with its reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.explain.plan import PlanReport
from trimtab.pipeline import plan_household

HOUSEHOLD = """\
format: trimtab.household/1
name: Restricted
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners:
  - {id: pat, birth_date: 1980-01-01}
targets:
  us_large_cap: 35
  ig_bonds: 65
prices: {VOO: 500, IVV: 600, BND: 75}
settings: {location_weight: 0}
accounts:
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: CASH
    holdings:
      - symbol: VOO
        lots:
          - {id: L1, acquired: 2015-01-10, quantity: VOO_SHARES, cost: 200}
      - symbol: BND
        lots:
          - {id: B1, acquired: 2020-01-10, quantity: 2000, cost: 80}
restrictions:"""


def _plan(tmp_path: Path, cash: int, voo: int, rules: str) -> PlanReport:
    path = tmp_path / "h.yaml"
    text = HOUSEHOLD.replace("VOO_SHARES", str(voo)).replace("CASH", str(cash)) + rules
    path.write_text(text, encoding="utf-8")
    return plan_household(load_household(path))


def test_a_sale_held_to_the_yearly_limit_quotes_it(tmp_path: Path) -> None:
    report = _plan(
        tmp_path,
        0,
        1200,
        "\n  - {symbol: VOO, max_sell_per_year: 20000, reason: spread the gain}\n",
    )
    # The limit allows 40 VOO ($20,000.00): the sale is held to it (large cap stays over).
    sell = next(t for t in report.plan.trades if t.symbol == "VOO")
    assert sell.quantity == Decimal(40)
    assert (
        " Held to the client's yearly sale limit on VOO: $20,000.00 a year ('spread the gain'), "
        "$20,000.00 of it in this plan." in sell.rationale
    )


def test_a_buy_names_the_fund_a_rule_kept_out(tmp_path: Path) -> None:
    # 100 VOO ($50,000) and 2,000 BND ($150,000) with $50,000 of cash: large cap 20 % against
    # 35 ± 5, so the plan buys large cap, and IVV may not be bought: VOO is.
    report = _plan(
        tmp_path, 50000, 100, "\n  - {symbol: IVV, no_buy: true, reason: held by the trust}\n"
    )
    buys = [t for t in report.plan.trades if t.action.value == "buy" and t.symbol == "VOO"]
    assert buys
    assert buys[0].rationale.count(" Not bought instead: IVV (`no_buy`, 'held by the trust').") == 1
    # the bond buy names nothing: no rule keeps a bond fund out
    assert all(
        "Not bought instead" not in t.rationale for t in report.plan.trades if t.symbol == "BND"
    )


def test_no_words_without_restrictions(tmp_path: Path) -> None:
    report = _plan(tmp_path, 50000, 100, " []\n")
    assert all(
        "Held to" not in t.rationale and "Not bought instead" not in t.rationale
        for t in report.plan.trades
    )
