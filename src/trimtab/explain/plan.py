"""Compose a plan from the decoded solution: trades, exact tax with washes, after-state,
rationale, contribution allocation and warnings; then check the invariants.

The exact tax comes from the tax engine on the lots the trades sell (netting, the $3,000
limit, carryforward, brackets, NIIT, state, wash sales), never from the model's linear estimate.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from trimtab.analysis.breakeven import Breakeven, breakeven
from trimtab.analysis.drift import Drift, drift_table
from trimtab.analysis.location import BP, allocation_drag, drag_dollars, location_cells
from trimtab.explain.after import account_changes, household_after
from trimtab.explain.cash_share import cash_shares, shortfall
from trimtab.explain.invariants import check_invariants, check_no_wash
from trimtab.explain.location_words import agrees, location_words
from trimtab.explain.rationale import rationale
from trimtab.explain.restriction_words import restriction_words, used_up_limits
from trimtab.explain.wash_words import wash_words
from trimtab.model.enums import (
    AssetClass,
    Mode,
    ReliefMethod,
    TradeAction,
    TradeReason,
)
from trimtab.model.household import Household
from trimtab.model.plan import ContributionShare, Plan, PlannedLot, PlannedTrade
from trimtab.model.trade import Trade
from trimtab.money import HUNDRED, ZERO
from trimtab.optimize.decode import Decoded
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.location import LocationReview, location_review
from trimtab.optimize.model import main_class
from trimtab.optimize.partial_wash import priced_lots
from trimtab.rules.markets import load_markets
from trimtab.source import Source
from trimtab.tax.memo import per_household
from trimtab.tax.realize import RealizedLot
from trimtab.tax.rmd import RmdReport
from trimtab.tax.wash.boundary import boundary_notes
from trimtab.tax.wash.records import ReplacementKind, Wash
from trimtab.tax.whatif import WhatIf, what_if


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanReport:
    """A plan with everything the reports show: drift before/after, exact tax, washes, RMDs,
    the asset-location review of the household before the plan, and the yearly drag after."""

    plan: Plan
    household: Household
    after: Household
    drift_before: Drift
    drift_after: Drift
    whatif: WhatIf
    rmd: RmdReport
    short_rate: Decimal
    long_rate: Decimal
    draws: tuple[tuple[str, Decimal], ...]
    breakeven: Breakeven
    location: LocationReview
    location_after_drag: Decimal
    location_allocation_drag: Decimal = ZERO

    @property
    def location_saved(self) -> Decimal:
        """Yearly tax drag the plan's placement removes: the review's current drag less the
        drag after, less what the change of allocation removes (``location_allocation_drag``:
        Σ_k (X_k before − X_k after) c_k, each class's dollars at its household centre, so
        that selling a high-drag class to rebalance is not counted as a location saving)."""
        return self.location.current_drag - self.location_after_drag - self.location_allocation_drag

    @property
    def location_saved_bp(self) -> Decimal:
        """:attr:`location_saved` in basis points of the value the review covers."""
        total = self.location.total
        return self.location_saved / total * BP if total else ZERO

    def _repr_html_(self) -> str:
        """The plan in a notebook: drift before and after, then the trades."""
        from trimtab.analysis.tables import before_after_records, html_table, trade_records

        drift = before_after_records(self.drift_before, self.drift_after)
        trades = trade_records(self.plan.trades)
        title = f"Trades — {self.household.name}, as of {self.household.as_of} ({self.plan.mode})"
        return html_table("Drift before / after", drift) + html_table(title, trades)

    def to_dataframe(self) -> Any:
        """One row per trade as a pandas DataFrame (pandas is optional: ImportError)."""
        from trimtab.analysis.tables import dataframe, trade_records

        return dataframe(trade_records(self.plan.trades))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Draft:
    account: str
    action: TradeAction
    symbol: str
    quantity: Decimal
    price: Decimal
    lots: tuple[str, ...]


def drafts(p: PlanInputs, decoded: Decoded) -> list[_Draft]:
    """One trade per (account, symbol, side): sells first, each side in account order."""
    order = {a.account: i for i, a in enumerate(p.accounts)}
    sells: defaultdict[tuple[str, str], list[tuple[Decimal, Decimal, tuple[str, ...]]]] = (
        defaultdict(list)
    )
    # lots sold whole come first and the one sold in part last, so that a sale naming them in
    # this order takes exactly these shares (specific identification takes lots in order)
    for u, q in sorted(decoded.sells, key=lambda x: x[1] < x[0].held):
        # a relief method's lots are not named: the method takes them (the same prefix)
        named = u.lot_ids if u.taxed and len(u.lot_ids) == 1 and u.relief_order < 0 else ()
        sells[(u.account, u.symbol)].append((q, u.price, named))
    out = [
        _Draft(
            account=a,
            action=TradeAction.SELL,
            symbol=s,
            quantity=sum((q for q, _, _ in sells[(a, s)]), ZERO),
            price=sells[(a, s)][0][1],
            lots=tuple(i for _, _, ids in sells[(a, s)] for i in ids),
        )
        for a, s in sorted(sells, key=lambda k: (order[k[0]], k[1]))
    ]
    out += [
        _Draft(
            account=b.account,
            action=TradeAction.BUY,
            symbol=b.symbol,
            quantity=q,
            price=b.price,
            lots=(),
        )
        for b, q in sorted(decoded.buys, key=lambda x: (order[x[0].account], x[0].symbol))
    ]
    return out


def transaction_cost(p: PlanInputs, d: _Draft) -> Decimal:
    """Half-spread on the amount, plus the commission of one trade."""
    return d.quantity * d.price * p.cost_rate[d.symbol] + p.commission


def engine_trade(p: PlanInputs, household: Household, tid: str, d: _Draft) -> Trade:
    """The tax engine's trade: net proceeds of a sell, total cost of a buy."""
    amount = d.quantity * d.price
    cost = transaction_cost(p, d)
    return Trade(
        id=tid,
        date=household.as_of,
        account=d.account,
        action=d.action,
        symbol=d.symbol,
        quantity=d.quantity,
        price=d.price,
        amount=amount - cost if d.action is TradeAction.SELL else amount + cost,
        lots=d.lots,
    )


