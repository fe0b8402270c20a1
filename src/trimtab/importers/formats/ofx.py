"""OFX / QFX investment statements, read with ofxtools (custodian-formats.md §5).

The only module that imports ``ofxtools`` (STYLE.md 10). OFX 1.x (SGML, a header block
``OFXHEADER:100``) and 2.x (XML, ``<?OFX OFXHEADER="200" …?>``) are both read; QFX is OFX with
Intuit's extra fields.

What is read, per ``INVSTMTRS`` (one account each):

* ``INVACCTFROM/ACCTID`` is the account number (OFX names no account type: the household file
  or the account map gives it); ``DTASOF`` is ``as_of``;
* ``INVPOSLIST``: ``POSSTOCK`` and ``POSMF`` are holdings (``UNITS``, ``UNITPRICE``), their
  ticker found through ``SECID/UNIQUEID`` in ``SECLIST``; rows of one security held in
  several sub-accounts (``HELDINACCT`` ``CASH``, ``MARGIN``) add up. ``POSDEBT``, ``POSOPT``,
  ``POSOTHER``, securities without a ticker and short positions are warnings. OFX positions
  carry no lots (only total or average cost), so taxable positions arrive with
  ``basis: unknown`` unless the household file already has lots that add up;
  A statement without ``INVPOSLIST`` (a download of transactions only, such as a Vanguard
  transfer) states no positions: the account's holdings are left as the household file has
  them (its transactions still merge); only an ``INVPOSLIST`` that lists nothing empties it;
* lots from buys: a position whose buys in ``INVTRANLIST`` (``BUY*``, ``REINVEST``; ``DTTRADE``,
  ``UNITS``, cost ``|TOTAL|`` or ``UNITS × UNITPRICE`` plus ``COMMISSION`` and ``FEES``) and
  ``TRANSFER`` ins with ``DTPURCHASE`` and ``AVGCOSTBASIS`` (per share) add up to exactly its
  ``UNITS``, with no sell or other share move of it in the file, gets those as its lots; else
  it has none;
* ``INVBAL/AVAILCASH`` is the account's cash (0 without ``INVBAL`` in a statement with
  positions; not stated, so left as it is, in one without; negative is an error);
* ``INVTRANLIST``: ``BUYSTOCK``, ``BUYMF``, ``BUYOTHER`` and ``REINVEST`` are buys,
  ``SELLSTOCK``, ``SELLMF``, ``SELLOTHER`` sells (``DTTRADE``, ``UNITS`` made positive,
  ``UNITPRICE``); a trade of 0 units is a warning (the row is skipped); debt and option
  trades are warnings; ``TRANSFER``, ``SPLIT`` and ``JRNLSEC`` move shares without being
  trades (warnings); income and bank transactions are cash only. Transactions dated before the
  history window are skipped before they are checked.
  A statement with an ``INVTRANLIST`` covers its account's recent trades.

Places. ofxtools keeps no line numbers, so each fact is placed by finding its text in the
file: a position at its ``<UNIQUEID>``, a transaction at its ``<FITID>``, within its statement.
A file ofxtools refuses (malformed SGML, a required element missing) is one ``ofx_syntax``
error placed at the element its message names, when it names one.

Sources: csingley/ofxtools ``ofxtools/models/invest/positions.py``, ``transactions.py``,
``stmt.py``, ``securities.py``; sample files redstreet/beancount_reds_importers
``importers/vanguard/tests/OfxDownload-401k.qfx`` and ``importers/etrade/tests/
etrade_09092023.QFX``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from ofxtools.Parser import OFXTree

from trimtab.errors import Problem
from trimtab.importers.formats.common import (
    added,
    history_row,
    not_a_holding,
    note_skips,
    problem,
    share_move,
    short_position,
    unknown_instrument,
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
from trimtab.importers.text.bounds import ofx_shape
from trimtab.importers.text.csvread import ExportText
from trimtab.model.enums import TradeAction
from trimtab.source import Source

SGML_HEADER = re.compile(r"^\s*OFXHEADER\s*:\s*100", re.I)
XML_HEADER = re.compile(r"^\s*<\?xml[^>]*\?>\s*<\?OFX\b", re.I | re.S)
HELD = frozenset({"POSSTOCK", "POSMF"})
BUYS = frozenset({"BUYSTOCK", "BUYMF", "BUYOTHER"})
SELLS = frozenset({"SELLSTOCK", "SELLMF", "SELLOTHER"})
NOT_HELD_TRADES = frozenset({"BUYDEBT", "BUYOPT", "SELLDEBT", "SELLOPT", "CLOSUREOPT"})
SHARE_MOVES = frozenset({"TRANSFER", "SPLIT", "JRNLSEC"})
NOT_HELD_POSITIONS = {
    "POSDEBT": "a bond or CD (POSDEBT)",
    "POSOPT": "an option (POSOPT)",
    "POSOTHER": "another kind of security (POSOTHER)",
}
TAG = re.compile(r"\b([A-Z][A-Z0-9.]{2,})\b")
CANT_SET = re.compile(r"Can't set (\w+)\.(\w+) to (\S+?):")


def is_ofx(export: ExportText) -> bool:
    """An OFX 1.x header block, or an XML declaration followed by ``<?OFX``."""
    head = export.text[:2048]
    return bool(SGML_HEADER.match(head) or XML_HEADER.match(head))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Places:
    """Finds where a fact is written in the file's text."""

    export: ExportText

    def at(self, needle: str, start: int, field: str) -> Source:
        """The line and column of ``needle`` at or after offset ``start`` (line 1 if absent)."""
        return self.of(self.export.text.find(needle, start), field)

    def of(self, found: int, field: str) -> Source:
        """The line and column of an offset (line 1 when it is -1: not found)."""
        text = self.export.text
        if found < 0:
            return self.export.source(1, 1, field)
        line = text.count("\n", 0, found) + 1
        column = found - (text.rfind("\n", 0, found) + 1) + 1
        return self.export.source(line, column, field)

    def statement_starts(self) -> list[int]:
        """The offsets of the ``<INVSTMTRS>`` tags, in order."""
        return [m.start() for m in re.finditer(r"<INVSTMTRS>", self.export.text, re.I)]


