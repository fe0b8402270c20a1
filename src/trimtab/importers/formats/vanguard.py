"""Vanguard ``OfxDownload.csv``: holdings and transactions in one file (custodian-formats.md §3).

Layout. Two CSV tables, one after the other. The holdings table comes first, under
``Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,`` (trailing comma), one
row per account × holding, accounts separated by a blank line. The transactions table starts at
its own header, ``Account Number,Trade Date,Settlement Date,Transaction Type,Transaction
Description,Investment Name,Symbol,Shares,Share Price,Principal Amount,Commission Fees,Net
Amount,Accrued Interest,Account Type,``; newer files spell the 11th column ``Commissions and
Fees``. Columns are bound by name, so both spellings (and either order) read. Either table may
be missing when the user chose only one part of the download.

Rows. Holdings keep their quantity and price; the settlement fund (``VMFXX``) is an ordinary
holding at $1.00, as in the export. Vanguard shows no account name and no lots, so the account
type comes from the household file or the account map, and taxable positions arrive with
``basis: unknown``. Transactions: ``Buy`` and ``Reinvestment`` are buys, ``Sell`` is a sell
(Shares are negative for sells: the side is taken from the type, the quantity is made
positive); ``Transfer`` rows move shares without being a trade (a warning); the cash rows
(``Dividend``, ``Sweep in``/``Sweep out``, ``Funds Received``, ``Capital gain``, interest) are
not trades and are skipped. Every account of the file is "covered": its recent trades are the
file's.

Date. The file says nowhere when it was taken (its name is always ``OfxDownload.csv``): the
household's ``as_of`` is not changed by it, with a warning (``missing_date``).

Sources: simonmichael/hledger ``examples/csv/vanguard.csv.rules`` (both headers, layout);
independent public parsers repeat the two headers and the ``Commissions and Fees`` spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    TradeCells,
    added,
    history_row,
    holding_row,
    not_a_holding,
    note_skips,
    problem,
    row_date,
    share_move,
    trade_row,
    unknown_instrument,
    warning,
)
from trimtab.importers.records import (
    AccountRef,
    ExportAccount,
    ExportHolding,
    ExportTrade,
    Extract,
    Format,
    SkippedRow,
)
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

HOLDINGS_HEADER = frozenset({"account number", "investment name", "symbol"})
TRADES_HEADER = frozenset({"account number", "trade date", "settlement date", "transaction type"})
"""Names each table's header has, in any order (the sniffer and the table split use them)."""

HOLDINGS = ColumnSpec(
    required={
        "account_number": aliases("Account Number"),
        "symbol": aliases("Symbol"),
        "shares": aliases("Shares"),
        "price": aliases("Share Price"),
    },
    optional={"name": aliases("Investment Name"), "value": aliases("Total Value")},
)

TRADES = ColumnSpec(
    required={
        "account_number": aliases("Account Number"),
        "trade_date": aliases("Trade Date"),
        "type": aliases("Transaction Type"),
        "symbol": aliases("Symbol"),
        "shares": aliases("Shares"),
        "price": aliases("Share Price"),
    },
    optional={
        "commission": aliases("Commission Fees", "Commissions and Fees"),
        "name": aliases("Investment Name"),
    },
)

ACTIONS = {"buy": TradeAction.BUY, "reinvestment": TradeAction.BUY, "sell": TradeAction.SELL}
SHARE_MOVES = ("transfer", "conversion", "exchange")


def _starts(record: Record, header: frozenset[str]) -> bool:
    """The record is a header naming every name of ``header``, in any order (columns are bound
    by name: reordered or extra ones do not matter)."""
    return header <= {fold(c) for c in record.cells}


def is_vanguard(export: ExportText) -> bool:
    """The first line with text is the holdings header or the transactions header."""
    first = next((r for r in export.records if not r.blank), None)
    return first is not None and (_starts(first, HOLDINGS_HEADER) or _starts(first, TRADES_HEADER))


def read_vanguard(export: ExportText) -> Extract:
    """The accounts, holdings and recent trades of a Vanguard download."""
    problems: list[Problem] = []
    holdings_part, trades_part = _sections(export.records)
    skipped_positions: list[SkippedRow] = []
    accounts = _read_holdings(export, holdings_part, problems, skipped_positions)
    trades, covered, skipped = _read_trades(export, trades_part, problems)
    refs = {a.account.number: a.account for a in accounts}
    for ref in covered:
        refs.setdefault(ref.number, ref)
    if accounts:
        problems.append(_undated(export, holdings_part[0]))
    return Extract(
        file=export.file,
        format=Format.VANGUARD,
        accounts=accounts,
        covered=tuple(refs.values()) if trades_part else (),
        trades=trades,
        problems=tuple(problems),
        skipped=(*skipped_positions, *skipped),
    )


