"""Custodian exports -> the household file (``trimtab import``); docs/importers.md.

Three rooms:

* :mod:`trimtab.importers.formats`: the readers, one module per export format, each turning
  one file into plain records shaped like the household file
  (:mod:`trimtab.importers.records`); the package itself tells formats apart by content and
  holds the dispatch table, with third-party importers from entry points
  (:mod:`~trimtab.importers.formats.plugins`) and the helpers the readers share
  (:mod:`~trimtab.importers.formats.common`);
* :mod:`trimtab.importers.text`: CSV, XML and YAML text and the values of export cells,
  below any one format;
* the import run, here: :mod:`~trimtab.importers.run` puts an import together and returns the
  new household file text, which the CLI writes; :mod:`~trimtab.importers.accounts` (with the
  account map and account types) says which household account an export's account is,
  :mod:`~trimtab.importers.resolve` turns the extracts into household data,
  :mod:`~trimtab.importers.merge` and :mod:`~trimtab.importers.emit` write it into the file's
  text, :mod:`~trimtab.importers.changes` and :mod:`~trimtab.importers.household_check` say
  what changed and whether the result validates. (:mod:`~trimtab.importers.csvread` here
  is only the old import path of ``ExportText``, kept for third-party importers.)

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
    from trimtab.importers.formats import IMPORTERS, extract, format_list, sniff
    from trimtab.importers.records import Extract, Format
    from trimtab.importers.run import ImportResult, ImportSummary, run_import

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
    "ImportResult": "run",
    "ImportSummary": "run",
    "run_import": "run",
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
