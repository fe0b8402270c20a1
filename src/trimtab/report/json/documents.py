"""Versioned JSON documents printed by ``--json`` (schemas in :mod:`trimtab.report.json.schemas`).

Decimals are JSON strings rounded half-up only here: cents for money, six places
for shares, four for percents.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from trimtab.analysis.drift import Drift, DriftRow
from trimtab.analysis.state import AccountState, HoldingState, HouseholdState, LotState
from trimtab.errors import Problem, Severity
from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.money import money_str, percent_str, shares_str
from trimtab.report.json.schema_parts import (
    ASSET_CLASS,
    DATE,
    MONEY,
    MONEY_OR_NULL,
    PERCENT,
    PROBLEM,
    SHARES,
    closed_object,
    document_schema,
)

PROBLEMS_FORMAT = "trimtab.problems/1"


def problem_json(p: Problem) -> dict[str, Any]:
    """One problem as a JSON object."""
    return {
        "file": p.source.file,
        "line": p.source.line,
        "column": p.source.column,
        "field": p.field,
        "kind": p.kind,
        "message": p.message,
        "expected": p.expected,
        "severity": p.severity.value,
    }


def problems_document(file: str, problems: tuple[Problem, ...]) -> dict[str, Any]:
    """The ``trimtab.problems/1`` document of a validation run."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return {
        "format": PROBLEMS_FORMAT,
        "file": file,
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [problem_json(p) for p in problems],
    }


def render_json(document: dict[str, Any]) -> bytes:
    """A document as UTF-8 JSON bytes, indented, with a final newline. JSON escapes the C0
    controls itself; DEL and the C1 controls are written ``\\u007f``..``\\u009f`` too (the
    same strings), so no terminal control character reaches a terminal the JSON is shown on."""
    text = indented_json(document)
    if _JSON_CONTROLS.search(text) is not None:  # rare: a scan costs little beside a copy
        text = _JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return (text + "\n").encode("utf-8")


_JSON_CONTROLS = re.compile("[\x7f-\x9f]")


def indented_json(document: Any) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False)``, the same text, faster.

    The standard library writes indented JSON with its pure-Python encoder, a generator per
    nested object; this writes the same text into one list. A value of any other type (or a
    key that is not a string, a number, a bool or None) goes to ``json.dumps``, which gives the
    same text or the same error.
    """
    out: list[str] = []
    try:
        _put(document, out, "\n")
    except _Unusual:
        return json.dumps(document, indent=2, ensure_ascii=False)
    return "".join(out)


class _Unusual(Exception):
    """A value the fast writer leaves to ``json.dumps``."""


_quote = json.encoder.encode_basestring  # ensure_ascii=False: the characters kept


def _put(value: Any, out: list[str], newline: str) -> None:
    """Append ``value``'s JSON; ``newline``: a line break and the indent of its level."""
    if isinstance(value, str):
        out.append(_quote(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, list | tuple):
        _put_list(value, out, newline)
    elif isinstance(value, dict):
        _put_dict(value, out, newline)
    else:
        raise _Unusual


def _put_list(values: list[Any] | tuple[Any, ...], out: list[str], newline: str) -> None:
    if not values:
        out.append("[]")
        return
    inner = newline + "  "
    separator = "[" + inner
    for value in values:
        out.append(separator)
        separator = "," + inner
        _put(value, out, inner)
    out.append(newline + "]")


def _put_dict(values: dict[Any, Any], out: list[str], newline: str) -> None:
    if not values:
        out.append("{}")
        return
    inner = newline + "  "
    separator = "{" + inner
    for key, value in values.items():
        head = separator + _quote(key if isinstance(key, str) else _key(key)) + ": "
        separator = "," + inner
        if isinstance(value, str):  # most values: one piece, no call
            out.append(head + _quote(value))
        else:
            out.append(head)
            _put(value, out, inner)
    out.append(newline + "}")


def _key(key: Any) -> str:
    """A key that is not a string, as ``json.dumps`` writes it (before quoting)."""
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise _Unusual


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


STATE_FORMAT = "trimtab.state/1"
DRIFT_FORMAT = "trimtab.drift/1"
SECURITIES_FORMAT = "trimtab.securities/1"


def _money_or_none(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _lot_json(lot: LotState) -> dict[str, Any]:
    return {
        "lot_id": lot.lot_id,
        "acquired": lot.acquired.isoformat(),
        "holding_period_start": lot.holding_period_start.isoformat(),
        "origin": lot.origin.value,
        "quantity": shares_str(lot.quantity),
        "cost": money_str(lot.cost),
        "market_value": money_str(lot.market_value),
        "unrealized_gain": money_str(lot.unrealized_gain),
        "term": "long" if lot.long_term else "short",
        "days_to_long_term": lot.days_to_long_term,
    }


def _holding_json(h: HoldingState) -> dict[str, Any]:
    return {
        "symbol": h.symbol,
        "quantity": shares_str(h.quantity),
        "price": money_str(h.price),
        "market_value": money_str(h.market_value),
        "cost": _money_or_none(h.cost),
        "unrealized_gain": _money_or_none(h.unrealized_gain),
        "unrealized_short": _money_or_none(h.unrealized_short),
        "unrealized_long": _money_or_none(h.unrealized_long),
        "basis_unknown": h.basis_unknown,
        "lots": [_lot_json(lot) for lot in h.lots],
    }


def _account_json(a: AccountState) -> dict[str, Any]:
    return {
        "account": a.account_id,
        "type": a.type.value,
        "gains_taxed_here": a.gains_taxed_here,
        "market_value": money_str(a.market_value),
        "cash": money_str(a.cash),
        "total_value": money_str(a.total_value),
        "cost": money_str(a.cost),
        "unrealized_short": money_str(a.unrealized_short),
        "unrealized_long": money_str(a.unrealized_long),
        "holdings": [_holding_json(h) for h in a.holdings],
    }


def state_document(household: Household, state: HouseholdState) -> dict[str, Any]:
    """The ``trimtab.state/1`` document: value, cost and unrealized gain per lot and account."""
    return {
        "format": STATE_FORMAT,
        "household": household.name,
        "as_of": state.as_of.isoformat(),
        "total_value": money_str(state.total_value),
        "cash": money_str(state.cash),
        "unrealized_short": money_str(state.unrealized_short),
        "unrealized_long": money_str(state.unrealized_long),
        "accounts": [_account_json(a) for a in state.accounts],
        "concentration": _concentration(household),
    }


def drift_row_json(r: DriftRow) -> dict[str, Any]:
    """One row of the drift table."""
    return {
        "asset_class": r.asset_class.value,
        "target_pct": percent_str(r.target_pct),
        "current_pct": percent_str(r.current_pct),
        "drift_pct": percent_str(r.drift_pct),
        "current_value": money_str(r.current_value),
        "over_under": money_str(r.over_under),
        "width_pct": percent_str(r.width),
        "low_pct": percent_str(r.low_pct),
        "high_pct": percent_str(r.high_pct),
        "outside": r.outside,
    }


def drift_document(household: Household, drift: Drift) -> dict[str, Any]:
    """The ``trimtab.drift/1`` document."""
    return {
        "format": DRIFT_FORMAT,
        "household": household.name,
        "as_of": household.as_of.isoformat(),
        "total_value": money_str(drift.total_value),
        "drift": [drift_row_json(r) for r in drift.rows],
        "concentration": _concentration(household),
    }


def _concentration(household: Household) -> list[dict[str, Any]]:
    """The single stocks above the concentration limit (report/json/concentration.py)."""
    from trimtab.analysis.concentration import concentrated_positions
    from trimtab.report.json.concentration import concentrations_json

    return concentrations_json(concentrated_positions(household))


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


# --- schemas, beside the builders above ---------------------------------------------------


def problems_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "trimtab.problems/1",
        "description": "The result of validating an input file (trimtab validate --json).",
        "type": "object",
        "required": ["format", "file", "ok", "errors", "warnings", "problems"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "trimtab.problems/1"},
            "file": {"type": "string"},
            "ok": {"type": "boolean", "description": "true when there is no error"},
            "errors": {"type": "integer", "minimum": 0},
            "warnings": {"type": "integer", "minimum": 0},
            "problems": {"type": "array", "items": PROBLEM},
        },
    }


