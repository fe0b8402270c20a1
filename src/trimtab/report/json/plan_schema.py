"""The JSON Schema of ``trimtab.plan/1`` (``trimtab schema plan``)."""

from __future__ import annotations

from typing import Any

from trimtab.report.json.concentration import PLAN_CONCENTRATION_SCHEMA
from trimtab.report.json.location import PLAN_LOCATION_SCHEMA
from trimtab.report.json.plan import PLAN_FORMAT
from trimtab.report.json.rmd import RMD_ROW_SCHEMA
from trimtab.report.json.schema_parts import DATE, MONEY, PERCENT, SHARES, closed_object

TEXT = {"type": "string"}
_object = closed_object


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


ESTIMATE = _object(
    {
        "net_short_term": MONEY,
        "net_long_term": MONEY,
        "capital_loss_deduction": MONEY,
        "carryforward_out": _object({"short": MONEY, "long": MONEY}),
        "ordinary_tax": MONEY,
        "preferential_tax": MONEY,
        "regular_tax_on_all_income": MONEY,
        "income_tax": MONEY,
        "niit": MONEY,
        "state": MONEY,
        "total": MONEY,
    },
    "the estimate shape of the tax engine (docs/tax-rules.md)",
)

DRIFT_ROW = _object(
    {
        "asset_class": TEXT,
        "target_pct": PERCENT,
        "current_pct": PERCENT,
        "drift_pct": PERCENT,
        "current_value": MONEY,
        "over_under": MONEY,
        "width_pct": PERCENT,
        "low_pct": PERCENT,
        "high_pct": PERCENT,
        "outside": {"type": "boolean"},
    }
)

LOT = _object(
    {
        "lot_id": TEXT,
        "acquired": DATE,
        "holding_period_start": DATE,
        "quantity": SHARES,
        "cost": MONEY,
        "proceeds": MONEY,
        "gain": MONEY,
        "term": {"enum": ["short", "long"]},
        "wash_disallowed": MONEY,
        "source": TEXT,
    },
    "shares of one lot a sell uses; gain before any wash adjustment",
)

TRADE = _object(
    {
        "id": TEXT,
        "account": TEXT,
        "action": {"enum": ["buy", "sell"]},
        "symbol": TEXT,
        "quantity": SHARES,
        "price": MONEY,
        "price_exact": {
            "type": "string",
            "pattern": r"^\d+(\.\d+)?$",
            "description": "the price the amount uses, to every digit the household gives",
        },
        "amount": MONEY,
        "transaction_cost": MONEY,
        "tax_impact": _object(
            {"short_term_gain": MONEY, "long_term_gain": MONEY, "wash_disallowed": MONEY}
        ),
        "reason": {
            "enum": ["rebalance", "cash_flow", "rmd", "order", "harvest", "replacement", "location"]
        },
        "rationale": TEXT,
        "lots": _array(LOT),
    },
    "amount = quantity × price_exact before costs, rounded half-up to cents (price: to cents)",
)

TERM = _object({"gains": MONEY, "losses": MONEY, "net": MONEY})

PROBLEM = {"type": "object", "required": ["file", "line", "field", "kind", "message"]}


def plan_schema() -> dict[str, Any]:
    """The schema of the plan document."""
    schema = _object(
        {
            "format": {"const": PLAN_FORMAT},
            "trimtab_version": TEXT,
            "household": TEXT,
            "as_of": DATE,
            "tax_year": {"type": "integer"},
            "mode": {"enum": ["target", "band", "cash", "harvest", "location"]},
            "input_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "settings": {"type": "object"},
            "solver_status": TEXT,
            "drift": _object({"before": _array(DRIFT_ROW), "after": _array(DRIFT_ROW)}),
            "trades": _array(TRADE),
            "tax": _object(
                {
                    "short_term": TERM,
                    "long_term": TERM,
                    "wash_disallowed": _object({"deferred": MONEY, "permanent": MONEY}),
                    "without": ESTIMATE,
                    "with": ESTIMATE,
                    "marginal": ESTIMATE,
                    "rates": _object({"short_term": PERCENT, "long_term": PERCENT}),
                    "deferral_savings": MONEY,
                }
            ),
            "costs": _object({"total": MONEY}),
            "accounts": _array(
                _object(
                    {
                        "account": TEXT,
                        "value_before": MONEY,
                        "value_after": MONEY,
                        "cash_before": MONEY,
                        "cash_after": MONEY,
                        "contributed": MONEY,
                        "distributed": MONEY,
                        "trades": {"type": "integer"},
                    }
                )
            ),
            "contribution_allocation": _array(
                _object({"account": TEXT, "symbol": TEXT, "percent": PERCENT})
            ),
            "wash_sale_calendar": _array(
                _object({"symbols": _array(TEXT), "sold_on": DATE, "no_buy_until": DATE})
            ),
            "rmd": _array(RMD_ROW_SCHEMA),
            "breakeven": _object(
                {
                    "annual_benefit": MONEY,
                    "tax_and_costs": MONEY,
                    "payback_years": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "horizon_years": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "½γV·ΔdᵀΣd a year against the plan's tax and costs (docs/optimizer.md)",
            ),
            "location": PLAN_LOCATION_SCHEMA,
            "concentration": PLAN_CONCENTRATION_SCHEMA,
            "warnings": _array(PROBLEM),
        },
        "A household plan (trimtab plan --json); docs/plan-format.md.",
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = PLAN_FORMAT
    return schema
