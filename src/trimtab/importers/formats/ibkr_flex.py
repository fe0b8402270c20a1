"""Interactive Brokers Flex Query XML: positions, lots, cash and trades (custodian-formats.md §4a).

Layout. ``FlexQueryResponse > FlexStatements > FlexStatement(accountId, fromDate, toDate,
whenGenerated)``, with containers ``OpenPositions``, ``Trades``, ``CashReport`` and others;
every value is an XML attribute. The statement's ``toDate`` is ``as_of``.

Positions. ``OpenPosition`` rows with ``levelOfDetail="SUMMARY"`` (or without the attribute)
give the position (``position`` shares, ``markPrice``). With the query's "Lot" option, each
position also has ``levelOfDetail="LOT"`` rows, one per tax lot: ``openDateTime``
(``2011-08-08;134413``: the date part) is ``acquired``, ``position`` the lot's shares and
``costBasisMoney`` its total ``cost``. A position with lots but no summary row is the sum of
its lots. Only stocks and funds (``assetCategory`` ``STK``, ``FUND``) in USD are held; options,
futures, bonds, forex and positions in other currencies are warnings; short positions too.
A statement without an ``OpenPositions`` container (a query without the Open Positions
section) states no positions: the account's holdings are left as the household file has them;
an empty ``<OpenPositions/>`` is a statement that the account holds nothing.

Cash. ``CashReportCurrency`` with ``currency="USD"``: its ``endingCash`` (other currencies
and the ``BASE_SUMMARY`` line are not read; a negative USD balance is a margin debit, an error).
A statement with neither ``OpenPositions`` nor a USD cash line leaves the account's cash as it is.

Trades. ``Trade`` rows (``levelOfDetail`` ``EXECUTION`` or none; the ``Lot`` elements after a
closing trade are not trades): ``buySell`` ``BUY``/``SELL``, ``tradeDate`` (or, when the query
did not select it, the date part of ``dateTime``), ``quantity`` (negative for sells: made
positive), ``tradePrice``. Cancellations (``BUY (Ca.)``) and trades of 0 shares are warnings.
Every statement with a ``Trades`` container is "covered"; as with every history export, trades
more than 60 days before ``as_of`` are left out, and skipped before they are checked.

Dates: ``yyyyMMdd`` (IB's default), ``yyyy-MM-dd``, ``MM/dd/yyyy``, ``MM/dd/yy``, ``dd-MMM-yy``,
with a time after ``;``, ``,``, a space or ``T``.

Problems name the file, the line and column of the element and the attribute, e.g.
``flex.xml:9:5: OpenPosition.position: `1O` is not a number``.

Sources: csingley/ibflex ``ibflex/Types.py`` (OpenPosition, Trade, Lot, CashReportCurrency),
``ibflex/parser.py`` (date formats), ``tests/test_types.py`` (an OpenPosition with
``levelOfDetail="LOT"``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    history_row,
    not_a_holding,
    note_skips,
    problem,
    short_position,
    unknown_instrument,
    warning,
    zero_shares,
)
from trimtab.importers.records import (
    AccountRef,
    ExportAccount,
    ExportHolding,
    ExportLot,
    ExportLots,
    ExportTrade,
    Extract,
    Format,
    SkippedRow,
)
from trimtab.importers.text.csvread import ExportText
from trimtab.importers.text.values import Invalid, parse_number
from trimtab.importers.text.xmlread import Element, xml_elements
from trimtab.model.enums import TradeAction
from trimtab.source import Source

ROOT = re.compile(
    r"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*(?:<!DOCTYPE\s+|<)FlexQueryResponse\b", re.S
)
"""An XML declaration, comments, then the root ``FlexQueryResponse`` (or a DOCTYPE naming it:
the file is then read, and refused if it declares entities)."""
HELD = frozenset({"STK", "FUND", ""})
SIDES = {"BUY": TradeAction.BUY, "SELL": TradeAction.SELL}
DATE_FORMATS = ("%Y%m%d", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%y")
DATE_END = re.compile(r"[;, ]|T(?=\d)")


def is_ibkr_flex(export: ExportText) -> bool:
    """The text is XML whose root element is ``FlexQueryResponse``."""
    return bool(ROOT.match(export.text[:4096]))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Reader:
    """The file, for naming places."""

    export: ExportText

    def place(self, element: Element, attribute: str) -> Source:
        return self.export.source(element.line, element.column, f"{element.tag}.{attribute}")

    def number(self, element: Element, attribute: str, problems: list[Problem]) -> Decimal | None:
        """An attribute's number; a Problem when it is not one or is missing."""
        value = parse_number(element.get(attribute))
        if isinstance(value, Invalid):
            message = f"`{value.text}` is not a number"
            problems.append(problem(self.place(element, attribute), "not_a_number", message))
            return None
        if value is None:
            problems.append(self.missing(element, attribute))
        return value

    def date(self, element: Element, attribute: str, problems: list[Problem]) -> dt.date | None:
        """An attribute's date (the date part of a date-time); a Problem when it is not one."""
        text = element.get(attribute)
        if not text:
            problems.append(self.missing(element, attribute))
            return None
        head = DATE_END.split(text, maxsplit=1)[0]
        for form in DATE_FORMATS:
            try:
                return dt.datetime.strptime(head, form).date()
            except ValueError:
                continue
        problems.append(
            problem(
                self.place(element, attribute),
                "not_a_date",
                f"`{text}` is not a date",
                "a date such as 20261124, 2026-11-24 or 2026-11-24;134413",
            )
        )
        return None

    def missing(self, element: Element, attribute: str) -> Problem:
        return problem(
            self.place(element, attribute),
            "missing_value",
            f"`{attribute}` is missing or empty",
            "a value",
        )


