"""Market value of holdings and accounts: quantity × the price on `as_of`, plus cash.

Example: 120 shares of VTI at $310.25 are worth 120 × 310.25 = $37,230.00; with
$12,500 of cash the account is worth $49,730.00. Money-market funds without a
price are valued at their stable $1.00 net asset value.
"""

from __future__ import annotations

from decimal import Decimal

from trimtab.model.enums import SecurityType
from trimtab.model.household import Account, Holding, Household

ONE = Decimal(1)


def price(household: Household, symbol: str) -> Decimal:
    """The price of one share on `as_of` (validation has checked every held symbol has one)."""
    given = household.price_of(symbol)
    if given is not None:
        return given
    security = household.security(symbol)
    if security is not None and security.type is SecurityType.MONEY_MARKET:
        return ONE
    raise KeyError(f"no price for {symbol}")


def holding_value(household: Household, holding: Holding) -> Decimal:
    """Market value of a holding."""
    return holding.quantity * price(household, holding.symbol)


def securities_value(household: Household, account: Account) -> Decimal:
    """Market value of an account's holdings, cash excluded."""
    return sum((holding_value(household, h) for h in account.holdings), Decimal(0))


def account_value(household: Household, account: Account) -> Decimal:
    """Market value of an account: holdings plus cash."""
    return securities_value(household, account) + account.cash


def household_value(household: Household) -> Decimal:
    """Market value of every account of the household, held-away ones included."""
    return sum((account_value(household, a) for a in household.accounts), Decimal(0))
