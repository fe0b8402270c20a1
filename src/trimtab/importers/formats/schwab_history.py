"""Schwab Transactions (History) CSV: the recent buys and sells (custodian-formats.md §1c).

Layout. Older files start with ``"Transactions  for account Brokerage XXXX-1234 as of
11/15/2020 18:00:21 ET"`` (two spaces after "Transactions", an optional ``From … to …``); since
early 2024 there is no title, and the account shows only in the file name,
``<Name>_XXX234_Transactions_YYYYMMDD-HHMMSS.csv``. The header is ``"Date","Action","Symbol",
"Description","Quantity","Price","Fees & Comm","Amount"`` (older files add a trailing comma);
the footer ``"Transactions Total",…`` ends the rows.

Rows. ``Date`` is ``MM/DD/YYYY`` or ``04/17/2023 as of 04/15/2023``, whose second date (the
effective date) is the trade date. ``Buy`` and ``Reinvest Shares`` are buys, ``Sell`` is a sell;
``Quantity`` is positive for both sides and ``Price`` is ``$73.7789``. Option trades (``Buy to
Open`` …) are warnings; share movements that are not trades (splits, mergers, journaled shares,
transfers) are warnings naming the line, since a purchase hidden among them would matter for
wash sales; cash rows (dividends, interest, journals, fees) are not trades and are skipped.
There is no lot information in history rows.

Sources: redstreet/beancount_reds_importers ``beancount_reds_importers/importers/schwab/tests/
schwab_csv_brokerage/schwab_csv_brokerage_XX876_Transactions_20220731.csv`` and
``.../schwab/schwab_csv_brokerage.py``; jbms/beancount-import
``testdata/source/schwab_csv/test_basic/transactions/*.CSV`` and the action enum in
``beancount_import/source/schwab_csv.py``.
"""

from __future__ import annotations

import re
from functools import partial

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    TradeCells,
    history_row,
    not_a_holding,
    problem,
    row_date,
    share_move,
    split_account,
    title_text,
    trade_row,
    unknown_instrument,
)
from trimtab.importers.records import AccountRef, ExportTrade, Extract, Format, SkippedRow
from trimtab.importers.text.csvread import (
    Columns,
    ColumnSpec,
    ExportText,
    Record,
    aliases,
    bind,
    fold,
    header_keys,
)
from trimtab.model.enums import TradeAction

TITLE = re.compile(r"^Transactions\s+for account (?P<account>.+?)(?: from .+?)? as of ", re.I)
FILE_NAME = re.compile(r"^(?P<name>.*?)_?(?P<number>X+\d+)_Transactions_", re.I)
HEADER = ("date", "action", "symbol", "description", "quantity", "price", "fees & comm", "amount")
SNIFFED = frozenset(HEADER[:4])
"""Names a header without a title must have (in any order) to be told a Schwab history."""
FOOTER = "transactions total"

TRADES = {"buy": TradeAction.BUY, "sell": TradeAction.SELL, "reinvest shares": TradeAction.BUY}
OPTION_ACTIONS = frozenset(
    {"buy to open", "buy to close", "sell to open", "sell to close", "expired", "assigned"}
)
SHARE_MOVES = frozenset(
    {
        "journaled shares",
        "security transfer",
        "stock split",
        "reverse split",
        "stock merger",
        "stock plan activity",
        "spin-off",
        "internal transfer",
    }
)

SPEC = ColumnSpec(
    required={
        "date": aliases("Date"),
        "action": aliases("Action"),
        "symbol": aliases("Symbol"),
        "quantity": aliases("Quantity", "Qty"),
        "price": aliases("Price"),
    },
    optional={"amount": aliases("Amount")},
)
HEADER_NAMES = frozenset().union(*SPEC.required.values(), *SPEC.optional.values())
"""A row naming any of these is a header row, wherever the name stands."""


def is_schwab_history(export: ExportText) -> bool:
    """A ``Transactions for account`` title, or a first line that is the history header."""
    first = next((r for r in export.records if not r.blank), None)
    if first is None:
        return False
    if TITLE.match(title_text(first)):
        return True
    return {fold(c) for c in first.cells} >= SNIFFED


