"""Translate pydantic's validation errors into Problems that name file, line and field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from trimtab.errors import Problem
from trimtab.load.tree import PathKey, Tree, field_name

# pydantic error type -> (problem kind, what was expected when pydantic gives no context)
_KINDS: dict[str, tuple[str, str]] = {
    "missing": ("missing_field", "this field"),
    "extra_forbidden": ("unknown_field", "one of the documented fields"),
    "enum": ("unknown_value", ""),
    "literal_error": ("unknown_value", ""),
    "greater_than": ("not_positive", "a number greater than 0"),
    "greater_than_equal": ("negative", "a number ≥ 0"),
    "less_than_equal": ("out_of_range", ""),
    "less_than": ("out_of_range", ""),
    "decimal_parsing": ("not_a_number", "a number"),
    "decimal_type": ("not_a_number", "a number"),
    "int_parsing": ("not_an_integer", "a whole number"),
    "int_type": ("not_an_integer", "a whole number"),
    "date_from_datetime_parsing": ("not_a_date", "a date YYYY-MM-DD"),
    "date_parsing": ("not_a_date", "a date YYYY-MM-DD"),
    "date_type": ("not_a_date", "a date YYYY-MM-DD"),
    "bool_parsing": ("not_a_switch", "true/false or on/off"),
    "bool_type": ("not_a_switch", "true/false or on/off"),
    "list_type": ("not_a_list", "a list"),
    "dict_type": ("not_a_mapping", "a mapping of keys to values"),
    "model_type": ("not_a_mapping", "a mapping of keys to values"),
    "model_attributes_type": ("not_a_mapping", "a mapping of keys to values"),
    "string_type": ("not_text", "text"),
    "string_pattern_mismatch": ("bad_symbol", "a ticker symbol (letters, digits, . - /)"),
    "too_short": ("empty", "at least one entry"),
    "string_too_short": ("empty", "a non-empty value"),
    "value_error": ("invalid", ""),
}

# Where an unknown value is, what kind of problem it is.
_SECTION_KINDS = {
    "targets": "unknown_asset_class",
    "type": "unknown_account_type",
    "filing_status": "unknown_filing_status",
    "relief_method": "unknown_relief_method",
    "asset_class": "unknown_asset_class",
    "classes": "unknown_asset_class",
}


def problems_from_validation(
    tree: Tree, error: ValidationError, root: PathKey = ()
) -> tuple[Problem, ...]:
    """One Problem per pydantic error, placed at the deepest node that exists in the file."""
    seen: set[tuple[str, str]] = set()
    out: list[Problem] = []
    for item in error.errors(include_url=False):
        problem = _problem(tree, item, root)
        key = (problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return tuple(out)


def _problem(tree: Tree, item: Any, root: PathKey) -> Problem:
    path = (*root, *_data_path(tree.data, tuple(item["loc"]), root))
    kind, expected = _KINDS.get(item["type"], ("invalid", ""))
    kind = _refine_kind(kind, path, item["type"])
    ctx = item.get("ctx") or {}
    if "expected" in ctx:
        expected = str(ctx["expected"])
    elif item["type"] == "less_than_equal":
        expected = f"a number ≤ {ctx.get('le')}"
    elif item["type"] == "less_than":
        expected = f"a number < {ctx.get('lt')} (rates are fractions: 0.042 = 4.2 %)"
    message = _message(item, path)
    return Problem(
        source=tree.source(path),
        field=field_name(path) or "(document)",
        kind=kind,
        message=message,
        expected=expected,
    )


def _data_path(data: Any, loc: tuple[Any, ...], root: PathKey) -> PathKey:
    """The part of pydantic's ``loc`` that walks real nodes of the data (drops union tags)."""
    node: Any = data
    for part in root:
        node = _child(node, part)
    path: list[str | int] = []
    for part in loc:
        child = _child(node, part)
        if child is not _ABSENT:
            node = child
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part.islower():
            path.append(part)  # a missing or unknown key: name it, and stop walking
            node = None
        # anything else is a union branch tag such as 'function-after[...]' or '[key]'
    return tuple(path)


_ABSENT = object()


def _child(node: Any, part: Any) -> Any:
    """The child of a dict or list at ``part``, or _ABSENT."""
    if isinstance(node, dict) and isinstance(part, str) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT


def _refine_kind(kind: str, path: PathKey, error_type: str) -> str:
    if kind not in {"unknown_value", "unknown_field"}:
        return kind
    names = [p for p in path if isinstance(p, str)]
    if kind == "unknown_field" and "settings" in names[:1]:
        return "unknown_setting"
    if kind == "unknown_value":
        for name in reversed(names):
            if name in _SECTION_KINDS:
                return _SECTION_KINDS[name]
        if len(names) >= 2 and names[-2] in _SECTION_KINDS:
            return _SECTION_KINDS[names[-2]]
    return kind


def _message(item: Any, path: PathKey) -> str:
    if item["type"] == "extra_forbidden":
        return f"unknown field `{path[-1] if path else item['loc'][-1]}`"
    if item["type"] == "missing":
        return "missing"
    text = str(item["msg"])
    text = text.removeprefix("Value error, ")
    if "input" in item and item["type"] in {"enum", "literal_error"}:
        return f"`{item['input']}` is not allowed here"
    return text