def read_ofx(export: ExportText) -> Extract:
    """The accounts, cash, holdings and trades of an OFX/QFX investment download."""
    ofx = _parse(export)
    if isinstance(ofx, Problem):
        return Extract(file=export.file, format=Format.OFX, problems=(ofx,))
    places = _Places(export=export)
    problems: list[Problem] = []
    tickers = _tickers(ofx)
    statements = [s for s in _statements(ofx) if hasattr(s, "invposlist")]
    starts = places.statement_starts() or [0]
    read = [
        _statement(places, s, starts[min(i, len(starts) - 1)], tickers, problems)
        for i, s in enumerate(statements)
    ]
    if not read:
        problems.append(_no_statement(export))
    dated = [r for r in read if r.as_of is not None]
    latest = max(dated, key=lambda r: r.as_of or dt.date.min, default=None)
    return Extract(
        file=export.file,
        format=Format.OFX,
        as_of=None if latest is None else latest.as_of,
        as_of_source=None if latest is None else latest.as_of_source,
        accounts=tuple(r.account for r in read),
        covered=tuple(r.account.account for r in read if r.covered),
        trades=tuple(t for r in read for t in r.trades),
        lots=tuple(lots for r in read for lots in r.lots),
        problems=tuple(problems),
        skipped=tuple(s for r in read for s in r.skipped),
    )


