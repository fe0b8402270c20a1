"""Executed fills as the household's recent transactions (trimtab/journal/executed.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from helpers.journal_plans import Planned
from trimtab.journal.executed import executed_realized, executed_transactions
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


def test_sales_executed_after_the_stated_realized_figures_add_to_them(planned: Planned) -> None:
    # The file states its realized gains through 2026-11-20 (as_of 2026-11-24). Fills of the
    # sell above: 60 on the 20th (inside the stated figures: not added), 30 on the 21st (after
    # them). The 30 come from lot B, bought 2026-02-02 (short-term): basis 3,000 × 30/60 =
    # 1,500.00, proceeds 30 × 300 = 9,000.00: a short-term gain of 7,500.00.
    household = planned.report.household
    stated = dataclasses.replace(
        household,
        tax=dataclasses.replace(household.tax, realized_through=dt.date(2026, 11, 20)),
    )
    run = run_with([fill(20, "60"), fill(21, "30")], [SELL])
    assert executed_realized((run,), stated) == (Decimal("7500.00"), Decimal(0))
    # without `through`, trimtab cannot tell what the figures count: nothing is added
    assert executed_realized((run,), household) == (Decimal(0), Decimal(0))
    # through the 19th: the 20th's fill counts too: lot A's 40 (bought 2025-03-03, long-term:
    # 12,000 − 4,000 = 8,000.00) and 20 of B (short-term: 6,000 − 1,000 = 5,000.00)
    earlier = dataclasses.replace(
        household,
        tax=dataclasses.replace(household.tax, realized_through=dt.date(2026, 11, 19)),
    )
    assert executed_realized((run,), earlier) == (Decimal("12500.00"), Decimal("8000.00"))
