"""The household file's document schema, ``trimtab.household/1`` (pydantic, at the edge only).

These classes check structure and scalar types: which keys exist, numbers,
dates, the closed sets (account types, asset classes, filing statuses…) and signs.
Cross-references and domain rules are checked later by ``trimtab.validate`` on
the model. ``trimtab schema household`` prints the JSON Schema generated from
:class:`HouseholdDocument`. Field meanings: docs/household-format.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from trimtab.model.enums import (
    AccountType,
    AssetClass,
    CashFlowKind,
    Custodian,
    FilingStatus,
    LotOrigin,
    Mode,
    ReliefMethod,
    SecurityType,
    TaxBudgetKind,
    TradeAction,
)

HOUSEHOLD_FORMAT = "trimtab.household/1"
SETTINGS_FORMAT = "trimtab.settings/1"

_ON = {"on", "true", "yes"}
_OFF = {"off", "false", "no"}


def _on_off(value: Any) -> Any:
    """Accept on/off, yes/no and true/false for switches (YAML 1.2 reads `on` as a string)."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _ON:
            return True
        if word in _OFF:
            return False
    return value


OnOff = Annotated[bool, BeforeValidator(_on_off)]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
Signed = Annotated[Decimal, Field(allow_inf_nan=False)]
Fraction = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
Symbol = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9.\-/]+$")]
Ident = Annotated[str, Field(min_length=1)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CarryforwardDoc(_Doc):
    """Capital losses carried into the year, positive amounts by character."""

    short: NonNegative = Decimal(0)
    long: NonNegative = Decimal(0)


class RealizedDoc(_Doc):
    """Net gains already realized this year, signed (loss negative), through ``through``."""

    short: Signed = Decimal(0)
    long: Signed = Decimal(0)
    through: dt.date | None = None


class TaxDoc(_Doc):
    """The `tax` section: the return's facts for the year."""

    year: int = Field(ge=1900, le=2200)
    filing_status: FilingStatus
    ordinary_taxable_income: NonNegative
    qualified_dividends: NonNegative = Decimal(0)
    state_rate: Fraction = Decimal(0)
    carryforward: CarryforwardDoc = CarryforwardDoc()
    realized_this_year: RealizedDoc = RealizedDoc()
    magi: NonNegative | None = None


class OwnerDoc(_Doc):
    """One person of the return."""

    id: Ident
    birth_date: dt.date | None = None
    name: str | None = None


class BandClassDoc(_Doc):
    """Per-class band overrides; a missing key inherits the household's."""

    absolute: NonNegative | None = None
    relative: NonNegative | None = None
    min_width: NonNegative | None = None


class BandsDoc(_Doc):
    """Rebalancing bands: width = max(min_width, min(absolute, relative % × target))."""

    absolute: NonNegative = Decimal(5)
    relative: NonNegative = Decimal(25)
    min_width: NonNegative = Decimal(1)
    classes: dict[AssetClass, BandClassDoc] = {}


class LotDoc(_Doc):
    """A tax lot; `cost` is the total basis including commissions."""

    id: Ident | None = None
    acquired: dt.date
    quantity: Positive
    cost: NonNegative
    origin: LotOrigin = LotOrigin.PURCHASE
    donor_acquired: dt.date | None = None
    fmv_at_gift: NonNegative | None = None
    wash_adjustment: NonNegative | None = None
    holding_start: dt.date | None = None


class HoldingDoc(_Doc):
    """A position; give `quantity`, `lots`, or both (then they must agree)."""

    symbol: Symbol
    quantity: Positive | None = None
    lots: list[LotDoc] | None = None
    basis: Literal["unknown"] | None = None


class AccountDoc(_Doc):
    """One account of the household."""

    id: Ident
    name: str | None = None
    custodian: Custodian | None = None
    number: str | None = None
    account_number: str | None = None
    type: AccountType
    owners: list[Ident] = []
    cash: NonNegative = Decimal(0)
    min_cash: NonNegative = Decimal(0)
    relief_method: ReliefMethod | None = None
    separate_taxpayer: bool = False
    tradable: bool = True
    prior_year_end_value: NonNegative | None = None
    distributions_this_year: NonNegative = Decimal(0)
    buy_menu: list[Symbol] | None = None
    discretionary: bool = True
    holdings: list[HoldingDoc] = []

    @model_validator(mode="after")
    def _one_number(self) -> AccountDoc:
        if self.number is not None and self.account_number is not None:
            raise ValueError("an account takes `number` or `account_number` (the same), not both")
        return self


class TransactionDoc(_Doc):
    """A recent trade, for wash sales; `cost` and `acquired` tell whether a sell was a loss."""

    date: dt.date
    account: Ident
    action: TradeAction
    symbol: Symbol
    quantity: Positive
    price: Positive
    cost: NonNegative | None = None
    acquired: dt.date | None = None


class RecurringDoc(_Doc):
    """A purchase that happens anyway (payroll contribution, dividend reinvestment)."""

    account: Ident
    symbol: Symbol
    amount: Positive | None = None
    every_days: int | None = Field(default=None, ge=1)
    next: dt.date | None = None
    dividend_reinvestment: bool = False


class CashFlowDoc(_Doc):
    """A pending contribution, withdrawal or RMD not yet in the account's cash."""

    account: Ident
    kind: CashFlowKind
    amount: Positive
    date: dt.date | None = None


class OrderDoc(_Doc):
    """A trade the client insists on."""

    account: Ident
    action: TradeAction
    symbol: Symbol
    quantity: Positive | None = None
    amount: Positive | None = None
    lots: list[Ident] = []

    @model_validator(mode="after")
    def _size(self) -> OrderDoc:
        if self.quantity is None and self.amount is None:
            raise ValueError("an order needs `quantity` or `amount`")
        if self.quantity is not None and self.amount is not None:
            raise ValueError("an order takes `quantity` or `amount`, not both")
        return self


RESTRICTION_KEYS = ("no_sell", "no_buy", "max_sell_per_year", "no_sell_until", "exclude_tag")


class RestrictionDoc(_Doc):
    """One client restriction; exactly one of the kind keys per row."""

    symbol: Symbol | None = None
    account: Ident | None = None
    no_sell: bool | None = None
    no_buy: bool | None = None
    max_sell_per_year: Positive | None = None
    no_sell_until: dt.date | None = None
    exclude_tag: Ident | None = None
    reason: str = ""

    @model_validator(mode="after")
    def _one_kind(self) -> RestrictionDoc:
        kinds = [k for k in RESTRICTION_KEYS if getattr(self, k) not in (None, False)]
        if len(kinds) != 1:
            raise ValueError(
                "a restriction needs exactly one of "
                + ", ".join(RESTRICTION_KEYS)
                + (f"; got {', '.join(kinds)}" if kinds else "")
            )
        if kinds[0] != "exclude_tag" and self.symbol is None:
            raise ValueError(f"a `{kinds[0]}` restriction needs a `symbol`")
        return self


class SecurityDoc(_Doc):
    """A security added to or overriding the shipped master (docs/securities.md)."""

    name: str | None = None
    type: SecurityType | None = None
    asset_class: AssetClass | dict[AssetClass, Positive] | None = None
    whole_shares: bool | None = None
    expense_ratio: NonNegative | None = None
    index: str | None = None
    tags: list[Ident] | None = None
    harvest_partners: list[Symbol] | None = None

    @field_validator("asset_class")
    @classmethod
    def _weights_sum_to_100(
        cls, value: AssetClass | dict[AssetClass, Decimal] | None
    ) -> AssetClass | dict[AssetClass, Decimal] | None:
        if isinstance(value, dict) and sum(value.values(), Decimal(0)) != 100:
            total = sum(value.values(), Decimal(0))
            raise ValueError(f"a mix's weights are percent points adding up to 100, not {total}")
        return value


class SpreadDoc(_Doc):
    """Half-spread cost in basis points by security type."""

    etf: NonNegative | None = None
    stock: NonNegative | None = None
    mutual_fund: NonNegative | None = None
    money_market: NonNegative | None = None


class TaxBudgetDoc(_Doc):
    """A cap on the year's net realized gains (`gains`) or tax dollars (`tax`)."""

    kind: TaxBudgetKind
    amount: NonNegative


class EfficiencyDoc(_Doc):
    """Tax-efficiency figures overriding the shipped ones: fractions a year (asset location)."""

    expected_return: Annotated[Decimal, Field(gt=-1, lt=1, allow_inf_nan=False)] | None = None
    income_yield: Annotated[Decimal, Field(ge=0, lt=1, allow_inf_nan=False)] | None = None
    qualified_share: Fraction | None = None
    exempt_share: Fraction | None = None
    state_exempt: OnOff | None = None
    capital_gain_distributions: (
        Annotated[Decimal, Field(ge=0, lt=1, allow_inf_nan=False)] | None
    ) = None
    source: str = ""

    @model_validator(mode="after")
    def _shares_fit(self) -> EfficiencyDoc:
        if (self.qualified_share or 0) + (self.exempt_share or 0) > 1:
            raise ValueError("qualified_share + exempt_share must not exceed 1")
        return self


class TaxEfficiencyDoc(_Doc):
    """Overrides of the tax-efficiency assumptions, per asset class and per security."""

    classes: dict[AssetClass, EfficiencyDoc] = {}
    securities: dict[Symbol, EfficiencyDoc] = {}


class SettingsDoc(_Doc):
    """Run options; every key optional (unset keys fall back). See docs/settings.md."""

    mode: Mode | None = None
    band_buffer: Fraction | None = None
    harvest: OnOff | None = None
    harvest_min_loss: NonNegative | None = None
    harvest_min_pct: Percent | None = None
    no_short_term_gains: OnOff | None = None
    defer_short_term_days: int | None = Field(default=None, ge=0, le=366)
    same_index_is_identical: OnOff | None = None
    plan_purchase_washes_permanently: OnOff | None = None
    commission_per_trade: NonNegative | None = None
    spread_bps: SpreadDoc | None = None
    min_trade: NonNegative | None = None
    min_trade_pct: Percent | None = None
    tax_budget: TaxBudgetDoc | None = None
    breakeven_horizon_years: NonNegative | None = None
    invest_cash: OnOff | None = None
    risk_aversion: Positive | None = None
    sell_excluded: OnOff | None = None
    liquidate_untargeted: OnOff | None = None
    allow_municipal_in_sheltered: OnOff | None = None
    location_weight: NonNegative | None = None
    location_years: int | None = Field(default=None, ge=1, le=100)
    location_sale_at_horizon: OnOff | None = None
    retirement_ordinary_rate: Fraction | None = None
    firm_name: str | None = None
    firm_logo: str | None = None
    disclosure: str | None = None
    concentration_limit: Annotated[Decimal, Field(gt=0, le=100, allow_inf_nan=False)] | None = None


class SettingsFileDoc(SettingsDoc):
    """A firm-wide settings file: the same keys, and an optional `format`."""

    format: Literal["trimtab.settings/1"] | None = None


class HouseholdDocument(_Doc):
    """A household file, format ``trimtab.household/1``: one tax return's accounts."""

    format: Literal["trimtab.household/1"]
    name: str = ""
    as_of: dt.date
    tax: TaxDoc
    owners: list[OwnerDoc] = []
    targets: dict[AssetClass, Percent]
    bands: BandsDoc = BandsDoc()
    prices: dict[Symbol, Positive] = {}
    settings: SettingsDoc = SettingsDoc()
    accounts: list[AccountDoc] = Field(min_length=1)
    transactions: list[TransactionDoc] = []
    recurring: list[RecurringDoc] = []
    cash_flows: list[CashFlowDoc] = []
    orders: list[OrderDoc] = []
    restrictions: list[RestrictionDoc] = []
    securities: dict[Symbol, SecurityDoc] = {}
    identical_groups: list[list[Symbol]] = []
    harvest_partners: dict[Symbol, list[Symbol]] = {}
    tax_efficiency: TaxEfficiencyDoc = TaxEfficiencyDoc()
