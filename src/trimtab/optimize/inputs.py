"""The household as the optimizer sees it: sell units, buy candidates, classes, accounts, flows.

A *sell unit* is what one sell variable decides: a tax lot in a taxable account whose lots the
optimizer chooses (no relief method, or `specific_id`), or a whole holding (tax-advantaged
accounts, where lots carry no tax; taxable accounts with a relief method, whose lots that method
then picks). A *buy candidate* is an (account, security) pair allowed by the account's menu and
the restrictions; funds only (stocks by order only), and sector or leveraged funds
only where the account already holds them or its menu offers them. Everything here is still
exact (Decimal); floats begin in :mod:`.model`.

Linear tax estimate of a sale (the objective only; the plan's tax figures are recomputed exactly
afterwards): gain per share × the household's marginal rate for its term, probed from the tax
engine with a $1,000 gain (ordinary or preferential bracket + NIIT + state). A loss lot costs no
tax, so when a holding is sold its loss lots go first, and nothing pays for a round trip (a
sale and a buy back); valuing harvested losses is the harvesting step's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal

from trimtab.analysis.drift import band_width, class_values
from trimtab.analysis.location import TREATMENT, in_scope, location_rates, security_drag
from trimtab.analysis.state import HoldingState, LotState, household_state
from trimtab.analysis.valuation import account_value, price
from trimtab.errors import Problem, Severity
from trimtab.model.enums import (
    AccountType,
    AssetClass,
    CashFlowKind,
    Mode,
    RestrictionKind,
    SecurityType,
    TaxBudgetKind,
    TradeAction,
)
from trimtab.model.household import Account, Holding, Household, Restriction
from trimtab.model.security import Security
from trimtab.money import HUNDRED, ZERO
from trimtab.optimize.units import BuyCandidate, SellUnit
from trimtab.optimize.wash_guard import wash_guard
from trimtab.tax.estimate import MarginalRates, marginal_rates
from trimtab.tax.rmd import RmdReport, required_distributions

TARGET_TOLERANCE = Decimal("0.25")  # percent points: `target` mode lands this close to target
# A harvested loss is worth half the tax it saves now: the replacement's basis is lower by the
# loss, so part of the saving is repaid when it is sold (docs/harvesting.md).
HARVEST_VALUE = Decimal("0.5")
CLASSES = tuple(AssetClass)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountFlows:
    """An account's cash and pending flows.

    contributions / withdrawals: pending `cash_flows` (withdrawals include explicit RMD flows).
    rmd: the RMD still to distribute from this account when it pays its own (401(k) …).
    """

    account: str
    cash: Decimal
    min_cash: Decimal
    contributions: Decimal
    withdrawals: Decimal
    rmd: Decimal
    value: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class RmdGroup:
    """One owner's IRAs whose RMDs combine: ``amount`` may come from any of ``accounts``."""

    owner: str
    accounts: tuple[str, ...]
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassBand:
    """A class's target and the band the plan must reach, in dollars of the value after flows."""

    asset_class: AssetClass
    value: Decimal
    target: Decimal
    low: Decimal
    high: Decimal
    outside: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationTerm:
    """The asset-location term's figures (docs/asset-location.md), yearly fractions.

    weight: the `location_weight` setting. drag: (account, symbol) -> yearly drag of a dollar
    of the security there (its classes weighted). cash: account -> drag of a dollar of cash.
    floor: account -> the least drag of any fund it may buy (the buys' reference outside
    `location` mode, so that the term steers buys and never pays for a trade).
    """

    weight: Decimal
    drag: dict[tuple[str, str], Decimal]
    cash: dict[str, Decimal]
    floor: dict[str, Decimal]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanInputs:
    """Everything the model is built from."""

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
    order_minimums: tuple[tuple[str, str, Decimal], ...] = ()
    ordered: frozenset[tuple[str, str, TradeAction]] = frozenset()
    warnings: tuple[Problem, ...] = ()
    location: LocationTerm | None = None

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
    """
    rates = marginal_rates(household)  # probed once, for the tax and the location terms
    short_rate, long_rate = rates.short, rates.long
    rmd = required_distributions(household)
    accounts = tuple(_flows(household, a, rmd) for a in household.accounts)
    groups = _rmd_groups(rmd)
    after = sum((a.value + a.contributions - a.withdrawals - a.rmd for a in accounts), ZERO)
    after -= sum((g.amount for g in groups), ZERO)
    units, warnings = _excluded(household, tuple(_units(household, short_rate, long_rate)))
    units, minimums = _sell_orders(household, units)
    if household.settings.liquidate_untargeted:
        units = tuple(
            replace(u, forced=u.quantity)
            if u.quantity > 0 and not _targeted(household, u.symbol)
            else u
            for u in units
        )
    buys = _buy_orders(household, tuple(buy_candidates(household)))
    sold = {(o.account, o.symbol) for o in household.orders if o.action is TradeAction.SELL}
    bought = {(o.account, o.symbol) for o in household.orders if o.action is TradeAction.BUY}
    # what an order sells is not bought back in that account, nor is what it buys sold there
    buys = tuple(b for b in buys if (b.account, b.symbol) not in sold or b.forced > 0)
    units = tuple(
        replace(u, quantity=ZERO) if (u.account, u.symbol) in bought and not u.forced else u
        for u in units
    )
    guard = wash_guard(household, units, buys)
    units, buys = guard.units, guard.buys
    if mode is Mode.HARVEST:
        units = tuple(
            u if u.harvest_per_share > 0 or u.forced > 0 else replace(u, quantity=ZERO)
            for u in units
        )
    warnings += guard.notes
    if mode is Mode.LOCATION:
        units = tuple(_free_only(household, u) for u in units)
    return PlanInputs(
        mode=mode,
        units=units,
        buys=buys,
        accounts=accounts,
        rmd_groups=groups,
        bands=_bands(household, after, mode),
        weights={
            s.symbol: tuple((c.asset_class, c.weight) for c in s.classes)
            for s in household.securities
        },
        cost_rate={s.symbol: _spread(household, s) for s in household.securities},
        max_sell=_max_sell(household),
        budget=_budget(household, budget),
        breakeven_tax=breakeven_tax,
        min_trade={a.id: _min_trade(household, a) for a in household.accounts},
        commission=household.settings.commission_per_trade,
        value_after_flows=after,
        short_rate=short_rate,
        long_rate=long_rate,
        rmd=rmd,
        exclusive=guard.exclusive,
        order_minimums=minimums,
        ordered=frozenset((o.account, o.symbol, o.action) for o in household.orders),
        warnings=warnings,
        location=_location_term(household, units, buys, rates),
    )


def _free_only(household: Household, u: SellUnit) -> SellUnit:
    """`location` mode: a taxable account sells only what realizes no gain (and what is forced,
    or needed for its withdrawals)."""
    account = household.account(u.account)
    if account is None or account.type is not AccountType.TAXABLE or u.forced > 0:
        return u
    needs_cash = any(
        f.account == u.account and f.kind is not CashFlowKind.CONTRIBUTION
        for f in household.cash_flows
    )
    if u.gain_per_share > 0 and not needs_cash:
        return replace(u, quantity=ZERO)
    return u


def _location_term(
    household: Household,
    units: tuple[SellUnit, ...],
    buys: tuple[BuyCandidate, ...],
    marginal: MarginalRates,
) -> LocationTerm | None:
    """The drag of every security the plan may trade, where it may trade it."""
    weight = household.settings.location_weight
    if weight <= 0:
        return None
    rates = location_rates(household, marginal)
    pairs = dict.fromkeys(
        [(u.account, u.symbol) for u in units] + [(b.account, b.symbol) for b in buys]
    )
    drag: dict[tuple[str, str], Decimal] = {}
    cash: dict[str, Decimal] = {}
    for account in household.accounts:
        kind = TREATMENT[account.type]
        scoped = in_scope(account)
        cash[account.id] = (
            security_drag(household, None, AssetClass.CASH, kind, rates) if scoped else ZERO
        )
    for account_id, symbol in pairs:
        owner = household.account(account_id)
        security = household.security(symbol)
        if owner is None or security is None or not in_scope(owner):
            drag[(account_id, symbol)] = cash.get(account_id, ZERO)
            continue
        kind = TREATMENT[owner.type]
        drag[(account_id, symbol)] = sum(
            (
                p.weight * security_drag(household, security, p.asset_class, kind, rates)
                for p in security.classes
            ),
            ZERO,
        )
    floor: dict[str, Decimal] = {}
    for b in buys:
        d = drag[(b.account, b.symbol)]
        floor[b.account] = min(floor.get(b.account, d), d)
    return LocationTerm(weight=weight, drag=drag, cash=cash, floor=floor)


def _budget(household: Household, bound: Decimal | None) -> tuple[TaxBudgetKind, Decimal] | None:
    setting = household.settings.tax_budget
    if setting is None:
        return None
    return setting.kind, setting.amount if bound is None else bound


def _spread(household: Household, security: Security) -> Decimal:
    return dict(household.settings.spread_bps)[security.type] / Decimal(10000)


def _min_trade(household: Household, account: Account) -> Decimal:
    pct = household.settings.min_trade_pct / HUNDRED * account_value(household, account)
    return max(household.settings.min_trade, pct)


def _flows(household: Household, account: Account, rmd: RmdReport) -> AccountFlows:
    flows = [f for f in household.cash_flows if f.account == account.id]
    row = rmd.row(account.id)
    own = row.remaining if row is not None and not row.aggregated_with else ZERO
    return AccountFlows(
        account=account.id,
        cash=account.cash,
        min_cash=account.min_cash,
        contributions=sum((f.amount for f in flows if f.kind is CashFlowKind.CONTRIBUTION), ZERO),
        withdrawals=sum((f.amount for f in flows if f.kind is not CashFlowKind.CONTRIBUTION), ZERO),
        rmd=own,
        value=account_value(household, account),
    )


def _rmd_groups(rmd: RmdReport) -> tuple[RmdGroup, ...]:
    groups: dict[str, RmdGroup] = {}
    for row in rmd.rows:
        if not row.aggregated_with or row.owner in groups:
            continue
        members = tuple(sorted((row.account, *row.aggregated_with)))
        amount = sum((r.remaining for r in rmd.rows if r.account in members), ZERO)
        groups[row.owner] = RmdGroup(owner=row.owner, accounts=members, amount=amount)
    return tuple(groups.values())


def _bands(household: Household, after: Decimal, mode: Mode) -> tuple[ClassBand, ...]:
    values = class_values(household)
    before = sum(values.values(), ZERO)
    targets = {t.asset_class: t.percent for t in household.targets}
    buffer = household.settings.band_buffer
    out = []
    for cls in CLASSES:
        target_pct = targets.get(cls, ZERO)
        width = band_width(household.bands.rule_for(cls), target_pct)
        drift = values[cls] / before * HUNDRED - target_pct if before else ZERO
        outside = abs(drift) > width
        if mode is Mode.HARVEST:
            out.append(
                ClassBand(
                    asset_class=cls,
                    value=values[cls],
                    target=ZERO,
                    low=ZERO,
                    high=after * 2,
                    outside=False,
                )
            )
            continue
        center, reach = target_pct, TARGET_TOLERANCE
        if mode is Mode.LOCATION:  # the allocation is kept: only where it is held changes
            center = values[cls] / before * HUNDRED if before else ZERO
        elif mode is not Mode.TARGET:
            reach = width * (1 - buffer) if outside else width
        out.append(
            ClassBand(
                asset_class=cls,
                value=values[cls],
                target=center / HUNDRED * after,
                low=max(ZERO, (center - reach) / HUNDRED * after),
                high=(center + reach) / HUNDRED * after,
                outside=outside,
            )
        )
    return tuple(out)


def _max_sell(household: Household) -> tuple[tuple[str, Decimal], ...]:
    caps = []
    for r in household.restrictions:
        if r.kind is RestrictionKind.MAX_SELL_PER_YEAR and r.amount is not None:
            sold = sum(
                (
                    t.quantity * t.price
                    for t in household.transactions
                    if t.symbol == r.symbol
                    and t.action is TradeAction.SELL
                    and t.date.year == household.as_of.year
                ),
                ZERO,
            )
            caps.append((r.symbol, max(ZERO, r.amount - sold)))
    return tuple(caps)


# --- sell units --------------------------------------------------------------------------


def _units(household: Household, short_rate: Decimal, long_rate: Decimal) -> Iterator[SellUnit]:
    state = household_state(household)
    for account, account_state in zip(household.accounts, state.accounts, strict=True):
        for holding, hs in zip(account.holdings, account_state.holdings, strict=True):
            allowed = may_sell(household, account, holding)
            yield from _holding_units(household, account, hs, allowed, short_rate, long_rate)


def _holding_units(
    household: Household,
    account: Account,
    hs: HoldingState,
    allowed: bool,
    short_rate: Decimal,
    long_rate: Decimal,
) -> Iterator[SellUnit]:
    taxed = account.type is AccountType.TAXABLE and not account.separate_taxpayer
    whole = _whole(household, hs.symbol)
    per_lot = taxed and hs.lots and account.relief_method in (None,)
    per_lot = per_lot or (
        taxed
        and hs.lots
        and account.relief_method is not None
        and account.relief_method.value == "specific_id"
    )
    if per_lot:
        for lot in hs.lots:
            yield _lot_unit(household, account, hs, lot, allowed, short_rate, long_rate, whole)
        return
    tax = _holding_tax(hs, short_rate, long_rate) if taxed else ZERO
    yield SellUnit(
        account=account.id,
        symbol=hs.symbol,
        lot_ids=tuple(x.lot_id for x in hs.lots),
        quantity=hs.quantity if allowed else ZERO,
        held=hs.quantity,
        price=hs.price,
        tax_per_share=tax,
        gain_per_share=_holding_gain(hs) if taxed else ZERO,
        short_gain=False,
        defer_per_share=ZERO,
        taxed=taxed,
        whole=whole,
        loss=taxed and any(x.unrealized_gain < 0 for x in hs.lots),
    )


def _lot_unit(
    household: Household,
    account: Account,
    hs: HoldingState,
    lot: LotState,
    allowed: bool,
    short_rate: Decimal,
    long_rate: Decimal,
    whole: bool,
) -> SellUnit:
    gain = lot.unrealized_gain / lot.quantity
    rate = long_rate if lot.long_term else short_rate
    tax = gain * rate if gain > 0 else ZERO
    harvest = -gain * rate * HARVEST_VALUE if _worth_harvesting(household, lot) else ZERO
    short_gain = gain > 0 and not lot.long_term
    soon = short_gain and lot.days_to_long_term <= household.settings.defer_short_term_days
    allowed = allowed and not (short_gain and household.settings.no_short_term_gains)
    return SellUnit(
        account=account.id,
        symbol=hs.symbol,
        lot_ids=(lot.lot_id,),
        quantity=lot.quantity if allowed else ZERO,
        held=lot.quantity,
        price=hs.price,
        tax_per_share=tax,
        gain_per_share=gain,
        short_gain=short_gain,
        defer_per_share=gain if soon else ZERO,
        taxed=True,
        whole=whole,
        loss=gain < 0,
        harvest_per_share=harvest,
    )


def _worth_harvesting(household: Household, lot: LotState) -> bool:
    """A loss of at least `harvest_min_loss` dollars and `harvest_min_pct` % of the cost."""
    s = household.settings
    loss = -lot.unrealized_gain
    return (
        s.harvest
        and loss > 0
        and loss >= s.harvest_min_loss
        and lot.cost > 0
        and loss / lot.cost * HUNDRED >= s.harvest_min_pct
    )


def _holding_gain(hs: HoldingState) -> Decimal:
    """The average unrealized gain per share of a holding's lots."""
    if not hs.lots or hs.quantity == 0:
        return ZERO
    return sum((x.unrealized_gain for x in hs.lots), ZERO) / hs.quantity