def _sections(records: Sequence[Record]) -> tuple[list[Record], list[Record]]:
    """The holdings table (header first) and the transactions table (header first)."""
    rows = [r for r in records if not r.blank]
    split = next((i for i, r in enumerate(rows) if _starts(r, TRADES_HEADER)), len(rows))
    holdings = rows[:split] if rows and _starts(rows[0], HOLDINGS_HEADER) else []
    return holdings, rows[split:]


def _undated(export: ExportText, header: Record) -> Problem:
    return warning(
        export.source(header.line, 1, "(file)"),
        "missing_date",
        "a Vanguard download does not say when it was taken: as_of is left as the household "
        "file has it",
        "as_of set by hand to the day of the download",
    )


# --- holdings ------------------------------------------------------------------------------


def _read_holdings(
    export: ExportText, part: list[Record], problems: list[Problem], skipped: list[SkippedRow]
) -> tuple[ExportAccount, ...]:
    if not part:
        return ()
    columns = bind(export, part[0], HOLDINGS)
    if isinstance(columns, Problem):
        problems.append(columns)
        return ()
    order: dict[str, AccountRef] = {}
    holdings: dict[str, dict[str, ExportHolding]] = {}
    for record in part[1:]:
        number = columns.get(record, "account_number")
        if not number:
            problems.append(_no_account(export, columns, record))
            continue
        ref = order.setdefault(number, _ref(export, columns, record))
        found: list[Problem] = []
        holding = _holding(export, columns, record, found)
        note_skips(ref, found, problems, skipped)
        held = holdings.setdefault(ref.number, {})
        if holding is not None:
            held[holding.symbol] = added(held.get(holding.symbol), holding)
    return tuple(
        ExportAccount(account=ref, cash=Decimal(0), holdings=tuple(holdings[n].values()))
        for n, ref in order.items()
    )


def _ref(export: ExportText, columns: Columns, record: Record) -> AccountRef:
    return AccountRef(
        number=columns.get(record, "account_number"),
        name="",
        source=columns.place(export, record, "account_number"),
    )


def _no_account(export: ExportText, columns: Columns, record: Record) -> Problem:
    return problem(
        columns.place(export, record, "account_number"),
        "missing_value",
        "a row without an account number",
        "the account number",
    )


def _holding(
    export: ExportText, columns: Columns, record: Record, problems: list[Problem]
) -> ExportHolding | None:
    symbol = columns.get(record, "symbol").upper()
    why = not_a_holding(symbol) if symbol else "without a symbol (a bond, CD or fund class)"
    if why:
        problems.append(_unknown(export, columns, record, symbol, why))
        return None
    return holding_row(export, columns, record, symbol, ("shares", "price"), problems)


def _unknown(
    export: ExportText, columns: Columns, record: Record, symbol: str, why: str
) -> Problem:
    name = symbol or columns.get(record, "name")
    return unknown_instrument(columns.place(export, record, "symbol"), name, why)


# --- transactions --------------------------------------------------------------------------


def _read_trades(
    export: ExportText, part: list[Record], problems: list[Problem]
) -> tuple[tuple[ExportTrade, ...], tuple[AccountRef, ...], tuple[SkippedRow, ...]]:
    if not part:
        return (), (), ()
    columns = bind(export, part[0], TRADES)
    if isinstance(columns, Problem):
        problems.append(columns)
        return (), (), ()
    refs: dict[str, AccountRef] = {}
    trades: list[ExportTrade] = []
    skipped: list[SkippedRow] = []
    for record in part[1:]:
        if not columns.get(record, "account_number"):
            problems.append(_no_account(export, columns, record))
            continue
        ref = refs.setdefault(columns.get(record, "account_number"), _ref(export, columns, record))
        row = history_row(
            ref,
            row_date(columns, record, "trade_date"),
            columns.place(export, record, "type"),
            partial(_trade_row, export, columns, record, ref),
        )
        trades.extend((row,) if isinstance(row, ExportTrade) else ())
        skipped.extend((row,) if isinstance(row, SkippedRow) else ())
    return tuple(trades), tuple(refs.values()), tuple(skipped)


def _trade_row(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    problems: list[Problem],
) -> ExportTrade | None:
    kind = fold(columns.get(record, "type"))
    symbol = columns.get(record, "symbol").upper()
    action = ACTIONS.get(kind)
    if action is None:
        if kind.startswith(SHARE_MOVES) and symbol:
            place = columns.place(export, record, "type")
            problems.append(share_move(place, columns.get(record, "type"), symbol))
        return None
    why = not_a_holding(symbol) if symbol else "without a symbol"
    if why:
        problems.append(_unknown(export, columns, record, symbol, why))
        return None
    return _trade(export, columns, record, account, action, problems)


CELLS = TradeCells(date="trade_date", quantity="shares", fee="commission", side="type")


def _trade(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    action: TradeAction,
    problems: list[Problem],
) -> ExportTrade | None:
    symbol = columns.get(record, "symbol").upper()
    return trade_row(export, columns, record, CELLS, (account, action, symbol), problems)
