"""Which purchases and loss sales are in scope of the household's wash-sale check.

Scope (IRC §1091(a); Pub. 550: the spouse's purchases count; Rev. Rul. 2008-5: IRA purchases
count). Every account of the return except those marked `separate_taxpayer`. Purchases: buys
being checked or planned, `transactions` buys (the last 30+ days), held lots bought (gifts and
inheritances are not acquisitions by purchase, §1091(a)), and `recurring` purchases on their
schedule. A held lot and a `transactions` buy with the same account, symbol, date and quantity
are one purchase. A recurring purchase with `next` and `every_days` is taken to have bought
on its schedule before `next` too (payroll contributions usually are); one that is also in
`transactions` on that date counts once. Loss sales: sells of taxable accounts of the return.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from trimtab.model.enums import AccountType, LotOrigin, TradeAction
from trimtab.model.household import Account, Household, Lot, RecurringPurchase, Transaction
from trimtab.model.trade import Trade
from trimtab.source import Source
from trimtab.tax.memo import per_household
from trimtab.tax.wash.records import Acquisition, LossSale, ReplacementKind

WINDOW = dt.timedelta(days=30)
IRAS = frozenset(
    {
        AccountType.TRADITIONAL_IRA,
        AccountType.ROTH_IRA,
        AccountType.SEP_IRA,
        AccountType.SIMPLE_IRA,
        AccountType.INHERITED_IRA,
    }
)
PLANS = frozenset(
    {
        AccountType.K401,
        AccountType.ROTH_401K,
        AccountType.B403,
        AccountType.B457,
        AccountType.HSA,
    }
)


def loses_for_good(account: Account, plan_purchases_permanent: bool) -> bool | None:
    """True when a replacement bought here makes the loss permanent; None: out of scope."""
    if account.type in IRAS:
        return True
    if account.type in PLANS:
        return True if plan_purchases_permanent else None
    return False


KIND_ORDER = {k: i for i, k in enumerate(ReplacementKind)}


def acquisitions(
    household: Household, trades: Iterable[Trade], span: tuple[dt.date, dt.date]
) -> tuple[Acquisition, ...]:
    """Every purchase in scope, in order of acquisition (then trades, transactions, lots).

    span: the first and last day any window covers; recurring purchases are listed inside it.
    """
    lots = tuple(_held_lots(household))
    found = [*_trade_buys(household, trades), *_transaction_purchases(household), *lots]
    found += _recurring_buys(household, found, span)
    return _in_order(found)


def acquisitions_in(
    household: Household, trades: Iterable[Trade], span: tuple[dt.date, dt.date]
) -> tuple[Acquisition, ...]:
    """The purchases of :func:`acquisitions` dated within ``span`` (both days included), in the
    same order: all that a window inside ``span`` can see.

    The held lots come from a per-household list sorted by date (file order within a day), so
    a span of a few months takes a slice of it instead of a pass over every lot.
    """
    start, end = span
    held = _held_by_date(household)
    lots = [held.acquisition(i) for i in held.between(start, end)]
    found = [
        a
        for a in (*_trade_buys(household, trades), *_transaction_purchases(household))
        if start <= a.date <= end
    ]
    found += lots
    found += _recurring_buys(household, found, span)
    return _in_order(found)


def _in_order(found: list[Acquisition]) -> tuple[Acquisition, ...]:
    """Date, then kind (trades, transactions, lots, recurring), then id; the sort is stable."""
    return tuple(sorted(found, key=lambda a: (a.date, KIND_ORDER[a.kind], a.id)))


def _permanence(household: Household, account_id: str) -> bool | None:
    account = household.account(account_id)
    if account is None or not account.of_this_return:
        return None
    return loses_for_good(account, household.settings.plan_purchase_washes_permanently)


def _trade_buys(household: Household, trades: Iterable[Trade]) -> Iterator[Acquisition]:
    for t in trades:
        permanent = _permanence(household, t.account)
        if t.action is TradeAction.BUY and permanent is not None:
            yield Acquisition(
                kind=ReplacementKind.TRADE,
                id=t.id,
                account=t.account,
                symbol=t.symbol,
                date=t.date,
                quantity=t.quantity,
                lot_id=t.id,
                permanent=permanent,
            )


_Position = tuple[str, str, bool]  # a position of the return: (account, symbol, permanent)


def _held_positions(household: Household) -> Iterator[tuple[_Position, tuple[Lot, ...]]]:
    """The positions of accounts of the return and their lots bought, in file order."""
    for account in household.accounts:
        permanent = _permanence(household, account.id)
        if permanent is None:
            continue
        for holding in account.holdings:
            yield (account.id, holding.symbol, permanent), _bought(holding.lots)


def _bought(lots: tuple[Lot, ...]) -> tuple[Lot, ...]:
    """The lots bought (not inherited or given), in their order: most holdings' lots all are."""
    origins = list(map(_ORIGIN, lots))
    if origins.count(LotOrigin.PURCHASE) == len(lots):
        return lots
    return tuple(
        lot for lot, origin in zip(lots, origins, strict=True) if origin is LotOrigin.PURCHASE
    )


