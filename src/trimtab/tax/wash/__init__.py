"""Wash sales across every account of the household (IRC §1091; Reg. §1.1091-1/-2; Pub. 550).

A broker's Form 1099-B sees one account; this sees the return: the taxpayer's and spouse's
taxable accounts, IRAs, Roth IRAs and employer plans, recent transactions, held lots, the trades
being checked, and recurring purchases. The pieces, one sub-rule each:

- :mod:`.scope`: which purchases and loss sales count;
- :mod:`.match`: the 61-day window, matching order, pro rata partial washes, Rev. Rul. 56-602;
- :mod:`.adjust`: basis and holding period of replacement lots, lot splits;
- :mod:`.calendar`: no-buy-until dates and recurring-purchase warnings;
- :mod:`.boundary`: a loss of one year washed by a purchase of the next moves out of its return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from trimtab.errors import Problem, Severity
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.tax.identity import Identity, household_identity
from trimtab.tax.memo import per_household
from trimtab.tax.wash.boundary import year_boundary_warnings
from trimtab.tax.wash.calendar import CalendarEntry, recurring_warnings, wash_calendar
from trimtab.tax.wash.match import WINDOW_DAYS, Disposals, match_washes
from trimtab.tax.wash.records import (
    Acquisition,
    LossSale,
    ReplacementKind,
    ReplacementUse,
    Wash,
    WashKind,
)
from trimtab.tax.wash.scope import (
    acquisitions_in,
    loses_for_good,
    recurring_quantity,
    transaction_loss_sales,
)

__all__ = [
    "Acquisition",
    "CalendarEntry",
    "Disposals",
    "LossSale",
    "ReplacementKind",
    "ReplacementUse",
    "Wash",
    "WashKind",
    "WashReport",
    "check_wash_sales",
    "washes_alone",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class WashReport:
    """Every loss sale's wash result, the wash-sale calendar, and warnings."""

    washes: tuple[Wash, ...]
    calendar: tuple[CalendarEntry, ...]
    warnings: tuple[Problem, ...]
    _by_sale: Mapping[str, Wash] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a read-only index of the washes by sale id (the first, when ids repeat)
        by_sale: dict[str, Wash] = {}
        for w in self.washes:
            by_sale.setdefault(w.sale.id, w)
        object.__setattr__(self, "_by_sale", MappingProxyType(by_sale))

    def for_sale(self, sale_id: str) -> Wash | None:
        """The result of one loss sale, by its id."""
        return self._by_sale.get(sale_id)


def check_wash_sales(
    household: Household,
    trades: Iterable[Trade] = (),
    trade_losses: Iterable[LossSale] = (),
    disposed: Disposals | None = None,
) -> WashReport:
    """Every wash of the household's recent and checked loss sales.

    trades: the trades being checked or planned (their buys are replacements).
    trade_losses: the loss sales those trades realize (from the lots they sell).
    disposed: by purchase lot id, when the trades sell its shares (sold shares replace nothing
        after they are sold, :mod:`.match`).
    Recent loss sales come from the household's `transactions`. Without trades, the report
    depends on the household alone and is figured once per household object.
    """
    trades, trade_losses = tuple(trades), tuple(trade_losses)
    if not trades and not trade_losses and not disposed:
        return _household_washes(household)
    return _check(household, trades, trade_losses, disposed)


@per_household
def _household_washes(household: Household) -> WashReport:
    return _check(household, (), ())


def _check(
    household: Household,
    trades: tuple[Trade, ...],
    trade_losses: tuple[LossSale, ...],
    disposed: Disposals | None = None,
) -> WashReport:
    sales = (*transaction_loss_sales(household), *trade_losses)
    identity = household_identity(household)
    purchases = (
        *acquisitions_in(household, trades, _span(household, sales)),
        *_undated_reinvestments(household, sales, identity),
    )
    calendar = wash_calendar(household, sales, identity)
    washes = match_washes(sales, purchases, identity, disposed)
    warnings = (
        *recurring_warnings(household, calendar),
        *_undated_warnings(household),
        *year_boundary_warnings(household, washes),
    )
    return WashReport(washes=washes, calendar=calendar, warnings=tuple(warnings))


def washes_alone(household: Household, sales: Iterable[LossSale]) -> tuple[Wash, ...]:
    """The wash of each of ``sales`` as :func:`check_wash_sales` finds it when that sale alone
    is added to the household's own (``check_wash_sales(household, (), (sale,))``), in order.

    The sales must share one date (what-if sales of today, :mod:`trimtab.tax.harvest_wash`).
    A sale competes only with the loss sales and purchases of its substantially identical group
    (a replacement replaces a sale of its group), so the household's sales and purchases are
    gathered once and grouped, and each sale is matched against its group's alone: time linear
    in the sales plus each group's rows, not the sales times every transaction of the household.
    """
    sales = tuple(sales)
    if not sales:
        return ()
    past = transaction_loss_sales(household)
    identity = household_identity(household)
    span = _span(household, (*past, sales[0]))
    past_by: dict[str, list[LossSale]] = {}
    for s in past:
        past_by.setdefault(identity.group_of(s.symbol), []).append(s)
    bought_by: dict[str, list[Acquisition]] = {}
    for a in acquisitions_in(household, (), span):
        bought_by.setdefault(identity.group_of(a.symbol), []).append(a)
    found = []
    for sale in sales:
        group = identity.group_of(sale.symbol)
        mine = (*past_by.get(group, ()), sale)
        undated = _undated_reinvestments(household, mine, identity)
        washes = match_washes(mine, (*bought_by.get(group, ()), *undated), identity)
        found.append(next(w for w in washes if w.sale.id == sale.id))
    return tuple(found)


def _span(household: Household, sales: tuple[LossSale, ...]) -> tuple[dt.date, dt.date]:
    window = dt.timedelta(days=WINDOW_DAYS)
    days = [s.sold for s in sales] or [household.as_of]
    return min(days) - window, max(days) + window


def _undated_reinvestments(
    household: Household, sales: tuple[LossSale, ...], identity: Identity
) -> Iterator[Acquisition]:
    """A dividend reinvestment without dates is assumed to buy inside every window."""
    for i, r in enumerate(household.recurring):
        account = household.account(r.account)
        if r.next is not None or not r.dividend_reinvestment or account is None:
            continue
        permanent = loses_for_good(account, household.settings.plan_purchase_washes_permanently)
        if not account.of_this_return or permanent is None:
            continue
        for sale in sales:
            if identity.identical(sale.symbol, r.symbol):
                yield Acquisition(
                    kind=ReplacementKind.RECURRING,
                    id=f"recurring[{i}]@{sale.sold.isoformat()}",
                    account=r.account,
                    symbol=r.symbol,
                    date=sale.sold,
                    quantity=recurring_quantity(household, r),
                    permanent=permanent,
                    estimated=True,
                )


def _undated_warnings(household: Household) -> Iterator[Problem]:
    for r in household.recurring:
        if r.dividend_reinvestment and r.next is None:
            yield Problem(
                source=r.source,
                field=r.source.field or "recurring",
                kind="undated_reinvestment",
                message=f"dividend reinvestment of {r.symbol} in {r.account} has no dates: it is "
                "assumed to buy inside any wash-sale window; a harvest of its group should "
                "switch reinvestment off",
                severity=Severity.WARNING,
            )
