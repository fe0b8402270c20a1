"""The ``trimtab.import/1`` document printed by ``trimtab import --json``.

Each account says what the import did to it (issue 23): ``holdings_added`` and
``holdings_removed`` (symbol, shares), ``holdings_changed`` (symbol, shares before and after),
``lots_added``, ``cash_before`` (``cash`` is the cash after; null when the exports did not
state it, so it is unchanged), ``positions_stated`` (false: the exports state no position
list, the holdings were left as they are) and ``skipped`` (why, how many history rows).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from trimtab.money import money_str, shares_str
from trimtab.report.json.problems import problem_json

if TYPE_CHECKING:
    from trimtab.importers import ImportResult
    from trimtab.importers.run import AccountSummary

IMPORT_FORMAT = "trimtab.import/1"


def import_document(result: ImportResult) -> dict[str, Any]:
    """What an import found and did (nothing is written when ``ok`` is false)."""
    s = result.summary
    return {
        "format": IMPORT_FORMAT,
        "into": s.into,
        "ok": result.ok,
        "created": s.created,
        "changed": s.changed,
        "as_of": None if s.as_of is None else s.as_of.isoformat(),
        "sources": [
            {
                "file": x.file,
                "format": None if x.format is None else str(x.format),
                "accounts": list(x.accounts),
                "holdings": x.holdings,
                "lots": x.lots,
                "trades": x.trades,
            }
            for x in s.sources
        ],
        "accounts": [_account(a) for a in s.accounts],
        "prices": s.prices,
        "transactions": s.transactions,
        "problems": [problem_json(p) for p in result.problems],
    }


def _account(a: AccountSummary) -> dict[str, Any]:
    c = a.changes
    return {
        "id": a.id,
        "number": a.number,
        "type": a.type,
        "type_from": a.type_from,
        "export_name": a.export_name,
        "added": a.added,
        "cash": None if a.cash is None else money_str(a.cash),
        "holdings": a.holdings,
        "positions_stated": a.holdings is not None,
        "cash_before": None if c.cash_before is None else money_str(c.cash_before),
        "holdings_added": [_shares(h.symbol, h.after) for h in c.added],
        "holdings_changed": [
            {
                "symbol": h.symbol,
                "before": None if h.before is None else shares_str(h.before),
                "after": None if h.after is None else shares_str(h.after),
            }
            for h in c.changed
        ],
        "holdings_removed": [_shares(h.symbol, h.before) for h in c.removed],
        "lots_added": c.lots_added,
        "skipped": [{"reason": why, "rows": n} for why, n in a.skipped],
    }


def _shares(symbol: str, quantity: Decimal | None) -> dict[str, Any]:
    return {"symbol": symbol, "quantity": None if quantity is None else shares_str(quantity)}


def import_schema() -> dict[str, Any]:
    """The JSON Schema of the import document."""
    nullable_text = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    shares = {
        "type": "object",
        "required": ["symbol", "quantity"],
        "properties": {"symbol": {"type": "string"}, "quantity": nullable_text},
    }
    account = {
        "type": "object",
        "required": [
            "id",
            "number",
            "type",
            "type_from",
            "export_name",
            "added",
            "cash",
            "holdings",
            "positions_stated",
            "cash_before",
            "holdings_added",
            "holdings_changed",
            "holdings_removed",
            "lots_added",
            "skipped",
        ],
        "properties": {
            "id": {"type": "string"},
            "number": {"type": "string"},
            "type": {"type": "string"},
            "type_from": {"type": "string"},
            "export_name": {"type": "string"},
            "added": {"type": "boolean"},
            "cash": nullable_text,
            "holdings": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "positions_stated": {"type": "boolean"},
            "cash_before": nullable_text,
            "holdings_added": {"type": "array", "items": shares},
            "holdings_changed": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["symbol", "before", "after"],
                    "properties": {
                        "symbol": {"type": "string"},
                        "before": nullable_text,
                        "after": nullable_text,
                    },
                },
            },
            "holdings_removed": {"type": "array", "items": shares},
            "lots_added": {"type": "integer", "minimum": 0},
            "skipped": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["reason", "rows"],
                    "properties": {
                        "reason": {"type": "string"},
                        "rows": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": IMPORT_FORMAT,
        "type": "object",
        "required": [
            "format",
            "into",
            "ok",
            "created",
            "changed",
            "as_of",
            "sources",
            "accounts",
            "prices",
            "transactions",
            "problems",
        ],
        "properties": {
            "format": {"const": IMPORT_FORMAT},
            "into": {"type": "string"},
            "ok": {"type": "boolean"},
            "created": {"type": "boolean"},
            "changed": {"type": "boolean"},
            "as_of": nullable_text,
            "sources": {"type": "array", "items": {"type": "object"}},
            "accounts": {"type": "array", "items": account},
            "prices": {"type": "integer"},
            "transactions": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "problems": {"type": "array", "items": {"type": "object"}},
        },
    }