_ORIGIN = attrgetter("origin")
_ACQUIRED = attrgetter("acquired")


def _held_lot(position: _Position, lot: Lot) -> Acquisition:
    account, symbol, permanent = position
    return Acquisition(
        kind=ReplacementKind.LOT,
        id=lot.id,
        account=account,
        symbol=symbol,
        date=lot.acquired,
        quantity=lot.quantity,
        lot_id=lot.id,
        permanent=permanent,
    )


def _held_lots(household: Household) -> Iterator[Acquisition]:
    for position, bought in _held_positions(household):
        for lot in bought:
            yield _held_lot(position, lot)


@dataclass(frozen=True, slots=True, kw_only=True)
class _HeldByDate:
    """The held lots bought, sorted by date (file order within a day): ``dates[i]`` is the
    date of ``lots[i]``, held in ``positions[at[i]]``. Parallel tuples, not a record per lot."""

    dates: tuple[dt.date, ...]
    lots: tuple[Lot, ...]
    at: tuple[int, ...]
    positions: tuple[_Position, ...]

    def between(self, start: dt.date, end: dt.date) -> range:
        """The indexes of the lots bought from ``start`` to ``end``, both included."""
        return range(bisect.bisect_left(self.dates, start), bisect.bisect_right(self.dates, end))

    def acquisition(self, i: int) -> Acquisition:
        return _held_lot(self.positions[self.at[i]], self.lots[i])


@per_household
def _held_by_date(household: Household) -> _HeldByDate:
    """The household's :class:`_HeldByDate` (figured once per household object)."""
    positions: list[_Position] = []
    lots: list[Lot] = []
    at: list[int] = []
    for n, (position, bought) in enumerate(_held_positions(household)):
        positions.append(position)
        lots.extend(bought)
        at.extend([n] * len(bought))
    dates = list(map(_ACQUIRED, lots))
    days = list(map(dt.date.toordinal, dates))  # the same order, compared as integers
    order = sorted(range(len(lots)), key=days.__getitem__)  # stable: file order within a day
    return _HeldByDate(
        dates=tuple(map(dates.__getitem__, order)),
        lots=tuple(map(lots.__getitem__, order)),
        at=tuple(map(at.__getitem__, order)),
        positions=tuple(positions),
    )


@per_household
def _transaction_purchases(household: Household) -> tuple[Acquisition, ...]:
    """The `transactions` buys that are not held lots, in file order (figured once per
    household object)."""
    return tuple(_transaction_buys(household))


def _is_held_lot(household: Household, t: Transaction) -> bool:
    """A held lot bought has the transaction's account, symbol, date and quantity."""
    held = _held_by_date(household)
    return any(
        held.positions[held.at[i]][:2] == (t.account, t.symbol)
        and held.lots[i].quantity == t.quantity
        for i in held.between(t.date, t.date)
    )


def _transaction_buys(household: Household) -> Iterator[Acquisition]:
    """The `transactions` buys in scope, but those that are a held lot."""
    for i, t in enumerate(household.transactions):
        permanent = _permanence(household, t.account)
        if t.action is not TradeAction.BUY or permanent is None:
            continue
        if _is_held_lot(household, t):
            continue  # the same purchase as a held lot
        yield Acquisition(
            kind=ReplacementKind.TRANSACTION,
            id=f"transactions[{i}]",
            account=t.account,
            symbol=t.symbol,
            date=t.date,
            quantity=t.quantity,
            permanent=permanent,
        )


