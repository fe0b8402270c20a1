"""The pieces the tax documents share: the estimate object every document that reports tax
uses (:func:`estimate_json`), an open lot, a wash-sale kind and the wash-sale calendar, with
their schemas. Decimals are JSON strings rounded half-up only here: cents for money, six
places for shares, four for percents.
"""

from __future__ import annotations

from typing import Any

from trimtab.money import money_str, shares_str
from trimtab.report.json.schema_parts import (
    DATE,
    MONEY,
    SHARES,
    closed_object,
)
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.lots import OpenLot


def estimate_json(e: TaxEstimate) -> dict[str, Any]:
    """The estimate shape shared by every document that reports tax (docs/tax-rules.md §4)."""
    return {
        "net_short_term": money_str(e.net_short_term),
        "net_long_term": money_str(e.net_long_term),
        "capital_loss_deduction": money_str(e.capital_loss_deduction),
        "carryforward_out": {
            "short": money_str(e.carryforward_out_short),
            "long": money_str(e.carryforward_out_long),
        },
        "ordinary_tax": money_str(e.ordinary_tax),
        "preferential_tax": money_str(e.preferential_tax),
        "regular_tax_on_all_income": money_str(e.regular_tax_on_all_income),
        "income_tax": money_str(e.income_tax),
        "niit": money_str(e.niit),
        "state": money_str(e.state),
        "total": money_str(e.total),
    }


def open_lot_json(lot: OpenLot) -> dict[str, Any]:
    """One open lot."""
    return {
        "account": lot.account,
        "symbol": lot.symbol,
        "lot_id": lot.lot_id,
        "acquired": lot.acquired.isoformat(),
        "holding_period_start": lot.holding_period_start.isoformat(),
        "quantity": shares_str(lot.quantity),
        "cost": money_str(lot.cost),
    }


TERM = {"enum": ["short", "long"]}


def estimate_schema() -> dict[str, Any]:
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
    properties["carryforward_out"] = closed_object({"short": MONEY, "long": MONEY})
    return closed_object(properties, "the tax year's estimate (docs/tax-rules.md §4)")


def open_lot_properties() -> dict[str, Any]:
    return {
        "account": {"type": "string"},
        "symbol": {"type": "string"},
        "lot_id": {"type": "string"},
        "acquired": DATE,
        "holding_period_start": DATE,
        "quantity": SHARES,
        "cost": MONEY,
    }


def wash_kind() -> dict[str, Any]:
    from trimtab.tax.wash import WashKind

    return {
        "enum": [k.value for k in WashKind],
        "description": "none; deferred (into the replacements' basis); permanent (any part lost "
        "for good: a replacement bought in an IRA, or in an employer plan while "
        "plan_purchase_washes_permanently is on)",
    }


def calendar_schema() -> dict[str, Any]:
    return {
        "type": "array",
        "items": closed_object(
            {
                "symbols": {"type": "array", "items": {"type": "string"}},
                "sold_on": {**DATE, "description": "the group's latest loss sale"},
                "no_buy_until": {**DATE, "description": "sold_on + 30: the last day a buy washes"},
            },
            "a group of substantially identical securities sold at a loss whose window is open",
        ),
    }