def read_ibkr_flex(export: ExportText) -> Extract:
    """The accounts, lots, cash and trades of a Flex Query XML file."""
    elements = xml_elements(export.text, export.file)
    if isinstance(elements, Problem):
        return Extract(file=export.file, format=Format.IBKR_FLEX, problems=(elements,))
    reader = _Reader(export=export)
    problems: list[Problem] = []
    statements = [e for e in elements if e.tag == "FlexStatement"]
    if not statements:
        return _no_statement(export)
    as_of, as_of_source = _as_of(reader, statements, problems)
    skipped: list[SkippedRow] = []
    accounts, lots = _positions(reader, elements, problems, skipped)
    rows = _trades(reader, elements)
    return Extract(
        file=export.file,
        format=Format.IBKR_FLEX,
        as_of=as_of,
        as_of_source=as_of_source,
        accounts=accounts,
        lots=lots,
        covered=_covered(reader, elements),
        trades=tuple(r for r in rows if isinstance(r, ExportTrade)),
        problems=tuple(problems),
        skipped=(*skipped, *(r for r in rows if isinstance(r, SkippedRow))),
    )


def _no_statement(export: ExportText) -> Extract:
    missing = problem(
        export.source(1, 1, "(file)"),
        "missing_value",
        "a Flex Query response without a FlexStatement (an error response, or an empty query)",
        "a FlexStatement element per account",
    )
    return Extract(file=export.file, format=Format.IBKR_FLEX, problems=(missing,))


def _as_of(
    reader: _Reader, statements: Sequence[Element], problems: list[Problem]
) -> tuple[dt.date | None, Source | None]:
    """The latest ``toDate`` of the statements."""
    dated = [(reader.date(s, "toDate", problems), s) for s in statements]
    known = [(d, s) for d, s in dated if d is not None]
    if not known:
        return None, None
    date, statement = max(known, key=lambda pair: pair[0])
    return date, reader.place(statement, "toDate")


def _account_of(reader: _Reader, element: Element, alias: str = "") -> AccountRef:
    return AccountRef(
        number=element.get("accountId"),
        name=element.get("acctAlias") or alias,
        source=reader.place(element, "accountId"),
    )


def _aliases(elements: Sequence[Element]) -> dict[str, str]:
    """Account -> the first ``acctAlias`` any of its rows gives (the account's nickname)."""
    out: dict[str, str] = {}
    for element, statement in _with_account(elements):
        if element.get("acctAlias"):
            out.setdefault(_account_id(element, statement), element.get("acctAlias"))
    return out


def _with_account(elements: Sequence[Element]) -> list[tuple[Element, Element]]:
    """Each element with its FlexStatement (whose accountId an element may leave out)."""
    out: list[tuple[Element, Element]] = []
    statement: Element | None = None
    for element in elements:
        if element.tag == "FlexStatement":
            statement = element
        elif statement is not None:
            out.append((element, statement))
    return out


def _account_id(element: Element, statement: Element) -> str:
    return element.get("accountId") or statement.get("accountId")


# --- positions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Position:
    """One symbol of one account: its summary row and lot rows."""

    account: str
    symbol: str
    summary: Element | None
    lots: tuple[Element, ...]


