"""Concentrated single stocks (issue 21 item 8): flagged above `concentration_limit`, with the
shares and the exact tax of selling down to the limit.

The household: $1,000,000 on 2026-11-24, married filing jointly, $200,000 of ordinary taxable
income, MAGI $220,000 (NIIT starts at $250,000), state rate 5 %, stock spread 5 bp (default),
no commission.

    ACME (a stock)  2,500 × $100 = $250,000   25 %   1,000 in the IRA, 1,500 in taxable:
        A  2015-06-01  1,000 shares  cost  20,000  ($20 a share, long-term)
        B  2020-03-02    300 shares  cost  36,000  ($120 a share, long-term: a loss)
        C  2026-06-01    200 shares  cost  16,000  ($80 a share, short-term)
    VTI (an ETF)    1,500 × $300 = $450,000   45 %   taxable
    BND (an ETF)    4,000 × $75  = $300,000   30 %   IRA
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from trimtab import check_household, load_household
from trimtab.analysis.concentration import StockSale, concentrated_positions
from trimtab.cli import app

HOUSEHOLD = """\
format: trimtab.household/1
name: Concentrated household
as_of: 2026-11-24
tax: {year: 2026, filing_status: married_joint, ordinary_taxable_income: 200000,
      state_rate: 0.05, magi: 220000}
owners:
  - {id: kim, birth_date: 1970-01-01}
targets: {us_large_cap: 70, ig_bonds: 30}
prices: {ACME: 100, VTI: 300, BND: 75}
securities:
  ACME: {name: Acme Corp., asset_class: us_large_cap, type: stock, whole_shares: true}
settings:
  harvest: off
accounts:
  - id: brokerage
    type: taxable
    owners: [kim]
    holdings:
      - symbol: VTI
        lots:
          - {id: V1, acquired: 2018-01-02, quantity: 1500, cost: 300000}
      - symbol: ACME
        lots:
          - {id: A, acquired: 2015-06-01, quantity: 1000, cost: 20000}
          - {id: B, acquired: 2020-03-02, quantity: 300, cost: 36000}
          - {id: C, acquired: 2026-06-01, quantity: 200, cost: 16000}
  - id: ira
    type: traditional_ira
    owners: [kim]
    holdings:
      - {symbol: ACME, quantity: 1000}
      - {symbol: BND, quantity: 4000}
