"""Pieces shared by the JSON Schemas of trimtab's documents."""

from __future__ import annotations

from typing import Any

from trimtab.model.enums import AssetClass

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "dollars, cents"}
MONEY_OR_NULL = {"anyOf": [MONEY, {"type": "null"}]}
SHARES = {"type": "string", "pattern": r"^-?\d+\.\d{6}$", "description": "shares, 6 places"}
PERCENT = {"type": "string", "pattern": r"^-?\d+\.\d{4}$", "description": "percent points"}
DATE = {"type": "string", "format": "date"}
ASSET_CLASS = {"enum": [c.value for c in AssetClass]}


def closed_object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    """A closed JSON object whose every property is required."""
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


def document_schema(name: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """The schema of a versioned document: a closed object with `format` first."""
    schema = closed_object({"format": {"const": name}, **properties}, description)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = name
    return schema


PROBLEM = {
    "type": "object",
    "required": ["file", "line", "column", "field", "kind", "message", "expected", "severity"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string", "description": "the input file"},
        "line": {"type": "integer", "minimum": 0, "description": "1-based line, 0 if unknown"},
        "column": {"type": "integer", "minimum": 0, "description": "1-based column"},
        "field": {"type": "string", "description": "dotted field path, e.g. accounts[0].cash"},
        "kind": {"type": "string", "description": "stable machine-readable problem kind"},
        "message": {"type": "string"},
        "expected": {"type": "string", "description": "what was expected ('' if nothing)"},
        "severity": {"enum": ["error", "warning"]},
    },
}
PROBLEMS = {"type": "array", "items": PROBLEM}
