"""The ``trimtab.securities/1`` document (``trimtab securities --json``) and its schema: the
rows of the shipped securities master that match a query.
"""

from __future__ import annotations

from typing import Any

from trimtab.model.security import Security
from trimtab.money import percent_str
from trimtab.report.json.schema_parts import (
    DATE,
    PERCENT,
    closed_object,
    document_schema,
)

SECURITIES_FORMAT = "trimtab.securities/1"


def security_json(s: Security) -> dict[str, Any]:
    """One row of the securities master."""
    return {
        "symbol": s.symbol,
        "name": s.name,
        "type": s.type.value,
        "asset_class": {c.asset_class.value: percent_str(c.weight * 100) for c in s.classes},
        "whole_shares": s.whole_shares,
        "expense_ratio": None if s.expense_ratio is None else str(s.expense_ratio),
        "index": s.index,
        "tags": list(s.tags),
        "harvest_partners": list(s.harvest_partners),
        "source": s.source,
        "as_of": None if s.as_of is None else s.as_of.isoformat(),
        "unverified": s.unverified,
    }


def securities_document(securities: tuple[Security, ...], query: str) -> dict[str, Any]:
    """The ``trimtab.securities/1`` document: the master rows matching ``query``."""
    return {
        "format": SECURITIES_FORMAT,
        "query": query,
        "securities": [security_json(s) for s in securities],
    }


def securities_schema() -> dict[str, Any]:
    row = closed_object(
        {
            "symbol": {"type": "string"},
            "name": {"type": "string"},
            "type": {"enum": ["etf", "stock", "mutual_fund", "money_market"]},
            "asset_class": {
                "type": "object",
                "additionalProperties": PERCENT,
                "description": "class -> percent of the security's value",
            },
            "whole_shares": {"type": "boolean"},
            "expense_ratio": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "index": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "harvest_partners": {"type": "array", "items": {"type": "string"}},
            "source": {"type": "string"},
            "as_of": {"anyOf": [DATE, {"type": "null"}]},
            "unverified": {"type": "boolean"},
        }
    )
    return document_schema(
        SECURITIES_FORMAT,
        "Securities master rows (trimtab securities --json).",
        {
            "query": {"type": "string"},
            "securities": {"type": "array", "items": row},
        },
    )
