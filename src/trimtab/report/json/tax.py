"""The tax documents printed by ``--json``: ``trimtab.check/1`` and ``trimtab.tax/1``.

Schemas in :mod:`trimtab.report.json.schemas`. Decimals are JSON strings rounded half-up only here:
cents for money, six places for shares, four for percents. Every document that reports tax
uses the estimate shape of :func:`estimate_json`. Warnings are problem objects
(:func:`trimtab.report.json.documents.problem_json`) with severity ``warning``. The wash-sale pieces
are in :mod:`trimtab.report.json.wash`, the RMD rows in :mod:`trimtab.report.json.rmd`.
"""

from __future__ import annotations

from typing import Any

from trimtab.analysis.state import AccountState
from trimtab.errors import Problem
from trimtab.model.enums import ReliefMethod
from trimtab.model.household import Household
from trimtab.money import money_str, percent_str, shares_str
from trimtab.report.json.documents import problem_json
from trimtab.report.json.rmd import rmd_json
from trimtab.report.json.schema_parts import (
    DATE,
    MONEY,
    PERCENT,
    PROBLEMS,
    SHARES,
    closed_object,
    document_schema,
)
from trimtab.report.json.wash import (
    adjusted_lot_fields,
    calendar_json,
    harvest_wash_fields,
    wash_fields,
)
from trimtab.results.tax import TaxOverview
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.harvest import HarvestableLoss
from trimtab.tax.lots import OpenLot
from trimtab.tax.realize import RealizedLot, TradeResult
from trimtab.tax.whatif import WhatIf

CHECK_FORMAT = "trimtab.check/1"
TAX_FORMAT = "trimtab.tax/1"


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


# --- schemas, beside the builders above ---------------------------------------------------

TERM = {"enum": ["short", "long"]}
RELIEF_OR_NULL = {"anyOf": [{"enum": [m.value for m in ReliefMethod]}, {"type": "null"}]}


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
