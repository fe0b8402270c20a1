"""The ``trimtab.import/1`` document printed by ``trimtab import --json``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trimtab.money import money_str
from trimtab.report.json_docs import problem_json

if TYPE_CHECKING:
    from trimtab.importers import ImportResult

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
        "accounts": [
            {
                "id": a.id,
                "number": a.number,
                "type": a.type,
                "type_from": a.type_from,
                "export_name": a.export_name,
                "added": a.added,
                "cash": None if a.cash is None else money_str(a.cash),
                "holdings": a.holdings,
            }
            for a in s.accounts
        ],
        "prices": s.prices,
        "transactions": s.transactions,
        "problems": [problem_json(p) for p in result.problems],
    }


def import_schema() -> dict[str, Any]:
    """The JSON Schema of the import document."""
    nullable_text = {"anyOf": [{"type": "string"}, {"type": "null"}]}
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
            "accounts": {"type": "array", "items": {"type": "object"}},
            "prices": {"type": "integer"},
            "transactions": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "problems": {"type": "array", "items": {"type": "object"}},
        },
    }
