"""Write plain household data as YAML text in the household file's own style.

The style of examples/household.yaml: accounts as block mappings, a holding without lots and
every lot and transaction as a one-line flow mapping (``- {symbol: BND, quantity: 1000}``),
account numbers quoted, decimals exactly as exported (``2176.80`` stays ``2176.80``), dates
``YYYY-MM-DD``. Text that YAML could read as something else (``yes``, ``1e3``, ``#``) is
double-quoted. The output is deterministic: the same data gives the same bytes, which makes a
second import of the same files byte-identical.

A record the file already had is not re-written: ``verbatim`` returns its old text (moved to the
new indentation), so hand-written comments and number spellings survive.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Verbatim = Callable[[object, int], str | None]
"""(an old record, the column of its dash) -> its old text moved there, or None."""

Writer = Callable[[Any, int, str, Verbatim], str]
"""Writes one new sequence item at a dash column."""

PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-/]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RESERVED = frozenset(
    {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "nan", "inf", ".nan", ".inf"}
)
QUOTED_KEYS = frozenset({"number", "account_number", "name", "match"})


def scalar(value: Any, key: str = "") -> str:
    """One value as YAML text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, int | float):
        return _decimal(Decimal(str(value)))
    return _text(str(value), quote=key in QUOTED_KEYS)


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if text in {"-0", "-0.0"} else text


def _text(text: str, *, quote: bool) -> str:
    if not quote and DATE.match(text):
        return text
    if not quote and PLAIN.match(text) and text.lower() not in RESERVED:
        return text
    return _UNPRINTABLE.sub(_escaped, json.dumps(text, ensure_ascii=False))


_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters JSON leaves raw that a YAML file may not hold raw (DEL, the C1 controls, the
byte-order mark, U+FFFE/FFFF) or reads as a line break (NEL, LS, PS): written as ``\\uXXXX``,
which a double-quoted YAML scalar reads back as the same character."""


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def flow(record: Mapping[str, Any]) -> str:
    """A one-line flow mapping: ``{symbol: BND, quantity: 1000}``."""
    parts = [f"{_key(k)}: {_flow_value(v, k)}" for k, v in record.items()]
    return "{" + ", ".join(parts) + "}"


def _flow_value(value: Any, key: str) -> str:
    if isinstance(value, Mapping):
        return flow(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow_value(v, key) for v in value) + "]"
    return scalar(value, key)


def _key(key: str) -> str:
    return _text(str(key), quote=False)


def item(record: Mapping[str, Any], indent: int, nl: str) -> str:
    """A sequence item written on one line: ``- {…}``."""
    return f"{' ' * indent}- {flow(record)}{nl}"


def items(records: list[Any], indent: int, nl: str, verbatim: Verbatim, write: Writer) -> str:
    """Sequence items: each one's old text when it has one, else ``write`` writes it."""
    out: list[str] = []
    for record in records:
        old = verbatim(record, indent)
        out.append(old if old is not None else write(record, indent, nl, verbatim))
    return "".join(out)


def lot_item(record: Any, indent: int, nl: str, verbatim: Verbatim) -> str:
    """A lot or a transaction: one flow line."""
    return item(record if isinstance(record, Mapping) else {}, indent, nl)


def holding_item(record: Any, indent: int, nl: str, verbatim: Verbatim) -> str:
    """A holding: one flow line, or ``- symbol: X`` with its lots below when it has lots."""
    if not isinstance(record, Mapping):
        return item({}, indent, nl)
    lots = record.get("lots")
    if not lots:
        return item(record, indent, nl)
    pad = " " * (indent + 2)
    head = [f"{' ' * indent}- symbol: {scalar(record.get('symbol'))}{nl}"]
    for key, value in record.items():
        if key not in {"symbol", "lots"}:
            head.append(f"{pad}{_key(key)}: {_flow_value(value, key)}{nl}")
    head.append(f"{pad}lots:{nl}")
    return "".join(head) + items(list(lots), indent + 4, nl, verbatim, lot_item)


def account_item(record: Mapping[str, Any], indent: int, nl: str, verbatim: Verbatim) -> str:
    """A new account as a block mapping; its holdings as :func:`holding_item` writes them."""
    pad = " " * (indent + 2)
    lines: list[str] = []
    for key, value in record.items():
        if key == "holdings":
            continue
        lead = f"{' ' * indent}- " if not lines else pad
        lines.append(f"{lead}{_key(key)}: {_flow_value(value, key)}{nl}")
    holdings = record.get("holdings")
    if holdings:
        lines.append(f"{pad}holdings:{nl}")
        lines.append(items(list(holdings), indent + 4, nl, verbatim, holding_item))
    return "".join(lines)


def mapping_entry(key: str, value: Any, indent: int, nl: str) -> str:
    """``key: value`` on its own line."""
    return f"{' ' * indent}{_key(key)}: {_flow_value(value, key)}{nl}"
