"""The bytes of a versioned JSON document: :func:`render_json` writes what ``--json`` prints
and every output file holds (UTF-8, two-space indent, a newline at the end).
"""

from __future__ import annotations

import json
import re
from typing import Any


def render_json(document: dict[str, Any]) -> bytes:
    """A document as UTF-8 JSON bytes, indented, with a final newline. JSON escapes the C0
    controls itself; DEL and the C1 controls are written ``\\u007f``..``\\u009f`` too (the
    same strings), so no terminal control character reaches a terminal the JSON is shown on."""
    text = indented_json(document)
    if _JSON_CONTROLS.search(text) is not None:  # rare: a scan costs little beside a copy
        text = _JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return (text + "\n").encode("utf-8")


_JSON_CONTROLS = re.compile("[\x7f-\x9f]")


def indented_json(document: Any) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False)``, the same text, faster.

    The standard library writes indented JSON with its pure-Python encoder, a generator per
    nested object; this writes the same text into one list. A value of any other type (or a
    key that is not a string, a number, a bool or None) goes to ``json.dumps``, which gives the
    same text or the same error.
    """
    out: list[str] = []
    try:
        _put(document, out, "\n")
    except _Unusual:
        return json.dumps(document, indent=2, ensure_ascii=False)
    return "".join(out)


class _Unusual(Exception):
    """A value the fast writer leaves to ``json.dumps``."""


_quote = json.encoder.encode_basestring  # ensure_ascii=False: the characters kept


def _put(value: Any, out: list[str], newline: str) -> None:
    """Append ``value``'s JSON; ``newline``: a line break and the indent of its level."""
    if isinstance(value, str):
        out.append(_quote(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, list | tuple):
        _put_list(value, out, newline)
    elif isinstance(value, dict):
        _put_dict(value, out, newline)
    else:
        raise _Unusual


def _put_list(values: list[Any] | tuple[Any, ...], out: list[str], newline: str) -> None:
    if not values:
        out.append("[]")
        return
    inner = newline + "  "
    separator = "[" + inner
    for value in values:
        out.append(separator)
        separator = "," + inner
        _put(value, out, inner)
    out.append(newline + "]")


def _put_dict(values: dict[Any, Any], out: list[str], newline: str) -> None:
    if not values:
        out.append("{}")
        return
    inner = newline + "  "
    separator = "{" + inner
    for key, value in values.items():
        head = separator + _quote(key if isinstance(key, str) else _key(key)) + ": "
        separator = "," + inner
        if isinstance(value, str):  # most values: one piece, no call
            out.append(head + _quote(value))
        else:
            out.append(head)
            _put(value, out, inner)
    out.append(newline + "}")


def _key(key: Any) -> str:
    """A key that is not a string, as ``json.dumps`` writes it (before quoting)."""
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise _Unusual


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)
