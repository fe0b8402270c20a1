"""The household as the optimizer sees it: sell units, buy candidates, classes, accounts, flows.

Everything here is still exact (Decimal); floats begin where the model is built. The parts live
in their own modules: :mod:`.sells` (sell units: lots and holdings, what may and must be sold),
:mod:`.buys` (buy candidates), :mod:`.flows` (account flows, RMD groups, class bands, caps),
:mod:`.location_term` (the asset-location term) and :mod:`.wash_guard` (the wash-sale rules).
:func:`plan_inputs` composes them; its steps are listed in its docstring, in the order they
apply.

The tax of the plan's gains is priced on the household's exact tax curves (:mod:`.tax_term`,
built from the curves of :mod:`trimtab.tax.curve` here); a unit's linear estimate (its gain ×
the marginal rate of its term, probed with a $1,000 gain) only orders lots and budgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from trimtab.analysis.restrictions import NARROW_TAGS, may_sell
from trimtab.analysis.state import household_state
from trimtab.errors import Problem
from trimtab.model.enums import AssetClass, Mode, TaxBudgetKind, TradeAction
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.buys import buy_candidates, buy_orders
from trimtab.optimize.flows import (
    CLASSES,
    TARGET_TOLERANCE,
    AccountFlows,
    ClassBand,
    RmdGroup,
    account_flows,
    class_bands,
    max_sell,
    min_cash_notes,
    min_trade,
    rmd_groups,
    spread,
    tax_budget,
    value_after_flows,
)
from trimtab.optimize.location_term import LocationTerm, location_term
from trimtab.optimize.partial_wash import PartialWash
from trimtab.optimize.relief_order import in_method_order
from trimtab.optimize.replacement import unreplaceable
from trimtab.optimize.sells import (
    HARVEST_VALUE,
    excluded,
    free_only,
    harvest_only,
    harvestable_symbols,
    liquidate_untargeted,
    sell_orders,
    sell_units,
)
from trimtab.optimize.units import BuyCandidate, SellUnit
from trimtab.optimize.wash_guard import WashGuard, wash_guard
from trimtab.rules.securities import replacements_by_symbol
from trimtab.tax.curve import Baseline, TaxCurve, baseline, net_gain_curve, ordinary_part_curve
from trimtab.tax.estimate import marginal_rates
from trimtab.tax.identity import household_identity
from trimtab.tax.memo import per_household
from trimtab.tax.rmd import RmdReport, required_distributions

__all__ = [
    "CLASSES",
    "HARVEST_VALUE",
    "NARROW_TAGS",
    "TARGET_TOLERANCE",
    "AccountFlows",
    "ClassBand",
    "DriftCut",
    "LocationTerm",
    "PlanInputs",
    "RmdGroup",
    "buy_candidates",
    "may_sell",
    "plan_inputs",
]


@dataclass(frozen=True, slots=True)
class DriftCut:
    """One tangent row of the drift guard (:mod:`.drift_guard`): Σ_k coefficients[k] ΔX_k ≤
    upper, the classes in AssetClass order."""

    coefficients: tuple[float, ...]
    upper: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanInputs:
    """Everything the model is built from.

    mode: what the plan aims for. units / buys: the sell units and buy candidates, after every
    step of :func:`plan_inputs`. accounts: each account's cash and flows. rmd_groups: IRAs whose
    RMDs combine. bands: each class's band in dollars. weights: symbol -> its class weights.
    cost_rate: symbol -> half-spread, a fraction. max_sell: (symbol, dollars still allowed this
    year). min_trade: account -> the least trade. commission: per trade. value_after_flows: V,
    what the bands apply to. short_rate / long_rate: the marginal rates of the tax estimate.
    rmd: the year's RMDs. exclusive: (group, loss units, buys) that may not both trade (the
    wash-sale guard). budget: the tax budget's kind and linear bound. breakeven_tax: a bound
    on the linear tax that keeps the plan within its breakeven horizon. drift_cuts: the drift
    guard's rows (:mod:`.drift_guard`). order_minimums:
    (account, symbol, shares) an order sells at least. ordered: (account, symbol, action) of
    every order. warnings: what the steps held back or flagged. location: the asset-location
    term (None when its weight is 0). partners: symbol the plan may harvest -> the symbols that
    may replace it (its harvest partners: the same sub-asset on another index).
    closes_harvest: the symbols substantially identical to a lot worth harvesting in a taxable
    account of the return (buying one would wash that loss if it were harvested within 30
    days, for good when bought in an IRA).
    partial_washes: the wash-sale groups whose loss lots are priced as partial washes, each lot
    a washed and a clean part among ``units`` (:mod:`.partial_wash`).
    unreplaceable: the buy candidates held at zero: a fund of the class of a lot worth
    harvesting in its account that no harvest may use as its replacement (:mod:`.replacement`).
    tax_curve / ordinary_curve / tax_start: the net-gain and ordinary-part curves of the year's
    tax and its gains before the plan (:mod:`trimtab.tax.curve`; None: no unit is in a taxable
    account of the return). tax_interval / ordinary_by_total: how the model holds the tax term
    (:mod:`.tax_term`): the convex interval of the net-gain curve (None: the one holding no
    plan gain) and the row that bounds the ordinary part. invest_cash: the `invest_cash`
    setting (:func:`.rows.target_rows`). share_slack: the price of the cheapest whole-share buy
    candidate of the household (0: none), the cash the exact models leave above its target
    unpriced; figured from every candidate, so that a model over some of them (the rounding's)
    prices cash as the exact engine and its pricing do. idle_price: ι, what a dollar of cash
    above its target costs (None: figured from the model's buys, :func:`.objective._idle_price`;
    set where the inputs are restricted to the LP's trades, which keep the LP's).
    """

    mode: Mode
    units: tuple[SellUnit, ...]
    buys: tuple[BuyCandidate, ...]
    accounts: tuple[AccountFlows, ...]
    rmd_groups: tuple[RmdGroup, ...]
    bands: tuple[ClassBand, ...]
    weights: dict[str, tuple[tuple[AssetClass, Decimal], ...]]
    cost_rate: dict[str, Decimal]
    max_sell: tuple[tuple[str, Decimal], ...]
    min_trade: dict[str, Decimal]
    commission: Decimal
    value_after_flows: Decimal
    short_rate: Decimal
    long_rate: Decimal
    rmd: RmdReport
    exclusive: tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...] = ()
    budget: tuple[TaxBudgetKind, Decimal] | None = None
    breakeven_tax: Decimal | None = None
    drift_cuts: tuple[DriftCut, ...] = ()
    order_minimums: tuple[tuple[str, str, Decimal], ...] = ()
    ordered: frozenset[tuple[str, str, TradeAction]] = frozenset()
    warnings: tuple[Problem, ...] = ()
    location: LocationTerm | None = None
    partners: dict[str, frozenset[str]] = field(default_factory=dict)
    closes_harvest: frozenset[str] = frozenset()
    partial_washes: tuple[PartialWash, ...] = ()
    unreplaceable: frozenset[int] = frozenset()
    tax_curve: TaxCurve | None = None
    ordinary_curve: TaxCurve | None = None
    tax_start: Baseline = field(default_factory=lambda: Baseline(short=ZERO, total=ZERO))
    tax_interval: int | None = None
    ordinary_by_total: bool = False
    invest_cash: bool = False
    share_slack: Decimal = ZERO
    idle_price: float | None = None

    @property
    def flows_due(self) -> bool:
        """A contribution, withdrawal or RMD is pending."""
        return any(a.contributions or a.withdrawals or a.rmd for a in self.accounts) or any(
            g.amount for g in self.rmd_groups
        )

    @property
    def forced(self) -> bool:
        """An order or `sell_excluded` forces a trade."""
        return (
            bool(self.order_minimums)
            or any(u.forced > 0 for u in self.units)
            or any(b.forced > 0 for b in self.buys)
        )

    @property
    def harvestable(self) -> bool:
        """A lot could be harvested (worth it, and not blocked by a wash-sale window)."""
        return any(u.harvest_per_share > 0 and u.quantity > 0 for u in self.units)

    @property
    def idle_cash(self) -> bool:
        """The `invest_cash` setting is on and cash stands above its target."""
        return self.invest_cash and any(
            b.asset_class is AssetClass.CASH and b.value > b.target for b in self.bands
        )

    @property
    def all_inside(self) -> bool:
        """Every class is inside its band."""
        return not any(b.outside for b in self.bands)


def plan_inputs(
    household: Household,
    mode: Mode,
    budget: Decimal | None = None,
    breakeven_tax: Decimal | None = None,
) -> PlanInputs:
    """The optimizer's view of ``household`` in ``mode``.

    budget: the linear bound of the tax budget row (None: the setting's amount, if any).
    breakeven_tax: a bound on the plan's linear tax that keeps it within the breakeven horizon.

    The sell units and buy candidates go through these steps, in this order:

    1. units from lots and holdings (:func:`.sells.sell_units`): per lot where the optimizer
       picks lots, else per holding; nothing may be sold where :func:`may_sell` says no;
    2. excluded tags (:func:`.sells.excluded`): sold in full with `sell_excluded`, else kept
       and flagged;
    3. sell orders (:func:`.sells.sell_orders`): named lots forced, other orders a minimum;
    4. buy candidates and buy orders (:mod:`.buys`): ordered buys forced;
    5. what an order sells is not bought back in that account, nor is what it buys sold there;
    6. the wash-sale guard (:func:`.wash_guard.wash_guard`): a loss sale into a window priced
       as a partial wash (``partial_washes``) or held back, no buy after a recent loss sale,
       one side per group (``exclusive``);
    7. liquidate untargeted (:func:`.sells.liquidate_untargeted`), with that setting: after the
       guard, so that a lot the guard held back (a sale the window would wash) is never forced
       (the setting sells what it may; the guard's warning names what it kept and why);
    8. `harvest` mode (:func:`.sells.harvest_only`): only lots worth harvesting may be sold,
       but for what an account's withdrawals and RMDs need beyond its cash;
    9. `location` mode (:func:`.sells.free_only`): a taxable account sells only what realizes
       no gain;
    10. relief-method holdings (:func:`.relief_order.in_method_order`): forced shares taken in
       the method's order, nothing sold after a lot that may not be sold whole.

    Steps 1 to 7 depend on the household alone and are figured once per household object
    (:mod:`trimtab.tax.memo`), as are its state and buy candidates: the tries of a budget loop
    and plans in other modes share them.
    """
    rates = marginal_rates(household)  # probed once, for the tax and the location terms
    rmd = required_distributions(household)
    accounts = tuple(account_flows(household, a, rmd) for a in household.accounts)
    groups = rmd_groups(rmd)
    after = value_after_flows(accounts, groups)
    trades = _tradable(household)  # 1 to 7
    units = trades.units
    if mode is Mode.HARVEST:
        units = harvest_only(units, _needs_cash(accounts, groups))  # 8
    if mode is Mode.LOCATION:
        units = free_only(household, units)  # 9
    units = in_method_order(units)  # 10
    buys = trades.guard.buys
    partners = _partners(household, units)
    return PlanInputs(
        mode=mode,
        invest_cash=household.settings.invest_cash,
        share_slack=min((b.price for b in buys if b.whole), default=ZERO),
        units=units,
        buys=buys,
        accounts=accounts,
        rmd_groups=groups,
        bands=class_bands(household, after, mode),
        weights={
            s.symbol: tuple((c.asset_class, c.weight) for c in s.classes)
            for s in household.securities
        },
        cost_rate={s.symbol: spread(household, s) for s in household.securities},
        max_sell=max_sell(household),
        budget=tax_budget(household, budget),
        breakeven_tax=breakeven_tax,
        min_trade={a.id: min_trade(household, a) for a in household.accounts},
        commission=household.settings.commission_per_trade,
        value_after_flows=after,
        short_rate=rates.short,
        long_rate=rates.long,
        rmd=rmd,
        exclusive=trades.guard.exclusive,
        unreplaceable=unreplaceable(
            units, buys, _main(household), partners, household_identity(household).identical
        ),
        order_minimums=trades.minimums,
        ordered=frozenset((o.account, o.symbol, o.action) for o in household.orders),
        warnings=trades.warnings + trades.guard.notes + min_cash_notes(household, accounts),
        location=location_term(household, units, buys, rates),
        partners=partners,
        closes_harvest=_closes_harvest(household, buys),
        partial_washes=trades.guard.partial,
        **_tax_curves(household, units),
    )


SPREAD_ROOM = Decimal("0.01")  # the curves reach this share of the units' value below the
# lowest net gain: the half-spreads the sales pay lower the gains they realize


def _tax_curves(household: Household, units: tuple[SellUnit, ...]) -> dict[str, Any]:
    """The curves over the gains the units can realize: the net gain from every loss sold
    (a little lower, for the half-spreads) to every gain, the ordinary part up to the year's
    short-term gain with every short-term gain sold."""
    taxed = [u for u in units if u.taxed and u.quantity > ZERO and u.gain_per_share]
    if not taxed:
        return {"tax_curve": None, "ordinary_curve": None}
    start = baseline(household)
    margin = sum((u.price * u.quantity for u in taxed), ZERO) * SPREAD_ROOM
    gains = [u.gain_per_share * u.quantity for u in taxed]
    short = [g for u, g in zip(taxed, gains, strict=True) if not u.long_term and g > ZERO]
    ordinary = start.ordinary > 0 or bool(short)
    high = max(start.short, ZERO) + sum(short, ZERO)
    return {
        "tax_curve": net_gain_curve(
            household,
            sum((g for g in gains if g < 0), ZERO) - margin,
            sum((g for g in gains if g > 0), ZERO),
        ),
        "ordinary_curve": ordinary_part_curve(household, high) if ordinary else None,
        "tax_start": start,
    }


def _closes_harvest(household: Household, buys: tuple[BuyCandidate, ...]) -> frozenset[str]:
    """The symbols the plan may buy whose substantially-identical group holds a lot worth
    harvesting (by the household's thresholds) in a taxable account of the return, whether or
    not the plan may harvest it today (a purchase in the window may block it now)."""
    losing = harvestable_symbols(household, household_state(household))
    if not losing:
        return frozenset()
    identity = household_identity(household)
    groups = {identity.group_of(symbol) for symbol in losing}
    return frozenset(b.symbol for b in buys if identity.group_of(b.symbol) in groups)


def _main(household: Household) -> dict[str, AssetClass]:
    """Each security's main class (the one holding most of its value)."""
    return {s.symbol: s.main_class for s in household.securities if s.classes}


def _partners(household: Household, units: tuple[SellUnit, ...]) -> dict[str, frozenset[str]]:
    """What may replace each symbol the plan may harvest (:func:`.rules.securities.replacements`:
    its harvest partners, explicit or derived: the same sub-asset, another index)."""
    harvested = sorted({u.symbol for u in units if u.harvest_per_share > 0})
    if not harvested:
        return {}
    return replacements_by_symbol(harvested, {s.symbol: s for s in household.securities})


def _needs_cash(accounts: tuple[AccountFlows, ...], groups: tuple[RmdGroup, ...]) -> frozenset[str]:
    """The accounts that must pay out more than their cash: withdrawals, their own RMD, or a
    share of an owner's combined IRA RMD."""
    short = {
        a.account for a in accounts if a.withdrawals + a.rmd + a.min_cash > a.cash + a.contributions
    }
    return frozenset(short | {account for g in groups if g.amount > 0 for account in g.accounts})


@dataclass(frozen=True, slots=True, kw_only=True)
class _Tradable:
    """What steps 1 to 7 of :func:`plan_inputs` leave: the units and buys after the wash-sale
    guard (``guard``), the order minimums and the excluded-tag warnings."""

    units: tuple[SellUnit, ...]
    guard: WashGuard
    minimums: tuple[tuple[str, str, Decimal], ...]
    warnings: tuple[Problem, ...]


@per_household
def _tradable(household: Household) -> _Tradable:
    """Steps 1 to 7 of :func:`plan_inputs` (they depend on the household alone)."""
    rates = marginal_rates(household)
    units = sell_units(household, household_state(household), rates.short, rates.long)  # 1
    units, warnings = excluded(household, units)  # 2
    units, minimums = sell_orders(household, units)  # 3
    buys = buy_orders(household, tuple(buy_candidates(household)))  # 4
    units, buys = _orders_one_way(household, units, buys)  # 5
    guard = wash_guard(household, units, buys)  # 6
    units = liquidate_untargeted(household, guard.units)  # 7
    return _Tradable(units=units, guard=guard, minimums=minimums, warnings=warnings)


def _orders_one_way(
    household: Household, units: tuple[SellUnit, ...], buys: tuple[BuyCandidate, ...]
) -> tuple[tuple[SellUnit, ...], tuple[BuyCandidate, ...]]:
    """What an order sells is not bought back in that account (unless an order buys it too),
    nor is what an order buys sold there (unless forced)."""
    sold = {(o.account, o.symbol) for o in household.orders if o.action is TradeAction.SELL}
    bought = {(o.account, o.symbol) for o in household.orders if o.action is TradeAction.BUY}
    if not sold and not bought:
        return units, buys
    buys = tuple(b for b in buys if (b.account, b.symbol) not in sold or b.forced > 0)
    units = tuple(
        replace(u, quantity=ZERO) if (u.account, u.symbol) in bought and not u.forced else u
        for u in units
    )
    return units, buys
