"""Holding period: gold cases from Pub. 550 and Caspe, month ends, leap days, gifts, inheritance.

Rule under test (trimtab.tax.holding): long-term iff sale date > one-year anniversary, the
anniversary being the same month and day a year later, month end kept as month end.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab.model.enums import LotOrigin
from trimtab.tax.holding import (
    days_until_long_term,
    days_until_long_term_lot,
    first_long_term_date,
    holding_period_start,
    is_long_term,
    is_long_term_lot,
    months_after,
    one_year_anniversary,
)

# --- Pub. 550, "Holding Period": "If you bought investment property on February 5, 2008, and
# sold it on February 5, 2009, your holding period is not more than 1 year ... If you sold it on
# February 6, 2009, your holding period is more than 1 year".


def test_pub_550_example_sold_on_the_anniversary_is_short_term() -> None:
    assert not is_long_term(date(2008, 2, 5), date(2009, 2, 5))


def test_pub_550_example_sold_the_day_after_is_long_term() -> None:
    assert is_long_term(date(2008, 2, 5), date(2009, 2, 6))


def test_366_days_across_a_leap_day_is_still_short_term() -> None:
    # 2023-03-01 → 2024-03-01 spans 2024-02-29: 366 days, but only the one-year anniversary.
    assert (date(2024, 3, 1) - date(2023, 3, 1)).days == 366
    assert not is_long_term(date(2023, 3, 1), date(2024, 3, 1))
    assert is_long_term(date(2023, 3, 1), date(2024, 3, 2))


def test_day_365_is_short_and_day_366_is_long_in_a_common_year() -> None:
    # 2025-01-10 + 365 days = 2026-01-10 (the anniversary), + 366 days = 2026-01-11.
    acquired = date(2025, 1, 10)
    assert not is_long_term(acquired, acquired + timedelta(days=365))
    assert is_long_term(acquired, acquired + timedelta(days=366))


def test_leap_day_acquisition_reaches_its_anniversary_on_february_28() -> None:
    # 2024-02-29 is the last day of February; 2025's last day of February is the 28th.
    assert one_year_anniversary(date(2024, 2, 29)) == date(2025, 2, 28)
    assert not is_long_term(date(2024, 2, 29), date(2025, 2, 28))
    assert is_long_term(date(2024, 2, 29), date(2025, 3, 1))


def test_end_of_february_before_a_leap_year_reaches_february_29() -> None:
    # UNCERTAIN (docs/tax-rules.md): 2023-02-28 is the last day of February, so the month-end
    # reading puts the anniversary on 2024-02-29 and a sale that day is short-term; a naive
    # anniversary (2024-02-28) would call it long-term.
    assert one_year_anniversary(date(2023, 2, 28)) == date(2024, 2, 29)
    assert not is_long_term(date(2023, 2, 28), date(2024, 2, 29))
    assert is_long_term(date(2023, 2, 28), date(2024, 3, 1))


def test_caspe_month_end_plus_six_months_is_the_next_month_end() -> None:
    # Caspe v. United States, 694 F.2d 1116 (8th Cir. 1982): bought 1972-11-30, sold 1973-05-31
    # was exactly six months (the then-required "more than 6 months" was not met).
    six_months = months_after(date(1972, 11, 30), 6)
    assert six_months == date(1973, 5, 31)
    assert not date(1973, 5, 31) > six_months


@pytest.mark.parametrize(
    ("acquired", "anniversary"),
    [
        (date(2023, 4, 30), date(2024, 4, 30)),  # 30-day month end
        (date(2024, 1, 31), date(2025, 1, 31)),  # 31-day month end
        (date(2023, 11, 30), date(2024, 11, 30)),
        (date(2024, 12, 31), date(2025, 12, 31)),  # year end
        (date(2024, 2, 28), date(2025, 2, 28)),  # not a month end in a leap year
    ],
)
def test_month_end_anniversaries(acquired: date, anniversary: date) -> None:
    assert one_year_anniversary(acquired) == anniversary
    assert not is_long_term(acquired, anniversary)
    assert is_long_term(acquired, anniversary + timedelta(days=1))


def test_months_after_clamps_a_day_past_the_target_month_end() -> None:
    assert months_after(date(2025, 1, 30), 1) == date(2025, 2, 28)


def test_first_long_term_date_and_days_until_long_term() -> None:
    # Bought 2025-01-10: first long-term sale date 2026-01-11; from 2025-12-01 that is
    # 30 (rest of December, Dec 1 → Dec 31) + 11 = 41 days away.
    assert first_long_term_date(date(2025, 1, 10)) == date(2026, 1, 11)
    assert days_until_long_term(date(2025, 1, 10), date(2025, 12, 1)) == 41
    assert days_until_long_term(date(2025, 1, 10), date(2026, 1, 10)) == 1
    assert days_until_long_term(date(2025, 1, 10), date(2026, 1, 11)) == 0
    assert days_until_long_term(date(2025, 1, 10), date(2027, 6, 1)) == 0


def test_sale_before_acquisition_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the acquisition"):
        is_long_term(date(2025, 6, 1), date(2025, 5, 31))


# --- Inheritance: §1223(9) treats property with §1014 basis as held more than a year.


def test_inherited_lot_is_long_term_the_day_after_death() -> None:
    assert is_long_term_lot(LotOrigin.INHERITANCE, date(2025, 6, 1), date(2025, 6, 2))
    assert days_until_long_term_lot(LotOrigin.INHERITANCE, date(2025, 6, 1), date(2025, 6, 2)) == 0


# --- Gifts: §1223(2) tacks the donor's period on when the basis carries over; a loss figured
# from the FMV at the gift (§1015(a)) counts from the gift.


def test_gift_with_carryover_basis_counts_from_the_donor() -> None:
    gift = date(2025, 6, 1)
    assert holding_period_start(LotOrigin.GIFT, gift, donor_acquired=date(2020, 1, 2)) == date(
        2020, 1, 2
    )
    assert is_long_term_lot(LotOrigin.GIFT, gift, date(2025, 7, 1), donor_acquired=date(2020, 1, 2))


def test_gift_with_recent_donor_purchase_tacks_both_periods() -> None:
    # Donor bought 2025-01-15, gave 2025-03-01; the one-year mark runs from 2025-01-15.
    lot = (LotOrigin.GIFT, date(2025, 3, 1))
    assert not is_long_term_lot(*lot, date(2026, 1, 15), donor_acquired=date(2025, 1, 15))
    assert is_long_term_lot(*lot, date(2026, 1, 16), donor_acquired=date(2025, 1, 15))
    assert days_until_long_term_lot(*lot, date(2026, 1, 6), donor_acquired=date(2025, 1, 15)) == 10


def test_gift_loss_figured_from_fmv_counts_from_the_gift() -> None:
    # Donor basis 10,000, FMV at the gift 8,000, sold for 7,000: loss figured from 8,000
    # (§1015(a)), so the holding period starts at the gift.
    gift = date(2025, 6, 1)
    start = holding_period_start(
        LotOrigin.GIFT, gift, donor_acquired=date(2020, 1, 2), gift_loss_basis=True
    )
    assert start == gift
    assert not is_long_term_lot(
        LotOrigin.GIFT,
        gift,
        date(2025, 7, 1),
        donor_acquired=date(2020, 1, 2),
        gift_loss_basis=True,
    )


def test_gift_with_carryover_basis_needs_the_donor_date() -> None:
    with pytest.raises(ValueError, match="donor's acquisition date"):
        holding_period_start(LotOrigin.GIFT, date(2025, 6, 1))


def test_purchase_counts_from_its_trade_date() -> None:
    assert holding_period_start(LotOrigin.PURCHASE, date(2025, 6, 1)) == date(2025, 6, 1)
    assert not is_long_term_lot(LotOrigin.PURCHASE, date(2025, 6, 1), date(2026, 6, 1))
    assert is_long_term_lot(LotOrigin.PURCHASE, date(2025, 6, 1), date(2026, 6, 2))


# --- Properties, pinned at leap days and month ends.

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(acquired=DATES, offset=st.integers(min_value=0, max_value=800))
@example(acquired=date(2024, 2, 29), offset=365)  # sold 2025-02-28: the anniversary
@example(acquired=date(2024, 2, 29), offset=366)  # sold 2025-03-01
@example(acquired=date(2023, 2, 28), offset=366)  # sold 2024-02-29: the uncertain case
@example(acquired=date(2023, 3, 1), offset=366)  # sold 2024-03-01: 366 days, short-term
@example(acquired=date(2024, 2, 28), offset=366)  # sold 2025-03-01
def test_long_term_iff_sold_after_the_anniversary(acquired: date, offset: int) -> None:
    sold = acquired + timedelta(days=offset)
    assert is_long_term(acquired, sold) == (sold > one_year_anniversary(acquired))


@given(acquired=DATES, first=st.integers(0, 800), second=st.integers(0, 800))
@example(acquired=date(2024, 2, 29), first=365, second=366)
@example(acquired=date(2023, 2, 28), first=366, second=367)
def test_long_term_is_monotone_in_the_sale_date(acquired: date, first: int, second: int) -> None:
    earlier, later = sorted((first, second))
    if is_long_term(acquired, acquired + timedelta(days=earlier)):
        assert is_long_term(acquired, acquired + timedelta(days=later))


@given(acquired=DATES)
@example(acquired=date(2024, 2, 29))
@example(acquired=date(2023, 2, 28))
@example(acquired=date(2024, 1, 31))
def test_anniversary_is_a_calendar_year_later(acquired: date) -> None:
    anniversary = one_year_anniversary(acquired)
    assert (anniversary.year, anniversary.month) == (acquired.year + 1, acquired.month)
    assert 365 <= (anniversary - acquired).days <= 366
    month_end = (acquired + timedelta(days=1)).month != acquired.month
    if month_end:
        assert (anniversary + timedelta(days=1)).month != anniversary.month
    else:
        assert anniversary.day == acquired.day


@given(acquired=DATES, offset=st.integers(0, 800))
@example(acquired=date(2024, 2, 29), offset=0)
@example(acquired=date(2023, 2, 28), offset=366)
def test_days_until_long_term_lands_on_the_first_long_term_day(acquired: date, offset: int) -> None:
    as_of = acquired + timedelta(days=offset)
    days = days_until_long_term(acquired, as_of)
    assert is_long_term(acquired, as_of + timedelta(days=days))
    if days > 0:
        assert not is_long_term(acquired, as_of + timedelta(days=days - 1))
