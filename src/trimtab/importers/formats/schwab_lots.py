"""Schwab Lot Details CSV: the open lots of one symbol in one account (custodian-formats.md §1b).

Downloaded per security from the Positions page (the holding's quantity or cost basis, then
lot details, then export). Layout: a quoted title ``"SCHA Lot Details for XXXX-4321 as of
02:45 AM ET, 09/25/2020"`` naming symbol, account and date; a blank line; the header ``Open
Date, Quantity, Price, Cost/Share, Market Value, Cost Basis, Gain/Loss $, Gain/Loss %, Holding
Period`` (trailing comma); one row per lot; a ``"Total"`` footer row.

Each row becomes a lot: ``Open Date`` (``09/24/2020 13:42:07``: the date part) is ``acquired``,
``Quantity`` the shares and ``Cost Basis`` the lot's total ``cost``. The footer is not
trusted (public fixtures show totals that do not add up); the lots are checked against the
position of a positions export instead (:mod:`trimtab.importers.resolve`). Confirmed for the 2020
layout only; the current site's all-lots "Unrealized Gain/Loss" export is unconfirmed and not
read (docs/importers.md).

Sources: jbms/beancount-import ``testdata/source/schwab_csv/test_lots/positions/lots/
2020-09-25/SCHA.csv`` (and sibling files); the lot parser in
``beancount_import/source/schwab_csv.py``.
"""

from __future__ import annotations

import re

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    problem,
    required_date,
    required_number,
    split_account,
    wrong_format,
)
from trimtab.importers.formats.common import title_text as _title_text
from trimtab.importers.records import ExportLot, ExportLots, Extract, Format
from trimtab.importers.text.csvread import (
    Columns,
    ColumnSpec,
    ExportText,
    Record,
    aliases,
    bind,
    fold,
)
from trimtab.importers.text.values import date_at_end

TITLE = re.compile(r"^(?P<symbol>\S+) Lot Details for (?P<account>.+?) as of ", re.I)

SPEC = ColumnSpec(
    required={
        "open_date": aliases("Open Date"),
        "quantity": aliases("Quantity", "Qty"),
        "cost_basis": aliases("Cost Basis"),
    },
    optional={"holding_period": aliases("Holding Period")},
)


def is_schwab_lots(export: ExportText) -> bool:
    """The first non-blank line is a ``<SYMBOL> Lot Details for`` title."""
    first = next((r for r in export.records if not r.blank), None)
    return first is not None and TITLE.match(_title_text(first)) is not None


def read_schwab_lots(export: ExportText) -> Extract:
    """The lots of a Schwab Lot Details export."""
    records = [r for r in export.records if not r.blank]
    match = TITLE.match(_title_text(records[0])) if records else None
    if match is None:
        wrong = wrong_format(export, "Schwab lot details export")
        return Extract(file=export.file, format=Format.SCHWAB_LOTS, problems=(wrong,))
    title = records[0]
    problems: list[Problem] = []
    as_of = date_at_end(_title_text(title))
    title_place = export.source(title.line, 1, "(title)")
    if as_of is None:
        problems.append(problem(title_place, "not_a_date", "the title line ends with no date"))
    lots = _read_lots(export, records[1:], problems)
    return Extract(
        file=export.file,
        format=Format.SCHWAB_LOTS,
        as_of=as_of,
        as_of_source=title_place,
        lots=(
            ExportLots(
                account=split_account(match.group("account"), title_place),
                symbol=match.group("symbol").upper(),
                lots=lots,
            ),
        )
        if lots is not None
        else (),
        problems=tuple(problems),
    )


def _read_lots(
    export: ExportText, records: list[Record], problems: list[Problem]
) -> tuple[ExportLot, ...] | None:
    if not records:
        problems.append(_no_header(export, None))
        return None
    columns = bind(export, records[0], SPEC)
    if isinstance(columns, Problem):
        problems.append(columns)
        return None
    out: list[ExportLot] = []
    for record in records[1:]:
        if "total" in (fold(record.first), fold(columns.get(record, "open_date"))):
            break
        lot = _read_lot(export, columns, record, problems)
        if lot is not None:
            out.append(lot)
    return tuple(out)


def _no_header(export: ExportText, record: Record | None) -> Problem:
    return problem(
        export.source(record.line if record else 1, 1, "(header)"),
        "missing_header",
        "no header row after the title",
        "a header row naming `Open Date`, `Quantity` and `Cost Basis` (in any order)",
    )


def _read_lot(
    export: ExportText, columns: Columns, record: Record, problems: list[Problem]
) -> ExportLot | None:
    acquired = required_date(export, columns, record, "open_date", problems)
    quantity = required_number(export, columns, record, "quantity", problems)
    cost = required_number(export, columns, record, "cost_basis", problems)
    if acquired is None or quantity is None or cost is None:
        return None
    if quantity <= 0 or cost < 0:
        column = "quantity" if quantity <= 0 else "cost_basis"
        problems.append(
            problem(
                columns.place(export, record, column),
                "not_positive",
                f"a lot of {quantity} shares costing {cost}",
                "a quantity > 0 and a cost ≥ 0",
            )
        )
        return None
    return ExportLot(
        acquired=acquired,
        quantity=quantity,
        cost=cost,
        source=columns.place(export, record, "open_date"),
    )
