"""Read a YAML file into plain Python data and remember where each node stood.

libyaml, PyYAML's C parser, turns the file into events that know their line and column; we
read them once, building plain dicts, lists, Decimals, dates-as-text and strings, and a map
from each node's path (``("accounts", 0, "cash")``) to its 1-based line and column (a key's
own position for a mapping entry, the item's for a list entry).

Plain scalars are read by the YAML 1.2 core schema, as ruamel.yaml reads them: ``true`` and
``false`` in three casings are booleans, ``on``/``yes``/``no`` stay text, ``~``/``null`` and
nothing are None, integers may be ``0x``/``0o``/``0b`` or have ``_`` between digits (a leading
zero is still decimal: ``017`` is 17). Floats become the Decimal their text says, never through
binary (``0.1`` is ``Decimal('0.1')``, ``1234567890.123456789`` keeps every digit), written as
the float's shortest repr when that is the same number (``1e3`` is ``1000.0``). Dates stay text,
so that a bad date is a field problem with its line, not a crash. Quoted and block scalars are
text.

Anything outside that plain subset goes to the round-trip reader
(:mod:`trimtab.load.roundtrip`, ruamel.yaml), which defines what it means and words its
error, as it always has: a syntax error, a repeated key, a tag, an anchor or alias, a merge
key (``<<``), a directive (``%YAML``), a key that is not text, more than one document, a
number Python cannot convert, nesting deeper than ``MAX_DEPTH``, and text that libyaml reads
otherwise than ruamel.yaml (tabs, the Unicode line breaks NEL/LS/PS, a byte-order mark past
the start, a comment glued to a block scalar's indicator). Both readers give the same tree
and the same problems; tests/load/test_tree.py holds them to it. The round-trip reader refuses,
with their place, the hostile ones: deep nesting, an alias bomb, a tag, a lone surrogate.

A file larger than ``MAX_FILE_BYTES`` is not read at all (a located ``file_too_large``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from yaml import YAMLError  # type: ignore[import-untyped, unused-ignore]
from yaml.events import (  # type: ignore[import-untyped, unused-ignore]
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from trimtab.errors import Problem
from trimtab.source import Source

try:
    from yaml.cyaml import CParser as _LibyamlParser  # type: ignore[import-untyped, unused-ignore]
except ImportError:  # pragma: no cover - PyYAML built without libyaml: all goes the slow road
    _LibyamlParser = object

HAS_LIBYAML = _LibyamlParser is not object
"""False when PyYAML came without libyaml: then the round-trip reader reads every file."""

PathKey = tuple[str | int, ...]
Positions = dict[PathKey, tuple[int, int]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tree:
    """A parsed YAML document.

    file: the path as given.
    data: plain data (dict/list/str/int/Decimal/bool/None; dates as text).
    positions: node path -> (line, column), both 1-based.
    """

    file: str
    data: Any
    positions: Mapping[PathKey, tuple[int, int]]

    def source(self, path: PathKey) -> Source:
        """The Source of the deepest known node on ``path``."""
        pos = self.positions.get(path)
        if pos is not None:  # the common case: the node itself is in the file
            return Source(file=self.file, line=pos[0], column=pos[1], field=field_name(path))
        for end in range(len(path) - 1, -1, -1):
            pos = self.positions.get(path[:end])
            if pos is not None:
                return Source(file=self.file, line=pos[0], column=pos[1], field=field_name(path))
        return Source(file=self.file, line=1, column=1, field=field_name(path))


def field_name(path: PathKey) -> str:
    """``("accounts", 0, "cash")`` -> ``accounts[0].cash``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest file read (50 MB; the example household is 12 kB, a thousand lots ~100 kB)."""


def read_tree(path: str | Path) -> Tree | Problem:
    """Parse a YAML file; a Problem (never an exception) when it cannot be read or parsed."""
    name = str(path)
    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            return too_large(name)
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return file_problem(name, "file_not_found", "no such file", "an existing YAML file")
    except OSError as exc:
        return file_problem(name, "file_unreadable", f"cannot read the file: {exc}", "")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # located: line and column of the first bad byte
        from trimtab.load.characters import not_utf8_problem

        return not_utf8_problem(name, data, exc)
    return parse_tree(text, name)


def parse_tree(text: str, name: str) -> Tree | Problem:
    """Parse YAML text that came from the file ``name``."""
    if len(text) > MAX_FILE_BYTES:
        return too_large(name)
    try:
        tree = parse_plain(text, name)
    except TooManyNodes:
        return too_many(name)
    if tree is None:
        from trimtab.load.roundtrip import parse_roundtrip

        return parse_roundtrip(text, name)
    return tree


def parse_plain(text: str, name: str) -> Tree | None:
    """The tree of ``text`` read with libyaml; None when it is not plain YAML (see the module).

    Raises TooManyNodes past ``MAX_NODES`` values (as soon as it passes them).
    """
    if not HAS_LIBYAML or _read_otherwise(text):
        return None
    try:
        data, positions = _read(text)
    except (YAMLError, _NotPlain, ValueError, UnicodeError):
        return None
    return Tree(file=name, data=data, positions=positions)


def file_problem(name: str, kind: str, message: str, expected: str) -> Problem:
    """A problem with the whole file (it cannot be read or parsed): line and column 0."""
    return Problem(
        source=Source(file=name, line=0, column=0),
        field="(document)",
        kind=kind,
        message=message,
        expected=expected,
    )


def too_large(name: str) -> Problem:
    """The file is larger than ``MAX_FILE_BYTES``."""
    return file_problem(
        name,
        "file_too_large",
        f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; trimtab reads YAML files "
        f"of up to {MAX_FILE_BYTES // (1024 * 1024)} MB (docs/household-format.md, Limits)",
        f"a file of at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
    )


MAX_NODES = 1_500_000
"""The most values (keys, items, scalars) a file may hold: a file of 50 MB of one-character
items would otherwise take gigabytes of memory (the example holds about 1,500, the large
benchmark household about 102,000; a household at the limits of :mod:`trimtab.load.limits`,
200,000 lots, about 1,020,000)."""


class TooManyNodes(Exception):
    """The document holds more than ``MAX_NODES`` values."""


def too_many(name: str) -> Problem:
    """The file holds more than ``MAX_NODES`` values."""
    return file_problem(
        name,
        "file_too_large",
        f"the file holds more than {MAX_NODES:,} values",
        f"a file of at most {MAX_NODES:,} values",
    )


def plain_float(value: float) -> Decimal:
    """A YAML float as a Decimal through its shortest repr (``0.1`` -> ``Decimal('0.1')``)."""
    return Decimal(repr(value))


# --- libyaml's events -> plain data ------------------------------------------------------

# Read by the round-trip reader, because libyaml reads them otherwise than ruamel.yaml: a tab,
# the Unicode line breaks NEL, LS and PS, a byte-order mark past the start of the text, and a
# comment right after a block scalar's indicator (`>#`).
_ODD_CHARACTERS = ("\t", "\x85", "\u2028", "\u2029")
_COMMENTED_BLOCK = (re.compile(r"\|[-+0-9]*#"), re.compile(r">[-+0-9]*#"))


def _read_otherwise(text: str) -> bool:
    """True when libyaml would read ``text`` otherwise than ruamel.yaml (see above)."""
    return (
        any(odd in text for odd in _ODD_CHARACTERS)
        or text.find("\ufeff", 1) >= 0
        or any(pattern.search(text) for pattern in _COMMENTED_BLOCK)
    )


MAX_DEPTH = 64
"""Deeper nesting than this is a problem, worded by the round-trip reader (a household file
needs 7)."""

_SPECIAL_KEYS = frozenset({"<<", "="})
"""Plain keys with a meaning of their own in ruamel.yaml (merge, value)."""


class _NotPlain(Exception):
    """The document needs the round-trip reader."""


def _read(text: str) -> tuple[Any, Positions]:
    """The document of ``text`` (None when it has none) and its positions, from libyaml."""
    events = _LibyamlParser(text)
    events.get_event()  # the stream's start
    start = events.get_event()
    if isinstance(start, StreamEndEvent):
        return None, {(): (1, 1)}
    if start.version is not None or start.tags:
        raise _NotPlain  # a %YAML or %TAG directive
    positions: Positions = {(): (1, 1)}
    data = _document(events.get_event, text, positions)
    if not isinstance(events.get_event(), StreamEndEvent):
        raise _NotPlain  # a second document: the round-trip reader words the error
    return data, positions


def _document(next_event: Callable[[], Any], text: str, positions: Positions) -> Any:
    """A document's data from its events, in one pass without recursion.

    ``into`` is the innermost mapping or list being filled and ``path`` its path; ``outer``
    holds the ones around it. ``key`` is the key of ``into`` awaiting its value (None when a
    key comes next). A node's position is its start: a key's own for a mapping entry, the
    item's for a list entry. Anything outside the plain subset raises _NotPlain, and so does
    a one-pair mapping written without braces in a flow list (``["a":1]``: ruamel.yaml
    refuses some of those that libyaml takes), a flow mapping whose start in ``text`` (libyaml
    counts characters, not the byte-order mark) is not a brace.
    """
    root: Any = None
    into: Any = None
    path: PathKey = ()
    key: str | None = None
    outer: list[tuple[Any, PathKey]] = []
    braces = text[1:] if text.startswith("\ufeff") else text
    scalar_event, read_scalar = ScalarEvent, plain_scalar  # locals: this loop is the hot path
    # each plain scalar's value, by its text: a household repeats most of them (keys, symbols,
    # dates, small quantities), and every value is immutable (str, int, Decimal, bool, None)
    known: dict[str, Any] = {}
    while True:
        event = next_event()
        kind = event.__class__
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise _NotPlain
            plain = event.implicit[0]
            if plain:
                value = known.get(event.value, known)
                if value is known:
                    value = known[event.value] = read_scalar(event.value)
            else:
                value = event.value
            if key is not None:  # a mapping's value
                into[key] = value
                key = None
            elif into.__class__ is dict:  # a mapping's key
                if len(positions) > MAX_NODES:
                    raise TooManyNodes
                key = _key(value, plain, into)
                mark = event.start_mark
                positions[(*path, key)] = (mark.line + 1, mark.column + 1)
            elif into is None:  # the whole document is one scalar
                root = value
            else:  # a list's item
                if len(positions) > MAX_NODES:
                    raise TooManyNodes
                mark = event.start_mark
                positions[(*path, len(into))] = (mark.line + 1, mark.column + 1)
                into.append(value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(outer) >= MAX_DEPTH:
                raise _NotPlain
            value = {} if kind is MappingStartEvent else []
            flow_mapping = event.flow_style and kind is MappingStartEvent
            if flow_mapping and braces[event.start_mark.index] != "{":
                raise _NotPlain  # a pair without braces
            if key is not None:
                into[key] = value
                child = (*path, key)
                key = None
            elif into.__class__ is list:
                child = (*path, len(into))
                mark = event.start_mark
                positions[child] = (mark.line + 1, mark.column + 1)
                into.append(value)
            elif into is None:
                root, child = value, ()
            else:
                raise _NotPlain  # a mapping or list as a key
            outer.append((into, path))
            into, path = value, child
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            into, path = outer.pop()
        elif kind is DocumentEndEvent:
            return root
        else:
            raise _NotPlain  # an alias


def _key(value: Any, plain: bool, mapping: dict[str, Any]) -> str:
    """A mapping key: text, not a merge or value key, not seen before in the mapping."""
    if not isinstance(value, str) or (plain and value in _SPECIAL_KEYS) or value in mapping:
        raise _NotPlain
    return value


# --- plain scalars, YAML 1.2 core schema ---------------------------------------------

_CONSTANTS: dict[str, bool | None] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NUMBER_START = frozenset("-+0123456789.")
_NUMBER = re.compile(
    r"""
    (?P<float>
        [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
      | [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
      | [-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
      | [-+]?\.(?:inf|Inf|INF)
      | \.(?:nan|NaN|NAN)
    )
    | (?P<int>
        [-+]?0b[01_]+
      | [-+]?0o?[0-7_]+
      | [-+]?[0-9_]+
      | [-+]?0x[0-9a-fA-F_]+
    )
    """,
    re.VERBOSE,
)
_INT_BASES = {"0b": 2, "0o": 8, "0x": 16}
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


def plain_scalar(text: str) -> Any:
    """The value of an untagged plain scalar: None, bool, int, Decimal or the text itself.

    Raises ValueError for a number Python cannot convert (``._``, 5,000 digits).
    """
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if text[0] not in _NUMBER_START:
        return text
    if text.isdigit() and text.isascii():
        return int(text)  # the common case, first
    number = _NUMBER.fullmatch(text)
    if number is None:
        return text
    if number.lastgroup == "int":
        return _int(text)
    if _DECIMAL.fullmatch(text):
        return _decimal(text)
    return _float(text)


def _decimal(text: str) -> Decimal:
    """``-?digits.digits``: the number it says, without leading zeros and without trailing zeros
    past the first fraction digit (``1500.50`` is ``Decimal('1500.5')``, ``282.00`` is
    ``Decimal('282.0')``, as the float's shortest repr writes them), every digit kept
    (``1234567890.123456789`` stays that, where a float holds ``1234567890.1234567``)."""
    whole, fraction = text.split(".")
    sign = "-" if whole[0] == "-" else ""
    whole = whole.lstrip("-").lstrip("0")
    fraction = fraction.rstrip("0")
    return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")


def _int(text: str) -> int:
    digits = text.replace("_", "")
    negative = digits[0] == "-"
    if digits[0] in "+-":
        digits = digits[1:]
    base = _INT_BASES.get(digits[:2], 10)
    value = int(digits[2:] if base != 10 else digits, base)
    return -value if negative else value


def _float(text: str) -> Decimal:
    """A YAML float (``1e3``, ``.5``, ``1_000.5``, ``-.inf``) as the number its text says: its
    float's shortest repr when that is the same number (``1e3`` is ``Decimal('1000.0')``), else
    the text's own digits (``1.0000000000000000001e3``), never the binary float's. A number too
    large for a float is infinite, as before."""
    digits = text.replace("_", "").lower()
    negative = digits[0] == "-"
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".nan":
        return Decimal("NaN")
    value = float("inf") if digits == ".inf" else float(digits)
    shortest = plain_float(-value if negative else value)
    if not shortest.is_finite():
        return shortest
    exact = Decimal(digits)
    exact = -exact if negative else exact
    return shortest if shortest == exact else exact


def exact_float(text: str) -> Decimal | None:
    """The Decimal of a YAML 1.2 float's text (the round-trip reader's floats); None when the
    text is not one (a ``!!float`` tag on other text: ruamel.yaml's own reading then decides)."""
    number = _NUMBER.fullmatch(text)
    if number is None or number.lastgroup != "float":
        return None
    return _decimal(text) if _DECIMAL.fullmatch(text) else _float(text)