def _holding_tax(hs: HoldingState, short_rate: Decimal, long_rate: Decimal) -> Decimal:
    if not hs.lots or hs.quantity == 0:
        return ZERO
    total = sum(
        (x.unrealized_gain * (long_rate if x.long_term else short_rate) for x in hs.lots), ZERO
    )
    return max(total, ZERO) / hs.quantity


def _whole(household: Household, symbol: str) -> bool:
    security = household.security(symbol)
    return security is not None and security.whole_shares


def may_sell(household: Household, account: Account, holding: Holding) -> bool:
    """The holding may be sold: tradable, basis known, targeted (or liquidated), unrestricted."""
    if not account.tradable or holding.basis_unknown:
        return False
    if not _targeted(household, holding.symbol) and not household.settings.liquidate_untargeted:
        return False
    return not any(
        _blocks_sale(r, account, holding.symbol, household.as_of) for r in household.restrictions
    )


def _blocks_sale(r: Restriction, account: Account, symbol: str, as_of: dt.date) -> bool:
    if r.symbol != symbol or (r.account and r.account != account.id):
        return False
    if r.kind is RestrictionKind.NO_SELL:
        return True
    return r.kind is RestrictionKind.NO_SELL_UNTIL and r.until is not None and as_of < r.until


def _targeted(household: Household, symbol: str) -> bool:
    security = household.security(symbol)
    targets = {t.asset_class for t in household.targets if t.percent > 0}
    return security is not None and any(c.asset_class in targets for c in security.classes)


