"""The household after a plan: positions, cash, value, account by account (exact Decimal).

Per account: cash after = cash + contributions − distributions + Σ sells (amount − cost)
− Σ buys (amount + cost); a holding's shares after = shares − sold + bought. The value after is
shares after × the same prices, plus cash after; so value after = value before + contributions
− distributions − costs exactly (an invariant checked in :mod:`.invariants`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from trimtab.analysis.valuation import account_value
from trimtab.model.enums import CashFlowKind, TradeAction
from trimtab.model.household import Account, Holding, Household
from trimtab.model.plan import AccountChange, PlannedTrade
from trimtab.money import ZERO


def contributions(household: Household, account_id: str) -> Decimal:
    """Pending contributions into an account."""
    return sum(
        (
            f.amount
            for f in household.cash_flows
            if f.account == account_id and f.kind is CashFlowKind.CONTRIBUTION
        ),
        ZERO,
    )


def withdrawals(household: Household, account_id: str) -> Decimal:
    """Pending withdrawals and RMD flows out of an account."""
    return sum(
        (
            f.amount
            for f in household.cash_flows
            if f.account == account_id and f.kind is not CashFlowKind.CONTRIBUTION
        ),
        ZERO,
    )


def cash_after(
    household: Household, account: Account, trades: tuple[PlannedTrade, ...], drawn: Decimal
) -> Decimal:
    """The account's cash after flows, RMD draws and its trades."""
    cash = account.cash + contributions(household, account.id)
    cash -= withdrawals(household, account.id) + drawn
    for t in trades:
        if t.account != account.id:
            continue
        if t.action is TradeAction.SELL:
            cash += t.amount - t.transaction_cost
        else:
            cash -= t.amount + t.transaction_cost
    return cash


def holdings_after(account: Account, trades: tuple[PlannedTrade, ...]) -> tuple[Holding, ...]:
    """The account's positions after its trades (lots are the tax engine's business)."""
    shares: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for h in account.holdings:
        shares[h.symbol] += h.quantity
    for t in trades:
        if t.account == account.id:
            shares[t.symbol] += t.quantity if t.action is TradeAction.BUY else -t.quantity
    return tuple(Holding(symbol=s, quantity=q) for s, q in shares.items() if q != 0)


def household_after(
    household: Household, trades: tuple[PlannedTrade, ...], draws: dict[str, Decimal]
) -> Household:
    """The household with every account's positions and cash after the plan."""
    mine = _by_account(trades)
    accounts = tuple(
        replace(
            a,
            holdings=holdings_after(a, mine.get(a.id, ())),
            cash=cash_after(household, a, mine.get(a.id, ()), draws.get(a.id, ZERO)),
        )
        for a in household.accounts
    )
    return replace(household, accounts=accounts, cash_flows=())


def account_changes(
    before: Household,
    after: Household,
    trades: tuple[PlannedTrade, ...],
    draws: dict[str, Decimal],
) -> tuple[AccountChange, ...]:
    """Value and cash of every account before and after."""
    mine = _by_account(trades)
    return tuple(
        AccountChange(
            account=a.id,
            value_before=account_value(before, a),
            value_after=account_value(after, b),
            cash_before=a.cash,
            cash_after=b.cash,
            contributed=contributions(before, a.id),
            distributed=withdrawals(before, a.id) + draws.get(a.id, ZERO),
            trades=len(mine.get(a.id, ())),
        )
        for a, b in zip(before.accounts, after.accounts, strict=True)
    )


def _by_account(trades: tuple[PlannedTrade, ...]) -> dict[str, tuple[PlannedTrade, ...]]:
    """Each account's trades, in plan order (the trades are read once, not once per account)."""
    found: dict[str, list[PlannedTrade]] = {}
    for t in trades:
        found.setdefault(t.account, []).append(t)
    return {account: tuple(mine) for account, mine in found.items()}
