"""Wash-sale gold cases from Pub. 550 and the revenue rulings, amounts to the cent.

Dates of the publication's examples are moved into 2025/2026 (the shipped tax years) keeping
their day counts; the arithmetic is the publication's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.wash_households import TAXABLE, D, buy, household, sale
from trimtab.tax.lots import OpenLot
from trimtab.tax.wash import WashKind, check_wash_sales
from trimtab.tax.wash.adjust import adjust_lots


def test_pub550_example_1_basis_of_the_new_stock(tmp_path: Path) -> None:
    # Bought 100 X for $1,000, sold for $750 (loss $250), bought 100 within 30 days for $800:
    # the $250 loss is disallowed; new basis $800 + $250 = $1,050.
    h = household(
        tmp_path,
        "2026-03-02",
        TAXABLE + "          - {id: A, acquired: 2025-06-02, quantity: 100, cost: 1000}\n",
    )
    loss = sale("A", "2026-03-02", 100, "250", "2025-06-02")
    rebuy = buy("B", "2026-03-20", 100)
    report = check_wash_sales(h, [rebuy], [loss])
    wash = report.for_sale("S/A")
    assert wash is not None
    assert (wash.disallowed, wash.kind, wash.washed_quantity) == (250, WashKind.DEFERRED, 100)
    new = OpenLot(
        account="tax",
        symbol="XCO",
        lot_id="B",
        acquired=D("2026-03-20"),
        holding_period_start=D("2026-03-20"),
        quantity=Decimal(100),
        cost=Decimal(800),
    )
    (adjusted,), pending = adjust_lots([new], report.washes)
    assert pending == ()
    assert (adjusted.lot.lot_id, adjusted.lot.cost, adjusted.wash_adjustment) == ("B", 1050, 250)
    # held 2025-06-02 → 2026-03-02 = 273 days; tacked start = 2026-03-20 − 273 days = 2025-06-20
    assert adjusted.lot.holding_period_start == D("2025-06-20")


def test_pub550_fewer_bought_than_sold(tmp_path: Path) -> None:
    # 100 shares bought 09-26 for $5,000; 50 bought 12-19 for $2,750 and 25 on 12-27 for
    # $1,125; the 100 sold 01-09 for $4,000: loss $1,000. 75 replaced: $1,000 × 75/100 = $750
    # disallowed, $250 allowed. The 50 take 50/75 × 750 = $500 (basis $3,250), the 25 take
    # $250 (basis $1,375).
    h = household(
        tmp_path,
        "2026-01-09",
        TAXABLE
        + "          - {id: SEP, acquired: 2025-09-26, quantity: 100, cost: 5000}\n"
        + "          - {id: D19, acquired: 2025-12-19, quantity: 50, cost: 2750}\n"
        + "          - {id: D27, acquired: 2025-12-27, quantity: 25, cost: 1125}\n",
    )
    report = check_wash_sales(h, [], [sale("SEP", "2026-01-09", 100, "1000", "2025-09-26")])
    wash = report.washes[0]
    assert (wash.disallowed, wash.washed_quantity) == (750, 75)
    assert [(u.acquisition.lot_id, u.quantity, u.disallowed) for u in wash.replacements] == [
        ("D19", 50, 500),
        ("D27", 25, 250),
    ]
    lots = [
        OpenLot(
            account="tax",
            symbol="XCO",
            lot_id=i,
            acquired=D(d),
            holding_period_start=D(d),
            quantity=Decimal(q),
            cost=Decimal(c),
        )
        for i, d, q, c in (("D19", "2025-12-19", 50, 2750), ("D27", "2025-12-27", 25, 1125))
    ]
    adjusted, _ = adjust_lots(lots, report.washes)
    # the sold shares were held 2025-09-26 → 2026-01-09 = 105 days:
    # 2025-12-19 − 105 days = 2025-09-05; 2025-12-27 − 105 days = 2025-09-13
    assert [(a.lot.lot_id, a.lot.cost, str(a.lot.holding_period_start)) for a in adjusted] == [
        ("D19", 3250, "2025-09-05"),
        ("D27", 1375, "2025-09-13"),
    ]


def test_pub550_more_bought_than_sold(tmp_path: Path) -> None:
    # 100 shares sold 02-06 at a $1,000 loss; 50 bought on each of 02-11 … 02-14. The loss
    # is wholly disallowed: half ($500) to the 02-11 shares, half to the 02-12 shares; the
    # later purchases are untouched.
    h = household(
        tmp_path,
        "2026-02-06",
        TAXABLE + "          - {id: OLD, acquired: 2025-09-26, quantity: 100, cost: 3000}\n",
    )
    buys = [buy(f"B{d}", f"2026-02-{d}", 50) for d in (11, 12, 13, 14)]
    report = check_wash_sales(h, buys, [sale("OLD", "2026-02-06", 100, "1000", "2025-09-26")])
    wash = report.washes[0]
    assert wash.disallowed == 1000
    assert [(u.acquisition.id, u.disallowed) for u in wash.replacements] == [
        ("B11", 500),
        ("B12", 500),
    ]


def test_rev_rul_2008_5_ira_purchase_loses_the_loss_for_good(tmp_path: Path) -> None:
    # 100 X with basis $1,000 sold 2025-12-20 for $600; the next day the IRA buys 100 X:
    # the $400 loss is disallowed and the IRA's basis is not increased.
    accounts = TAXABLE + (
        "          - {id: X1, acquired: 2024-01-02, quantity: 100, cost: 1000}\n"
        "  - id: ira\n    type: traditional_ira\n    owners: [ann]\n    cash: 5000\n"
    )
    h = household(tmp_path, "2025-12-20", accounts)
    report = check_wash_sales(
        h,
        [buy("IRA1", "2025-12-21", 100, account="ira")],
        [sale("X1", "2025-12-20", 100, "400", "2024-01-02")],
    )
    wash = report.washes[0]
    assert (wash.kind, wash.disallowed, wash.permanent) == (WashKind.PERMANENT, 400, 400)
    ira_lot = OpenLot(
        account="ira",
        symbol="XCO",
        lot_id="IRA1",
        acquired=D("2025-12-21"),
        holding_period_start=D("2025-12-21"),
        quantity=Decimal(100),
        cost=Decimal(1000),
    )
    (adjusted,), pending = adjust_lots([ira_lot], report.washes)
    assert (adjusted.lot.cost, adjusted.wash_adjustment, pending) == (1000, 0, ())


def test_rev_rul_56_602_rest_of_the_same_lot_does_not_wash(tmp_path: Path) -> None:
    # 200 shares bought 06-01 for $10,000; 100 of them sold 06-12 for $4,000: the $1,000 loss
    # stands, although the other 100 shares of that lot were bought within 30 days.
    h = household(
        tmp_path,
        "2026-06-12",
        TAXABLE + "          - {id: J1, acquired: 2026-06-01, quantity: 200, cost: 10000}\n",
    )
    report = check_wash_sales(h, [], [sale("J1", "2026-06-12", 100, "1000", "2026-06-01")])
    assert report.washes[0].kind is WashKind.NONE and report.washes[0].disallowed == 0


def test_rev_rul_70_231_loss_and_gain_blocks_sold_the_same_day(tmp_path: Path) -> None:
    # Three blocks of 100 bought at $158, $100 and $95; all 300 sold 12-27 at $125; 250
    # bought 01-09. Only the first block is a loss, $33 a share = $3,300, wholly disallowed
    # (250 ≥ 100); the gains of the other blocks are not reduced (they are not loss sales).
    # The 250-share lot splits: .1 = 100 shares with cost 100 × $10 + $3,300; .2 = 150 shares.
    h = household(
        tmp_path,
        "2025-12-27",
        TAXABLE + "          - {id: K1, acquired: 2025-03-03, quantity: 100, cost: 15800}\n",
    )
    report = check_wash_sales(
        h, [buy("R", "2026-01-09", 250)], [sale("K1", "2025-12-27", 100, "3300", "2025-03-03")]
    )
    assert report.washes[0].disallowed == 3300
    replacement = OpenLot(
        account="tax",
        symbol="XCO",
        lot_id="R",
        acquired=D("2026-01-09"),
        holding_period_start=D("2026-01-09"),
        quantity=Decimal(250),
        cost=Decimal(2500),
    )
    parts, _ = adjust_lots([replacement], report.washes)
    # held 2025-03-03 → 2025-12-27 = 299 days; 2026-01-09 − 299 days = 2025-03-16
    assert [
        (
            p.lot.lot_id,
            p.lot.quantity,
            p.lot.cost,
            p.wash_adjustment,
            str(p.lot.holding_period_start),
        )
        for p in parts
    ] == [
        ("R.S/K1", 100, 4300, 3300, "2025-03-16"),
        ("R.rest", 150, 1500, 0, "2026-01-09"),
    ]
    # basis conserved: 2,500 + 3,300 deferred = 5,800 = 4,300 + 1,500
    assert sum((p.lot.cost for p in parts), Decimal(0)) == 2500 + 3300
