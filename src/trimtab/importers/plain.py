"""Compare plain household data the way the household file means it.

The household file as read by :mod:`trimtab.load.tree` holds numbers as Decimal or int and dates
as text; imported data holds Decimals and dates. ``120``, ``120.0`` and ``Decimal("120.00")``
are one quantity; ``"2019-03-04"`` and ``date(2019, 3, 4)`` one date. An unchanged entry is
written back byte for byte, so these comparisons decide what the import touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any


def normal(value: Any) -> Any:
    """A value in a form that compares as the file means it."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return _number(value)
    if isinstance(value, Mapping):
        return {str(k): normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normal(v) for v in value]
    return str(value)


def _number(value: int | Decimal | float) -> Decimal | str:
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)


def same(a: Any, b: Any) -> bool:
    """True when two plain values mean the same in a household file."""
    return bool(normal(a) == normal(b))


def agrees(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """True when ``old`` has every key of ``new`` with the same value (it may have more)."""
    return all(k in old and same(old[k], v) for k, v in new.items())


def decimal_or_none(value: Any) -> Decimal | None:
    """A number of the file as a Decimal (None when it is not a number)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
