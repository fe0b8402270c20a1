"""Current state (seed step 1): value, cost and unrealized gain per lot, holding and account.

Each lot is valued at quantity × price on `as_of`; its unrealized gain is what selling it all
that day would realize (:func:`trimtab.tax.basis.sell_from_lot`, gifts' dual basis included),
and its term is that sale's holding period. A holding's cost and gain are known only when all
of it is in lots; otherwise they are None (tax-advantaged positions without lots, or
`basis: unknown`). Household gain totals count the taxable accounts of this return only (not
tax-advantaged accounts, not `separate_taxpayer` ones), because only those gains are taxed here.

Lots are the household's as the recent wash sales leave them (:mod:`trimtab.tax.held`): a held
lot that replaced shares sold at a loss in the last 30 days (`transactions`) has the disallowed
loss in its cost and the sold shares' holding period tacked on (IRC §1091(d), §1223(3)), and the
lot's `holding_start` (stated in the file, or tacked) is where its holding period starts.

Example: 120 shares of VTI bought 2019-03-04 for $17,880.00, priced $331.40 on 2026-11-24:
value 120 × 331.40 = $39,768.00, unrealized long-term gain 39,768.00 − 17,880.00 = $21,888.00.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trimtab.analysis.valuation import price
from trimtab.model.enums import AccountType, LotOrigin
from trimtab.model.household import Account, Holding, Household, Lot
from trimtab.records import builder
from trimtab.tax.basis import days_to_long_term, sell_from_lot
from trimtab.tax.holding import days_until_long_term_lot, is_long_term_lot
from trimtab.tax.memo import per_household

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True, kw_only=True)
class LotState:
    """One lot on `as_of`.

    lot_id, acquired, origin, quantity, cost: from the lot.
    holding_period_start: the date its holding period counts from (the donor's for gifts).
    market_value: quantity × price.
    unrealized_gain: the gain (loss negative) a sale of the whole lot on `as_of` would realize.
    long_term: whether that sale would be long-term.
    days_to_long_term: days until a sale would be long-term (0 when it already is).
    wash_adjustment: disallowed wash-sale loss inside ``cost`` (0 when none).
    """

    lot_id: str
    acquired: date
    origin: LotOrigin
    holding_period_start: date
    quantity: Decimal
    cost: Decimal
    market_value: Decimal
    unrealized_gain: Decimal
    long_term: bool
    days_to_long_term: int
    wash_adjustment: Decimal = ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldingState:
    """One position on `as_of`; cost and gains are None when not every share has a lot."""

    symbol: str
    quantity: Decimal
    price: Decimal
    market_value: Decimal
    cost: Decimal | None
    unrealized_short: Decimal | None
    unrealized_long: Decimal | None
    basis_unknown: bool
    lots: tuple[LotState, ...]

    @property
    def unrealized_gain(self) -> Decimal | None:
        """Short plus long unrealized gain."""
        if self.unrealized_short is None or self.unrealized_long is None:
            return None
        return self.unrealized_short + self.unrealized_long


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountState:
    """One account on `as_of`; gain totals over the holdings whose cost is known."""

    account_id: str
    type: AccountType
    gains_taxed_here: bool
    market_value: Decimal
    cash: Decimal
    cost: Decimal
    unrealized_short: Decimal
    unrealized_long: Decimal
    holdings: tuple[HoldingState, ...]

    @property
    def total_value(self) -> Decimal:
        """Holdings plus cash."""
        return self.market_value + self.cash


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdState:
    """Every account on `as_of`, with totals (gains: taxable accounts of this return only)."""

    as_of: date
    accounts: tuple[AccountState, ...]

    @property
    def total_value(self) -> Decimal:
        """Value of every account, held-away ones included."""
        return sum((a.total_value for a in self.accounts), ZERO)

    @property
    def cash(self) -> Decimal:
        """Cash of every account."""
        return sum((a.cash for a in self.accounts), ZERO)

    @property
    def unrealized_short(self) -> Decimal:
        """Unrealized short-term gain of the taxable accounts of this return."""
        return sum((a.unrealized_short for a in self.accounts if a.gains_taxed_here), ZERO)

    @property
    def unrealized_long(self) -> Decimal:
        """Unrealized long-term gain of the taxable accounts of this return."""
        return sum((a.unrealized_long for a in self.accounts if a.gains_taxed_here), ZERO)


def lot_state(lot: Lot, unit_price: Decimal, as_of: date) -> LotState:
    """The state of one lot priced at ``unit_price`` on ``as_of``.

    A purchase or an inheritance has one basis, its cost, and a holding period from its
    acquisition (:func:`trimtab.tax.holding.is_long_term_lot`); a gift's dual basis and
    holding period come from :func:`trimtab.tax.basis.sell_from_lot`.
    """
    value = lot.quantity * unit_price
    if lot.origin is not LotOrigin.GIFT:
        start, gain = lot.holding_start or lot.acquired, value - lot.cost
        long_term, days = _term(lot.origin, start, as_of)
    else:
        sale = sell_from_lot(lot, lot.quantity, value, as_of)
        start, gain, long_term = sale.holding_period_start, sale.gain, sale.long_term
        days = days_to_long_term(lot, as_of, loss=gain < 0)
    return _new_lot_state(
        lot_id=lot.id,
        acquired=lot.acquired,
        origin=lot.origin,
        holding_period_start=start,
        quantity=lot.quantity,
        cost=lot.cost,
        market_value=value,
        unrealized_gain=gain,
        long_term=long_term,
        days_to_long_term=days,
        wash_adjustment=lot.wash_adjustment or ZERO,
    )


_new_lot_state = builder(LotState)  # one a lot: built straight through its slots


@functools.lru_cache(maxsize=16384)
def _term(origin: LotOrigin, acquired: date, as_of: date) -> tuple[bool, int]:
    """Whether a sale on ``as_of`` of a lot bought or inherited on ``acquired`` is long-term,
    and the days until it would be (lots share dates: figured once per date)."""
    return (
        is_long_term_lot(origin, acquired, as_of),
        days_until_long_term_lot(origin, acquired, as_of),
    )


def holding_state(
    household: Household, holding: Holding, account: Account | None = None
) -> HoldingState:
    """The state of one holding and its lots (of ``account``: adjusted for recent wash sales)."""
    adjusted = _adjusted_lots(household) if account is not None else None
    return _holding_state(household, holding, _held(adjusted, account, holding))


def _adjusted_lots(household: Household) -> Mapping[tuple[str, str], tuple[Lot, ...]]:
    """The lots recent wash sales adjust, by (account, symbol)
    (:func:`trimtab.tax.held.adjusted_model_lots`)."""
    from trimtab.tax.held import adjusted_model_lots  # the wash-sale engine: not for drift

    return adjusted_model_lots(household)


def _held(
    adjusted: Mapping[tuple[str, str], tuple[Lot, ...]] | None,
    account: Account | None,
    holding: Holding,
) -> tuple[Lot, ...]:
    """The holding's lots, as recent wash sales leave them when ``adjusted`` is given."""
    if adjusted is None or account is None or not holding.lots:
        return holding.lots
    return adjusted.get((account.id, holding.symbol), holding.lots)


def _holding_state(household: Household, holding: Holding, held: tuple[Lot, ...]) -> HoldingState:
    """The state of one holding whose lots are ``held``."""
    unit = price(household, holding.symbol)
    lots = tuple(lot_state(lot, unit, household.as_of) for lot in held)
    totals = _totals(lots, holding.quantity)
    return HoldingState(
        symbol=holding.symbol,
        quantity=holding.quantity,
        price=unit,
        market_value=holding.quantity * unit,
        cost=totals.cost if totals else None,
        unrealized_short=totals.short if totals else None,
        unrealized_long=totals.long if totals else None,
        basis_unknown=holding.basis_unknown,
        lots=lots,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Totals:
    """A holding's lots summed: cost, short- and long-term unrealized gain."""

    cost: Decimal
    short: Decimal
    long: Decimal


def _totals(lots: tuple[LotState, ...], held: Decimal) -> _Totals | None:
    """The lots' shares, cost and gains by term, summed in one pass in lot order; None unless
    the lots hold every share (``held``): a holding's cost and gains are known only then."""
    if not lots:
        return None
    quantity = cost = short = long = ZERO
    for x in lots:
        quantity += x.quantity
        cost += x.cost
        if x.long_term:
            long += x.unrealized_gain
        else:
            short += x.unrealized_gain
    if quantity != held:
        return None
    return _Totals(cost=cost, short=short, long=long)


def account_state(household: Household, account: Account) -> AccountState:
    """The state of one account."""
    adjusted = _adjusted_lots(household)
    holdings = tuple(
        _holding_state(household, h, _held(adjusted, account, h)) for h in account.holdings
    )
    known = [h for h in holdings if h.cost is not None]
    return AccountState(
        account_id=account.id,
        type=account.type,
        gains_taxed_here=account.taxed_here,
        market_value=sum((h.market_value for h in holdings), ZERO),
        cash=account.cash,
        cost=sum((h.cost or ZERO for h in known), ZERO),
        unrealized_short=sum((h.unrealized_short or ZERO for h in known), ZERO),
        unrealized_long=sum((h.unrealized_long or ZERO for h in known), ZERO),
        holdings=holdings,
    )


@per_household
def household_state(household: Household) -> HouseholdState:
    """The state of every account of the household on `as_of`.

    Figured once per household object (:mod:`trimtab.tax.memo`): the optimizer's inputs, the
    location review and the reports share it.
    """
    return HouseholdState(
        as_of=household.as_of,
        accounts=tuple(account_state(household, a) for a in household.accounts),
    )
