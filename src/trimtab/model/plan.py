"""A plan: the trades proposed for a household, with what they do and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from trimtab.errors import Problem
from trimtab.model.enums import Mode, TradeAction, TradeReason
from trimtab.source import UNKNOWN, Source


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedLot:
    """The shares of one lot a planned sell uses.

    cost: basis of the shares sold; proceeds: their share of the net proceeds; gain before any
    wash adjustment; wash_disallowed: the part of a loss a wash disallows (positive).
    """

    lot_id: str
    acquired: dt.date
    holding_period_start: dt.date
    quantity: Decimal
    cost: Decimal
    proceeds: Decimal
    gain: Decimal
    long_term: bool
    wash_disallowed: Decimal = Decimal(0)
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedTrade:
    """One trade of a plan.

    id: P1, P2, … in plan order (sells first). amount: quantity × price before costs.
    transaction_cost: spread and commission. short_term_gain / long_term_gain: realized by the
    trade in a taxable account of the return (0 elsewhere). rationale: a sentence for the file.
    """

    id: str
    account: str
    action: TradeAction
    symbol: str
    quantity: Decimal
    price: Decimal
    amount: Decimal
    transaction_cost: Decimal
    reason: TradeReason
    rationale: str
    lots: tuple[PlannedLot, ...] = ()
    short_term_gain: Decimal = Decimal(0)
    long_term_gain: Decimal = Decimal(0)
    wash_disallowed: Decimal = Decimal(0)
    wash_permanent: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChange:
    """An account before and after the plan.

    distributed: RMDs and withdrawals paid out; contributed: contributions received.
    """

    account: str
    value_before: Decimal
    value_after: Decimal
    cash_before: Decimal
    cash_after: Decimal
    contributed: Decimal
    distributed: Decimal
    trades: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ContributionShare:
    """A suggested share of a recurring contribution going to one fund of the buy menu."""

    account: str
    symbol: str
    percent: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The plan of one household run (the tax, drift and report figures come with it)."""

    household: str
    as_of: dt.date
    tax_year: int
    mode: Mode
    trades: tuple[PlannedTrade, ...]
    accounts: tuple[AccountChange, ...]
    contribution_allocation: tuple[ContributionShare, ...]
    warnings: tuple[Problem, ...]
    deferral_savings: Decimal = Decimal(0)
    solver_status: str = ""

    @property
    def costs_total(self) -> Decimal:
        """Transaction costs of every trade."""
        return sum((t.transaction_cost for t in self.trades), Decimal(0))