def _positions(
    reader: _Reader,
    elements: Sequence[Element],
    problems: list[Problem],
    skipped: list[SkippedRow],
) -> tuple[tuple[ExportAccount, ...], tuple[ExportLots, ...]]:
    aliases = _aliases(elements)
    refs = {
        s.get("accountId"): _account_of(reader, s, aliases.get(s.get("accountId"), ""))
        for s in elements
        if s.tag == "FlexStatement" and s.get("accountId")
    }
    cash = _cash(reader, elements, problems)
    found: list[tuple[str, Problem]] = []
    grouped = _grouped(reader, elements, found)
    holdings: dict[str, list[ExportHolding]] = {n: [] for n in refs}
    lot_files: list[ExportLots] = []
    for position in grouped:
        ref = refs.setdefault(position.account, _ref_of(reader, position))
        short: list[Problem] = []
        holding = _holding(reader, position, short)
        found.extend((position.account, p) for p in short)
        if holding is None:
            continue
        holdings.setdefault(position.account, []).append(holding)
        lots = _lots(reader, position, ref, problems)
        lot_files.extend(() if lots is None else (lots,))
    for number, p in found:
        note_skips(refs.get(number), [p], problems, skipped)
    stated = _stating_positions(elements)
    accounts = tuple(
        ExportAccount(
            account=ref,
            cash=cash.get(n, Decimal(0) if n in stated else None),
            holdings=tuple(holdings[n]) if n in stated else None,
        )
        for n, ref in refs.items()
    )
    return accounts, tuple(lot_files)


def _stating_positions(elements: Sequence[Element]) -> frozenset[str]:
    """The accounts whose statement has an ``OpenPositions`` container (even an empty one)."""
    return frozenset(
        _account_id(element, statement)
        for element, statement in _with_account(elements)
        if element.tag in ("OpenPositions", "OpenPosition")
    )


def _ref_of(reader: _Reader, position: _Position) -> AccountRef:
    element = position.summary or position.lots[0]
    return AccountRef(number=position.account, name="", source=reader.place(element, "accountId"))


def _grouped(
    reader: _Reader, elements: Sequence[Element], found: list[tuple[str, Problem]]
) -> list[_Position]:
    """OpenPosition rows grouped by account and symbol, in file order; others are warnings
    (in ``found``, with their account)."""
    order: dict[tuple[str, str], tuple[Element | None, list[Element]]] = {}
    for element, statement in _with_account(elements):
        if element.tag != "OpenPosition":
            continue
        account = _account_id(element, statement)
        problems: list[Problem] = []
        held = _held(reader, element, problems)
        found.extend((account, p) for p in problems)
        if not held:
            continue
        key = (account, element.get("symbol").upper())
        summary, lots = order.setdefault(key, (None, []))
        if element.get("levelOfDetail").upper() == "LOT":
            lots.append(element)
        elif summary is None:
            order[key] = (element, lots)
    return [
        _Position(account=a, symbol=s, summary=summary, lots=tuple(lots))
        for (a, s), (summary, lots) in order.items()
    ]


def _held(reader: _Reader, element: Element, problems: list[Problem]) -> bool:
    """True for a USD stock or fund position; a warning (once, on its summary) otherwise."""
    category = element.get("assetCategory").upper()
    symbol = element.get("symbol").upper()
    why = "" if category in HELD else f"of asset category {category}"
    why = why or not_a_holding(symbol)
    currency = element.get("currency").upper()
    if not why and currency not in ("", "USD"):
        why = f"in {currency}, not USD"
    if why and element.get("levelOfDetail").upper() != "LOT":
        problems.append(
            unknown_instrument(
                reader.place(element, "symbol"),
                symbol,
                why,
                left_out=f"its value {element.get('positionValue')}",
                expected="US-dollar stocks, ETFs and funds",
            )
        )
    return not why


def _holding(reader: _Reader, position: _Position, problems: list[Problem]) -> ExportHolding | None:
    if position.summary is None:
        return _holding_of_lots(reader, position, problems)
    quantity = reader.number(position.summary, "position", problems)
    price = parse_number(position.summary.get("markPrice"))
    if quantity is None or quantity <= 0:
        if quantity is not None and quantity < 0:
            place = reader.place(position.summary, "position")
            symbol = position.summary.get("symbol")
            problems.append(short_position(place, symbol, quantity))
        return None
    return ExportHolding(
        symbol=position.symbol,
        quantity=quantity,
        price=price if isinstance(price, Decimal) and price > 0 else None,
        source=reader.place(position.summary, "symbol"),
    )


def _holding_of_lots(
    reader: _Reader, position: _Position, problems: list[Problem]
) -> ExportHolding | None:
    quantities = [reader.number(e, "position", problems) for e in position.lots]
    if any(q is None for q in quantities):
        return None
    total = sum((q for q in quantities if q is not None), Decimal(0))
    first = position.lots[0]
    if total <= 0:
        if total < 0:
            place = reader.place(first, "position")
            problems.append(short_position(place, first.get("symbol"), total))
        return None
    price = parse_number(first.get("markPrice"))
    return ExportHolding(
        symbol=position.symbol,
        quantity=total,
        price=price if isinstance(price, Decimal) and price > 0 else None,
        source=reader.place(first, "symbol"),
    )


