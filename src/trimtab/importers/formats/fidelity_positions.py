"""Fidelity Portfolio Positions CSV: every account in one file (custodian-formats.md §2a).

Layout. No title: the header is line 1 (often after a UTF-8 byte order mark); one row per
account × security, keyed by ``Account Number``; data rows end with a trailing comma. The rows
stop at the first blank line; then come quoted disclaimer paragraphs and ``"Date downloaded
07/30/2021 2:26 PM ET"`` (newer: ``"Date downloaded Apr-22-2026 9:29 p.m ET"``), whose date
becomes ``as_of``.

Header generations, matched by name and case-insensitively: 2021 ``Account Number,Account
Name,Symbol,Description,Quantity,Last Price,Last Price Change,Current Value,…,Percent Of
Account,Cost Basis,Cost Basis Per Share,Type``; 2023–2025 the same with ``Cost Basis Total,
Average Cost Basis``; variants with an ``Investment Type`` or ``Basket Name`` column and an
all-sentence-case header (``Account number,Account name,…``).

Rows. Core money market (``SPAXX**``, ``FCASH**``, ``CORE**``: a ``**`` suffix, no quantity
or price) is cash at $1.00: its ``Current Value`` goes to the account's cash. ``Pending
Activity`` is an unsettled cash adjustment: a warning, not cash and not a holding. Options
(`` -ABC270115C20``) and CUSIP-listed bonds are warnings. ``Type`` (``Cash``, ``Margin``) is the
sub-account: rows of one symbol in both add up. There are no lots in this file, so a taxable
position is imported with ``basis: unknown`` unless the household file already has its lots.

Sources: open-portfolio/FINporterFido ``Tests/FidoPositionsTests.swift`` (2021 header in its
first commits, 2023 header at HEAD, ``Date downloaded`` footer, ``n/a`` basis) and
``Sources/FidoPositions.swift`` (``Pending Activity``, core cash); the 2023+ header is repeated
in several independent public test fixtures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    added,
    holding_row,
    not_a_holding,
    note_skips,
    problem,
    required_number,
    unknown_instrument,
    warning,
    wrong_format,
)
from trimtab.importers.records import (
    AccountRef,
    ExportAccount,
    ExportHolding,
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
from trimtab.importers.text.values import parse_date
from trimtab.source import Source

DOWNLOADED = re.compile(r"^\"?Date downloaded\s+(?P<date>\S+)", re.I)
FILE_DATE = re.compile(r"Portfolio_Positions_(?P<date>[A-Za-z]{3}-\d{2}-\d{4})", re.I)
CORE_SUFFIX = "**"
PENDING = "pending activity"

SPEC = ColumnSpec(
    required={
        "account_number": aliases("Account Number"),
        "symbol": aliases("Symbol"),
        "quantity": aliases("Quantity"),
        "last_price": aliases("Last Price"),
        "current_value": aliases("Current Value"),
    },
    optional={
        "account_name": aliases("Account Name"),
        "description": aliases("Description"),
        "type": aliases("Type"),
    },
)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Row:
    """One position row, read: its account, and a holding or an amount of cash."""

    account: AccountRef
    holding: ExportHolding | None = None
    cash: Decimal = Decimal(0)


def is_fidelity_positions(export: ExportText) -> bool:
    """The first non-blank line is a header with Account Number, Symbol and a price or value."""
    first = next((r for r in export.records if not r.blank), None)
    if first is None:
        return False
    names = {fold(c) for c in first.cells}
    return {"account number", "symbol"} <= names and bool({"current value", "last price"} & names)


def read_fidelity_positions(export: ExportText) -> Extract:
    """The accounts, cash and holdings of a Fidelity positions export."""
    records = list(export.records)
    start = next((i for i, r in enumerate(records) if not r.blank), None)
    if start is None:
        wrong = wrong_format(export, "Fidelity positions export")
        return Extract(file=export.file, format=Format.FIDELITY_POSITIONS, problems=(wrong,))
    problems: list[Problem] = []
    columns = bind(export, records[start], SPEC)
    if isinstance(columns, Problem):
        return Extract(file=export.file, format=Format.FIDELITY_POSITIONS, problems=(columns,))
    body, footer = _split(records[start + 1 :])
    rows: list[_Row | None] = []
    skipped: list[SkippedRow] = []
    for record in body:
        found: list[Problem] = []
        rows.append(_read_row(export, columns, record, found))
        note_skips(_account_of(export, columns, record), found, problems, skipped)
    as_of, as_of_source = _as_of(export, footer, problems)
    return Extract(
        file=export.file,
        format=Format.FIDELITY_POSITIONS,
        as_of=as_of,
        as_of_source=as_of_source,
        accounts=_accounts([r for r in rows if r is not None]),
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _split(records: list[Record]) -> tuple[list[Record], list[Record]]:
    """Rows up to the first blank line, and the footer after it."""
    for i, record in enumerate(records):
        if record.blank:
            return records[:i], records[i:]
    return records, []


def _as_of(
    export: ExportText, footer: list[Record], problems: list[Problem]
) -> tuple[dt.date | None, Source]:
    """The ``Date downloaded`` date, else the date in the file's name (with a warning)."""
    for record in footer:
        match = DOWNLOADED.match(record.first)
        if match is not None:
            place = export.source(record.line, 1, "(footer)")
            value = parse_date(match.group("date"))
            if isinstance(value, dt.date):
                return value, place
            problems.append(problem(place, "not_a_date", f"`{record.first}` has no date"))
            return None, place
    last = export.records[-1].line if export.records else 1
    return _date_from_name(export, last, problems)


