"""The ``trimtab.drift/1`` document (``trimtab drift --json``) and its schema: target, current
and drift per asset class, its band and the dollars over or under. Decimals are JSON strings
rounded half-up only here: cents for money, four places for percents.
"""

from __future__ import annotations

from typing import Any

from trimtab.analysis.drift import Drift, DriftRow
from trimtab.model.household import Household
from trimtab.money import money_str, percent_str
from trimtab.report.json.concentration import CONCENTRATION_SCHEMA, household_concentrations
from trimtab.report.json.schema_parts import (
    ASSET_CLASS,
    DATE,
    MONEY,
    PERCENT,
    closed_object,
    document_schema,
)

DRIFT_FORMAT = "trimtab.drift/1"


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
        "concentration": household_concentrations(household),
    }


def drift_row_schema(asset_class: dict[str, Any], description: str = "") -> dict[str, Any]:
    """The schema of :func:`drift_row_json`'s object (the drift document's rows and the plan's
    drift before and after); ``asset_class``: the schema of its class field."""
    return closed_object(
        {
            "asset_class": asset_class,
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
        description,
    )


def drift_schema() -> dict[str, Any]:
    row = drift_row_schema(
        ASSET_CLASS,
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
            "concentration": CONCENTRATION_SCHEMA,
        },
    )
