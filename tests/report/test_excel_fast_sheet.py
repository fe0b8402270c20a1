"""``FastWorksheet`` (report/excel.py) writes the same workbook, byte for byte, as XlsxWriter's
own ``Worksheet`` given the same cells: its shortcuts for strings, numbers and rows are speed,
never a different file."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
import xlsxwriter.worksheet

from trimtab.report.excel import FastWorksheet

OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}


def _workbook(worksheet_class: type) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, OPTIONS)
    workbook.set_properties({"created": dt.datetime(2026, 1, 2)})
    money = workbook.add_format({"num_format": "$#,##0.00"})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    ws = workbook.add_worksheet("One", worksheet_class=worksheet_class)
    ws._write_string(0, 0, "Symbol", money)
    ws._write_string(0, 3, "Symbol", None)  # the same shared string again, no format
    ws._write_string(2, 1, "x" * 20_000, None)  # past half the limit: the library's way
    ws._write_string(3, 2, "<a & b>", money)  # escaped in the shared strings
    ws._write_number(1, 1, 1234.5, money)
    ws._write_number(1, 4, 7, money)  # an int: the library's way
    ws._write_number(5, 0, 0.1 + 0.2, None)
    ws._write_number(70_000, 0, 1.0, money)  # a far row: the dimensions grow to it
    ws._write_number(1_048_576, 0, 1.0, money)  # outside the sheet: refused (-1) by both
    ws._write_string(0, 16_384, "outside", None)
    ws.write_datetime(4, 0, dt.date(2026, 3, 4), date)
    ws.set_row(6, 30)  # a row with a height and no cells
    workbook.close()
    return buffer.getvalue()


def test_a_fast_sheet_writes_the_librarys_bytes() -> None:
    assert _workbook(FastWorksheet) == _workbook(xlsxwriter.worksheet.Worksheet)


def test_a_fast_sheet_refuses_a_cell_outside_the_sheet_as_the_library_does() -> None:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, OPTIONS)
    ws = workbook.add_worksheet("One", worksheet_class=FastWorksheet)
    assert ws._write_number(1_048_576, 0, 1.0, None) == -1  # Excel's last row is 1,048,575
    assert ws._write_string(0, -1, "x", None) == -1
    assert ws._write_string(0, 0, "x", None) == 0
    workbook.close()
