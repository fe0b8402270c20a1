"""Custodian trade files of a plan (docs/trade-files.md): trimtab's generic CSV, IBKR's basket,
and one file per custodian.

Every file is written by the stdlib ``csv`` module: comma-separated with no space after the
commas, one header row, CRLF line ends (RFC 4180; custodian-formats.md §7d accepts them), UTF-8
without a byte-order mark (plain ASCII whenever the household file's text is), a field quoted
only when it holds a comma, a quote or a line break. Rows follow the plan's trade order (sells
first). Quantities are written as the security trades them: plain decimals rounded half-up to
six places, the plan's share precision, without trailing zeros (``69``, ``4.94994``); money is
rounded to cents; never a ``$`` or a thousands separator.

Text that comes from the input (account ids and numbers, symbols, lot ids) and starts with
``=``, ``+``, ``-``, ``@``, a tab, CR, LF or NUL gets a leading ``'`` (OWASP "CSV Injection";
ASVS 1.2.10), so a spreadsheet shows ``'=HYPERLINK("x")`` instead of running it. The numbers
written here are trimtab's own and never touched.

The generic file is trimtab's contract. A sell in a taxable account of the return carries its
lots: one row per lot with the lot's id, acquisition date, shares and cost basis, the
versus-purchase instruction the plan's tax figures depend on. Example: P1 sells 8 IVV, 6 from
lot L1 (cost 600.00) and 2 from lot L2 (cost 500.00), so it gives two rows, quantities 6
and 2; the rows of one trade add up to its quantity. ``trades-generic.csv`` holds every
account; beside it, ``trades-generic-<custodian>.csv`` holds one custodian's accounts (the
``custodian`` of each account in the household file).

A custodian's own file holds only the accounts at that custodian, with their account numbers
there: IBKR's basket file (TWS BasketTrader, custodian-formats.md §7a) has no per-lot field,
so it is one row per trade and :data:`IBKR_LOT_WARNING` tells the user to choose the lots on
the IBKR side. Schwab's and Fidelity's advisor bulk-trade layouts are not public (§7b, §7c):
``trades-schwab.csv``, ``trades-fidelity.csv`` and ``trades-vanguard.csv`` are the generic
layout of that custodian's accounts. An account that trades without a ``custodian`` is in no
custodian's file, and a warning says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from trimtab.errors import Problem
from trimtab.model.enums import Custodian, SecurityType, TradeAction, TradeFileKind
from trimtab.model.household import Account, Household
from trimtab.model.plan import PlannedLot, PlannedTrade
from trimtab.money import money_str, round_shares
from trimtab.report.format import plain_shares

if TYPE_CHECKING:
    from trimtab.results.plan import PlanReport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
LINE_END = "\r\n"
FUND_TYPES = frozenset({SecurityType.MUTUAL_FUND, SecurityType.MONEY_MARKET})


IBKR_LOT_WARNING = (
    "the IBKR basket file has no field for the lots of a sale: IBKR relieves the account's "
    "lot-matching method unless the lots are chosen on the IBKR side (specific lot); choose "
    "the lots listed in trades-generic.csv (--trade-file generic), or the realized gains will "
    "differ from the plan's"
)


def neutralize(text: str) -> str:
    """Text from the input, with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeLine:
    """One row of a trade file.

    trade: the planned trade. account_number: the custodian's number ('' when not given).
    quantity: shares of this row, rounded to six places: the whole trade, or the part taken
    from ``lot``. lot: the lot this row relieves (None: the row is the whole trade).
    fund: the symbol is a mutual or money-market fund (IBKR ``SecType`` ``FUND``).
    order_ref: the order reference, ``trimtab-<as_of YYYYMMDD>-<trade id>`` (IBKR ``BasketTag``).
    """

    trade: PlannedTrade
    account_number: str
    quantity: Decimal
    lot: PlannedLot | None = None
    fund: bool = False
    order_ref: str = ""


def _lot_quantities(lots: Sequence[PlannedLot]) -> list[Decimal]:
    """Each lot's shares rounded to six places; the last takes the rounding remainder, so the
    rows add up to the rounded total (1.0000004 + 1.0000004 -> 1.000000 + 1.000001)."""
    rounded = [round_shares(lot.quantity) for lot in lots]
    total = round_shares(sum((lot.quantity for lot in lots), Decimal(0)))
    return [*rounded[:-1], total - sum(rounded[:-1], Decimal(0))]


