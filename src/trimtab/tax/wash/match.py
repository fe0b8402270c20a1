"""Matching replacement purchases to loss sales (Reg. §1.1091-1(b)–(e)).

Rule. A loss sale is washed by purchases of substantially identical securities made within
30 days before or after it, day 30 inside and day 31 outside (IRC §1091(a); Reg.
§1.1091-1(a), "the 61-day period"). Losses are taken in order of sale, those of one day in
order of the sold shares' acquisition ((b)); replacement shares in order of their acquisition,
each share replacing at most one sold share ((c), (d), (e)). When fewer shares are bought than
sold, only that many sold shares' losses are disallowed, pro rata per share. The rest of the
very lot sold does not wash it (Rev. Rul. 56-602). The disallowed loss moves into the
replacement's basis and its holding period tacks on (§1091(d), §1223(3)), except for a
replacement bought in an IRA or Roth IRA, where it is lost for good (Rev. Rul. 2008-5).

Worked example (Pub. 550, "More or less stock bought than sold", Example 1). 100 shares bought
2013-09-26 for $5,000 and sold 2014-01-09 for $4,000: a $1,000 loss. 50 shares bought
2013-12-19 for $2,750 and 25 shares 2013-12-27 for $1,125, both within 30 days before. 75 of
the 100 sold shares are replaced: $1,000 × 75/100 = $750 is disallowed, $250 allowed. The 50
shares take 50 × $10 = $500 (basis $3,250), the 25 shares $250 (basis $1,375).

Shares disposed of in the loss sale itself, or before its date, are not replacements: a lot sold
with it (a whole position of two lots, one bought 17 days before) or two lots sold the same day,
each bought within 30 days of the other's sale, do not wash each other (issue 19; each loss stays
deductible, as it would if the disallowed part moved into the other lot and came straight back
when that lot is sold the same day). Only the shares of a purchase still held after the sale's
date can replace: ``disposed`` gives, by purchase lot, the shares sold and when.

Holding period of a replacement (sum convention, what brokers report; the reference marks the
overlap case uncertain): start = replacement date − (sale date − sold shares' start) days.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from trimtab.money import ZERO
from trimtab.tax.identity import Identity
from trimtab.tax.wash.records import Acquisition, LossSale, ReplacementUse, Wash

WINDOW_DAYS = 30


def in_window(sold: dt.date, bought: dt.date) -> bool:
    """True when a purchase on ``bought`` lies within 30 days before or after ``sold``."""
    return abs((bought - sold).days) <= WINDOW_DAYS


def same_shares(sale: LossSale, acquisition: Acquisition) -> bool:
    """The acquisition is the very lot sold (Rev. Rul. 56-602): it does not replace it."""
    if sale.lot_id and acquisition.lot_id == sale.lot_id:
        return True
    return (
        not sale.lot_id
        and acquisition.account == sale.account
        and acquisition.symbol == sale.symbol
        and acquisition.date == sale.acquired
    )


Disposals = Mapping[str, tuple[tuple[dt.date, Decimal], ...]]  # purchase lot id -> (day, shares)


def match_washes(
    sales: Iterable[LossSale],
    purchases: Iterable[Acquisition],
    identity: Identity,
    disposed: Disposals | None = None,
) -> tuple[Wash, ...]:
    """One Wash per loss sale, in order of sale, each replacement share used at most once.

    disposed: by purchase lot id, the (date, shares) its shares were sold (the trades'); a
    purchase replaces only shares still held after the loss sale's date."""
    ordered = sorted(sales, key=lambda s: (s.sold, s.acquired or dt.date.min, s.id))
    available: dict[str, Decimal | None] = {}
    candidates = tuple(purchases)
    for a in candidates:
        available[a.id] = a.quantity
    index = PurchaseIndex(candidates, identity)
    gone = disposed or {}
    return tuple(_wash_one(s, index.near(s), available, identity, gone) for s in ordered)


def held_after(a: Acquisition, day: dt.date, disposed: Disposals) -> Decimal | None:
    """Shares of the purchase still held after ``day`` (None: unknown quantity)."""
    if a.quantity is None or not a.lot_id or a.lot_id not in disposed:
        return a.quantity
    sold = sum((q for when, q in disposed[a.lot_id] if when <= day), ZERO)
    return max(a.quantity - sold, ZERO)


def _replaceable(a: Acquisition, avail: Decimal | None, held: Decimal | None) -> Decimal | None:
    """The shares of purchase ``a`` that may still replace a sold share (None: any number):
    those not matched to an earlier loss sale (``avail``) less those the trades sold by the
    sale's date (``held``: the purchase less its disposals, which count unmatched shares only,
    :func:`trimtab.tax.whatif.disposals`). A share replaces one sold share at most (Reg.
    §1.1091-1(c)): of 15 shares bought, 11 sold the day of four loss sales, 4 replace in all,
    not 4 each sale."""
    if avail is None:
        return held
    if held is None:
        return avail
    matched = a.quantity - avail if a.quantity is not None else ZERO
    return min(avail, held - matched)


class PurchaseIndex:
    """Purchases by substantially-identical group, each group's by date.

    :meth:`near` gives the purchases of a sale's group dated within its window, in the order
    given: what a scan of every purchase would find identical and in the window, without the
    scan. Within a group, the purchases up to the first one out of date order are bisected;
    any after it (undated reinvestments come last) are checked one by one.
    """

    __slots__ = ("_groups", "_identity")

    def __init__(self, purchases: Iterable[Acquisition], identity: Identity) -> None:
        grouped: dict[str, list[Acquisition]] = {}
        for a in purchases:
            grouped.setdefault(identity.group_of(a.symbol), []).append(a)
        self._identity = identity
        self._groups = {key: _Dated(found) for key, found in grouped.items()}

    def near(self, sale: LossSale) -> tuple[Acquisition, ...]:
        """The purchases identical to the sold security within 30 days of the sale."""
        dated = self._groups.get(self._identity.group_of(sale.symbol))
        return () if dated is None else dated.within(sale.sold)


class _Dated:
    """One group's purchases: the longest prefix in date order (bisected), then the rest."""

    __slots__ = ("_dates", "_rest", "_sorted")

    def __init__(self, purchases: list[Acquisition]) -> None:
        cut = next(
            (i for i in range(1, len(purchases)) if purchases[i].date < purchases[i - 1].date),
            len(purchases),
        )
        self._sorted = purchases[:cut]
        self._dates = [a.date for a in self._sorted]
        self._rest = purchases[cut:]

    def within(self, sold: dt.date) -> tuple[Acquisition, ...]:
        window = dt.timedelta(days=WINDOW_DAYS)
        low = bisect.bisect_left(self._dates, sold - window)
        high = bisect.bisect_right(self._dates, sold + window)
        rest = [a for a in self._rest if in_window(sold, a.date)]
        return (*self._sorted[low:high], *rest)


def _wash_one(
    sale: LossSale,
    candidates: tuple[Acquisition, ...],
    available: dict[str, Decimal | None],
    identity: Identity,
    disposed: Disposals | None = None,
) -> Wash:
    need = sale.quantity
    uses: list[ReplacementUse] = []
    washed = ZERO
    for a in candidates:
        if need <= ZERO:
            break
        if not _replaces(sale, a, identity):
            continue
        avail = available[a.id]
        held = held_after(a, sale.sold, disposed or {})
        left = _replaceable(a, avail, held)
        take = need if left is None else min(need, left)
        if take <= ZERO:
            continue
        if avail is not None:
            available[a.id] = avail - take
        need -= take
        uses.append(_use(sale, a, take, _disallowed(sale, washed, washed + take)))
        washed += take
    return Wash(sale=sale, replacements=tuple(uses))


def _disallowed(sale: LossSale, before: Decimal, after: Decimal) -> Decimal:
    """The loss of sold shares number before+1 … after, pro rata per share.

    Figured as a difference of running totals so that the parts add up exactly to the
    disallowed total, and to the whole loss when every sold share is replaced.
    """
    return _share_of_loss(sale, after) - _share_of_loss(sale, before)


def _share_of_loss(sale: LossSale, quantity: Decimal) -> Decimal:
    return sale.loss if quantity == sale.quantity else sale.loss * quantity / sale.quantity


def _replaces(sale: LossSale, a: Acquisition, identity: Identity) -> bool:
    return (
        identity.identical(sale.symbol, a.symbol)
        and in_window(sale.sold, a.date)
        and not same_shares(sale, a)
    )


def _use(sale: LossSale, a: Acquisition, quantity: Decimal, disallowed: Decimal) -> ReplacementUse:
    return ReplacementUse(
        acquisition=a,
        quantity=quantity,
        disallowed=disallowed,
        adjusted_start=None if a.permanent else tacked_start(sale, a.date),
    )


def tacked_start(sale: LossSale, replacement_date: dt.date) -> dt.date | None:
    """The replacement's holding-period start: its date less the days the sold shares were held."""
    if sale.holding_period_start is None:
        return None
    return replacement_date - (sale.sold - sale.holding_period_start)
