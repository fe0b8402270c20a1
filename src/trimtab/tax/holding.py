"""The holding period: is a sale long-term or short-term?

Rule. A capital asset held *more than one year* gives long-term gain or loss; one held *not more
than one year* gives short-term (IRC §1222). Counting starts the day after acquisition and
includes the day of sale, both by trade date (Pub. 550; Rev. Rul. 66-97, Rev. Rul. 70-598). The
unit is the calendar month, not a count of days (Caspe v. United States, 694 F.2d 1116 (8th Cir.
1982); Fogel v. Commissioner, 203 F.2d 347 (5th Cir. 1953)). So:

    long-term  iff  sale date > one-year anniversary of the acquisition date

where the anniversary is the same month and day a year later, and an acquisition on the last
day of a month reaches its anniversary on the last day of that month a year later (J.K. Lasser
¶5.9 reading of Caspe). Never use "more than 365 days": 2023-03-01 → 2024-03-01 is 366 days and
still short-term.

Worked example (Pub. 550). Bought 2008-02-05. The anniversary is 2009-02-05; a sale that day is
held "not more than 1 year" (short-term); a sale on 2009-02-06 is long-term. Bought 2024-02-29
(the last day of February): the anniversary is 2025-02-28, so a sale on 2025-03-01 is long-term.

Gifts and inheritance:
- Gift with the donor's (carryover) basis: the donor's holding period is included, so counting
  starts from the donor's acquisition (IRC §1223(2), §1015(a)).
- Gift sold at a loss when the basis is the fair market value at the gift (FMV below the donor's
  basis, §1015(a)): the period starts at the gift, counted like a purchase on that day.
- Inherited property (basis under §1014) is always long-term (IRC §1223(9)).

UNCERTAIN. Acquired 2023-02-28 (last day of a non-leap February) and sold 2024-02-29: the
month-end reading used here puts the anniversary on 2024-02-29, so the sale is short-term; a
naive same-day anniversary (2024-02-28) would make it long-term. No ruling settles the point;
confidence in the month-end reading is medium. A sale on 2024-03-01 is long-term either way.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta

from trimtab.model.enums import LotOrigin

ONE_DAY = timedelta(days=1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _is_month_end(day: date) -> bool:
    return (day + ONE_DAY).month != day.month


def months_after(start: date, months: int) -> date:
    """The date ``months`` calendar months after ``start``, month end kept as month end.

    Caspe: 1972-11-30 plus six months is 1973-05-31. A day past the end of the target month
    (January 30 plus one month) maps to that month's last day.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    end = _month_end(year, month + 1)
    if _is_month_end(start) or start.day > end.day:
        return end
    return date(year, month + 1, start.day)


@functools.lru_cache(maxsize=16384)
def one_year_anniversary(acquired: date) -> date:
    """The last day on which a sale of an asset acquired on ``acquired`` is still short-term.

    Figured once per date (a household's lots share few dates; the calendar is pure).
    """
    return months_after(acquired, 12)


def first_long_term_date(acquired: date) -> date:
    """The first sale date that gives long-term gain or loss: the day after the anniversary."""
    return one_year_anniversary(acquired) + ONE_DAY


def is_long_term(acquired: date, sold: date) -> bool:
    """True when a sale on ``sold`` of an asset acquired on ``acquired`` is long-term (§1222)."""
    if sold < acquired:
        raise ValueError(f"sale date {sold} is before the acquisition date {acquired}")
    return sold > one_year_anniversary(acquired)


def days_until_long_term(acquired: date, as_of: date) -> int:
    """Days from ``as_of`` until the first long-term sale date; 0 when already long-term."""
    return max(0, (first_long_term_date(acquired) - as_of).days)


def holding_period_start(
    origin: LotOrigin,
    acquired: date,
    *,
    donor_acquired: date | None = None,
    gift_loss_basis: bool = False,
) -> date:
    """The date the holding period is counted from (the day after it is the first day held).

    origin: how the lot was acquired.
    acquired: trade date of the purchase, date of death, or date of the gift.
    donor_acquired: for a gift, the donor's acquisition date (required unless gift_loss_basis).
    gift_loss_basis: for a gift, True when the sale is a loss figured from the FMV at the gift
        (FMV below the donor's basis, sold below FMV; decided in :mod:`trimtab.tax.basis`); the
        period then starts at the gift.

    For inherited lots this is the date of death, but :func:`is_long_term_lot` treats them as
    long-term whatever the dates (§1223(9)).
    """
    if origin is not LotOrigin.GIFT or gift_loss_basis:
        return acquired
    if donor_acquired is None:
        raise ValueError("a gift with carryover basis needs the donor's acquisition date")
    return donor_acquired


def is_long_term_lot(
    origin: LotOrigin,
    acquired: date,
    sold: date,
    *,
    donor_acquired: date | None = None,
    gift_loss_basis: bool = False,
) -> bool:
    """True when selling the lot on ``sold`` gives long-term gain or loss.

    Inherited lots are always long-term (§1223(9)); gifts count from
    :func:`holding_period_start`; purchases from their trade date.
    """
    if sold < acquired:
        raise ValueError(f"sale date {sold} is before the acquisition date {acquired}")
    if origin is LotOrigin.INHERITANCE:
        return True
    start = holding_period_start(
        origin, acquired, donor_acquired=donor_acquired, gift_loss_basis=gift_loss_basis
    )
    return is_long_term(start, sold)


def days_until_long_term_lot(
    origin: LotOrigin,
    acquired: date,
    as_of: date,
    *,
    donor_acquired: date | None = None,
    gift_loss_basis: bool = False,
) -> int:
    """Days from ``as_of`` until a sale of the lot would be long-term; 0 for inherited lots."""
    if origin is LotOrigin.INHERITANCE:
        return 0
    start = holding_period_start(
        origin, acquired, donor_acquired=donor_acquired, gift_loss_basis=gift_loss_basis
    )
    return days_until_long_term(start, as_of)
