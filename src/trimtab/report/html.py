"""The client report ``report.html`` and the advisor's ``review.html`` (docs/reports.md).

``report.html`` is for the client: accounts by name, what changes and why in plain words, tax
in dollars, no internal codes; printed it fits on a few pages. ``review.html`` is for the
advisor's file: every figure, setting and code of the plan (solver status, input hash, notes).

The only module that imports Jinja2. Each page is self-contained: the CSS is inline, the chart
is inline SVG (drawn twice: wide, and narrow for phones, :data:`WIDE` and :data:`NARROW`), there
is no script and no external font, image or link, and a Content-Security-Policy
``default-src 'none'`` keeps a browser from fetching anything; the firm's logo, when set, is
embedded as a ``data:`` URI and the policy then allows ``img-src data:`` only. Every figure is
formatted here, in Python, into the view the template shows: money rounded half-up to cents,
shares to six places, percents to two places (half-up); the template only places strings, and
it escapes every one of them (``autoescape=True``), so a name from the input such as
``<script>`` is shown as text. The only dates on the pages are the plan's as-of date and the
cash-flow, RMD and wash-sale dates, so the same plan gives the same bytes.

The asset-location section shows the plan's review (:func:`location_view`), or a
:class:`LocationView` given instead (already formatted strings).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib.metadata import version as _package_version
from typing import Any

import jinja2

from trimtab.analysis.drift import Drift, DriftRow
from trimtab.model.enums import AccountType, AssetClass, CashFlowKind, TradeAction, TradeReason
from trimtab.model.plan import PlannedTrade
from trimtab.money import CENT, HUNDRED, ZERO, round_money
from trimtab.report.format import bp_str, dollars, money, plain_shares, setting_text, shares
from trimtab.report.json.plan import settings_json
from trimtab.report.words import CASH_FLOW_WORDS, account_labels, owner_name, possessive
from trimtab.results.plan import PlanReport
from trimtab.tax.federal import TaxEstimate

TEMPLATE = "review.html.j2"
CLIENT_TEMPLATE = "report.html.j2"
CSP = "default-src 'none'; style-src 'unsafe-inline'"
CSP_WITH_LOGO = CSP + "; img-src data:"

View = dict[str, Any]


@functools.cache
def _trimtab_version() -> str:
    """The installed trimtab's version (read once: importlib.metadata walks the path)."""
    return _package_version("trimtab")


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


def plan_html(report: PlanReport, input_sha256: str = "", location: object | None = None) -> bytes:
    """The client's ``report.html`` of a plan, as UTF-8 bytes: plain words, no internal codes.

    input_sha256 and location are accepted for the callers of the one-page report of before
    and are not shown (the advisor's :func:`review_html` shows them).
    """
    del input_sha256, location
    labels = account_labels(report.household)
    view = {
        "header": _header(report),
        "summary": _client_summary(report),
        "chart": _chart(report.drift_before, report.drift_after),
        "trades": _client_trades(report, labels),
        "tax": _client_tax(report),
        "cash_flows": _client_cash_flows(report, labels),
        "location": _client_location(report),
        "calendar": _client_calendar(report),
        "disclaimer": _disclaimer(report),
        "disclosure": _disclosure(report),
    }
    return template_environment().get_template(CLIENT_TEMPLATE).render(view).encode("utf-8")


