"""The ``trimtab.check/1`` document (``trimtab check --json``: the what-if of a trade list) and
its schema. Warnings are problem objects (:func:`trimtab.report.json.problems.problem_json`)
with severity ``warning``; the wash-sale pieces are in :mod:`trimtab.report.json.wash`.
"""

from __future__ import annotations

from typing import Any

from trimtab.errors import Problem
from trimtab.model.enums import ReliefMethod
from trimtab.model.household import Household
from trimtab.money import money_str, shares_str
from trimtab.report.json.problems import problem_json
from trimtab.report.json.schema_parts import (
    DATE,
    MONEY,
    PROBLEMS,
    SHARES,
    closed_object,
    document_schema,
)
from trimtab.report.json.tax_parts import (
    TERM,
    calendar_schema,
    estimate_json,
    estimate_schema,
    open_lot_json,
    open_lot_properties,
    wash_kind,
)
from trimtab.report.json.wash import (
    adjusted_lot_fields,
    calendar_json,
    wash_fields,
)
from trimtab.tax.realize import RealizedLot, TradeResult
from trimtab.tax.whatif import WhatIf

CHECK_FORMAT = "trimtab.check/1"


def realized_json(r: RealizedLot) -> dict[str, Any]:
    """One lot sold by one trade."""
    return {
        "trade": r.trade,
        "account": r.account,
        "symbol": r.symbol,
        "lot_id": r.lot_id,
        "acquired": r.acquired.isoformat(),
        "holding_period_start": r.holding_period_start.isoformat(),
        "sold": r.sold.isoformat(),
        "quantity": shares_str(r.quantity),
        "proceeds": money_str(r.proceeds),
        "cost": money_str(r.cost),
        "gain": money_str(r.gain),
        "term": r.term,
        "taxed_here": r.taxed_here,
        "in_estimate": r.in_estimate,
    }


def trade_result_json(t: TradeResult) -> dict[str, Any]:
    """One applied trade and its totals."""
    return {
        "id": t.trade.id,
        "date": t.trade.date.isoformat(),
        "account": t.trade.account,
        "action": t.trade.action.value,
        "symbol": t.trade.symbol,
        "quantity": shares_str(t.trade.quantity),
        "amount": money_str(t.proceeds),
        "relief_method": None if t.method is None else t.method.value,
        "cost": money_str(t.cost),
        "gain_short": money_str(t.short_term_gain),
        "gain_long": money_str(t.long_term_gain),
        "taxed_here": t.taxed_here,
    }


def check_document(
    household: Household,
    check: WhatIf,
    warnings: tuple[Problem, ...],
    relief_method: ReliefMethod | None = None,
) -> dict[str, Any]:
    """The ``trimtab.check/1`` document: what a trade list realizes and what it costs in tax.

    Each realized row carries its wash (the deductible loss is gain + wash_disallowed); each lot
    after the trades its wash adjustment (already in its cost and holding period start); the
    estimates count only the deductible part of washed losses.
    """
    realization = check.realization
    return {
        "format": CHECK_FORMAT,
        "household": household.name,
        "as_of": household.as_of.isoformat(),
        "tax_year": household.tax.year,
        "relief_method": None if relief_method is None else relief_method.value,
        "trades": [trade_result_json(t) for t in realization.trades],
        "realized": [
            {**realized_json(r), **wash_fields(check.wash_of(r))} for r in realization.realized
        ],
        "lots_after": [
            {**open_lot_json(a.lot), **adjusted_lot_fields(a)} for a in check.lots_after
        ],
        "wash_sale_calendar": [calendar_json(e) for e in check.washes.calendar],
        "estimate": estimate_json(check.estimate),
        "without": estimate_json(check.without),
        "marginal": estimate_json(check.marginal),
        "warnings": [problem_json(p) for p in warnings + check.warnings],
    }


RELIEF_OR_NULL = {"anyOf": [{"enum": [m.value for m in ReliefMethod]}, {"type": "null"}]}


def replacement_schema() -> dict[str, Any]:
    from trimtab.tax.wash import ReplacementKind

    return closed_object(
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


def check_schema() -> dict[str, Any]:
    trade = closed_object(
        {
            "id": {"type": "string"},
            "date": DATE,
            "account": {"type": "string"},
            "action": {"enum": ["buy", "sell"]},
            "symbol": {"type": "string"},
            "quantity": SHARES,
            "amount": MONEY,
            "relief_method": RELIEF_OR_NULL,
            "cost": MONEY,
            "gain_short": MONEY,
            "gain_long": MONEY,
            "taxed_here": {"type": "boolean"},
        },
        "amount: net proceeds of a sell, total cost of a buy",
    )
    realized = closed_object(
        {
            "trade": {"type": "string"},
            **{k: v for k, v in open_lot_properties().items() if k not in {"quantity", "cost"}},
            "sold": DATE,
            "quantity": SHARES,
            "proceeds": MONEY,
            "cost": MONEY,
            "gain": MONEY,
            "term": TERM,
            "taxed_here": {"type": "boolean"},
            "in_estimate": {"type": "boolean"},
            "wash": wash_kind(),
            "wash_disallowed": {**MONEY, "description": "the loss disallowed, positive"},
            "wash_permanent": {**MONEY, "description": "the part of it lost for good"},
            "replacements": {"type": "array", "items": replacement_schema()},
        },
        "one lot sold by one trade; gain = proceeds − cost, loss negative; the loss deducted "
        "is gain + wash_disallowed",
    )
    lot_after = closed_object(
        {
            **open_lot_properties(),
            "wash_adjustment": {
                **MONEY,
                "description": "disallowed loss added to cost (holding_period_start is tacked)",
            },
        },
        "an open lot after the trades; a replacement washed in part splits into <id>.<sale> "
        "and <id>.rest",
    )
    return document_schema(
        CHECK_FORMAT,
        "What a trade list realizes and what it costs in tax (trimtab check --json).",
        {
            "household": {"type": "string"},
            "as_of": DATE,
            "tax_year": {"type": "integer"},
            "relief_method": RELIEF_OR_NULL,
            "trades": {"type": "array", "items": trade},
            "realized": {"type": "array", "items": realized},
            "lots_after": {"type": "array", "items": lot_after},
            "wash_sale_calendar": calendar_schema(),
            "estimate": estimate_schema(),
            "without": estimate_schema(),
            "marginal": estimate_schema(),
            "warnings": PROBLEMS,
        },
    )
