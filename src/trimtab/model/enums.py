"""Closed sets of the domain, each an enum whose values are the household file's spellings."""

from __future__ import annotations

from enum import StrEnum


class AssetClass(StrEnum):
    """The nine IPS asset classes of the drift table."""

    US_LARGE_CAP = "us_large_cap"
    US_SMALL_MID_CAP = "us_small_mid_cap"
    INTL_DEVELOPED = "intl_developed"
    EMERGING_MARKETS = "emerging_markets"
    IG_BONDS = "ig_bonds"
    HIGH_YIELD = "high_yield"
    TIPS = "tips"
    ALTERNATIVES = "alternatives"
    CASH = "cash"

    @property
    def label(self) -> str:
        """The name used in the drift table."""
        return ASSET_CLASS_LABELS[self]


ASSET_CLASS_LABELS = {
    AssetClass.US_LARGE_CAP: "US Large Cap Equity",
    AssetClass.US_SMALL_MID_CAP: "US Small/Mid Cap",
    AssetClass.INTL_DEVELOPED: "International Developed",
    AssetClass.EMERGING_MARKETS: "Emerging Markets",
    AssetClass.IG_BONDS: "Investment Grade Bonds",
    AssetClass.HIGH_YIELD: "High Yield / Credit",
    AssetClass.TIPS: "TIPS / Inflation Protected",
    AssetClass.ALTERNATIVES: "Alternatives",
    AssetClass.CASH: "Cash",
}


class AccountType(StrEnum):
    """Kinds of account; the tax treatment follows from the kind."""

    TAXABLE = "taxable"
    TRADITIONAL_IRA = "traditional_ira"
    SEP_IRA = "sep_ira"
    SIMPLE_IRA = "simple_ira"
    ROTH_IRA = "roth_ira"
    K401 = "401k"
    ROTH_401K = "roth_401k"
    B403 = "403b"
    B457 = "457b"
    HSA = "hsa"
    INHERITED_IRA = "inherited_ira"

    @property
    def is_taxable(self) -> bool:
        """True for accounts whose sales realize gains on this return."""
        return self is AccountType.TAXABLE


class Custodian(StrEnum):
    """Where an account is held; it picks the account's trade file (docs/trade-files.md)."""

    SCHWAB = "schwab"
    FIDELITY = "fidelity"
    VANGUARD = "vanguard"
    IBKR = "ibkr"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The custodian's name as people write it."""
        return CUSTODIAN_LABELS[self]


CUSTODIAN_LABELS = {
    Custodian.SCHWAB: "Charles Schwab",
    Custodian.FIDELITY: "Fidelity",
    Custodian.VANGUARD: "Vanguard",
    Custodian.IBKR: "Interactive Brokers",
    Custodian.OTHER: "Other custodian",
}


class FilingStatus(StrEnum):
    """Federal filing status of the return."""

    SINGLE = "single"
    MARRIED_JOINT = "married_joint"
    MARRIED_SEPARATE = "married_separate"
    HEAD_OF_HOUSEHOLD = "head_of_household"
    QUALIFYING_SURVIVING_SPOUSE = "qualifying_surviving_spouse"


class ReliefMethod(StrEnum):
    """How the lots of a sale are chosen."""

    FIFO = "fifo"
    LIFO = "lifo"
    HIFO = "hifo"
    SPECIFIC_ID = "specific_id"
    MIN_TAX = "min_tax"
    AVERAGE = "average"


class LotOrigin(StrEnum):
    """How a lot was acquired: it sets its basis and holding-period rules."""

    PURCHASE = "purchase"
    INHERITANCE = "inheritance"
    GIFT = "gift"


class TradeAction(StrEnum):
    """The side of a trade."""

    BUY = "buy"
    SELL = "sell"


class CashFlowKind(StrEnum):
    """A pending movement of cash into or out of an account."""

    CONTRIBUTION = "contribution"
    WITHDRAWAL = "withdrawal"
    RMD = "rmd"


class SecurityType(StrEnum):
    """The kind of security; it sets spreads and trading units."""

    ETF = "etf"
    STOCK = "stock"
    MUTUAL_FUND = "mutual_fund"
    MONEY_MARKET = "money_market"


class RestrictionKind(StrEnum):
    """The kinds of client restriction."""

    NO_SELL = "no_sell"
    NO_BUY = "no_buy"
    MAX_SELL_PER_YEAR = "max_sell_per_year"
    NO_SELL_UNTIL = "no_sell_until"
    EXCLUDE_TAG = "exclude_tag"


class Mode(StrEnum):
    """What a plan aims for."""

    TARGET = "target"
    BAND = "band"
    CASH = "cash"
    HARVEST = "harvest"
    LOCATION = "location"


class SolverKind(StrEnum):
    """How a plan is solved (docs/optimizer.md): the LP-first engine (milliseconds, the
    default) or the exact mixed-integer model (the reference: slow on large households)."""

    LP = "lp"
    EXACT = "exact"


class TaxBudgetKind(StrEnum):
    """What a tax budget limits: net realized gains or tax dollars."""

    GAINS = "gains"
    TAX = "tax"


class TradeReason(StrEnum):
    """Why a trade is in a plan (the reason code of the trade list)."""

    REBALANCE = "rebalance"
    CASH_FLOW = "cash_flow"
    RMD = "rmd"
    ORDER = "order"
    HARVEST = "harvest"
    REPLACEMENT = "replacement"
    LOCATION = "location"


class TradeFileKind(StrEnum):
    """The trade files trimtab writes (``--trade-file``): the generic file of every account,
    or the file of one custodian's accounts (report/trade_files.py writes them)."""

    GENERIC = "generic"
    IBKR = "ibkr"
    SCHWAB = "schwab"
    FIDELITY = "fidelity"
    VANGUARD = "vanguard"
    OTHER = "other"

    @property
    def custodian(self) -> Custodian | None:
        """The custodian whose accounts the file holds (None: every account)."""
        return None if self is TradeFileKind.GENERIC else Custodian(self.value)