def _boundary_words(washes: tuple[Wash, ...], trade_id: str) -> str:
    """The trade's year-boundary wash sentences (a January purchase washing a December loss):
    the dollars that leave last year's return and the year that loses the deduction."""
    notes = boundary_notes(washes, trade_id)
    return "".join(f" Wash sale across the year end: {note}." for note in notes)


def _washes_by_trade(washes: tuple[Wash, ...]) -> dict[str, tuple[Wash, ...]]:
    """By trade id, in order, the washes of its loss sales and those its purchases make: all
    a trade's words are about (the washes are read once, not once per trade)."""
    found: dict[str, dict[int, Wash]] = {}
    for k, wash in enumerate(washes):
        found.setdefault(wash.sale.trade, {})[k] = wash
        for use in wash.replacements:
            if use.acquisition.kind is ReplacementKind.TRADE:
                found.setdefault(use.acquisition.id, {})[k] = wash
    return {trade: tuple(by_order.values()) for trade, by_order in found.items()}


def build_report(
    household: Household,
    p: PlanInputs,
    decoded: Decoded,
    status: str,
    relief_method: ReliefMethod | None = None,
    location: LocationReview | None = None,
) -> PlanReport:
    """The plan of ``decoded``: exact tax, after-state, rationale; invariants checked.

    location: the household's asset-location review, when the caller has it already (it
    depends on the household only); None: reviewed here.
    """
    items = drafts(p, decoded)
    ids = [f"P{i + 1}" for i in range(len(items))]
    engine = [engine_trade(p, household, tid, d) for tid, d in zip(ids, items, strict=True)]
    result = what_if(household, engine, relief_method=relief_method)
    draws = dict(decoded.draws)
    rows = _rows_by_trade(result)
    trades = tuple(
        _planned(p, household, tid, d, result, rows.get(tid, ()))
        for tid, d in zip(ids, items, strict=True)
    )
    after = household_after(household, trades, draws)
    before_drift, after_drift = drift_table(household), drift_table(after)
    harvests = _Harvests(p, decoded)
    review = location_review(household) if location is None else location
    trades = tuple(
        replace(t, reason=_reason(p, t, draws, harvests, before_drift, review), rationale="")
        for t in trades
    )
    priced = priced_lots(p.partial_washes)  # lots the model sold into a priced partial wash
    washes = _washes_by_trade(result.washes.washes)
    shares = cash_shares(p, trades, draws)
    limits = used_up_limits(household, trades)
    classes = {t.symbol: main_class(p, t.symbol) for t in trades}
    located = location_words(household, trades, classes, review, (p.short_rate, p.long_rate))
    trades = tuple(
        replace(
            t,
            rationale=rationale(
                household,
                t,
                before_drift,
                after_drift,
                _method_words(household, t, relief_method),
                located.get(t.id, "")
                + _order_words(household, t)
                + restriction_words(household, t, limits)
                + _boundary_words(washes.get(t.id, ()), t.id)
                + wash_words(t, washes.get(t.id, ()), priced),
                purpose=shares.get(t.id, ""),
            ),
        )
        for t in trades
    )
    changes = account_changes(household, after, trades, draws)
    check_invariants(household, trades, changes)
    check_no_wash(trades, result.washes, priced)
    plan = Plan(
        household=household.name,
        as_of=household.as_of,
        tax_year=household.tax.year,
        mode=p.mode,
        trades=trades,
        accounts=changes,
        contribution_allocation=contribution_allocation(household, after_drift),
        warnings=(*p.warnings, *result.warnings, *p.rmd.warnings),
        deferral_savings=_deferral_savings(household, p, result),
        solver_status=status,
    )
    markets = load_markets()
    gamma = household.settings.risk_aversion or markets.risk_aversion
    costs = sum((t.transaction_cost for t in trades), ZERO)
    worth = breakeven(
        before_drift,
        after_drift,
        markets,
        gamma,
        result.marginal.total + costs,
        household.settings.breakeven_horizon_years,
    )
    after_cells = location_cells(after, review.rates, household)
    return PlanReport(
        location=review,
        location_after_drag=drag_dollars(after_cells),
        location_allocation_drag=allocation_drag(
            location_cells(household, review.rates), after_cells, review.rates, household
        ),
        breakeven=worth,
        plan=plan,
        household=household,
        after=after,
        drift_before=before_drift,
        drift_after=after_drift,
        whatif=result,
        rmd=p.rmd,
        short_rate=p.short_rate,
        long_rate=p.long_rate,
        draws=decoded.draws,
    )


