"""Translate pydantic's validation errors into Problems that name file, line and field.

pydantic's own wording ("Input should be a valid decimal", "Value error, …") never reaches
the user: each error type has a message in trimtab's words, a close miss of a field name or
of a closed-set value gets a did-you-mean (``tarket`` -> ``target``, ``us_large_caps`` ->
``us_large_cap``), and a number written the way people write money (``12,500``,
``$331.40``, ``5%``) gets a hint how to write it.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from trimtab.errors import Problem
from trimtab.load.tree import PathKey, Tree, field_name

# pydantic error type -> (problem kind, what was expected when pydantic gives no context)
_KINDS: dict[str, tuple[str, str]] = {
    "missing": ("missing_field", ""),
    "extra_forbidden": ("unknown_field", ""),
    "enum": ("unknown_value", ""),
    "literal_error": ("unknown_value", ""),
    "greater_than": ("not_positive", "a number greater than 0"),
    "greater_than_equal": ("negative", "a number ≥ 0"),
    "less_than_equal": ("out_of_range", ""),
    "less_than": ("out_of_range", ""),
    "decimal_parsing": ("not_a_number", "a number"),
    "decimal_type": ("not_a_number", "a number"),
    "finite_number": ("not_a_number", "a finite number"),
    "int_parsing": ("not_an_integer", "a whole number"),
    "int_type": ("not_an_integer", "a whole number"),
    "int_from_float": ("not_an_integer", "a whole number"),
    "date_from_datetime_parsing": ("not_a_date", "a date YYYY-MM-DD"),
    "date_from_datetime_inexact": ("not_a_date", "a date YYYY-MM-DD"),
    "date_parsing": ("not_a_date", "a date YYYY-MM-DD"),
    "date_type": ("not_a_date", "a date YYYY-MM-DD"),
    "bool_parsing": ("not_a_switch", "true/false or on/off"),
    "bool_type": ("not_a_switch", "true/false or on/off"),
    "list_type": ("not_a_list", "a list (lines starting with `- `)"),
    "dict_type": ("not_a_mapping", "a mapping of keys to values"),
    "model_type": ("not_a_mapping", "a mapping of keys to values"),
    "model_attributes_type": ("not_a_mapping", "a mapping of keys to values"),
    "string_type": ("not_text", "text"),
    "string_pattern_mismatch": ("bad_symbol", "a ticker symbol (letters, digits, . - /)"),
    "too_short": ("empty", "at least one entry"),
    "string_too_short": ("empty", "a non-empty value"),
    "value_error": ("invalid", ""),
    "assertion_error": ("invalid", ""),
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

# What an unknown value of each kind is called in a message.
_VALUE_NOUNS = {
    "unknown_asset_class": "asset class",
    "unknown_account_type": "account type",
    "unknown_filing_status": "filing status",
    "unknown_relief_method": "relief method",
}

_RATE_HINT = "; rates are fractions: 0.042 = 4.2 %"

# How close a miss must be for a did-you-mean (difflib's ratio: 2 * matches / total length).
_CLOSE = 0.65


def problems_from_validation(
    tree: Tree,
    error: ValidationError,
    root: PathKey = (),
    *,
    model: type[BaseModel] | None = None,
) -> tuple[Problem, ...]:
    """One Problem per pydantic error, placed at the deepest node that exists in the file.

    ``model``: the document class validated (found by the error's title among the load
    package's documents when not given); it names the fields a misspelt key may have meant.
    """
    model = model or _document_class(error.title)
    seen: set[tuple[str, str]] = set()
    out: list[Problem] = []
    for item in error.errors(include_url=False):
        problem = _problem(tree, item, root, model)
        key = (problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return tuple(out)


def _problem(tree: Tree, item: Any, root: PathKey, model: type[BaseModel] | None) -> Problem:
    path = (*root, *_data_path(tree.data, tuple(item["loc"]), root))
    kind, expected = _KINDS.get(item["type"], ("invalid", ""))
    kind = _refine_kind(kind, path, item["type"])
    message, expected = _words(item, path, kind, expected, model)
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


def _words(
    item: Any, path: PathKey, kind: str, expected: str, model: type[BaseModel] | None
) -> tuple[str, str]:
    """(message, expected) in trimtab's words for one pydantic error."""
    error_type = str(item["type"])
    ctx = item.get("ctx") or {}
    value = item.get("input")
    name = str(path[-1]) if path else str(item["loc"][-1]) if item["loc"] else "(document)"
    if error_type == "extra_forbidden":
        return _unknown_field(name, item["loc"], model)
    if error_type == "missing":
        return f"`{name}` is required and missing", ""
    if error_type in {"enum", "literal_error"}:
        return _unknown_value(value, kind, name, str(ctx.get("expected", "")))
    if error_type in {"value_error", "assertion_error"}:
        text = str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return text, expected
    if error_type == "less_than_equal":
        expected = f"a number ≤ {ctx.get('le')}" + _RATE_HINT * (ctx.get("le") == 1)
    elif error_type == "less_than":
        expected = f"a number < {ctx.get('lt')}" + _RATE_HINT * (ctx.get("lt") == 1)
    words = _SCALAR_WORDS.get(error_type)
    if words is not None:
        return words(value, ctx), expected
    return _fallback(str(item["msg"])), expected


def _unknown_field(
    name: str, loc: tuple[Any, ...], model: type[BaseModel] | None
) -> tuple[str, str]:
    fields = _fields_at(model, tuple(loc[:-1])) if model is not None else ()
    message = f"unknown field `{name}`" + _did_you_mean(name, fields)
    expected = "one of " + ", ".join(fields) if fields else "one of the documented fields"
    return message, expected


def _unknown_value(value: Any, kind: str, name: str, choices_text: str) -> tuple[str, str]:
    choices = tuple(re.findall(r"'([^']*)'", choices_text))
    noun = _VALUE_NOUNS.get(kind) or (name.replace("_", " ") if name.islower() else "value")
    text = str(value)
    message = f"`{text}` is not a known {noun}" + _did_you_mean(text, choices)
    expected = "one of " + ", ".join(choices) if choices else ""
    return message, expected


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    """``; did you mean `x`?`` for the closest choice, or '' when none is close."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=_CLOSE)
    return f"; did you mean `{lowered[close[0]]}`?" if close else ""


def _not_a_number(value: Any, ctx: Any) -> str:
    text = str(value).strip()
    message = f"`{text}` is not a number"
    bare = text.replace(",", "").replace("$", "").replace("%", "").replace("_", "").strip()
    if not _is_decimal(bare) or bare == text:
        return message
    if "%" in text:
        return message + (
            f"; write it without `%`: rates are fractions ({_fraction(bare)} for {text}),"
            f" targets and bands are percent points ({bare})"
        )
    marks = " or ".join(f"`{m}`" for m in ("$", ",") if m in text)
    return message + f"; write it as {bare}, without {marks}" if marks else message


def _fraction(percent: str) -> str:
    """``5`` -> ``0.05``."""
    return format(Decimal(percent).scaleb(-2).normalize(), "f")


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return bool(text) and text.lstrip("+-").replace(".", "", 1).isdigit()


def _not_a_date(value: Any, ctx: Any) -> str:
    text = str(value)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", text.strip()):
        return f"`{text}` is not a date in the form YYYY-MM-DD (write 2026-03-02, not 03/02/2026)"
    return f"`{text}` is not a date"


_SCALAR_WORDS: dict[str, typing.Callable[[Any, Any], str]] = {
    "decimal_parsing": _not_a_number,
    "decimal_type": _not_a_number,
    "finite_number": lambda v, c: f"`{v}` is not a finite number",
    "int_parsing": lambda v, c: f"`{v}` is not a whole number",
    "int_type": lambda v, c: f"`{v}` is not a whole number",
    "int_from_float": lambda v, c: f"`{v}` is not a whole number",
    "greater_than": lambda v, c: f"must be greater than {c.get('gt')}, not {v}",
    "greater_than_equal": lambda v, c: (
        f"must not be negative ({v})" if c.get("ge") == 0 else f"must be at least {c.get('ge')}"
    ),
    "less_than_equal": lambda v, c: f"must be at most {c.get('le')}, not {v}",
    "less_than": lambda v, c: f"must be less than {c.get('lt')}, not {v}",
    "date_from_datetime_parsing": _not_a_date,
    "date_from_datetime_inexact": lambda v, c: f"`{v}` is a time of day, not a date",
    "date_parsing": _not_a_date,
    "date_type": _not_a_date,
    "bool_parsing": lambda v, c: f"`{v}` is not a switch",
    "bool_type": lambda v, c: f"`{v}` is not a switch",
    "list_type": lambda v, c: "should be a list",
    "dict_type": lambda v, c: "should be a mapping of keys to values",
    "model_type": lambda v, c: "should be a mapping of keys to values",
    "model_attributes_type": lambda v, c: "should be a mapping of keys to values",
    "string_type": lambda v, c: "should be text",
    "string_pattern_mismatch": lambda v, c: f"`{v}` is not a ticker symbol",
    "too_short": lambda v, c: "must not be empty",
    "string_too_short": lambda v, c: "must not be empty",
}


def _fallback(text: str) -> str:
    """An error type with no words of its own: pydantic's sentence, without its phrasing."""
    text = text.removeprefix("Value error, ")
    for lead, words in (("Input should be ", "should be "), ("Input ", "the value ")):
        if text.startswith(lead):
            return words + text.removeprefix(lead)
    return text


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The field names of the model reached by walking ``loc`` from ``model`` (() if none)."""
    node: Any = model
    for part in loc:
        node = _step(node, part)
        if node is None:
            return ()
    node = _model_in(node)
    if node is None:
        return ()
    return tuple(f.alias or name for name, f in node.model_fields.items())


def _step(node: Any, part: Any) -> Any:
    """The annotation one ``loc`` part below ``node``: a field, a list item or a dict value."""
    inner = _model_in(node)
    if inner is not None and isinstance(part, str):
        field = inner.model_fields.get(part)
        return field.annotation if field is not None else None
    args = _branches(node)
    for arg in args:
        origin = typing.get_origin(arg)
        if origin is list and isinstance(part, int):
            return typing.get_args(arg)[0]
        if origin is dict:
            return typing.get_args(arg)[1]
    return None


def _model_in(node: Any) -> type[BaseModel] | None:
    for arg in _branches(node):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _branches(node: Any) -> tuple[Any, ...]:
    """The types an annotation may be: the arms of a union, Annotated unwrapped."""
    origin = typing.get_origin(node)
    if origin is typing.Annotated:
        return _branches(typing.get_args(node)[0])
    if origin is typing.Union or origin is types.UnionType:
        return tuple(b for arg in typing.get_args(node) for b in _branches(arg))
    return (node,)


def _document_class(title: str) -> type[BaseModel] | None:
    """The load package's document class of that name (a ValidationError's title)."""
    from trimtab.load import document, trades_document

    for module in (document, trades_document):
        found = getattr(module, title, None)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return None
