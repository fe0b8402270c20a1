"""The workbook as it prints: page setup, words, formats and row heights read back with
openpyxl; the Cash flows sheet by hand; and LibreOffice's PDF of the example, page-counted.

The LibreOffice test uses Debian's ``libreoffice-calc`` (``soffice``); it is skipped with a
reason where LibreOffice is missing, and fails under CI=true (.ci/run installs it).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import trimtab
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import TradeReason
from trimtab.pipeline import plan_household
from trimtab.report.excel import (
    LINE_HEIGHT,
    MONEY,
    PERCENT,
    SHARES,
    WHOLE_SHARES,
    WRAP_WIDTH,
    _lines,
    plan_workbook,
)

ROOT = Path(__file__).resolve().parents[2]
HASH = "0" * 64
# sheets whose first row is their table's header: it repeats on every printed page
TITLED = {"Drift", "Trades", "Lots", "Accounts", "Wash-sale calendar", "Cash flows"}


@pytest.fixture(scope="module")
def report() -> PlanReport:
    return plan_household(trimtab.load_household(ROOT / "examples" / "household.yaml"))


@pytest.fixture(scope="module")
def data(report: PlanReport) -> bytes:
    return plan_workbook(report, HASH)


@pytest.fixture(scope="module")
def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _sheets(book: openpyxl.Workbook) -> list[Worksheet]:
    sheets = [ws for ws in book.worksheets if isinstance(ws, Worksheet)]
    assert len(sheets) == len(book.sheetnames)
    return sheets


# --- page setup -----------------------------------------------------------------------------------


def test_every_sheet_prints_one_page_wide(book: openpyxl.Workbook) -> None:
    for ws in _sheets(book):
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # fitToWidth 1 is the OOXML default (ECMA-376 §18.3.1.63), so XlsxWriter leaves it out
        assert setup.fitToWidth in (None, 1), ws.title
        assert setup.paperSize == 1, ws.title  # Letter
        if ws.title == "Location":  # a tall sheet of narrow tables: one portrait page
            # fitToHeight 1 is the default too, left out like fitToWidth
            assert (setup.orientation, setup.fitToHeight) == ("portrait", None)
        else:  # as many pages tall as it takes
            assert (setup.orientation, setup.fitToHeight) == ("landscape", 0), ws.title


def test_every_sheet_has_header_and_page_numbers(book: openpyxl.Workbook) -> None:
    for ws in _sheets(book):
        assert ws.oddHeader.left.text == "Rivera household", ws.title
        assert ws.oddHeader.right.text == "as of 2026-11-24", ws.title
        assert ws.oddFooter.center.text == "Page &P of &N", ws.title


def test_header_rows_repeat_on_each_page(book: openpyxl.Workbook) -> None:
    titled = {ws.title for ws in _sheets(book) if ws.print_title_rows}
    assert titled == TITLED
    assert {ws.print_title_rows for ws in _sheets(book) if ws.title in TITLED} == {"$1:$1"}


def test_an_ampersand_in_the_household_name_is_doubled(report: PlanReport) -> None:
    renamed = replace(report, plan=replace(report.plan, household="Lee & Park"))
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(renamed, HASH)))
    # "&" starts a header code; "&&" prints one ampersand
    assert _sheets(book)[0].oddHeader.left.text == "Lee && Park"


# --- words, formats, row heights ------------------------------------------------------------------


def test_words_not_codes(book: openpyxl.Workbook) -> None:
    trades = book["Trades"]
    first = [c.value for c in trades[2]]
    assert first[:6] == ["P1", "joint-taxable", "Sell", "VEA", 200, "Tax-loss harvest"]
    rmd = [c.value for c in trades[5]]
    # P4: ana-ira's 69 VTIP for the rest of its RMD and withdrawal (test_excel's example plan;
    # 69 HYG, the RMD's first sale, is P3)
    assert rmd[:6] == ["P4", "ana-ira", "Sell", "VTIP", 69, "RMD"]
    drift = [r[0] for r in book["Drift"].iter_rows(min_row=2, values_only=True)]
    assert drift[0] == "US Large Cap Equity" and "us_large_cap" not in drift
    facts = {r[0]: r[1] for r in book["Assumptions"].iter_rows(values_only=True) if r[0]}
    assert facts["Filing status"] == "Married filing jointly"


def test_shares_as_the_security_trades_them(report: PlanReport, book: openpyxl.Workbook) -> None:
    ws = book["Trades"]
    shares = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=5) for r in range(2, 14)}
    # 200 VEA: a whole number shows "200"; P7's FSPSX (a fund, fractional) shows its places
    fund = report.plan.trades[6]
    assert fund.symbol == "FSPSX" and fund.quantity != fund.quantity.to_integral_value()
    assert (shares["P1"].value, shares["P1"].number_format) == (200, WHOLE_SHARES)
    assert (shares["P7"].value, shares["P7"].number_format) == (
        float(fund.quantity.quantize(Decimal("0.000001"))),
        SHARES,
    )


def test_percents_show_two_places(book: openpyxl.Workbook) -> None:
    ws = book["Drift"]
    assert {ws.cell(row=r, column=c).number_format for r in (2, 3) for c in (2, 3, 5, 6)} == {
        PERCENT
    }
    assert PERCENT == "0.00%"


def test_rationale_rows_are_tall_enough(report: PlanReport, book: openpyxl.Workbook) -> None:
    ws = book["Trades"]
    # XlsxWriter stores a width of 60 characters as 60.71 (with the cell's padding)
    assert round(ws.column_dimensions["N"].width) == WRAP_WIDTH + 1
    for row, trade in enumerate(report.plan.trades, start=2):
        cell = ws.cell(row=row, column=14)
        assert cell.value == trade.rationale and cell.alignment.wrap_text
        # a 60-wide column holds about 72 characters a line
        lines = math.ceil(len(trade.rationale) / (WRAP_WIDTH * 6 // 5))
        assert ws.row_dimensions[row].height == LINE_HEIGHT * lines
        assert lines >= 2
    # by hand: 243 characters take ⌈243 / 72⌉ = 4 lines, 60 points; two paragraphs of 10
    # characters take a line each
    assert _lines("x" * 243, WRAP_WIDTH) == 4 and _lines("a" * 10 + "\n" + "b" * 10, 60) == 2


def test_tax_free_sales_show_no_term_date_or_gain(book: openpyxl.Workbook) -> None:
    # a sale in an IRA, a Roth or a 401(k): the Lots sheet shows shares and proceeds, never an
    # acquisition date, cost, gain or term. The example's plan now also sells two lots of the
    # joint account (issue 20), which show them all.
    ws = book["Lots"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    free = [r for r in rows if r[1] != "joint-taxable"]
    assert [r[0] for r in free] == ["P3", "P4", "P5", "P6"]  # ana-ira ×2, the Roth, the 401(k)
    assert all(r[4] is r[5] is r[8] is r[10] is r[11] is None for r in free)
    assert all(r[12] == "No" for r in free)
    # P1: VEA lot L7, 200 shares bought 2025-09-15 for 12,400.00, proceeds 11,570.00 − 2.31
    # (2 bp) = 11,567.69, gain −832.31, long-term (over a year by 2026-11-24), 50 × 832.31 /
    # 200 = 208.0775 → 208.08 washed by Luis's IRA purchase
    taxed, lt = [r for r in rows if r[1] == "joint-taxable"], "Long-term"
    assert [(r[0], r[3], r[4], r[8], r[9], r[10], r[11], r[12], r[13]) for r in taxed] == [
        ("P1", "L7", dt.datetime(2025, 9, 15), 12400, 11567.69, -832.31, lt, "Yes", 208.08),
        # P2: VWO lot L8, 7,785.00 − 1.56 = 7,783.44 against 8,250.00: −466.56
        ("P2", "L8", dt.datetime(2021, 6, 1), 8250, 7783.44, -466.56, lt, "Yes", 0),
    ]


# --- the Cash flows sheet -------------------------------------------------------------------------


def _funding(report: PlanReport, account: str, reason: TradeReason) -> str:
    return ", ".join(
        t.id for t in report.plan.trades if t.account == account and t.reason is reason
    )


def test_cash_flows_sheet_by_hand(report: PlanReport, book: openpyxl.Workbook) -> None:
    ws = book["Cash flows"]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:6] == ("Kind", "Account", "Owner", "Amount", "Date", "Funded by trades")
    # the example's two pending flows: $10,000 into the joint account on 2026-12-01 (invested
    # by its cash-flow buys, P8's VB and P9's VTI in this plan) and $5,000 out of Ana's IRA on
    # 2026-12-05 (paid from its cash and the RMD sales, no trade of its own)
    assert _funding(report, "joint-taxable", TradeReason.CASH_FLOW) == "P8, P9"
    assert _funding(report, "ana-ira", TradeReason.CASH_FLOW) == ""
    assert rows[1][:6] == (
        "Contribution",
        "Joint brokerage",
        "Ana, Luis",
        10000,
        dt.datetime(2026, 12, 1),
        "P8, P9",
    )
    assert rows[2][:6] == (
        "Withdrawal",
        "Ana's IRA",
        "Ana",
        5000,
        dt.datetime(2026, 12, 5),
        "—",
    )
    assert rows[4][0] == "Required minimum distributions, 2026"
    # Ana (74 at the end of 2026; Uniform Lifetime period 25.5): 182,000 / 25.5 = 7,137.25;
    # the 5,000 withdrawal counts toward it, 2,137.25 is left; P3 and P4 sell 69 HYG and 69
    # VTIP in her IRA to raise it (its RMD trades, which also bring high yield and TIPS back
    # into their bands): 800.00 cash + 5,568.30 + 3,446.55 − 1.80 cost = 9,813.05
    # ≥ 5,000 + 2,137.25. Luis (64) owes nothing yet.
    assert _funding(report, "ana-ira", TradeReason.RMD) == "P3, P4"
    rmd = {r[1]: r for r in rows[6:]}
    assert rmd["Ana's IRA"] == (
        "Ana",
        "Ana's IRA",
        7137.25,
        5000,
        2137.25,
        dt.datetime(2026, 12, 31),
        "P3, P4",
    )
    assert rmd["Luis's IRA"][2:5] == (0, 0, 0) and rmd["Luis's IRA"][6] == "—"
    assert ws.cell(row=7, column=3).number_format == MONEY
    assert Decimal("182000") / Decimal("25.5") == Decimal("7137.254901960784313725490196")


# --- LibreOffice ----------------------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice not installed under CI: .ci/run installs libreoffice-calc")
        pytest.skip(
            "LibreOffice not installed: apt-get install libreoffice-calc "
            "(.ci/run does this under CI)"
        )
    return found


@pytest.mark.slow
def test_libreoffice_prints_the_example_in_at_most_ten_pages(data: bytes, tmp_path: Path) -> None:
    soffice = _soffice()
    book = tmp_path / "plan.xlsx"
    book.write_bytes(data)
    command = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path / "pdf"),
        str(book),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    pdf = tmp_path / "pdf" / "plan.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))
    # ten sheets, each on one page (the Location sheet fitted to one portrait page); before
    # the page setup LibreOffice printed this workbook on 32 A4 pages
    assert 1 <= pages <= 10