def _recurring_buys(
    household: Household, known: Iterable[Acquisition], span: tuple[dt.date, dt.date]
) -> list[Acquisition]:
    seen = {(a.account, a.symbol, a.date) for a in known}
    out = []
    for i, r in enumerate(household.recurring):
        permanent = _permanence(household, r.account)
        if permanent is None or r.next is None:
            continue
        for day in schedule(r, *span):
            if (r.account, r.symbol, day) not in seen:
                out.append(
                    Acquisition(
                        kind=ReplacementKind.RECURRING,
                        id=f"recurring[{i}]@{day.isoformat()}",
                        account=r.account,
                        symbol=r.symbol,
                        date=day,
                        quantity=recurring_quantity(household, r),
                        permanent=permanent,
                        estimated=True,
                    )
                )
    return out


def schedule(r: RecurringPurchase, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The dates of a recurring purchase between ``start`` and ``end`` (both included)."""
    if r.next is None:
        return
    if r.every_days is None:
        if start <= r.next <= end:
            yield r.next
        return
    step = dt.timedelta(days=r.every_days)
    day = r.next
    while day - step >= start:
        day -= step
    while day <= end:
        if day >= start:
            yield day
        day += step


def recurring_quantity(household: Household, r: RecurringPurchase) -> Decimal | None:
    """Shares one recurring purchase buys: amount ÷ today's price; None when unknown."""
    price = household.price_of(r.symbol)
    if r.amount is None or price is None:
        return None
    return r.amount / price


def transaction_loss_sales(household: Household) -> tuple[LossSale, ...]:
    """Sells in `transactions` of taxable accounts of the return that realized a loss."""
    out = []
    for i, t in enumerate(household.transactions):
        account = household.account(t.account)
        if account is None or not account.taxed_here:
            continue
        if t.action is TradeAction.SELL and t.cost is not None and t.cost > t.quantity * t.price:
            out.append(
                LossSale(
                    id=f"transactions[{i}]",
                    trade="",
                    account=t.account,
                    symbol=t.symbol,
                    lot_id="",
                    acquired=t.acquired,
                    holding_period_start=t.acquired,
                    sold=t.date,
                    quantity=t.quantity,
                    loss=t.cost - t.quantity * t.price,
                )
            )
    return tuple(out)


def _row_source(
    rows: tuple[Transaction, ...] | tuple[RecurringPurchase, ...], name: str, row_id: str
) -> Source | None:
    """The place of the row ``row_id`` names (``name[i]``, optionally followed by ``@date``)
    among ``rows``; None when it names none or the row has no place."""
    index = row_id.removeprefix(f"{name}[").partition("]")[0]
    if row_id.startswith(f"{name}[") and index.isdigit() and int(index) < len(rows):
        source = rows[int(index)].source
        return source if source.line else None
    return None


def sale_source(household: Household, sale: LossSale) -> Source:
    """Where a past loss sale stands in the household file: its ``transactions[i]`` row, else
    the file itself (a sale of a trade list, or a row built without a place)."""
    found = _row_source(household.transactions, "transactions", sale.id)
    return found or Source(file=household.file)


def acquisition_source(household: Household, acquisition: Acquisition) -> Source:
    """Where a replacement purchase stands in the household file: the lot it created (where a
    ``wash_adjustment`` is written), else its ``transactions[i]`` or ``recurring[i]`` row, else
    the file itself (a trade of the plan or of a trade list)."""
    a = acquisition
    account = household.account(a.account)
    if a.lot_id and account is not None:
        for holding in account.holdings:
            if holding.symbol != a.symbol:
                continue
            for lot in holding.lots:
                if lot.id == a.lot_id and lot.source.line:
                    return lot.source
    found = None
    if a.kind is ReplacementKind.TRANSACTION:
        found = _row_source(household.transactions, "transactions", a.id)
    elif a.kind is ReplacementKind.RECURRING:
        found = _row_source(household.recurring, "recurring", a.id)
    return found or Source(file=household.file)