def _lines_of(trade: PlannedTrade, base: TradeLine, by_lot: bool) -> Iterator[TradeLine]:
    """The rows of one trade: one per lot for a sell that names lots (when ``by_lot``)."""
    if not (by_lot and trade.action is TradeAction.SELL and trade.lots):
        yield base
        return
    for lot, quantity in zip(trade.lots, _lot_quantities(trade.lots), strict=True):
        yield replace(base, quantity=quantity, lot=lot)


def trade_lines(
    trades: Sequence[PlannedTrade],
    numbers: Mapping[str, str],
    *,
    as_of: dt.date,
    funds: Collection[str] = (),
    by_lot: bool,
) -> tuple[TradeLine, ...]:
    """The rows of a trade file, in the trades' order.

    numbers: custodian number by account id (missing: ''). funds: symbols that are mutual or
    money-market funds. by_lot: split a sell that names lots into one row per lot.
    """
    return tuple(
        line
        for t in trades
        for line in _lines_of(
            t,
            TradeLine(
                trade=t,
                account_number=numbers.get(t.account, ""),
                quantity=round_shares(t.quantity),
                fund=t.symbol in funds,
                order_ref=f"trimtab-{as_of:%Y%m%d}-{t.id}",
            ),
            by_lot,
        )
    )


Column = tuple[str, Callable[[TradeLine], str]]


def _lot_field(get: Callable[[PlannedLot], str]) -> Callable[[TradeLine], str]:
    return lambda r: "" if r.lot is None else get(r.lot)


GENERIC_COLUMNS: tuple[Column, ...] = (
    ("trade_id", lambda r: r.trade.id),
    ("account_id", lambda r: neutralize(r.trade.account)),
    ("account_number", lambda r: neutralize(r.account_number)),
    ("action", lambda r: r.trade.action.value),
    ("symbol", lambda r: neutralize(r.trade.symbol)),
    ("quantity", lambda r: plain_shares(r.quantity)),
    ("order_type", lambda r: "market"),
    ("reference_price", lambda r: money_str(r.trade.price)),
    ("lot_id", _lot_field(lambda lot: neutralize(lot.lot_id))),
    ("lot_acquired", _lot_field(lambda lot: lot.acquired.isoformat())),
    ("lot_cost", _lot_field(lambda lot: money_str(lot.cost))),
)
"""trimtab's generic layout: one row per trade, or per lot of a sell that names lots."""

IBKR_COLUMNS: tuple[Column, ...] = (
    ("Action", lambda r: r.trade.action.value.upper()),
    ("Quantity", lambda r: plain_shares(r.quantity)),
    ("Symbol", lambda r: neutralize(r.trade.symbol)),
    ("SecType", lambda r: "FUND" if r.fund else "STK"),
    ("Exchange", lambda r: "SMART"),
    ("Currency", lambda r: "USD"),
    ("TimeInForce", lambda r: "DAY"),
    ("OrderType", lambda r: "MKT"),
    ("Account", lambda r: neutralize(r.account_number)),
    ("BasketTag", lambda r: r.order_ref),
)
"""IBKR's basket fields (custodian-formats.md §7a): market day orders, one row per trade."""


def render_csv(columns: Sequence[Column], lines: Sequence[TradeLine]) -> bytes:
    """The header row and one row per line, CRLF-terminated, UTF-8 without a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow([name for name, _ in columns])
    writer.writerows([encode(line) for _, encode in columns] for line in lines)
    return buffer.getvalue().encode("utf-8")


def account_numbers(household: Household) -> Mapping[str, str]:
    """The custodian number of each account, by id ('' when not given)."""
    return MappingProxyType({a.id: a.number for a in reversed(household.accounts)})


def fund_symbols(household: Household) -> frozenset[str]:
    """The symbols of the household's securities that are mutual or money-market funds."""
    return frozenset(s.symbol for s in household.securities if s.type in FUND_TYPES)


def _accounts_at(report: PlanReport, custodian: Custodian | None) -> frozenset[str]:
    """The ids of the accounts held at ``custodian`` (None: every account)."""
    return frozenset(
        a.id for a in report.household.accounts if custodian is None or a.custodian is custodian
    )


def _report_lines(
    report: PlanReport, by_lot: bool, custodian: Custodian | None = None
) -> tuple[TradeLine, ...]:
    accounts = _accounts_at(report, custodian)
    return trade_lines(
        [t for t in report.plan.trades if t.account in accounts],
        account_numbers(report.household),
        as_of=report.plan.as_of,
        funds=fund_symbols(report.household),
        by_lot=by_lot,
    )


