"""Sell units: what each sell variable of the model decides, and the steps that limit them.

A *sell unit* is a tax lot in a taxable account, or a whole holding (tax-advantaged accounts,
where lots carry no tax). Where the account has a relief method (fifo, lifo, hifo, min_tax,
average) its lots come in the order the method sells them and what is sold of the holding is a
prefix of that order (:mod:`.relief_order`). Its ``quantity`` is what may be sold (0 when
nothing may), ``forced`` what must be.

Linear tax estimate of a sale (the objective only; the plan's tax figures are recomputed exactly
afterwards): gain per share × the household's marginal rate for its term. A loss lot costs no
tax, so when a holding is sold its loss lots go first, and nothing pays for a round trip (a sale
and a buy back). A loss worth harvesting is valued at :data:`HARVEST_VALUE` × its rate × the
loss: 2,000 of long-term loss at 15 % is worth 2,000 × 15 % × 0.5 = $150 to the objective.

The steps of :func:`trimtab.optimize.inputs.plan_inputs` that concern sells live here, each a
function from units to units: :func:`sell_units` (1), :func:`excluded` (2),
:func:`sell_orders` (3), :func:`liquidate_untargeted` (7), :func:`harvest_only` (8) and
:func:`free_only` (9).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from trimtab.analysis.restrictions import applies, may_sell, targeted
from trimtab.analysis.state import HoldingState, HouseholdState, LotState
from trimtab.analysis.valuation import price
from trimtab.errors import Problem, Severity
from trimtab.model.enums import (
    CashFlowKind,
    ReliefMethod,
    RestrictionKind,
    TradeAction,
)
from trimtab.model.household import Account, Household, Restriction
from trimtab.money import HUNDRED, ZERO
from trimtab.optimize.flows import spread
from trimtab.optimize.relief_order import relieved_lots
from trimtab.optimize.units import SellUnit, new_sell_unit

# A harvested loss is worth half the tax it saves now: the replacement's basis is lower by the
# loss, so part of the saving is repaid when it is sold (docs/harvesting.md).
HARVEST_VALUE = Decimal("0.5")


# --- 1. units from lots and holdings -------------------------------------------------------


def sell_units(
    household: Household, state: HouseholdState, short_rate: Decimal, long_rate: Decimal
) -> tuple[SellUnit, ...]:
    """One unit per lot of a taxable account (a relief method's lots in its order), else per
    holding, in account, holding and lot order."""
    return tuple(_units(household, state, short_rate, long_rate))


def _units(
    household: Household, state: HouseholdState, short_rate: Decimal, long_rate: Decimal
) -> Iterator[SellUnit]:
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
    taxed = account.taxed_here
    whole = whole_shares(household, hs.symbol)
    per_lot = bool(hs.lots) and account.relief_method in (None, ReliefMethod.SPECIFIC_ID)
    selling = _selling_cost(household, hs)
    if taxed and per_lot:
        pricing = _LotPricing(household, account, hs, allowed, (short_rate, long_rate), whole)
        for lot in hs.lots:
            yield pricing.unit(lot, selling)
        return
    ordered = relieved_lots(household, account, hs, selling) if taxed and hs.lots else None
    if ordered is not None:  # the lots in the order the account's relief method sells them
        pricing = _LotPricing(household, account, hs, allowed, (short_rate, long_rate), whole)
        for rank, lot in enumerate(ordered):
            yield pricing.unit(lot, selling, rank)
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
        net_tax_per_share=tax,
        short_gain=False,
        defer_per_share=ZERO,
        taxed=taxed,
        whole=whole,
        loss=taxed and any(_sold_at_a_loss(x, selling) for x in hs.lots),
    )


class _LotPricing:
    """The sell units of one holding's lots in a taxable account of the return: what the
    household's settings and rates make of each lot, read once per holding, not once per lot.

    A lot's unit: gain per share g = its unrealized gain / its shares; tax per share g × the
    rate of its term when g > 0; harvest value −g × rate × :data:`HARVEST_VALUE` when the lot
    is worth harvesting (:func:`_worth_harvesting`); a short-term gain may not be sold with
    `no_short_term_gains` and is deferred (its gain a share added) within
    `defer_short_term_days` of turning long-term.
    """

    __slots__ = (
        "_account",
        "_allowed",
        "_defer_days",
        "_harvest",
        "_household",
        "_no_short_gains",
        "_price",
        "_rates",
        "_symbol",
        "_whole",
    )

    def __init__(
        self,
        household: Household,
        account: Account,
        hs: HoldingState,
        allowed: bool,
        rates: tuple[Decimal, Decimal],
        whole: bool,
    ) -> None:
        settings = household.settings
        self._account = account.id
        self._symbol = hs.symbol
        self._price = hs.price
        self._allowed = allowed
        self._rates = rates
        self._whole = whole
        self._harvest = settings.harvest
        self._no_short_gains = settings.no_short_term_gains
        self._defer_days = settings.defer_short_term_days
        self._household = household

    def unit(self, lot: LotState, selling: Decimal, relief_order: int = -1) -> SellUnit:
        """The lot's unit (``selling``: the half-spread a share pays; ``relief_order``: its
        place in its account's relief order, −1 where the optimizer picks the lots)."""
        gain = lot.unrealized_gain / lot.quantity
        rate = self._rates[1] if lot.long_term else self._rates[0]
        net = gain * rate
        gaining = gain > ZERO  # against a Decimal: twice as fast as against 0
        worth = self._harvest and gain < ZERO and _worth_harvesting(self._household, lot)
        short_gain = gaining and not lot.long_term
        soon = short_gain and lot.days_to_long_term <= self._defer_days
        allowed = self._allowed and not (short_gain and self._no_short_gains)
        return new_sell_unit(
            account=self._account,
            symbol=self._symbol,
            lot_ids=(lot.lot_id,),
            quantity=lot.quantity if allowed else ZERO,
            held=lot.quantity,
            price=self._price,
            tax_per_share=net if gaining else ZERO,
            gain_per_share=gain,
            net_tax_per_share=net,
            short_gain=short_gain,
            long_term=lot.long_term,
            defer_per_share=gain if soon else ZERO,
            taxed=True,
            whole=self._whole,
            forced=ZERO,
            loss=lot.quantity > ZERO and gain < selling,
            harvest_per_share=-gain * rate * HARVEST_VALUE if worth else ZERO,
            relief_order=relief_order,
        )


def _selling_cost(household: Household, hs: HoldingState) -> Decimal:
    """Dollars a share a sale of the holding pays in half-spread."""
    security = household.security(hs.symbol)
    return hs.price * spread(household, security) if security is not None else ZERO


def _sold_at_a_loss(lot: LotState, selling: Decimal) -> bool:
    """Selling the lot realizes a loss once the sale's half-spread (``selling``, dollars a
    share) is paid: its gain per share is below it. A lot $0.01 a share above its cost, sold
    at $367.12 with a 2 bp half-spread ($0.07 a share), realizes a loss that a purchase nearby
    would wash, so the wash-sale rules treat it as a loss lot
    (shared/cases/wash-invariant-exit70.yaml)."""
    return lot.quantity > 0 and lot.unrealized_gain / lot.quantity < selling


def harvestable_symbols(household: Household, state: HouseholdState) -> frozenset[str]:
    """The symbols with a lot worth harvesting in a taxable account of the return."""
    if not household.settings.harvest:
        return frozenset()
    return frozenset(
        hs.symbol
        for account in state.accounts
        if account.gains_taxed_here
        for hs in account.holdings
        if any(_worth_harvesting(household, lot) for lot in hs.lots)
    )


def _worth_harvesting(household: Household, lot: LotState) -> bool:
    """A loss of at least `harvest_min_loss` dollars and `harvest_min_pct` % of the cost."""
    s = household.settings
    if not s.harvest or lot.unrealized_gain >= ZERO:  # most lots: no loss to harvest
        return False
    loss = -lot.unrealized_gain
    return (
        loss >= s.harvest_min_loss
        and lot.cost > ZERO
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


def whole_shares(household: Household, symbol: str) -> bool:
    """The security trades in whole shares only."""
    security = household.security(symbol)
    return security is not None and security.whole_shares


# --- 2. excluded tags ----------------------------------------------------------------------


def excluded(
    household: Household, units: tuple[SellUnit, ...]
) -> tuple[tuple[SellUnit, ...], tuple[Problem, ...]]:
    """Holdings with an excluded tag: sold in full with `sell_excluded`, else flagged."""
    rules = tuple(r for r in household.restrictions if r.kind is RestrictionKind.EXCLUDE_TAG)
    if not rules:
        return units, ()
    out, warnings, flagged = [], [], set()
    found: dict[tuple[str, str], Restriction | None] = {}  # (account, symbol) -> its rule
    for u in units:
        key = (u.account, u.symbol)
        if key not in found:
            found[key] = _exclusion(household, rules, u.account, u.symbol)
        rule = found[key]
        account = household.account(u.account) if rule is not None else None
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


def _exclusion(
    household: Household, rules: tuple[Restriction, ...], account: str, symbol: str
) -> Restriction | None:
    """The first `exclude_tag` rule that applies to the symbol in the account."""
    security = household.security(symbol)
    tags = set(security.tags) if security is not None else set()
    return next((r for r in rules if r.tag in tags and applies(r, account)), None)


def _warning(account: Account, message: str, kind: str) -> Problem:
    return Problem(
        source=account.source,
        field=account.source.field or "accounts",
        kind=kind,
        message=message,
        severity=Severity.WARNING,
    )


# --- 3. sell orders ------------------------------------------------------------------------


def sell_orders(
    household: Household, units: tuple[SellUnit, ...]
) -> tuple[tuple[SellUnit, ...], tuple[tuple[str, str, Decimal], ...]]:
    """Orders that sell: named lots are forced; others set a minimum on the position (whose
    every share may then be sold, restrictions aside: the client insists)."""
    forced: dict[str, Decimal] = {}
    minimums: list[tuple[str, str, Decimal]] = []
    finder = _LotFinder(units)
    for order in household.orders:
        if order.action is not TradeAction.SELL:
            continue
        unit_price = price(household, order.symbol)
        shares = (
            order.quantity if order.quantity is not None else ((order.amount or ZERO) / unit_price)
        )
        if order.lots:
            _force_lots(units, finder, order.account, order.lots, shares, forced)
        else:
            minimums.append((order.account, order.symbol, shares))
    if not forced and not minimums:
        return units, ()
    opened = {(a, s) for a, s, _ in minimums}
    out = tuple(
        replace(
            u,
            forced=max(u.forced, forced.get(_key(u), ZERO)),
            quantity=u.held if (u.account, u.symbol) in opened else u.quantity,
        )
        if (u.account, u.symbol) in opened or (forced and _key(u) in forced)
        else u
        for u in units
    )
    return out, tuple(minimums)


def _key(u: SellUnit) -> str:
    return f"{u.account}|{'+'.join(u.lot_ids)}|{u.symbol}"


class _LotFinder:
    """The first unit of an account holding a lot id, indexed on first use."""

    __slots__ = ("_index", "_units")

    def __init__(self, units: tuple[SellUnit, ...]) -> None:
        self._units = units
        self._index: dict[tuple[str, str], int] | None = None

    def find(self, account: str, lot_id: str) -> int | None:
        if self._index is None:
            self._index = {}
            for i, u in enumerate(self._units):
                for x in u.lot_ids:
                    self._index.setdefault((u.account, x), i)
        return self._index.get((account, lot_id))


def _force_lots(
    units: tuple[SellUnit, ...],
    finder: _LotFinder,
    account: str,
    lots: tuple[str, ...],
    shares: Decimal,
    forced: dict[str, Decimal],
) -> None:
    """Force ``shares`` from the named lots in order (a holding unit takes what is left)."""
    left = shares
    for lot_id in lots:
        at = finder.find(account, lot_id)
        if at is None or left <= 0:
            continue
        unit = units[at]
        take = left if len(unit.lot_ids) > 1 else min(left, unit.held)
        forced[_key(unit)] = forced.get(_key(unit), ZERO) + take
        left -= take


# --- 7. liquidate untargeted (after the wash-sale guard) ------------------------------------


def liquidate_untargeted(household: Household, units: tuple[SellUnit, ...]) -> tuple[SellUnit, ...]:
    """With `liquidate_untargeted`, every share of a security without a target must be sold."""
    if not household.settings.liquidate_untargeted:
        return units
    return tuple(
        replace(u, forced=u.quantity) if u.quantity > 0 and not targeted(household, u.symbol) else u
        for u in units
    )


# --- 8. harvest mode -----------------------------------------------------------------------


def harvest_only(
    units: tuple[SellUnit, ...], needs_cash: frozenset[str] = frozenset()
) -> tuple[SellUnit, ...]:
    """`harvest` mode: only lots worth harvesting (and what is forced) may be sold, except in
    the accounts of ``needs_cash`` (a withdrawal or an RMD to pay beyond their cash): those
    sell what the cash needs, the cheapest way (the mode's bands leave nothing else to sell
    for)."""
    return tuple(
        u if u.harvest_per_share > 0 or u.forced > 0 or u.account in needs_cash else _nothing(u)
        for u in units
    )


def _nothing(u: SellUnit) -> SellUnit:
    """The unit with nothing to sell (itself when that is so already, to the digit)."""
    if u.quantity.compare_total(ZERO) == 0:
        return u
    return replace(u, quantity=ZERO)


# --- 9. location mode ----------------------------------------------------------------------


def free_only(household: Household, units: tuple[SellUnit, ...]) -> tuple[SellUnit, ...]:
    """`location` mode: a taxable account sells only what realizes no gain (and what is
    forced, or needed for its withdrawals)."""
    needs_cash = {
        f.account for f in household.cash_flows if f.kind is not CashFlowKind.CONTRIBUTION
    }
    return tuple(_free(household, u, u.account in needs_cash) for u in units)


def _free(household: Household, u: SellUnit, needs_cash: bool) -> SellUnit:
    account = household.account(u.account)
    if account is None or not account.taxed or u.forced > 0:
        return u
    if u.gain_per_share > 0 and not needs_cash:
        return replace(u, quantity=ZERO)
    return u
