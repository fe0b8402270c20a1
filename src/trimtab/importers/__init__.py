"""Custodian exports -> the household file (``trimtab import``); docs/importers.md.

Each export format has one module that reads it into plain records shaped like the household
file (:mod:`trimtab.importers.records`); :mod:`trimtab.importers.formats` tells formats apart
by content and holds the dispatch table; :mod:`trimtab.importers.command` puts an import
together and returns the new household file text, which the CLI writes.
"""

from __future__ import annotations

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
