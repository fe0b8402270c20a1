"""Helpers every importer shares: reading typed cells, naming accounts, telling instruments apart.

A cell that cannot be read is a Problem naming file, line, column number and header name
(``Positions.CSV:7:3: Quantity: `abc` is not a number``). Positions trimtab cannot hold are
reported as a warning naming the line and are not imported: options (``SMAL 04/01/2020 32.00 P``,
Fidelity's `` -ABC270115C20``), bonds and CDs listed by CUSIP (``912810SP4``), and symbols that
are no ticker (custodian-formats.md §1a, §2a, §2c).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from trimtab.errors import Problem, Severity
from trimtab.importers.records import AccountRef, ExportHolding, ExportTrade, SkippedRow
from trimtab.importers.text.csvread import Columns, ExportText, Record
from trimtab.importers.text.values import Invalid, is_not_applicable, parse_date, parse_number
from trimtab.model.enums import TradeAction
from trimtab.source import Source

T = TypeVar("T")
TICKER = re.compile(r"^[A-Z][A-Z0-9.\-/]{0,11}$")
CUSIP = re.compile(r"^[0-9]{3}[0-9A-Z]{5}[0-9]$")
OPTION_TYPES = ("option",)
BOND_TYPES = ("fixed income", "bond", "cd", "certificate")


def problem(
    source: Source,
    kind: str,
    message: str,
    expected: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    """A Problem whose field is the Source's field (the export's header name)."""
    return Problem(
        source=source,
        field=source.field or "(row)",
        kind=kind,
        message=message,
        expected=expected,
        severity=severity,
    )


def warning(source: Source, kind: str, message: str, expected: str = "") -> Problem:
    """A warning: reported, and the import goes on."""
    return problem(source, kind, message, expected, Severity.WARNING)


def number_cell(
    export: ExportText,
    columns: Columns,
    record: Record,
    column: str,
    problems: list[Problem],
) -> Decimal | None:
    """The number in a cell; None (and a Problem) when it is not one, None when not applicable."""
    return _parsed(export, columns, record, column, problems, parse_number, "not_a_number")


def date_cell(
    export: ExportText,
    columns: Columns,
    record: Record,
    column: str,
    problems: list[Problem],
) -> dt.date | None:
    """The date in a cell; None (and a Problem) when it is not one."""
    return _parsed(export, columns, record, column, problems, parse_date, "not_a_date")


def _parsed(
    export: ExportText,
    columns: Columns,
    record: Record,
    column: str,
    problems: list[Problem],
    parse: Callable[[str], T | Invalid],
    kind: str,
) -> T | None:
    """What ``parse`` reads in a cell; None, and a Problem of ``kind``, when it reads nothing."""
    value = parse(columns.get(record, column))
    if isinstance(value, Invalid):
        problems.append(_invalid(columns.place(export, record, column), kind, value))
        return None
    return value


def required_number(
    export: ExportText,
    columns: Columns,
    record: Record,
    column: str,
    problems: list[Problem],
) -> Decimal | None:
    """The number in a cell that must have one: an empty or ``--`` cell is a Problem too."""
    value = number_cell(export, columns, record, column, problems)
    if value is None and is_not_applicable(columns.get(record, column)):
        problems.append(missing(export, columns, record, column))
    return value


def required_date(
    export: ExportText,
    columns: Columns,
    record: Record,
    column: str,
    problems: list[Problem],
) -> dt.date | None:
    """The date in a cell that must have one: an empty cell is a Problem too."""
    value = date_cell(export, columns, record, column, problems)
    if value is None and is_not_applicable(columns.get(record, column)):
        problems.append(missing(export, columns, record, column))
    return value


def _invalid(source: Source, kind: str, value: Invalid) -> Problem:
    what = "a number" if kind == "not_a_number" else "a date"
    return problem(source, kind, f"`{value.text}` is not {what}", value.expected)


def missing(export: ExportText, columns: Columns, record: Record, column: str) -> Problem:
    """A required cell that is empty or not applicable."""
    return problem(
        columns.place(export, record, column),
        "missing_value",
        f"`{columns.names.get(column, column)}` is empty",
        "a value",
    )


def split_account(text: str, source: Source) -> AccountRef:
    """``Intelligent XXXX-4321`` -> name ``Intelligent``, number ``XXXX-4321`` (the last word)."""
    words = text.split()
    if not words:
        return AccountRef(number="", name="", source=source)
    return AccountRef(number=words[-1], name=" ".join(words[:-1]), source=source)


def not_a_holding(symbol: str, security_type: str = "") -> str:
    """Why a position is not imported as a holding ('' when it is an ordinary security)."""
    kind = security_type.lower()
    if any(word in kind for word in OPTION_TYPES) or _looks_like_option(symbol):
        return "an option"
    if CUSIP.match(symbol) or any(kind.startswith(word) for word in BOND_TYPES):
        return "a bond or CD (listed by CUSIP)"
    if not TICKER.match(symbol):
        return "not a ticker symbol"
    return ""


def _looks_like_option(symbol: str) -> bool:
    return " " in symbol.strip() or symbol.strip().startswith("-")


def wrong_format(export: ExportText, what: str) -> Problem:
    """An importer given a file that is not its format (the sniffers keep this from happening)."""
    return problem(
        export.source(1, 1, "(file)"),
        "unknown_format",
        f"not a {what}",
        f"a {what} (docs/importers.md)",
    )


def first_record(export: ExportText) -> Record | None:
    """The first record with any text."""
    return next((r for r in export.records if not r.blank), None)


def title_text(record: Record) -> str:
    """The text of a title line (its first cell; padding cells are ignored)."""
    return record.first.strip().strip('"').strip()


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeCells:
    """Where a history export keeps the cells of a trade (column keys of its ``Columns``).

    fee: a money cell that must be a number but is not imported (amount, commission).
    side: the cell a trade's source points to (its action or type).
    positive: what a trade of 0 shares or at a price ≤ 0 should have had, in that export's words.
    """

    date: str
    quantity: str
    price: str = "price"
    fee: str
    side: str
    positive: str = "a quantity and a price > 0"


def trade_row(
    export: ExportText,
    columns: Columns,
    record: Record,
    cells: TradeCells,
    trade: tuple[AccountRef, TradeAction, str],
    problems: list[Problem],
) -> ExportTrade | None:
    """The trade of a history row (``trade``: its account, side and symbol): the date, quantity
    and price must be there and readable, the fee cell a number; a price ≤ 0 is refused; a
    quantity of 0 (Vanguard writes ``Buy`` rows of 0.00000 shares) is a warning and the row is
    not imported. None, with the Problems added, when the row is not a trade to import."""
    date = required_date(export, columns, record, cells.date, problems)
    quantity = required_number(export, columns, record, cells.quantity, problems)
    price = required_number(export, columns, record, cells.price, problems)
    number_cell(export, columns, record, cells.fee, problems)
    if date is None or quantity is None or price is None:
        return None
    if quantity == 0:
        problems.append(zero_shares(columns.place(export, record, cells.quantity), price))
        return None
    if price <= 0:
        problems.append(
            problem(
                columns.place(export, record, cells.price),
                "not_positive",
                f"a trade of {quantity} shares at {price}",
                cells.positive,
            )
        )
        return None
    account, action, symbol = trade
    return ExportTrade(
        account=account,
        date=date,
        action=action,
        symbol=symbol,
        quantity=abs(quantity),
        price=price,
        source=columns.place(export, record, cells.side),
    )


def unknown_instrument(
    place: Source,
    name: str,
    why: str,
    *,
    trade: bool = False,
    left_out: str = "",
    expected: str = "stocks, ETFs and funds with a ticker",
) -> Problem:
    """The one warning for an instrument trimtab does not hold (an option, a bond or CD, a
    currency…), in a position or a history row: not imported. ``trade``: a history row (its
    trade is not imported); ``left_out``: the value that stays out of the household, in the
    export's words (``market value 1234.50``), when there is one; ``expected``: what trimtab
    holds."""
    what = "its trade is not imported" if trade else "not imported"
    value = f" ({left_out} is left out of the household)" if left_out else ""
    return warning(
        place,
        "unknown_instrument",
        f"`{name}` is {why}: {what}{value}",
        f"trades of {expected}" if trade else expected,
    )


def short_position(place: Source, symbol: str, quantity: Decimal) -> Problem:
    """The warning for a position of fewer than 0 shares: trimtab holds long positions only."""
    return warning(
        place,
        "short_position",
        f"{symbol}: a short position of {quantity} shares is not imported",
        "a long position",
    )


def holding_row(
    export: ExportText,
    columns: Columns,
    record: Record,
    symbol: str,
    cells: tuple[str, str],
    problems: list[Problem],
) -> ExportHolding | None:
    """The holding of a position row (``cells``: the column keys of its quantity and price):
    the quantity must be there and readable, the price a number when given. Fewer than 0
    shares is a short position, warned of and not imported; 0 shares is nothing held; a price
    ≤ 0 is no price."""
    quantity, price = cells
    shares = required_number(export, columns, record, quantity, problems)
    given = number_cell(export, columns, record, price, problems)
    if shares is None or shares <= 0:
        if shares is not None and shares < 0:
            place = columns.place(export, record, quantity)
            problems.append(short_position(place, symbol, shares))
        return None
    return ExportHolding(
        symbol=symbol,
        quantity=shares,
        price=given if given is not None and given > 0 else None,
        source=columns.place(export, record, "symbol"),
    )


def share_move(place: Source, what: str, symbol: str) -> Problem:
    """The warning for a history row (``what``: its action or type) that moves shares without
    a buy or sell (a transfer, a reinvestment, a redemption): not imported."""
    return warning(
        place,
        "not_a_trade",
        f"`{what}` of {symbol} moves shares but is not a buy or sell: not imported",
        "add it to `transactions` by hand if it was a purchase",
    )


def added(old: ExportHolding | None, new: ExportHolding) -> ExportHolding:
    """Rows of one symbol in one account (cash and margin sub-accounts, lots listed as rows) as
    one holding: their shares added up, the first price given, the first row as its source."""
    if old is None:
        return new
    return replace(old, quantity=old.quantity + new.quantity, price=old.price or new.price)


def zero_shares(place: Source, price: object) -> Problem:
    """The warning for a trade row of 0 shares: not imported, and the rest of the file is."""
    return warning(
        place,
        "zero_shares",
        f"a trade of 0 shares at {price}: not imported",
        "a quantity other than 0",
    )


REASONS = {
    "zero_shares": "zero shares",
    "unknown_instrument": "not a stock, ETF or fund",
    "not_a_trade": "moves shares without a buy or sell",
    "short_position": "a short position",
    "pending_activity": "pending activity, not settled cash",
}
CASH_ONLY = "cash only, not a buy or sell"
"""Why a history row that is no trade and has nothing wrong (a dividend, interest) is skipped."""


def skip_reason(found: tuple[Problem, ...], default: str = CASH_ONLY) -> str:
    """Why a row is not imported, in a few words, from what its check found."""
    if any(p.severity is Severity.ERROR for p in found):
        return "unreadable"
    return next((REASONS.get(p.kind, p.kind.replace("_", " ")) for p in found), default)


def history_row(
    account: AccountRef | None,
    date: dt.date | None,
    place: Source,
    read: Callable[[list[Problem]], ExportTrade | None],
) -> ExportTrade | SkippedRow:
    """A history row read by ``read``: its trade, or (when it is none, or its check found
    anything) the row skipped, with what was found. The import reports the found problems only
    when ``date`` is inside the history window (or unknown)."""
    found: list[Problem] = []
    trade = read(found)
    if trade is not None and not found:
        return trade
    return SkippedRow(
        account=account,
        date=date,
        source=place,
        reason=skip_reason(tuple(found)),
        problems=tuple(found),
    )


def row_date(columns: Columns, record: Record, column: str) -> dt.date | None:
    """A row's date when it reads as one (None otherwise: checking the row reports it)."""
    value = parse_date(columns.get(record, column))
    return value if isinstance(value, dt.date) else None


SKIP_KINDS = frozenset({"unknown_instrument", "short_position", "pending_activity"})
"""Warnings that say a position row is not imported: the summary counts them per account."""


def note_skips(
    account: AccountRef | None,
    found: list[Problem],
    problems: list[Problem],
    skipped: list[SkippedRow],
) -> None:
    """Sort what reading one row (or one account's rows) found: a warning that a position row
    is not imported becomes a skipped row of the account (it is still reported, by the import);
    anything else goes to ``problems``."""
    for p in found:
        if p.kind in SKIP_KINDS:
            reason = skip_reason((p,))
            skipped.append(
                SkippedRow(
                    account=account, date=None, source=p.source, reason=reason, problems=(p,)
                )
            )
        else:
            problems.append(p)
