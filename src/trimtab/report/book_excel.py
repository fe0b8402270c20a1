"""``book.xlsx``: the book's drift monitor, totals and block orders as a workbook (XlsxWriter).

Three sheets: Monitor (one row per household, sorted by need), Totals, Block orders (one row
per allocation). Numbers are written as numbers (money to the cent, percent points, shares);
text from the input is written as text, never as a formula. The workbook's creation date is the
book's latest ``as_of`` (not the clock), so the same book gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from trimtab.money import round_money, round_percent, round_shares
from trimtab.report.block_trades import block_orders
from trimtab.report.book_records import BookSummary, HouseholdResult
from trimtab.report.excel import FastWorksheet

MONITOR_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Household", "text", 28),
    ("Folder", "text", 24),
    ("Status", "text", 10),
    ("Failure", "text", 12),
    ("As of", "text", 11),
    ("Value", "money", 16),
    ("Largest breach (points)", "percent", 12),
    ("Classes outside", "text", 28),
    ("Cash due", "money", 14),
    ("RMD due", "money", 14),
    ("Harvestable losses", "money", 14),
    ("Trades", "int", 8),
    ("Turnover", "money", 16),
    ("Tax", "money", 14),
    ("Costs", "money", 12),
    ("Warnings", "int", 9),
    ("Message", "text", 60),
)


def _monitor_row(r: HouseholdResult) -> list[Any]:
    m = r.monitor
    return [
        r.name or r.file,
        r.key,
        r.status.value,
        "" if r.failure is None else r.failure.value,
        "" if r.as_of is None else r.as_of.isoformat(),
        round_money(m.total_value),
        round_percent(m.max_breach),
        ", ".join(m.classes_outside),
        round_money(m.cash_due),
        round_money(m.rmd_due),
        round_money(m.harvestable),
        len(r.trades),
        round_money(r.turnover),
        round_money(r.tax),
        round_money(r.costs),
        len(r.warnings),
        r.message,
    ]


def _write_table(
    ws: Worksheet,
    columns: Sequence[tuple[str, str, int]],
    rows: Sequence[Sequence[Any]],
    formats: dict[str, Any],
) -> None:
    # XlsxWriter's undecorated writers (the public ones only add "A1" notation parsing, a
    # fifth of the workbook's time for a book of thousands; row and column are numbers here)
    write_string, write_number = ws._write_string, ws._write_number
    for col, (title, _, width) in enumerate(columns):
        write_string(0, col, title, formats["header"])
        ws.set_column(col, col, width)
    kinds = [formats[kind] for _, kind, _ in columns]
    whole, text = formats["int"], formats["text"]
    for row, values in enumerate(rows, start=1):
        for col, (value, fmt) in enumerate(zip(values, kinds, strict=True)):
            if isinstance(value, int):
                write_number(row, col, value, whole)
            elif isinstance(value, Decimal):
                write_number(row, col, float(value), fmt)
            else:
                write_string(row, col, str(value), text)
    ws.freeze_panes(1, 0)


def _totals_rows(summary: BookSummary) -> list[list[Any]]:
    t = summary.totals
    rows: list[list[Any]] = [
        ["Households", t.households],
        ["Failed", t.failed],
        ["Planned", t.planned],
    ]
    rows += [[f"Status: {s.value}", n] for s, n in t.by_status]
    rows += [
        ["Trades", t.trades],
        ["Turnover", round_money(t.turnover)],
        ["Tax (estimated)", round_money(t.tax)],
        ["Transaction costs", round_money(t.costs)],
    ]
    return rows


ORDER_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Order", "text", 8),
    ("Custodian", "text", 11),
    ("Action", "text", 7),
    ("Symbol", "text", 9),
    ("Order shares", "shares", 14),
    ("Household", "text", 24),
    ("Account", "text", 14),
    ("Account number", "text", 16),
    ("Shares", "shares", 14),
    ("Reference price", "money", 12),
    ("Trade", "text", 7),
)


def _order_rows(summary: BookSummary) -> list[list[Any]]:
    return [
        [
            o.id,
            o.custodian,
            o.action.value,
            o.symbol,
            round_shares(o.quantity),
            a.household,
            a.trade.account,
            a.trade.account_number,
            round_shares(a.quantity),
            round_money(a.trade.price),
            a.trade.trade_id,
        ]
        for o in block_orders(summary)
        for a in o.allocations
    ]


def _created(summary: BookSummary) -> dt.datetime:
    dates = [r.as_of for r in summary.results if r.as_of is not None]
    return dt.datetime.combine(max(dates, default=dt.date(2000, 1, 1)), dt.time())


def book_workbook(summary: BookSummary) -> bytes:
    """The ``book.xlsx`` workbook of a book run, as bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {"title": "trimtab book", "author": "trimtab", "created": _created(summary)}
    )
    formats = {
        "text": workbook.add_format({"valign": "top"}),
        "header": workbook.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#DDE4EE", "text_wrap": True}
        ),
        "money": workbook.add_format({"num_format": "#,##0.00", "valign": "top"}),
        "percent": workbook.add_format({"num_format": "0.0000", "valign": "top"}),
        "shares": workbook.add_format({"num_format": "#,##0.######", "valign": "top"}),
        "int": workbook.add_format({"num_format": "0", "valign": "top"}),
    }
    monitor = [_monitor_row(r) for r in summary.by_need]
    _write_table(
        workbook.add_worksheet("Monitor", worksheet_class=FastWorksheet),
        MONITOR_COLUMNS,
        monitor,
        formats,
    )
    totals = workbook.add_worksheet("Totals", worksheet_class=FastWorksheet)
    _write_table(
        totals, (("Total", "text", 24), ("Value", "money", 18)), _totals_rows(summary), formats
    )
    orders = workbook.add_worksheet("Block orders", worksheet_class=FastWorksheet)
    _write_table(orders, ORDER_COLUMNS, _order_rows(summary), formats)
    workbook.close()
    return buffer.getvalue()
