"""The table of export formats: how each is recognised from its content, and its importer.

A format is told from what the file says, never from its name (a download renamed by the user,
or saved twice as ``export (1).csv``, must still import): each sniffer looks at the first lines.
The sniffers are tried in table order and the first that recognises the file wins; their tests
do not overlap (a title line, or a header naming columns no other format has).
Importers are a dispatch table keyed by :class:`~trimtab.importers.records.Format`
(STYLE.md 8); a format joins by adding one row here and one module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from trimtab.importers.csvread import ExportText
from trimtab.importers.fidelity_history import is_fidelity_history, read_fidelity_history
from trimtab.importers.fidelity_positions import is_fidelity_positions, read_fidelity_positions
from trimtab.importers.records import Extract, Format
from trimtab.importers.schwab_history import is_schwab_history, read_schwab_history
from trimtab.importers.schwab_lots import is_schwab_lots, read_schwab_lots
from trimtab.importers.schwab_positions import is_schwab_positions, read_schwab_positions

Sniffer = Callable[[ExportText], bool]
Importer = Callable[[ExportText], Extract]

SNIFFERS: tuple[tuple[Format, Sniffer], ...] = (
    (Format.SCHWAB_POSITIONS, is_schwab_positions),
    (Format.SCHWAB_LOTS, is_schwab_lots),
    (Format.SCHWAB_HISTORY, is_schwab_history),
    (Format.FIDELITY_POSITIONS, is_fidelity_positions),
    (Format.FIDELITY_HISTORY, is_fidelity_history),
)
"""Format tests, in the order they are tried."""

IMPORTERS: Mapping[Format, Importer] = MappingProxyType(
    {
        Format.SCHWAB_POSITIONS: read_schwab_positions,
        Format.SCHWAB_LOTS: read_schwab_lots,
        Format.SCHWAB_HISTORY: read_schwab_history,
        Format.FIDELITY_POSITIONS: read_fidelity_positions,
        Format.FIDELITY_HISTORY: read_fidelity_history,
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
    }
)
"""Format -> its name in messages and docs."""


def sniff(export: ExportText) -> Format | None:
    """The format of an export, told from its content; None when no format recognises it."""
    for fmt, test in SNIFFERS:
        if test(export):
            return fmt
    return None


def extract(export: ExportText) -> Extract | None:
    """Read an export with the importer of its sniffed format (None: unknown format)."""
    fmt = sniff(export)
    return None if fmt is None else IMPORTERS[fmt](export)