def state_schema() -> dict[str, Any]:
    lot = closed_object(
        {
            "lot_id": {"type": "string"},
            "acquired": DATE,
            "holding_period_start": DATE,
            "origin": {"enum": ["purchase", "inheritance", "gift"]},
            "quantity": SHARES,
            "cost": MONEY,
            "market_value": MONEY,
            "unrealized_gain": MONEY,
            "term": {"enum": ["short", "long"]},
            "days_to_long_term": {"type": "integer", "minimum": 0},
        }
    )
    holding = closed_object(
        {
            "symbol": {"type": "string"},
            "quantity": SHARES,
            "price": MONEY,
            "market_value": MONEY,
            "cost": MONEY_OR_NULL,
            "unrealized_gain": MONEY_OR_NULL,
            "unrealized_short": MONEY_OR_NULL,
            "unrealized_long": MONEY_OR_NULL,
            "basis_unknown": {"type": "boolean"},
            "lots": {"type": "array", "items": lot},
        },
        "cost and gains are null when not every share is in a lot",
    )
    account = closed_object(
        {
            "account": {"type": "string"},
            "type": {"type": "string"},
            "gains_taxed_here": {"type": "boolean"},
            "market_value": MONEY,
            "cash": MONEY,
            "total_value": MONEY,
            "cost": MONEY,
            "unrealized_short": MONEY,
            "unrealized_long": MONEY,
            "holdings": {"type": "array", "items": holding},
        }
    )
    return document_schema(
        STATE_FORMAT,
        "Current state: value, cost and unrealized gain (trimtab state "
        "--json). Household gains: taxable accounts of this return only.",
        {
            "household": {"type": "string"},
            "as_of": DATE,
            "total_value": MONEY,
            "cash": MONEY,
            "unrealized_short": MONEY,
            "unrealized_long": MONEY,
            "accounts": {"type": "array", "items": account},
            "concentration": concentration_schema(),
        },
    )


def concentration_schema() -> dict[str, Any]:
    from trimtab.report.json.concentration import CONCENTRATION_SCHEMA

    return CONCENTRATION_SCHEMA


def drift_schema() -> dict[str, Any]:
    row = closed_object(
        {
            "asset_class": ASSET_CLASS,
            "target_pct": PERCENT,
            "current_pct": PERCENT,
            "drift_pct": PERCENT,
            "current_value": MONEY,
            "over_under": MONEY,
            "width_pct": PERCENT,
            "low_pct": PERCENT,
            "high_pct": PERCENT,
            "outside": {"type": "boolean"},
        },
        "drift_pct = current − target; over_under = current $ − target $ (positive: over)",
    )
    return document_schema(
        DRIFT_FORMAT,
        "The drift table (trimtab drift --json).",
        {
            "household": {"type": "string"},
            "as_of": DATE,
            "total_value": MONEY,
            "drift": {"type": "array", "items": row},
            "concentration": concentration_schema(),
        },
    )


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
