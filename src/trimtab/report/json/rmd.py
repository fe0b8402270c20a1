"""The ``rmd[]`` rows of the ``trimtab.tax/1`` document, and their JSON-schema fragment.

Money is a JSON string rounded half-up to cents here, and only here (the RMD itself is an
exact Decimal quotient, see :mod:`trimtab.tax.rmd`); dates are ISO 8601.
"""

from __future__ import annotations

from typing import Any

from trimtab.money import money_str
from trimtab.tax.rmd import RmdRow

_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "dollars, cents"}

RMD_ROW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "The required minimum distribution of one account for the tax year; a row for every "
        "account of a type that can owe one (required 0 when none is due)"
    ),
    "required": [
        "account",
        "owner",
        "required",
        "already_withdrawn",
        "remaining",
        "aggregated_with",
        "deadline",
    ],
    "additionalProperties": False,
    "properties": {
        "account": {"type": "string", "description": "the account id"},
        "owner": {"type": "string", "description": "the owner id ('' when none is named)"},
        "required": {
            **_MONEY,
            "description": "this account's own RMD: prior year-end value ÷ distribution period",
        },
        "already_withdrawn": {
            **_MONEY,
            "description": "distributions this year plus pending withdrawals and RMDs",
        },
        "remaining": {
            **_MONEY,
            "description": (
                "still to distribute from this account; for IRAs its share of the owner's "
                "aggregate remaining (own shortfall less other IRAs' surplus, in file order)"
            ),
        },
        "aggregated_with": {
            "type": "array",
            "items": {"type": "string"},
            "description": "the owner's other IRAs whose RMDs may be taken from this one",
        },
        "deadline": {
            "type": "string",
            "format": "date",
            "description": "1 April of the next year in the first RMD year, else 31 December",
        },
    },
}


def rmd_json(row: RmdRow) -> dict[str, Any]:
    """One RMD row as a JSON object (schema :data:`RMD_ROW_SCHEMA`)."""
    return {
        "account": row.account,
        "owner": row.owner,
        "required": money_str(row.required),
        "already_withdrawn": money_str(row.already_withdrawn),
        "remaining": money_str(row.remaining),
        "aggregated_with": list(row.aggregated_with),
        "deadline": row.deadline.isoformat(),
    }
