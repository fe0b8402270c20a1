"""The ``trimtab.state/1`` document (``trimtab state --json``) and its schema: value, cost basis
and unrealized gain per lot, holding and account. Decimals are JSON strings rounded half-up only
here: cents for money, six places for shares, four for percents.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from trimtab.analysis.state import AccountState, HoldingState, HouseholdState, LotState
from trimtab.model.household import Household
from trimtab.money import money_str, shares_str
from trimtab.report.json.concentration import CONCENTRATION_SCHEMA, household_concentrations
from trimtab.report.json.schema_parts import (
    DATE,
    MONEY,
    MONEY_OR_NULL,
    SHARES,
    closed_object,
    document_schema,
)

STATE_FORMAT = "trimtab.state/1"


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
        "concentration": household_concentrations(household),
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
            "concentration": CONCENTRATION_SCHEMA,
        },
    )
