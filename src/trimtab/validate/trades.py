"""Check a trade list against the household: each rule a small check; problems, never raises.

These are the checks that need no simulation: the account and the symbol exist, the trade is
not dated before ``as_of`` nor more than ten years after it, a buy names no lots, a sale in a
taxable account of this return is not of a holding whose basis is unknown, and the ids are
unique. What depends on the trades
before it (is the lot still open, are there enough shares) is checked while the trades are
applied (:mod:`trimtab.tax.realize`). Warnings: a trade in a held-away account, a buy off the
account's buy menu.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from trimtab.errors import Problem, Severity
from trimtab.model.enums import TradeAction
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.validate.edges import HORIZON_DAYS, latest_date

TradeCheck = Callable[[Household, Trade], Iterator[Problem]]


def _problem(
    trade: Trade,
    field: str,
    kind: str,
    message: str,
    expected: str,
    severity: Severity = Severity.ERROR,
) -> Problem:
    name = f"{trade.source.field}.{field}" if trade.source.field else field
    return Problem(
        source=trade.source,
        field=name,
        kind=kind,
        message=message,
        expected=expected,
        severity=severity,
    )


def account_is_known(h: Household, trade: Trade) -> Iterator[Problem]:
    """The trade's account is one of the household's."""
    if h.account(trade.account) is None:
        known = ", ".join(a.id for a in h.accounts)
        yield _problem(
            trade,
            "account",
            "unknown_account",
            f"account `{trade.account}` is not in the household",
            f"one of {known}",
        )


def symbol_is_known(h: Household, trade: Trade) -> Iterator[Problem]:
    """The symbol is in the securities master or the household file's `securities`."""
    if h.security(trade.symbol) is None:
        yield _problem(
            trade,
            "symbol",
            "unknown_symbol",
            f"{trade.symbol} is not a known security",
            "a symbol of the securities master, or an entry under the household's `securities:`",
        )


def dated_on_or_after_as_of(h: Household, trade: Trade) -> Iterator[Problem]:
    """Trades are proposals: dated on or after the household's ``as_of``."""
    if trade.date < h.as_of:
        yield _problem(
            trade,
            "date",
            "trade_before_as_of",
            f"trade {trade.id} is dated {trade.date}, before as_of {h.as_of}",
            f"a date on or after {h.as_of}",
        )


def dated_within_the_horizon(h: Household, trade: Trade) -> Iterator[Problem]:
    """Trades are dated at most ``HORIZON_DAYS`` after ``as_of`` (:mod:`trimtab.validate.edges`):
    a wash-sale window past 9999-12-31 would run off the calendar."""
    if trade.date > latest_date(h.as_of):
        yield _problem(
            trade,
            "date",
            "date_out_of_range",
            f"trade {trade.id} is dated {trade.date}, too far after as_of {h.as_of}",
            f"a date from {h.as_of} to {latest_date(h.as_of)} (as_of + {HORIZON_DAYS:,} days)",
        )


def buys_name_no_lots(h: Household, trade: Trade) -> Iterator[Problem]:
    """Only sells name lots; a buy creates the lot whose id is the trade's id."""
    if trade.action is TradeAction.BUY and trade.lots:
        yield _problem(trade, "lots", "lots_on_buy", "a buy cannot name lots", "no `lots` on a buy")


def basis_is_known(h: Household, trade: Trade) -> Iterator[Problem]:
    """A sale whose gain is taxed here needs the holding's lots (`basis: unknown` blocks it)."""
    account = h.account(trade.account)
    if trade.action is not TradeAction.SELL or account is None or not account.taxed_here:
        return
    if any(hd.symbol == trade.symbol and hd.basis_unknown for hd in account.holdings):
        yield _problem(
            trade,
            "symbol",
            "basis_unknown",
            f"{trade.symbol} in {account.id} has `basis: unknown`: its gain cannot be figured",
            "lots with acquired, quantity and cost in the household file",
        )


def account_is_tradable(h: Household, trade: Trade) -> Iterator[Problem]:
    """A held-away account is counted, not traded: a trade there is checked, with a warning."""
    account = h.account(trade.account)
    if account is not None and not account.tradable:
        yield _problem(
            trade,
            "account",
            "held_away",
            f"{account.id} is held away (`tradable: false`); trade {trade.id} is checked anyway",
            "a tradable account",
            Severity.WARNING,
        )


def buy_is_on_menu(h: Household, trade: Trade) -> Iterator[Problem]:
    """A buy in an account with a buy menu should be of a menu fund (warning)."""
    account = h.account(trade.account)
    if trade.action is not TradeAction.BUY or account is None or not account.buy_menu:
        return
    if trade.symbol not in account.buy_menu:
        yield _problem(
            trade,
            "symbol",
            "not_on_buy_menu",
            f"{trade.symbol} is not on the buy menu of {account.id}",
            "one of " + ", ".join(account.buy_menu),
            Severity.WARNING,
        )


TRADE_CHECKS: tuple[TradeCheck, ...] = (
    account_is_known,
    symbol_is_known,
    dated_on_or_after_as_of,
    dated_within_the_horizon,
    buys_name_no_lots,
    basis_is_known,
    account_is_tradable,
    buy_is_on_menu,
)


def trade_problems(household: Household, trade: Trade) -> tuple[Problem, ...]:
    """Every problem of one trade that needs no simulation."""
    return tuple(p for check in TRADE_CHECKS for p in check(household, trade))


def duplicate_trade_ids(trades: tuple[Trade, ...]) -> tuple[Problem, ...]:
    """Trade ids are unique in the list (a buy's lot takes its trade's id)."""
    counts = Counter(t.id for t in trades)
    return tuple(
        _problem(t, "id", "duplicate_trade_id", f"the id `{t.id}` is used by {n} trades", "unique")
        for t in trades
        if (n := counts[t.id]) > 1
    )
