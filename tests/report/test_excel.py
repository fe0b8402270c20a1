"""The plan workbook: sheets, trade rows, number formats, header, and `plan --out`."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

import trimtab
from trimtab.cli import app
from trimtab.explain.plan import PlanReport
from trimtab.money import round_money, round_shares
from trimtab.pipeline import plan_household
from trimtab.report.excel import MONEY, PERCENT, SHARES, plan_workbook

SHEETS = [
    "Summary",
    "Drift",
    "Trades",
    "Lots",
    "Tax",
    "Accounts",
    "Wash-sale calendar",
    "Assumptions",
]
HASH = "0" * 64


@pytest.fixture(scope="module")
def report() -> PlanReport:
    root = Path(__file__).resolve().parents[2]
    return plan_household(trimtab.load_household(root / "examples" / "household.yaml"))


@pytest.fixture(scope="module")
def book(report: PlanReport) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(plan_workbook(report, HASH)))


def _sheet(book: openpyxl.Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def test_sheet_names(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_trade_rows_are_the_plans_trades(report: PlanReport, book: openpyxl.Workbook) -> None:
    ws = _sheet(book, "Trades")
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Trade", "Account", "Action", "Security", "Shares", "Reason"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None]
    assert report.plan.trades, "the example plan trades"
    assert [(r[1], r[2], r[3], Decimal(str(r[4]))) for r in rows] == [
        (t.account, t.action.value, t.symbol, round_shares(t.quantity)) for t in report.plan.trades
    ]


def test_number_formats(report: PlanReport, book: openpyxl.Workbook) -> None:
    trades = _sheet(book, "Trades")
    header = [c.value for c in trades[1]]
    amount = trades.cell(row=2, column=header.index("Amount") + 1)
    assert amount.number_format == MONEY
    assert isinstance(amount.value, float | int)
    assert Decimal(str(amount.value)) == round_money(report.plan.trades[0].amount)
    assert trades.cell(row=2, column=header.index("Shares") + 1).number_format == SHARES
    drift = _sheet(book, "Drift")
    target = drift.cell(row=2, column=2)
    assert target.number_format == PERCENT
    first = report.drift_before.rows[0]
    assert Decimal(str(target.value)) * 100 == first.target_pct.normalize()


def test_trades_header_frozen_and_filtered(report: PlanReport, book: openpyxl.Workbook) -> None:
    ws = _sheet(book, "Trades")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{len(report.plan.trades) + 1}"


def test_tax_sheet_total_is_the_marginal_estimate(
    report: PlanReport, book: openpyxl.Workbook
) -> None:
    ws = _sheet(book, "Tax")
    total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Total")
    assert [Decimal(str(v)) for v in total[1:4]] == [
        round_money(report.whatif.without.total),
        round_money(report.whatif.estimate.total),
        round_money(report.whatif.marginal.total),
    ]


def test_assumptions_carry_the_input_hash(book: openpyxl.Workbook) -> None:
    ws = _sheet(book, "Assumptions")
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] is not None}
    assert values["Input file SHA-256"] == HASH
    assert values["Tax year"] == 2026


def test_same_plan_same_bytes(report: PlanReport) -> None:
    assert plan_workbook(report, HASH) == plan_workbook(report, HASH)


def test_formula_like_text_is_a_string(report: PlanReport) -> None:
    evil = '=HYPERLINK("http://example.com","x")'
    trades = (replace(report.plan.trades[0], account=evil, symbol="+1"), *report.plan.trades[1:])
    plan = replace(report.plan, household=evil, trades=trades)
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(replace(report, plan=plan), HASH)))
    summary = _sheet(book, "Summary")
    household = next(r for r in summary.iter_rows() if r[0].value == "Household")[1]
    assert household.data_type == "s"
    assert household.value == evil
    row = _sheet(book, "Trades")[2]
    assert (row[1].data_type, row[1].value) == ("s", evil)
    assert (row[3].data_type, row[3].value) == ("s", "+1")


def test_plan_out_writes_json_and_workbook(tmp_path: Path, example_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(example_path), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "plan.json").is_file()
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames == SHEETS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.xlsx", "report.html"]
