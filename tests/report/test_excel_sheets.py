"""Every sheet of ``plan.xlsx`` against the PlanReport it renders (issue #12, "Done means").

Two plans, each built once for the module:

- the example household (examples/household.yaml): trades only in sheltered accounts and one
  cash-flow buy, three wash-guard warnings, a VNQ wash-sale window from a recent loss sale;
- a scenario (2026, single) whose plan sells taxable lots: the client orders 65 IVV sold from
  the brokerage naming lots [LOSS, G] (60 shares bought 2026-01-05 at $600: a short-term loss;
  5 of G, bought 2015-01-05 at $100: a long-term gain) although sam's IRA bought 5 VOO (the same
  index) ten days ago, so 5 of the 60 loss shares are washed for good; and BND sold in the IRA
  (a sheltered sale: the Lots sheet lists it, not taxed here). The plan then buys bonds and VTI
  (not the washed S&P 500 group), leaving small/mid cap and cash, classes without a target, on
  the after side only. Its settings set a tax budget, a breakeven horizon, a commission and γ,
  so every kind of setting is written.

Expected cells come from the report's own objects (trades, lots, drift rows, account changes,
the wash-sale calendar, settings), rounded half-up to the shown precision as the renderer
promises (src/trimtab/report/excel.py: cents, six places of a share, four places of a percent,
two places of a basis point or a year), never from the workbook's earlier output.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

import trimtab
from helpers.plan_households import household, planned
from trimtab.analysis.drift import DriftRow
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import AssetClass, TradeAction
from trimtab.model.settings import TaxBudget
from trimtab.money import HUNDRED, ZERO, round_money, round_percent, round_shares
from trimtab.pipeline import plan_household
from trimtab.report.excel import (
    BP,
    DATE,
    MONEY,
    NUMBER,
    PERCENT,
    RATE,
    SHARES,
    WHOLE_SHARES,
    YEARS,
    plan_workbook,
)
from trimtab.report.words import (
    ACTION_LABELS,
    FILING_STATUS_WORDS,
    REASON_WORDS,
    account_labels,
    type_label,
)

HASH = "0" * 64
INT = "0"
GENERAL = "General"

# A cell as read back: (value, number format); numbers as Decimals (floats through their repr),
# dates as dates, text as str.
Reading = tuple[Any, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """A plan and its workbook, read back with openpyxl."""

    name: str
    report: PlanReport
    book: openpyxl.Workbook


def _render(report: PlanReport) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(plan_workbook(report, HASH)))


@pytest.fixture(scope="module")
def example() -> Case:
    root = Path(__file__).resolve().parents[2]
    report = plan_household(trimtab.load_household(root / "examples" / "household.yaml"))
    return Case(name="example", report=report, book=_render(report))


PRICES = "{IVV: 500, VOO: 460, FXAIX: 230, VTI: 330, BND: 75}"
ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: G, acquired: 2015-01-05, quantity: 60, cost: 6000}
          - {id: LOSS, acquired: 2026-01-05, quantity: 60, cost: 36000}
      - symbol: BND
        lots: [{id: B, acquired: 2020-01-06, quantity: 400, cost: 30000}]
  - id: spouse-ira
    type: traditional_ira
    owners: [sam]
    holdings: [{symbol: BND, quantity: 200}]
"""
EXTRA = """\
transactions:
  - {date: 2026-11-14, account: spouse-ira, action: buy, symbol: VOO, quantity: 5, price: 458}
orders:
  - {account: brokerage, action: sell, symbol: IVV, quantity: 65, lots: [LOSS, G]}
  - {account: spouse-ira, action: sell, symbol: BND, quantity: 100}
"""
SETTINGS = (
    "{commission_per_trade: 1, breakeven_horizon_years: 40, risk_aversion: 2.5,"
    " tax_budget: {kind: tax, amount: 100000}}"
)


@pytest.fixture(scope="module")
def lots(tmp_path_factory: pytest.TempPathFactory) -> Case:
    tmp = tmp_path_factory.mktemp("lots")
    h = household(tmp, ACCOUNTS, prices=PRICES, settings=SETTINGS, extra=EXTRA)
    report = planned(h)
    return Case(name="lots", report=report, book=_render(report))


@pytest.fixture(scope="module", params=["example", "lots"])
def case(request: pytest.FixtureRequest) -> Case:
    value = request.getfixturevalue(request.param)
    assert isinstance(value, Case)
    return value


