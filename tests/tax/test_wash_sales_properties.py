"""Wash-sale invariants: the 61-day window's edges, no more disallowed than lost, basis kept."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from helpers.wash_households import TAXABLE, buy, household, sale
from trimtab.money import ZERO
from trimtab.tax.lots import OpenLot
from trimtab.tax.wash import WashKind, check_wash_sales
from trimtab.tax.wash.adjust import adjust_lots

SOLD = dt.date(2026, 6, 15)
TINY = Decimal("1e-20")
ACCOUNTS = TAXABLE + (
    "          - {id: A, acquired: 2025-01-06, quantity: 1000, cost: 20000}\n"
    "  - id: ira\n    type: roth_ira\n    owners: [bob]\n"
)
with tempfile.TemporaryDirectory() as folder:
    HOUSEHOLD = household(Path(folder), "2026-06-15", ACCOUNTS)


@given(st.integers(min_value=-45, max_value=45))
@example(-32)
@example(-31)
@example(-30)
@example(-29)
@example(29)
@example(30)
@example(31)
@example(32)
def test_a_purchase_washes_iff_within_30_days(offset: int) -> None:
    day = (SOLD + dt.timedelta(days=offset)).isoformat()
    report = check_wash_sales(
        HOUSEHOLD, [buy("B", day, 10)], [sale("A", SOLD.isoformat(), 10, "100", "2025-01-06")]
    )
    assert (report.washes[0].kind is WashKind.DEFERRED) is (abs(offset) <= 30)


purchases = st.lists(
    st.tuples(
        st.integers(min_value=-35, max_value=35),
        st.integers(min_value=1, max_value=60),
        st.booleans(),
    ),
    max_size=6,
)
losses = st.lists(
    st.tuples(
        st.integers(min_value=-20, max_value=20),
        st.integers(min_value=1, max_value=80),
        st.decimals(min_value=Decimal("0.01"), max_value=5000, places=2),
    ),
    min_size=1,
    max_size=4,
)


def _scenario(
    buys: list[tuple[int, int, bool]], sells: list[tuple[int, int, Decimal]]
) -> tuple[list, list]:  # type: ignore[type-arg]
    trades = [
        buy(f"B{i}", (SOLD + dt.timedelta(days=d)).isoformat(), q, "ira" if ira else "tax")
        for i, (d, q, ira) in enumerate(buys)
    ]
    sales = [
        sale(f"L{i}", (SOLD + dt.timedelta(days=d)).isoformat(), q, str(loss), "2025-01-06")
        for i, (d, q, loss) in enumerate(sells)
    ]
    return trades, sales


@given(purchases, losses)
def test_never_more_disallowed_than_the_loss_nor_shares_used_twice(
    buys: list[tuple[int, int, bool]], sells: list[tuple[int, int, Decimal]]
) -> None:
    trades, sales = _scenario(buys, sells)
    report = check_wash_sales(HOUSEHOLD, trades, sales)
    used: dict[str, Decimal] = {}
    for wash in report.washes:
        assert ZERO <= wash.disallowed <= wash.sale.loss
        assert wash.washed_quantity <= wash.sale.quantity
        assert wash.permanent <= wash.disallowed
        for use in wash.replacements:
            used[use.acquisition.id] = used.get(use.acquisition.id, ZERO) + use.quantity
    for t in trades:
        assert used.get(t.id, ZERO) <= t.quantity


@given(purchases, losses)
def test_basis_is_conserved_for_deferred_washes_and_not_raised_by_permanent_ones(
    buys: list[tuple[int, int, bool]], sells: list[tuple[int, int, Decimal]]
) -> None:
    trades, sales = _scenario(buys, sells)
    report = check_wash_sales(HOUSEHOLD, trades, sales)
    lots = [
        OpenLot(
            account=t.account,
            symbol=t.symbol,
            lot_id=t.id,
            acquired=t.date,
            holding_period_start=t.date,
            quantity=t.quantity,
            cost=t.value,
        )
        for t in trades
    ]
    adjusted, pending = adjust_lots(lots, report.washes)
    deferred = sum((w.disallowed - w.permanent for w in report.washes), ZERO)
    assert pending == ()
    assert sum((a.lot.quantity for a in adjusted), ZERO) == sum((x.quantity for x in lots), ZERO)
    after = sum((a.lot.cost for a in adjusted), ZERO)
    before = sum((x.cost for x in lots), ZERO)
    # exact up to Decimal's 28 significant digits (pro rata shares of a loss are divisions)
    assert abs(after - (before + deferred)) < TINY