"""
ACME_LINE = 22  # the line of `- symbol: ACME` in the taxable account: the first ACME holding


def _write(tmp_path: Path, text: str = HOUSEHOLD) -> Path:
    path = tmp_path / "household.yaml"
    path.write_text(text)
    return path


def test_a_stock_at_25_percent_sells_the_ira_first_then_the_loss_then_the_highest_basis_gain(
    tmp_path: Path,
) -> None:
    (c,) = concentrated_positions(load_household(_write(tmp_path)))
    assert (c.symbol, c.name) == ("ACME", "Acme Corp.")
    assert c.value == Decimal("250000")  # 2,500 × 100
    assert c.percent == Decimal("25")  # 250,000 ÷ 1,000,000
    assert c.limit == Decimal("10")  # the default
    assert c.excess_value == Decimal("150000")  # 250,000 − 10 % × 1,000,000
    # q ≥ 150,000 ÷ (100 × (1 − 0.10 × 0.0005)) = 1,500.075 → 1,501 whole shares
    # (1,500 would leave 100,000 against 10 % of 1,000,000 − 75.00 spread = 99,992.50)
    assert c.shares_to_sell == Decimal("1501")
    assert c.sales == (
        StockSale(account="ira", quantity=Decimal("1000")),  # tax-free first
        StockSale(account="brokerage", quantity=Decimal("501"), lots=("B", "A")),
    )
    # B: 300 × 99.95 net − 36,000 = −6,015.00; A: 201 × 99.95 − 201 × 20 = 16,069.95
    assert c.short_term_gain == 0
    assert c.long_term_gain == Decimal("10054.95")
    # 10,054.95 × 15 % = 1,508.2425 federal (taxable income 210,054.95: the 15 % bracket)
    # + 10,054.95 × 5 % = 502.7475 state; MAGI 230,054.95 < 250,000: no NIIT
    assert c.tax_to_reduce.quantize(Decimal("0.01")) == Decimal("2010.99")
    # 999 × 100 = 99,900 left ÷ (1,000,000 − 1,501 × 100 × 0.0005 = 999,924.95) = 9.99075 %
    assert c.percent_after.quantize(Decimal("0.0001")) == Decimal("9.9907")
    assert (c.source.line, c.field) == (ACME_LINE, "accounts[0].holdings[1]")


def test_an_account_with_a_relief_method_sells_by_that_method(tmp_path: Path) -> None:
    text = HOUSEHOLD.replace("    type: taxable\n", "    type: taxable\n    relief_method: fifo\n")
    (c,) = concentrated_positions(load_household(_write(tmp_path, text)))
    # the IRA's 1,000, then FIFO takes 501 of A (2015, the earliest): no lots named
    assert c.sales[1] == StockSale(account="brokerage", quantity=Decimal("501"))
    # 501 × 99.95 − 501 × 20 = 50,074.95 − 10,020.00 = 40,054.95 long-term
    assert c.long_term_gain == Decimal("40054.95")
    # 15 % federal 6,008.2425 + 5 % state 2,002.7475 + NIIT 3.8 % × (220,000 + 40,054.95
    # − 250,000 = 10,054.95) = 382.0881: 8,393.0781
    assert c.tax_to_reduce.quantize(Decimal("0.01")) == Decimal("8393.08")


def test_a_lifo_account_sells_its_latest_lots_first(tmp_path: Path) -> None:
    text = HOUSEHOLD.replace("    type: taxable\n", "    type: taxable\n    relief_method: lifo\n")
    (c,) = concentrated_positions(load_household(_write(tmp_path, text)))
    assert c.sales[1] == StockSale(account="brokerage", quantity=Decimal("501"))
    # LIFO: C 200 (2026: 200 × 99.95 − 16,000 = 3,990.00 short-term), B 300 (−6,015.00),
    # then 1 of A (99.95 − 20 = 79.95): long-term −6,015.00 + 79.95 = −5,935.05
    assert (c.short_term_gain, c.long_term_gain) == (Decimal("3990.00"), Decimal("-5935.05"))


def test_shares_under_no_sell_are_counted_but_not_sold(tmp_path: Path) -> None:
    text = HOUSEHOLD + (
        "restrictions:\n  - {account: ira, symbol: ACME, no_sell: true, reason: legacy}\n"
    )
    (c,) = concentrated_positions(load_household(_write(tmp_path, text)))
    assert c.value == Decimal("250000")  # the IRA's shares still count: 25 %
    # 1,501 are needed but only the taxable 1,500 may be sold: all of them, B, A, then C
    assert c.sales == (
        StockSale(account="brokerage", quantity=Decimal("1500"), lots=("B", "A", "C")),
    )
    # B 300 × 99.95 − 36,000 = −6,015.00; A 1,000 × 99.95 − 20,000 = 79,950.00
    assert c.long_term_gain == Decimal("73935.00")  # 79,950.00 − 6,015.00
    assert c.short_term_gain == Decimal("3990.00")  # C: 200 × 99.95 − 16,000
    # 100,000 left ÷ (1,000,000 − 1,500 × 100 × 0.0005 = 999,925) = 10.00075 %: above the limit
    assert c.percent_after.quantize(Decimal("0.0001")) == Decimal("10.0008")


def test_a_fund_above_the_limit_is_not_flagged(tmp_path: Path) -> None:
    # VTI is 45 % and BND 30 % of the household, both ETFs: only the stock is flagged
    found = concentrated_positions(load_household(_write(tmp_path)))
    assert [c.symbol for c in found] == ["ACME"]


def test_a_stock_under_a_higher_limit_is_not_flagged(tmp_path: Path) -> None:
    text = HOUSEHOLD.replace("  harvest: off\n", "  harvest: off\n  concentration_limit: 25\n")
    # 25 % is not above a 25 % limit
    assert concentrated_positions(load_household(_write(tmp_path, text))) == ()


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("0", "not_positive"),
        ("-5", "not_positive"),
        ("150", "out_of_range"),
        ("ten", "not_a_number"),
    ],
)
def test_a_bad_limit_is_a_problem_at_its_line(tmp_path: Path, value: str, kind: str) -> None:
    text = HOUSEHOLD.replace(
        "  harvest: off\n", f"  harvest: off\n  concentration_limit: {value}\n"
    )
    household, problems = check_household(_write(tmp_path, text))
    assert household is None
    # `concentration_limit:` is line 14, after `harvest: off` on line 13
    assert [(p.kind, p.source.line, p.field) for p in problems] == [
        (kind, 14, "settings.concentration_limit")
    ]


def _cli_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    schema = json.loads(CliRunner().invoke(app, ["schema", args[0]]).stdout)
    jsonschema.validate(document, schema)
    return document


EXPECTED = {
    "symbol": "ACME",
    "name": "Acme Corp.",
    "value": "250000.00",
    "percent": "25.0000",
    "limit": "10.0000",
    "excess_value": "150000.00",
    "shares_to_sell": "1501.000000",
    "sales": [
        {"account": "ira", "quantity": "1000.000000", "lots": []},
        {"account": "brokerage", "quantity": "501.000000", "lots": ["B", "A"]},
    ],
    "percent_after": "9.9907",
    "short_term_gain": "0.00",
    "long_term_gain": "10054.95",
    "tax_to_reduce": "2010.99",
}


@pytest.mark.parametrize("command", ["state", "drift"])
def test_state_and_drift_json_carry_the_concentration(tmp_path: Path, command: str) -> None:
    path = _write(tmp_path)
    document = _cli_json(command, str(path))
    assert document["concentration"] == [{**EXPECTED, "source": f"{path}:{ACME_LINE}"}]


def test_state_and_drift_json_list_nothing_without_a_concentrated_stock(tmp_path: Path) -> None:
    path = _write(tmp_path, HOUSEHOLD.replace("type: stock", "type: etf"))
    assert _cli_json("state", str(path))["concentration"] == []
    assert _cli_json("drift", str(path))["concentration"] == []


def test_the_console_names_the_stock(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["drift", str(_write(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Concentrated: ACME 25.00 % of the household ($250,000.00), limit 10.00 %" in (
        " ".join(result.stdout.split())
    )


def test_the_plan_warns_and_lists_the_concentration(tmp_path: Path) -> None:
    path = _write(tmp_path)
    document = _cli_json("plan", str(path))
    (entry,) = document["concentration"]  # type: ignore[misc]
    after = entry.pop("percent_after_plan")
    assert entry == {**EXPECTED, "source": f"{path}:{ACME_LINE}"}
    assert Decimal(after) <= Decimal("25")  # the plan's own trades, not the reduction
    warnings = [w for w in document["warnings"] if w["kind"] == "concentrated_position"]  # type: ignore[attr-defined]
    assert [(w["line"], w["field"]) for w in warnings] == [(ACME_LINE, "accounts[0].holdings[1]")]
    assert warnings[0]["message"].startswith(
        "ACME is 25.00 % of the household ($250,000.00), above the 10 % concentration limit; "
        "selling 1,501 shares brings it to 9.99 % and costs $2,010.99 of tax; after this plan"
    )