def _lots(
    reader: _Reader, position: _Position, ref: AccountRef, problems: list[Problem]
) -> ExportLots | None:
    if not position.lots:
        return None
    lots = [_lot(reader, e, problems) for e in position.lots]
    if any(lot is None for lot in lots):
        return None
    first = position.lots[0]
    return ExportLots(
        account=AccountRef(
            number=ref.number, name=ref.name, source=reader.place(first, "accountId")
        ),
        symbol=position.symbol,
        lots=tuple(lot for lot in lots if lot is not None),
    )


def _lot(reader: _Reader, element: Element, problems: list[Problem]) -> ExportLot | None:
    acquired = reader.date(element, "openDateTime", problems)
    quantity = reader.number(element, "position", problems)
    cost = reader.number(element, "costBasisMoney", problems)
    if acquired is None or quantity is None or cost is None:
        return None
    if quantity <= 0 or cost < 0:
        field = "position" if quantity <= 0 else "costBasisMoney"
        problems.append(
            problem(
                reader.place(element, field),
                "not_positive",
                f"a lot of {quantity} shares costing {cost}",
                "a long lot: shares > 0 and a cost ≥ 0",
            )
        )
        return None
    return ExportLot(
        acquired=acquired, quantity=quantity, cost=cost, source=reader.place(element, "position")
    )


def _cash(
    reader: _Reader, elements: Sequence[Element], problems: list[Problem]
) -> dict[str, Decimal]:
    """Account -> its USD ending cash."""
    out: dict[str, Decimal] = {}
    for element, statement in _with_account(elements):
        if element.tag != "CashReportCurrency" or element.get("currency").upper() != "USD":
            continue
        value = reader.number(element, "endingCash", problems)
        if value is None:
            continue
        if value < 0:
            problems.append(
                problem(
                    reader.place(element, "endingCash"),
                    "negative_cash",
                    f"cash of {value}: a debit balance cannot be imported",
                    "cash ≥ 0",
                )
            )
            continue
        out[_account_id(element, statement)] = value
    return out


# --- trades --------------------------------------------------------------------------------


def _covered(reader: _Reader, elements: Sequence[Element]) -> tuple[AccountRef, ...]:
    """The statements that have a Trades section."""
    return tuple(
        _account_of(reader, statement)
        for element, statement in _with_account(elements)
        if element.tag == "Trades" and statement.get("accountId")
    )


def _trades(reader: _Reader, elements: Sequence[Element]) -> tuple[ExportTrade | SkippedRow, ...]:
    """Each trade row: a trade, or a row skipped (with what its check found)."""
    out: list[ExportTrade | SkippedRow] = []
    for element, statement in _with_account(elements):
        if element.tag != "Trade" or element.get("levelOfDetail").upper() not in (
            "",
            "EXECUTION",
        ):
            continue
        account = AccountRef(
            number=_account_id(element, statement),
            name="",
            source=reader.place(element, "accountId"),
        )
        when = reader.date(element, _date_attribute(element), [])
        read = partial(_trade, reader, element, account)
        out.append(history_row(account, when, reader.place(element, "buySell"), read))
    return tuple(out)


def _date_attribute(element: Element) -> str:
    """``tradeDate``, or ``dateTime`` when the query selected only that."""
    return "tradeDate" if element.get("tradeDate") or not element.get("dateTime") else "dateTime"


def _trade(
    reader: _Reader, element: Element, account: AccountRef, problems: list[Problem]
) -> ExportTrade | None:
    side = element.get("buySell").upper()
    symbol = element.get("symbol").upper()
    category = element.get("assetCategory").upper()
    why = "" if category in HELD else f"of asset category {category}"
    why = why or not_a_holding(symbol)
    if side not in SIDES or why:
        problems.append(_not_imported(reader, element, side, symbol, why))
        return None
    date = reader.date(element, _date_attribute(element), problems)
    quantity = reader.number(element, "quantity", problems)
    price = reader.number(element, "tradePrice", problems)
    if date is None or quantity is None or price is None:
        return None
    if quantity == 0:
        problems.append(zero_shares(reader.place(element, "quantity"), price))
        return None
    if price <= 0:
        problems.append(
            problem(
                reader.place(element, "tradePrice"),
                "not_positive",
                f"a trade of {quantity} shares at {price}",
                "a quantity and a price > 0",
            )
        )
        return None
    return ExportTrade(
        account=account,
        date=date,
        action=SIDES[side],
        symbol=symbol,
        quantity=abs(quantity),
        price=price,
        source=reader.place(element, "buySell"),
    )


def _not_imported(reader: _Reader, element: Element, side: str, symbol: str, why: str) -> Problem:
    if why:
        return unknown_instrument(reader.place(element, "symbol"), symbol, why, trade=True)
    return warning(
        reader.place(element, "buySell"),
        "not_a_trade",
        f"`{side}` of {symbol} is not a buy or sell (a cancellation?): not imported",
        "BUY or SELL",
    )
