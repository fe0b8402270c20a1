"""Block orders: one per custodian, symbol and side; the allocations add up to the order."""

from __future__ import annotations

from decimal import Decimal

from trimtab.model.enums import TradeAction
from trimtab.report.block_trades import block_orders, block_trade_csv
from trimtab.report.book_records import BookSummary, BookTrade, HouseholdResult


def _trade(tid: str, account: str, custodian: str, action: TradeAction, qty: str) -> BookTrade:
    q = Decimal(qty)
    return BookTrade(
        trade_id=tid,
        account=account,
        account_number=f"N-{account}",
        custodian=custodian,
        action=action,
        symbol="VTI",
        quantity=q,
        price=Decimal(200),
        amount=q * 200,
    )


BUY, SELL = TradeAction.BUY, TradeAction.SELL


def test_the_module_example() -> None:
    # A buys 10 VTI in a1 at Schwab, B buys 2.5 in b1 at Schwab: one order of 12.5, two rows;
    # B's sell at Schwab and C's buy at Fidelity are two more orders
    summary = BookSummary(
        results=(
            HouseholdResult(
                key="A", file="a.yaml", trades=(_trade("P1", "a1", "schwab", BUY, "10"),)
            ),
            HouseholdResult(
                key="B",
                file="b.yaml",
                trades=(
                    _trade("P1", "b2", "schwab", SELL, "1"),
                    _trade("P2", "b1", "schwab", BUY, "2.5"),
                ),
            ),
            HouseholdResult(
                key="C", file="c.yaml", trades=(_trade("P1", "c1", "fidelity", BUY, "0.0000004"),)
            ),
        )
    )
    orders = block_orders(summary)
    assert [(o.id, o.custodian, o.action, o.quantity) for o in orders] == [
        ("B1", "schwab", SELL, Decimal("1.000000")),
        ("B2", "schwab", BUY, Decimal("12.500000")),
        ("B3", "fidelity", BUY, Decimal("0.000000")),  # 0.0000004 rounds to six places: 0
    ]
    assert [(a.household, a.trade.account, a.quantity) for a in orders[1].allocations] == [
        ("A", "a1", Decimal("10.000000")),
        ("B", "b1", Decimal("2.500000")),
    ]
    rows = block_trade_csv(orders[1:2]).decode().splitlines()
    assert rows[1:] == [
        "B2,schwab,buy,VTI,12.5,market,A,a1,N-a1,10,200.00,P1",
        "B2,schwab,buy,VTI,12.5,market,B,b1,N-b1,2.5,200.00,P2",
    ]