def _date_from_name(
    export: ExportText, last: int, problems: list[Problem]
) -> tuple[dt.date | None, Source]:
    place = export.source(0, 0, "(file name)")
    named = FILE_DATE.search(export.name)
    value = parse_date(named.group("date")) if named else None
    if isinstance(value, dt.date):
        problems.append(
            warning(
                place,
                "date_from_file_name",
                f"no `Date downloaded` line: as_of {value} is taken from the file name",
            )
        )
        return value, place
    problems.append(
        problem(
            export.source(last, 1, "(footer)"),
            "missing_date",
            "the export says nowhere when it was taken: no `Date downloaded` line",
            "the footer `Date downloaded MM/DD/YYYY …` of the download",
        )
    )
    return None, place


def _account_of(export: ExportText, columns: Columns, record: Record) -> AccountRef | None:
    number = columns.get(record, "account_number")
    if not number:
        return None
    return AccountRef(
        number=number,
        name=columns.get(record, "account_name"),
        source=columns.place(export, record, "account_number"),
    )


def _read_row(
    export: ExportText, columns: Columns, record: Record, problems: list[Problem]
) -> _Row | None:
    number = columns.get(record, "account_number")
    account = AccountRef(
        number=number,
        name=columns.get(record, "account_name"),
        source=columns.place(export, record, "account_number"),
    )
    symbol = columns.get(record, "symbol").upper()
    if not number:
        problems.append(_no_account(export, columns, record))
        return None
    if fold(symbol) == PENDING:
        problems.append(_pending(export, columns, record))
        return None
    if symbol.endswith(CORE_SUFFIX):
        return _core(export, columns, record, account, problems)
    holding = _holding(export, columns, record, symbol, problems)
    return _Row(account=account, holding=holding)


def _core(
    export: ExportText,
    columns: Columns,
    record: Record,
    account: AccountRef,
    problems: list[Problem],
) -> _Row | None:
    """A core money-market line: its current value is cash at $1.00."""
    value = required_number(export, columns, record, "current_value", problems)
    if value is not None and value < 0:
        problems.append(
            problem(
                columns.place(export, record, "current_value"),
                "negative_cash",
                f"cash of {value}: a debit balance cannot be imported",
                "cash ≥ 0",
            )
        )
        return None
    return _Row(account=account, cash=value or Decimal(0))


def _no_account(export: ExportText, columns: Columns, record: Record) -> Problem:
    return problem(
        columns.place(export, record, "account_number"),
        "missing_value",
        "a position row without an account number",
        "the account number",
    )


def _pending(export: ExportText, columns: Columns, record: Record) -> Problem:
    value = columns.get(record, "current_value") or "unknown"
    return warning(
        columns.place(export, record, "symbol"),
        "pending_activity",
        f"Pending Activity of {value} is unsettled: not in the account's cash",
        "settled cash only",
    )


def _holding(
    export: ExportText, columns: Columns, record: Record, symbol: str, problems: list[Problem]
) -> ExportHolding | None:
    why = not_a_holding(symbol.strip())
    if why:
        value = columns.get(record, "current_value") or "unknown"
        place = columns.place(export, record, "symbol")
        problems.append(
            unknown_instrument(place, symbol.strip(), why, left_out=f"current value {value}")
        )
        return None
    return holding_row(export, columns, record, symbol, ("quantity", "last_price"), problems)


def _accounts(rows: list[_Row]) -> tuple[ExportAccount, ...]:
    """Rows grouped by account number, in file order; one holding per symbol."""
    order: list[str] = []
    refs: dict[str, AccountRef] = {}
    cash: dict[str, Decimal] = {}
    holdings: dict[str, dict[str, ExportHolding]] = {}
    for row in rows:
        key = row.account.number
        if key not in refs:
            order.append(key)
            refs[key], cash[key], holdings[key] = row.account, Decimal(0), {}
        cash[key] += row.cash
        if row.holding is not None:
            holdings[key][row.holding.symbol] = added(
                holdings[key].get(row.holding.symbol), row.holding
            )
    return tuple(
        ExportAccount(account=refs[k], cash=cash[k], holdings=tuple(holdings[k].values()))
        for k in order
    )
