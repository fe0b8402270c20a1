"""The household: every account of one tax return, its lots, targets and restrictions.

All records are immutable; collections are tuples. Each record built from user
input carries the :class:`~trimtab.source.Source` of its place in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from trimtab.model.efficiency import EfficiencyOverride
from trimtab.model.enums import (
    AccountType,
    AssetClass,
    CashFlowKind,
    Custodian,
    FilingStatus,
    LotOrigin,
    ReliefMethod,
    RestrictionKind,
    TradeAction,
)
from trimtab.model.security import Security
from trimtab.model.settings import Logo, Settings
from trimtab.source import UNKNOWN, Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Owner:
    """A person on the return.

    id: the owner's id, referenced by accounts.
    birth_date: for required minimum distributions (None when not given).
    name: the name the client report uses ("Ana"; '' when not given: the id is shown).
    """

    id: str
    birth_date: dt.date | None = None
    name: str = ""
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Lot:
    """A tax lot: shares acquired together.

    id: unique in the household; derived as ``<account>/<symbol>/<acquired>/<n>`` when not given.
    acquired: trade date of acquisition (date of death for inheritance, date of the gift for gifts).
    quantity: shares (> 0).
    cost: total basis in dollars, commissions included (donor's basis for gifts).
    origin: purchase, inheritance or gift.
    donor_acquired: for gifts, the donor's acquisition date (holding period tacks on).
    fmv_at_gift: for gifts, the fair market value at the gift (the basis for a loss when lower).
    wash_adjustment: a disallowed wash-sale loss already inside ``cost`` (a custodian's lot
        export states it; trimtab's own adjusted lots carry it too); None: not stated.
    holding_start: the holding-period start after wash-sale tacking (IRC §1223(3)), earlier
        than ``acquired``; None: the period counts from ``acquired``. A lot stating either field
        is taken as already adjusted for the recent `transactions` loss sales it replaces.
    """

    id: str
    acquired: dt.date
    quantity: Decimal
    cost: Decimal
    origin: LotOrigin = LotOrigin.PURCHASE
    donor_acquired: dt.date | None = None
    fmv_at_gift: Decimal | None = None
    wash_adjustment: Decimal | None = None
    holding_start: dt.date | None = None
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Holding:
    """A position in one security in one account.

    symbol: ticker.
    quantity: total shares; equals the sum of the lots when lots are given.
    lots: the tax lots (may be empty in tax-advantaged accounts, or with ``basis_unknown``).
    basis_unknown: the file says ``basis: unknown``; tax-aware selling of it is blocked.
    """

    symbol: str
    quantity: Decimal
    lots: tuple[Lot, ...] = ()
    basis_unknown: bool = False
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """One account of the household.

    id: the household's own name for it.
    number: the custodian's account number ('' when not given), for trade files.
    name: the name the client report uses ("Ana's IRA"; '' when not given).
    custodian: where the account is held (None: not given), for the per-custodian trade files.
    type: the account type (sets tax treatment).
    owners: owner ids.
    cash: settled cash in dollars.
    min_cash: cash to keep after trading.
    relief_method: how lots are chosen on sale (None: the optimizer chooses).
    holdings: positions.
    separate_taxpayer: belongs to another return (a child's UTMA): in the allocation only.
    tradable: False for held-away accounts: counted, never traded.
    prior_year_end_value: value on 31 December of last year, for RMDs.
    distributions_this_year: already distributed this year, for RMDs.
    buy_menu: the only symbols that may be bought here (empty: any).
    discretionary: the adviser may trade it without asking the client first (default); False:
        each approval in the run journal must carry a note (who agreed, when; docs/journal.md).
    """

    id: str
    number: str = ""
    name: str = ""
    custodian: Custodian | None = None
    type: AccountType
    owners: tuple[str, ...] = ()
    cash: Decimal = Decimal(0)
    min_cash: Decimal = Decimal(0)
    relief_method: ReliefMethod | None = None
    holdings: tuple[Holding, ...] = ()
    separate_taxpayer: bool = False
    tradable: bool = True
    prior_year_end_value: Decimal | None = None
    distributions_this_year: Decimal = Decimal(0)
    buy_menu: tuple[str, ...] = ()
    discretionary: bool = True
    source: Source = UNKNOWN

    @property
    def of_this_return(self) -> bool:
        """It belongs to this tax return: every account but another taxpayer's (a child's UTMA,
        ``separate_taxpayer``), which counts in the allocation only. Its purchases wash this
        return's losses and its holdings are in the asset-location model."""
        return not self.separate_taxpayer

    @property
    def taxed(self) -> bool:
        """Its sales realize taxable gains and losses, on whichever return (a taxable account;
        not an IRA, 401(k), Roth or HSA)."""
        return self.type.is_taxable

    @property
    def taxed_here(self) -> bool:
        """Its gains and losses are taxed on this return (and its losses can be washed): a
        taxable account of this return."""
        return self.taxed and self.of_this_return


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxProfile:
    """The return's tax facts for the year.

    year: the tax year.
    filing_status: federal filing status.
    ordinary_taxable_income: taxable income after deductions, excluding net capital gain and
        qualified dividends (what the ordinary brackets apply to).
    qualified_dividends: expected qualified dividends of the year.
    state_rate: marginal state rate on capital gains, a fraction.
    carryforward_short / carryforward_long: capital loss carried in, positive amounts.
    realized_short / realized_long: net gains already realized this year, signed (loss < 0).
    realized_through: the last day those figures include (None: not stated); sales the run
        journal records as executed after it are added to them (docs/journal.md).
    magi: modified AGI excluding this year's net capital gains (None: a documented default).
    """

    year: int
    filing_status: FilingStatus
    ordinary_taxable_income: Decimal
    qualified_dividends: Decimal = Decimal(0)
    state_rate: Decimal = Decimal(0)
    carryforward_short: Decimal = Decimal(0)
    carryforward_long: Decimal = Decimal(0)
    realized_short: Decimal = Decimal(0)
    realized_long: Decimal = Decimal(0)
    realized_through: dt.date | None = None
    magi: Decimal | None = None
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """The IPS target of one asset class, in percent points (35 = 35 %)."""

    asset_class: AssetClass
    percent: Decimal
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class BandRule:
    """Rebalancing band parameters.

    absolute: maximum drift in percent points.
    relative: maximum drift as a percent of the class target.
    min_width: the band is never narrower than this, in percent points.
    The width of a class is max(min_width, min(absolute, relative % × target)).
    """

    absolute: Decimal
    relative: Decimal
    min_width: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Bands:
    """The household's bands: a default rule and per-class overrides (which inherit the rest)."""

    default: BandRule
    classes: tuple[tuple[AssetClass, BandRule], ...] = ()
    source: Source = UNKNOWN

    def rule_for(self, asset_class: AssetClass) -> BandRule:
        """The band rule of one class."""
        for cls, rule in self.classes:
            if cls is asset_class:
                return rule
        return self.default


@dataclass(frozen=True, slots=True, kw_only=True)
class Price:
    """The price of one share of a symbol on ``as_of``."""

    symbol: str
    price: Decimal
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Transaction:
    """A recent trade (the last 30+ days), for wash sales.

    cost / acquired: for sells, the basis and acquisition date of the shares sold (to tell a loss).
    """

    date: dt.date
    account: str
    action: TradeAction
    symbol: str
    quantity: Decimal
    price: Decimal
    cost: Decimal | None = None
    acquired: dt.date | None = None
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class RecurringPurchase:
    """A purchase that happens anyway: payroll contributions or dividend reinvestment.

    amount: dollars per purchase (None for dividend reinvestment).
    every_days: the interval in days (None when unknown).
    next: the next purchase date (None allowed only for dividend reinvestment).
    """

    account: str
    symbol: str
    amount: Decimal | None = None
    every_days: int | None = None
    next: dt.date | None = None
    dividend_reinvestment: bool = False
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class CashFlow:
    """A pending movement of cash, not yet in the account's ``cash``."""

    account: str
    kind: CashFlowKind
    amount: Decimal
    date: dt.date | None = None
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """A trade the client insists on; plans include it as given.

    quantity or amount gives the size; lots names the lots to sell (specific identification).
    """

    account: str
    action: TradeAction
    symbol: str
    quantity: Decimal | None = None
    amount: Decimal | None = None
    lots: tuple[str, ...] = ()
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Restriction:
    """A client restriction.

    kind: no_sell, no_buy, max_sell_per_year, no_sell_until or exclude_tag.
    symbol: the security it concerns ('' for exclude_tag).
    account: the account it is limited to ('' for every account).
    tag: for exclude_tag, the excluded mandate tag.
    amount: for max_sell_per_year, dollars of sales a year.
    until: for no_sell_until, the first date a sale is allowed.
    reason: the client's reason, for the rationale.
    """

    kind: RestrictionKind
    symbol: str = ""
    account: str = ""
    tag: str = ""
    amount: Decimal | None = None
    until: dt.date | None = None
    reason: str = ""
    source: Source = UNKNOWN


@dataclass(frozen=True, slots=True, kw_only=True)
class Household:
    """One tax return's accounts and instructions, as of one date.

    file: the path it was read from.
    name: a display name.
    as_of: the valuation date.
    securities: the effective securities (master merged with the file's overrides), by symbol order.
    identical_groups: extra substantially-identical groups from the file.
    harvest_partners: explicit harvest replacement lists from the file.
    class_efficiency / security_efficiency: the file's overrides of the tax-efficiency
        assumptions (asset location), per class and per symbol.
    firm_logo: the image of the ``firm_logo`` setting (None: no logo).
    """

    file: str
    name: str
    as_of: dt.date
    tax: TaxProfile
    owners: tuple[Owner, ...]
    targets: tuple[Target, ...]
    bands: Bands
    prices: tuple[Price, ...]
    settings: Settings
    accounts: tuple[Account, ...]
    securities: tuple[Security, ...]
    transactions: tuple[Transaction, ...] = ()
    recurring: tuple[RecurringPurchase, ...] = ()
    cash_flows: tuple[CashFlow, ...] = ()
    orders: tuple[Order, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    identical_groups: tuple[tuple[str, ...], ...] = ()
    harvest_partners: tuple[tuple[str, tuple[str, ...]], ...] = ()
    class_efficiency: tuple[tuple[AssetClass, EfficiencyOverride], ...] = ()
    security_efficiency: tuple[tuple[str, EfficiencyOverride], ...] = ()
    firm_logo: Logo | None = None

    _prices: Mapping[str, Decimal] = field(init=False, repr=False, compare=False)
    _securities: Mapping[str, Security] = field(init=False, repr=False, compare=False)
    _accounts: Mapping[str, Account] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # read-only indexes derived from the tuples, so lookups do not scan them
        object.__setattr__(
            self, "_prices", MappingProxyType({p.symbol: p.price for p in reversed(self.prices)})
        )
        object.__setattr__(
            self, "_securities", MappingProxyType({s.symbol: s for s in reversed(self.securities)})
        )
        object.__setattr__(
            self, "_accounts", MappingProxyType({a.id: a for a in reversed(self.accounts)})
        )

    def price_of(self, symbol: str) -> Decimal | None:
        """The price of a symbol on ``as_of``, None when not given."""
        return self._prices.get(symbol)

    def security(self, symbol: str) -> Security | None:
        """The effective security record of a symbol, None when unknown."""
        return self._securities.get(symbol)

    def account(self, account_id: str) -> Account | None:
        """An account by id (the first, when ids repeat)."""
        return self._accounts.get(account_id)
