"""Decimal helpers: money is Decimal outside the optimizer; rounding only at output.

Rounding is half-up (the way people round money by hand): cents for money, six
places for shares, four for percents.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.000001")
PERCENT_PLACES = Decimal("0.0001")


def to_decimal(value: object) -> Decimal:
    """A Decimal from an int, str, Decimal or float (floats through their repr, never binary)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int | str):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"not a number: {value!r}")


def round_money(value: Decimal) -> Decimal:
    """Round to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_shares(value: Decimal) -> Decimal:
    """Round to six places of a share, half up."""
    return value.quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)


def round_percent(value: Decimal) -> Decimal:
    """Round a percent to four places, half up."""
    return value.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """Money as the JSON string of its rounded value, e.g. '1234.50'."""
    return str(round_money(value))


def shares_str(value: Decimal) -> str:
    """Shares as the JSON string of their rounded value, trailing zeros kept to six places."""
    return str(round_shares(value))


def percent_str(value: Decimal) -> str:
    """A percent as the JSON string of its rounded value."""
    return str(round_percent(value))


def dollars_text(value: Decimal) -> str:
    """Dollars for reading, to the cent rounded half-up, a minus before the sign: '−$0.44',
    '$1,234.50'."""
    rounded = round_money(value)
    return f"{'−' if rounded < 0 else ''}${abs(rounded):,.2f}"


def shares_text(value: Decimal) -> str:
    """Shares for reading, with thousands separators, up to six places, trailing zeros
    dropped: '1,501', '424.936906'."""
    text = f"{round_shares(value):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_text(value: Decimal, *, signed: bool = False) -> str:
    """A percent for reading, two places rounded half-up from the exact value: '35.13' (with
    ``signed``, '+35.13' / '-0.25')."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    rounded = abs(rounded) if rounded == 0 else rounded  # never '-0.00'
    return f"+{rounded}" if signed and rounded >= 0 else str(rounded)
