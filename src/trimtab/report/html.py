"""The client report, ``report.html`` (docs/reports.md): one page a client can read and print.

The only module that imports Jinja2. The page is self-contained: the CSS is inline, the chart
is inline SVG, there is no script and no external font, image or link, and a
Content-Security-Policy ``default-src 'none'`` keeps a browser from fetching anything. Every
figure is formatted here, in Python, into the view the template shows: money rounded half-up
to cents, shares to six places, percents to two places (half-up); the template only places
strings, and it escapes every one of them (``autoescape=True``), so a name from the input such
as ``<script>`` is shown as text. The only date on the page is the plan's as-of date (and the
wash-sale dates), so the same plan gives the same bytes.

The asset-location section shows the plan's review (:func:`location_view`), or a
:class:`LocationView` given instead (already formatted strings).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib.metadata import version
from typing import Any

import jinja2

from trimtab.analysis.drift import Drift, DriftRow
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import AssetClass, TradeAction, TradeReason
from trimtab.model.plan import PlannedTrade
from trimtab.money import CENT, HUNDRED, ZERO, round_money
from trimtab.report.console import money, shares
from trimtab.report.location_json import bp_str
from trimtab.report.plan_json import setting_text, settings_json
from trimtab.tax.federal import TaxEstimate

TEMPLATE = "report.html.j2"

View = dict[str, Any]

REASON_LABELS = {
    TradeReason.REBALANCE: "Rebalance",
    TradeReason.CASH_FLOW: "Cash flow",
    TradeReason.RMD: "Required minimum distribution",
    TradeReason.ORDER: "Your order",
    TradeReason.HARVEST: "Tax-loss harvest",
    TradeReason.REPLACEMENT: "Harvest replacement",
    TradeReason.LOCATION: "Asset location",
}

ESTIMATE_ROWS: tuple[tuple[str, str], ...] = (
    ("Net short-term gain (Schedule D line 7)", "net_short_term"),
    ("Net long-term gain (Schedule D line 15)", "net_long_term"),
    ("Capital loss deduction", "capital_loss_deduction"),
    ("Loss carried to next year: short-term", "carryforward_out_short"),
    ("Loss carried to next year: long-term", "carryforward_out_long"),
    ("Federal income tax", "income_tax"),
    ("Net investment income tax", "niit"),
    ("State tax on the gains", "state"),
    ("Total", "total"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationView:
    """The asset-location section, already formatted for the page.

    summary: sentences shown above the table, one paragraph each.
    columns: the table's header cells.
    rows: the table's rows, each as many cells as ``columns``.
    """

    summary: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def plan_html(report: PlanReport, input_sha256: str, location: object | None = None) -> bytes:
    """The ``report.html`` page of a plan, as UTF-8 bytes.

    location: a :class:`LocationView` to show instead of the plan's own asset-location review
    (None: the review of :func:`location_view`).
    """
    location = location_view(report) if location is None else location
    view = {
        "header": _header(report),
        "summary": _summary(report),
        "chart": _chart(report.drift_before, report.drift_after),
        "drift": _drift(report.drift_before, report.drift_after),
        "trades": _trades(report),
        "tax": _tax(report),
        "location": _location(location),
        "calendar": _calendar(report),
        "assumptions": _assumptions(report, input_sha256),
        "disclaimer": _disclaimer(report),
    }
    return _environment().get_template(TEMPLATE).render(view).encode("utf-8")


def location_view(report: PlanReport) -> LocationView:
    """The plan's asset-location review for the page: its figures in sentences, the rationale
    per class, and the moves to the best location."""
    review = report.location
    summary = (
        f"Taxes cost this household an estimated ${money(review.current_drag)} a year of "
        f"investment return where its assets are held now. Holding each asset class in the "
        f"best kind of account, with the same allocation, would save "
        f"${money(review.gain_dollars)} a year ({bp_str(review.gain_bp)} basis points); this "
        f"plan saves ${money(report.location_saved)} a year of it.",
        *(text for _, text in review.rationale),
    )
    rows = tuple(
        (
            m.asset_class.label,
            m.from_account,
            m.to_account,
            f"${money(m.amount)}",
            "yes" if m.free else "no",
            f"${money(m.realized_gain)}",
        )
        for m in review.moves
    )
    return LocationView(
        summary=summary,
        columns=("Asset class", "From", "To", "Amount", "Free of tax", "Gain realized"),
        rows=rows,
    )


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("trimtab.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


# --- formatting: the only rounding of the page -------------------------------------------------


def _dollars(value: Decimal) -> str:
    """$1,234.50, or -$1,234.50 for a negative amount (rounded half-up to cents first)."""
    rounded = round_money(value)
    return f"-${money(-rounded)}" if rounded < 0 else f"${money(rounded)}"


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(points: Decimal) -> str:
    """A percent given in points: 35.5 → 35.50%."""
    return f"{_two_places(points)}%"


def _signed_points(points: Decimal) -> str:
    """A drift in percent points with its sign: +1.56, -1.01, 0.00."""
    value = _two_places(points)
    return f"+{value}" if value > 0 else str(value)


def _rate(fraction: Decimal) -> str:
    """A rate given as a fraction: 0.15 → 15.00%."""
    return _pct(fraction * HUNDRED)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --- sections ----------------------------------------------------------------------------------


def _header(report: PlanReport) -> View:
    plan = report.plan
    return {
        "household": plan.household or report.household.file,
        "as_of": plan.as_of.isoformat(),
        "tax_year": str(plan.tax_year),
        "mode": plan.mode.value,
    }


def _summary(report: PlanReport) -> View:
    plan, b = report.plan, report.breakeven
    facts = (
        ("Total value before the plan", _dollars(report.drift_before.total_value)),
        ("Total value after the plan", _dollars(report.drift_after.total_value)),
        ("Trades proposed", str(len(plan.trades))),
        (f"Change in estimated {plan.tax_year} tax", _dollars(report.whatif.marginal.total)),
        ("Transaction costs (estimated)", _dollars(plan.costs_total)),
        ("Yearly benefit of less drift", _dollars(b.annual_benefit)),
        ("Tax and costs paid back in", _payback(report)),
    )
    sentences = (
        f"On {plan.as_of.isoformat()} the household's accounts are worth "
        f"{_dollars(report.drift_before.total_value)}.",
        _band_words(report.drift_before, report.drift_after),
        _trade_words(plan.trades),
        _tax_words(report),
        f"Trading costs (bid-ask spreads and commissions) are estimated at "
        f"{_dollars(plan.costs_total)}.",
        _breakeven_words(report),
    )
    return {"sentences": tuple(s for s in sentences if s), "facts": facts}


def _payback(report: PlanReport) -> str:
    years = report.breakeven.payback_years
    if not report.plan.trades:
        return "nothing to pay back"
    return "no measurable benefit" if years is None else f"{_two_places(years)} years"


def _band_words(before: Drift, after: Drift) -> str:
    outside = [r.asset_class.label for r in before.outside]
    if not outside:
        text = "Every asset class is inside its band"
    else:
        where = "outside its band" if len(outside) == 1 else "outside their bands"
        text = f"{_count(len(outside), 'asset class is', 'asset classes are')} {where} "
        text += f"({', '.join(outside)})"
    still = len(after.outside)
    if still:
        return text + f"; after the plan, {_count(still, 'class is', 'classes are')} still outside."
    return text + "; after the plan, every class is inside its band."


def _trade_words(trades: tuple[PlannedTrade, ...]) -> str:
    if not trades:
        return "The plan proposes no trades."
    sells = sum(1 for t in trades if t.action is TradeAction.SELL)
    buys = len(trades) - sells
    return (
        f"The plan proposes {_count(len(trades), 'trade', 'trades')}: "
        f"{_count(sells, 'sale', 'sales')} and {_count(buys, 'purchase', 'purchases')}."
    )


def _tax_words(report: PlanReport) -> str:
    m, year = report.whatif.marginal, report.plan.tax_year
    total = round_money(m.total)
    if total == 0:
        head = f"The trades do not change your estimated {year} tax"
    elif total > 0:
        head = f"The trades add {_dollars(total)} to your estimated {year} tax"
    else:
        head = f"The trades lower your estimated {year} tax by {_dollars(-total)}"
    return (
        f"{head} (federal income tax {_dollars(m.income_tax)}, net investment income tax "
        f"{_dollars(m.niit)}, state {_dollars(m.state)})."
    )


def _breakeven_words(report: PlanReport) -> str:
    """The breakeven in words ('' when there is no trade to pay back)."""
    b = report.breakeven
    years = b.payback_years
    if not report.plan.trades:
        return ""
    if years is None:
        text = (
            f"Being closer to the target mix brings no measurable yearly benefit to set against "
            f"the tax and costs of {_dollars(b.tax_and_costs)}."
        )
    else:
        text = (
            f"Being closer to the target mix is worth about {_dollars(b.annual_benefit)} a year "
            f"in lower risk; the tax and costs of {_dollars(b.tax_and_costs)} are paid back in "
            f"about {_two_places(years)} years."
        )
    if b.horizon_years is not None:
        text += f" Your payback horizon is {b.horizon_years} years."
    return text


# --- the before/after chart (inline SVG; coordinates computed here) ---------------------------

CHART_LABEL = Decimal(230)
CHART_BAR = Decimal(540)
CHART_RIGHT = Decimal(130)
CHART_TOP = Decimal(34)
BAR_HEIGHT = Decimal(14)
BAR_GAP = Decimal(3)
GROUP_GAP = Decimal(18)
SERIES = (("target", "Target"), ("before", "Before"), ("after", "After"))


def _coord(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _classes(before: Drift, after: Drift) -> list[tuple[DriftRow | None, DriftRow | None]]:
    """(before, after) rows per asset class held or targeted on either side, in class order."""
    b = {r.asset_class: r for r in before.rows}
    a = {r.asset_class: r for r in after.rows}
    return [(b.get(c), a.get(c)) for c in AssetClass if c in b or c in a]


def _band_row(b: DriftRow | None, a: DriftRow | None) -> DriftRow:
    row = b or a
    assert row is not None, "a class is listed only when it has a row"
    return row


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    """The axis maximum and its tick step: 10 points up to 60 %, 20 above; at least 10 %.

    The maximum is the largest value rounded up to a whole step (70 % → 80 % in steps of 20).
    """
    top = max([Decimal(10), *values])
    step = Decimal(10) if top <= 60 else Decimal(20)
    return Decimal(math.ceil(top / step)) * step, step


def _allocation(
    before: Drift, after: Drift
) -> list[tuple[AssetClass, tuple[Decimal, Decimal, Decimal]]]:
    """Per class: target, share before and share after, in points (0 for a side without it)."""
    out = []
    for b, a in _classes(before, after):
        band = _band_row(b, a)
        points = (
            band.target_pct,
            b.current_pct if b is not None else ZERO,
            a.current_pct if a is not None else ZERO,
        )
        out.append((band.asset_class, points))
    return out


def _chart(before: Drift, after: Drift) -> View:
    """Horizontal bars per asset class: target, before and after, in percent of the household."""
    triples = _allocation(before, after)
    maximum, step = _scale([max(ZERO, v) for _, values in triples for v in values])
    group = 3 * BAR_HEIGHT + 2 * BAR_GAP + GROUP_GAP
    bottom = CHART_TOP + group * len(triples)
    return {
        "width": _coord(CHART_LABEL + CHART_BAR + CHART_RIGHT),
        "height": _coord(bottom + 24),
        "axis_x": _coord(CHART_LABEL),
        "grid_top": _coord(CHART_TOP - 6),
        "grid_bottom": _coord(bottom - GROUP_GAP + 6),
        "tick_y": _coord(bottom + 8),
        "ticks": [
            {"x": _coord(CHART_LABEL + CHART_BAR * k * step / maximum), "label": f"{k * step}%"}
            for k in range(int(maximum / step) + 1)
        ],
        "legend": [
            {
                "kind": kind,
                "name": name,
                "x": _coord(CHART_LABEL + 110 * i),
                "text_x": _coord(CHART_LABEL + 110 * i + 20),
            }
            for i, (kind, name) in enumerate(SERIES)
        ],
        "groups": [
            _chart_group(cls, values, CHART_TOP + group * i, maximum)
            for i, (cls, values) in enumerate(triples)
        ],
        "description": "; ".join(
            f"{cls.label}: target {_pct(t)}, before {_pct(b)}, after {_pct(a)}"
            for cls, (t, b, a) in triples
        ),
    }


def _chart_group(
    cls: AssetClass, values: tuple[Decimal, Decimal, Decimal], top: Decimal, maximum: Decimal
) -> View:
    bars = []
    for k, ((kind, name), pct) in enumerate(zip(SERIES, values, strict=True)):
        y = top + k * (BAR_HEIGHT + BAR_GAP)
        width = CHART_BAR * max(ZERO, pct) / maximum
        bars.append(
            {
                "kind": kind,
                "y": _coord(y),
                "width": _coord(width),
                "height": _coord(BAR_HEIGHT),
                "text_x": _coord(CHART_LABEL + width + 5),
                "text_y": _coord(y + BAR_HEIGHT - 3),
                "text": f"{name.lower()} {_pct(pct)}",
            }
        )
    return {
        "label": cls.label,
        "label_x": _coord(CHART_LABEL - 8),
        "label_y": _coord(top + (3 * BAR_HEIGHT + 2 * BAR_GAP) / 2 + 4),
        "bars": bars,
    }


# --- tables ------------------------------------------------------------------------------------


def _drift_side(r: DriftRow | None) -> View:
    if r is None:
        return {"current": "—", "drift": "—", "over_under": "—", "status": "—", "outside": False}
    return {
        "current": _pct(r.current_pct),
        "drift": _signed_points(r.drift_pct),
        "over_under": _dollars(r.over_under),
        "status": "Outside band" if r.outside else "Inside",
        "outside": r.outside,
    }


def _drift(before: Drift, after: Drift) -> list[View]:
    """One row per class: target and band, then current %, drift, $ over/under and status."""
    rows = []
    for b, a in _classes(before, after):
        band = _band_row(b, a)
        rows.append(
            {
                "label": band.asset_class.label,
                "target": _pct(band.target_pct),
                "band": f"{_pct(band.low_pct)} – {_pct(band.high_pct)}",
                "before": _drift_side(b),
                "after": _drift_side(a),
                "outside": (b is not None and b.outside) or (a is not None and a.outside),
            }
        )
    return rows


def _trade_tax(t: PlannedTrade) -> str:
    parts = []
    for term, value in (("short-term", t.short_term_gain), ("long-term", t.long_term_gain)):
        if value:
            kind = "gain" if value > 0 else "loss"
            parts.append(f"{term} {kind} {_dollars(abs(value))}")
    if t.wash_disallowed:
        how = "lost for good" if t.wash_permanent else "deferred"
        parts.append(f"wash sale: {_dollars(t.wash_disallowed)} of the loss disallowed ({how})")
    return "; ".join(parts) or "none"


def _trades(report: PlanReport) -> list[View]:
    rows = []
    for t in report.plan.trades:
        security = report.household.security(t.symbol)
        rows.append(
            {
                "id": t.id,
                "account": t.account,
                "action": "Sell" if t.action is TradeAction.SELL else "Buy",
                "symbol": t.symbol,
                "name": security.name if security is not None else "",
                "shares": shares(t.quantity),
                "price": _dollars(t.price),
                "amount": _dollars(t.amount),
                "cost": _dollars(t.transaction_cost),
                "reason": REASON_LABELS[t.reason],
                "tax": _trade_tax(t),
                "rationale": t.rationale,
            }
        )
    return rows


def _terms(report: PlanReport) -> list[View]:
    """Gains, losses and net per term, of the lots sold on this return (as plan.json)."""
    rows = [r for r in report.whatif.realization.realized if r.taxed_here]
    out = []
    for name, long_term in (("Short-term", False), ("Long-term", True)):
        values = [r.gain for r in rows if r.long_term is long_term]
        gains = sum((v for v in values if v > 0), ZERO)
        losses = sum((v for v in values if v < 0), ZERO)
        out.append(
            {
                "term": name,
                "gains": _dollars(gains),
                "losses": _dollars(losses),
                "net": _dollars(gains + losses),
            }
        )
    return out


def _tax(report: PlanReport) -> View:
    w = report.whatif
    washes = [x for x in w.washes.washes if x.sale.trade]
    permanent = sum((x.permanent for x in washes), ZERO)
    deferred = sum((x.disallowed - x.permanent for x in washes), ZERO)
    estimates: tuple[TaxEstimate, ...] = (w.without, w.estimate, w.marginal)
    return {
        "terms": _terms(report),
        "wash": (
            ("Wash-sale loss disallowed, deferred into the replacement", _dollars(deferred)),
            ("Wash-sale loss disallowed for good", _dollars(permanent)),
            (
                "Tax that waiting for lots to turn long-term would save",
                _dollars(report.plan.deferral_savings),
            ),
        ),
        "estimate": [
            {
                "label": label,
                "cells": tuple(_dollars(getattr(e, attr)) for e in estimates),
                "total": attr == "total",
            }
            for label, attr in ESTIMATE_ROWS
        ],
    }


def _location(location: object) -> View:
    """The asset-location section of a formatted :class:`LocationView`."""
    if isinstance(location, LocationView):
        return {
            "summary": location.summary,
            "columns": location.columns,
            "rows": location.rows,
        }
    raise TypeError(f"no HTML view of an asset-location review of type {type(location).__name__}")


def _calendar(report: PlanReport) -> list[View]:
    return [
        {
            "symbols": ", ".join(e.symbols),
            "sold_on": e.sold_on.isoformat(),
            "no_buy_until": e.no_buy_until.isoformat(),
        }
        for e in report.whatif.washes.calendar
    ]


def _assumptions(report: PlanReport, input_sha256: str) -> View:
    tax = report.household.tax
    facts = (
        ("Tax year", str(tax.year)),
        ("Filing status", tax.filing_status.value.replace("_", " ")),
        ("Marginal rate on short-term gains (used to plan)", _rate(report.short_rate)),
        ("Marginal rate on long-term gains (used to plan)", _rate(report.long_rate)),
        ("State rate on gains", _rate(tax.state_rate)),
        ("Mode", report.plan.mode.value),
        ("Solver status", report.plan.solver_status or "—"),
        ("trimtab version", version("trimtab")),
        ("Household file SHA-256", input_sha256),
    )
    settings = settings_json(report.household.settings)
    return {
        "facts": facts,
        "settings": tuple((name, setting_text(value)) for name, value in settings.items()),
        "notes": tuple(w.message for w in report.plan.warnings),
    }


def _disclaimer(report: PlanReport) -> str:
    plan = report.plan
    return (
        "This is a proposal for review, not advice to trade. Figures are estimates: they use "
        f"the prices, lots and tax facts in the household file as of {plan.as_of.isoformat()} "
        f"and the {plan.tax_year} federal rules as trimtab implements them, and prices will "
        "have moved by the time any trade is placed. Your actual tax depends on your whole "
        "return; review the trades and the tax figures with your adviser or tax preparer "
        "before acting on them."
    )
