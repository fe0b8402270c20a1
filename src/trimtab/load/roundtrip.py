"""The round-trip reader: ruamel.yaml's pure-Python parser, for what the fast reader hands over.

:mod:`trimtab.load.tree` reads ordinary household files with libyaml. Every document outside
that plain subset (a syntax error, a duplicate key, a tag, an anchor or alias, a merge key, a
directive, a key that is not text) comes here, so that what those mean and how each syntax
error is worded stay exactly what they were: this reader defines them. It walks ruamel's tree
once into the same plain data and position map as the fast reader.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from trimtab.errors import Problem
from trimtab.load.tree import PathKey, Positions, Tree, file_problem, plain_float
from trimtab.source import Source


class _DatesAsText(RoundTripConstructor):
    """Leaves dates as text, so that a bad date is a field problem with its line, not a crash."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _DatesAsText.construct_yaml_str)


def parse_roundtrip(text: str, name: str) -> Tree | Problem:
    """Parse YAML text that came from the file ``name``, with ruamel.yaml."""
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
        line, col = node.lc.key(key)
        positions[child] = (line + 1, col + 1)
        out[str(key)] = _plain(value, child, positions)
    return out


def _plain_seq(node: CommentedSeq, path: PathKey, positions: Positions) -> list[Any]:
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
        return plain_float(float(node))
    if isinstance(node, int):
        return int(node)
    return str(node)
