"""Compose a plan from the decoded solution: trades, exact tax with washes, after-state,
rationale, contribution allocation and warnings; then check the invariants.

The exact tax comes from the tax engine on the lots the trades sell (netting, the $3,000
limit, carryforward, brackets, NIIT, state, wash sales), never from the model's linear estimate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType

from trimtab.analysis.breakeven import Breakeven, breakeven
from trimtab.analysis.drift import Drift, drift_table
from trimtab.analysis.location import allocation_drag, drag_dollars, location_cells
from trimtab.explain.after import account_changes, household_after
from trimtab.explain.cash_share import cash_shares
from trimtab.explain.invariants import check_invariants, check_no_wash
from trimtab.explain.location_review import location_review
from trimtab.explain.location_words import location_words
from trimtab.explain.rationale import rationale
from trimtab.explain.reasons import Harvests, reason
from trimtab.explain.restriction_words import restriction_words, used_up_limits
from trimtab.explain.trade_words import (
    boundary_words,
    method_words,
    order_words,
    washes_by_trade,
)
from trimtab.explain.wash_words import wash_words
from trimtab.model.enums import (
    AssetClass,
    ReliefMethod,
    TradeAction,
    TradeReason,
)
from trimtab.model.household import Household
from trimtab.model.plan import AccountChange, ContributionShare, Plan, PlannedLot, PlannedTrade
from trimtab.model.trade import Trade
from trimtab.money import HUNDRED, ZERO
from trimtab.optimize.decode import Decoded
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.model import main_class
from trimtab.optimize.partial_wash import priced_lots
from trimtab.results.location import LocationReview
from trimtab.results.plan import PlanReport as PlanReport  # the import path callers know
from trimtab.rules.markets import load_markets
from trimtab.source import Source
from trimtab.tax.memo import per_household
from trimtab.tax.realize import RealizedLot
from trimtab.tax.whatif import WhatIf, what_if


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


def build_report(
    household: Household,
    p: PlanInputs,
    decoded: Decoded,
    status: str,
    relief_method: ReliefMethod | None = None,
    location: LocationReview | None = None,
) -> PlanReport:
    """The plan of ``decoded``: exact tax, after-state, rationale; invariants checked.

    The steps, in order: each decoded trade's reason (:func:`_reasoned`), the trades priced by
    the tax engine and built with their reasons (:func:`_priced`), then given their rationale
    (:func:`_worded`: the one rewrite of each trade, since its words read the whole plan), the
    invariants checked, the plan assembled (:func:`_plan`), and the figures around it
    (:func:`_figures`: breakeven and the drag after the plan).

    location: the household's asset-location review, when the caller has it already (it
    depends on the household only); None: reviewed here.
    """
    draws = dict(decoded.draws)
    before_drift = drift_table(household)
    review = location_review(household) if location is None else location
    items = drafts(p, decoded)
    reasons = _reasoned(p, decoded, items, draws, before_drift, review)
    trades, result = _priced(household, p, items, reasons, relief_method)
    after = household_after(household, trades, draws)
    after_drift = drift_table(after)
    priced = priced_lots(p.partial_washes)  # lots the model sold into a priced partial wash
    trades = _worded(
        household,
        p,
        trades,
        draws,
        (before_drift, after_drift),
        review,
        (result, priced),
        relief_method,
    )
    changes = account_changes(household, after, trades, draws)
    check_invariants(household, trades, changes)
    check_no_wash(trades, result.washes, priced)
    plan = _plan(household, p, trades, changes, after_drift, result, status)
    worth, after_drag, allocation = _figures(
        household, after, (before_drift, after_drift), trades, result, review
    )
    return PlanReport(
        location=review,
        location_after_drag=after_drag,
        location_allocation_drag=allocation,
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


def _reasoned(
    p: PlanInputs,
    decoded: Decoded,
    items: list[_Draft],
    draws: dict[str, Decimal],
    before: Drift,
    review: LocationReview,
) -> list[TradeReason]:
    """Step 1: each decoded trade's reason (:func:`.reasons.reason`: its account, security
    and side are all it reads)."""
    harvests = Harvests(p, decoded)
    return [reason(p, d, draws, harvests, before, review) for d in items]


def _priced(
    household: Household,
    p: PlanInputs,
    items: list[_Draft],
    reasons: list[TradeReason],
    relief_method: ReliefMethod | None,
) -> tuple[tuple[PlannedTrade, ...], WhatIf]:
    """Step 2: the decoded trades numbered P1, P2, …, their exact tax from the tax engine
    (netting, brackets, NIIT, state, wash sales), each built with the lots it realizes and its
    reason."""
    ids = [f"P{i + 1}" for i in range(len(items))]
    engine = [engine_trade(p, household, tid, d) for tid, d in zip(ids, items, strict=True)]
    result = what_if(household, engine, relief_method=relief_method)
    rows = _rows_by_trade(result)
    trades = tuple(
        _planned(p, household, (tid, why), d, result, rows.get(tid, ()))
        for tid, why, d in zip(ids, reasons, items, strict=True)
    )
    return trades, result


def _worded(
    household: Household,
    p: PlanInputs,
    trades: tuple[PlannedTrade, ...],
    draws: dict[str, Decimal],
    drifts: tuple[Drift, Drift],
    review: LocationReview,
    taxed: tuple[WhatIf, frozenset[tuple[str, str]]],
    relief_method: ReliefMethod | None,
) -> tuple[PlannedTrade, ...]:
    """Step 3: each trade's rationale: its reason and class's drift, the share of it that
    raises cash, its location, order, restriction, wash-sale and relief-method words.
    ``taxed``: the exact tax and the lots the model sold into a priced partial wash."""
    result, priced = taxed
    washes = washes_by_trade(result.washes.washes)
    shares = cash_shares(p, trades, draws)
    limits = used_up_limits(household, trades)
    classes = {t.symbol: main_class(p, t.symbol) for t in trades}
    located = location_words(household, trades, classes, review, (p.short_rate, p.long_rate))
    return tuple(
        replace(
            t,
            rationale=rationale(
                household,
                t,
                drifts[0],
                drifts[1],
                method_words(household, t, relief_method),
                located.get(t.id, "")
                + order_words(household, t)
                + restriction_words(household, t, limits)
                + boundary_words(washes.get(t.id, ()), t.id)
                + wash_words(t, washes.get(t.id, ()), priced),
                purpose=shares.get(t.id, ""),
            ),
        )
        for t in trades
    )


def _plan(
    household: Household,
    p: PlanInputs,
    trades: tuple[PlannedTrade, ...],
    changes: tuple[AccountChange, ...],
    after_drift: Drift,
    result: WhatIf,
    status: str,
) -> Plan:
    """Step 4: the plan record: trades, account changes, contribution split, warnings."""
    return Plan(
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


def _figures(
    household: Household,
    after: Household,
    drifts: tuple[Drift, Drift],
    trades: tuple[PlannedTrade, ...],
    result: WhatIf,
    review: LocationReview,
) -> tuple[Breakeven, Decimal, Decimal]:
    """Step 5: the breakeven of the plan, the yearly drag after it, and the part of the change
    of drag the change of allocation makes (:func:`.analysis.location.allocation_drag`)."""
    before_drift, after_drift = drifts
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
    allocation = allocation_drag(
        location_cells(household, review.rates), after_cells, review.rates, household
    )
    return worth, drag_dollars(after_cells), allocation


def _rows_by_trade(result: WhatIf) -> dict[str, tuple[RealizedLot, ...]]:
    """The realized rows of each trade, in the order realized."""
    rows: defaultdict[str, list[RealizedLot]] = defaultdict(list)
    for r in result.realization.realized:
        rows[r.trade].append(r)
    return {trade: tuple(found) for trade, found in rows.items()}


def _planned(
    p: PlanInputs,
    household: Household,
    named: tuple[str, TradeReason],
    d: _Draft,
    result: WhatIf,
    rows: tuple[RealizedLot, ...],
) -> PlannedTrade:
    """The trade ``named`` (its id and reason) with its lots, gains and washes; ``rows``: its
    realized rows."""
    tid, why = named
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
        reason=why,
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
