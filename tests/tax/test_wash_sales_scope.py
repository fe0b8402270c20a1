"""Wash-sale scope: the spouse's IRA, separate taxpayers, recurring purchases, duplicates,
substantially identical funds, and the wash-sale calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from helpers.wash_households import TAXABLE, buy, household, sale
from trimtab import check_household
from trimtab.tax.wash import ReplacementKind, WashKind, check_wash_sales

D = dt.date.fromisoformat
LOT = "          - {id: A, acquired: 2025-01-06, quantity: 100, cost: 2000}\n"


def _account(aid: str, kind: str, owner: str, extra: str = "") -> str:
    return f"  - id: {aid}\n    type: {kind}\n    owners: [{owner}]\n{extra}"


def test_a_purchase_in_the_spouses_roth_washes_permanently(tmp_path: Path) -> None:
    # ann sells 100 XCO at a $1,000 loss; bob's Roth IRA buys 40 XCO 10 days later:
    # 40 of 100 sold shares are replaced: 1,000 × 40/100 = $400 lost for good, $600 allowed.
    h = household(tmp_path, "2026-11-24", TAXABLE + LOT + _account("bob-roth", "roth_ira", "bob"))
    report = check_wash_sales(
        h,
        [buy("R1", "2026-12-04", 40, account="bob-roth")],
        [sale("A", "2026-11-24", 100, "1000", "2025-01-06")],
    )
    wash = report.washes[0]
    assert (wash.kind, wash.disallowed, wash.permanent) == (WashKind.PERMANENT, 400, 400)


def test_a_separate_taxpayer_account_neither_washes_nor_is_washed(tmp_path: Path) -> None:
    kid = _account("kid", "taxable", "ann", "    separate_taxpayer: true\n")
    h = household(tmp_path, "2026-11-24", TAXABLE + LOT + kid)
    report = check_wash_sales(
        h,
        [buy("K", "2026-11-30", 100, account="kid")],
        [sale("A", "2026-11-24", 100, "1000", "2025-01-06")],
    )
    assert report.washes[0].kind is WashKind.NONE


def test_a_recurring_401k_purchase_washes_permanently(tmp_path: Path) -> None:
    # The 401(k) buys $900 of FXAIX (S&P 500) every 14 days, next 2026-11-28; IVV (S&P 500)
    # sold 2026-11-24 at a $757 loss on 20 shares. FXAIX at $200: 900 / 200 = 4.5 shares a
    # purchase. Window 2026-10-25 … 2026-12-24: purchases 10-31, 11-14, 11-28, 12-12 = 18
    # shares ≤ 20, so 18/20 of the loss = $681.30 is lost for good; $75.70 is allowed.
    plan = _account("k401", "401k", "bob", "    buy_menu: [FXAIX]\n")
    extra = (
        "recurring:\n  - {account: k401, symbol: FXAIX, amount: 900, every_days: 14, "
        "next: 2026-11-28}\n"
    )
    h = household(tmp_path, "2026-11-24", TAXABLE + LOT + plan, extra)
    loss = sale("IVV1", "2026-11-24", 20, "757", "2026-01-15", symbol="IVV")
    wash = check_wash_sales(h, [], [loss]).washes[0]
    assert [u.acquisition.date for u in wash.replacements] == [
        D("2026-10-31"),
        D("2026-11-14"),
        D("2026-11-28"),
        D("2026-12-12"),
    ]
    assert all(u.acquisition.kind is ReplacementKind.RECURRING for u in wash.replacements)
    assert (wash.kind, wash.washed_quantity, wash.permanent) == (
        WashKind.PERMANENT,
        18,
        Decimal("681.30"),
    )


def test_plan_purchases_are_out_of_scope_when_the_setting_is_off(tmp_path: Path) -> None:
    plan = _account("k401", "401k", "bob", "    buy_menu: [FXAIX]\n")
    extra = (
        "recurring:\n  - {account: k401, symbol: FXAIX, amount: 900, every_days: 14, "
        "next: 2026-11-28}\nsettings: {plan_purchase_washes_permanently: off}\n"
    )
    h = household(tmp_path, "2026-11-24", TAXABLE + LOT + plan, extra)
    loss = sale("IVV1", "2026-11-24", 20, "757", "2026-01-15", symbol="IVV")
    assert check_wash_sales(h, [], [loss]).washes[0].kind is WashKind.NONE


def test_undated_dividend_reinvestment_is_assumed_inside_the_window(tmp_path: Path) -> None:
    # No dates and no amount: it is assumed to buy on the sale date, enough to wash the whole
    # loss (the worst case), with a warning that says so.
    extra = "recurring:\n  - {account: tax, symbol: XCO, dividend_reinvestment: true}\n"
    h = household(tmp_path, "2026-11-24", TAXABLE + LOT, extra)
    report = check_wash_sales(h, [], [sale("A", "2026-11-24", 100, "1000", "2025-01-06")])
    assert (report.washes[0].kind, report.washes[0].disallowed) == (WashKind.DEFERRED, 1000)
    assert [w.kind for w in report.warnings] == ["wash_recurring", "undated_reinvestment"]


def test_a_held_lot_and_its_transaction_are_one_purchase(tmp_path: Path) -> None:
    # 100 shares sold at a $1,000 loss; 50 bought 11-10 appear both as a held lot and as a
    # transaction: one purchase of 50, so $500 is disallowed, not $1,000.
    lots = LOT + "          - {id: N, acquired: 2026-11-10, quantity: 50, cost: 500}\n"
    extra = (
        "transactions:\n  - {date: 2026-11-10, account: tax, action: buy, symbol: XCO, "
        "quantity: 50, price: 10}\n"
    )
    h = household(tmp_path, "2026-11-24", TAXABLE + lots, extra)
    wash = check_wash_sales(h, [], [sale("A", "2026-11-24", 100, "1000", "2025-01-06")]).washes[0]
    assert (wash.disallowed, [u.acquisition.id for u in wash.replacements]) == (500, ["N"])


def test_same_index_funds_are_identical_only_while_the_setting_is_on(tmp_path: Path) -> None:
    ira = _account("ira", "traditional_ira", "ann", "    cash: 9000\n")
    loss = sale("V1", "2026-11-24", 10, "300", "2026-01-15", symbol="VOO")
    h = household(tmp_path, "2026-11-24", TAXABLE + LOT + ira)
    assert (
        check_wash_sales(h, [buy("I", "2026-11-25", 10, "ira", "IVV")], [loss]).washes[0].kind
        is WashKind.PERMANENT
    )
    off = household(
        tmp_path, "2026-11-24", TAXABLE + LOT + ira, "settings: {same_index_is_identical: off}\n"
    )
    assert (
        check_wash_sales(off, [buy("I", "2026-11-25", 10, "ira", "IVV")], [loss]).washes[0].kind
        is WashKind.NONE
    )
    # VFIAX is the mutual-fund share class of VOO's fund: identical even with the setting off
    assert (
        check_wash_sales(off, [buy("I", "2026-11-25", 10, "ira", "VFIAX")], [loss]).washes[0].kind
        is WashKind.PERMANENT
    )


def test_the_calendar_of_the_example_household(example_path: Path) -> None:
    # VNQ sold at a loss on 2026-11-05 (3,900 cost − 40 × 90.80 = $268 loss): no VNQ-group buy
    # until 2026-11-05 + 30 = 2026-12-05.
    h, _ = check_household(example_path)
    assert h is not None
    report = check_wash_sales(h)
    (entry,) = report.calendar
    assert "VNQ" in entry.symbols
    assert (entry.sold_on, entry.no_buy_until) == (D("2026-11-05"), D("2026-12-05"))
    assert report.washes[0].sale.loss == Decimal("268.00")


def test_the_households_identical_groups_are_identical(tmp_path: Path) -> None:
    # AGG and BND track different Bloomberg aggregate indexes (not identical by default); the
    # household declares them one group: an IRA purchase of AGG then washes a BND loss.
    ira = _account("ira", "traditional_ira", "ann", "    cash: 9000\n")
    loss = sale("B1", "2026-11-24", 10, "50", "2026-01-15", symbol="BND")
    plain = household(tmp_path, "2026-11-24", TAXABLE + LOT + ira)
    agg = buy("I", "2026-11-30", 10, "ira", "AGG")
    assert check_wash_sales(plain, [agg], [loss]).washes[0].kind is WashKind.NONE
    grouped = household(
        tmp_path, "2026-11-24", TAXABLE + LOT + ira, "identical_groups: [[AGG, BND]]\n"
    )
    assert check_wash_sales(grouped, [agg], [loss]).washes[0].kind is WashKind.PERMANENT