def generic_trade_file(report: PlanReport, custodian: Custodian | None = None) -> bytes:
    """``trades-generic.csv``: the plan's trades, a sell's lots one row each (only the accounts
    at ``custodian`` when one is given)."""
    return render_csv(GENERIC_COLUMNS, _report_lines(report, True, custodian))


def ibkr_trade_file(report: PlanReport) -> bytes:
    """``trades-ibkr.csv``: the trades of the IBKR accounts as a TWS basket, one row per trade."""
    return render_csv(IBKR_COLUMNS, _report_lines(report, False, Custodian.IBKR))


def _custodian_file(custodian: Custodian) -> Callable[[PlanReport], bytes]:
    def render(report: PlanReport) -> bytes:
        return generic_trade_file(report, custodian)

    render.__doc__ = f"``trades-{custodian.value}.csv``: the generic layout of its accounts."
    return render


TRADE_FILES: Mapping[str, Callable[[PlanReport], bytes]] = MappingProxyType(
    {
        TradeFileKind.GENERIC: generic_trade_file,
        TradeFileKind.IBKR: ibkr_trade_file,
        **{
            kind: _custodian_file(Custodian(kind.value))
            for kind in TradeFileKind
            if kind not in (TradeFileKind.GENERIC, TradeFileKind.IBKR)
        },
    }
)
"""Trade-file kind -> renderer of its main file."""


def trade_file_name(kind: str, custodian: Custodian | None = None) -> str:
    """The file name of a trade-file kind: ``trades-generic.csv``, ``trades-ibkr.csv``; with a
    custodian, the generic file of its accounts: ``trades-generic-schwab.csv``."""
    name = TradeFileKind(kind).value
    return f"trades-{name}-{custodian.value}.csv" if custodian else f"trades-{name}.csv"


def _trading_custodians(report: PlanReport) -> list[Custodian]:
    """The custodians of the accounts that trade in the plan, in the custodians' order."""
    trading = {t.account for t in report.plan.trades}
    held = {a.custodian for a in report.household.accounts if a.id in trading}
    return [c for c in Custodian if c in held]


def trade_file_set(kind: str, report: PlanReport) -> tuple[tuple[str, bytes], ...]:
    """The files of one ``--trade-file`` kind: its main file and, for the generic kind, one
    generic file per custodian whose accounts trade."""
    which = TradeFileKind(kind)
    main = ((trade_file_name(which), TRADE_FILES[which](report)),)
    if which is not TradeFileKind.GENERIC:
        return main
    return main + tuple(
        (trade_file_name(which, c), generic_trade_file(report, c))
        for c in _trading_custodians(report)
    )


def _warning(account: Account, field: str, kind: str, message: str, expected: str) -> Problem:
    return Problem.warning(account.source, field, kind, message, expected)


def _account_warnings(
    kind: TradeFileKind, index: int, account: Account, trades: Sequence[PlannedTrade]
) -> Iterator[Problem]:
    """An account that trades without a custodian number, or outside the file's custodian;
    for IBKR, its sells that name lots."""
    at, name = f"accounts[{index}]", trade_file_name(kind)
    wanted = kind.custodian
    if wanted is not None and account.custodian is not wanted:
        if account.custodian is None:
            yield _warning(
                account,
                f"{at}.custodian",
                "no_custodian",
                f"{account.id}: no custodian; its trades are not in {name} (place them by hand)",
                ", ".join(c.value for c in Custodian),
            )
        return
    if not account.number:
        yield _warning(
            account,
            f"{at}.number",
            "no_account_number",
            f"{account.id}: no custodian account number; its rows in {name} "
            "have an empty account number",
            "the custodian's account number",
        )
    sells = [t for t in trades if t.action is TradeAction.SELL and t.lots]
    if kind is TradeFileKind.IBKR and sells:
        named = ", ".join(f"{t.id} ({t.symbol})" for t in sells)
        yield _warning(
            account,
            f"{at}.relief_method",
            "ibkr_lot_matching",
            f"{account.id}: lots to relieve in {named}; {IBKR_LOT_WARNING}",
            "",
        )


def trade_file_warnings(kind: str, report: PlanReport) -> tuple[Problem, ...]:
    """What the user must do by hand for a trade file of this plan, account by account."""
    which = TradeFileKind(kind)
    return tuple(
        w
        for i, a in enumerate(report.household.accounts)
        if (trades := [t for t in report.plan.trades if t.account == a.id])
        for w in _account_warnings(which, i, a, trades)
    )
