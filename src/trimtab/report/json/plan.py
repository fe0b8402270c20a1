"""The plan document, ``trimtab.plan/1`` (docs/plan-format.md; schema: ``trimtab schema plan``).

Decimals are JSON strings rounded half-up only here: cents for money, six places for shares,
four for percents. Every figure comes from the plan's trades, lots and prices.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from decimal import ROUND_HALF_UP, Decimal
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from trimtab.model.enums import TradeAction
from trimtab.model.plan import AccountChange, PlannedLot, PlannedTrade
from trimtab.model.settings import Settings
from trimtab.money import ZERO, money_str, percent_str, shares_str
from trimtab.report.json.concentration import PLAN_CONCENTRATION_SCHEMA
from trimtab.report.json.drift import drift_row_json, drift_row_schema
from trimtab.report.json.location import PLAN_LOCATION_SCHEMA, plan_location_json
from trimtab.report.json.problems import problem_json
from trimtab.report.json.rmd import RMD_ROW_SCHEMA, rmd_json
from trimtab.report.json.schema_parts import DATE, MONEY, PERCENT, SHARES, closed_object
from trimtab.report.json.tax_parts import estimate_json

if TYPE_CHECKING:
    from trimtab.results.plan import PlanReport

PLAN_FORMAT = "trimtab.plan/1"


def _lot_json(lot: PlannedLot) -> dict[str, Any]:
    return {
        "lot_id": lot.lot_id,
        "acquired": lot.acquired.isoformat(),
        "holding_period_start": lot.holding_period_start.isoformat(),
        "quantity": shares_str(lot.quantity),
        "cost": money_str(lot.cost),
        "proceeds": money_str(lot.proceeds),
        "gain": money_str(lot.gain),
        "term": "long" if lot.long_term else "short",
        "wash_disallowed": money_str(lot.wash_disallowed),
        "source": f"{lot.source.file}:{lot.source.line}",
    }


def trade_json(t: PlannedTrade) -> dict[str, Any]:
    """One trade of the plan."""
    return {
        "id": t.id,
        "account": t.account,
        "action": t.action.value,
        "symbol": t.symbol,
        "quantity": shares_str(t.quantity),
        "price": money_str(t.price),
        "price_exact": format(t.price, "f"),
        "amount": money_str(t.amount),
        "transaction_cost": money_str(t.transaction_cost),
        "tax_impact": {
            "short_term_gain": money_str(t.short_term_gain),
            "long_term_gain": money_str(t.long_term_gain),
            "wash_disallowed": money_str(t.wash_disallowed),
        },
        "reason": t.reason.value,
        "rationale": t.rationale,
        "lots": [_lot_json(lot) for lot in t.lots] if t.action is TradeAction.SELL else [],
    }


def _account_json(a: AccountChange) -> dict[str, Any]:
    return {
        "account": a.account,
        "value_before": money_str(a.value_before),
        "value_after": money_str(a.value_after),
        "cash_before": money_str(a.cash_before),
        "cash_after": money_str(a.cash_after),
        "contributed": money_str(a.contributed),
        "distributed": money_str(a.distributed),
        "trades": a.trades,
    }


def _term_json(values: list[Decimal]) -> dict[str, str]:
    gains = sum((v for v in values if v > 0), ZERO)
    losses = sum((v for v in values if v < 0), ZERO)
    return {
        "gains": money_str(gains),
        "losses": money_str(losses),
        "net": money_str(gains + losses),
    }


def _tax_json(report: PlanReport) -> dict[str, Any]:
    rows = [r for r in report.whatif.realization.realized if r.taxed_here]
    washes = [w for w in report.whatif.washes.washes if w.sale.trade]
    deferred = sum((w.disallowed - w.permanent for w in washes), ZERO)
    permanent = sum((w.permanent for w in washes), ZERO)
    return {
        "short_term": _term_json([r.gain for r in rows if not r.long_term]),
        "long_term": _term_json([r.gain for r in rows if r.long_term]),
        "wash_disallowed": {"deferred": money_str(deferred), "permanent": money_str(permanent)},
        "without": estimate_json(report.whatif.without),
        "with": estimate_json(report.whatif.estimate),
        "marginal": estimate_json(report.whatif.marginal),
        "rates": {
            "short_term": percent_str(report.short_rate * 100),
            "long_term": percent_str(report.long_rate * 100),
        },
        "deferral_savings": money_str(report.plan.deferral_savings),
    }


def settings_json(settings: Settings) -> dict[str, Any]:
    """The effective settings of the run, as strings where they are numbers."""
    out: dict[str, Any] = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        out[f.name] = _setting(value)
    return out


def _setting(value: object) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal | int):
        return str(value)
    if isinstance(value, tuple):
        return {str(k): str(v) for k, v in value}
    if hasattr(value, "kind") and hasattr(value, "amount"):
        return {"kind": str(value.kind), "amount": str(value.amount)}
    return str(value)


@functools.cache
def _trimtab_version() -> str:
    """The installed trimtab's version, read from its metadata once per process."""
    return version("trimtab")


def plan_document(report: PlanReport, input_sha256: str) -> dict[str, Any]:
    """The ``trimtab.plan/1`` document of a plan."""
    plan = report.plan
    return {
        "format": PLAN_FORMAT,
        "trimtab_version": _trimtab_version(),
        "household": plan.household,
        "as_of": plan.as_of.isoformat(),
        "tax_year": plan.tax_year,
        "mode": plan.mode.value,
        "input_sha256": input_sha256,
        "settings": settings_json(report.household.settings),
        "solver_status": plan.solver_status,
        "drift": {
            "before": [drift_row_json(r) for r in report.drift_before.rows],
            "after": [drift_row_json(r) for r in report.drift_after.rows],
        },
        "trades": [trade_json(t) for t in plan.trades],
        "tax": _tax_json(report),
        "costs": {"total": money_str(plan.costs_total)},
        "accounts": [_account_json(a) for a in plan.accounts],
        "contribution_allocation": [
            {"account": c.account, "symbol": c.symbol, "percent": percent_str(c.percent)}
            for c in plan.contribution_allocation
        ],
        "wash_sale_calendar": [
            {
                "symbols": list(e.symbols),
                "sold_on": e.sold_on.isoformat(),
                "no_buy_until": e.no_buy_until.isoformat(),
            }
            for e in report.whatif.washes.calendar
        ],
        "rmd": [rmd_json(row) for row in report.rmd.rows],
        "breakeven": _breakeven_json(report),
        "location": plan_location_json(report),
        "concentration": _concentration_json(report),
        "warnings": [problem_json(w) for w in plan.warnings],
    }


def _concentration_json(report: PlanReport) -> list[dict[str, Any]]:
    """The single stocks above the limit before the plan, with their percent after it."""
    from trimtab.analysis.concentration import concentrated_positions, stock_percents
    from trimtab.report.json.concentration import plan_concentrations_json

    found = concentrated_positions(report.household)
    after = stock_percents(report.after, (c.symbol for c in found))
    return plan_concentrations_json(found, after)


def _breakeven_json(report: PlanReport) -> dict[str, Any]:
    b = report.breakeven
    payback = b.payback_years
    return {
        "annual_benefit": money_str(b.annual_benefit),
        "tax_and_costs": money_str(b.tax_and_costs),
        "payback_years": None
        if payback is None
        else str(payback.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
        "horizon_years": None if b.horizon_years is None else str(b.horizon_years),
    }


# --- the schema of trimtab.plan/1 (``trimtab schema plan``), beside its builder ---

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

DRIFT_ROW = drift_row_schema(TEXT)

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
