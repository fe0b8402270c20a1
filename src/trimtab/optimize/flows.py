"""Accounts, flows and bands as the model sees them: cash, pending flows, RMDs, class bands.

An account's flows are its cash, the cash it must keep, its pending contributions and
withdrawals (`cash_flows`; explicit RMD flows are withdrawals) and the RMD it still has to
distribute when it pays its own (a 401(k)). IRAs whose RMDs combine form one group per owner:
the group's amount may come from any of them. The value after flows is what the bands apply to.

Bands, in dollars of the value after flows V: in `band` and `cash` modes a class outside its
band must come back inside by the `band_buffer` share of its width (target ± width × (1 −
buffer)), one inside must stay inside; in `target` mode every class must end within
:data:`TARGET_TOLERANCE` points of its target; `location` mode keeps today's allocation (± the
tolerance); `harvest` mode binds nothing. Example: V = $1,000,000, bonds target 35 %, width 5,
buffer 0.2, drift +6: outside, so the bonds must end within 35 ± 4 %: $310,000 to $390,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from trimtab.analysis.drift import class_band_width, class_values
from trimtab.analysis.valuation import account_value
from trimtab.errors import Problem, Severity
from trimtab.model.enums import (
    AssetClass,
    CashFlowKind,
    Mode,
    RestrictionKind,
    SecurityType,
    TaxBudgetKind,
    TradeAction,
)
from trimtab.model.household import Account, Household
from trimtab.model.security import Security
from trimtab.money import HUNDRED, ZERO
from trimtab.tax.memo import per_household
from trimtab.tax.rmd import RmdReport

TARGET_TOLERANCE = Decimal("0.25")  # percent points: `target` mode lands this close to target
CLASSES = tuple(AssetClass)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountFlows:
    """An account's cash and pending flows.

    contributions / withdrawals: pending `cash_flows` (withdrawals include explicit RMD flows).
    rmd: the RMD still to distribute from this account when it pays its own (401(k) …).
    """

    account: str
    cash: Decimal
    min_cash: Decimal
    contributions: Decimal
    withdrawals: Decimal
    rmd: Decimal
    value: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class RmdGroup:
    """One owner's IRAs whose RMDs combine: ``amount`` may come from any of ``accounts``."""

    owner: str
    accounts: tuple[str, ...]
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassBand:
    """A class's target and the band the plan must reach, in dollars of the value after flows."""

    asset_class: AssetClass
    value: Decimal
    target: Decimal
    low: Decimal
    high: Decimal
    outside: bool


def account_flows(household: Household, account: Account, rmd: RmdReport) -> AccountFlows:
    """The cash, flows, own RMD and value of one account."""
    flows = [f for f in household.cash_flows if f.account == account.id]
    row = rmd.row(account.id)
    own = row.remaining if row is not None and not row.aggregated_with else ZERO
    contributions = sum((f.amount for f in flows if f.kind is CashFlowKind.CONTRIBUTION), ZERO)
    withdrawals = sum((f.amount for f in flows if f.kind is not CashFlowKind.CONTRIBUTION), ZERO)
    value = account_value(household, account)
    return AccountFlows(
        account=account.id,
        cash=account.cash,
        min_cash=reachable_min_cash(
            account.min_cash,
            after_flows=value + contributions - withdrawals - own,
            cash_after_flows=account.cash + contributions - withdrawals - own,
        ),
        contributions=contributions,
        withdrawals=withdrawals,
        rmd=own,
        value=value,
    )


def reachable_min_cash(
    min_cash: Decimal, *, after_flows: Decimal, cash_after_flows: Decimal
) -> Decimal:
    """An account's `min_cash`, or the cash it has after its flows when the setting asks for
    more than the whole account holds after them (``after_flows``): selling every holding could
    not meet it, so the plan sells nothing for it (:func:`min_cash_notes` says so).

    Example: min_cash $50,000 in an account worth $10,000 with $2,000 of cash and no flows:
    the plan keeps the $2,000 and sells nothing to raise cash (before: it sold the whole
    account, $8,000 of holdings, without a word)."""
    if min_cash <= after_flows:
        return min_cash
    return max(ZERO, min(min_cash, cash_after_flows))


