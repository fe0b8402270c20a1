"""The trade checks that need no simulation: kind, field and severity of each."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.errors import Severity
from trimtab.model.enums import TradeAction
from trimtab.model.household import Holding
from trimtab.model.trade import Trade
from trimtab.source import Source
from trimtab.validate.trades import duplicate_trade_ids, trade_problems

EXAMPLE = load_household(Path(__file__).resolve().parents[2] / "examples" / "household.yaml")
AT = Source(file="trades.yaml", line=7, column=5, field="trades[2]")


def trade(account: str, action: TradeAction, symbol: str, **extra: object) -> Trade:
    base = Trade(
        id="T1",
        date=dt.date(2026, 12, 1),
        account=account,
        action=action,
        symbol=symbol,
        quantity=Decimal(1),
        price=Decimal(100),
        source=AT,
    )
    return replace(base, **extra)


def found(t: Trade, household: object = EXAMPLE) -> list[tuple[str, int, str, Severity]]:
    return [
        (p.kind, p.source.line, p.field, p.severity)
        for p in trade_problems(household, t)  # type: ignore[arg-type]
    ]


def test_a_good_trade_has_no_problem() -> None:
    assert found(trade("joint-taxable", TradeAction.SELL, "VTI")) == []


def test_held_away_account_is_a_warning() -> None:
    assert found(trade("kids-utma", TradeAction.SELL, "VT")) == [
        ("held_away", 7, "trades[2].account", Severity.WARNING)
    ]


def test_a_buy_off_the_menu_is_a_warning() -> None:
    assert found(trade("luis-401k", TradeAction.BUY, "VTI")) == [
        ("not_on_buy_menu", 7, "trades[2].symbol", Severity.WARNING)
    ]


def test_selling_a_basis_unknown_holding_taxed_here_is_an_error() -> None:
    joint = EXAMPLE.accounts[0]
    unknown = Holding(symbol="BND", quantity=Decimal(10), basis_unknown=True)
    household = replace(
        EXAMPLE,
        accounts=(replace(joint, holdings=(*joint.holdings, unknown)), *EXAMPLE.accounts[1:]),
    )
    assert found(trade("joint-taxable", TradeAction.SELL, "BND"), household) == [
        ("basis_unknown", 7, "trades[2].symbol", Severity.ERROR)
    ]


def test_static_errors() -> None:
    assert found(trade("joint-taxable", TradeAction.SELL, "VTI", date=dt.date(2026, 11, 23))) == [
        ("trade_before_as_of", 7, "trades[2].date", Severity.ERROR)
    ]
    assert found(trade("joint-taxable", TradeAction.BUY, "VTI", lots=("L1",))) == [
        ("lots_on_buy", 7, "trades[2].lots", Severity.ERROR)
    ]
    assert [k for k, *_ in found(trade("nobody", TradeAction.BUY, "NOPE"))] == [
        "unknown_account",
        "unknown_symbol",
    ]


def test_duplicate_ids_are_each_named() -> None:
    first = trade("ana-ira", TradeAction.BUY, "BND")
    second = replace(first, source=replace(AT, line=9, field="trades[3]"))
    problems = duplicate_trade_ids((first, second, replace(first, id="T2")))
    assert [(p.kind, p.source.line, p.field) for p in problems] == [
        ("duplicate_trade_id", 7, "trades[2].id"),
        ("duplicate_trade_id", 9, "trades[3].id"),
    ]
