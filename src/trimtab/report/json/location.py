"""The asset-location review as JSON: the ``trimtab.location/1`` document and the plan's
``location`` section (docs/asset-location.md; schema: ``trimtab schema location``).

Money is a string rounded half-up to cents, basis points to two places, only here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from trimtab.model.household import Household
from trimtab.money import money_str
from trimtab.report.format import bp_str
from trimtab.report.json.schema_parts import ASSET_CLASS, MONEY, closed_object, document_schema
from trimtab.rules.tax_efficiency import load_tax_efficiency

if TYPE_CHECKING:
    from trimtab.results.location import LocationAmount, LocationReview
    from trimtab.results.plan import PlanReport

LOCATION_FORMAT = "trimtab.location/1"
BP = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "basis points, 2 places"}
RATE = {"type": "string", "pattern": r"^\d+\.\d{4}$", "description": "a fraction, 4 places"}


def _rate(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _amount(r: LocationAmount) -> dict[str, Any]:
    return {"asset_class": r.asset_class.value, "account": r.account, "amount": money_str(r.amount)}


def location_json(review: LocationReview) -> dict[str, Any]:
    """The review's fields (the body of both the document and the plan's section)."""
    data = load_tax_efficiency()
    return {
        "total_value": money_str(review.total),
        "assumptions": {
            "years": review.rates.years,
            "retirement_ordinary_rate": _rate(review.rates.retirement),
            "ordinary_rate": _rate(review.rates.ordinary),
            "qualified_rate": _rate(review.rates.qualified),
            "state_rate": _rate(review.rates.state),
            "sale_at_horizon": review.rates.sale_at_horizon,
            "target_return": _rate(review.rates.growth),
            "as_of": data.as_of,
            "unverified": data.unverified,
            "sources": dict(data.sources),
        },
        "current": [_amount(r) for r in review.current],
        "best": [_amount(r) for r in review.best],
        "drag_dollars_per_year": {
            "current": money_str(review.current_drag),
            "best": money_str(review.best_drag),
        },
        "gain": {
            "dollars_per_year": money_str(review.gain_dollars),
            "bp_per_year": bp_str(review.gain_bp),
        },
        "moves": [
            {
                "asset_class": m.asset_class.value,
                "from_account": m.from_account,
                "to_account": m.to_account,
                "amount": money_str(m.amount),
                "free": m.free,
                "realized_gain": money_str(m.realized_gain),
            }
            for m in review.moves
        ],
        "drag": [
            {
                "asset_class": d.asset_class.value,
                "account_type": d.account_type.value,
                "symbol": d.symbol or None,
                "bp_per_year": bp_str(d.bp_per_year),
                "source": d.source,
            }
            for d in review.drag
        ],
        "rationale": [{"asset_class": c.value, "text": text} for c, text in review.rationale],
        "solver_status": review.status,
    }


def location_document(household: Household, review: LocationReview) -> dict[str, Any]:
    """The ``trimtab.location/1`` document of ``trimtab location FILE --json``."""
    return {
        "format": LOCATION_FORMAT,
        "trimtab_version": version("trimtab"),
        "household": household.name,
        "as_of": household.as_of.isoformat(),
        "tax_year": household.tax.year,
        **location_json(review),
    }


def plan_location_json(report: PlanReport) -> dict[str, Any]:
    """The plan's ``location`` section: the review before the plan, and the drag after it."""
    return {
        **location_json(report.location),
        "after_plan": {
            "drag_dollars_per_year": money_str(report.location_after_drag),
            "saved_dollars_per_year": money_str(report.location_saved),
            "saved_bp_per_year": bp_str(report.location_saved_bp),
        },
    }


_ROW = closed_object(
    {"asset_class": ASSET_CLASS, "account": {"type": "string"}, "amount": MONEY},
    "dollars of a class in an account",
)

LOCATION_PROPERTIES: dict[str, Any] = {
    "total_value": MONEY,
    "assumptions": closed_object(
        {
            "years": {"type": "integer", "minimum": 1},
            "retirement_ordinary_rate": RATE,
            "ordinary_rate": RATE,
            "qualified_rate": RATE,
            "state_rate": RATE,
            "sale_at_horizon": {"type": "boolean"},
            "target_return": RATE,
            "as_of": {"type": "string"},
            "unverified": {"type": "boolean"},
            "sources": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "the rates and horizon of the model, and where the tax-efficiency figures come from",
    ),
    "current": {"type": "array", "items": _ROW, "description": "where each class is now"},
    "best": {
        "type": "array",
        "items": _ROW,
        "description": "the least-drag location with the same allocation and account sizes",
    },
    "drag_dollars_per_year": closed_object({"current": MONEY, "best": MONEY}),
    "gain": closed_object(
        {"dollars_per_year": MONEY, "bp_per_year": BP},
        "yearly after-tax gain of the best location over the current one (never negative)",
    ),
    "moves": {
        "type": "array",
        "items": closed_object(
            {
                "asset_class": ASSET_CLASS,
                "from_account": {"type": "string"},
                "to_account": {"type": "string"},
                "amount": MONEY,
                "free": {"type": "boolean"},
                "realized_gain": MONEY,
            },
            "dollars of a class to move; free: no gain realized",
        ),
    },
    "drag": {
        "type": "array",
        "items": closed_object(
            {
                "asset_class": ASSET_CLASS,
                "account_type": {"type": "string"},
                "symbol": {"type": ["string", "null"]},
                "bp_per_year": BP,
                "source": {"type": "string"},
            },
            "yearly drag of a class (through a fund when symbol is set) in an account type",
        ),
    },
    "rationale": {
        "type": "array",
        "items": closed_object({"asset_class": ASSET_CLASS, "text": {"type": "string"}}),
    },
    "solver_status": {"type": "string"},
}

PLAN_LOCATION_SCHEMA = closed_object(
    {
        **LOCATION_PROPERTIES,
        "after_plan": closed_object(
            {
                "drag_dollars_per_year": MONEY,
                "saved_dollars_per_year": MONEY,
                "saved_bp_per_year": BP,
            },
            "the household's yearly drag after the plan, and what the plan saves",
        ),
    },
    "the asset-location review of the household before the plan (docs/asset-location.md)",
)


def location_schema() -> dict[str, Any]:
    """The JSON Schema of ``trimtab.location/1``."""
    return document_schema(
        LOCATION_FORMAT,
        "The asset-location review of a household (docs/asset-location.md)",
        {
            "trimtab_version": {"type": "string"},
            "household": {"type": "string"},
            "as_of": {"type": "string", "format": "date"},
            "tax_year": {"type": "integer"},
            **LOCATION_PROPERTIES,
        },
    )
