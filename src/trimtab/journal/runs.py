"""What a run is now: its plan, its workflow events and its status, read from its entries.

The workflow (issue 26; docs/journal.md)::

    proposed ──approve──> approved ──executed (part)──> partially_executed ──…──> executed
        └────reject────> rejected

A run of an account that is not discretionary (``discretionary: false`` in the household file)
is approved only with a note (who agreed, when). Fills may be partial; a trade's fills never add
up to more than its planned quantity. Nothing is changed in place: each step is a new entry.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from trimtab.journal.chain import Entry


class Status(StrEnum):
    """Where a run is in the workflow."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    PARTIALLY_EXECUTED = "partially_executed"
    EXECUTED = "executed"


class EventKind(StrEnum):
    """The kinds of journal entries: a run, then its workflow events."""

    RUN = "run"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXECUTED = "executed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fill:
    """An execution of (part of) one planned trade.

    trade: the plan's trade id (P1, P2, …). date: the trade date. quantity: shares filled (> 0).
    price: the price per share.
    """

    trade: str
    date: dt.date
    quantity: Decimal
    price: Decimal

    def to_json(self) -> dict[str, str]:
        """The fill as the journal stores it."""
        return {
            "trade": self.trade,
            "date": self.date.isoformat(),
            "quantity": str(self.quantity),
            "price": str(self.price),
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Fill:
        """A stored fill."""
        return cls(
            trade=data["trade"],
            date=dt.date.fromisoformat(data["date"]),
            quantity=Decimal(data["quantity"]),
            price=Decimal(data["price"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One workflow step of a run: approved, rejected or executed.

    seq: its entry. at / user: when and by whom. note: the note given ('' when none).
    fills: for executed, the fills it recorded.
    """

    seq: int
    kind: EventKind
    at: str
    user: str
    note: str
    fills: tuple[Fill, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """A recorded run and what happened to it since.

    number: the run's number. household / recorded_at / user: from its entry.
    body: the run entry's contents (``plan``: the trimtab.plan/1 document; ``input``; ``options``;
    ``accounts``: each account traded and whether it is discretionary; ``seconds``).
    events: the workflow steps, in order.
    """

    number: int
    seq: int
    household: str
    recorded_at: str
    user: str
    body: dict[str, Any]
    events: tuple[Event, ...]

    @property
    def plan(self) -> dict[str, Any]:
        """The run's trimtab.plan/1 document."""
        plan: dict[str, Any] = self.body.get("plan") or {}
        return plan

    @property
    def trades(self) -> tuple[dict[str, Any], ...]:
        """The plan's trades as its document gives them."""
        return tuple(self.plan.get("trades") or ())

    @property
    def fills(self) -> tuple[Fill, ...]:
        """Every fill recorded, in order."""
        return tuple(f for e in self.events for f in e.fills)

    def filled(self, trade: str) -> Decimal:
        """Shares of one trade filled so far."""
        return sum((f.quantity for f in self.fills if f.trade == trade), Decimal(0))

    @property
    def status(self) -> Status:
        """Where the run is in the workflow."""
        kinds = {e.kind for e in self.events}
        if EventKind.REJECTED in kinds:
            return Status.REJECTED
        if EventKind.APPROVED not in kinds:
            return Status.PROPOSED
        if not self.fills:
            return Status.APPROVED
        done = all(self.filled(t["id"]) >= Decimal(t["quantity"]) for t in self.trades)
        return Status.EXECUTED if done else Status.PARTIALLY_EXECUTED

    def non_discretionary(self) -> tuple[str, ...]:
        """The accounts traded by the plan that are not discretionary."""
        accounts = self.body.get("accounts", {})
        traded = dict.fromkeys(t["account"] for t in self.trades)
        return tuple(a for a in traded if not accounts.get(a, {}).get("discretionary", True))


def build_run(entries: tuple[Entry, ...]) -> Run | None:
    """The run of its entries (run entry first), None when there is no run entry."""
    head = next((e for e in entries if e.kind == EventKind.RUN), None)
    if head is None:
        return None
    events = tuple(event_of(e) for e in entries if e.kind != EventKind.RUN and e.seq > head.seq)
    return Run(
        number=head.run,
        seq=head.seq,
        household=head.household,
        recorded_at=head.recorded_at,
        user=head.user,
        body=body_of(head),
        events=events,
    )


def body_of(entry: Entry) -> dict[str, Any]:
    """An entry's body; {} when it is not a JSON object (an edited row: `verify` says so)."""
    try:
        body = json.loads(entry.body)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def event_of(entry: Entry) -> Event:
    """The workflow step an entry records."""
    body = body_of(entry)
    return Event(
        seq=entry.seq,
        kind=EventKind(entry.kind),
        at=entry.recorded_at,
        user=entry.user,
        note=body.get("note", ""),
        fills=tuple(Fill.from_json(f) for f in body.get("fills", ())),
    )


def build_runs(entries: tuple[Entry, ...]) -> tuple[Run, ...]:
    """Every run of a set of entries, by run number."""
    by_run: dict[int, list[Entry]] = {}
    for entry in entries:
        by_run.setdefault(entry.run, []).append(entry)
    runs = (build_run(tuple(group)) for _, group in sorted(by_run.items()))
    return tuple(r for r in runs if r is not None)


def transition_problem(run: Run, kind: EventKind, note: str, fills: tuple[Fill, ...]) -> str:
    """Why ``kind`` may not follow now ('' when it may)."""
    status = run.status
    if kind in (EventKind.APPROVED, EventKind.REJECTED) and status is not Status.PROPOSED:
        return f"run {run.number} is {status.value}: only a proposed run is approved or rejected"
    if kind is EventKind.REJECTED and not note.strip():
        return f"run {run.number}: a rejection needs a note (--note) saying why"
    if kind is EventKind.APPROVED and run.non_discretionary() and not note.strip():
        accounts = ", ".join(run.non_discretionary())
        return (
            f"run {run.number} trades {accounts}, not discretionary: the approval needs a note "
            "(--note) recording the client's consent"
        )
    if kind is EventKind.EXECUTED:
        return _fills_problem(run, fills)
    return ""


def _fills_problem(run: Run, fills: tuple[Fill, ...]) -> str:
    if run.status not in (Status.APPROVED, Status.PARTIALLY_EXECUTED):
        return f"run {run.number} is {run.status.value}: only an approved run is executed"
    if not fills:
        return f"run {run.number}: no fills given"
    planned = {t["id"]: Decimal(t["quantity"]) for t in run.trades}
    for trade in dict.fromkeys(f.trade for f in fills):
        if trade not in planned:
            return f"run {run.number} has no trade {trade} (its trades: {', '.join(planned)})"
        new = sum((f.quantity for f in fills if f.trade == trade), Decimal(0))
        if run.filled(trade) + new > planned[trade]:
            return (
                f"run {run.number} trade {trade}: fills of {run.filled(trade) + new} shares "
                f"exceed the {planned[trade]} planned"
            )
    bad = next((f for f in fills if f.quantity <= 0 or f.price <= 0), None)
    if bad is not None:
        return f"run {run.number} trade {bad.trade}: quantity and price must be positive"
    return ""
