"""The JSON Schema of ``trimtab.journal/1``: the run journal's runs (``trimtab journal list
--json``, ``show --json``, ``export``), built by :mod:`trimtab.journal.documents`."""

from __future__ import annotations

from typing import Any

from trimtab.report.json.schema_parts import DATE, closed_object, document_schema

_TEXT = {"type": "string"}
_NUMBER = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "a decimal number"}
_STATUS = {"enum": ["proposed", "approved", "rejected", "partially_executed", "executed"]}


def _trade() -> dict[str, Any]:
    return closed_object(
        {
            "id": {"type": "string", "description": "the plan's trade id, P1, P2, …"},
            "account": _TEXT,
            "action": {"enum": ["buy", "sell"]},
            "symbol": _TEXT,
            "quantity": _NUMBER,
            "price": _NUMBER,
            "amount": _NUMBER,
            "reason": _TEXT,
            "discretionary": {"type": "boolean"},
            "rationale": _TEXT,
            "executed_quantity": _NUMBER,
        },
        "one planned trade and the shares executed so far",
    )


def _event() -> dict[str, Any]:
    fill = closed_object({"trade": _TEXT, "date": DATE, "quantity": _NUMBER, "price": _NUMBER})
    return closed_object(
        {
            "kind": {"enum": ["approved", "rejected", "executed"]},
            "at": {"type": "string", "description": "ISO 8601 UTC"},
            "user": _TEXT,
            "note": _TEXT,
            "fills": {"type": "array", "items": fill},
        },
        "one workflow step",
    )


def journal_schema() -> dict[str, Any]:
    """The schema of ``trimtab.journal/1``."""
    run = closed_object(
        {
            "id": {"type": "integer", "minimum": 1, "description": "the run's number"},
            "household": _TEXT,
            "recorded_at": {"type": "string", "description": "ISO 8601 UTC"},
            "user": {"type": "string", "description": "who ran it"},
            "status": _STATUS,
            "as_of": DATE,
            "input_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "trimtab_version": _TEXT,
            "tax_year": {"type": "integer"},
            "solver_status": _TEXT,
            "mode": _TEXT,
            "seconds": {"type": ["number", "null"], "description": "planning time"},
            "trades": {"type": "array", "items": _trade()},
            "events": {"type": "array", "items": _event()},
        },
        "one recorded run",
    )
    return document_schema(
        "trimtab.journal/1",
        "Runs of the run journal with their trades and workflow steps (docs/journal.md).",
        {"runs": {"type": "array", "items": run}},
    )
