"""The plan workbook, ``plan.xlsx`` (docs/reports.md): what an advisor would send or file.

The only module that imports XlsxWriter. Every figure is a number cell with a real number
format: Decimals become floats only here, after rounding half-up to the displayed precision
(cents for money, six places for shares, four places of a percent, two places of a basis
point, as in the JSON). Percents show two places; shares show as the security trades them: a
whole number without decimals (``79``), a fractional one with three to six. Text is always
written as text (``write_string``), so a name starting with ``=``, ``+``, ``-`` or ``@`` is
never a formula. Codes are written as words: asset classes by their labels (``US Large Cap
Equity``), actions ``Sell``/``Buy``, reasons (``RMD``, ``Rebalance``), account types
(``Traditional IRA``).

Every sheet is set up to print: landscape, one page wide, its header rows repeated on each
page, a header with the household and the as-of date and a footer with ``Page n of m``. Rows
of wrapped text (rationale, warnings) get a height for their lines, since neither Excel nor
LibreOffice grows a row XlsxWriter wrote. The document properties carry the plan's as-of
date, so the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from importlib.metadata import version as _package_version
from typing import Any

import xlsxwriter
import xlsxwriter.worksheet
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell_fast

from trimtab.analysis.drift import DriftRow
from trimtab.analysis.location import DragRow
from trimtab.model.enums import AccountType, AssetClass, TradeReason
from trimtab.money import HUNDRED, ZERO, round_money, round_percent, round_shares
from trimtab.report.format import bp_str, setting_text
from trimtab.report.json.plan import settings_json
from trimtab.report.words import (
    ACTION_LABELS,
    CASH_FLOW_WORDS,
    FILING_STATUS_WORDS,
    REASON_WORDS,
    account_labels,
    owner_name,
    type_label,
)
from trimtab.results.plan import PlanReport
from trimtab.rules.markets import load_markets
from trimtab.rules.tax_efficiency import load_tax_efficiency
from trimtab.tax.federal import TaxEstimate

NUMBER_PLACES = Decimal("0.0001")  # the `0.00##` format shows up to four places
MONEY = "$#,##0.00;-$#,##0.00"
PERCENT = "0.00%"
SHARES = "#,##0.000###"
WHOLE_SHARES = "#,##0"
DATE = "yyyy-mm-dd"
YEARS = "0.00"
RATE = "0.00##%"
BP = "0.00"
NUMBER = "0.00##"


@functools.cache
def _trimtab_version() -> str:
    """The installed trimtab's version (read once: importlib.metadata walks the path)."""
    return _package_version("trimtab")


MIN_WIDTH = 8
MAX_WIDTH = 60
WRAP_WIDTH = 60  # the width (characters) of a column of wrapped text
LINE_HEIGHT = 15  # points a line of 11-point text takes


def _money(value: Decimal) -> float:
    return float(round_money(value))


def _shares(value: Decimal) -> float:
    return float(round_shares(value))


def _percent(points: Decimal) -> float:
    """A percent given in points (35.5) as the fraction Excel's % format shows (0.355)."""
    return float(round_percent(points) / HUNDRED)


def _bp(value: Decimal) -> float:
    """Basis points, rounded half-up to two places (the JSON's ``bp_str``)."""
    return float(Decimal(bp_str(value)))


