"""Each invariant fails, with its name, on a hand-broken plan; the real plan passes them all."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from helpers.plan_households import household, planned
from helpers.scenario_households import IRA_AND_TAXABLE
from trimtab.errors import InternalError
from trimtab.explain.invariants import check_invariants
from trimtab.model import TradeAction


@pytest.fixture
def report(tmp_path: Path):  # type: ignore[no-untyped-def]
    # sell 36 IVV, buy 234 BND in the IRA (see test_rebalances_inside_the_ira_first)
    extra = "restrictions:\n  - {symbol: IVV, account: brokerage, no_sell: true}\n"
    return planned(household(tmp_path, IRA_AND_TAXABLE, extra=extra))


def test_the_real_plan_passes(report) -> None:  # type: ignore[no-untyped-def]
    check_invariants(report.household, report.plan.trades, report.plan.accounts)


def test_a_short_sale_is_caught(report) -> None:  # type: ignore[no-untyped-def]
    sell = replace(report.plan.trades[0], quantity=Decimal(41))  # the IRA holds 40 IVV
    with pytest.raises(InternalError, match="no_short_sale"):
        check_invariants(report.household, (sell, *report.plan.trades[1:]), report.plan.accounts)


def test_negative_cash_is_caught(report) -> None:  # type: ignore[no-untyped-def]
    ira = next(a for a in report.plan.accounts if a.account == "ira")
    broken = tuple(
        replace(a, cash_after=Decimal("-0.01")) if a is ira else a for a in report.plan.accounts
    )
    with pytest.raises(InternalError, match="no_negative_cash"):
        check_invariants(report.household, report.plan.trades, broken)


def test_a_restricted_sale_is_caught(report) -> None:  # type: ignore[no-untyped-def]
    sell = replace(report.plan.trades[0], account="brokerage")  # IVV there is no_sell
    with pytest.raises(InternalError, match="restrictions_obeyed"):
        check_invariants(report.household, (sell, *report.plan.trades[1:]), report.plan.accounts)


def test_value_not_conserved_is_caught(report) -> None:  # type: ignore[no-untyped-def]
    ira = next(a for a in report.plan.accounts if a.account == "ira")
    broken = tuple(
        replace(a, value_after=a.value_after + Decimal("0.01")) if a is ira else a
        for a in report.plan.accounts
    )
    with pytest.raises(InternalError, match="value_conserved"):
        check_invariants(report.household, report.plan.trades, broken)


def test_a_buy_off_the_menu_is_caught(tmp_path: Path) -> None:
    accounts = IRA_AND_TAXABLE.replace(
        "    owners: [pat]\n    holdings: [{symbol: IVV",
        "    owners: [pat]\n    buy_menu: [IVV, BND]\n    holdings: [{symbol: IVV",
    )
    report = planned(household(tmp_path, accounts))
    buy = next(t for t in report.plan.trades if t.action is TradeAction.BUY)
    with pytest.raises(InternalError, match="restrictions_obeyed"):
        check_invariants(report.household, (replace(buy, symbol="AGG"),), report.plan.accounts)
