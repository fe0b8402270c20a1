"""The book's own files: book.json against its schema, the workbook's sheets, the page's
escaping; the monitor's order by need."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import jsonschema
import openpyxl

from trimtab.book import book_files
from trimtab.model.enums import TradeAction
from trimtab.report.book_records import (
    BookSummary,
    BookTrade,
    FailureKind,
    HouseholdResult,
    HouseholdStatus,
    Monitor,
)
from trimtab.report.json.schemas import SCHEMAS

TRADE = BookTrade(
    trade_id="P1",
    account="=cmd",
    account_number="123",
    custodian="",
    action=TradeAction.SELL,
    symbol="BND",
    quantity=Decimal("4.5"),
    price=Decimal(75),
    amount=Decimal("337.5"),
)
SUMMARY = BookSummary(
    results=(
        HouseholdResult(
            key="a",
            file="a.yaml",
            name="<b>A</b>",
            as_of=dt.date(2026, 11, 24),
            status=HouseholdStatus.OUTSIDE,
            monitor=Monitor(classes_outside=("ig_bonds",), max_breach=Decimal("2.5")),
            planned=True,
            trades=(TRADE,),
        ),
        HouseholdResult(
            key="b",
            file="b.yaml",
            name="B",
            as_of=dt.date(2026, 11, 25),
            status=HouseholdStatus.OUTSIDE,
            monitor=Monitor(classes_outside=("tips",), max_breach=Decimal(4)),
        ),
        HouseholdResult(
            key="c",
            file="c.yaml",
            name="C",
            status=HouseholdStatus.CASH_DUE,
            monitor=Monitor(cash_due=Decimal(10000)),
        ),
        HouseholdResult(
            key="d",
            file="d.yaml",
            status=HouseholdStatus.FAILED,
            failure=FailureKind.INFEASIBLE,
            message="no feasible plan",
        ),
    )
)


def test_need_order_failed_then_breach_then_cash() -> None:
    # the module's example: B breaches by 4 points, A by 2.5, C is inside with cash due
    assert [r.key for r in SUMMARY.by_need] == ["d", "b", "a", "c"]


def test_book_json_matches_its_schema_and_totals() -> None:
    files = dict(book_files(SUMMARY))
    document = json.loads(files["book.json"])
    jsonschema.validate(document, SCHEMAS["book"]())
    assert document["totals"]["by_status"] == {
        "failed": 1,
        "outside": 2,
        "cash_due": 1,
        "rmd_due": 0,
        "inside": 0,
    }
    assert document["totals"]["turnover"] == "337.50"
    assert [o["quantity"] for o in document["block_orders"]] == ["4.500000"]
    # an account without a custodian: only the all-orders file, its text neutralized
    assert "block-trades.csv" in files and not any(n.startswith("block-trades-") for n in files)
    assert b",'=cmd," in files["block-trades.csv"]


def test_the_workbook_and_the_page() -> None:
    files = dict(book_files(SUMMARY))
    workbook = openpyxl.load_workbook(io.BytesIO(files["book.xlsx"]))
    assert workbook.sheetnames == ["Monitor", "Totals", "Block orders"]
    monitor = workbook["Monitor"]
    assert [monitor.cell(row=r, column=2).value for r in range(2, 6)] == ["d", "b", "a", "c"]
    page = files["book.html"].decode()
    assert "&lt;b&gt;A&lt;/b&gt;" in page and "<b>A</b>" not in page
    # the same book gives the same bytes (the workbook's date is the latest as_of)
    assert dict(book_files(SUMMARY)) == files


def test_monitor_only_writes_no_block_trades() -> None:
    names = [n for n, _ in book_files(BookSummary(results=SUMMARY.results, monitor_only=True))]
    assert names == ["book.json", "book.xlsx", "book.html"]
