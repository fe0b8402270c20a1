"""The ``concentration`` field of trimtab.state/1, trimtab.drift/1 and trimtab.plan/1.

Each concentrated single stock (:mod:`trimtab.analysis.concentration`) as an object: its value
and percent of the household, the limit, the excess, the sale that brings it to the limit (by
account and lot), what that sale realizes and its marginal tax. The plan's objects add the
stock's percent after the plan. Decimals are strings rounded only here (money: cents, shares:
six places, percents: four places).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from trimtab.money import money_str, percent_str, shares_str
from trimtab.report.json.schema_parts import MONEY, PERCENT, SHARES, closed_object

if TYPE_CHECKING:  # the schemas are read at the CLI's start, the analysis only when a plan runs
    from trimtab.analysis.concentration import Concentration, StockSale
    from trimtab.model.household import Household

_TEXT = {"type": "string"}


def _sale_json(s: StockSale) -> dict[str, Any]:
    return {"account": s.account, "quantity": shares_str(s.quantity), "lots": list(s.lots)}


def concentration_json(c: Concentration) -> dict[str, Any]:
    """One concentrated stock."""
    return {
        "symbol": c.symbol,
        "name": c.name,
        "value": money_str(c.value),
        "percent": percent_str(c.percent),
        "limit": percent_str(c.limit),
        "excess_value": money_str(c.excess_value),
        "shares_to_sell": shares_str(c.shares_to_sell),
        "sales": [_sale_json(s) for s in c.sales],
        "percent_after": percent_str(c.percent_after),
        "short_term_gain": money_str(c.short_term_gain),
        "long_term_gain": money_str(c.long_term_gain),
        "tax_to_reduce": money_str(c.tax_to_reduce),
        "source": f"{c.source.file}:{c.source.line}",
    }


def concentrations_json(found: Iterable[Concentration]) -> list[dict[str, Any]]:
    """Every concentrated stock, largest first (state and drift documents)."""
    return [concentration_json(c) for c in found]


def plan_concentrations_json(
    found: Iterable[Concentration], after: Mapping[str, Decimal]
) -> list[dict[str, Any]]:
    """The plan's: each with ``percent_after_plan``, the stock's percent once the plan is done."""
    return [
        {**concentration_json(c), "percent_after_plan": percent_str(after[c.symbol])} for c in found
    ]


_PROPERTIES: dict[str, Any] = {
    "symbol": _TEXT,
    "name": _TEXT,
    "value": MONEY,
    "percent": PERCENT,
    "limit": PERCENT,
    "excess_value": MONEY,
    "shares_to_sell": SHARES,
    "sales": {
        "type": "array",
        "items": closed_object(
            {"account": _TEXT, "quantity": SHARES, "lots": {"type": "array", "items": _TEXT}},
            "one account's sale; lots: named in order (empty: the account's relief method)",
        ),
    },
    "percent_after": PERCENT,
    "short_term_gain": MONEY,
    "long_term_gain": MONEY,
    "tax_to_reduce": MONEY,
    "source": {"type": "string", "description": "file:line of the stock's first holding"},
}
_DESCRIPTION = (
    "a single stock above settings.concentration_limit percent of the household; the sale that "
    "brings it to the limit (tax-advantaged accounts first, then taxable lots in min-tax order), "
    "its realized gains and marginal tax (docs/state-and-drift.md#concentrated-positions)"
)

CONCENTRATION_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": closed_object(_PROPERTIES, _DESCRIPTION),
}
PLAN_CONCENTRATION_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": closed_object(
        {**_PROPERTIES, "percent_after_plan": PERCENT},
        _DESCRIPTION + "; percent_after_plan: its percent once the plan's trades are done",
    ),
}


def household_concentrations(household: Household) -> list[dict[str, Any]]:
    """The ``concentration`` field of trimtab.state/1 and trimtab.drift/1: the household's
    single stocks above the concentration limit."""
    from trimtab.analysis.concentration import concentrated_positions

    return concentrations_json(concentrated_positions(household))
