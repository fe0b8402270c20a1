"""The workflow on both backends: proposed → approved / rejected → (partially) executed.

The plan (tests/journal/data/overweight.yaml) has two trades: P1 sell 22 VTI at 300.00 and P2
buy 89 BND at 74.00 (80.2 % VTI brought back inside its 55–65 % band).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from helpers.journal_plans import Planned
from trimtab import journal
from trimtab.errors import JournalError
from trimtab.explain.plan import PlanReport

DAY = dt.date(2026, 11, 24)


def fill(trade: str, quantity: str, price: str = "300") -> journal.Fill:
    return journal.Fill(trade=trade, date=DAY, quantity=Decimal(quantity), price=Decimal(price))


def record(j: journal.Journal, planned: Planned, report: PlanReport | None = None) -> int:
    run = journal.record_run(
        j, report or planned.report, planned.document, planned.text, user="ana", seconds=0.5
    )
    return run.number


def test_plan_trades_are_as_the_header_says(planned: Planned) -> None:
    trades = [
        (t["id"], t["action"], t["symbol"], t["quantity"]) for t in planned.document["trades"]
    ]
    assert trades == [("P1", "sell", "VTI", "22.000000"), ("P2", "buy", "BND", "89.000000")]


def test_a_recorded_run_is_proposed_with_what_it_was_given(
    journal_url: str, planned: Planned
) -> None:
    with journal.open_journal(journal_url) as j:
        number = record(j, planned)
        [run] = journal.list_runs(j, run=number)
    assert (run.number, run.household, run.user, run.status) == (
        1,
        "Overweight household",
        "ana",
        journal.Status.PROPOSED,
    )
    assert run.body["input"]["text"] == planned.text
    assert run.plan["trades"][0]["rationale"].startswith("Sell 22 VTI")
    assert run.body["seconds"] == 0.5


def test_approve_then_partial_then_full_execution(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        number = record(j, planned)
        assert journal.approve(j, number, user="lead").status is journal.Status.APPROVED
        # 10 of the 22 VTI shares: partially executed
        run = journal.record_fills(j, number, (fill("P1", "10"),), user="ops")
        assert run.status is journal.Status.PARTIALLY_EXECUTED
        assert run.filled("P1") == Decimal(10)
        # the other 12 VTI and all 89 BND: executed
        run = journal.record_fills(
            j, number, (fill("P1", "12"), fill("P2", "89", "74")), user="ops"
        )
        assert run.status is journal.Status.EXECUTED
        [stored] = journal.list_runs(j, run=number)
    assert stored.status is journal.Status.EXECUTED
    assert [e.kind.value for e in stored.events] == ["approved", "executed", "executed"]
    assert [e.user for e in stored.events] == ["lead", "ops", "ops"]


def test_refused_transitions_say_why(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        number = record(j, planned)
        with pytest.raises(JournalError, match="only an approved run is executed"):
            journal.record_fills(j, number, (fill("P1", "1"),), user="ops")
        with pytest.raises(JournalError, match="a rejection needs a note"):
            journal.reject(j, number, user="lead", note=" ")
        journal.approve(j, number, user="lead")
        with pytest.raises(JournalError, match="is approved: only a proposed run"):
            journal.reject(j, number, user="lead", note="too late")
        # 22 planned: 23 is one share too many
        with pytest.raises(JournalError, match=r"fills of 23 shares exceed the 22\.000000 planned"):
            journal.record_fills(j, number, (fill("P1", "23"),), user="ops")
        with pytest.raises(JournalError, match="has no trade P9"):
            journal.record_fills(j, number, (fill("P9", "1"),), user="ops")
        with pytest.raises(JournalError, match="no run 99"):
            journal.approve(j, 99, user="lead")
        [run] = journal.list_runs(j, run=number)
    # the refused steps left nothing behind
    assert [e.kind.value for e in run.events] == ["approved"]


def test_a_rejected_run_stays_rejected(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        number = record(j, planned)
        run = journal.reject(j, number, user="lead", note="client travelling")
        assert run.status is journal.Status.REJECTED
        with pytest.raises(JournalError, match="is rejected"):
            journal.approve(j, number, user="lead")
        assert journal.verify(j).ok


def test_a_non_discretionary_account_needs_a_note(journal_url: str, planned: Planned) -> None:
    household = planned.report.household
    account = dataclasses.replace(household.accounts[0], discretionary=False)
    report = dataclasses.replace(
        planned.report, household=dataclasses.replace(household, accounts=(account,))
    )
    with journal.open_journal(journal_url) as j:
        number = record(j, planned, report)
        with pytest.raises(JournalError, match="brokerage, not discretionary: the approval needs"):
            journal.approve(j, number, user="lead")
        run = journal.approve(j, number, user="lead", note="Pat agreed by phone 2026-11-24 10:05")
    assert run.status is journal.Status.APPROVED
    assert run.events[-1].note == "Pat agreed by phone 2026-11-24 10:05"


def test_discretionary_comes_from_the_household_file(planned: Planned) -> None:
    from trimtab.pipeline import check_household

    text = planned.text.replace("    buy_menu:", "    discretionary: false\n    buy_menu:")
    household, problems = check_household("h.yaml", text=text)
    assert household is not None, problems
    assert [a.discretionary for a in household.accounts] == [False]
    assert planned.report.household.accounts[0].discretionary is True  # the default


def test_a_written_plan_document_records_as_the_book_will(
    journal_url: str, planned: Planned
) -> None:
    """`record_document`: plan.json read back plus its household, as `book --journal` has them."""
    import json

    document = json.loads(json.dumps(planned.document))  # as read back from plan.json
    with journal.open_journal(journal_url) as j:
        run = journal.record_document(
            j, document, planned.text, planned.report.household, user="book"
        )
        [stored] = journal.list_runs(j, household="Overweight household")
    assert (stored.number, stored.user, stored.plan) == (run.number, "book", planned.document)
    assert stored.body["accounts"] == {"brokerage": {"discretionary": True, "number": ""}}
