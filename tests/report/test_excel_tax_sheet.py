"""The Trades, Lots and Tax sheets of a plan that realizes gains, checked against hand arithmetic.

Scenario (2026, single, ordinary taxable income $90,000; tests/helpers/plan_households.py).
Household 103,000: the brokerage holds 20 IVV at $500 (lot LT: 15 shares bought 2015-01-05 for
$1,500, $100 a share; lot ST: 5 shares bought 2026-03-02 for $2,000, $400 a share); the IRA holds
80 IVV, 640 BND at $75 and $5,000 cash. Targets 48 / 47 / 5 with 5/25 bands: large 48.5 %
(43–53), bonds 46.6 % (42–52), cash 4.9 % (3.75–6.25): all inside, so the plan is the client's
two orders and nothing else:

    P1 sell 10 IVV, lots [ST, LT] (specific identification takes them in that order: 5 + 5)
       amount 10 × 500 = 5,000.00; cost = 2 bps × 5,000 + $5 commission = 1.00 + 5 = 6.00
       net proceeds 4,994.00 = 499.40 a share
       ST: 5 × 499.40 − 2,000 = 2,497.00 − 2,000 =   497.00 short-term gain
       LT: 5 × 499.40 −   500 = 2,497.00 −   500 = 1,997.00 long-term gain
    P2 buy 190 SCHZ at $25: amount 4,750.00; cost = 2 bps × 4,750 + 5 = 0.95 + 5 = 5.95

After: large 45,000 of 102,988.05 = 43.7 %, bonds 52,750 = 51.2 %, cash 5,238.05 = 5.1 %
(the brokerage keeps 4,994.00 − 4,755.95 = 238.05): inside every band, no other trade.

Tax without the plan (single brackets: 10 % to 12,400, 12 % to 50,400, 22 % to 105,700):
    1,240.00 + 12 % × 38,000 (4,560.00) + 22 % × 39,600 (8,712.00) = 14,512.00
With it: taxable 90,000 + 497 + 1,997 = 92,494; preferential (net capital gain) 1,997, stacked
on ordinary 90,497, above the 0 % top (49,450), below the 15 % top (545,500):
    ordinary tax   on 90,497: 1,240 + 4,560 + 22 % × 40,097 (8,821.34) = 14,621.34
    preferential:  15 % × 1,997 = 299.55; worksheet line 23 = 14,920.89
    regular tax on all 92,494: 1,240 + 4,560 + 22 % × 42,094 (9,260.68) = 15,060.68 (line 24)
    income tax = min(14,920.89, 15,060.68) = 14,920.89: +408.89 (= 22 % × 497 + 15 % × 1,997)
NIIT: MAGI about 92,494, far below 200,000: 0. State rate 0: 0. Total +408.89.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from helpers.plan_households import HEADER, PRICES, household, planned
from trimtab import load_household
from trimtab.explain.plan import PlanReport
from trimtab.report.excel import MONEY, WHOLE_SHARES, plan_workbook

ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: LT, acquired: 2015-01-05, quantity: 15, cost: 1500}
          - {id: ST, acquired: 2026-03-02, quantity: 5, cost: 2000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    cash: 5000
    holdings: [{symbol: IVV, quantity: 80}, {symbol: BND, quantity: 640}]
"""
ORDERS = """\
orders:
  - {account: brokerage, action: sell, symbol: IVV, quantity: 10, lots: [ST, LT]}
  - {account: brokerage, action: buy, symbol: SCHZ, quantity: 190}
"""
TARGETS = "{us_large_cap: 48, ig_bonds: 47, cash: 5}"
SETTINGS = "{location_weight: 0, commission_per_trade: 5}"


def _book(report: PlanReport) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(plan_workbook(report, "0" * 64)))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    tmp = tmp_path_factory.mktemp("gains")
    h = household(tmp, ACCOUNTS, targets=TARGETS, settings=SETTINGS, extra=ORDERS)
    return _book(planned(h))


def _sheet(book: openpyxl.Workbook, name: str) -> Worksheet:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return ws


def _cells(ws: Worksheet, row: int) -> dict[str, Any]:
    """Row ``row`` (1-based) by the sheet's header in row 1: (value, number format)."""
    header = [c.value for c in ws[1]]
    return {
        str(name): (c.value, c.number_format)
        for name, c in zip(header, ws[row], strict=True)
        if name is not None
    }


def _money(value: str) -> tuple[Decimal, str]:
    return Decimal(value), MONEY


def _read(cells: dict[str, Any]) -> dict[str, Any]:
    """Numbers as Decimals (floats through their repr), text as is, with each number format."""
    return {
        k: (Decimal(repr(v)) if isinstance(v, float | int) else v, fmt)
        for k, (v, fmt) in cells.items()
    }


