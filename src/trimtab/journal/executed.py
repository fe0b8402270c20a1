"""Executed trades become the household's recent ``transactions`` for the next plan.

A fill of a planned buy is a buy transaction on its date. A fill of a planned sell is split over
the lots the plan chose, in the plan's order, each part carrying its share of the lot's basis
and the lot's acquisition date, so the wash-sale rules can tell a loss: selling 60 of a sell
planned as lot A (40 shares, cost $4,000) then lot B (60 shares, cost $3,000) uses all of A
($4,000) and 20 of B ($3,000 × 20/60 = $1,000). Later fills of the same trade go on from where
the earlier ones stopped.

Fills dated after the household's ``as_of`` are left out; so are fills before the start of the
tax year and more than 61 days before ``as_of`` (outside every wash-sale window and the year).
A fill the household file already lists (same date, account, action, symbol and quantity) is
not added twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from trimtab.journal.runs import Fill, Run
from trimtab.model.enums import TradeAction
from trimtab.model.household import Household, Transaction
from trimtab.source import Source
from trimtab.tax.holding import is_long_term

LOOKBACK_DAYS = 61
CENT = Decimal("0.01")


def executed_transactions(runs: tuple[Run, ...], household: Household) -> tuple[Transaction, ...]:
    """The executed fills of ``runs`` the household's next plan must see, as transactions."""
    listed = {_key(t) for t in household.transactions}
    return tuple(t for t in _executed(runs, household) if _key(t) not in listed)


def executed_realized(runs: tuple[Run, ...], household: Household) -> tuple[Decimal, Decimal]:
    """Short- and long-term gains (signed) of the sales executed after the household's
    ``tax.realized_this_year.through`` in its tax year: what its stated realized figures do
    not include yet. Nothing without ``through`` (trimtab cannot tell whether the file's
    figures already count a sale). Gain = fill price × shares − the shares' basis (a fill's
    costs are not known here); long-term when held more than a year (IRC §1222).

    Example: through 2026-11-20; 22 VTI from a lot bought 2026-01-02 for $400 a share, filled
    2026-11-24 at $300: short-term 22 × 300 − 8,800 = −$2,200.00 added."""
    through = household.tax.realized_through
    if through is None:
        return Decimal(0), Decimal(0)
    short = long = Decimal(0)
    for t in _executed(runs, household):
        if t.action is not TradeAction.SELL or t.cost is None or t.acquired is None:
            continue
        if not through < t.date or t.date.year != household.tax.year:
            continue
        gain = t.price * t.quantity - t.cost
        if is_long_term(t.acquired, t.date):
            long += gain
        else:
            short += gain
    return short, long


def _executed(runs: tuple[Run, ...], household: Household) -> list[Transaction]:
    """Every executed fill of ``runs`` as transactions, from the look-back to ``as_of``."""
    start = min(
        household.as_of - dt.timedelta(days=LOOKBACK_DAYS), dt.date(household.tax.year, 1, 1)
    )
    found: list[Transaction] = []
    for run in runs:
        trades = {t["id"]: t for t in run.trades}
        used: dict[str, Decimal] = {}
        for fill in run.fills:
            parts = _fill_transactions(run, trades[fill.trade], fill, used)
            found.extend(p for p in parts if start <= p.date <= household.as_of)
    return found


def _key(t: Transaction) -> tuple[dt.date, str, TradeAction, str, Decimal]:
    return (t.date, t.account, t.action, t.symbol, t.quantity.normalize())


def _fill_transactions(
    run: Run, trade: dict[str, Any], fill: Fill, used: dict[str, Decimal]
) -> tuple[Transaction, ...]:
    """One fill as transactions: one for a buy, one per lot part for a sell."""
    action = TradeAction(trade["action"])
    source = Source(
        file=f"journal run {run.number}", line=0, column=0, field=f"trades.{fill.trade}"
    )
    base = Transaction(
        date=fill.date,
        account=trade["account"],
        action=action,
        symbol=trade["symbol"],
        quantity=fill.quantity,
        price=fill.price,
        source=source,
    )
    if action is not TradeAction.SELL or not trade.get("lots"):
        return (base,)
    return tuple(_lot_parts(base, trade["lots"], used))


def _lot_parts(
    base: Transaction, lots: list[dict[str, str]], used: dict[str, Decimal]
) -> list[Transaction]:
    """Split a sell fill over the plan's lots, continuing where earlier fills stopped."""
    left = base.quantity
    parts: list[Transaction] = []
    for lot in lots:
        quantity = Decimal(lot["quantity"])
        free = quantity - used.get(lot["lot_id"], Decimal(0))
        take = min(free, left)
        if take <= 0:
            continue
        used[lot["lot_id"]] = used.get(lot["lot_id"], Decimal(0)) + take
        cost = (Decimal(lot["cost"]) * take / quantity).quantize(CENT)
        acquired = dt.date.fromisoformat(lot["acquired"])
        parts.append(dataclasses.replace(base, quantity=take, cost=cost, acquired=acquired))
        left -= take
    return parts


def with_transactions(household: Household, extra: tuple[Transaction, ...]) -> Household:
    """The household with ``extra`` added to its recent transactions."""
    if not extra:
        return household
    return dataclasses.replace(household, transactions=(*household.transactions, *extra))