def review_html(report: PlanReport, input_sha256: str, location: object | None = None) -> bytes:
    """The advisor's ``review.html`` of a plan, as UTF-8 bytes: every figure, code and setting.

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
    return template_environment().get_template(TEMPLATE).render(view).encode("utf-8")


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
def template_environment() -> jinja2.Environment:
    """The report templates' Jinja environment (autoescaped; shared with the book's page)."""
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
    plan, settings, logo = report.plan, report.household.settings, report.household.firm_logo
    uri = "" if logo is None else f"data:{logo.media_type};base64,{_base64(logo.data)}"
    return {
        "household": plan.household or report.household.file,
        "as_of": plan.as_of.isoformat(),
        "tax_year": str(plan.tax_year),
        "mode": plan.mode.value,
        "firm_name": settings.firm_name,
        "logo": uri,
        "csp": CSP_WITH_LOGO if uri else CSP,
    }


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _summary(report: PlanReport) -> View:
    plan, b = report.plan, report.breakeven
    facts = (
        ("Total value before the plan", dollars(report.drift_before.total_value)),
        ("Total value after the plan", dollars(report.drift_after.total_value)),
        ("Trades proposed", str(len(plan.trades))),
        (f"Change in estimated {plan.tax_year} tax", dollars(report.whatif.marginal.total)),
        ("Transaction costs (estimated)", dollars(plan.costs_total)),
        ("Yearly benefit of less drift", dollars(b.annual_benefit)),
        ("Tax and costs paid back in", _payback(report)),
    )
    sentences = (
        f"On {plan.as_of.isoformat()} the household's accounts are worth "
        f"{dollars(report.drift_before.total_value)}.",
        _band_words(report.drift_before, report.drift_after),
        _trade_words(plan.trades),
        _tax_words(report),
        f"Trading costs (bid-ask spreads and commissions) are estimated at "
        f"{dollars(plan.costs_total)}.",
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
        head = f"The trades add {dollars(total)} to your estimated {year} tax"
    else:
        head = f"The trades lower your estimated {year} tax by {dollars(-total)}"
    return (
        f"{head} (federal income tax {dollars(m.income_tax)}, net investment income tax "
        f"{dollars(m.niit)}, state {dollars(m.state)})."
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
            f"the tax and costs of {dollars(b.tax_and_costs)}."
        )
    else:
        text = (
            f"Being closer to the target mix is worth about {dollars(b.annual_benefit)} a year "
            f"in lower risk; the tax and costs of {dollars(b.tax_and_costs)} are paid back in "
            f"about {_two_places(years)} years."
        )
    if b.horizon_years is not None:
        text += f" Your payback horizon is {b.horizon_years} years."
    return text


# --- the before/after chart (inline SVG; coordinates computed here) ---------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartGeometry:
    """The measures of one drawing of the chart, in SVG user units (px at scale 1).

    label: width left of the bars for the class names (0: the name sits above its bars).
    bar: the length of a bar at the axis maximum. right: room right of the bars for figures.
    top: the first group's top. bar_height / bar_gap / group_gap: the bars and the gaps.
    label_row: height of the name's own line above the bars (0: beside them).
    font / label_font: font sizes of the figures and of the class names.
    """

    label: Decimal
    bar: Decimal
    right: Decimal
    top: Decimal
    bar_height: Decimal
    bar_gap: Decimal
    group_gap: Decimal
    label_row: Decimal
    font: int
    label_font: int

    @property
    def width(self) -> Decimal:
        """The drawing's width: names, bars and figures."""
        return self.label + self.bar + self.right

    @property
    def group(self) -> Decimal:
        """The height of one class: its name's row, three bars, two gaps and the group gap."""
        return self.label_row + 3 * self.bar_height + 2 * self.bar_gap + self.group_gap


WIDE = ChartGeometry(
    label=Decimal(230),
    bar=Decimal(540),
    right=Decimal(130),
    top=Decimal(34),
    bar_height=Decimal(13),
    bar_gap=Decimal(2),
    group_gap=Decimal(12),
    label_row=Decimal(0),
    font=12,
    label_font=13,
)
"""The chart on a page or a screen: 900 wide; printed on Letter it is drawn at about 0.8."""

NARROW = ChartGeometry(
    label=Decimal(2),
    bar=Decimal(228),
    right=Decimal(110),
    top=Decimal(34),
    bar_height=Decimal(14),
    bar_gap=Decimal(2),
    group_gap=Decimal(12),
    label_row=Decimal(18),
    font=12,
    label_font=13,
)
"""The chart on a phone: 340 wide, so a 390 px screen (less the page's 12 px margins) draws it
at full size and its smallest text stays 12 px."""

CHART_LABEL, CHART_BAR, CHART_RIGHT = WIDE.label, WIDE.bar, WIDE.right
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
    """Horizontal bars per asset class: target, before and after, in percent of the household;
    drawn twice, wide and narrow."""
    return allocation_chart(_allocation(before, after))