def _rows_by_trade(result: WhatIf) -> dict[str, tuple[RealizedLot, ...]]:
    """The realized rows of each trade, in the order realized."""
    rows: defaultdict[str, list[RealizedLot]] = defaultdict(list)
    for r in result.realization.realized:
        rows[r.trade].append(r)
    return {trade: tuple(found) for trade, found in rows.items()}


def _planned(
    p: PlanInputs,
    household: Household,
    tid: str,
    d: _Draft,
    result: WhatIf,
    rows: tuple[RealizedLot, ...],
) -> PlannedTrade:
    """The trade ``tid`` with its lots, gains and washes; ``rows``: its realized rows."""
    taxed = [r for r in rows if r.taxed_here]
    sources = _lot_sources(household)
    wash = [result.wash_of(r) for r in taxed]
    amounts = [w.disallowed if w is not None else None for w in wash]  # each figured once
    lots = tuple(
        _planned_lot(household, r, a, sources) for r, a in zip(taxed, amounts, strict=True)
    )
    disallowed = sum((a for a in amounts if a is not None), ZERO)
    return PlannedTrade(
        id=tid,
        account=d.account,
        action=d.action,
        symbol=d.symbol,
        quantity=d.quantity,
        price=d.price,
        amount=d.quantity * d.price,
        transaction_cost=transaction_cost(p, d),
        reason=TradeReason.REBALANCE,
        rationale="",
        lots=lots,
        short_term_gain=sum((r.gain for r in taxed if not r.long_term), ZERO),
        long_term_gain=sum((r.gain for r in taxed if r.long_term), ZERO),
        wash_disallowed=disallowed,
        wash_permanent=any(w is not None and w.permanent > 0 for w in wash),
    )


