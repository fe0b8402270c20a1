"""The old import path of :class:`ExportText`, kept for third-party importers written against it.

The CSV reader lives in :mod:`trimtab.importers.text.csvread` (docs/importers.md, "Third-party
importers", names that path); a plugin that imports ``trimtab.importers.csvread.ExportText``
gets the same class.
"""

from __future__ import annotations

from trimtab.importers.text.csvread import ExportText, Record

__all__ = ["ExportText", "Record"]
