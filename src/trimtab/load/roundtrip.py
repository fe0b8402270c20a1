"""The round-trip reader: ruamel.yaml's pure-Python parser, for what the fast reader hands over.

:mod:`trimtab.load.tree` reads ordinary household files with libyaml. Every document outside
that plain subset (a syntax error, a duplicate key, a tag, an anchor or alias, a merge key, a
directive, a key that is not text) comes here, so that what those mean and how each syntax
error is worded stay exactly what they were: this reader defines them. It walks ruamel's tree
once into the same plain data and position map as the fast reader.

Before ruamel.yaml builds anything, :func:`hostile_problem` reads the document's events once
(ruamel's parser keeps a stack, it does not recurse) and refuses, with the place and the field,
what would hang, crash or construct something:

- nesting deeper than ``MAX_DEPTH`` levels (ruamel's composer recurses: 1,000 levels of ``[``
  end in a RecursionError);
- aliases that repeat more than ``MAX_ALIAS_NODES`` nodes in all (nine levels of nine aliases,
  the "billion laughs", would expand to 387 million);
- an explicit tag other than the core ones (``!!str``, ``!!map``, ``!!seq``, ``!!timestamp``,
  and ``!!int``, ``!!float``, ``!!bool``, ``!!null`` on a value of that type): nothing is ever
  constructed from a tag (``!!python/object/apply:…``);
- more than ``MAX_NODES`` values (a file-wide problem, as the fast reader words it);
- text that is not Unicode scalar values (a lone surrogate written as ``"\\ud800"``): no file
  or console could take it.

A merge key (``<<: *lot``) works: the merged keys stand where they stand in the merged mapping.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

from trimtab.errors import Problem
from trimtab.load.characters import control_problem
from trimtab.load.tree import (
    MAX_DEPTH,
    MAX_NODES,
    PathKey,
    Positions,
    Tree,
    exact_float,
    field_name,
    file_problem,
    plain_float,
    plain_scalar,
    too_many,
)
from trimtab.source import Source

MAX_ALIAS_NODES = 100_000
"""The most nodes the aliases of one document may repeat, all aliases together."""

MAX_ROUNDTRIP_NODES = 250_000
"""The most YAML events (keys, scalars, starts of mappings and lists) of a document this reader
reads. It is pure Python, some 35 microseconds an event to look for hostile ones and as much
again to build: 1,500,000 values (the fast reader's limit, a 3 MB flow list) took 86 s and
1.8 GB; the large benchmark household (bench/households.py, 20,000 lots) is 204,000 events and
reads in about 15 s; a file past the limit is refused after about 9 s."""


def _too_many_for_roundtrip(name: str, event: Any) -> Problem:
    mark = event.start_mark
    return Problem(
        source=Source(file=name, line=mark.line + 1, column=mark.column + 1),
        field="(document)",
        kind="file_too_large",
        message=(
            f"the file holds more than {MAX_ROUNDTRIP_NODES:,} values and YAML only the slower "
            "reader reads (a tab, an anchor or alias, a tag, a merge key, a directive); trimtab "
            f"reads such files up to {MAX_ROUNDTRIP_NODES:,} values (docs/household-format.md, "
            "Limits)"
        ),
        expected=(
            f"plain YAML without tabs, anchors or tags, or at most {MAX_ROUNDTRIP_NODES:,} values"
        ),
    )


_CORE = "tag:yaml.org,2002:"
_FREE_TAGS = frozenset(_CORE + t for t in ("str", "map", "seq", "timestamp"))
_TYPED_TAGS: dict[str, tuple[type, ...]] = {
    _CORE + "int": (int,),
    _CORE + "float": (int, Decimal),
    _CORE + "bool": (bool,),
    _CORE + "null": (type(None),),
}
_TAG_WORDS = {"int": "an integer", "float": "a number", "bool": "true or false", "null": "null"}


class _DatesAsText(RoundTripConstructor):
    """Leaves dates as text, so that a bad date is a field problem with its line, not a crash."""


def _exact_float(constructor: RoundTripConstructor, node: Any) -> Any:
    """A float as the Decimal its text says (:func:`trimtab.load.tree.exact_float`), as the
    libyaml reader reads it, not through a binary float; other text tagged ``!!float`` as
    ruamel.yaml reads it."""
    exact = exact_float(str(node.value))
    return exact if exact is not None else constructor.construct_yaml_float(node)


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _DatesAsText.construct_yaml_str)
_DatesAsText.add_constructor("tag:yaml.org,2002:float", _exact_float)


def parse_roundtrip(text: str, name: str) -> Tree | Problem:
    """Parse YAML text that came from the file ``name``, with ruamel.yaml."""
    hostile = hostile_problem(text, name)
    if hostile is not None:
        return hostile
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    try:
        with warnings.catch_warnings():  # a reused anchor is valid YAML: the later one counts
            warnings.simplefilter("ignore")
            root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = f"not valid YAML: {exc.problem or exc.context}"
        return Problem(
            source=Source(file=name, line=line, column=col),
            field="(document)",
            kind="yaml_syntax",
            message=message,
            expected="valid YAML",
        )
    except YAMLError as exc:  # a character YAML refuses (ReaderError) is located, not 0:0
        refused = control_problem(name, text)
        if refused is not None:
            return refused
        return file_problem(name, "yaml_syntax", f"not valid YAML: {exc}", "valid YAML")
    except (ValueError, IndexError, OverflowError) as exc:  # a scalar ruamel cannot convert
        return file_problem(name, "yaml_syntax", f"not valid YAML: {exc}", "valid YAML")
    positions: Positions = {(): (1, 1)}
    return Tree(file=name, data=_plain(root, (), positions), positions=positions)


def _plain(node: Any, path: PathKey, positions: Positions) -> Any:
    if isinstance(node, CommentedMap):
        return _plain_map(node, path, positions)
    if isinstance(node, CommentedSeq):
        return _plain_seq(node, path, positions)
    return _plain_scalar(node)


def _plain_map(node: CommentedMap, path: PathKey, positions: Positions) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        child = (*path, str(key))
        line, col = _key_position(node, key)
        positions[child] = (line + 1, col + 1)
        out[str(key)] = _plain(value, child, positions)
    return out


def _key_position(node: CommentedMap, key: Any) -> tuple[int, int]:
    """Where ``key`` stands (0-based): in the mapping, or in the mapping a merge key (``<<``)
    brought it from; the mapping's own start when neither says."""
    if key in node.lc.data:
        line, col = node.lc.key(key)
        return int(line), int(col)
    for merged in getattr(node, "merge", None) or ():
        source = merged[1] if isinstance(merged, tuple) else merged
        if isinstance(source, CommentedMap) and key in source:
            return _key_position(source, key)
    return int(node.lc.line or 0), int(node.lc.col or 0)


def _plain_seq(node: CommentedSeq, path: PathKey, positions: Positions) -> list[Any]:
    out: list[Any] = []
    for index, value in enumerate(node):
        child = (*path, index)
        line, col = node.lc.item(index)
        positions[child] = (line + 1, col + 1)
        out.append(_plain(value, child, positions))
    return out


def _plain_scalar(node: Any) -> Any:
    if isinstance(node, bool | Decimal) or node is None:
        return node
    if isinstance(node, float):
        return plain_float(float(node))
    if isinstance(node, int):
        return int(node)
    return str(node)


# --- what the round-trip reader refuses before it builds anything -------------------------


@dataclass(slots=True)
class _Frame:
    """A mapping or list being read: its path, anchor, node count and where the next node goes.

    key: the mapping's key awaiting its value (None when a key comes next); index: the next
    list index; root: the frame of the document itself (its one node has the path ``()``).
    """

    path: PathKey
    anchor: str | None
    mapping: bool
    nodes: int = 1
    key: str | None = None
    index: int = 0
    root: bool = False


def hostile_problem(text: str, name: str) -> Problem | None:
    """The first thing in ``text`` that would hang, crash or construct (see the module), or
    None. A syntax error is None too: the reader itself words it as it always has."""
    try:
        return _first_hostile(YAML(typ="rt").parse(text), name)
    except YAMLError:
        return None


def _first_hostile(events: Any, name: str) -> Problem | None:
    stack: list[_Frame] = [_Frame(path=(), anchor=None, mapping=False, root=True)]
    sizes: dict[str, int] = {}
    copied = 0
    for count, event in enumerate(events):
        if count > MAX_NODES:
            return too_many(name)
        if count > MAX_ROUNDTRIP_NODES:
            return _too_many_for_roundtrip(name, event)
        if isinstance(event, AliasEvent):
            path = _place(stack[-1], None)
            size = sizes.get(str(event.anchor), 1)
            copied += size
            if copied > MAX_ALIAS_NODES:
                return _alias_problem(name, event, path)
            stack[-1].nodes += size
        elif isinstance(event, ScalarEvent):
            path = _place(stack[-1], event.value)
            problem = (
                _tag_problem(name, event, path)
                or _text_problem(name, event, path)
                or _number_problem(name, event, path)
            )
            if problem is not None:
                return problem
            stack[-1].nodes += 1
            if event.anchor is not None:
                sizes[str(event.anchor)] = 1
        elif isinstance(event, CollectionStartEvent):
            path = _place(stack[-1], None)
            problem = _tag_problem(name, event, path)
            if problem is not None:
                return problem
            if len(stack) > MAX_DEPTH:
                return _depth_problem(name, event, path)
            mapping = isinstance(event, MappingStartEvent)
            anchor = None if event.anchor is None else str(event.anchor)
            stack.append(_Frame(path=path, anchor=anchor, mapping=mapping))
        elif isinstance(event, CollectionEndEvent):
            done = stack.pop()
            stack[-1].nodes += done.nodes
            if done.anchor is not None:
                sizes[done.anchor] = done.nodes
    return None


def _place(frame: _Frame, scalar: Any) -> PathKey:
    """The path of the node that comes next in ``frame``; ``scalar`` is its text if a scalar.

    A mapping's key is placed at the path of the entry it names.
    """
    if frame.root:
        return ()
    if not frame.mapping:
        frame.index += 1
        return (*frame.path, frame.index - 1)
    if frame.key is None:
        frame.key = str(scalar) if scalar is not None else "?"
        return (*frame.path, frame.key)
    key, frame.key = frame.key, None
    return (*frame.path, key)


def _mark(name: str, event: Any, path: PathKey) -> Source:
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Source(file=name, line=line, column=column, field=field_name(path))


def _located(
    name: str, event: Any, path: PathKey, kind: str, message: str, expected: str
) -> Problem:
    """A problem at the place of ``event``, naming the field of ``path``."""
    return Problem(
        source=_mark(name, event, path),
        field=field_name(path) or "(document)",
        kind=kind,
        message=message,
        expected=expected,
    )


def _tag_problem(name: str, event: Any, path: PathKey) -> Problem | None:
    """An explicit tag other than the core ones, or a typed core tag on a value not its type."""
    tag = None if event.tag is None else str(event.tag)
    if tag is None or tag in _FREE_TAGS or tag == "!":
        return None
    types = _TYPED_TAGS.get(tag)
    if types is not None and isinstance(event, ScalarEvent):
        if type(_scalar_value(event.value)) in types:
            return None
        short = tag.removeprefix(_CORE)
        return _located(
            name,
            event,
            path,
            "yaml_tag",
            f"`{event.value}` is not {_TAG_WORDS[short]}, as its tag `!!{short}` says",
            "a value of the tag's type, or no tag",
        )
    shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
    return _located(
        name,
        event,
        path,
        "yaml_tag",
        f"the YAML tag `{shown}` is not allowed: trimtab builds nothing from a tag",
        "plain YAML without tags (quote the value if it is text)",
    )


def _scalar_value(text: str) -> Any:
    try:
        return plain_scalar(text) if text else None
    except ValueError:
        return text


def _text_problem(name: str, event: Any, path: PathKey) -> Problem | None:
    """Text with a lone surrogate (``"\\ud800"``): not Unicode text, no writer can take it."""
    text = event.value
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return _located(
            name,
            event,
            path,
            "not_text",
            f"the text holds U+{ord(text[exc.start]):04X}, a lone surrogate, not a character",
            "Unicode characters; an emoji is written as itself or as \\U0001F600",
        )
    return None


def _number_problem(name: str, event: Any, path: PathKey) -> Problem | None:
    """A plain scalar that reads as a number Python cannot convert (``0b_``, 5,000 digits)."""
    if event.tag is not None or not event.implicit[0] or not event.value:
        return None
    try:
        plain_scalar(event.value)
    except (ValueError, IndexError):
        text = event.value
        shown = f"`{text}`" if len(text) <= 40 else f"`{text[:20]}…` ({len(text):,} characters)"
        return _located(
            name,
            event,
            path,
            "bad_number",
            f"{shown} is written as a number but is not one",
            "a number of at most 4,300 digits, or text in quotes",
        )
    return None


def _depth_problem(name: str, event: Any, path: PathKey) -> Problem:
    """Too deep: the field names the outermost four levels (``name[0][0][0]…``)."""
    return _located(
        name,
        event,
        path[:4],
        "yaml_too_deep",
        f"the document is nested more than {MAX_DEPTH} levels deep here",
        f"at most {MAX_DEPTH} levels of nesting",
    )


def _alias_problem(name: str, event: Any, path: PathKey) -> Problem:
    return _located(
        name,
        event,
        path,
        "yaml_aliases",
        f"the aliases (`*{event.anchor}` here) repeat more than {MAX_ALIAS_NODES:,} values in all",
        f"at most {MAX_ALIAS_NODES:,} values repeated by aliases; write the data out instead",
    )