def read_schwab_history(export: ExportText) -> Extract:
    """The buys and sells of a Schwab history export."""
    records = [r for r in export.records if not r.blank]
    problems: list[Problem] = []
    account, records = _account(export, records, problems)
    if not records or not _is_header(records[0]):
        return _failed(export, problems, _no_header(export, records[0] if records else None))
    columns = bind(export, records[0], SPEC)
    if isinstance(columns, Problem):
        return _failed(export, problems, columns)
    trades: list[ExportTrade] = []
    skipped: list[SkippedRow] = []
    for record in records[1:]:
        if FOOTER in (fold(record.first), fold(columns.get(record, "date"))):
            break
        if account is not None:
            row = history_row(
                account,
                row_date(columns, record, "date"),
                columns.place(export, record, "action"),
                partial(_read_row, export, columns, record, account),
            )
            trades.extend((row,) if isinstance(row, ExportTrade) else ())
            skipped.extend((row,) if isinstance(row, SkippedRow) else ())
    return Extract(
        file=export.file,
        format=Format.SCHWAB_HISTORY,
        covered=() if account is None else (account,),
        trades=tuple(trades),
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _failed(export: ExportText, problems: list[Problem], reason: Problem) -> Extract:
    return Extract(file=export.file, format=Format.SCHWAB_HISTORY, problems=(*problems, reason))


def _account(
    export: ExportText, records: list[Record], problems: list[Problem]
) -> tuple[AccountRef | None, list[Record]]:
    """The account from the title line, or else from the file name."""
    match = TITLE.match(title_text(records[0])) if records else None
    if match is not None:
        place = export.source(records[0].line, 1, "(title)")
        return split_account(match.group("account"), place), records[1:]
    named = FILE_NAME.match(export.name)
    if named is not None:
        place = export.source(0, 0, "(file name)")
        name = named.group("name").replace("_", " ").strip()
        return AccountRef(number=named.group("number"), name=name, source=place), records
    problems.append(
        problem(
            export.source(1, 1, "(title)"),
            "unknown_account",
            "the export names no account: no title line, and the file name is not Schwab's",
            "the downloaded name `<Name>_XXX234_Transactions_YYYYMMDD-HHMMSS.csv`",
        )
    )
    return None, records


def _is_header(record: Record) -> bool:
    """A header row: a cell names a column the importer reads (``Date``, ``Action`` …), in any
    column; binding it then names a required column it lacks."""
    return any(header_keys(c) & HEADER_NAMES for c in record.cells)


def _no_header(export: ExportText, record: Record | None) -> Problem:
    return problem(
        export.source(record.line if record else 1, 1, "(header)"),
        "missing_header",
        "no header row" + (f"; found `{record.first}`" if record else ""),
        "the header `Date,Action,Symbol,Description,Quantity,Price,Fees & Comm,Amount` (columns "
        "in any order)",
    )


def _read_row(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    problems: list[Problem],
) -> ExportTrade | None:
    action = fold(columns.get(record, "action"))
    symbol = columns.get(record, "symbol").upper()
    if action in TRADES:
        return _trade(export, columns, record, account, TRADES[action], problems)
    if action in OPTION_ACTIONS and symbol:
        problems.append(_option(export, columns, record, symbol))
    elif action in SHARE_MOVES and symbol and columns.get(record, "quantity"):
        place = columns.place(export, record, "action")
        problems.append(share_move(place, columns.get(record, "action"), symbol))
    return None


CELLS = TradeCells(date="date", quantity="quantity", fee="amount", side="action")


def _trade(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    action: TradeAction,
    problems: list[Problem],
) -> ExportTrade | None:
    symbol = columns.get(record, "symbol").upper()
    why = not_a_holding(symbol)
    if why:
        problems.append(_option(export, columns, record, symbol, why))
        return None
    return trade_row(export, columns, record, CELLS, (account, action, symbol), problems)


def _option(
    export: ExportText, columns: Columns, record: Record, symbol: str, why: str = "an option"
) -> Problem:
    return unknown_instrument(columns.place(export, record, "symbol"), symbol, why)