@per_household
def _lot_sources(household: Household) -> Mapping[str, Source]:
    """Each lot id's place in the household file (the first lot, when ids repeat)."""
    sources: dict[str, Source] = {}
    for a in household.accounts:
        for h in a.holdings:
            for x in h.lots:
                sources.setdefault(x.id, x.source)
    return MappingProxyType(sources)


def _planned_lot(
    household: Household,
    r: RealizedLot,
    disallowed: Decimal | None,
    sources: Mapping[str, Source],
) -> PlannedLot:
    """The lot a taxed row sells; ``disallowed``: its wash's disallowed loss (None: no wash)."""
    source = sources.get(r.lot_id)
    return PlannedLot(
        lot_id=r.lot_id,
        acquired=r.acquired,
        holding_period_start=r.holding_period_start,
        quantity=r.quantity,
        cost=r.cost,
        proceeds=r.proceeds,
        gain=r.gain,
        long_term=r.long_term,
        wash_disallowed=disallowed if disallowed is not None else ZERO,
        source=source if source is not None else household.accounts[0].source,
    )


class _Harvests:
    """The decoded plan's harvests, read once per plan: the (account, symbol) they sell and the
    (account, class) a buy replaces them in (figured when a buy first asks)."""

    def __init__(self, p: PlanInputs, decoded: Decoded) -> None:
        self._p = p
        self._decoded = decoded
        self.sold = {(u.account, u.symbol) for u in decoded.harvested}

    @functools.cached_property
    def replaced(self) -> set[tuple[str, AssetClass]]:
        return {(u.account, main_class(self._p, u.symbol)) for u in self._decoded.harvested}


def _reason(
    p: PlanInputs,
    t: PlannedTrade,
    draws: dict[str, Decimal],
    harvests: _Harvests,
    before: Drift,
    review: LocationReview,
) -> TradeReason:
    """Why a trade is in the plan: an order, a cash flow or RMD, a harvest or its replacement,
    asset location (in `location` mode, or a trade that moves its class away from target,
    which only the location term asks for), else rebalancing."""
    flows = next(a for a in p.accounts if a.account == t.account)
    if (t.account, t.symbol, t.action) in p.ordered:
        return TradeReason.ORDER
    if t.action is TradeAction.SELL:
        if shortfall(flows, draws.get(t.account, ZERO)) > 0:
            return TradeReason.RMD if draws.get(t.account, ZERO) > 0 else TradeReason.CASH_FLOW
        if (t.account, t.symbol) in harvests.sold:
            return TradeReason.HARVEST
        return _location_or_rebalance(p, t, before, review)
    if (t.account, main_class(p, t.symbol)) in harvests.replaced:
        return TradeReason.REPLACEMENT
    if p.mode is Mode.LOCATION:
        return TradeReason.LOCATION
    if flows.contributions > 0 or p.mode is Mode.CASH:
        return TradeReason.CASH_FLOW
    return _location_or_rebalance(p, t, before, review)


