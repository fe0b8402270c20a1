"""Cell values of custodian exports: money, quantities, percents and dates, read exactly.

Exports write numbers for people, not for programs: ``$1,234.56``, ``-$1.00``, ``$-1.00``,
``(12.50)``, ``+2.3%``, ``"$12.00 "``, and ``--``, ``N/A``, ``n/a`` or an empty cell for "not
applicable" (../shared/reference/custodian-formats.md §1a, §2a). Every parser here returns a
:class:`~decimal.Decimal` or a date, ``None`` for a not-applicable cell, or an :class:`Invalid`
saying what it expected; none raises and none goes through a binary float.

Dates come as ``09/24/2020``, ``9/23/2020``, ``09/24/2020 13:42:07``, ``2025/05/04``,
``2025-05-04``, ``Apr-22-2026`` and Schwab's ``04/17/2023 as of 04/15/2023``, where the date
after ``as of`` is the effective (trade) date and is the one returned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NOT_APPLICABLE = frozenset({"", "-", "--", "n/a", "na", "none"})
"""Cell texts meaning "no value" (compared lower-cased)."""

_DIGITS = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$|^\.\d+$")
_DATE_FORMATS = ("%m/%d/%Y", "%Y/%m/%d", "%Y-%m-%d", "%b-%d-%Y", "%m/%d/%y", "%d-%b-%Y")
_AS_OF = re.compile(r"\bas\s+of\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Invalid:
    """A cell that could not be read.

    text: the cell as it was.
    expected: what a valid cell looks like, for the problem's ``expected``.
    """

    text: str
    expected: str


def is_not_applicable(text: str) -> bool:
    """True for ``--``, ``N/A``, ``n/a`` and empty cells."""
    return text.strip().lower() in NOT_APPLICABLE


def parse_number(text: str, *, percent: bool = False) -> Decimal | Invalid | None:
    """A signed amount: ``$1,234.56``, ``-$1.00``, ``$-1.00``, ``(12.50)``, ``+2.3%``."""
    expected = "a percent such as +2.3%" if percent else "a number such as $1,234.56 or -12.5"
    body = text.strip()
    if body.lower() in NOT_APPLICABLE:
        return None
    negative, body = _parentheses(body)
    sign, body = _sign(body)
    body = body.removeprefix("$").strip()
    inner_sign, body = _sign(body)
    if percent:
        body = body.removesuffix("%").strip()
    if not _DIGITS.match(body) or (sign and inner_sign):
        return Invalid(text=text, expected=expected)
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation:
        return Invalid(text=text, expected=expected)
    if negative or "-" in (sign, inner_sign):
        value = -value
    return value


def _parentheses(body: str) -> tuple[bool, str]:
    if len(body) >= 2 and body[0] == "(" and body[-1] == ")":
        return True, body[1:-1].strip()
    return False, body


def _sign(body: str) -> tuple[str, str]:
    if body[:1] in {"+", "-"}:
        return body[0], body[1:].strip()
    return "", body


def parse_date(text: str) -> dt.date | Invalid | None:
    """A date in any of the export formats; for ``A as of B`` the effective date B."""
    body = text.strip()
    if body.lower() in NOT_APPLICABLE:
        return None
    parts = _AS_OF.split(body)
    body = parts[-1].strip()
    head = body.split()[0] if body.split() else ""
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(head, form).date()
        except ValueError:
            continue
    return Invalid(text=text, expected="a date such as 09/24/2020, 2025/05/04 or Apr-22-2026")


def date_at_end(text: str) -> dt.date | None:
    """The date that ends a title such as ``... as of 02:45 AM ET, 09/25/2020`` (None if none)."""
    tail = re.split(r"[,\s]+", text.strip().strip('"'))
    for token in reversed(tail):
        value = parse_date(token)
        if isinstance(value, dt.date):
            return value
    return None
