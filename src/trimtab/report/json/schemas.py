"""JSON Schemas of the documents trimtab reads and prints (``trimtab schema NAME``).

Input documents take their schema from the pydantic document classes in
:mod:`trimtab.load.document`; output documents are described here.

Each schema imports what it needs when it is built, so that the CLI can list the names
(``SCHEMAS``) without loading the importers, the plan's modules or the tax engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trimtab.model.enums import ReliefMethod
from trimtab.report.json.documents import DRIFT_FORMAT, SECURITIES_FORMAT, STATE_FORMAT
from trimtab.report.json.schema_parts import (
    ASSET_CLASS,
    DATE,
    MONEY,
    MONEY_OR_NULL,
    PERCENT,
    SHARES,
    closed_object,
    document_schema,
)

_PROBLEM = {
    "type": "object",
    "required": ["file", "line", "column", "field", "kind", "message", "expected", "severity"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string", "description": "the input file"},
        "line": {"type": "integer", "minimum": 0, "description": "1-based line, 0 if unknown"},
        "column": {"type": "integer", "minimum": 0, "description": "1-based column"},
        "field": {"type": "string", "description": "dotted field path, e.g. accounts[0].cash"},
        "kind": {"type": "string", "description": "stable machine-readable problem kind"},
        "message": {"type": "string"},
        "expected": {"type": "string", "description": "what was expected ('' if nothing)"},
        "severity": {"enum": ["error", "warning"]},
    },
}


def _problems_schema() -> dict[str, Any]:
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
            "problems": {"type": "array", "items": _PROBLEM},
        },
    }


def _household_schema() -> dict[str, Any]:
    from trimtab.load.document import HouseholdDocument

    schema = HouseholdDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "trimtab.household/1"
    return schema


def _settings_schema() -> dict[str, Any]:
    from trimtab.load.document import SettingsFileDoc

    schema = SettingsFileDoc.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "trimtab.settings/1"
    return schema


_object = closed_object
_document = document_schema


def _state_schema() -> dict[str, Any]:
    lot = _object(
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
    holding = _object(
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
    account = _object(
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
    return _document(
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
            "concentration": _concentration_schema(),
        },
    )


def _concentration_schema() -> dict[str, Any]:
    from trimtab.report.json.concentration import CONCENTRATION_SCHEMA

    return CONCENTRATION_SCHEMA


def _drift_schema() -> dict[str, Any]:
    row = _object(
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
    return _document(
        DRIFT_FORMAT,
        "The drift table (trimtab drift --json).",
        {
            "household": {"type": "string"},
            "as_of": DATE,
            "total_value": MONEY,
            "drift": {"type": "array", "items": row},
            "concentration": _concentration_schema(),
        },
    )


def _securities_schema() -> dict[str, Any]:
    row = _object(
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
    return _document(
        SECURITIES_FORMAT,
        "Securities master rows (trimtab securities --json).",
        {
            "query": {"type": "string"},
            "securities": {"type": "array", "items": row},
        },
    )


def _trades_schema() -> dict[str, Any]:
    from trimtab.load.trades_document import TRADES_FORMAT, TradesDocument

    schema = TradesDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = TRADES_FORMAT
    return schema


_PROBLEMS = {"type": "array", "items": _PROBLEM}
_TERM = {"enum": ["short", "long"]}
_RELIEF_OR_NULL = {"anyOf": [{"enum": [m.value for m in ReliefMethod]}, {"type": "null"}]}


def _estimate_schema() -> dict[str, Any]:
    """The estimate shape shared by every document that reports tax."""
    names = (
        "net_short_term",
        "net_long_term",
        "capital_loss_deduction",
        "carryforward_out",
        "ordinary_tax",
        "preferential_tax",
        "regular_tax_on_all_income",
        "income_tax",
        "niit",
        "state",
        "total",
    )
    properties: dict[str, Any] = {name: MONEY for name in names}
    properties["carryforward_out"] = _object({"short": MONEY, "long": MONEY})
    return _object(properties, "the tax year's estimate (docs/tax-rules.md §4)")


def _open_lot_properties() -> dict[str, Any]:
    return {
        "account": {"type": "string"},
        "symbol": {"type": "string"},
        "lot_id": {"type": "string"},
        "acquired": DATE,
        "holding_period_start": DATE,
        "quantity": SHARES,
        "cost": MONEY,
    }


def _wash_kind() -> dict[str, Any]:
    from trimtab.tax.wash import WashKind

    return {
        "enum": [k.value for k in WashKind],
        "description": "none; deferred (into the replacements' basis); permanent (any part lost "
        "for good: a replacement bought in an IRA, or in an employer plan while "
        "plan_purchase_washes_permanently is on)",
    }


def _replacement_schema() -> dict[str, Any]:
    from trimtab.tax.wash import ReplacementKind

    return _object(
        {
            "kind": {"enum": [k.value for k in ReplacementKind]},
            "id": {
                "type": "string",
                "description": "trade id, transactions[i], lot id, or recurring[i]@date",
            },
            "account": {"type": "string"},
            "symbol": {"type": "string"},
            "date": DATE,
            "quantity": {**SHARES, "description": "replacement shares used for this loss"},
            "disallowed": {**MONEY, "description": "the part of the loss these shares take"},
            "permanent": {"type": "boolean", "description": "bought where the loss is lost"},
            "estimated": {"type": "boolean", "description": "date or shares are estimates"},
        },
        "a purchase within 30 days before or after the loss sale that replaces sold shares",
    )


def _calendar_schema() -> dict[str, Any]:
    return {
        "type": "array",
        "items": _object(
            {
                "symbols": {"type": "array", "items": {"type": "string"}},
                "sold_on": {**DATE, "description": "the group's latest loss sale"},
                "no_buy_until": {**DATE, "description": "sold_on + 30: the last day a buy washes"},
            },
            "a group of substantially identical securities sold at a loss whose window is open",
        ),
    }


def _check_schema() -> dict[str, Any]:
    from trimtab.report.json.tax import CHECK_FORMAT

    trade = _object(
        {
            "id": {"type": "string"},
            "date": DATE,
            "account": {"type": "string"},
            "action": {"enum": ["buy", "sell"]},
            "symbol": {"type": "string"},
            "quantity": SHARES,
            "amount": MONEY,
            "relief_method": _RELIEF_OR_NULL,
            "cost": MONEY,
            "gain_short": MONEY,
            "gain_long": MONEY,
            "taxed_here": {"type": "boolean"},
        },
        "amount: net proceeds of a sell, total cost of a buy",
    )
    realized = _object(
        {
            "trade": {"type": "string"},
            **{k: v for k, v in _open_lot_properties().items() if k not in {"quantity", "cost"}},
            "sold": DATE,
            "quantity": SHARES,
            "proceeds": MONEY,
            "cost": MONEY,
            "gain": MONEY,
            "term": _TERM,
            "taxed_here": {"type": "boolean"},
            "in_estimate": {"type": "boolean"},
            "wash": _wash_kind(),
            "wash_disallowed": {**MONEY, "description": "the loss disallowed, positive"},
            "wash_permanent": {**MONEY, "description": "the part of it lost for good"},
            "replacements": {"type": "array", "items": _replacement_schema()},
        },
        "one lot sold by one trade; gain = proceeds − cost, loss negative; the loss deducted "
        "is gain + wash_disallowed",
    )
    lot_after = _object(
        {
            **_open_lot_properties(),
            "wash_adjustment": {
                **MONEY,
                "description": "disallowed loss added to cost (holding_period_start is tacked)",
            },
        },
        "an open lot after the trades; a replacement washed in part splits into <id>.<sale> "
        "and <id>.rest",
    )
    return _document(
        CHECK_FORMAT,
        "What a trade list realizes and what it costs in tax (trimtab check --json).",
        {
            "household": {"type": "string"},
            "as_of": DATE,
            "tax_year": {"type": "integer"},
            "relief_method": _RELIEF_OR_NULL,
            "trades": {"type": "array", "items": trade},
            "realized": {"type": "array", "items": realized},
            "lots_after": {"type": "array", "items": lot_after},
            "wash_sale_calendar": _calendar_schema(),
            "estimate": _estimate_schema(),
            "without": _estimate_schema(),
            "marginal": _estimate_schema(),
            "warnings": _PROBLEMS,
        },
    )


def _tax_schema() -> dict[str, Any]:
    from trimtab.report.json.rmd import RMD_ROW_SCHEMA
    from trimtab.report.json.tax import TAX_FORMAT

    unrealized = _object(
        {
            "account": {"type": "string"},
            "type": {"type": "string"},
            "gains_taxed_here": {"type": "boolean"},
            "short": MONEY,
            "long": MONEY,
            "total": MONEY,
            "without_lots": {"type": "array", "items": {"type": "string"}},
        },
        "gains over the holdings whose cost is known; without_lots lists the others",
    )
    harvestable = _object(
        {
            **_open_lot_properties(),
            "price": MONEY,
            "market_value": MONEY,
            "loss": MONEY,
            "loss_pct": PERCENT,
            "term": _TERM,
            "wash_if_sold_today": _wash_kind(),
            "wash_disallowed_if_sold_today": MONEY,
            "wash_reason": {"type": "string", "description": "the replacement purchases"},
        },
        "a lot of a taxable account of this return whose sale would realize a loss of at "
        "least harvest_min_loss dollars and harvest_min_pct percent of its cost, with the "
        "wash check of selling all of it on as_of",
    )
    return _document(
        TAX_FORMAT,
        "Unrealized gains, harvestable losses, the wash-sale calendar, the required minimum "
        "distributions and the year's estimate (trimtab tax --json).",
        {
            "household": {"type": "string"},
            "as_of": DATE,
            "tax_year": {"type": "integer"},
            "unrealized_short": MONEY,
            "unrealized_long": MONEY,
            "unrealized": {"type": "array", "items": unrealized},
            "harvestable": {"type": "array", "items": harvestable},
            "wash_sale_calendar": _calendar_schema(),
            "rmd": {"type": "array", "items": RMD_ROW_SCHEMA},
            "estimate": _estimate_schema(),
            "warnings": _PROBLEMS,
        },
    )


def _plan_schema() -> dict[str, Any]:
    from trimtab.report.json.plan_schema import plan_schema

    return plan_schema()


def _account_map_schema() -> dict[str, Any]:
    from trimtab.importers import account_map_schema

    return account_map_schema()


def _import_schema() -> dict[str, Any]:
    from trimtab.report.json.imports import import_schema

    return import_schema()


def _location_schema() -> dict[str, Any]:
    from trimtab.report.json.location import location_schema

    return location_schema()


def _book_schema() -> dict[str, Any]:
    from trimtab.report.json.book import book_schema

    return book_schema(_PROBLEM)


def _journal_schema() -> dict[str, Any]:
    from trimtab.report.json.journal_schema import journal_schema

    return journal_schema()


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "household": _household_schema,
    "problems": _problems_schema,
    "settings": _settings_schema,
    "state": _state_schema,
    "drift": _drift_schema,
    "securities": _securities_schema,
    "trades": _trades_schema,
    "check": _check_schema,
    "tax": _tax_schema,
    "plan": _plan_schema,
    "account-map": _account_map_schema,
    "import": _import_schema,
    "location": _location_schema,
    "book": _book_schema,
    "journal": _journal_schema,
}
