"""Rounding is half-up and happens only at output."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from trimtab.money import money_str, percent_str, percent_text, round_money, shares_str, to_decimal


def test_half_up_at_each_precision() -> None:
    assert money_str(Decimal("2.345")) == "2.35"  # half-up, where banker's rounding gives 2.34
    assert money_str(Decimal("-2.345")) == "-2.35"
    assert shares_str(Decimal("1.0000005")) == "1.000001"
    assert percent_str(Decimal("12.34565")) == "12.3457"


def test_floats_enter_through_their_shortest_repr() -> None:
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(73.10) == Decimal("73.1")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6))
def test_rounding_moves_at_most_half_a_cent(value: Decimal) -> None:
    assert abs(round_money(value) - value) <= Decimal("0.005")


def test_percent_text_rounds_half_up_from_the_exact_value() -> None:
    # 1.125 is a tie: half-up gives 1.13 (half-even would give 1.12); 1.12499 is not a tie
    assert percent_text(Decimal("1.125")) == "1.13"
    assert percent_text(Decimal("1.12499")) == "1.12"
    assert percent_text(Decimal("-1.125"), signed=True) == "-1.13"
    assert percent_text(Decimal("0.5"), signed=True) == "+0.50"
    assert percent_text(Decimal("-0.001"), signed=True) == "+0.00"
