"""Run settings: the household file's ``settings``, a firm-wide defaults file, and flags.

Precedence: built-in defaults < ``--settings FILE`` < the household file < command-line flags.
The table of keys, units and defaults is in docs/settings.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.model.enums import Mode, SecurityType, TaxBudgetKind


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxBudget:
    """A cap on the year's net realized gains or on tax dollars."""

    kind: TaxBudgetKind
    amount: Decimal


DEFAULT_SPREAD_BPS: tuple[tuple[SecurityType, Decimal], ...] = (
    (SecurityType.ETF, Decimal(2)),
    (SecurityType.STOCK, Decimal(5)),
    (SecurityType.MUTUAL_FUND, Decimal(0)),
    (SecurityType.MONEY_MARKET, Decimal(0)),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Run options (see docs/settings.md for each key).

    mode: target | band | cash | harvest | location.
    band_buffer: fraction of the band width to stop inside the edge.
    harvest: harvest losses while rebalancing.
    harvest_min_loss / harvest_min_pct: dollars / percent of the lot's cost.
    no_short_term_gains: never realize a short-term gain.
    defer_short_term_days: lots turning long-term within this many days are not sold at a gain.
    same_index_is_identical: funds tracking the same index are substantially identical.
    plan_purchase_washes_permanently: 401k/403b/457b/HSA purchases treated like IRA purchases.
    commission_per_trade: dollars per trade.
    spread_bps: half-spread cost in basis points by security type.
    min_trade / min_trade_pct: smallest trade in dollars / percent of the account.
    tax_budget: optional cap on gains or tax.
    breakeven_horizon_years: the payback horizon: a taxable sale is made only when what it adds
        to the yearly benefit of less drift pays back its tax and costs within it (issue 21
        item 3; 0 or None: off).
    invest_cash: cash above its target (new money, sale proceeds) is invested in the classes
        below their targets, up to them, in `band`, `cash` and `target` modes (issue 21 item 2:
        on by default; off: cash is invested only as far as its band's edge).
    risk_aversion: γ of the drift cost (None: the shipped capital-market assumptions' default).
    sell_excluded: sell holdings excluded by a restriction tag.
    liquidate_untargeted: sell holdings of classes without a target.
    allow_municipal_in_sheltered: allow municipal bonds in tax-advantaged accounts.
    location_weight: weight of the asset-location term (0 disables).
    location_years: horizon of the asset-location value.
    location_sale_at_horizon: taxable accounts are sold at the horizon (their unrealized gain
        taxed); off: held on (a step-up in basis at death, or gifts to charity).
    retirement_ordinary_rate: tax rate on traditional withdrawals (None: current marginal rate).
    firm_name: the advisory firm's name, in the reports' header ('' : none).
    firm_logo: the logo image file as given (PNG, JPEG or SVG; '' : none); its bytes are read
        by the loader into ``Household.firm_logo`` and embedded in the reports as a data URI.
    disclosure: the firm's disclosure text, printed at the end of the client report.
    concentration_limit: the largest percent of the household one single stock may be before
        it is flagged (state, drift and plan), with the tax of selling it down to the limit.
    """

    mode: Mode = Mode.BAND
    band_buffer: Decimal = Decimal("0.5")
    harvest: bool = True
    harvest_min_loss: Decimal = Decimal(500)
    harvest_min_pct: Decimal = Decimal(5)
    no_short_term_gains: bool = False
    defer_short_term_days: int = 30
    same_index_is_identical: bool = True
    plan_purchase_washes_permanently: bool = True
    commission_per_trade: Decimal = Decimal(0)
    spread_bps: tuple[tuple[SecurityType, Decimal], ...] = DEFAULT_SPREAD_BPS
    min_trade: Decimal = Decimal(100)
    min_trade_pct: Decimal = Decimal(0)
    tax_budget: TaxBudget | None = None
    breakeven_horizon_years: Decimal | None = Decimal(10)
    invest_cash: bool = True
    risk_aversion: Decimal | None = None
    sell_excluded: bool = False
    liquidate_untargeted: bool = False
    allow_municipal_in_sheltered: bool = False
    location_weight: Decimal = Decimal(1)
    location_years: int = 20
    location_sale_at_horizon: bool = True
    retirement_ordinary_rate: Decimal | None = None
    firm_name: str = ""
    firm_logo: str = ""
    disclosure: str = ""
    concentration_limit: Decimal = Decimal(10)


@dataclass(frozen=True, slots=True, kw_only=True)
class Logo:
    """The firm's logo image, read from the ``firm_logo`` file.

    media_type: ``image/png``, ``image/jpeg`` or ``image/svg+xml`` (from the file's bytes).
    data: the file's bytes.
    """

    media_type: str
    data: bytes