def _location_or_rebalance(
    p: PlanInputs, t: PlannedTrade, before: Drift, review: LocationReview
) -> TradeReason:
    """LOCATION for a trade only the location term asks for, when the review moves its class
    in its account the same way (:func:`.location_words.agrees`); else REBALANCE."""
    if _for_location(p, t, before) and agrees(review, main_class(p, t.symbol), t.account, t.action):
        return TradeReason.LOCATION
    return TradeReason.REBALANCE


def _for_location(p: PlanInputs, t: PlannedTrade, before: Drift) -> bool:
    """In `location` mode every such trade; otherwise, with the location term on, a sale of a
    class at or under its target or a buy of a class over it (rebalancing would not)."""
    if p.mode is Mode.LOCATION:
        return True
    if p.location is None:
        return False
    cls = main_class(p, t.symbol)
    drift = next((r.drift_pct for r in before.rows if r.asset_class is cls), ZERO)
    return drift <= 0 if t.action is TradeAction.SELL else drift > 0


def _order_words(household: Household, t: PlannedTrade) -> str:
    """For an order the plan trades more of (an order without named lots sets a minimum):
    how much the order asked for, and that the rest rebalances."""
    if t.reason is not TradeReason.ORDER:
        return ""
    ordered = sum(
        (
            o.quantity if o.quantity is not None else (o.amount or ZERO) / t.price
            for o in household.orders
            if (o.account, o.symbol, o.action) == (t.account, t.symbol, t.action)
        ),
        ZERO,
    )
    extra = t.quantity - ordered
    if ordered <= 0 or extra <= 0:
        return ""
    return (
        f" The order is for {ordered.normalize():f} shares; the plan {t.action.value}s "
        f"{extra.normalize():f} more to rebalance."
    )


def _method_words(household: Household, t: PlannedTrade, override: ReliefMethod | None) -> str:
    account = household.account(t.account)
    if account is None or not account.taxed:
        return "no tax inside the account"
    method = override or account.relief_method
    if method is None or method is ReliefMethod.SPECIFIC_ID:
        return "chosen by the optimizer for the least tax (specific identification)"
    if override is not None:
        return f"by the run's relief method (--relief-method {method.value})"
    return f"by the account's relief method ({method.value})"


def _deferral_savings(household: Household, p: PlanInputs, result: WhatIf) -> Decimal:
    """Tax saved had the short-term gains of lots turning long-term soon waited."""
    soon = {lot_id for u in p.units if u.defer_per_share > 0 for lot_id in u.lot_ids}
    gains = sum(
        (
            r.gain
            for r in result.realization.realized
            if r.lot_id in soon and r.gain > 0 and not r.long_term
        ),
        ZERO,
    )
    return gains * (p.short_rate - p.long_rate)


def contribution_allocation(household: Household, after: Drift) -> tuple[ContributionShare, ...]:
    """Future payroll contributions over each menu, toward the classes still underweight.

    Each menu fund's share is proportional to the dollars its main class is under target after
    the plan; with nothing under target, to the class targets.
    """
    under = {r.asset_class: max(ZERO, -r.over_under) for r in after.rows}
    targets = {t.asset_class: t.percent for t in household.targets}
    out: list[ContributionShare] = []
    for r in household.recurring:
        account = household.account(r.account)
        if r.dividend_reinvestment or account is None or not account.buy_menu:
            continue
        weights = {s: _main_weight(household, s, under, targets) for s in account.buy_menu}
        total = sum(weights.values(), ZERO)
        if total <= 0:
            continue
        out += [
            ContributionShare(account=account.id, symbol=s, percent=w / total * HUNDRED)
            for s, w in weights.items()
            if w > 0
        ]
    return tuple(out)


def _main_weight(
    household: Household,
    symbol: str,
    under: dict[AssetClass, Decimal],
    targets: dict[AssetClass, Decimal],
) -> Decimal:
    security = household.security(symbol)
    if security is None:
        return ZERO
    main = security.main_class
    if any(v > 0 for v in under.values()):
        return under.get(main, ZERO)
    return targets.get(main, ZERO)
