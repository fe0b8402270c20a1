"""The ``trimtab.tax/1`` document (``trimtab tax --json``: gains by term, harvestable losses and
their washes, the wash-sale calendar, RMDs, the year's tax) and its schema. The wash-sale
pieces are in :mod:`trimtab.report.json.wash`, the RMD rows in :mod:`trimtab.report.json.rmd`.
"""

from __future__ import annotations

from typing import Any

from trimtab.analysis.state import AccountState
from trimtab.errors import Problem
from trimtab.model.household import Household
from trimtab.money import money_str, percent_str
from trimtab.report.json.problems import problem_json
from trimtab.report.json.rmd import rmd_json
from trimtab.report.json.schema_parts import (
    DATE,
    MONEY,
    PERCENT,
    PROBLEMS,
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
    calendar_json,
    harvest_wash_fields,
)
from trimtab.results.tax import TaxOverview
from trimtab.tax.harvest import HarvestableLoss

TAX_FORMAT = "trimtab.tax/1"


def unrealized_json(a: AccountState) -> dict[str, Any]:
    """One account's unrealized gain by term (holdings whose cost is known)."""
    return {
        "account": a.account_id,
        "type": a.type.value,
        "gains_taxed_here": a.gains_taxed_here,
        "short": money_str(a.unrealized_short),
        "long": money_str(a.unrealized_long),
        "total": money_str(a.unrealized_short + a.unrealized_long),
        "without_lots": [h.symbol for h in a.holdings if h.cost is None],
    }


def harvestable_json(h: HarvestableLoss) -> dict[str, Any]:
    """One harvestable lot."""
    return {
        **open_lot_json(h.lot),
        "price": money_str(h.price),
        "market_value": money_str(h.market_value),
        "loss": money_str(h.loss),
        "loss_pct": percent_str(h.loss_pct),
        "term": "long" if h.long_term else "short",
    }


def tax_document(
    household: Household, overview: TaxOverview, warnings: tuple[Problem, ...]
) -> dict[str, Any]:
    """The ``trimtab.tax/1`` document: unrealized gains, harvestable losses marked with the wash a
    sale today would be, the wash-sale calendar, the RMDs, and the year so far; ``warnings``
    as given (the household file's, then the overview's)."""
    state, harvest, calendar = overview.state, overview.harvest_washes, overview.washes.calendar
    rmd, estimate = overview.rmd, overview.estimate
    return {
        "format": TAX_FORMAT,
        "household": household.name,
        "as_of": household.as_of.isoformat(),
        "tax_year": household.tax.year,
        "unrealized_short": money_str(state.unrealized_short),
        "unrealized_long": money_str(state.unrealized_long),
        "unrealized": [unrealized_json(a) for a in state.accounts],
        "harvestable": [
            {**harvestable_json(m.harvest), **harvest_wash_fields(m, household.as_of)}
            for m in harvest
        ],
        "wash_sale_calendar": [calendar_json(e) for e in calendar],
        "rmd": [rmd_json(row) for row in rmd.rows],
        "estimate": estimate_json(estimate),
        "warnings": [problem_json(p) for p in warnings],
    }


def tax_schema() -> dict[str, Any]:
    from trimtab.report.json.rmd import RMD_ROW_SCHEMA

    unrealized = closed_object(
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
    harvestable = closed_object(
        {
            **open_lot_properties(),
            "price": MONEY,
            "market_value": MONEY,
            "loss": MONEY,
            "loss_pct": PERCENT,
            "term": TERM,
            "wash_if_sold_today": wash_kind(),
            "wash_disallowed_if_sold_today": MONEY,
            "wash_reason": {"type": "string", "description": "the replacement purchases"},
        },
        "a lot of a taxable account of this return whose sale would realize a loss of at "
        "least harvest_min_loss dollars and harvest_min_pct percent of its cost, with the "
        "wash check of selling all of it on as_of",
    )
    return document_schema(
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
            "wash_sale_calendar": calendar_schema(),
            "rmd": {"type": "array", "items": RMD_ROW_SCHEMA},
            "estimate": estimate_schema(),
            "warnings": PROBLEMS,
        },
    )
