"""Words, not codes: the names the client report and the workbook show for trimtab's codes.

An account is shown by its ``name`` from the household file ("Ana's IRA"); without one, by
its owners and kind ("Ana's Roth IRA", "Joint brokerage account"), never by its id. An owner
is shown by ``name``, else by the id with a capital letter. Account types, actions, trade
reasons and terms have fixed labels here, one table each.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from trimtab.model.enums import AccountType, CashFlowKind, FilingStatus, TradeAction, TradeReason
from trimtab.model.household import Account, Household

ACCOUNT_TYPE_LABELS: Mapping[AccountType, str] = MappingProxyType(
    {
        AccountType.TAXABLE: "brokerage account",
        AccountType.TRADITIONAL_IRA: "traditional IRA",
        AccountType.SEP_IRA: "SEP IRA",
        AccountType.SIMPLE_IRA: "SIMPLE IRA",
        AccountType.ROTH_IRA: "Roth IRA",
        AccountType.K401: "401(k)",
        AccountType.ROTH_401K: "Roth 401(k)",
        AccountType.B403: "403(b)",
        AccountType.B457: "457(b)",
        AccountType.HSA: "HSA",
        AccountType.INHERITED_IRA: "inherited IRA",
    }
)
"""An account type as people say it (lower case unless a proper name)."""

ACTION_LABELS: Mapping[TradeAction, str] = MappingProxyType(
    {TradeAction.SELL: "Sell", TradeAction.BUY: "Buy"}
)

REASON_WORDS: Mapping[TradeReason, str] = MappingProxyType(
    {
        TradeReason.REBALANCE: "Rebalance",
        TradeReason.CASH_FLOW: "Cash flow",
        TradeReason.RMD: "RMD",
        TradeReason.ORDER: "Client order",
        TradeReason.HARVEST: "Tax-loss harvest",
        TradeReason.REPLACEMENT: "Harvest replacement",
        TradeReason.LOCATION: "Asset location",
    }
)
"""A trade reason in the workbook's Reason column (RMD: required minimum distribution)."""

FILING_STATUS_WORDS: Mapping[FilingStatus, str] = MappingProxyType(
    {
        FilingStatus.SINGLE: "Single",
        FilingStatus.MARRIED_JOINT: "Married filing jointly",
        FilingStatus.MARRIED_SEPARATE: "Married filing separately",
        FilingStatus.HEAD_OF_HOUSEHOLD: "Head of household",
        FilingStatus.QUALIFYING_SURVIVING_SPOUSE: "Qualifying surviving spouse",
    }
)
"""A filing status as Form 1040 names it."""

CASH_FLOW_WORDS: Mapping[CashFlowKind, str] = MappingProxyType(
    {
        CashFlowKind.CONTRIBUTION: "Contribution",
        CashFlowKind.WITHDRAWAL: "Withdrawal",
        CashFlowKind.RMD: "RMD",
    }
)


def type_label(account_type: AccountType) -> str:
    """The account type in words, capitalized: ``Traditional IRA``, ``401(k)``."""
    text = ACCOUNT_TYPE_LABELS[account_type]
    return text[0].upper() + text[1:]


def owner_name(household: Household, owner_id: str) -> str:
    """An owner's name, or the id with its first letter capitalized."""
    for owner in household.owners:
        if owner.id == owner_id and owner.name:
            return owner.name
    return owner_id[:1].upper() + owner_id[1:]


def possessive(name: str) -> str:
    """``Ana`` -> ``Ana's``; ``Luis`` -> ``Luis's`` (Chicago Manual of Style 7.16)."""
    return f"{name}'s"


def account_label(household: Household, account: Account) -> str:
    """The account as the client report shows it."""
    if account.name:
        return account.name
    kind = ACCOUNT_TYPE_LABELS[account.type]
    if len(account.owners) == 1:
        return f"{possessive(owner_name(household, account.owners[0]))} {kind}"
    if len(account.owners) > 1:
        return f"Joint {kind}"
    return kind[0].upper() + kind[1:]


def account_labels(household: Household) -> Mapping[str, str]:
    """Every account's label, by id; two accounts with the same label get their ids added."""
    labels = {a.id: account_label(household, a) for a in household.accounts}
    seen: dict[str, int] = {}
    for text in labels.values():
        seen[text] = seen.get(text, 0) + 1
    return MappingProxyType(
        {key: text if seen[text] == 1 else f"{text} ({key})" for key, text in labels.items()}
    )