# --- buy candidates ------------------------------------------------------------------------


def buy_candidates(household: Household) -> Iterator[BuyCandidate]:
    """Every (account, security) the plan may buy: menus, restrictions and the municipal rule."""
    universe = sorted(
        {p.symbol for p in household.prices}
        | {h.symbol for a in household.accounts for h in a.holdings}
    )
    for account in household.accounts:
        if not account.tradable:
            continue
        menu = account.buy_menu or tuple(universe)
        for symbol in menu:
            if _may_buy(household, account, symbol):
                yield BuyCandidate(
                    account=account.id,
                    symbol=symbol,
                    price=price(household, symbol),
                    whole=_whole(household, symbol),
                )


NARROW_TAGS = ("sector_", "leveraged")


def _narrow(security: Security) -> bool:
    """A sector or leveraged fund: not a vehicle for rebalancing an asset class."""
    return any(tag.startswith(NARROW_TAGS) for tag in security.tags)


def _may_buy(household: Household, account: Account, symbol: str) -> bool:
    security = household.security(symbol)
    if security is None or security.type is SecurityType.STOCK or not _targeted(household, symbol):
        return False
    held = any(h.symbol == symbol for h in account.holdings)
    if _narrow(security) and not held and symbol not in account.buy_menu:
        return False
    if household.price_of(symbol) is None and security.type is not SecurityType.MONEY_MARKET:
        return False
    sheltered = account.type is not AccountType.TAXABLE
    if sheltered and "municipal" in security.tags:
        return household.settings.allow_municipal_in_sheltered
    return not any(_blocks_buy(r, account, security) for r in household.restrictions)