class FastWorksheet(xlsxwriter.worksheet.Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet, writing its number and shared-string cells with one f-string
    each: the same XML, byte for byte, as ``Worksheet._write_cell`` (whose generic attribute
    escaping was most of a workbook's time); any other cell goes the library's way."""

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        fmt = cell.format
        kind = cell.__class__
        if fmt and (kind is _NUMBER_CELL or kind is _DATETIME_CELL):
            ref = xl_rowcol_to_cell_fast(row, col)
            self.fh.write(f'<c r="{ref}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>')
        elif fmt and kind is _STRING_CELL and not self.constant_memory:
            ref = xl_rowcol_to_cell_fast(row, col)
            self.fh.write(f'<c r="{ref}" s="{fmt._get_xf_index()}" t="s"><v>{cell.string}</v></c>')
        else:
            super()._write_cell(row, col, cell)

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        """``Worksheet._write_string`` for the common cell (inside the sheet, a string shorter
        than half the limit, not in constant-memory mode): the same dimensions, shared string
        and table entry, in one call; anything else goes the library's way."""
        if (
            self.constant_memory
            or row < 0
            or col < 0
            or row >= self.xls_rowmax
            or col >= self.xls_colmax
            or len(string) > self.xls_strmax // 2
        ):
            return int(super()._write_string(row, col, string, cell_format))
        self._grow(row, col)
        strings = self.str_table
        index = strings.string_table.get(string)
        if index is None:
            index = strings.string_table[string] = strings.unique_count
            strings.unique_count += 1
        strings.count += 1
        self.table[row][col] = _STRING_CELL(index, cell_format)
        return 0

    def _write_number(self, row: int, col: int, number: Any, cell_format: Any = None) -> int:
        """``Worksheet._write_number`` for a finite float inside the sheet (not in
        constant-memory mode): the same dimensions and table entry, in one call."""
        if (
            number.__class__ is not float
            or not math.isfinite(number)
            or self.constant_memory
            or row < 0
            or col < 0
            or row >= self.xls_rowmax
            or col >= self.xls_colmax
        ):
            return int(super()._write_number(row, col, number, cell_format))
        self._grow(row, col)
        self.table[row][col] = _NUMBER_CELL(number, cell_format)
        return 0

    def _grow(self, row: int, col: int) -> None:
        """The sheet's dimensions grown to hold the cell (``Worksheet._check_dimensions``)."""
        sheet: Any = self  # the library's attributes, untyped
        if sheet.dim_rowmin is None or row < sheet.dim_rowmin:
            sheet.dim_rowmin = row
        if sheet.dim_rowmax is None or row > sheet.dim_rowmax:
            sheet.dim_rowmax = row
        if sheet.dim_colmin is None or col < sheet.dim_colmin:
            sheet.dim_colmin = col
        if sheet.dim_colmax is None or col > sheet.dim_colmax:
            sheet.dim_colmax = col

    def _write_rows(self) -> None:
        """``Worksheet._write_rows`` with each row's cells taken in column order from the row
        itself rather than by probing every column of the sheet's width, and a row's number
        and shared-string cells (as ``_write_cell`` writes them) joined into one write (same
        XML)."""
        self._calculate_spans()
        table, row_info, comments, spans = self.table, self.row_info, self.comments, self.row_spans
        write, write_cell = self.fh.write, self._write_cell
        strings_inline = self.constant_memory
        columns: dict[int, str] = {}
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num) if row_num in table else None
            if not cells and row_num not in row_info and row_num not in comments:
                continue
            span = spans.get(row_num // 16)
            info = row_info.get(row_num)
            if not cells:
                self._write_empty_row(row_num, span, info)
                continue
            if info is None:
                self._write_row(row_num, span)
            else:
                self._write_row(row_num, span, info)
            number = str(row_num + 1)
            parts: list[str] = []
            for col_num in sorted(cells):
                cell = cells[col_num]
                fmt, kind = cell.format, cell.__class__
                if not fmt or not (
                    kind is _NUMBER_CELL
                    or kind is _DATETIME_CELL
                    or (kind is _STRING_CELL and not strings_inline)
                ):
                    write("".join(parts))  # what came before, then the library's cell
                    parts = []
                    write_cell(row_num, col_num, cell)
                    continue
                column = columns.get(col_num)
                if column is None:
                    column = columns[col_num] = xl_col_to_name(col_num)
                if kind is _STRING_CELL:
                    parts.append(
                        f'<c r="{column}{number}" s="{fmt._get_xf_index()}" t="s">'
                        f"<v>{cell.string}</v></c>"
                    )
                else:
                    parts.append(
                        f'<c r="{column}{number}" s="{fmt._get_xf_index()}">'
                        f"<v>{cell.number:.16G}</v></c>"
                    )
            parts.append("</row>")
            write("".join(parts))


_NUMBER_CELL = xlsxwriter.worksheet.CellNumberTuple
_DATETIME_CELL = xlsxwriter.worksheet.CellDatetimeTuple
_STRING_CELL = xlsxwriter.worksheet.CellStringTuple


@dataclass
class _Sheet:
    """One worksheet, remembering each column's widest text for the column widths. Cells go
    through XlsxWriter's undecorated ``_write_string``/``_write_number`` (the public ones only
    add "A1" notation parsing; row and column here are always numbers)."""

    ws: Any
    formats: dict[str, Any]
    widths: dict[int, int] = field(default_factory=dict)
    heights: dict[int, int] = field(default_factory=dict)
    title_rows: tuple[int, int] | None = None

    def _fit(self, col: int, chars: int) -> None:
        self.widths[col] = max(self.widths.get(col, MIN_WIDTH), min(chars + 2, MAX_WIDTH))

    def text(self, row: int, col: int, value: str, fmt: str | None = None) -> None:
        self.ws._write_string(row, col, value, self.formats.get(fmt or "text"))
        self._fit(col, len(value))

    def number(self, row: int, col: int, value: float, fmt: str, chars: int = 12) -> None:
        self.ws._write_number(row, col, value, self.formats[fmt])
        self._fit(col, chars)

    def money(self, row: int, col: int, value: Decimal) -> None:
        number = _money(value)
        self.number(row, col, number, "money", len(f"${number:,.2f}") + 1)

    def shares(self, row: int, col: int, value: Decimal) -> None:
        """Shares as the security trades them: ``79`` when whole, else three to six places."""
        number = _shares(value)
        if number == int(number):
            self.number(row, col, number, "whole_shares", len(f"{number:,.0f}") + 1)
        else:
            self.number(row, col, number, "shares", len(f"{number:,.6f}"))

    def percent(self, row: int, col: int, points: Decimal) -> None:
        self.number(row, col, _percent(points), "percent", 9)

    def bp(self, row: int, col: int, value: Decimal) -> None:
        number = _bp(value)
        self.number(row, col, number, "bp", len(f"{number:,.2f}"))

    def wrapped(self, row: int, col: int, value: str) -> None:
        """Long text wrapped in a column ``WRAP_WIDTH`` wide, its row tall enough for it."""
        self.ws._write_string(row, col, value, self.formats["wrap"])
        self.widths[col] = WRAP_WIDTH
        self.heights[row] = max(self.heights.get(row, 1), _lines(value, WRAP_WIDTH))

    def note(self, row: int, col: int, value: str, fmt: str = "text") -> None:
        """Long text that runs on over the empty cells to its right: its column keeps the
        width of the table it sits in."""
        self.ws._write_string(row, col, value, self.formats[fmt])

    def date(self, row: int, col: int, value: dt.date) -> None:
        self.ws.write_datetime(row, col, value, self.formats["date"])
        self._fit(col, 10)

    def header(self, row: int, names: list[str]) -> None:
        """A table's header row; a sheet's first row of headers repeats on each printed page."""
        if row == 0:
            self.title_rows = (0, 0)
        for col, name in enumerate(names):
            self.text(row, col, name, "header")

    def label(self, row: int, name: str) -> None:
        self.text(row, 0, name, "bold")

    def finish(self) -> None:
        for col, width in sorted(self.widths.items()):
            self.ws.set_column(col, col, width)
        for row, lines in sorted(self.heights.items()):
            self.ws.set_row(row, LINE_HEIGHT * lines)


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    usable = max(1, width * 6 // 5)  # a column fits about 1.2 average characters per unit
    return sum(max(1, math.ceil(len(part) / usable)) for part in text.split("\n"))


def _header_text(text: str) -> str:
    """Text for a page header: ``&`` doubled (a lone one starts a header code)."""
    return text.replace("&", "&&")


def _page_setup(ws: Any, report: PlanReport) -> None:
    """Landscape Letter, one page wide, a header with the household and date, page numbers."""
    ws.set_landscape()
    ws.set_paper(1)  # Letter
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    household = _header_text(report.plan.household or "Household")
    ws.set_header(f"&L{household}&Ras of {report.plan.as_of.isoformat()}")
    ws.set_footer("&CPage &P of &N")


def plan_workbook(report: PlanReport, input_sha256: str) -> bytes:
    """The ``plan.xlsx`` workbook of a plan, as bytes."""
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
    created = dt.datetime.combine(report.plan.as_of, dt.time())
    workbook.set_properties(
        {
            "title": f"trimtab plan: {report.plan.household}",
            "author": "trimtab",
            "created": created,
        }
    )
    formats = {
        "text": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "header": workbook.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#DDE4EE", "text_wrap": True}
        ),
        "bold": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "money": workbook.add_format({"num_format": MONEY, "valign": "top"}),
        "percent": workbook.add_format({"num_format": PERCENT, "valign": "top"}),
        "rate": workbook.add_format({"num_format": RATE}),
        "shares": workbook.add_format({"num_format": SHARES, "valign": "top"}),
        "whole_shares": workbook.add_format({"num_format": WHOLE_SHARES, "valign": "top"}),
        "date": workbook.add_format({"num_format": DATE, "valign": "top"}),
        "years": workbook.add_format({"num_format": YEARS}),
        "bp": workbook.add_format({"num_format": BP, "valign": "top"}),
        "number": workbook.add_format({"num_format": NUMBER}),
        "int": workbook.add_format({"num_format": "0"}),
        "outside": workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
    }

    def sheet(name: str) -> _Sheet:
        ws = workbook.add_worksheet(name, worksheet_class=FastWorksheet)
        _page_setup(ws, report)
        return _Sheet(ws, formats)

    sheets = [
        _summary(sheet("Summary"), report),
        _drift(sheet("Drift"), report, workbook),
        _trades(sheet("Trades"), report),
        _lots(sheet("Lots"), report),
        _tax(sheet("Tax"), report),
        _accounts(sheet("Accounts"), report),
        _location(sheet("Location"), report),
        _calendar(sheet("Wash-sale calendar"), report),
        _cash_flows(sheet("Cash flows"), report),
        _assumptions(sheet("Assumptions"), report, input_sha256),
    ]
    for s in sheets:
        s.finish()
        if s.title_rows:
            s.ws.repeat_rows(*s.title_rows)
    workbook.close()
    return buffer.getvalue()


def _summary(s: _Sheet, report: PlanReport) -> _Sheet:
    plan = report.plan
    s.text(0, 0, f"Rebalancing plan: {plan.household}", "title")
    s.widths[0] = 28
    rows: list[tuple[str, str, Any]] = [
        ("Household", "text", plan.household),
        ("As of", "date", plan.as_of),
        ("Tax year", "int", plan.tax_year),
        ("Mode", "text", plan.mode.value),
        ("Total value before", "money", report.drift_before.total_value),
        ("Total value after", "money", report.drift_after.total_value),
        ("Trades", "int", len(plan.trades)),
        ("Tax impact (exact, marginal)", "money", report.whatif.marginal.total),
        ("Transaction costs", "money", plan.costs_total),
        ("Breakeven: annual benefit", "money", report.breakeven.annual_benefit),
        ("Breakeven: tax and costs", "money", report.breakeven.tax_and_costs),
        ("Breakeven: payback (years)", "years", report.breakeven.payback_years),
        ("Breakeven: horizon (years)", "years", report.breakeven.horizon_years),
        ("Solver status", "text", plan.solver_status),
    ]
    row = _facts(s, 2, rows) + 1
    s.label(row, "Warnings")
    if not plan.warnings:
        s.text(row, 1, "none")
    for i, w in enumerate(plan.warnings):
        s.text(row + i, 1, w.kind)
        s.wrapped(row + i, 2, w.message)
    return s


def _facts(s: _Sheet, row: int, rows: list[tuple[str, str, Any]]) -> int:
    """Label and value rows from ``row`` on; the row after them."""
    for i, (name, kind, value) in enumerate(rows, start=row):
        s.label(i, name)
        _value(s, i, 1, kind, value)
    return row + len(rows)


def _value(s: _Sheet, row: int, col: int, kind: str, value: Any) -> None:
    if value is None:
        s.text(row, col, "—")
    elif kind == "money":
        s.money(row, col, value)
    elif kind == "date":
        s.date(row, col, value)
    elif kind == "int":
        s.number(row, col, int(value), "int", len(str(value)))
    elif kind == "years":
        s.number(row, col, float(round_money(value)), "years", 8)
    elif kind == "rate":
        s.number(row, col, _percent(value * HUNDRED), "rate", 10)
    elif kind == "bp":
        s.bp(row, col, value)
    elif kind == "number":
        s.number(
            row, col, float(value.quantize(NUMBER_PLACES, rounding=ROUND_HALF_UP)), "number", 8
        )
    else:
        s.text(row, col, str(value))


DRIFT_HEADER = [
    "Asset class",
    "Target %",
    "Band low %",
    "Band high %",
    "Before %",
    "Before drift",
    "Before $ over/under",
    "Before status",
    "After %",
    "After drift",
    "After $ over/under",
    "After status",
]


OUTSIDE, INSIDE = "Outside", "Inside"


def _drift(s: _Sheet, report: PlanReport, workbook: Any) -> _Sheet:
    before = {r.asset_class: r for r in report.drift_before.rows}
    after = {r.asset_class: r for r in report.drift_after.rows}
    classes = [c for c in AssetClass if c in before or c in after]
    s.header(0, DRIFT_HEADER)
    s.ws.freeze_panes(1, 1)
    for i, cls in enumerate(classes, start=1):
        b, a = before.get(cls), after.get(cls)
        band = b or a
        assert band is not None
        s.text(i, 0, cls.label)
        s.percent(i, 1, band.target_pct)
        s.percent(i, 2, band.low_pct)
        s.percent(i, 3, band.high_pct)
        _drift_side(s, i, 4, b)
        _drift_side(s, i, 8, a)
    last = len(classes)
    if last:
        for first_col, status in ((4, "H"), (8, "L")):
            s.ws.conditional_format(
                1,
                first_col,
                last,
                first_col + 3,
                {
                    "type": "formula",
                    "criteria": f'=${status}2="{OUTSIDE}"',
                    "format": s.formats["outside"],
                },
            )
        chart = workbook.add_chart({"type": "column"})
        for col, name in ((1, "Target"), (4, "Before"), (8, "After")):
            chart.add_series(
                {
                    "name": name,
                    "categories": ["Drift", 1, 0, last, 0],
                    "values": ["Drift", 1, col, last, col],
                }
            )
        chart.set_title({"name": "Allocation before and after vs target"})
        chart.set_y_axis({"num_format": "0%", "name": "Share of household"})
        chart.set_size({"width": 720, "height": 360})
        s.ws.insert_chart(last + 2, 0, chart)
    return s


def _drift_side(s: _Sheet, row: int, col: int, r: DriftRow | None) -> None:
    if r is None:
        for k in range(4):
            s.text(row, col + k, "—")
        return
    s.percent(row, col, r.current_pct)
    s.percent(row, col + 1, r.drift_pct)
    s.money(row, col + 2, r.over_under)
    s.text(row, col + 3, OUTSIDE if r.outside else INSIDE)


TRADES_HEADER = [
    "Trade",
    "Account",
    "Action",
    "Security",
    "Shares",
    "Reason",
    "Tax Impact",
    "Short-term gain",
    "Long-term gain",
    "Wash disallowed",
    "Price",
    "Amount",
    "Estimated cost",
    "Rationale",
]


def _taxed_accounts(report: PlanReport) -> frozenset[str]:
    """The accounts whose sales have a term, an acquisition date and a gain: taxable ones."""
    return frozenset(a.id for a in report.household.accounts if a.type.is_taxable)


def _trades(s: _Sheet, report: PlanReport) -> _Sheet:
    trades = report.plan.trades
    s.header(0, TRADES_HEADER)
    s.ws.freeze_panes(1, 0)
    taxed = _taxed_accounts(report)
    for i, t in enumerate(trades, start=1):
        s.text(i, 0, t.id)
        s.text(i, 1, t.account)
        s.text(i, 2, ACTION_LABELS[t.action])
        s.text(i, 3, t.symbol)
        s.shares(i, 4, t.quantity)
        s.text(i, 5, REASON_WORDS[t.reason])
        if t.account in taxed:
            s.money(i, 6, t.short_term_gain + t.long_term_gain)
            s.money(i, 7, t.short_term_gain)
            s.money(i, 8, t.long_term_gain)
            s.money(i, 9, t.wash_disallowed)
        s.money(i, 10, t.price)
        s.money(i, 11, t.amount)
        s.money(i, 12, t.transaction_cost)
        s.wrapped(i, 13, t.rationale)
    s.ws.autofilter(0, 0, len(trades), len(TRADES_HEADER) - 1)
    return s


LOTS_HEADER = [
    "Trade",
    "Account",
    "Security",
    "Lot",
    "Acquired",
    "Holding period start",
    "Sold",
    "Shares",
    "Cost",
    "Proceeds",
    "Gain",
    "Term",
    "Taxed on this return",
    "Wash disallowed",
]


def _lots(s: _Sheet, report: PlanReport) -> _Sheet:
    rows = report.whatif.realization.realized
    s.header(0, LOTS_HEADER)
    s.ws.freeze_panes(1, 0)
    taxed = _taxed_accounts(report)
    for i, r in enumerate(rows, start=1):
        wash = report.whatif.wash_of(r) if r.taxed_here else None
        s.text(i, 0, r.trade)
        s.text(i, 1, r.account)
        s.text(i, 2, r.symbol)
        s.text(i, 3, r.lot_id)
        s.date(i, 6, r.sold)
        s.shares(i, 7, r.quantity)
        s.money(i, 9, r.proceeds)
        if r.account in taxed:  # a tax-free account's sale has no term, date or gain
            s.date(i, 4, r.acquired)
            s.date(i, 5, r.holding_period_start)
            s.money(i, 8, r.cost)
            s.money(i, 10, r.gain)
            s.text(i, 11, "Long-term" if r.long_term else "Short-term")
        s.text(i, 12, "Yes" if r.taxed_here else "No")
        s.money(i, 13, wash.disallowed if wash is not None else ZERO)
    s.ws.autofilter(0, 0, len(rows), len(LOTS_HEADER) - 1)
    return s


ESTIMATE_ROWS: list[tuple[str, str]] = [
    ("Net short-term", "net_short_term"),
    ("Net long-term", "net_long_term"),
    ("Capital loss deduction", "capital_loss_deduction"),
    ("Carryforward after: short", "carryforward_out_short"),
    ("Carryforward after: long", "carryforward_out_long"),
    ("Ordinary tax", "ordinary_tax"),
    ("Preferential tax", "preferential_tax"),
    ("Regular tax on all income", "regular_tax_on_all_income"),
    ("Federal income tax", "income_tax"),
    ("NIIT", "niit"),
    ("State", "state"),
    ("Total", "total"),
]


def _tax(s: _Sheet, report: PlanReport) -> _Sheet:
    w = report.whatif
    rows = [r for r in w.realization.realized if r.taxed_here]
    washes = [x for x in w.washes.washes if x.sale.trade]
    permanent = sum((x.permanent for x in washes), ZERO)
    deferred = sum((x.disallowed - x.permanent for x in washes), ZERO)
    s.text(0, 0, "Gains and losses realized by the plan", "bold")
    s.header(1, ["Term", "Gains", "Losses", "Net"])
    for i, (name, long_term) in enumerate((("Short-term", False), ("Long-term", True)), start=2):
        values = [r.gain for r in rows if r.long_term is long_term]
        gains = sum((v for v in values if v > 0), ZERO)
        losses = sum((v for v in values if v < 0), ZERO)
        s.text(i, 0, name)
        s.money(i, 1, gains)
        s.money(i, 2, losses)
        s.money(i, 3, gains + losses)
    s.label(5, "Wash sale: disallowed, deferred into replacement lots")
    s.money(5, 1, deferred)
    s.label(6, "Wash sale: disallowed permanently")
    s.money(6, 1, permanent)
    s.label(7, "Tax saved by deferring short-term gains")
    s.money(7, 1, report.plan.deferral_savings)
    s.text(9, 0, "Tax estimate for the year", "bold")
    s.header(10, ["Figure", "Without the plan", "With the plan", "Marginal (plan's impact)"])
    estimates: tuple[TaxEstimate, ...] = (w.without, w.estimate, w.marginal)
    for i, (name, attr) in enumerate(ESTIMATE_ROWS, start=11):
        s.text(i, 0, name, "bold" if attr == "total" else None)
        for k, e in enumerate(estimates, start=1):
            s.money(i, k, getattr(e, attr))
    return s


ACCOUNTS_HEADER = [
    "Account",
    "Value before",
    "Value after",
    "Cash before",
    "Cash after",
    "Contributed",
    "Distributed",
    "Trades",
    "Name",
    "Type",
    "Custodian",
    "Account number",
]


def _accounts(s: _Sheet, report: PlanReport) -> _Sheet:
    labels = account_labels(report.household)
    s.header(0, ACCOUNTS_HEADER)
    s.ws.freeze_panes(1, 0)
    for i, a in enumerate(report.plan.accounts, start=1):
        s.text(i, 0, a.account)
        s.money(i, 1, a.value_before)
        s.money(i, 2, a.value_after)
        s.money(i, 3, a.cash_before)
        s.money(i, 4, a.cash_after)
        s.money(i, 5, a.contributed)
        s.money(i, 6, a.distributed)
        s.number(i, 7, a.trades, "int", 6)
        account = report.household.account(a.account)
        if account is not None:
            s.text(i, 8, labels[a.account])
            s.text(i, 9, type_label(account.type))
            s.text(i, 10, account.custodian.label if account.custodian else "—")
            s.text(i, 11, account.number or "—")
    return s


CASH_FLOWS_HEADER = ["Kind", "Account", "Owner", "Amount", "Date", "Funded by trades"]
RMD_HEADER = [
    "Owner",
    "Account",
    "Required this year",
    "Already taken",
    "Left to take",
    "Deadline",
    "Funded by trades",
]


def _funding(report: PlanReport, account: str, reasons: frozenset[TradeReason]) -> str:
    """The trades of an account that raise or invest a cash flow: ``P1, P2`` ('—': none)."""
    ids = [t.id for t in report.plan.trades if t.account == account and t.reason in reasons]
    return ", ".join(ids) or "—"


CASH_FLOW_REASONS = frozenset({TradeReason.CASH_FLOW})
RMD_REASONS = frozenset({TradeReason.RMD})


def _cash_flows(s: _Sheet, report: PlanReport) -> _Sheet:
    """Contributions, withdrawals and RMDs: what, where, when, and the trades that fund them."""
    household = report.household
    labels = account_labels(household)
    s.header(0, CASH_FLOWS_HEADER)
    flows = household.cash_flows
    for i, f in enumerate(flows, start=1):
        account = household.account(f.account)
        owners = account.owners if account is not None else ()
        s.text(i, 0, CASH_FLOW_WORDS[f.kind])
        s.text(i, 1, labels.get(f.account, f.account))
        s.text(i, 2, ", ".join(owner_name(household, o) for o in owners) or "—")
        s.money(i, 3, f.amount)
        if f.date is None:
            s.text(i, 4, "—")
        else:
            s.date(i, 4, f.date)
        s.text(i, 5, _funding(report, f.account, CASH_FLOW_REASONS))
    if not flows:
        s.text(1, 0, "No contribution or withdrawal is pending.")
    row = max(len(flows), 1) + 2
    s.text(row, 0, f"Required minimum distributions, {report.rmd.year}", "bold")
    s.header(row + 1, RMD_HEADER)
    for i, r in enumerate(report.rmd.rows, start=row + 2):
        s.text(i, 0, owner_name(household, r.owner) if r.owner else "—")
        s.text(i, 1, labels.get(r.account, r.account))
        s.money(i, 2, r.required)
        s.money(i, 3, r.already_withdrawn)
        s.money(i, 4, r.remaining)
        s.date(i, 5, r.deadline)
        s.text(i, 6, _funding(report, r.account, RMD_REASONS))
    if not report.rmd.rows:
        s.text(row + 2, 0, "No account owes a required minimum distribution this year.")
    return s


def _location(s: _Sheet, report: PlanReport) -> _Sheet:
    """The asset-location review of the household before the plan (docs/asset-location.md)."""
    s.ws.set_portrait()  # a tall sheet of narrow tables: one portrait page
    s.ws.fit_to_pages(1, 1)
    s.note(0, 0, "Asset location: where each class is held, and its yearly tax drag", "title")
    row = _location_summary(s, report, 2)
    row = _location_places(s, report, row + 1)
    row = _location_moves(s, report, row + 1)
    row = _location_rationale(s, report, row + 1)
    _location_drag(s, report, row + 1)
    return s


def _location_summary(s: _Sheet, report: PlanReport, row: int) -> int:
    review = report.location
    return _facts(
        s,
        row,
        [
            ("Value in scope (accounts of this return)", "money", review.total),
            ("Yearly tax drag now", "money", review.current_drag),
            ("Yearly tax drag at the best location", "money", review.best_drag),
            ("Best location gains, $ a year", "money", review.gain_dollars),
            ("Best location gains, bp a year", "bp", review.gain_bp),
            ("Yearly tax drag after this plan", "money", report.location_after_drag),
            ("This plan saves, $ a year", "money", report.location_saved),
            ("This plan saves, bp a year", "bp", report.location_saved_bp),
            ("Of the change, the new allocation's", "money", report.location_allocation_drag),
            ("Horizon (years)", "int", review.rates.years),
            ("Target mix's expected return", "rate", review.rates.growth),
            ("Tax rate on traditional withdrawals", "rate", review.rates.retirement),
            ("Solver status", "text", review.status),
        ],
    )


PLACES_HEADER = ["Asset class", "Account", "Account type", "Now", "Best", "Change"]
CLASS_ORDER = {c: i for i, c in enumerate(AssetClass)}


def _location_places(s: _Sheet, report: PlanReport, row: int) -> int:
    """One row per (class, account) holding the class now or at the best location."""
    review = report.location
    now = {(r.asset_class, r.account): r.amount for r in review.current}
    best = {(r.asset_class, r.account): r.amount for r in review.best}
    accounts = report.household.accounts
    order = {a.id: i for i, a in enumerate(accounts)}
    types = {a.id: type_label(a.type) for a in accounts}
    keys = sorted(
        {*now, *best}, key=lambda k: (CLASS_ORDER[k[0]], order.get(k[1], len(order)), k[1])
    )
    s.note(row, 0, "Where each class is held: now and at the best location", "bold")
    s.header(row + 1, PLACES_HEADER)
    for i, key in enumerate(keys, start=row + 2):
        before, after = round_money(now.get(key, ZERO)), round_money(best.get(key, ZERO))
        s.text(i, 0, key[0].label)
        s.text(i, 1, key[1])
        s.text(i, 2, types.get(key[1], "—"))
        s.money(i, 3, before)
        s.money(i, 4, after)
        s.money(i, 5, after - before)
    return row + 2 + len(keys)


MOVES_HEADER = ["Asset class", "From", "To", "Amount", "Free of tax", "Gain realized"]


def _location_moves(s: _Sheet, report: PlanReport, row: int) -> int:
    moves = report.location.moves
    s.note(row, 0, "Moves to the best location", "bold")
    s.header(row + 1, MOVES_HEADER)
    for i, m in enumerate(moves, start=row + 2):
        s.text(i, 0, m.asset_class.label)
        s.text(i, 1, m.from_account)
        s.text(i, 2, m.to_account)
        s.money(i, 3, m.amount)
        s.text(i, 4, "yes" if m.free else "no")
        s.money(i, 5, m.realized_gain)
    if not moves:
        s.note(row + 2, 0, "None: every class is already where it drags least.")
        return row + 3
    return row + 2 + len(moves)


def _location_rationale(s: _Sheet, report: PlanReport, row: int) -> int:
    rationale = report.location.rationale
    s.note(row, 0, "Why each class belongs where it does", "bold")
    s.header(row + 1, ["Asset class", "Rationale"])
    for i, (cls, sentence) in enumerate(rationale, start=row + 2):
        s.text(i, 0, cls.label)
        s.note(i, 1, sentence)
    return row + 2 + len(rationale)


def _location_drag(s: _Sheet, report: PlanReport, row: int) -> int:
    """Class (or fund) × account type, basis points a year, and where the figures come from."""
    drag = report.location.drag
    kinds = list(dict.fromkeys(d.account_type for d in drag))
    table: dict[tuple[AssetClass, str], dict[AccountType, DragRow]] = {}
    for d in drag:
        table.setdefault((d.asset_class, d.symbol), {})[d.account_type] = d
    s.note(row, 0, "Yearly tax drag of a dollar held, by account type", "bold")
    s.header(
        row + 1,
        ["Asset class", "Fund", *(f"{type_label(k)} (bp a year)" for k in kinds), "Source"],
    )
    for i, ((cls, symbol), cells) in enumerate(table.items(), start=row + 2):
        s.text(i, 0, cls.label)
        s.text(i, 1, symbol or "class figures")
        for j, kind in enumerate(kinds, start=2):
            cell = cells.get(kind)
            if cell is None:
                s.text(i, j, "—")
            else:
                s.bp(i, j, cell.bp_per_year)
        s.text(i, 2 + len(kinds), next(iter(cells.values())).source)
    return row + 2 + len(table)


def _calendar(s: _Sheet, report: PlanReport) -> _Sheet:
    entries = report.whatif.washes.calendar
    s.header(0, ["Securities (substantially identical)", "Sold at a loss on", "Do not buy until"])
    s.ws.freeze_panes(1, 0)
    for i, e in enumerate(entries, start=1):
        s.text(i, 0, ", ".join(e.symbols))
        s.date(i, 1, e.sold_on)
        s.date(i, 2, e.no_buy_until)
    if not entries:
        s.text(1, 0, "No wash-sale window is open.")
    return s


def _assumptions(s: _Sheet, report: PlanReport, input_sha256: str) -> _Sheet:
    household = report.household
    tax = household.tax
    s.text(0, 0, "Assumptions", "title")
    row = _facts(
        s,
        1,
        [
            ("Tax year", "int", tax.year),
            ("Filing status", "text", FILING_STATUS_WORDS[tax.filing_status]),
            ("Marginal rate, short-term gains", "rate", report.short_rate),
            ("Marginal rate, long-term gains", "rate", report.long_rate),
            ("State rate on gains", "rate", tax.state_rate),
            ("Mode", "text", report.plan.mode.value),
            ("trimtab version", "text", _trimtab_version()),
            ("Input file SHA-256", "text", input_sha256),
        ],
    )
    row = _markets(s, report, row + 1)
    row = _location_model(s, report, row + 1)
    s.text(row + 1, 0, "Settings", "bold")
    settings = settings_json(household.settings)
    names = [f.name for f in fields(household.settings)]
    for i, name in enumerate(names, start=row + 2):
        s.text(i, 0, name)
        s.text(i, 1, setting_text(settings[name]))
    return s


def _markets(s: _Sheet, report: PlanReport, row: int) -> int:
    """The capital-market assumptions of the drift cost: γ and the covariance's source."""
    markets = load_markets()
    setting = report.household.settings.risk_aversion
    s.text(row, 0, "Capital-market assumptions (cost of drift)", "bold")
    return _facts(
        s,
        row + 1,
        [
            ("Risk aversion γ", "number", markets.risk_aversion if setting is None else setting),
            (
                "Risk aversion γ from",
                "text",
                "shipped default" if setting is None else "settings: risk_aversion",
            ),
            ("Volatilities and correlations", "text", markets.source),
        ],
    )


def _location_model(s: _Sheet, report: PlanReport, row: int) -> int:
    """The rates and horizon of the asset-location model and its tax-efficiency figures."""
    rates = report.location.rates
    data = load_tax_efficiency()
    s.text(row, 0, "Asset-location model", "bold")
    return _facts(
        s,
        row + 1,
        [
            ("Location horizon (years)", "int", rates.years),
            ("Rate on interest, with NIIT and state", "rate", rates.ordinary),
            ("Rate on qualified dividends, with NIIT and state", "rate", rates.qualified),
            ("State rate on investment income", "rate", rates.state),
            ("Rate on traditional withdrawals", "rate", rates.retirement),
            ("Tax-efficiency figures as of", "text", data.as_of),
            ("Tax-efficiency figures unverified", "text", "yes" if data.unverified else "no"),
            *((f"Source of {name}", "text", text) for name, text in data.sources.items()),
        ],
    )
