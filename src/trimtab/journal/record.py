"""Recording: a run (what ``plan --journal`` and the book call) and its workflow steps."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from trimtab.errors import JournalError
from trimtab.journal.chain import Entry, canonical
from trimtab.journal.runs import (
    EventKind,
    Fill,
    Run,
    build_run,
    event_of,
    transition_problem,
)
from trimtab.journal.store import Journal, append, next_run, now_utc, run_entries

if TYPE_CHECKING:
    from trimtab.model.household import Household
    from trimtab.results.plan import PlanReport

_INDEX_KEYS = ("account", "action", "symbol", "quantity", "price", "amount", "reason", "rationale")


def record_run(
    journal: Journal,
    report: PlanReport,
    document: Mapping[str, Any],
    input_text: str,
    *,
    user: str,
    options: Mapping[str, str | None] | None = None,
    seconds: float | None = None,
) -> Run:
    """Append one run, proposed, in one transaction; the run as recorded.

    report: the plan (its household gives the accounts' numbers and discretion). document: its
    ``trimtab.plan/1`` document (the plan, settings, version, tax year, solver status; each
    trade with its rationale). input_text: the household file as read. user: who ran it.
    options: the run's command-line choices (mode, solver, relief method). seconds: how long
    planning took. Raises :class:`~trimtab.errors.JournalError` when it cannot be written.
    """
    return record_document(
        journal,
        document,
        input_text,
        report.household,
        user=user,
        options=options,
        seconds=seconds,
    )


def record_document(
    journal: Journal,
    document: Mapping[str, Any],
    input_text: str,
    household: Household,
    *,
    user: str,
    options: Mapping[str, str | None] | None = None,
    seconds: float | None = None,
) -> Run:
    """:func:`record_run` from a plan document already written (a book's ``DIR/<key>/plan.json``
    read back) and the household it was planned from (for the accounts' discretion)."""
    body = {
        "plan": dict(document),
        "input": {
            "text": input_text,
            "sha256": hashlib.sha256(input_text.encode("utf-8")).hexdigest(),
        },
        "options": dict(options or {}),
        "seconds": seconds,
        "accounts": {
            a.id: {"discretionary": a.discretionary, "number": a.number} for a in household.accounts
        },
    }
    name = str(document.get("household") or household.name)

    def make(connection: Connection, _last: Entry | None) -> tuple[Entry, list[dict[str, Any]]]:
        entry = _draft(next_run(connection), EventKind.RUN, name, user, body)
        rows = [{"trade_id": t["id"], **{k: t[k] for k in _INDEX_KEYS}} for t in document["trades"]]
        return entry, rows

    entry = append(journal, make, doing="record the run in")
    run = build_run((entry,))
    assert run is not None
    return run


def _draft(run: int, kind: EventKind, household: str, user: str, body: object) -> Entry:
    """An entry before it is linked (seq, prev_hash and hash are set by the store)."""
    return Entry(
        seq=0,
        run=run,
        kind=kind.value,
        household=household,
        recorded_at=now_utc(),
        user=user,
        body=canonical(body),
        prev_hash="",
    )


def approve(journal: Journal, run: int, *, user: str, note: str = "") -> Run:
    """Approve a proposed run (a note is required when an account is not discretionary)."""
    return _step(journal, run, EventKind.APPROVED, user=user, note=note)


def reject(journal: Journal, run: int, *, user: str, note: str) -> Run:
    """Reject a proposed run, saying why."""
    return _step(journal, run, EventKind.REJECTED, user=user, note=note)


def record_fills(
    journal: Journal, run: int, fills: tuple[Fill, ...], *, user: str, note: str = ""
) -> Run:
    """Record executions of an approved run's trades (partial fills allowed)."""
    return _step(journal, run, EventKind.EXECUTED, user=user, note=note, fills=fills)


def _step(
    journal: Journal,
    number: int,
    kind: EventKind,
    *,
    user: str,
    note: str,
    fills: tuple[Fill, ...] = (),
) -> Run:
    """Append one workflow step after checking it may follow; the run after it."""
    seen: list[Run] = []

    def make(connection: Connection, _last: Entry | None) -> tuple[Entry, list[dict[str, Any]]]:
        run = build_run(run_entries(connection, number))
        if run is None:
            raise JournalError(f"journal {journal.where}: no run {number}")
        problem = transition_problem(run, kind, note, fills)
        if problem:
            raise JournalError(problem)
        body: dict[str, Any] = {"note": note.strip()}
        if fills:
            body["fills"] = [f.to_json() for f in fills]
        seen[:] = [run]
        return _draft(number, kind, run.household, user, body), []

    entry = append(journal, make, doing=f"record {kind.value} in")
    before = seen[0]
    return Run(
        number=before.number,
        seq=before.seq,
        household=before.household,
        recorded_at=before.recorded_at,
        user=before.user,
        body=before.body,
        events=(*before.events, event_of(entry)),
    )