def test_trades_sheet_rows(book: openpyxl.Workbook) -> None:
    ws = _sheet(book, "Trades")
    sell = _read(_cells(ws, 2))
    assert {k: v for k, v in sell.items() if k != "Rationale"} == {
        "Trade": ("P1", "General"),
        "Account": ("brokerage", "General"),
        "Action": ("Sell", "General"),
        "Security": ("IVV", "General"),
        "Shares": (Decimal(10), WHOLE_SHARES),  # whole shares show no decimals
        "Reason": ("Client order", "General"),
        "Tax Impact": _money("2494"),  # 497.00 + 1,997.00
        "Short-term gain": _money("497"),  # 5 × 499.40 − 2,000
        "Long-term gain": _money("1997"),  # 5 × 499.40 − 500
        "Wash disallowed": _money("0"),
        "Price": _money("500"),
        "Amount": _money("5000"),  # 10 × 500
        "Estimated cost": _money("6"),  # 2 bps × 5,000 + 5
    }
    buy = _read(_cells(ws, 3))
    assert (buy["Action"][0], buy["Security"][0], buy["Shares"]) == (
        "Buy",
        "SCHZ",
        (190, WHOLE_SHARES),
    )
    assert buy["Tax Impact"] == _money("0")
    assert buy["Amount"] == _money("4750")  # 190 × 25
    assert buy["Estimated cost"] == _money("5.95")  # 2 bps × 4,750 + 5
    assert ws.max_row == 3, "the two orders and nothing else"


def test_lots_sheet_rows(book: openpyxl.Workbook) -> None:
    ws = _sheet(book, "Lots")
    rows = [_read(_cells(ws, r)) for r in (2, 3)]
    assert [
        (r["Lot"][0], r["Shares"][0], r["Cost"], r["Proceeds"], r["Gain"], r["Term"][0])
        for r in rows
    ] == [
        ("ST", 5, _money("2000"), _money("2497"), _money("497"), "Short-term"),
        ("LT", 5, _money("500"), _money("2497"), _money("1997"), "Long-term"),
    ]


def _tax_rows(book: openpyxl.Workbook) -> dict[str, list[tuple[Decimal, str]]]:
    """The Tax sheet's labelled rows: label -> [(value, number format), ...] of its figures."""
    ws = _sheet(book, "Tax")
    out: dict[str, list[tuple[Decimal, str]]] = {}
    for row in ws.iter_rows():
        figures = [c for c in row[1:] if isinstance(c.value, float | int)]
        if isinstance(row[0].value, str) and figures:
            out[row[0].value] = [(Decimal(repr(c.value)), c.number_format) for c in figures]
    return out


def _figures(*values: str) -> list[tuple[Decimal, str]]:
    return [_money(v) for v in values]


def test_tax_sheet_gains_and_estimate(book: openpyxl.Workbook) -> None:
    rows = _tax_rows(book)
    # Term: gains, losses, net
    assert rows["Short-term"] == _figures("497", "0", "497")
    assert rows["Long-term"] == _figures("1997", "0", "1997")
    assert rows["Wash sale: disallowed, deferred into replacement lots"] == _figures("0")
    assert rows["Wash sale: disallowed permanently"] == _figures("0")
    # without the plan, with it, the difference
    assert rows["Net short-term"] == _figures("0", "497", "497")
    assert rows["Net long-term"] == _figures("0", "1997", "1997")
    assert rows["Capital loss deduction"] == _figures("0", "0", "0")
    assert rows["Ordinary tax"] == _figures("14512", "14621.34", "109.34")
    assert rows["Preferential tax"] == _figures("0", "299.55", "299.55")
    assert rows["Regular tax on all income"] == _figures("14512", "15060.68", "548.68")
    assert rows["Federal income tax"] == _figures("14512", "14920.89", "408.89")
    assert rows["NIIT"] == _figures("0", "0", "0")
    assert rows["State"] == _figures("0", "0", "0")
    assert rows["Total"] == _figures("14512", "14920.89", "408.89")


def test_tax_sheet_niit_and_state(tmp_path: Path) -> None:
    # The same plan for a return with MAGI 199,000 (before the gains) and a 5 % state rate.
    # NIIT: net investment income 497 + 1,997 = 2,494; MAGI 199,000 + 2,494 = 201,494, over the
    # 200,000 threshold by 1,494; 3.8 % × min(2,494, 1,494) = 56.772 → 56.77 (without the plan
    # MAGI is 1,000 under: 0). State: 5 % × 2,494 = 124.70. Total 14,920.89 + 56.772 + 124.70
    # = 15,102.362 → 15,102.36; the plan's impact 408.89 + 56.772 + 124.70 = 590.362 → 590.36.
    header = HEADER.replace(
        "ordinary_taxable_income: 90000",
        "ordinary_taxable_income: 90000, state_rate: 0.05, magi: 199000",
    )
    assert header != HEADER
    path = tmp_path / "h.yaml"
    path.write_text(
        header.format(targets=TARGETS, settings=SETTINGS, prices=PRICES) + ACCOUNTS + ORDERS
    )
    rows = _tax_rows(_book(planned(load_household(path))))
    assert rows["Federal income tax"] == _figures("14512", "14920.89", "408.89")
    assert rows["NIIT"] == _figures("0", "56.77", "56.77")
    assert rows["State"] == _figures("0", "124.70", "124.70")
    assert rows["Total"] == _figures("14512", "15102.36", "590.36")