def _blocks_buy(r: Restriction, account: Account, security: Security) -> bool:
    if r.account and r.account != account.id:
        return False
    if r.kind is RestrictionKind.EXCLUDE_TAG:
        return r.tag in security.tags
    return r.kind is RestrictionKind.NO_BUY and r.symbol == security.symbol


# --- orders and excluded holdings --------------------------------------------------------


def _excluded(
    household: Household, units: tuple[SellUnit, ...]
) -> tuple[tuple[SellUnit, ...], tuple[Problem, ...]]:
    """Holdings with an excluded tag: sold in full with `sell_excluded`, else flagged."""
    out, warnings, flagged = [], [], set()
    for u in units:
        account = household.account(u.account)
        security = household.security(u.symbol)
        tags = set(security.tags) if security is not None else set()
        rule = next(
            (
                r
                for r in household.restrictions
                if r.kind is RestrictionKind.EXCLUDE_TAG
                and r.tag in tags
                and r.account in ("", u.account)
            ),
            None,
        )
        if rule is None or account is None:
            out.append(u)
        elif household.settings.sell_excluded and u.quantity > 0:
            out.append(replace(u, forced=u.quantity))
        else:
            out.append(u)
            if (u.account, u.symbol) not in flagged:
                flagged.add((u.account, u.symbol))
                warnings.append(
                    _warning(
                        account,
                        f"{u.symbol} in {u.account} carries the "
                        f"excluded tag `{rule.tag}`: kept (set sell_excluded "
                        "to sell it)",
                        "excluded_holding",
                    )
                )
    return tuple(out), tuple(warnings)