def allocation_chart(triples: list[tuple[AssetClass, tuple[Decimal, Decimal, Decimal]]]) -> View:
    """The chart's view of per-class (target, before, after) points, in percent: the web app
    (trimtab.web) draws it from a plan.json's drift with ``chart.svg.j2``."""
    maximum, step = _scale([max(ZERO, v) for _, values in triples for v in values])
    return {
        "wide": _drawing(WIDE, triples, maximum, step),
        "narrow": _drawing(NARROW, triples, maximum, step),
        "description": "; ".join(
            f"{cls.label}: target {_pct(t)}, before {_pct(b)}, after {_pct(a)}"
            for cls, (t, b, a) in triples
        ),
    }


def _drawing(
    g: ChartGeometry,
    triples: list[tuple[AssetClass, tuple[Decimal, Decimal, Decimal]]],
    maximum: Decimal,
    step: Decimal,
) -> View:
    bottom = g.top + g.group * len(triples)
    ticks = int(maximum / step) + 1
    beside = g.label_row == 0
    return {
        "width": _coord(g.width),
        "height": _coord(bottom + 24),
        "font": str(g.font),
        "label_font": str(g.label_font),
        "label_anchor": "end" if beside else "start",
        "axis_x": _coord(g.label),
        "grid_top": _coord(g.top - 6),
        "grid_bottom": _coord(bottom - g.group_gap + 6),
        "tick_y": _coord(bottom + 8),
        "ticks": [
            {
                "x": _coord(g.label + g.bar * k * step / maximum),
                "label": f"{k * step}%",
                "anchor": "start" if (k == 0 and not beside) else "middle",
            }
            for k in range(ticks)
        ],
        "legend": [
            {
                "kind": kind,
                "name": name,
                "x": _coord(g.label + 100 * i),
                "text_x": _coord(g.label + 100 * i + 20),
            }
            for i, (kind, name) in enumerate(SERIES)
        ],
        "groups": [
            _chart_group(g, cls, values, g.top + g.group * i, maximum)
            for i, (cls, values) in enumerate(triples)
        ],
    }


def _chart_group(
    g: ChartGeometry,
    cls: AssetClass,
    values: tuple[Decimal, Decimal, Decimal],
    top: Decimal,
    maximum: Decimal,
) -> View:
    bars = []
    for k, ((kind, name), pct) in enumerate(zip(SERIES, values, strict=True)):
        y = top + g.label_row + k * (g.bar_height + g.bar_gap)
        width = g.bar * max(ZERO, pct) / maximum
        bars.append(
            {
                "kind": kind,
                "y": _coord(y),
                "width": _coord(width),
                "height": _coord(g.bar_height),
                "text_x": _coord(g.label + width + 5),
                "text_y": _coord(y + g.bar_height - 3),
                "text": f"{name.lower()} {_pct(pct)}",
            }
        )
    beside = g.label_row == 0
    return {
        "label": cls.label,
        "label_x": _coord(g.label - 8 if beside else g.label),
        "label_y": _coord(
            top + (3 * g.bar_height + 2 * g.bar_gap) / 2 + 4 if beside else top + g.label_row - 5
        ),
        "bars": bars,
    }


# --- tables ------------------------------------------------------------------------------------


