"""The ``trimtab.problems/1`` document (``trimtab validate --json``) and its schema, and the
problem object every document that carries warnings uses (:func:`problem_json`).
"""

from __future__ import annotations

from typing import Any

from trimtab.errors import Problem, Severity
from trimtab.report.json.schema_parts import (
    PROBLEM,
)

PROBLEMS_FORMAT = "trimtab.problems/1"


def problem_json(p: Problem) -> dict[str, Any]:
    """One problem as a JSON object."""
    return {
        "file": p.source.file,
        "line": p.source.line,
        "column": p.source.column,
        "field": p.field,
        "kind": p.kind,
        "message": p.message,
        "expected": p.expected,
        "severity": p.severity.value,
    }


def problems_document(file: str, problems: tuple[Problem, ...]) -> dict[str, Any]:
    """The ``trimtab.problems/1`` document of a validation run."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return {
        "format": PROBLEMS_FORMAT,
        "file": file,
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [problem_json(p) for p in problems],
    }


def problems_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "trimtab.problems/1",
        "description": "The result of validating an input file (trimtab validate --json).",
        "type": "object",
        "required": ["format", "file", "ok", "errors", "warnings", "problems"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "trimtab.problems/1"},
            "file": {"type": "string"},
            "ok": {"type": "boolean", "description": "true when there is no error"},
            "errors": {"type": "integer", "minimum": 0},
            "warnings": {"type": "integer", "minimum": 0},
            "problems": {"type": "array", "items": PROBLEM},
        },
    }
