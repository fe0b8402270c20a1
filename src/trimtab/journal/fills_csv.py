"""The CSV of executions ``trimtab journal executed RUN --fills FILE`` reads.

Columns (a header row, in any order): ``trade`` (the plan's trade id, P1…), ``quantity``,
``price``, and ``date`` (YYYY-MM-DD; may be left out when ``--date`` is given). Each mistake is
a :class:`~trimtab.errors.Problem` naming the file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from trimtab.errors import Problem
from trimtab.journal.runs import Fill
from trimtab.load.limits import MAX_FILL_ROWS, too_many_fills
from trimtab.source import Source

REQUIRED = ("trade", "quantity", "price")


def read_fills(
    name: str, text: str, *, default_date: dt.date | None
) -> tuple[tuple[Fill, ...], tuple[Problem, ...]]:
    """The fills of a CSV of executions and every problem found (no fills when any)."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    missing = [c for c in REQUIRED if c not in header]
    if "date" not in header and default_date is None:
        missing.append("date")
    if missing:
        source = Source(file=name, line=1, column=1, field="header")
        message = f"missing column(s) {', '.join(missing)}"
        return (), (
            Problem(
                source=source,
                field="header",
                kind="fills_header",
                message=message,
                expected="trade,quantity,price,date",
            ),
        )
    reader.fieldnames = header
    fills: list[Fill] = []
    problems: list[Problem] = []
    for count, row in enumerate(reader):
        if count >= MAX_FILL_ROWS:
            return (), (too_many_fills(name, reader.line_num),)
        fill, found = _fill(name, reader.line_num, header, row, default_date)
        problems.extend(found)
        if fill is not None:
            fills.append(fill)
    return (() if problems else tuple(fills)), tuple(problems)


def _fill(
    name: str,
    line: int,
    header: list[str],
    row: dict[str, str],
    default_date: dt.date | None,
) -> tuple[Fill | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str, expected: str) -> None:
        source = Source(file=name, line=line, column=header.index(column) + 1, field=column)
        problems.append(
            Problem(
                source=source, field=column, kind="fills_value", message=message, expected=expected
            )
        )

    trade = (row.get("trade") or "").strip().upper()
    if not trade:
        problem("trade", "no trade id", "a trade id of the run, e.g. P1")
    quantity = _decimal(row.get("quantity"))
    if quantity is None or quantity <= 0:
        problem("quantity", f"{row.get('quantity')!r} is not a positive number", "shares > 0")
    price = _decimal(row.get("price"))
    if price is None or price <= 0:
        problem("price", f"{row.get('price')!r} is not a positive number", "a price > 0")
    date = _date(row.get("date")) if (row.get("date") or "").strip() else default_date
    if date is None:
        problem("date", f"{row.get('date')!r} is not a date", "YYYY-MM-DD")
    if problems or quantity is None or price is None or date is None:
        return None, problems
    return Fill(trade=trade, date=date, quantity=quantity, price=price), []


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal((text or "").strip().replace(",", "").lstrip("$"))
    except InvalidOperation:
        return None


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