def _parse(export: ExportText) -> Any:
    """The ofxtools model of the file; a Problem when ofxtools refuses it, or before ofxtools
    sees it when it declares entities or passes the limits of :mod:`trimtab.importers.text.bounds`
    (nesting depth, element count)."""
    shape = ofx_shape(export.text, export.file)
    if shape is not None:
        return shape
    encoding = "cp1252" if re.search(r"CHARSET\s*:\s*1252", export.text[:1024]) else "utf-8"
    data = export.text.encode(encoding, errors="replace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ofxtools warns of Intuit's private tags
            tree = OFXTree()
            tree.parse(io.BytesIO(data))
            return tree.convert()
    except Exception as exc:  # ofxtools raises many kinds: translated at the boundary
        return _refused(export, exc)


def _refused(export: ExportText, exc: Exception) -> Problem:
    message = " ".join(str(exc).split())[:300] or type(exc).__name__
    return problem(
        _refused_place(export, message),
        "ofx_syntax",
        f"ofxtools cannot read the file: {message}",
        "an OFX/QFX investment statement as downloaded",
    )


def _refused_place(export: ExportText, message: str) -> Source:
    """Where ofxtools's complaint points: ``Can't set INVPOS.units to None`` names the
    first INVPOS without UNITS, ``… to 2026-11-24`` the value; else a tag it names."""
    places = _Places(export=export)
    setting = CANT_SET.search(message)
    if setting is not None:
        aggregate, element, value = (g.upper() for g in setting.groups())
        field = f"{aggregate}.{element}"
        if value != "NONE":
            return places.at(f"<{element}>{setting.group(3)}", 0, field)
        return places.of(_without(export.text, aggregate, element), field)
    named = [t for t in TAG.findall(message) if f"<{t}>" in export.text]
    return places.at(f"<{named[0]}>", 0, named[0]) if named else export.source(1, 1, "(file)")


def _without(text: str, aggregate: str, element: str) -> int:
    """The offset of the first ``<aggregate>`` block that has no ``<element>`` (-1: none)."""
    for block in re.finditer(rf"<{aggregate}>(.*?)</{aggregate}>", text, re.S | re.I):
        if f"<{element}>" not in block.group(1).upper():
            return block.start()
    return -1


def _no_statement(export: ExportText) -> Problem:
    return problem(
        export.source(1, 1, "(file)"),
        "missing_value",
        "the OFX file has no investment statement (INVSTMTRS)",
        "an investment account download",
    )


def _statements(ofx: Any) -> list[Any]:
    try:
        return list(ofx.statements)
    except (AttributeError, ValueError):
        return []


def _tickers(ofx: Any) -> dict[str, str]:
    """SECID UNIQUEID -> ticker, from SECLIST."""
    out: dict[str, str] = {}
    for security in ofx.securities or ():
        info = getattr(security, "secinfo", None)
        if info is not None and info.ticker:
            out[str(info.secid.uniqueid)] = str(info.ticker).strip().upper()
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class _Statement:
    """One account's statement, read."""

    account: ExportAccount
    as_of: dt.date | None
    as_of_source: Source
    covered: bool
    trades: tuple[ExportTrade, ...]
    skipped: tuple[SkippedRow, ...]
    lots: tuple[ExportLots, ...]


def _statement(
    places: _Places,
    stmt: Any,
    start: int,
    tickers: dict[str, str],
    problems: list[Problem],
) -> _Statement:
    number = str(stmt.invacctfrom.acctid)
    ref = AccountRef(
        number=number, name="", source=places.at(f"<ACCTID>{number}", start, "INVACCTFROM.ACCTID")
    )
    stated = stmt.invposlist is not None
    found: list[Problem] = []
    holdings = _holdings(places, stmt, start, tickers, found) if stated else None
    position_rows: list[SkippedRow] = []
    note_skips(ref, found, problems, position_rows)
    rows = _trades(places, stmt, start, ref, tickers)
    cash = _cash(places, stmt, start, problems) if stated or stmt.invbal is not None else None
    return _Statement(
        account=ExportAccount(account=ref, cash=cash, holdings=holdings),
        as_of=stmt.dtasof.date() if stmt.dtasof is not None else None,
        as_of_source=places.at("<DTASOF>", start, "DTASOF"),
        covered=stmt.invtranlist is not None,
        trades=tuple(r for r in rows if isinstance(r, ExportTrade)),
        skipped=(*position_rows, *(r for r in rows if isinstance(r, SkippedRow))),
        lots=_lots_from_buys(places, start, stmt, ref, holdings or (), tickers),
    )


def _cash(places: _Places, stmt: Any, start: int, problems: list[Problem]) -> Decimal:
    balance = stmt.invbal
    if balance is None or balance.availcash is None:
        return Decimal(0)
    cash = Decimal(balance.availcash)
    if cash < 0:
        problems.append(
            problem(
                places.at("<AVAILCASH>", start, "INVBAL.AVAILCASH"),
                "negative_cash",
                f"cash of {cash}: a debit balance cannot be imported",
                "cash ≥ 0",
            )
        )
        return Decimal(0)
    return cash


# --- positions -----------------------------------------------------------------------------


def _holdings(
    places: _Places, stmt: Any, start: int, tickers: dict[str, str], problems: list[Problem]
) -> tuple[ExportHolding, ...]:
    out: dict[str, ExportHolding] = {}
    cursor = places.export.text.find("<INVPOSLIST>", start)
    for position in stmt.invposlist or ():
        cursor = places.export.text.find(f"<{type(position).__name__}>", cursor + 1)
        holding = _holding(places, position, cursor, tickers, problems)
        if holding is not None:
            out[holding.symbol] = added(out.get(holding.symbol), holding)
    return tuple(out.values())


def _holding(
    places: _Places, position: Any, at: int, tickers: dict[str, str], problems: list[Problem]
) -> ExportHolding | None:
    """One position, placed at its tag (offset ``at``)."""
    kind = type(position).__name__
    pos = position.invpos
    uid = str(pos.secid.uniqueid)
    place = places.of(at, f"INVPOSLIST.{kind}")
    symbol = tickers.get(uid, "")
    why = _not_held(kind, symbol, uid)
    if why:
        problems.append(
            unknown_instrument(place, symbol or uid, why, left_out=f"market value {pos.mktval}")
        )
        return None
    units = Decimal(pos.units)
    if units <= 0 or str(pos.postype).upper() == "SHORT":
        if units != 0:
            problems.append(short_position(place, symbol, units))
        return None
    price = Decimal(pos.unitprice) if pos.unitprice is not None else None
    return ExportHolding(
        symbol=symbol,
        quantity=units,
        price=price if price is not None and price > 0 else None,
        source=place,
    )


def _not_held(kind: str, symbol: str, uid: str) -> str:
    if kind not in HELD:
        return NOT_HELD_POSITIONS.get(kind, f"a {kind} position")
    if not symbol:
        return f"a security without a ticker in SECLIST (UNIQUEID {uid})"
    return not_a_holding(symbol)


# --- transactions --------------------------------------------------------------------------


def _trades(
    places: _Places, stmt: Any, start: int, account: AccountRef, tickers: dict[str, str]
) -> tuple[ExportTrade | SkippedRow, ...]:
    """Each transaction: a trade, or a row skipped (with what its check found)."""
    out: list[ExportTrade | SkippedRow] = []
    for transaction in stmt.invtranlist or ():
        kind = type(transaction).__name__
        invtran = getattr(_core(transaction), "invtran", None)
        fitid = getattr(invtran, "fitid", None) or getattr(
            getattr(transaction, "stmttrn", None), "fitid", None
        )
        place = places.at(f"<FITID>{fitid}", start, f"INVTRANLIST.{kind}")
        when = getattr(invtran, "dttrade", None) or getattr(
            getattr(transaction, "stmttrn", None), "dtposted", None
        )
        read = partial(_trade, places, transaction, start, account, tickers)
        out.append(history_row(account, when.date() if when else None, place, read))
    return tuple(out)


def _trade(
    places: _Places,
    transaction: Any,
    start: int,
    account: AccountRef,
    tickers: dict[str, str],
    problems: list[Problem],
) -> ExportTrade | None:
    kind = type(transaction).__name__
    core = _core(transaction)
    if core is None:
        return None
    invtran = core.invtran
    place = places.at(f"<FITID>{invtran.fitid}", start, f"INVTRANLIST.{kind}")
    uid = str(core.secid.uniqueid) if getattr(core, "secid", None) is not None else ""
    symbol = tickers.get(uid, "")
    action = _action(kind)
    if action is None:
        _report_other(place, kind, symbol or uid, problems)
        return None
    why = not_a_holding(symbol) if symbol else f"a security without a ticker (UNIQUEID {uid})"
    if why:
        problems.append(
            unknown_instrument(
                place, symbol or uid, why, left_out=f"market value {getattr(core, 'total', '')}"
            )
        )
        return None
    return _trade_of(place, core, account, action, symbol, problems)


def _core(transaction: Any) -> Any:
    """The part with INVTRAN, SECID, UNITS and UNITPRICE: INVBUY, INVSELL or the row itself."""
    for name in ("invbuy", "invsell"):
        part = getattr(transaction, name, None)
        if part is not None:
            return part
    return transaction if getattr(transaction, "invtran", None) is not None else None


def _action(kind: str) -> TradeAction | None:
    if kind in BUYS or kind == "REINVEST":
        return TradeAction.BUY
    if kind in SELLS:
        return TradeAction.SELL
    return None


def _report_other(place: Source, kind: str, name: str, problems: list[Problem]) -> None:
    if kind in NOT_HELD_TRADES:
        problems.append(unknown_instrument(place, name, f"in a {kind} transaction", trade=True))
    elif kind in SHARE_MOVES:
        problems.append(share_move(place, kind, name))


def _trade_of(
    place: Source,
    core: Any,
    account: AccountRef,
    action: TradeAction,
    symbol: str,
    problems: list[Problem],
) -> ExportTrade | None:
    units = Decimal(core.units)
    price = Decimal(core.unitprice)
    if units == 0:
        problems.append(zero_shares(place, price))
        return None
    if price <= 0:
        problems.append(
            problem(
                place,
                "not_positive",
                f"a trade of {units} shares at {price}",
                "UNITS and UNITPRICE > 0",
            )
        )
        return None
    return ExportTrade(
        account=account,
        date=core.invtran.dttrade.date(),
        action=action,
        symbol=symbol,
        quantity=abs(units),
        price=price,
        source=place,
    )


# --- lots from buys --------------------------------------------------------------------------

SHARE_CHANGES = SELLS | SHARE_MOVES | NOT_HELD_TRADES


def _lots_from_buys(
    places: _Places,
    start: int,
    stmt: Any,
    account: AccountRef,
    holdings: tuple[ExportHolding, ...],
    tickers: dict[str, str],
) -> tuple[ExportLots, ...]:
    """The lots of each position whose buys (and transfers in with a purchase date) in this
    statement add up to exactly its units, when nothing else moved its shares."""
    bought: dict[str, list[ExportLot]] = {}
    moved: set[str] = set()
    for transaction in stmt.invtranlist or ():
        kind = type(transaction).__name__
        core = _core(transaction)
        secid = getattr(core, "secid", None)
        symbol = tickers.get(str(secid.uniqueid), "") if secid is not None else ""
        fitid = getattr(getattr(core, "invtran", None), "fitid", None)
        place = places.at(f"<FITID>{fitid}", start, f"INVTRANLIST.{kind}")
        lot = _bought(kind, transaction, core, place)
        if lot is not None:
            bought.setdefault(symbol, []).append(lot)
        elif kind in SHARE_CHANGES:
            moved.add(symbol)
    out: list[ExportLots] = []
    for h in holdings:
        lots = bought.get(h.symbol, [])
        if h.symbol in moved or not lots or sum(x.quantity for x in lots) != h.quantity:
            continue
        ordered = tuple(sorted(lots, key=lambda x: x.acquired))
        out.append(ExportLots(account=account, symbol=h.symbol, lots=ordered, derived=True))
    return tuple(out)


def _bought(kind: str, transaction: Any, core: Any, place: Source) -> ExportLot | None:
    """A buy (or a transfer in that says when and at what cost) as a lot; None otherwise."""
    if core is None or getattr(core, "units", None) is None:
        return None
    units = Decimal(core.units)
    if units <= 0:
        return None
    if kind in BUYS or kind == "REINVEST":
        total = getattr(core, "total", None)
        extra = sum(
            (Decimal(getattr(core, name, None) or 0) for name in ("commission", "fees")),
            Decimal(0),
        )
        if total is not None and Decimal(total) != 0:
            cost = abs(Decimal(total))
        elif core.unitprice is not None:
            cost = units * Decimal(core.unitprice) + extra
        else:
            return None
        return ExportLot(
            acquired=core.invtran.dttrade.date(), quantity=units, cost=cost, source=place
        )
    if kind == "TRANSFER" and str(getattr(transaction, "tferaction", "")).upper() == "IN":
        purchased = getattr(transaction, "dtpurchase", None)
        average = getattr(transaction, "avgcostbasis", None)
        if purchased is None or average is None:
            return None
        return ExportLot(
            acquired=purchased.date(),
            quantity=units,
            cost=units * Decimal(average),
            source=place,
        )
    return None