def _drift_side(r: DriftRow | None) -> View:
    if r is None:
        return {"current": "—", "drift": "—", "over_under": "—", "status": "—", "outside": False}
    return {
        "current": _pct(r.current_pct),
        "drift": _signed_points(r.drift_pct),
        "over_under": dollars(r.over_under),
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
            parts.append(f"{term} {kind} {dollars(abs(value))}")
    if t.wash_disallowed:
        how = "lost for good" if t.wash_permanent else "deferred"
        parts.append(f"wash sale: {dollars(t.wash_disallowed)} of the loss disallowed ({how})")
    return "; ".join(parts) or "none"


def _trades(report: PlanReport) -> list[View]:
    labels = account_labels(report.household)
    rows = []
    for t in report.plan.trades:
        security = report.household.security(t.symbol)
        rows.append(
            {
                "id": t.id,
                "account": t.account,
                "account_name": labels.get(t.account, ""),
                "action": "Sell" if t.action is TradeAction.SELL else "Buy",
                "symbol": t.symbol,
                "name": security.name if security is not None else "",
                "shares": shares(t.quantity),
                "price": dollars(t.price),
                "amount": dollars(t.amount),
                "cost": dollars(t.transaction_cost),
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
                "gains": dollars(gains),
                "losses": dollars(losses),
                "net": dollars(gains + losses),
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
            ("Wash-sale loss disallowed, deferred into the replacement", dollars(deferred)),
            ("Wash-sale loss disallowed for good", dollars(permanent)),
            (
                "Tax that waiting for lots to turn long-term would save",
                dollars(report.plan.deferral_savings),
            ),
        ),
        "estimate": [
            {
                "label": label,
                "cells": tuple(dollars(getattr(e, attr)) for e in estimates),
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
        ("Marginal rate on short-term gains (the next $1,000)", _rate(report.short_rate)),
        ("Marginal rate on long-term gains (the next $1,000)", _rate(report.long_rate)),
        ("State rate on gains", _rate(tax.state_rate)),
        ("Mode", report.plan.mode.value),
        ("Solver status", report.plan.solver_status or "—"),
        ("trimtab version", _trimtab_version()),
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


# --- the client's page: plain words ------------------------------------------------------------

CLIENT_TAX_ROWS: tuple[tuple[str, str], ...] = (
    ("Federal income tax", "income_tax"),
    ("Net investment income tax", "niit"),
    ("State tax", "state"),
    ("Total", "total"),
)
TAX_FREE_TYPES = frozenset({AccountType.ROTH_IRA, AccountType.ROTH_401K, AccountType.HSA})


def _long_date(day: dt.date) -> str:
    """A date as people write it: December 5, 2026."""
    return f"{day:%B} {day.day}, {day.year}"


def _client_summary(report: PlanReport) -> View:
    plan = report.plan
    facts = (
        ("Value of your accounts today", dollars(report.drift_before.total_value)),
        ("Trades proposed", str(len(plan.trades))),
        (f"Change in your estimated {plan.tax_year} tax", dollars(report.whatif.marginal.total)),
        ("Estimated trading costs", dollars(plan.costs_total)),
    )
    sentences = (
        f"On {_long_date(plan.as_of)} your accounts are worth "
        f"{dollars(report.drift_before.total_value)}.",
        _band_words(report.drift_before, report.drift_after),
        _trade_words(plan.trades),
        _tax_words(report),
        _breakeven_words(report),
    )
    return {"sentences": tuple(s for s in sentences if s), "facts": facts}


def _trade_class(report: PlanReport, t: PlannedTrade) -> AssetClass | None:
    security = report.household.security(t.symbol)
    if security is None or security.is_mixed:
        return None
    return security.classes[0].asset_class


def _class_words(report: PlanReport, cls: AssetClass | None) -> str:
    """'US Large Cap Equity is 36.01% of your accounts, its target 35.00%' ('' when unknown)."""
    row = next((r for r in report.drift_before.rows if r.asset_class is cls), None)
    if row is None:
        return ""
    side = "above" if row.drift_pct > 0 else "below"
    return (
        f"{row.asset_class.label} is {_pct(row.current_pct)} of your accounts, {side} its "
        f"{_pct(row.target_pct)} target"
    )


def _why(report: PlanReport, t: PlannedTrade, labels: Mapping[str, str]) -> str:
    """Why the client sees this trade, in a sentence without codes."""
    drift = _class_words(report, _trade_class(report, t))
    buy = t.action is TradeAction.BUY
    text = {
        TradeReason.REBALANCE: (f"{drift}." if drift else "Brings your mix back to its target."),
        TradeReason.CASH_FLOW: (
            "Invests money arriving in this account."
            if buy
            else "Raises cash for money leaving this account."
        ),
        TradeReason.RMD: "Raises the cash for the required minimum distribution from this account.",
        TradeReason.ORDER: "You asked for this trade.",
        TradeReason.HARVEST: "Sells at a loss to lower your tax; the money stays invested.",
        TradeReason.REPLACEMENT: "Keeps the money of a tax-loss sale invested in a similar fund.",
        TradeReason.LOCATION: "Holds this investment in an account where it is taxed less.",
    }[t.reason]
    if t.reason in (TradeReason.CASH_FLOW, TradeReason.RMD) and drift:
        text += f" {drift}."
    return text


def _client_trade_tax(report: PlanReport, t: PlannedTrade) -> str:
    """The tax of a trade in words: a sale's gain or loss in a taxable account, else none."""
    account = report.household.account(t.account)
    if t.action is TradeAction.BUY or account is None:
        return "None"
    if account.type in TAX_FREE_TYPES:
        return "None: tax-free account"
    if not account.type.is_taxable:
        return "None: tax-deferred account"
    text = _trade_tax(t)
    return "None" if text == "none" else text[0].upper() + text[1:]


def _client_trades(report: PlanReport, labels: Mapping[str, str]) -> list[View]:
    rows = []
    for t in report.plan.trades:
        security = report.household.security(t.symbol)
        rows.append(
            {
                "account": labels.get(t.account, t.account),
                "action": "Sell" if t.action is TradeAction.SELL else "Buy",
                "symbol": t.symbol,
                "name": security.name if security is not None else "",
                "shares": plain_shares(t.quantity),
                "amount": dollars(t.amount),
                "tax": _client_trade_tax(report, t),
                "why": _why(report, t, labels),
            }
        )
    return rows


def _client_tax(report: PlanReport) -> View:
    w = report.whatif
    terms = {row["term"]: row for row in _terms(report)}
    short, long = terms["Short-term"]["net"], terms["Long-term"]["net"]
    sentences = [_tax_words(report)]
    if short != "$0.00" or long != "$0.00":
        sentences.append(
            f"The sales realize a net short-term gain of {short} and a net long-term gain of "
            f"{long} (a negative figure is a loss)."
        )
    estimates: tuple[TaxEstimate, ...] = (w.without, w.estimate, w.marginal)
    rows = [
        {
            "label": label,
            "cells": tuple(dollars(getattr(e, attr)) for e in estimates),
            "total": attr == "total",
        }
        for label, attr in CLIENT_TAX_ROWS
    ]
    return {"sentences": tuple(sentences), "rows": rows}


def _client_cash_flows(report: PlanReport, labels: Mapping[str, str]) -> tuple[str, ...]:
    """Pending contributions and withdrawals, and the RMDs still to take, in sentences."""
    household = report.household
    out = [
        f"{CASH_FLOW_WORDS[f.kind]} of {dollars(f.amount)} "
        f"{'into' if f.kind is CashFlowKind.CONTRIBUTION else 'from'} "
        f"{labels.get(f.account, f.account)}"
        + (f" on {_long_date(f.date)}" if f.date else "")
        + "."
        for f in household.cash_flows
    ]
    for row in report.rmd.rows:
        if row.required <= 0 and row.remaining <= 0:
            continue
        owner = owner_name(household, row.owner) if row.owner else "The owner"
        out.append(
            f"{possessive(owner)} required minimum distribution from "
            f"{labels.get(row.account, row.account)}: {dollars(row.required)} for "
            f"{report.rmd.year}; {dollars(row.remaining)} is left to take by "
            f"{_long_date(row.deadline)}."
        )
    return tuple(out)


def _client_location(report: PlanReport) -> str:
    review = report.location
    if round_money(review.gain_dollars) <= 0:
        return ""
    return (
        f"Holding each kind of investment in the kind of account where it is taxed least would "
        f"save about {dollars(review.gain_dollars)} a year in tax; these trades save about "
        f"{dollars(report.location_saved)} a year of it."
    )


def _client_calendar(report: PlanReport) -> tuple[str, ...]:
    return tuple(
        f"{' or '.join(e.symbols)}: not before {_long_date(e.no_buy_until + dt.timedelta(days=1))}"
        f" (sold at a loss on {_long_date(e.sold_on)})."
        for e in report.whatif.washes.calendar
    )


def _disclosure(report: PlanReport) -> tuple[str, ...]:
    """The firm's disclosure, one paragraph per blank-line-separated block."""
    text = report.household.settings.disclosure.strip()
    return tuple(" ".join(p.split()) for p in text.split("\n\n") if p.strip())
