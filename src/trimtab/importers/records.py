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
    LOT_CSV = "lot-csv"  # trimtab's own: docs/importers.md "Lot CSV"


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
    cash: cash and sweep money-market lines added up (0 when the export shows none); None when
        the export does not state the account's cash at all (an OFX statement without
        ``INVBAL`` and without ``INVPOSLIST``): the file's cash is kept.
    holdings: its positions, one per symbol. None when the export states no position list for
        the account (an OFX statement without ``INVPOSLIST``, a Flex statement without
        ``OpenPositions``): the file's holdings are kept. Only an empty tuple (a position list
        that lists nothing) empties an account.
    """

    account: AccountRef
    cash: Decimal | None
    holdings: tuple[ExportHolding, ...] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportLot:
    """One open lot of a lot-details export.

    acquired: the open (trade) date.
    quantity: shares (> 0).
    cost: the lot's total cost basis (a custodian's wash-adjusted basis includes the
        adjustment).
    source: the lot's row.
    wash_adjustment: a disallowed wash-sale loss the custodian already added to ``cost``
        (None: the export says nothing).
    holding_start: the holding period's start when the custodian moved it back for a wash
        sale (None: ``acquired``).
    """

    acquired: dt.date
    quantity: Decimal
    cost: Decimal
    source: Source
    wash_adjustment: Decimal | None = None
    holding_start: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportLots:
    """The lots of one symbol in one account (one lot-details file).

    account: the account the title names.
    symbol: the symbol the title names.
    lots: the lots, in file order.
    derived: True for lots worked out from a statement's buys (OFX), not read from a lot
        export: a lot export of the same position wins over them.
    """

    account: AccountRef
    symbol: str
    lots: tuple[ExportLot, ...]
    derived: bool = False


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
class SkippedRow:
    """A row of an export that is not imported, and why.

    account: the account it belongs to (None when the row names none that could be read).
    date: its date, when it has one (history rows): a row dated before the history window is
        skipped before it is checked, so its ``problems`` are not reported.
    source: the row.
    reason: why it is not imported, in a few words (``cash only (Dividend)``, ``zero shares``).
    problems: what checking the row found; reported only when the row is inside the window.
    """

    account: AccountRef | None
    date: dt.date | None
    source: Source
    reason: str
    problems: tuple[Problem, ...] = ()


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
    skipped: rows not imported, with why: history rows (their problems are reported by the
        import only when the row is inside the history window) and position rows trimtab does
        not hold (an option, a short position: undated, their warnings always reported).
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
    skipped: tuple[SkippedRow, ...] = ()
