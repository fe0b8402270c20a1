"""No feasible plan: exit 3 and a message naming the account, RMD or order, and the shortfall."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.plan_households import household
from trimtab.cli import app
from trimtab.errors import InfeasibleError
from trimtab.pipeline import plan_household

IRA = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 400}]
"""


def _why(h) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InfeasibleError) as caught:
        plan_household(h)
    return str(caught.value)


def test_a_withdrawal_larger_than_the_account(tmp_path: Path) -> None:
    # BND 400 × 75 = 30,000 sells for 30,000 × 0.9998 = 29,994.00; a 35,000 withdrawal is
    # 5,006.00 short
    h = household(
        tmp_path, IRA, extra="cash_flows:\n  - {account: ira, kind: withdrawal, amount: 35000}\n"
    )
    assert "account ira is $5,006.00 short" in _why(h)


def test_an_rmd_from_an_account_whose_only_holding_is_locked(tmp_path: Path) -> None:
    # sam is 76: 47,400 / 23.7 = 2,000.00 due from the 401(k), whose BND is locked up
    accounts = """\
  - id: k401
    type: 401k
    owners: [sam]
    prior_year_end_value: 47400
    holdings: [{symbol: BND, quantity: 400}]
"""
    extra = "restrictions:\n  - {symbol: BND, account: k401, no_sell_until: 2027-06-01}\n"
    why = _why(household(tmp_path, accounts, extra=extra))
    assert "account k401 is $2,000.00 short" in why and "$30,000.00 more is held but locked" in why


def test_a_taxable_withdrawal_from_holdings_without_basis(tmp_path: Path) -> None:
    # the only holding has `basis: unknown`: tax-aware selling of it is blocked
    accounts = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 1000
    holdings: [{symbol: IVV, basis: unknown, quantity: 100}]
"""
    h = household(
        tmp_path,
        accounts,
        extra="cash_flows:\n  - {account: brokerage, kind: withdrawal, amount: 4000}\n",
    )
    assert "account brokerage is $3,000.00 short" in _why(h)


def test_an_order_for_more_shares_than_sellable(tmp_path: Path) -> None:
    # the order wants 500 BND without naming lots; 400 are held: 100 shares short
    h = household(
        tmp_path,
        IRA,
        extra="orders:\n  - {account: ira, action: sell, symbol: BND, quantity: 500}\n",
    )
    assert "the order to sell BND in ira cannot be met: 100.000000 shares short" in _why(h)


def test_an_aggregated_rmd_with_every_ira_locked(tmp_path: Path) -> None:
    # sam's two IRAs owe 1,000 + 2,000 = 3,000 together; both holdings are locked up
    accounts = """\
  - id: ira-a
    type: traditional_ira
    owners: [sam]
    prior_year_end_value: 23700
    holdings: [{symbol: BND, quantity: 100}]
  - id: ira-b
    type: traditional_ira
    owners: [sam]
    prior_year_end_value: 47400
    holdings: [{symbol: IVV, quantity: 10}]
"""
    extra = (
        "restrictions:\n  - {symbol: BND, no_sell_until: 2027-06-01}\n"
        "  - {symbol: IVV, no_sell_until: 2027-06-01}\n"
    )
    why = _why(household(tmp_path, accounts, extra=extra))
    assert ("$3,000.00 short" in why or "RMD of sam's IRAs" in why) and "ira-" in why


def test_the_command_line_exits_3_with_the_reason(tmp_path: Path) -> None:
    household(
        tmp_path, IRA, extra="cash_flows:\n  - {account: ira, kind: withdrawal, amount: 35000}\n"
    )
    result = CliRunner().invoke(app, ["plan", str(tmp_path / "h.yaml")])
    assert result.exit_code == 3
