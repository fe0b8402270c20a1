"""Executed fills as the household's recent transactions (trimtab/journal/executed.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from journal_plans import Planned

from trimtab.journal.executed import executed_transactions
from trimtab.journal.runs import Event, EventKind, Fill, Run
from trimtab.model.enums import TradeAction

SELL = {
    "id": "P1",
    "account": "brokerage",
    "action": "sell",
    "symbol": "VTI",
    "quantity": "100",
    "price": "300.00",
    "lots": [
        {"lot_id": "A", "acquired": "2025-03-03", "quantity": "40", "cost": "4000.00"},
        {"lot_id": "B", "acquired": "2026-02-02", "quantity": "60", "cost": "3000.00"},
    ],
}


def run_with(fills: list[Fill], trades: list[dict[str, Any]]) -> Run:
    events = tuple(
        Event(seq=i + 2, kind=EventKind.EXECUTED, at="", user="ops", note="", fills=(f,))
        for i, f in enumerate(fills)
    )
    return Run(
        number=1,
        seq=1,
        household="Overweight household",
        recorded_at="2026-11-20T10:00:00+00:00",
        user="ana",
        body={"plan": {"trades": trades}},
        events=events,
    )


def fill(day: int, quantity: str) -> Fill:
    return Fill(
        trade="P1", date=dt.date(2026, 11, day), quantity=Decimal(quantity), price=Decimal(300)
    )


def test_a_sell_fill_is_split_over_the_plans_lots(planned: Planned) -> None:
    # First fill 60: all of lot A (40 shares, cost 4,000.00) and 20 of lot B
    # (3,000.00 × 20 / 60 = 1,000.00). Second fill 30: 30 more of B (3,000.00 × 30 / 60 =
    # 1,500.00), continuing where the first stopped.
    run = run_with([fill(20, "60"), fill(21, "30")], [SELL])
    found = executed_transactions((run,), planned.report.household)
    assert [(t.date.day, t.quantity, t.cost, t.acquired) for t in found] == [
        (20, Decimal(40), Decimal("4000.00"), dt.date(2025, 3, 3)),
        (20, Decimal(20), Decimal("1000.00"), dt.date(2026, 2, 2)),
        (21, Decimal(30), Decimal("1500.00"), dt.date(2026, 2, 2)),
    ]
    assert {(t.action, t.symbol, t.account, t.price) for t in found} == {
        (TradeAction.SELL, "VTI", "brokerage", Decimal(300))
    }


def test_fills_after_as_of_or_already_listed_are_left_out(planned: Planned) -> None:
    household = planned.report.household  # as_of 2026-11-24
    buy = {**SELL, "action": "buy", "lots": []}
    listed = dataclasses.replace(
        household,
        transactions=(
            *household.transactions,
            *executed_transactions((run_with([fill(21, "5")], [buy]),), household),
        ),
    )
    run = run_with([fill(21, "5"), fill(22, "7"), fill(25, "9")], [buy])
    found = executed_transactions((run,), listed)
    # 21st: already listed; 22nd: added; 25th: after as_of
    assert [(t.date.day, t.quantity, t.cost) for t in found] == [(22, Decimal(7), None)]
