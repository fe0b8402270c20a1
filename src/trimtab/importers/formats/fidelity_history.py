"""Fidelity Activity / History CSV: the recent buys and sells (custodian-formats.md §2c).

Layout. Older files have about five rows of empty cells (``,,,,,``) before the header; every
file ends with disclaimer lines and ``Date downloaded MM/DD/YYYY hh:mm am``. The rows stop at
the first blank line. Header generations, matched by name:

* single account, older: ``Run Date,Action,Symbol,Security Description,Security Type,Quantity,
  Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date``;
* single account, with balance: ``Run Date,Action,Symbol,Description,Type,Quantity,Price ($),
  Commission ($),Fees ($),Accrued Interest ($),Amount ($),Cash Balance ($),Settlement Date``;
* all accounts (2025): ``Run Date,Account,Account Number,Action,Symbol,Description,Type,
  Exchange Quantity,Exchange Currency,Currency,Price,Quantity,Exchange Rate,Commission,Fees,
  Accrued Interest,Amount,Settlement Date``.

The single-account files name their account only in the file name,
``History_for_Account_X12345678.csv``.

Rows. ``Run Date`` is ``MM/DD/YYYY``; numbers are plain (``-713.08``); fields often start with a
space. ``Action`` is free text starting with the kind and ending with the sub-account:
``YOU BOUGHT …`` is a buy, ``YOU SOLD …`` a sell (``Quantity`` negative, ``-341``),
``REINVESTMENT …`` a buy. Other rows that move shares (``MERGER``, ``REDEMPTION``,
``TRANSFERRED``) are warnings naming the line; cash rows (dividends, interest, deposits, fees)
are skipped. Bonds (CUSIP as ``Symbol``) and options are warnings. No lot columns.

Sources: redstreet/beancount_reds_importers ``beancount_reds_importers/importers/fidelity/
fidelity_cma_csv_examples/History_for_Account_X8YYYYYYY.csv``, ``.../fidelity/tests/
fidelity_all_accounts_csv/fidelity_csv_all_accounts_transactions_20251204.csv``,
``.../fidelity/fidelity_all_accounts_csv.py``, ``.../fidelity/fidelity_brokerage_csv.py``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    TradeCells,
    history_row,
    not_a_holding,
    problem,
    row_date,
    share_move,
    trade_row,
    unknown_instrument,
    wrong_format,
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
)
from trimtab.model.enums import TradeAction

FILE_NAME = re.compile(r"History_for_Account_(?P<number>[A-Za-z0-9]+)", re.I)
TRADES = (
    ("YOU BOUGHT", TradeAction.BUY),
    ("YOU SOLD", TradeAction.SELL),
    ("REINVESTMENT", TradeAction.BUY),
)

SPEC = ColumnSpec(
    required={
        "run_date": aliases("Run Date"),
        "action": aliases("Action"),
        "symbol": aliases("Symbol"),
        "quantity": aliases("Quantity"),
        "price": aliases("Price ($)", "Price"),
    },
    optional={
        "account": aliases("Account"),
        "account_number": aliases("Account Number"),
        "amount": aliases("Amount ($)", "Amount"),
    },
)


def is_fidelity_history(export: ExportText) -> bool:
    """The first line with any text is a header naming ``Run Date`` and ``Action`` (in any
    order)."""
    first = next((r for r in export.records if not r.blank), None)
    if first is None:
        return False
    return {"run date", "action"} <= {fold(c) for c in first.cells}


def read_fidelity_history(export: ExportText) -> Extract:
    """The buys and sells of a Fidelity history export."""
    records = list(export.records)
    start = next((i for i, r in enumerate(records) if not r.blank), None)
    if start is None:
        wrong = wrong_format(export, "Fidelity history export")
        return Extract(file=export.file, format=Format.FIDELITY_HISTORY, problems=(wrong,))
    columns = bind(export, records[start], SPEC)
    if isinstance(columns, Problem):
        return Extract(file=export.file, format=Format.FIDELITY_HISTORY, problems=(columns,))
    problems: list[Problem] = []
    fallback = _account_from_name(export, columns, problems)
    covered: dict[str, AccountRef] = {}
    trades: list[ExportTrade] = []
    skipped: list[SkippedRow] = []
    for record in _body(records[start + 1 :]):
        account = _account(export, columns, record, fallback)
        if account is None or not account.number:
            problems.extend(() if account is None else (_no_number(account),))
            continue
        covered.setdefault(account.number, account)
        row = history_row(
            account,
            row_date(columns, record, "run_date"),
            columns.place(export, record, "action"),
            partial(_read_row, export, columns, record, account),
        )
        trades.extend((row,) if isinstance(row, ExportTrade) else ())
        skipped.extend((row,) if isinstance(row, SkippedRow) else ())
    if fallback is not None:
        covered.setdefault(fallback.number, fallback)
    return Extract(
        file=export.file,
        format=Format.FIDELITY_HISTORY,
        covered=tuple(covered.values()),
        trades=tuple(trades),
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _body(records: list[Record]) -> list[Record]:
    """The rows up to the first blank line (the footer follows it)."""
    for i, record in enumerate(records):
        if record.blank:
            return records[:i]
    return records


def _account_from_name(
    export: ExportText, columns: Columns, problems: list[Problem]
) -> AccountRef | None:
    """Single-account files name the account only in the file name."""
    if columns.has("account_number"):
        return None
    named = FILE_NAME.search(export.name)
    if named is not None:
        place = export.source(0, 0, "(file name)")
        return AccountRef(number=named.group("number"), name="", source=place)
    problems.append(
        problem(
            export.source(columns.header.line, 1, "(header)"),
            "unknown_account",
            "the export has no `Account Number` column and the file name names no account",
            "the downloaded name `History_for_Account_<number>.csv`, or an all-accounts export",
        )
    )
    return None


def _account(
    export: ExportText, columns: Columns, record: Record, fallback: AccountRef | None
) -> AccountRef | None:
    if not columns.has("account_number"):
        return fallback
    return AccountRef(
        number=columns.get(record, "account_number"),
        name=columns.get(record, "account"),
        source=columns.place(export, record, "account_number"),
    )


def _no_number(account: AccountRef) -> Problem:
    return problem(
        account.source, "missing_value", "a row without an account number", "the account number"
    )


def _read_row(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    problems: list[Problem],
) -> ExportTrade | None:
    action = " ".join(columns.get(record, "action").upper().split())
    side = next((side for prefix, side in TRADES if action.startswith(prefix)), None)
    symbol = columns.get(record, "symbol").upper()
    if side is not None:
        return _trade(export, columns, record, account, side, problems)
    if symbol and _moves_shares(columns, record):
        place = columns.place(export, record, "action")
        problems.append(share_move(place, columns.get(record, "action"), symbol))
    return None


def _moves_shares(columns: Columns, record: Record) -> bool:
    text = columns.get(record, "quantity").replace(",", "")
    try:
        return Decimal(text) != 0
    except ArithmeticError:
        return False


CELLS = TradeCells(
    date="run_date",
    quantity="quantity",
    fee="amount",
    side="action",
    positive="a quantity and a price other than 0",
)


def _trade(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    side: TradeAction,
    problems: list[Problem],
) -> ExportTrade | None:
    symbol = columns.get(record, "symbol").upper()
    why = not_a_holding(symbol)
    if why:
        place = columns.place(export, record, "symbol")
        problems.append(unknown_instrument(place, symbol, why, trade=True))
        return None
    return trade_row(export, columns, record, CELLS, (account, side, symbol), problems)
