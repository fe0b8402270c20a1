"""The numbers an export states, held to the household file's bounds before anything is merged.

An export is untrusted: a cell of 5,000 digits (``<UNITS>111…1``) or ``1e24`` shares would be
written into the household file, where the file's reader refuses it (a number of more than
4,300 digits cannot be read back; one beyond the bounds of :mod:`trimtab.load.bounds` is
``number_too_large``). So each number of an extract is checked against the bound its field has
in the household file: shares (a holding's, a lot's, a trade's quantity) at most 1e10, a
price at most $1e7, cash and cost at most $1e12, in absolute value. A number beyond its bound
is an error at the export's row (``number_too_large``), and nothing is written.

Worked example: an OFX ``<POSSTOCK>`` of ``UNITS`` 1e24 is "1E+24 shares is beyond the bound of
10,000,000,000 shares" at the line of that position.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from trimtab.errors import Problem
from trimtab.importers.records import Extract
from trimtab.load.bounds import MAX_AMOUNT, MAX_PRICE, MAX_QUANTITY
from trimtab.source import Source

_WORDS = {MAX_QUANTITY: "shares", MAX_PRICE: "dollars a share", MAX_AMOUNT: "dollars"}


def number_problems(extract: Extract) -> tuple[Problem, ...]:
    """A problem for each number of ``extract`` beyond its bound, in the extract's order."""
    return tuple(
        _problem(source, field, value, bound)
        for source, field, value, bound in _numbers(extract)
        if value is not None and value.is_finite() and abs(value) > bound
    )


def _numbers(extract: Extract) -> Iterator[tuple[Source, str, Decimal | None, Decimal]]:
    for account in extract.accounts:
        yield account.account.source, "cash", account.cash, MAX_AMOUNT
        for h in account.holdings or ():
            yield h.source, "quantity", h.quantity, MAX_QUANTITY
            yield h.source, "price", h.price, MAX_PRICE
    for group in extract.lots:
        for lot in group.lots:
            yield lot.source, "quantity", lot.quantity, MAX_QUANTITY
            yield lot.source, "cost", lot.cost, MAX_AMOUNT
            yield lot.source, "wash_adjustment", lot.wash_adjustment, MAX_AMOUNT
    for trade in extract.trades:
        yield trade.source, "quantity", trade.quantity, MAX_QUANTITY
        yield trade.source, "price", trade.price, MAX_PRICE


def _problem(source: Source, field: str, value: Decimal, bound: Decimal) -> Problem:
    shown = f"{bound:,.0f} {_WORDS[bound]}"
    return Problem(
        source=source,
        field=source.field or field,
        kind="number_too_large",
        message=f"{_short(value)} {field} is beyond the bound of {shown}",
        expected=f"at most {shown} in absolute value (docs/household-format.md, Limits)",
    )


def _short(value: Decimal) -> str:
    text = format(value, "f")
    return text if len(text) <= 24 else f"{value:.6E}"
