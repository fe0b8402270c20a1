"""A lot's state the short way (purchases and inheritances) is its state by the sale rules.

`lot_state` values a bought or inherited lot without figuring a whole sale (one basis, the
holding period from the acquisition); gifts still go through the dual-basis sale. Either way
the state must be what :func:`trimtab.tax.basis.sell_from_lot` says, to the digit, at the legal
edges: the anniversary and the day after, month ends, leap days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab import load_household
from trimtab.analysis.state import LotState, household_state, lot_state
from trimtab.model.enums import LotOrigin
from trimtab.model.household import Lot
from trimtab.tax.basis import days_to_long_term, sell_from_lot

AS_OF = dt.date(2026, 11, 24)


def _by_sale_rules(lot: Lot, unit_price: Decimal, as_of: dt.date) -> LotState:
    """The state as figured before the short way: a sale of the whole lot on ``as_of``."""
    value = lot.quantity * unit_price
    sale = sell_from_lot(lot, lot.quantity, value, as_of)
    return LotState(
        lot_id=lot.id,
        acquired=lot.acquired,
        origin=lot.origin,
        holding_period_start=sale.holding_period_start,
        quantity=lot.quantity,
        cost=lot.cost,
        market_value=value,
        unrealized_gain=sale.gain,
        long_term=sale.long_term,
        days_to_long_term=days_to_long_term(lot, as_of, loss=sale.gain < 0),
    )


def _lot(origin: LotOrigin, acquired: dt.date, quantity: str, cost: str) -> Lot:
    gift = origin is LotOrigin.GIFT
    return Lot(
        id="L1",
        acquired=acquired,
        quantity=Decimal(quantity),
        cost=Decimal(cost),
        origin=origin,
        donor_acquired=acquired - dt.timedelta(days=200) if gift else None,
        fmv_at_gift=Decimal(cost) * Decimal("0.8") if gift else None,
    )


@given(
    origin=st.sampled_from(LotOrigin),
    days=st.integers(min_value=0, max_value=3000),
    quantity=st.decimals(min_value=Decimal("0.001"), max_value=10**6, places=3),
    cost=st.decimals(min_value=0, max_value=10**7, places=2),
    price=st.decimals(min_value=Decimal("0.01"), max_value=10**4, places=4),
)
@example(
    origin=LotOrigin.PURCHASE, days=365, quantity=Decimal(10), cost=Decimal(1), price=Decimal(1)
)
@example(
    origin=LotOrigin.PURCHASE, days=366, quantity=Decimal(10), cost=Decimal(1), price=Decimal(1)
)
@example(
    origin=LotOrigin.INHERITANCE, days=0, quantity=Decimal(1), cost=Decimal(9), price=Decimal(1)
)
@example(origin=LotOrigin.GIFT, days=30, quantity=Decimal(3), cost=Decimal(900), price=Decimal(1))
def test_the_short_way_is_the_sale_of_the_whole_lot(
    origin: LotOrigin, days: int, quantity: Decimal, cost: Decimal, price: Decimal
) -> None:
    lot = _lot(origin, AS_OF - dt.timedelta(days=days), str(quantity), str(cost))
    assert repr(lot_state(lot, price, AS_OF)) == repr(_by_sale_rules(lot, price, AS_OF))


@pytest.mark.parametrize(
    ("acquired", "as_of"),
    [
        ("2024-02-29", "2025-02-28"),  # leap day: the anniversary is the month's last day
        ("2024-02-29", "2025-03-01"),
        ("2023-02-28", "2024-02-29"),
        ("2025-01-31", "2026-01-31"),
        ("2025-01-31", "2026-02-01"),
        ("2025-11-24", "2026-11-24"),
        ("2025-11-24", "2026-11-25"),
    ],
)
@pytest.mark.parametrize("origin", list(LotOrigin))
def test_the_short_way_at_the_anniversary(origin: LotOrigin, acquired: str, as_of: str) -> None:
    lot = _lot(origin, dt.date.fromisoformat(acquired), "7", "700.00")
    day = dt.date.fromisoformat(as_of)
    for price in (Decimal(50), Decimal(100), Decimal(150)):
        assert repr(lot_state(lot, price, day)) == repr(_by_sale_rules(lot, price, day))


def test_a_lot_bought_after_the_day_is_refused_either_way() -> None:
    lot = _lot(LotOrigin.PURCHASE, AS_OF + dt.timedelta(days=1), "1", "10")
    with pytest.raises(ValueError, match="before the acquisition date"):
        _by_sale_rules(lot, Decimal(10), AS_OF)
    with pytest.raises(ValueError, match="before the acquisition date"):
        lot_state(lot, Decimal(10), AS_OF)


def test_the_households_state_is_figured_once_per_household(example_path: Path) -> None:
    household = load_household(example_path)
    state = household_state(household)
    assert household_state(household) is state
    twin = dataclasses.replace(household)
    assert household_state(twin) is not state
    assert household_state(twin) == state