def min_cash_notes(household: Household, accounts: tuple[AccountFlows, ...]) -> tuple[Problem, ...]:
    """A warning for every account whose `min_cash` the plan cannot meet (see
    :func:`reachable_min_cash`)."""
    notes = []
    for flows in accounts:
        account = household.account(flows.account)
        if account is None or flows.min_cash == account.min_cash:
            continue
        after = flows.value + flows.contributions - flows.withdrawals - flows.rmd
        notes.append(
            Problem(
                source=account.source,
                field=f"accounts[{flows.account}].min_cash",
                kind="min_cash_unreachable",
                message=(
                    f"min_cash of ${account.min_cash:,.2f} in {account.id} is more than the whole "
                    f"account holds after its flows (${after:,.2f}): the plan sells nothing to "
                    "raise it; lower min_cash or add cash to the account"
                ),
                severity=Severity.WARNING,
            )
        )
    return tuple(notes)


def rmd_groups(rmd: RmdReport) -> tuple[RmdGroup, ...]:
    """One group per owner whose IRAs aggregate their RMDs, with the amount still due."""
    groups: dict[str, RmdGroup] = {}
    for row in rmd.rows:
        if not row.aggregated_with or row.owner in groups:
            continue
        members = tuple(sorted((row.account, *row.aggregated_with)))
        amount = sum((r.remaining for r in rmd.rows if r.account in members), ZERO)
        groups[row.owner] = RmdGroup(owner=row.owner, accounts=members, amount=amount)
    return tuple(groups.values())


def value_after_flows(accounts: tuple[AccountFlows, ...], groups: tuple[RmdGroup, ...]) -> Decimal:
    """V: every account's value + contributions − withdrawals − RMDs."""
    after = sum((a.value + a.contributions - a.withdrawals - a.rmd for a in accounts), ZERO)
    return after - sum((g.amount for g in groups), ZERO)


def class_bands(household: Household, after: Decimal, mode: Mode) -> tuple[ClassBand, ...]:
    """Every class's band in dollars of ``after`` for ``mode`` (module docstring)."""
    values = class_values(household)
    before = sum(values.values(), ZERO)
    targets = {t.asset_class: t.percent for t in household.targets}
    buffer = household.settings.band_buffer
    out = []
    for cls in CLASSES:
        target_pct = targets.get(cls, ZERO)
        width = class_band_width(household, cls)
        drift = values[cls] / before * HUNDRED - target_pct if before else ZERO
        outside = abs(drift) > width
        if mode is Mode.HARVEST:
            out.append(
                ClassBand(
                    asset_class=cls,
                    value=values[cls],
                    target=ZERO,
                    low=ZERO,
                    high=after * 2,
                    outside=False,
                )
            )
            continue
        center, reach = target_pct, TARGET_TOLERANCE
        if mode is Mode.LOCATION:  # the allocation is kept: only where it is held changes
            center = values[cls] / before * HUNDRED if before else ZERO
        elif mode is not Mode.TARGET:
            reach = width * (1 - buffer) if outside else width
        out.append(
            ClassBand(
                asset_class=cls,
                value=values[cls],
                target=center / HUNDRED * after,
                low=max(ZERO, (center - reach) / HUNDRED * after),
                high=(center + reach) / HUNDRED * after,
                outside=outside,
            )
        )
    return tuple(out)


def max_sell(household: Household) -> tuple[tuple[str, Decimal], ...]:
    """Per `max_sell_per_year` restriction: the dollars still allowed this year."""
    caps = []
    for r in household.restrictions:
        if r.kind is RestrictionKind.MAX_SELL_PER_YEAR and r.amount is not None:
            sold = sum(
                (
                    t.quantity * t.price
                    for t in household.transactions
                    if t.symbol == r.symbol
                    and t.action is TradeAction.SELL
                    and t.date.year == household.as_of.year
                ),
                ZERO,
            )
            caps.append((r.symbol, max(ZERO, r.amount - sold)))
    return tuple(caps)


def tax_budget(household: Household, bound: Decimal | None) -> tuple[TaxBudgetKind, Decimal] | None:
    """The `tax_budget` setting's kind and the row's bound (None: the setting's amount)."""
    setting = household.settings.tax_budget
    if setting is None:
        return None
    return setting.kind, setting.amount if bound is None else bound


def spread(household: Household, security: Security) -> Decimal:
    """Half the bid-ask spread of the security's type, a fraction of the amount traded."""
    return _spreads(household)[security.type]


@per_household
def _spreads(household: Household) -> Mapping[SecurityType, Decimal]:
    """The `spread_bps` setting as fractions, by security type (once per household object)."""
    return MappingProxyType(
        {kind: bps / Decimal(10000) for kind, bps in dict(household.settings.spread_bps).items()}
    )


def min_trade(household: Household, account: Account) -> Decimal:
    """The least trade in the account: `min_trade`, or `min_trade_pct` of its value if more."""
    pct = household.settings.min_trade_pct / HUNDRED * account_value(household, account)
    return max(household.settings.min_trade, pct)
