"""Lot relief methods on one hand-built position (Reg. §1.1012-1(c), (e)).

The position (one symbol, one account):
    A  bought 2024-01-10  10 shares  cost 1,000  (100.00 a share)   long-term on 2026-12-01
    B  bought 2025-03-05  10 shares  cost 1,500  (150.00 a share)   long-term on 2026-12-01
    C  bought 2026-06-01  10 shares  cost 1,200  (120.00 a share)   short-term on 2026-12-01
Sale: 15 shares on 2026-12-01 for 1,950.00 net (130.00 a share).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab.model.enums import LotOrigin, ReliefMethod
from trimtab.tax.lots import OpenLot, sell_open_lot
from trimtab.tax.relief import (
    RELIEF_METHODS,
    Relief,
    SaleRequest,
    average_basis,
    min_tax_key,
    relieve,
)

D = Decimal
SOLD = date(2026, 12, 1)


def lot(lot_id: str, acquired: date, quantity: int, cost: str) -> OpenLot:
    return OpenLot(
        account="brokerage",
        symbol="VTI",
        lot_id=lot_id,
        acquired=acquired,
        holding_period_start=acquired,
        quantity=D(quantity),
        cost=D(cost),
    )


A = lot("A", date(2024, 1, 10), 10, "1000")
B = lot("B", date(2025, 3, 5), 10, "1500")
C = lot("C", date(2026, 6, 1), 10, "1200")
POSITION = (A, B, C)
SALE = SaleRequest(quantity=D(15), proceeds=D("1950"), sold=SOLD)


def outcome(relief: Relief) -> list[tuple[str, Decimal, Decimal, str]]:
    """(lot, shares, gain, term) of each pick, proceeds 130.00 a share."""
    rows = []
    for pick in relief.picks:
        sale = sell_open_lot(pick.lot, pick.quantity, pick.quantity * D(130), SOLD)
        rows.append(
            (pick.lot.lot_id, pick.quantity, sale.gain, "long" if sale.long_term else "short")
        )
    return rows


def test_every_method_is_in_the_table() -> None:
    assert set(RELIEF_METHODS) == set(ReliefMethod)


def test_fifo_takes_the_earliest_acquired() -> None:
    relief = relieve(ReliefMethod.FIFO, POSITION, SALE)
    assert outcome(relief) == [
        ("A", 10, D("300"), "long"),  # 1,300 − 1,000
        ("B", 5, D("-100"), "long"),  # 650 − 750 (5/10 of 1,500)
    ]
    # left: B 5 shares with 750 of basis, C untouched
    assert [(x.lot_id, x.quantity, x.cost) for x in relief.remaining] == [
        ("B", 5, D("750")),
        ("C", 10, D("1200")),
    ]


def test_lifo_takes_the_latest_acquired() -> None:
    relief = relieve(ReliefMethod.LIFO, POSITION, SALE)
    assert outcome(relief) == [
        ("C", 10, D("100"), "short"),  # 1,300 − 1,200, held since 2026-06-01
        ("B", 5, D("-100"), "long"),  # 650 − 750
    ]


def test_hifo_takes_the_highest_cost_per_share() -> None:
    relief = relieve(ReliefMethod.HIFO, POSITION, SALE)
    assert outcome(relief) == [
        ("B", 10, D("-200"), "long"),  # 150 a share: 1,300 − 1,500
        ("C", 5, D("50"), "short"),  # 120 a share: 650 − 600
    ]


def test_specific_id_takes_the_named_lots_in_order() -> None:
    request = SaleRequest(quantity=D(15), proceeds=D("1950"), sold=SOLD, lot_ids=("C", "A"))
    relief = relieve(ReliefMethod.SPECIFIC_ID, POSITION, request)
    assert outcome(relief) == [
        ("C", 10, D("100"), "short"),  # 1,300 − 1,200
        ("A", 5, D("150"), "long"),  # 650 − 500
    ]


def test_min_tax_sells_losses_then_long_gains_then_short_gains() -> None:
    relief = relieve(ReliefMethod.MIN_TAX, POSITION, SALE)
    # B is a long-term loss (group 2), A a long-term gain (group 4), C a short-term gain (5)
    assert outcome(relief) == [
        ("B", 10, D("-200"), "long"),
        ("A", 5, D("150"), "long"),  # 650 − 500
    ]  # total −50 long-term: less than any other method


def test_min_tax_group_order_and_tax_per_dollar() -> None:
    # Sold at 130.00 on 2026-12-01; each lot 10 shares, proceeds 1,300.
    short_loss = lot("SL", date(2026, 5, 1), 10, "1400")  # −100 short
    long_loss_small = lot("LL1", date(2020, 1, 2), 10, "1350")  # −50 long: −0.0385 a dollar
    long_loss_big = lot("LL2", date(2020, 1, 3), 10, "1450")  # −150 long: −0.1154 a dollar
    zero = lot("Z", date(2026, 5, 2), 10, "1300")  # 0
    long_gain = lot("LG", date(2020, 1, 4), 10, "1000")  # +300 long
    short_gain = lot("SG", date(2026, 5, 3), 10, "1290")  # +10 short
    position = (short_gain, long_gain, zero, long_loss_small, long_loss_big, short_loss)
    request = SaleRequest(quantity=D(60), proceeds=D("7800"), sold=SOLD)
    relief = relieve(ReliefMethod.MIN_TAX, position, request)
    assert [p.lot.lot_id for p in relief.picks] == ["SL", "LL2", "LL1", "Z", "LG", "SG"]
    # the key of the big long-term loss: group 1, gain per dollar raised −150 / 1,300
    assert min_tax_key(long_loss_big, request) == (1, D(-150) / D(1300))


def test_average_cost_deems_the_first_acquired_sold_at_the_average_basis() -> None:
    relief = relieve(ReliefMethod.AVERAGE, POSITION, SALE)
    basis = D(3700) / D(30)  # 123.333… a share
    assert average_basis(POSITION) == basis
    # deemed lots, first acquired first, each restated to the average: 10 × 123.33… = 1,233.33…
    assert [(p.lot.lot_id, p.quantity, p.lot.cost) for p in relief.picks] == [
        ("A", 10, basis * 10),
        ("B", 5, basis * 10),  # 5 of B's 10 shares
    ]
    gains = [g for _, _, g, _ in outcome(relief)]
    # 1,300 − 1,233.33… = 66.67 and 650 − 616.67 = 33.33: together 1,950 − 15 × 123.33… = 100
    assert sum(gains).quantize(D("0.01")) == D("100.00")
    assert [round(g, 2) for g in gains] == [D("66.67"), D("33.33")]
    # the 15 shares left keep the average basis: B 5 → 616.67, C 10 → 1,233.33
    assert [(x.lot_id, x.quantity, round(x.cost, 2)) for x in relief.remaining] == [
        ("B", 5, D("616.67")),
        ("C", 10, D("1233.33")),
    ]


def test_ties_keep_the_earlier_acquired_then_file_order() -> None:
    first = lot("F1", date(2025, 1, 2), 5, "500")
    second = lot("F2", date(2025, 1, 2), 5, "500")
    request = SaleRequest(quantity=D(5), proceeds=D("650"), sold=SOLD)
    assert relieve(ReliefMethod.FIFO, (first, second), request).picks[0].lot.lot_id == "F1"
    assert relieve(ReliefMethod.HIFO, (first, second), request).picks[0].lot.lot_id == "F1"
    assert relieve(ReliefMethod.LIFO, (first, second), request).picks[0].lot.lot_id == "F2"


def test_a_gift_sold_between_its_bases_is_a_no_gain_lot_for_min_tax() -> None:
    # donor's basis 1,500, value at the gift 1,200; sold for 1,300: between → no gain, no loss
    gift = replace(
        lot("G", date(2026, 3, 1), 10, "1500"),
        origin=LotOrigin.GIFT,
        donor_acquired=date(2019, 1, 2),
        fmv_at_gift=D("1200"),
        holding_period_start=date(2019, 1, 2),
    )
    short_gain = lot("SG", date(2026, 5, 3), 10, "1290")  # +10 short
    request = SaleRequest(quantity=D(10), proceeds=D("1300"), sold=SOLD)
    assert min_tax_key(gift, request) == (2, D(0))
    assert relieve(ReliefMethod.MIN_TAX, (short_gain, gift), request).picks[0].lot.lot_id == "G"


def test_selling_more_than_the_lots_hold_is_a_bug_not_a_result() -> None:
    with pytest.raises(ValueError, match="the sale needs 31"):
        relieve(ReliefMethod.FIFO, POSITION, SaleRequest(quantity=D(31), proceeds=D(1), sold=SOLD))


@given(
    quantity=st.decimals(min_value=D("0.001"), max_value=D(30), places=3),
    method=st.sampled_from([m for m in ReliefMethod if m is not ReliefMethod.SPECIFIC_ID]),
)
@example(quantity=D(30), method=ReliefMethod.AVERAGE)
@example(quantity=D(10), method=ReliefMethod.FIFO)
def test_shares_and_basis_are_conserved(quantity: Decimal, method: ReliefMethod) -> None:
    request = SaleRequest(quantity=quantity, proceeds=quantity * 130, sold=SOLD)
    relief = relieve(method, POSITION, request)
    sold = sum((p.quantity for p in relief.picks), D(0))
    left = sum((x.quantity for x in relief.remaining), D(0))
    assert sold == quantity and sold + left == 30
    basis_sold = sum((p.lot.cost * p.quantity / p.lot.quantity for p in relief.picks), D(0))
    basis_left = sum((x.cost for x in relief.remaining), D(0))
    assert abs(basis_sold + basis_left - 3700) < D("1e-20")
