"""Schwab Positions CSV: one account, or every account in blocks (custodian-formats.md §1a).

Layout. Line 1 is a quoted title, ``"Positions for account Intelligent XXXX-4321 as of 02:45
AM ET, 09/25/2020"`` (since 2024 ``... ...123 as of 12:33 PM ET, 2025/05/04"`` padded with
``,""`` cells) or ``"Positions for All-Accounts as of 06:04 PM ET, 11/15/2020"``; the date is
the last word and becomes ``as_of``. Then a blank line and the header. The all-accounts layout
repeats, per account, a quoted account line (``"Brokerage XXXX-1234"``), its own header, its
rows, ``Account Total`` and two blank lines.

Header generations, matched by name (columns are user-chosen on the site, so never by
position): ≤2023 ``Symbol, Description, Quantity, Price, …, Market Value, …, Cost Basis, …,
Security Type`` (trailing comma on every line), a shorter 2023 variant, 2025 ``Qty
(Quantity)``, ``Mkt Val (Market Value)`` …, late 2025 with an unnamed empty column after
``Description``, and 2026 with ``Asset Type`` for ``Security Type``.

Rows. ``Cash & Cash Investments`` (market value only) becomes the account's cash;
``Account Total`` / ``Positions Total`` end a block; options (``SMAL 04/01/2020 32.00 P``) and
CUSIP-listed bonds are warnings, not holdings; money-market funds held as positions are
ordinary holdings. Schwab gives no lots here: those come from Lot Details files.

Sources: jbms/beancount-import ``testdata/source/schwab_csv/test_basic/positions/
All-Accounts-Positions-2020-11-15.CSV``, ``.../test_lots/positions/
Intelligent-Positions-2020-09-25.CSV`` and the parser ``beancount_import/source/schwab_csv.py``;
redstreet/beancount_reds_importers ``beancount_reds_importers/importers/schwab/
schwab_csv_positions.py`` (header history, commits of Dec 2025 and Apr 2026);
vroonhof/opensteuerauszug ``src/opensteuerauszug/importers/schwab/formats.md`` (2025 example).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    added,
    holding_row,
    not_a_holding,
    note_skips,
    number_cell,
    problem,
    split_account,
    title_text,
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
    header_keys,
)
from trimtab.importers.text.values import date_at_end

TITLE = re.compile(r"^Positions for (?:account (?P<account>.+?)|All-Accounts) as of ", re.I)
CASH_ROW = "cash & cash investments"
TOTAL_ROWS = frozenset({"account total", "positions total"})

SPEC = ColumnSpec(
    required={
        "symbol": aliases("Symbol"),
        "quantity": aliases("Quantity", "Qty"),
        "price": aliases("Price"),
        "market_value": aliases("Market Value", "Mkt Val"),
    },
    optional={
        "security_type": aliases("Security Type", "Asset Type"),
        "description": aliases("Description"),
    },
)
HEADER_NAMES = frozenset().union(*SPEC.required.values(), *SPEC.optional.values())
"""A row naming any of these is a header row, wherever the name stands."""
HEADER_EXPECTED = "a header row naming `Symbol`, `Quantity`, `Price` and `Market Value` (any order)"


class _State(StrEnum):
    """Where the reading of an account block stands."""

    HEADER = "header"  # its header row comes next
    ROWS = "rows"  # position rows, until the total row
    CLOSED = "closed"  # after the total row
    FAILED = "failed"  # its header could not be read: its rows are skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class _Block:
    """One account's rows while they are read.

    account: the account of the block.
    state: where the reading stands.
    columns: the block's header, bound (None until it is read).
    cash: the cash rows added up.
    holdings: the positions read so far.
    """

    account: AccountRef
    state: _State = _State.HEADER
    columns: Columns | None = None
    cash: Decimal = Decimal(0)
    holdings: tuple[ExportHolding, ...] = ()


def is_schwab_positions(export: ExportText) -> bool:
    """The first non-blank line is a ``Positions for account/All-Accounts`` title."""
    first = next((r for r in export.records if not r.blank), None)
    return first is not None and TITLE.match(title_text(first)) is not None


def read_schwab_positions(export: ExportText) -> Extract:
    """The accounts, cash and holdings of a Schwab positions export."""
    records = [r for r in export.records if not r.blank]
    match = TITLE.match(title_text(records[0])) if records else None
    if match is None:
        wrong = wrong_format(export, "Schwab positions export")
        return Extract(file=export.file, format=Format.SCHWAB_POSITIONS, problems=(wrong,))
    title = records[0]
    problems: list[Problem] = []
    as_of = date_at_end(title_text(title))
    if as_of is None:
        problems.append(_undated(export, title))
    skipped: list[SkippedRow] = []
    blocks = _read_blocks(export, records[1:], match.group("account"), problems, skipped)
    return Extract(
        file=export.file,
        format=Format.SCHWAB_POSITIONS,
        as_of=as_of,
        as_of_source=export.source(title.line, 1, "(title)"),
        accounts=tuple(
            ExportAccount(account=b.account, cash=b.cash, holdings=b.holdings)
            for b in blocks
            if b.state is not _State.FAILED
        ),
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _undated(export: ExportText, title: Record) -> Problem:
    return problem(
        export.source(title.line, 1, "(title)"),
        "not_a_date",
        "the title line ends with no date",
        "a title such as `Positions for account X as of 02:45 AM ET, 09/25/2020`",
    )


def _read_blocks(
    export: ExportText,
    records: list[Record],
    single: str | None,
    problems: list[Problem],
    skipped: list[SkippedRow],
) -> list[_Block]:
    blocks: list[_Block] = []
    if single is not None:
        blocks.append(_Block(account=split_account(single, export.source(1, 1, "(title)"))))
    stray = False  # only the first of consecutive stray rows is reported
    for record in records:
        if single is None and _is_account_line(record, blocks):
            ref = split_account(record.first, export.source(record.line, 1, "(account)"))
            blocks.append(_Block(account=ref))
            stray = False
        elif not blocks or blocks[-1].state is _State.CLOSED:
            problems.extend(() if stray else (_stray(export, record, single is not None),))
            stray = True
        elif blocks[-1].state is not _State.FAILED:
            found: list[Problem] = []
            blocks[-1] = _read_row(export, blocks[-1], record, found)
            note_skips(blocks[-1].account, found, problems, skipped)
    problems.extend(_headerless(b) for b in blocks if b.state is _State.HEADER)
    if not blocks and not stray:
        problems.append(_no_accounts(export))
    return blocks


def _no_accounts(export: ExportText) -> Problem:
    return problem(
        export.source(1, 1, "(file)"),
        "no_accounts",
        "the export lists no account",
        "an account line such as `Brokerage XXXX-1234`, its header and rows",
    )


def _is_account_line(record: Record, blocks: list[_Block]) -> bool:
    """A lone quoted cell that is no header, cash or total row starts an account block (also
    when the previous block has no total row)."""
    lone = sum(1 for c in record.cells if c) == 1 and record.first != ""
    text = fold(record.first)
    starts = not blocks or blocks[-1].state is not _State.HEADER
    return lone and starts and text not in TOTAL_ROWS and text != "symbol"


def _stray(export: ExportText, record: Record, single: bool) -> Problem:
    """A row after the total row: ignored (one account), or an error (all accounts)."""
    place = export.source(record.line, 1, "(row)")
    if single:
        return warning(
            place, "ignored_row", f"a row after the total row is ignored: `{record.first}`"
        )
    return problem(
        place,
        "unexpected_row",
        f"a row outside any account block: `{record.first}`",
        "an account line such as `Brokerage XXXX-1234`, then its header",
    )


def _headerless(block: _Block) -> Problem:
    return problem(
        block.account.source.at("(header)"),
        "missing_header",
        f"account `{block.account.number}` has no header row",
        HEADER_EXPECTED,
    )


def _read_row(export: ExportText, block: _Block, record: Record, problems: list[Problem]) -> _Block:
    if block.columns is None:
        return _read_header(export, block, record, problems)
    labels = _labels(block.columns, record)
    if labels & TOTAL_ROWS:
        return replace(block, state=_State.CLOSED)
    if CASH_ROW in labels:
        return _read_cash(export, block, record, problems)
    holding = _read_holding(export, block.columns, record, problems)
    if holding is None:
        return block
    return replace(block, holdings=_add(block.holdings, holding))


def _labels(columns: Columns, record: Record) -> frozenset[str]:
    """The texts that name a cash or total row: its Symbol cell, and its first cell."""
    return frozenset({fold(columns.get(record, "symbol")), fold(record.first)})


def _is_header(record: Record) -> bool:
    """A header row: a cell names a column the importer reads (``Symbol``, ``Quantity`` …), in
    any column (custodians and users reorder columns: docs/importers.md); binding it then
    names a required column it lacks."""
    return any(header_keys(c) & HEADER_NAMES for c in record.cells)


def _read_header(
    export: ExportText, block: _Block, record: Record, problems: list[Problem]
) -> _Block:
    if not _is_header(record):
        problems.append(
            problem(
                export.source(record.line, 1, "(header)"),
                "missing_header",
                f"expected the header row, found `{record.first}`",
                HEADER_EXPECTED,
            )
        )
        return replace(block, state=_State.FAILED)
    columns = bind(export, record, SPEC)
    if isinstance(columns, Problem):
        problems.append(columns)
        return replace(block, state=_State.FAILED)
    return replace(block, columns=columns, state=_State.ROWS)


def _read_cash(
    export: ExportText, block: _Block, record: Record, problems: list[Problem]
) -> _Block:
    assert block.columns is not None
    value = number_cell(export, block.columns, record, "market_value", problems)
    if value is not None and value < 0:
        problems.append(
            problem(
                block.columns.place(export, record, "market_value"),
                "negative_cash",
                f"cash of {value}: a margin debit cannot be imported",
                "cash ≥ 0",
            )
        )
        return block
    return replace(block, cash=block.cash + (value or Decimal(0)))


def _read_holding(
    export: ExportText, columns: Columns, record: Record, problems: list[Problem]
) -> ExportHolding | None:
    symbol = columns.get(record, "symbol").upper()
    why = not_a_holding(symbol, columns.get(record, "security_type"))
    if why:
        value = columns.get(record, "market_value") or "unknown"
        place = columns.place(export, record, "symbol")
        problems.append(unknown_instrument(place, symbol, why, left_out=f"market value {value}"))
        return None
    return holding_row(export, columns, record, symbol, ("quantity", "price"), problems)


def _add(holdings: tuple[ExportHolding, ...], new: ExportHolding) -> tuple[ExportHolding, ...]:
    """Rows of one symbol (cash and margin sub-accounts) add up into one holding."""
    for i, h in enumerate(holdings):
        if h.symbol == new.symbol:
            return (*holdings[:i], added(h, new), *holdings[i + 1 :])
    return (*holdings, new)
