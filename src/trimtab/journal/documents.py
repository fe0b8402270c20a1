"""The journal as documents: ``trimtab.journal/1`` (JSON) and the examiner's CSV.

``trimtab.journal/1`` (``trimtab journal list/show --json``, ``export``)::

    {"format": "trimtab.journal/1", "runs": [
       {"id": 3, "household": "Ana", "recorded_at": "…", "user": "ana", "status": "approved",
        "as_of": "2026-03-02", "input_sha256": "…", "trimtab_version": "…", "tax_year": 2026,
        "solver_status": "optimal", "mode": "band",
        "trades": [{"id": "P1", "account": "…", "discretionary": true, "action": "sell", …,
                    "reason": "…", "rationale": "…", "executed_quantity": "0"}],
        "events": [{"kind": "approved", "at": "…", "user": "…", "note": "…", "fills": []}]}]}

The CSV has one row per trade with the memorandum fields of Advisers Act Rule 204-2(a)(3): the
order's terms, the account, whether discretionary, who recommended it (ran the plan), who
approved it and who recorded its execution, and the dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from trimtab.journal.runs import EventKind, Run

FORMAT = "trimtab.journal/1"


def journal_document(runs: tuple[Run, ...]) -> dict[str, Any]:
    """The ``trimtab.journal/1`` document of some runs."""
    return {"format": FORMAT, "runs": [run_json(r) for r in runs]}


def run_json(run: Run) -> dict[str, Any]:
    """One run in ``trimtab.journal/1``."""
    plan = run.plan
    return {
        "id": run.number,
        "household": run.household,
        "recorded_at": run.recorded_at,
        "user": run.user,
        "status": run.status.value,
        "as_of": plan.get("as_of"),
        "input_sha256": run.body.get("input", {}).get("sha256"),
        "trimtab_version": plan.get("trimtab_version"),
        "tax_year": plan.get("tax_year"),
        "solver_status": plan.get("solver_status"),
        "mode": plan.get("mode"),
        "seconds": run.body.get("seconds"),
        "trades": [_trade_json(run, t) for t in run.trades],
        "events": [
            {
                "kind": e.kind.value,
                "at": e.at,
                "user": e.user,
                "note": e.note,
                "fills": [f.to_json() for f in e.fills],
            }
            for e in run.events
        ],
    }


def _trade_json(run: Run, trade: dict[str, Any]) -> dict[str, Any]:
    accounts = run.body.get("accounts", {})
    keys = ("id", "account", "action", "symbol", "quantity", "price", "amount", "reason")
    return {
        **{k: trade[k] for k in keys},
        "discretionary": accounts.get(trade["account"], {}).get("discretionary", True),
        "rationale": trade["rationale"],
        "executed_quantity": str(run.filled(trade["id"])),
    }


def in_period(run: Run, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether the run was recorded between ``start`` and ``end`` (inclusive, UTC dates)."""
    day = dt.date.fromisoformat(run.recorded_at[:10])
    return (start is None or start <= day) and (end is None or day <= end)


CSV_COLUMNS = (
    "run",
    "household",
    "recorded_at",
    "as_of",
    "recommended_by",
    "account",
    "account_number",
    "discretionary",
    "trade",
    "action",
    "symbol",
    "quantity",
    "price",
    "amount",
    "reason",
    "rationale",
    "status",
    "approved_or_rejected_by",
    "approved_or_rejected_at",
    "approval_note",
    "executed_quantity",
    "executed_average_price",
    "executed_dates",
    "executions_recorded_by",
    "input_sha256",
)


def export_csv(runs: tuple[Run, ...]) -> bytes:
    """The examiner's CSV: one row per trade of every run, the memorandum fields."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for run in runs:
        for trade in run.trades:
            writer.writerow(_csv_row(run, trade))
    return buffer.getvalue().encode("utf-8")


def _csv_row(run: Run, trade: dict[str, Any]) -> list[str]:
    decision = next(
        (e for e in run.events if e.kind in (EventKind.APPROVED, EventKind.REJECTED)), None
    )
    fills = [f for f in run.fills if f.trade == trade["id"]]
    filled = sum((f.quantity for f in fills), Decimal(0))
    average = sum((f.quantity * f.price for f in fills), Decimal(0)) / filled if filled else None
    placers = dict.fromkeys(
        e.user for e in run.events if any(f.trade == trade["id"] for f in e.fills)
    )
    account = run.body.get("accounts", {}).get(trade["account"], {})
    return [
        str(run.number),
        run.household,
        run.recorded_at,
        str(run.plan.get("as_of", "")),
        run.user,
        trade["account"],
        str(account.get("number", "")),
        "yes" if account.get("discretionary", True) else "no",
        trade["id"],
        trade["action"],
        trade["symbol"],
        trade["quantity"],
        trade["price"],
        trade["amount"],
        trade["reason"],
        trade["rationale"],
        run.status.value,
        decision.user if decision else "",
        decision.at if decision else "",
        decision.note if decision else "",
        str(filled),
        "" if average is None else str(average.quantize(Decimal("0.0001"))),
        " ".join(sorted({f.date.isoformat() for f in fills})),
        " ".join(placers),
        str(run.body.get("input", {}).get("sha256", "")),
    ]


def render_json(document: dict[str, Any]) -> bytes:
    """A document as the CLI prints and writes it."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
