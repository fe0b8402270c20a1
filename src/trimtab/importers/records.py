"""What an importer extracts from one export: plain records shaped like the household file.

Each importer turns one file into an :class:`Extract`: the accounts it shows (their cash and
holdings), lot files' lots, recent trades and the export's date, with the Problems it found.
Field names follow the household file (docs/household-format.md): ``cash``, ``holdings``,
``symbol``, ``quantity``, ``lots`` (``acquired``, ``quantity``, ``cost``), ``transactions``
(``date``, ``action``, ``symbol``, ``quantity``, ``price``). Accounts are still named as the
export names them (number and name); :mod:`trimtab.importers.resolve` gives them household ids
and types. Money and quantities are Decimal, exactly as exported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from trimtab.errors import Problem
from trimtab.model.enums import AccountType, TradeAction
from trimtab.source import Source


class Format(StrEnum):
    """The export formats trimtab reads (custodian-formats.md section in brackets)."""

    SCHWAB_POSITIONS = "schwab-positions"  # §1a
    SCHWAB_LOTS = "schwab-lot-details"  # §1b
    SCHWAB_HISTORY = "schwab-history"  # §1c
    FIDELITY_POSITIONS = "fidelity-positions"  # §2a
    FIDELITY_HISTORY = "fidelity-history"  # §2c
    VANGUARD = "vanguard-download"  # §3
    IBKR_FLEX = "ibkr-flex-query"  # §4a
    OFX = "ofx"  # §5
    BEANCOUNT = "beancount"  # §6


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountRef:
    """An account as an export names it.

    number: the account number as shown, often masked (``XXXX-4321``, ``...123``).
    name: the account's name or nickname ('' when the export has none), e.g. ``ROTH IRA``.
    source: where the export names it.
    stated: the type the export states outright (a beancount ``trimtab_type``), else None.
    """

    number: str
    name: str
    source: Source
    stated: AccountType | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportHolding:
    """One position.

    symbol: the ticker, upper case.
    quantity: shares, exactly as exported (> 0).
    price: the export's price of one share; None when it gives none.
    source: the position's row.
    """

    symbol: str
    quantity: Decimal
    price: Decimal | None
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportAccount:
    """An account of a positions export.

    account: its number and name.
    cash: cash and sweep money-market lines added up (0 when the export shows none).
    holdings: its positions, one per symbol.
    """

    account: AccountRef
    cash: Decimal
    holdings: tuple[ExportHolding, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportLot:
    """One open lot of a lot-details export.

    acquired: the open (trade) date.
    quantity: shares (> 0).
    cost: the lot's total cost basis.
    source: the lot's row.
    """

    acquired: dt.date
    quantity: Decimal
    cost: Decimal
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportLots:
    """The lots of one symbol in one account (one lot-details file).

    account: the account the title names.
    symbol: the symbol the title names.
    lots: the lots, in file order.
    """

    account: AccountRef
    symbol: str
    lots: tuple[ExportLot, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportTrade:
    """A buy or sell of a history export.

    account: the account it was in.
    date: the trade date (for ``A as of B``, B).
    action: buy or sell (a reinvested dividend is a buy).
    symbol: the ticker.
    quantity: shares (> 0; the side is in ``action``).
    price: the price of one share.
    source: the trade's row.
    """

    account: AccountRef
    date: dt.date
    action: TradeAction
    symbol: str
    quantity: Decimal
    price: Decimal
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Extract:
    """Everything read from one export.

    file: the path as given.
    format: the format sniffed from its content (a third-party importer's name, a plain str).
    as_of: the date the export was taken (positions and lot files), None when it does not say.
    as_of_source: where that date was read.
    accounts: accounts with cash and holdings (positions exports).
    lots: lot files' lots (lot-details exports).
    covered: the accounts whose trades a history export lists (even when it lists none).
    trades: buys and sells (history exports).
    problems: what was wrong or skipped, each naming file, line and column.
    """

    file: str
    format: Format | str
    as_of: dt.date | None = None
    as_of_source: Source | None = None
    accounts: tuple[ExportAccount, ...] = ()
    lots: tuple[ExportLots, ...] = ()
    covered: tuple[AccountRef, ...] = ()
    trades: tuple[ExportTrade, ...] = ()
    problems: tuple[Problem, ...] = ()