# --- reading cells and the expected readings ----------------------------------------------------


def _sheet(book: openpyxl.Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def _read(cell: Any) -> Reading:
    value = cell.value
    assert not isinstance(value, bool), cell.coordinate
    if isinstance(value, int | float):
        return Decimal(repr(value)), cell.number_format
    if isinstance(value, dt.datetime):
        return value.date(), cell.number_format
    return value, cell.number_format


def _row(ws: Worksheet, row: int, width: int) -> list[Reading]:
    return [_read(ws.cell(row=row, column=col)) for col in range(1, width + 1)]


def _header(ws: Worksheet) -> list[Any]:
    return [c.value for c in ws[1]]


def _text(value: str) -> Reading:
    return value, GENERAL


def _money(value: Decimal) -> Reading:
    return round_money(value), MONEY


def _shares(value: Decimal) -> Reading:
    """Shares as the security trades them: whole ones without decimals, else up to six."""
    rounded = round_shares(value)
    return rounded, WHOLE_SHARES if rounded == rounded.to_integral_value() else SHARES


EMPTY: Reading = (None, GENERAL)  # a cell left empty


def _pct(points: Decimal) -> Reading:
    """A percent in points (35.5) as the fraction the cell holds (0.355), 4 places of a %."""
    return round_percent(points) / HUNDRED, PERCENT


def _rate(fraction: Decimal) -> Reading:
    """A rate (0.27) as its cell: the fraction, rounded to four places of a percent."""
    return round_percent(fraction * HUNDRED) / HUNDRED, RATE


def _date(value: dt.date) -> Reading:
    return value, DATE


def _int(value: int) -> Reading:
    return Decimal(value), INT


def _years(value: Decimal | None) -> Reading:
    return _text("—") if value is None else (round_money(value), YEARS)


def _facts(ws: Worksheet, first: int) -> list[tuple[str, Reading]]:
    """(label, value) rows from row ``first`` down to the first blank label."""
    out = []
    for row in range(first, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        if label is None:
            break
        out.append((label, _read(ws.cell(row=row, column=2))))
    return out


def _label_row(ws: Worksheet, label: str) -> int:
    rows = [c.row for c in ws["A"] if c.value == label]
    assert len(rows) == 1, (label, rows)
    row = rows[0]
    assert isinstance(row, int)
    return row


# --- Summary ------------------------------------------------------------------------------------


def _summary_facts(report: PlanReport) -> list[tuple[str, Reading]]:
    plan, worth = report.plan, report.breakeven
    costs = sum((t.transaction_cost for t in plan.trades), ZERO)
    return [
        ("Household", _text(plan.household)),
        ("As of", _date(plan.as_of)),
        ("Tax year", _int(plan.tax_year)),
        ("Mode", _text(plan.mode.value)),
        ("Total value before", _money(report.drift_before.total_value)),
        ("Total value after", _money(report.drift_after.total_value)),
        ("Trades", _int(len(plan.trades))),
        ("Tax impact (exact, marginal)", _money(report.whatif.marginal.total)),
        ("Transaction costs", _money(costs)),
        ("Breakeven: annual benefit", _money(worth.annual_benefit)),
        ("Breakeven: tax and costs", _money(worth.tax_and_costs)),
        ("Breakeven: payback (years)", _years(worth.payback_years)),
        ("Breakeven: horizon (years)", _years(worth.horizon_years)),
        ("Solver status", _text(plan.solver_status)),
    ]


def test_summary_figures(case: Case) -> None:
    report, ws = case.report, _sheet(case.book, "Summary")
    assert ws["A1"].value == f"Rebalancing plan: {report.plan.household}"
    assert _facts(ws, 3) == _summary_facts(report)
    # the breakeven's tax and costs are the marginal tax plus every trade's cost
    costs = sum((t.transaction_cost for t in report.plan.trades), ZERO)
    assert report.breakeven.tax_and_costs == report.whatif.marginal.total + costs
    if case.name == "lots":  # the horizon setting (40 years) is a number, not "—"
        assert dict(_facts(ws, 3))["Breakeven: horizon (years)"] == (Decimal(40), YEARS)


def test_summary_warnings(case: Case) -> None:
    warnings, ws = case.report.plan.warnings, _sheet(case.book, "Summary")
    assert warnings, "both plans warn"  # the example: VNQ not bought (its wash-sale window)
    first = _label_row(ws, "Warnings")
    assert first == 3 + len(_summary_facts(case.report)) + 1, "one blank row after the figures"
    got = [
        (ws.cell(row=row, column=2).value, ws.cell(row=row, column=3).value)
        for row in range(first, ws.max_row + 1)
    ]
    assert got == [(w.kind, w.message) for w in warnings]
    assert all(ws.cell(row=row, column=1).value is None for row in range(first + 1, ws.max_row + 1))


def test_summary_without_warnings_says_none(example: Case) -> None:
    report = replace(example.report, plan=replace(example.report.plan, warnings=()))
    ws = _sheet(_render(report), "Summary")
    row = _label_row(ws, "Warnings")
    assert (ws.cell(row=row, column=2).value, ws.max_row) == ("none", row)


# --- Drift --------------------------------------------------------------------------------------

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


def _drift_classes(report: PlanReport) -> list[AssetClass]:
    held = {r.asset_class for r in (*report.drift_before.rows, *report.drift_after.rows)}
    return [c for c in AssetClass if c in held]


def _drift_side(row: DriftRow | None) -> list[Reading]:
    if row is None:  # the class is not in the household on this side
        return [_text("—")] * 4
    status = "Outside" if row.outside else "Inside"
    return [_pct(row.current_pct), _pct(row.drift_pct), _money(row.over_under), _text(status)]


def _drift_rows(report: PlanReport) -> list[list[Reading]]:
    before = {r.asset_class: r for r in report.drift_before.rows}
    after = {r.asset_class: r for r in report.drift_after.rows}
    rows = []
    for cls in _drift_classes(report):
        b, a = before.get(cls), after.get(cls)
        band = b or a
        assert band is not None
        rows.append(
            [
                _text(cls.label),
                _pct(band.target_pct),
                _pct(band.low_pct),
                _pct(band.high_pct),
                *_drift_side(b),
                *_drift_side(a),
            ]
        )
    return rows


def test_drift_rows_are_the_drift_tables(case: Case) -> None:
    ws = _sheet(case.book, "Drift")
    expected = _drift_rows(case.report)
    assert _header(ws) == DRIFT_HEADER
    assert ws.max_row == len(expected) + 1
    got = [_row(ws, row, len(DRIFT_HEADER)) for row in range(2, ws.max_row + 1)]
    assert got == expected


RULE = re.compile(r'^\$([A-Z]+)(\d+)="Outside"$')
OUTSIDE_FILL = "FFFFC7CE"


def _shaded(ws: Worksheet) -> set[str]:
    """The cells the sheet's conditional formats shade, each rule's formula evaluated per cell
    (its row reference is relative to the top row of the range it applies to)."""
    out = set()
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            match = RULE.match(rule.formula[0])
            assert rule.type == "expression" and match, rule.formula
            assert rule.dxf.fill.bgColor.rgb == OUTSIDE_FILL
            column, top = match[1], int(match[2])
            for rng in cf.sqref.ranges:
                for row in range(rng.min_row, rng.max_row + 1):
                    if ws[f"{column}{row + top - rng.min_row}"].value != "Outside":
                        continue
                    out |= {
                        ws.cell(row=row, column=col).coordinate
                        for col in range(rng.min_col, rng.max_col + 1)
                    }
    return out


def test_drift_out_of_band_cells_are_shaded(case: Case) -> None:
    # before: E (%), F (drift), G ($), H (status); after: I, J, K, L
    before = {r.asset_class: r.outside for r in case.report.drift_before.rows}
    after = {r.asset_class: r.outside for r in case.report.drift_after.rows}
    expected = set()
    for i, cls in enumerate(_drift_classes(case.report), start=2):
        if before.get(cls):
            expected |= {f"{col}{i}" for col in "EFGH"}
        if after.get(cls):
            expected |= {f"{col}{i}" for col in "IJKL"}
    assert expected, "each plan starts with a class outside its band"
    assert _shaded(_sheet(case.book, "Drift")) == expected


def test_drift_chart_plots_target_before_and_after(case: Case) -> None:
    ws = _sheet(case.book, "Drift")
    charts = ws._charts
    assert len(charts) == 1
    last = len(_drift_classes(case.report)) + 1
    series = [(s.tx.v, s.cat.strRef.f, s.val.numRef.f) for s in charts[0].series]
    assert series == [
        (name, f"Drift!$A$2:$A${last}", f"Drift!${col}$2:${col}${last}")
        for name, col in (("Target", "B"), ("Before", "E"), ("After", "I"))
    ]


# --- Trades -------------------------------------------------------------------------------------

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


def test_trades_rows_are_the_plans_trades(case: Case) -> None:
    trades, ws = case.report.plan.trades, _sheet(case.book, "Trades")
    assert _header(ws) == TRADES_HEADER
    assert ws.max_row == len(trades) + 1
    taxed = {a.id for a in case.report.household.accounts if a.type.is_taxable}
    expected = [
        [
            _text(t.id),
            _text(t.account),
            _text(ACTION_LABELS[t.action]),
            _text(t.symbol),
            _shares(t.quantity),
            _text(REASON_WORDS[t.reason]),
            # no gain to show in a tax-free or tax-deferred account: empty cells
            *(
                [
                    _money(t.short_term_gain + t.long_term_gain),
                    _money(t.short_term_gain),
                    _money(t.long_term_gain),
                    _money(t.wash_disallowed),
                ]
                if t.account in taxed
                else [EMPTY] * 4
            ),
            _money(t.price),
            _money(t.amount),
            _money(t.transaction_cost),
            _text(t.rationale),
        ]
        for t in trades
    ]
    got = [_row(ws, row, len(TRADES_HEADER)) for row in range(2, ws.max_row + 1)]
    assert got == expected


def test_trades_numbers_are_shares_or_money(case: Case) -> None:
    ws = _sheet(case.book, "Trades")
    formats = {
        (TRADES_HEADER[c.column - 1], c.number_format)
        for row in ws.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, int | float)
    }
    shares = {f for name, f in formats if name == "Shares"}
    assert shares and shares <= {SHARES, WHOLE_SHARES}
    assert formats - {("Shares", f) for f in shares} <= {
        (name, MONEY) for name in TRADES_HEADER[6:13]
    }


# --- Lots ---------------------------------------------------------------------------------------

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


def test_lots_scenario_realizes_and_washes(lots: Case) -> None:
    # the scenario is what the Lots and Trades checks need: a taxable sale of two lots, one of
    # them washed; the IRA's sale realizes nothing here.
    sale = lots.report.plan.trades[0]
    assert (sale.account, [lot.lot_id for lot in sale.lots]) == ("brokerage", ["LOSS", "G"])
    assert sale.short_term_gain < 0 < sale.long_term_gain
    assert sale.wash_disallowed > 0 and sale.lots[0].wash_disallowed == sale.wash_disallowed
    ira = [t for t in lots.report.plan.trades if t.account == "spouse-ira"]
    assert any(t.action is TradeAction.SELL and not t.lots for t in ira)


def _lot_rows(report: PlanReport) -> list[list[Reading]]:
    """Each sell's lots in plan order: a taxable sale's lots are the plan's own (with their
    wash); a sheltered sale's rows are the realization's rows of the trade (not taxed here)."""
    realized = report.whatif.realization.realized
    taxable = {a.id for a in report.household.accounts if a.type.is_taxable}
    rows = []
    for t in report.plan.trades:
        if t.action is not TradeAction.SELL:
            continue
        head = [_text(t.id), _text(t.account), _text(t.symbol)]
        taxed = [(lot, "Yes", lot.wash_disallowed) for lot in t.lots]
        sheltered = [(r, "No", ZERO) for r in realized if r.trade == t.id and not r.taxed_here]
        assert not (taxed and sheltered)
        for lot, here, wash in taxed or sheltered:
            shown = t.account in taxable  # a sheltered sale has no date, cost, gain or term
            rows.append(
                [
                    *head,
                    _text(lot.lot_id),
                    _date(lot.acquired) if shown else EMPTY,
                    _date(lot.holding_period_start) if shown else EMPTY,
                    _date(report.plan.as_of),
                    _shares(lot.quantity),
                    _money(lot.cost) if shown else EMPTY,
                    _money(lot.proceeds),
                    _money(lot.gain) if shown else EMPTY,
                    _text("Long-term" if lot.long_term else "Short-term") if shown else EMPTY,
                    _text(here),
                    _money(wash),
                ]
            )
    return rows


def test_lots_rows_are_the_plans_lots(case: Case) -> None:
    ws = _sheet(case.book, "Lots")
    expected = _lot_rows(case.report)
    assert expected, "each plan sells"
    assert _header(ws) == LOTS_HEADER
    assert ws.max_row == len(expected) + 1
    assert [_row(ws, row, len(LOTS_HEADER)) for row in range(2, ws.max_row + 1)] == expected
    assert len(expected) == len(case.report.whatif.realization.realized), "every lot sold"


def test_lots_of_the_scenario_by_hand(lots: Case) -> None:
    # P1 sells 65 IVV at $500: amount 32,500.00, cost 2 bp × 32,500 + $1 = 7.50, net proceeds
    # 32,492.50 = 499.884615… a share.
    #   LOSS: 60 × 499.884615 = 29,993.08 − 36,000 = −6,006.92 (short-term); 5 of its 60
    #         shares are replaced by the 5 VOO: 6,006.923 × 5 / 60 = 500.58 disallowed
    #   G:    the rest, 32,492.50 − 29,993.0769 = 2,499.42 − 500 = 1,999.42 (long-term)
    # P2 sells 102 BND at $75 in the IRA: 7,650.00 at its value, cost 2 bp × 7,650 + 1 = 2.53,
    # proceeds 7,647.47: not taxed here, shown as sold the day it is "acquired".
    ws = _sheet(lots.book, "Lots")
    got = [[v for v, _ in _row(ws, row, len(LOTS_HEADER))] for row in range(2, ws.max_row + 1)]
    sold = dt.date(2026, 11, 24)
    long_ago, this_year = dt.date(2015, 1, 5), dt.date(2026, 1, 5)
    assert [r[:7] for r in got] == [
        ["P1", "brokerage", "IVV", "LOSS", this_year, this_year, sold],
        ["P1", "brokerage", "IVV", "G", long_ago, long_ago, sold],
        ["P2", "spouse-ira", "BND", "spouse-ira/BND", None, None, sold],
    ]
    d = Decimal
    # the IRA's sale shows its shares and proceeds only: no cost, gain or term
    assert [r[7:] for r in got] == [
        [d(60), d(36000), d("29993.08"), d("-6006.92"), "Short-term", "Yes", d("500.58")],
        [d(5), d(500), d("2499.42"), d("1999.42"), "Long-term", "Yes", d(0)],
        [d(102), None, d("7647.47"), None, None, "No", d(0)],
    ]


def test_lots_add_up_to_each_sale(case: Case) -> None:
    # whole shares and single lots here, so the rounded rows add up to the rounded trade
    ws = _sheet(case.book, "Lots")
    shares: dict[str, Decimal] = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        shares[str(row[0])] = shares.get(str(row[0]), ZERO) + Decimal(repr(row[7]))
    sells = [t for t in case.report.plan.trades if t.action is TradeAction.SELL]
    assert shares == {t.id: round_shares(t.quantity) for t in sells}


# --- Accounts -----------------------------------------------------------------------------------

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


def test_accounts_rows_are_the_account_changes(case: Case) -> None:
    changes, ws = case.report.plan.accounts, _sheet(case.book, "Accounts")
    assert _header(ws) == ACCOUNTS_HEADER
    assert ws.max_row == len(changes) + 1
    expected = [
        [
            _text(a.account),
            _money(a.value_before),
            _money(a.value_after),
            _money(a.cash_before),
            _money(a.cash_after),
            _money(a.contributed),
            _money(a.distributed),
            _int(a.trades),
            *_account_words(case.report, a.account),
        ]
        for a in changes
    ]
    assert [_row(ws, row, len(ACCOUNTS_HEADER)) for row in range(2, ws.max_row + 1)] == expected
    assert sum(a.trades for a in changes) == len(case.report.plan.trades)


def _account_words(report: PlanReport, account_id: str) -> list[Reading]:
    account = report.household.account(account_id)
    assert account is not None
    return [
        _text(account_labels(report.household)[account_id]),
        _text(type_label(account.type)),
        _text(account.custodian.label if account.custodian else "—"),
        _text(account.number or "—"),
    ]


def test_accounts_of_the_example_have_names_and_custodians(example: Case) -> None:
    ws = _sheet(example.book, "Accounts")
    rows = {r[0]: r[8:] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["ana-ira"] == ("Ana's IRA", "Traditional IRA", "Charles Schwab", "XXXX-7788")
    assert rows["luis-ira"] == ("Luis's IRA", "Traditional IRA", "Interactive Brokers", "U1234567")
    assert rows["luis-401k"] == ("Luis's 401(k)", "401(k)", "Fidelity", "—")


# --- Wash-sale calendar -------------------------------------------------------------------------

CALENDAR_HEADER = ["Securities (substantially identical)", "Sold at a loss on", "Do not buy until"]


def _calendar(ws: Worksheet) -> list[list[Reading]]:
    return [_row(ws, row, 3) for row in range(2, ws.max_row + 1)]


def test_calendar_rows_are_the_wash_calendar(case: Case) -> None:
    entries, ws = case.report.whatif.washes.calendar, _sheet(case.book, "Wash-sale calendar")
    assert _header(ws) == CALENDAR_HEADER
    assert _calendar(ws) == [
        [_text(", ".join(e.symbols)), _date(e.sold_on), _date(e.no_buy_until)] for e in entries
    ]


def test_calendar_of_the_example_by_hand(example: Case) -> None:
    # VNQ (and VGSLX, the same index) sold at a loss on 2026-11-05 (transactions): a purchase
    # up to 30 days later, 2026-11-05 + 30 = 2026-12-05, would wash it. The plan's own loss
    # sales today (issue 20): VEA lot L7 (P1) and VWO lot L8 (P2), with their funds of the
    # same index (VTMGX, VEMAX), until 2026-11-24 + 30 = 2026-12-24.
    ws = _sheet(example.book, "Wash-sale calendar")
    today, later = _date(dt.date(2026, 11, 24)), _date(dt.date(2026, 12, 24))
    assert _calendar(ws) == [
        [_text("VGSLX, VNQ"), _date(dt.date(2026, 11, 5)), _date(dt.date(2026, 12, 5))],
        [_text("VEA, VTMGX"), today, later],
        [_text("VEMAX, VWO"), today, later],
    ]


def test_calendar_of_the_lots_scenario_by_hand(lots: Case) -> None:
    # the plan's own loss sale of IVV today, 2026-11-24: the S&P 500 group until 2026-12-24
    ws = _sheet(lots.book, "Wash-sale calendar")
    group = "FXAIX, IVV, SPLG, SPY, SWPPX, VFIAX, VINIX, VOO"
    assert _calendar(ws) == [
        [_text(group), _date(dt.date(2026, 11, 24)), _date(dt.date(2026, 12, 24))]
    ]


def test_empty_calendar_says_so(example: Case) -> None:
    whatif = example.report.whatif
    washes = replace(whatif.washes, calendar=())
    book = _render(replace(example.report, whatif=replace(whatif, washes=washes)))
    ws = _sheet(book, "Wash-sale calendar")
    assert [c.value for c in ws[2]] == ["No wash-sale window is open.", None, None]
    assert ws.max_row == 2


# --- Assumptions --------------------------------------------------------------------------------


def _setting_text(value: Any) -> str:
    """A setting in words, as the sheet writes it (plan_json.setting_text)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, TaxBudget):
        return f"kind: {value.kind.value}, amount: {value.amount}"
    if isinstance(value, tuple):  # spread_bps: (security type, bps) pairs
        return ", ".join(f"{kind.value}: {bps}" for kind, bps in value)
    return str(value)


def test_assumptions_tax_profile_and_rates(case: Case) -> None:
    report, ws = case.report, _sheet(case.book, "Assumptions")
    tax = report.household.tax
    assert _facts(ws, 2)[:8] == [
        ("Tax year", _int(tax.year)),
        ("Filing status", _text(FILING_STATUS_WORDS[tax.filing_status])),
        ("Marginal rate, short-term gains", _rate(report.short_rate)),
        ("Marginal rate, long-term gains", _rate(report.long_rate)),
        ("State rate on gains", _rate(tax.state_rate)),
        ("Mode", _text(report.plan.mode.value)),
        ("trimtab version", _text(version("trimtab"))),
        ("Input file SHA-256", _text(HASH)),
    ]


def test_assumptions_list_every_setting(case: Case) -> None:
    settings, ws = case.report.household.settings, _sheet(case.book, "Assumptions")
    first = _label_row(ws, "Settings") + 1
    got = [
        (ws.cell(row=row, column=1).value, _read(ws.cell(row=row, column=2)))
        for row in range(first, ws.max_row + 1)
    ]
    assert got == [
        (f.name, _text(_setting_text(getattr(settings, f.name)))) for f in fields(settings)
    ]


def test_assumptions_settings_of_the_lots_scenario(lots: Case) -> None:
    ws = _sheet(lots.book, "Assumptions")
    first = _label_row(ws, "Settings") + 1
    written = {
        ws.cell(row=row, column=1).value: ws.cell(row=row, column=2).value
        for row in range(first, ws.max_row + 1)
    }
    assert written["tax_budget"] == "kind: tax, amount: 100000"
    assert written["breakeven_horizon_years"] == "40"
    assert written["risk_aversion"] == "2.5"
    assert written["commission_per_trade"] == "1"
    assert written["spread_bps"] == "etf: 2, stock: 5, mutual_fund: 0, money_market: 0"
    gamma = ws.cell(row=_label_row(ws, "Risk aversion γ"), column=2)
    assert _read(gamma) == (Decimal("2.5"), NUMBER)


def test_risk_aversion_cell_is_rounded_to_its_shown_places(example: Case) -> None:
    household = example.report.household
    settings = replace(household.settings, risk_aversion=Decimal("2.123456"))
    report = replace(example.report, household=replace(household, settings=settings))
    ws = _sheet(_render(report), "Assumptions")
    gamma = ws.cell(row=_label_row(ws, "Risk aversion γ"), column=2)
    assert _read(gamma) == (Decimal("2.1235"), NUMBER)  # 2.123456 half-up to 4 places


# --- every sheet: numbers carry a number format and are rounded to it ---------------------------

# Cells that are deliberately whole numbers (format "0"): counts and years.
INTEGER_FACTS = {
    ("Summary", "Tax year"),
    ("Summary", "Trades"),
    ("Location", "Horizon (years)"),
    ("Assumptions", "Tax year"),
    ("Assumptions", "Location horizon (years)"),
}
INTEGER_COLUMNS = {("Accounts", "Trades")}
# decimal places each number format shows (PERCENT is RATE, BP is YEARS: same strings)
PLACES = {
    MONEY: 2,
    SHARES: 6,
    WHOLE_SHARES: 0,
    PERCENT: 6,
    RATE: 6,
    BP: 2,
    YEARS: 2,
    NUMBER: 4,
    INT: 0,
}


def _is_integer_cell(ws: Worksheet, cell: Cell) -> bool:
    label = ws.cell(row=cell.row, column=1).value
    header = ws.cell(row=1, column=cell.column).value
    by_label = cell.column == 2 and (ws.title, label) in INTEGER_FACTS
    return by_label or (ws.title, header) in INTEGER_COLUMNS


def _check_cell(ws: Worksheet, cell: Cell, integers: list[tuple[str, int, int]]) -> None:
    where = f"{ws.title}!{cell.coordinate}"
    value = cell.value
    assert cell.data_type != "f", f"{where}: a formula"
    if isinstance(value, dt.datetime):
        assert cell.number_format == DATE, where
    elif isinstance(value, int | float) and not isinstance(value, bool):
        fmt = cell.number_format
        assert fmt in PLACES, f"{where}: {fmt!r}"
        assert (fmt == INT) is _is_integer_cell(ws, cell), f"{where}: {fmt!r}"
        exponent = Decimal(repr(value)).as_tuple().exponent
        assert isinstance(exponent, int) and exponent >= -PLACES[fmt], f"{where}: {value!r}"
        if fmt == INT:
            integers.append((ws.title, cell.row, cell.column))
    elif value is not None:
        assert isinstance(value, str) and cell.data_type == "s", where


def test_every_number_has_its_format_and_precision(case: Case) -> None:
    integers: list[tuple[str, int, int]] = []
    for ws in case.book.worksheets:
        assert isinstance(ws, Worksheet)
        for row in ws.iter_rows():
            for cell in row:
                assert isinstance(cell, Cell)
                _check_cell(ws, cell, integers)
    # every listed integer cell is there (the list is not stale)
    accounts = len(case.report.plan.accounts)
    assert len(integers) == len(INTEGER_FACTS) + accounts * len(INTEGER_COLUMNS)
