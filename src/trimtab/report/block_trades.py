"""Block trade files of a book: one order per custodian, symbol and side, with its allocations.

A firm places one order for all its clients' buys of a symbol at a custodian, then allocates
the fill to the accounts. Every planned trade of the book is one allocation; the trades of the
same custodian, symbol and side (buy or sell) form one block order, whose quantity is the sum of
its allocations. Each allocation's shares are the trade's, rounded half-up to six places as in
the household's own trade file, and the order's quantity is the sum of those rounded shares, so
the allocations add up to the order exactly and to each household's trades.

Example: household A buys 10 VTI in account a1 at Schwab and household B buys 2.5 VTI in b1 at
Schwab: one order ``B1 schwab buy VTI 12.5`` with two allocation rows, 10 (A, a1) and 2.5
(B, b1). A sell of VTI at Schwab would be another order; so would a buy at Fidelity.

Orders are numbered B1, B2, … by custodian (in the custodians' order, accounts without one
last), then symbol, sells before buys; allocations follow the book's household order and the
plan's trade order. ``block-trades.csv`` holds every order (an account without a custodian has
an empty ``custodian``: place those by hand); ``block-trades-<custodian>.csv`` one custodian's.
The CSV dialect is the trade files' (:mod:`trimtab.report.trade_files`): CRLF, UTF-8, formula
text neutralized.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from trimtab.model.enums import Custodian, TradeAction
from trimtab.money import money_str, round_shares
from trimtab.report.book_records import BookSummary, BookTrade
from trimtab.report.format import plain_shares
from trimtab.report.trade_files import LINE_END, neutralize

ZERO = Decimal(0)
_CUSTODIAN_ORDER = {c.value: i for i, c in enumerate(Custodian)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    """One account's part of a block order: a household's trade.

    household: the household's folder name in the book. quantity: the trade's shares rounded
    to six places.
    """

    household: str
    trade: BookTrade
    quantity: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockOrder:
    """One order: a custodian ('' none), a symbol and a side; quantity is the allocations' sum
    (summed once, by :func:`block_orders`: a book's files read it on every allocation row)."""

    id: str
    custodian: str
    action: TradeAction
    symbol: str
    allocations: tuple[Allocation, ...]
    quantity: Decimal


def _order_key(key: tuple[str, str, TradeAction]) -> tuple[int, str, int]:
    custodian, symbol, action = key
    return (
        _CUSTODIAN_ORDER.get(custodian, len(_CUSTODIAN_ORDER)),
        symbol,
        0 if action is TradeAction.SELL else 1,
    )


_last: list[tuple[BookSummary, tuple[BlockOrder, ...]]] = []
"""The last summary's orders: book.json, book.xlsx, book.html and the block trade files each
ask for them (ten thousand households: about 1.5 s a time)."""


def block_orders(summary: BookSummary) -> tuple[BlockOrder, ...]:
    """The book's block orders (see the module)."""
    if _last and _last[0][0] is summary:
        return _last[0][1]
    orders = _block_orders(summary)
    _last[:] = [(summary, orders)]
    return orders


def _block_orders(summary: BookSummary) -> tuple[BlockOrder, ...]:
    groups: dict[tuple[str, str, TradeAction], list[Allocation]] = {}
    for result in summary.results:
        for t in result.trades:
            allocation = Allocation(
                household=result.key, trade=t, quantity=round_shares(t.quantity)
            )
            groups.setdefault((t.custodian, t.symbol, t.action), []).append(allocation)
    return tuple(
        BlockOrder(
            id=f"B{n}",
            custodian=key[0],
            action=key[2],
            symbol=key[1],
            allocations=tuple(groups[key]),
            quantity=sum((a.quantity for a in groups[key]), ZERO),
        )
        for n, key in enumerate(sorted(groups, key=_order_key), start=1)
    )


COLUMNS = (
    "order_id",
    "custodian",
    "action",
    "symbol",
    "order_quantity",
    "order_type",
    "household",
    "account_id",
    "account_number",
    "allocation_quantity",
    "reference_price",
    "trade_id",
)
"""One row per allocation; the order's columns repeat on each of its rows."""


def _row(order: BlockOrder, a: Allocation) -> list[str]:
    return [
        order.id,
        order.custodian,
        order.action.value,
        neutralize(order.symbol),
        plain_shares(order.quantity),
        "market",
        neutralize(a.household),
        neutralize(a.trade.account),
        neutralize(a.trade.account_number),
        plain_shares(a.quantity),
        money_str(a.trade.price),
        a.trade.trade_id,
    ]


def block_trade_csv(orders: Sequence[BlockOrder]) -> bytes:
    """The CSV of ``orders``: a header and one row per allocation."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(COLUMNS)
    writer.writerows(_row(o, a) for o in orders for a in o.allocations)
    return buffer.getvalue().encode("utf-8")


def block_trade_files(summary: BookSummary) -> tuple[tuple[str, bytes], ...]:
    """``block-trades.csv`` (every order) and one ``block-trades-<custodian>.csv`` per
    custodian with orders; nothing when the book trades nothing."""
    orders = block_orders(summary)
    if not orders:
        return ()
    custodians = [c.value for c in Custodian if any(o.custodian == c.value for o in orders)]
    each = (
        (f"block-trades-{c}.csv", block_trade_csv([o for o in orders if o.custodian == c]))
        for c in custodians
    )
    return (("block-trades.csv", block_trade_csv(orders)), *each)