def _warning(account: Account, message: str, kind: str) -> Problem:
    return Problem(
        source=account.source,
        field=account.source.field or "accounts",
        kind=kind,
        message=message,
        severity=Severity.WARNING,
    )


def _sell_orders(
    household: Household, units: tuple[SellUnit, ...]
) -> tuple[tuple[SellUnit, ...], tuple[tuple[str, str, Decimal], ...]]:
    """Orders that sell: named lots are forced; others set a minimum on the position."""
    forced: dict[str, Decimal] = {}
    minimums: list[tuple[str, str, Decimal]] = []
    for order in household.orders:
        if order.action is not TradeAction.SELL:
            continue
        unit_price = price(household, order.symbol)
        shares = (
            order.quantity if order.quantity is not None else ((order.amount or ZERO) / unit_price)
        )
        if order.lots:
            _force_lots(units, order.account, order.lots, shares, forced)
        else:
            minimums.append((order.account, order.symbol, shares))
    opened = {(a, s) for a, s, _ in minimums}
    out = tuple(
        replace(
            u,
            forced=max(u.forced, forced.get(_key(u), ZERO)),
            quantity=u.held if (u.account, u.symbol) in opened else u.quantity,
        )
        for u in units
    )
    return out, tuple(minimums)


def _key(u: SellUnit) -> str:
    return f"{u.account}|{'+'.join(u.lot_ids)}|{u.symbol}"


