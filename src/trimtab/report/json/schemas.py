"""JSON Schemas of the documents trimtab reads and prints (``trimtab schema NAME``): the
registry of names.

Input documents take their schema from the pydantic document classes in
:mod:`trimtab.load.document`; each output document's schema stands beside its builder
(report/json/problems.py, state.py, drift.py, securities.py, check.py, tax.py, plan.py,
location.py, imports.py, book.py,
journal_schema.py), on the pieces of :mod:`.schema_parts`.

Each schema imports what it needs when it is built, so that the CLI can list the names
(``SCHEMAS``) without loading the importers, the plan's modules or the tax engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trimtab.report.json.drift import drift_schema
from trimtab.report.json.problems import problems_schema
from trimtab.report.json.schema_parts import (
    PROBLEM,
)
from trimtab.report.json.securities import securities_schema
from trimtab.report.json.state import state_schema


def _household_schema() -> dict[str, Any]:
    from trimtab.load.document import HouseholdDocument

    schema = HouseholdDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "trimtab.household/1"
    return schema


def _settings_schema() -> dict[str, Any]:
    from trimtab.load.document import SettingsFileDoc

    schema = SettingsFileDoc.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "trimtab.settings/1"
    return schema


def _trades_schema() -> dict[str, Any]:
    from trimtab.load.trades_document import TRADES_FORMAT, TradesDocument

    schema = TradesDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = TRADES_FORMAT
    return schema


def _plan_schema() -> dict[str, Any]:
    from trimtab.report.json.plan import plan_schema

    return plan_schema()


def _account_map_schema() -> dict[str, Any]:
    from trimtab.importers import account_map_schema

    return account_map_schema()


def _import_schema() -> dict[str, Any]:
    from trimtab.report.json.imports import import_schema

    return import_schema()


def _location_schema() -> dict[str, Any]:
    from trimtab.report.json.location import location_schema

    return location_schema()


def _book_schema() -> dict[str, Any]:
    from trimtab.report.json.book import book_schema

    return book_schema(PROBLEM)


def _journal_schema() -> dict[str, Any]:
    from trimtab.report.json.journal_schema import journal_schema

    return journal_schema()


def _check_schema() -> dict[str, Any]:
    from trimtab.report.json.check import check_schema

    return check_schema()


def _tax_schema() -> dict[str, Any]:
    from trimtab.report.json.tax import tax_schema

    return tax_schema()


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "household": _household_schema,
    "problems": problems_schema,
    "settings": _settings_schema,
    "state": state_schema,
    "drift": drift_schema,
    "securities": securities_schema,
    "trades": _trades_schema,
    "check": _check_schema,
    "tax": _tax_schema,
    "plan": _plan_schema,
    "account-map": _account_map_schema,
    "import": _import_schema,
    "location": _location_schema,
    "book": _book_schema,
    "journal": _journal_schema,
}
