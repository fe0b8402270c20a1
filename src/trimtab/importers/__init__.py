"""Custodian exports -> the household file (``trimtab import``); docs/importers.md.

Each export format has one module that reads it into plain records shaped like the household
file (:mod:`trimtab.importers.records`); :mod:`trimtab.importers.formats` tells formats apart
by content and holds the dispatch table; :mod:`trimtab.importers.command` puts an import
together and returns the new household file text, which the CLI writes.

The names below are imported from their module on first use (module ``__getattr__``), so
reading one module (the account map's schema, say) loads no OFX or beancount reader.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trimtab.importers.account_map import (
        ACCOUNT_MAP_FORMAT,
        AccountMapDocument,
        account_map_schema,
        read_account_map,
    )
    from trimtab.importers.command import ImportResult, ImportSummary, run_import
    from trimtab.importers.formats import IMPORTERS, extract, format_list, sniff
    from trimtab.importers.records import Extract, Format

__all__ = [
    "ACCOUNT_MAP_FORMAT",
    "IMPORTERS",
    "AccountMapDocument",
    "Extract",
    "Format",
    "ImportResult",
    "ImportSummary",
    "account_map_schema",
    "extract",
    "format_list",
    "read_account_map",
    "run_import",
    "sniff",
]

# name -> the module (of this package) that defines it
_HOME = {
    "ACCOUNT_MAP_FORMAT": "account_map",
    "AccountMapDocument": "account_map",
    "account_map_schema": "account_map",
    "read_account_map": "account_map",
    "ImportResult": "command",
    "ImportSummary": "command",
    "run_import": "command",
    "IMPORTERS": "formats",
    "extract": "formats",
    "format_list": "formats",
    "sniff": "formats",
    "Extract": "records",
    "Format": "records",
}


def __getattr__(name: str) -> object:
    """A public name, imported from its module when first asked for (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value: object = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
