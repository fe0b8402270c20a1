"""The table of export formats: how each is recognised from its content, and its importer.

A format is told from what the file says, never from its name (a download renamed by the user,
or saved twice as ``export (1).csv``, must still import): each sniffer looks at the first lines.
The sniffers are tried in table order and the first that recognises the file wins; their tests
do not overlap (a title line, or a header naming columns no other format has).
Importers are a dispatch table keyed by :class:`~trimtab.importers.records.Format`
(STYLE.md 8); a format joins by adding one row here and one module.

Third-party importers come after the built-in ones, from the entry point group
``trimtab.importers`` (:mod:`trimtab.importers.formats.plugins`): only installed distributions are
looked at, never a module named in an input file.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from trimtab.importers.formats.beancount_ledger import is_beancount, read_beancount
from trimtab.importers.formats.fidelity_history import is_fidelity_history, read_fidelity_history
from trimtab.importers.formats.fidelity_positions import (
    is_fidelity_positions,
    read_fidelity_positions,
)
from trimtab.importers.formats.ibkr_flex import is_ibkr_flex, read_ibkr_flex
from trimtab.importers.formats.lot_csv import is_lot_csv, read_lot_csv
from trimtab.importers.formats.ofx import is_ofx, read_ofx
from trimtab.importers.formats.plugins import Importer, Sniffer, ThirdParty, third_party
from trimtab.importers.formats.schwab_history import is_schwab_history, read_schwab_history
from trimtab.importers.formats.schwab_lots import is_schwab_lots, read_schwab_lots
from trimtab.importers.formats.schwab_positions import is_schwab_positions, read_schwab_positions
from trimtab.importers.formats.vanguard import is_vanguard, read_vanguard
from trimtab.importers.records import Extract, Format
from trimtab.importers.text.csvread import ExportText

SNIFFERS: tuple[tuple[Format, Sniffer], ...] = (
    (Format.SCHWAB_POSITIONS, is_schwab_positions),
    (Format.SCHWAB_LOTS, is_schwab_lots),
    (Format.SCHWAB_HISTORY, is_schwab_history),
    (Format.FIDELITY_POSITIONS, is_fidelity_positions),
    (Format.FIDELITY_HISTORY, is_fidelity_history),
    (Format.VANGUARD, is_vanguard),
    (Format.IBKR_FLEX, is_ibkr_flex),
    (Format.OFX, is_ofx),
    (Format.BEANCOUNT, is_beancount),
    (Format.LOT_CSV, is_lot_csv),
)
"""Format tests, in the order they are tried."""

IMPORTERS: Mapping[Format, Importer] = MappingProxyType(
    {
        Format.SCHWAB_POSITIONS: read_schwab_positions,
        Format.SCHWAB_LOTS: read_schwab_lots,
        Format.SCHWAB_HISTORY: read_schwab_history,
        Format.FIDELITY_POSITIONS: read_fidelity_positions,
        Format.FIDELITY_HISTORY: read_fidelity_history,
        Format.VANGUARD: read_vanguard,
        Format.IBKR_FLEX: read_ibkr_flex,
        Format.OFX: read_ofx,
        Format.BEANCOUNT: read_beancount,
        Format.LOT_CSV: read_lot_csv,
    }
)
"""Format -> the function that reads it."""

DESCRIPTIONS: Mapping[Format, str] = MappingProxyType(
    {
        Format.SCHWAB_POSITIONS: "Schwab positions (one account or all accounts)",
        Format.SCHWAB_LOTS: "Schwab lot details (one symbol)",
        Format.SCHWAB_HISTORY: "Schwab transaction history",
        Format.FIDELITY_POSITIONS: "Fidelity portfolio positions",
        Format.FIDELITY_HISTORY: "Fidelity account history",
        Format.VANGUARD: "Vanguard holdings and transactions (OfxDownload.csv)",
        Format.IBKR_FLEX: "Interactive Brokers Flex Query XML (positions, lots, cash, trades)",
        Format.OFX: "OFX/QFX investment statement (positions, cash, trades)",
        Format.BEANCOUNT: "beancount v3 ledger (lots at cost, cash, prices, trades)",
        Format.LOT_CSV: "trimtab lot CSV (account,symbol,acquired,quantity,cost)",
    }
)
"""Format -> its name in messages and docs."""


def sniff(export: ExportText) -> Format | None:
    """The built-in format of an export, told from its content; None when none recognises it."""
    for fmt, test in SNIFFERS:
        if test(export):
            return fmt
    return None


def importer_for(
    export: ExportText, plugins: tuple[ThirdParty, ...] | None = None
) -> Importer | None:
    """The reader of an export: a built-in format's, else the first third-party one that
    recognises it (``plugins``: the installed ones when None); None when nobody does."""
    fmt = sniff(export)
    if fmt is not None:
        return IMPORTERS[fmt]
    found = third_party().importers if plugins is None else plugins
    return next((p.reader for p in found if p.recognises(export)), None)


def extract(export: ExportText) -> Extract | None:
    """Read an export with the importer of its sniffed format (None: unknown format)."""
    reader = importer_for(export)
    return None if reader is None else reader(export)


def describe(fmt: Format | str) -> str:
    """A format's name in messages: built-in, third-party, or the name itself."""
    if isinstance(fmt, Format):
        return DESCRIPTIONS[fmt]
    plugin = next((p for p in third_party().importers if p.name == fmt), None)
    return fmt if plugin is None else f"{plugin.description} ({plugin.origin})"


def format_list() -> tuple[tuple[str, str, str], ...]:
    """(name, description, where from) of every format, built-in first: ``--list-formats``."""
    built_in = tuple((f.value, DESCRIPTIONS[f], "trimtab") for f, _ in SNIFFERS)
    found = third_party()
    plugins = tuple((p.name, p.description, p.origin) for p in found.importers)
    broken = tuple((b.name, f"not usable: {b.message}", b.origin) for b in found.broken)
    return built_in + plugins + broken
