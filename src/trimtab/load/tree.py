"""Read a YAML file into plain Python data and remember where each node stood.

ruamel.yaml keeps line and column of every key and item; we walk its tree once,
turning it into plain dicts, lists, Decimals, dates and strings, and a map from
each node's path (``("accounts", 0, "cash")``) to its 1-based line and column.
Floats become Decimals through their shortest repr, never through binary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from trimtab.errors import Problem
from trimtab.source import Source

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tree:
    """A parsed YAML document.

    file: the path as given.
    data: plain data (dict/list/str/int/Decimal/date/bool/None).
    positions: node path -> (line, column), both 1-based.
    """

    file: str
    data: Any
    positions: Mapping[PathKey, tuple[int, int]]

    def source(self, path: PathKey) -> Source:
        """The Source of the deepest known node on ``path``."""
        for end in range(len(path), -1, -1):
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


def read_tree(path: str | Path) -> Tree | Problem:
    """Parse a YAML file; a Problem (never an exception) when it cannot be read or parsed."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return _file_problem(name, "file_not_found", "no such file", "an existing YAML file")
    except (OSError, UnicodeDecodeError) as exc:
        return _file_problem(name, "file_unreadable", f"cannot read the file: {exc}", "")
    return parse_tree(text, name)


class _DatesAsText(RoundTripConstructor):
    """Leaves dates as text, so that a bad date is a field problem with its line, not a crash."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _DatesAsText.construct_yaml_str)


def parse_tree(text: str, name: str) -> Tree | Problem:
    """Parse YAML text that came from the file ``name``."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    try:
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
    except YAMLError as exc:
        return _file_problem(name, "yaml_syntax", f"not valid YAML: {exc}", "valid YAML")
    positions: dict[PathKey, tuple[int, int]] = {(): (1, 1)}
    return Tree(file=name, data=_plain(root, (), positions), positions=positions)


def _file_problem(name: str, kind: str, message: str, expected: str) -> Problem:
    return Problem(
        source=Source(file=name, line=0, column=0),
        field="(document)",
        kind=kind,
        message=message,
        expected=expected,
    )


def _plain(node: Any, path: PathKey, positions: dict[PathKey, tuple[int, int]]) -> Any:
    if isinstance(node, CommentedMap):
        return _plain_map(node, path, positions)
    if isinstance(node, CommentedSeq):
        return _plain_seq(node, path, positions)
    return _plain_scalar(node)


def _plain_map(
    node: CommentedMap, path: PathKey, positions: dict[PathKey, tuple[int, int]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        child = (*path, str(key))
        line, col = node.lc.key(key)
        positions[child] = (line + 1, col + 1)
        out[str(key)] = _plain(value, child, positions)
    return out


def _plain_seq(
    node: CommentedSeq, path: PathKey, positions: dict[PathKey, tuple[int, int]]
) -> list[Any]:
    out: list[Any] = []
    for index, value in enumerate(node):
        child = (*path, index)
        line, col = node.lc.item(index)
        positions[child] = (line + 1, col + 1)
        out.append(_plain(value, child, positions))
    return out


def _plain_scalar(node: Any) -> Any:
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, float):
        return Decimal(repr(float(node)))
    if isinstance(node, int):
        return int(node)
    return str(node)
