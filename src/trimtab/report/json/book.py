"""The book document, ``trimtab.book/1`` (docs/book.md; schema: ``trimtab schema book``).

The drift monitor (every household, sorted by need: :mod:`trimtab.report.book_records`), the
book's totals and its block orders. Decimals are JSON strings rounded half-up only here: cents
for money, six places for shares, four for percent points.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from trimtab.money import money_str, percent_str, shares_str
from trimtab.report.block_trades import BlockOrder, block_orders
from trimtab.report.book_records import (
    BookSummary,
    FailureKind,
    HouseholdResult,
    HouseholdStatus,
)
from trimtab.report.json.problems import problem_json
from trimtab.report.json.schema_parts import (
    DATE,
    MONEY,
    PERCENT,
    SHARES,
    closed_object,
    document_schema,
)

BOOK_FORMAT = "trimtab.book/1"


def _household_json(r: HouseholdResult) -> dict[str, Any]:
    m = r.monitor
    return {
        "key": r.key,
        "file": r.file,
        "name": r.name,
        "as_of": None if r.as_of is None else r.as_of.isoformat(),
        "status": r.status.value,
        "failure": None if r.failure is None else r.failure.value,
        "message": r.message,
        "total_value": money_str(m.total_value),
        "classes_outside": list(m.classes_outside),
        "max_breach": percent_str(m.max_breach),
        "cash_due": money_str(m.cash_due),
        "rmd_due": money_str(m.rmd_due),
        "harvestable": money_str(m.harvestable),
        "planned": r.planned,
        "trades": len(r.trades),
        "turnover": money_str(r.turnover),
        "tax": money_str(r.tax),
        "costs": money_str(r.costs),
        "files": list(r.files),
        "problems": [problem_json(p) for p in r.problems],
    }


def _order_json(o: BlockOrder) -> dict[str, Any]:
    return {
        "id": o.id,
        "custodian": o.custodian,
        "action": o.action.value,
        "symbol": o.symbol,
        "quantity": shares_str(o.quantity),
        "allocations": [
            {
                "household": a.household,
                "account": a.trade.account,
                "account_number": a.trade.account_number,
                "trade_id": a.trade.trade_id,
                "quantity": shares_str(a.quantity),
                "price": money_str(a.trade.price),
            }
            for a in o.allocations
        ],
    }


def book_document(summary: BookSummary) -> dict[str, Any]:
    """The ``trimtab.book/1`` document of a book run."""
    t = summary.totals
    return {
        "format": BOOK_FORMAT,
        "trimtab_version": version("trimtab"),
        "monitor_only": summary.monitor_only,
        "totals": {
            "households": t.households,
            "failed": t.failed,
            "planned": t.planned,
            "by_status": {s.value: n for s, n in t.by_status},
            "trades": t.trades,
            "turnover": money_str(t.turnover),
            "tax": money_str(t.tax),
            "costs": money_str(t.costs),
        },
        "households": [_household_json(r) for r in summary.by_need],
        "block_orders": [_order_json(o) for o in block_orders(summary)],
    }


def book_schema(problem: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of ``trimtab.book/1``; ``problem``: the schema of one problem."""
    count = {"type": "integer", "minimum": 0}
    text = {"type": "string"}
    household = closed_object(
        {
            "key": {"type": "string", "description": "the household's folder under the output"},
            "file": {"type": "string", "description": "the household file as given"},
            "name": {"type": "string", "description": "'' when the file did not load"},
            "as_of": {"anyOf": [DATE, {"type": "null"}]},
            "status": {"enum": [s.value for s in HouseholdStatus]},
            "failure": {"enum": [*(f.value for f in FailureKind), None]},
            "message": text,
            "total_value": MONEY,
            "classes_outside": {"type": "array", "items": text},
            "max_breach": {**PERCENT, "description": "points beyond the band's edge"},
            "cash_due": MONEY,
            "rmd_due": MONEY,
            "harvestable": MONEY,
            "planned": {"type": "boolean"},
            "trades": count,
            "turnover": MONEY,
            "tax": MONEY,
            "costs": MONEY,
            "files": {"type": "array", "items": text},
            "problems": {"type": "array", "items": problem},
        }
    )
    allocation = closed_object(
        {
            "household": text,
            "account": text,
            "account_number": text,
            "trade_id": text,
            "quantity": SHARES,
            "price": MONEY,
        }
    )
    order = closed_object(
        {
            "id": text,
            "custodian": {"type": "string", "description": "'' when the account has none"},
            "action": {"enum": ["buy", "sell"]},
            "symbol": text,
            "quantity": SHARES,
            "allocations": {"type": "array", "items": allocation},
        }
    )
    totals = closed_object(
        {
            "households": count,
            "failed": count,
            "planned": count,
            "by_status": closed_object({s.value: count for s in HouseholdStatus}),
            "trades": count,
            "turnover": MONEY,
            "tax": MONEY,
            "costs": MONEY,
        }
    )
    return document_schema(
        BOOK_FORMAT,
        "A book run (trimtab book): the drift monitor sorted by need, totals, block orders.",
        {
            "trimtab_version": text,
            "monitor_only": {"type": "boolean"},
            "totals": totals,
            "households": {"type": "array", "items": household},
            "block_orders": {"type": "array", "items": order},
        },
    )