def _force_lots(
    units: tuple[SellUnit, ...],
    account: str,
    lots: tuple[str, ...],
    shares: Decimal,
    forced: dict[str, Decimal],
) -> None:
    left = shares
    for lot_id in lots:
        unit = next((u for u in units if u.account == account and lot_id in u.lot_ids), None)
        if unit is None or left <= 0:
            continue
        take = left if len(unit.lot_ids) > 1 else min(left, unit.held)
        forced[_key(unit)] = forced.get(_key(unit), ZERO) + take
        left -= take


def _buy_orders(household: Household, buys: tuple[BuyCandidate, ...]) -> tuple[BuyCandidate, ...]:
    """Orders that buy force their candidate (added when restrictions would leave it out)."""
    out = list(buys)
    for order in household.orders:
        if order.action is not TradeAction.BUY:
            continue
        unit_price = price(household, order.symbol)
        whole = _whole(household, order.symbol)
        shares = (
            order.quantity if order.quantity is not None else ((order.amount or ZERO) / unit_price)
        )
        if whole:
            shares = shares.to_integral_value(rounding=ROUND_DOWN)
        at = next(
            (
                i
                for i, b in enumerate(out)
                if (b.account, b.symbol) == (order.account, order.symbol)
            ),
            None,
        )
        if at is None:
            out.append(
                BuyCandidate(
                    account=order.account,
                    symbol=order.symbol,
                    price=unit_price,
                    whole=whole,
                    forced=shares,
                )
            )
        else:
            out[at] = replace(out[at], forced=out[at].forced + shares)
    return tuple(out)
