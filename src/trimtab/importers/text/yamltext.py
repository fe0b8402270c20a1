"""Where things are in a YAML text: spans of ruamel.yaml nodes, and text edits.

A ruamel.yaml round trip (load, change, dump) re-flows what it did not change: a flow mapping
written over two lines comes back on one, and indentation is re-guessed. The import must keep
every byte it does not replace, so it edits the text instead: ruamel.yaml composes the
document into nodes that know where they start and end, and the import replaces exactly the
spans of the nodes it changes (:class:`Edit`). What it writes is parsed back and checked
(:mod:`trimtab.importers.run`).

Spans are whole lines where they can be: an item of a block sequence runs from the line of its
dash to the end of the line where its content ends (a trailing comment included); the
full-line comments before an item (after the previous one) go with it when it is moved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trimtab.errors import InternalError
from trimtab.load.tree import PathKey


@dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """Replace ``text[start:end]`` with ``text`` (an insertion when start == end).

    start, end: character offsets into the original text.
    text: the replacement.
    """

    start: int
    end: int
    text: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with every edit applied; edits at one offset keep their order."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[0]))
    out: list[str] = []
    at = 0
    for _, edit in ordered:
        if edit.start < at:
            raise InternalError(f"overlapping edits at offset {edit.start}")
        out.append(text[at : edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def compose(text: str) -> Node | None:
    """The node tree of a YAML text (None for an empty document or one ruamel cannot read)."""
    try:
        node: Node | None = YAML(typ="rt").compose(text)
    except YAMLError:
        return None
    return node


def newline(text: str) -> str:
    """The line end the text uses."""
    return "\r\n" if "\r\n" in text else "\n"


def line_start(text: str, index: int) -> int:
    """The offset where the line holding ``index`` starts."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The offset just after the line end of the line holding ``index`` (or the text's end)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def line_stop(text: str, index: int) -> int:
    """The offset of the line break (``\n`` or ``\r\n``) ending the line holding ``index``."""
    end = text.find("\n", index)
    if end < 0:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def column(text: str, index: int) -> int:
    """The 0-based column of an offset."""
    return index - line_start(text, index)


def is_block(node: Node) -> bool:
    """A block mapping or sequence (not flow style, not a scalar)."""
    return isinstance(node, MappingNode | SequenceNode) and not node.flow_style


def content_end(node: Node) -> int:
    """The offset just after the last character of a node's content."""
    if is_block(node) and node.value:
        last = node.value[-1]
        return content_end(last[1] if isinstance(node, MappingNode) else last)
    return int(node.end_mark.index)


def start(node: Node) -> int:
    """The offset where a node starts."""
    return int(node.start_mark.index)


def entries(node: Node) -> list[tuple[ScalarNode, Node]]:
    """The (key, value) pairs of a mapping node ([] for anything else)."""
    if not isinstance(node, MappingNode):
        return []
    return [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]


def get(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    """The key node and value node of ``key`` in a mapping node."""
    return next(((k, v) for k, v in entries(node) if k.value == key), None)


def items(node: Node) -> list[Node]:
    """The items of a sequence node ([] for anything else)."""
    return list(node.value) if isinstance(node, SequenceNode) else []


def after_colon(text: str, key: ScalarNode) -> int:
    """The offset just after the ``:`` that follows a key."""
    at = text.find(":", int(key.end_mark.index))
    return len(text) if at < 0 else at + 1


def dash(text: str, item: Node) -> int:
    """The offset of the ``-`` of a block sequence item."""
    at = text.rfind("-", 0, start(item))
    return at if at >= 0 else start(item)


def item_spans(text: str, node: Node) -> list[tuple[int, int]]:
    """(start, end) of each item of a block sequence: dash line (or the line after the previous
    item, to carry the comments before it) to the end of its last line."""
    spans: list[tuple[int, int]] = []
    for i, item in enumerate(items(node)):
        begin = line_start(text, dash(text, item)) if i == 0 else spans[-1][1]
        spans.append((begin, line_end(text, content_end(item))))
    return spans


def path_nodes(data: Any, node: Node) -> dict[int, Node]:
    """``id()`` of each dict and list of plain data -> the node it was read from.

    ``data`` is the same document read by :mod:`trimtab.load.tree`; walking both together says
    where each plain record stands in the text.
    """
    out: dict[int, Node] = {}
    _walk(data, node, out)
    return out


def _walk(data: Any, node: Node, out: dict[int, Node]) -> None:
    if isinstance(data, dict) and isinstance(node, MappingNode):
        out[id(data)] = node
        for key, value in entries(node):
            if key.value in data:
                _walk(data[key.value], value, out)
    elif isinstance(data, list) and isinstance(node, SequenceNode):
        out[id(data)] = node
        for value, child in zip(data, node.value, strict=False):
            _walk(value, child, out)


def node_at(root: Node, path: PathKey) -> Node | None:
    """The node at a path of keys and indexes."""
    node: Node | None = root
    for part in path:
        if node is None:
            return None
        if isinstance(part, int):
            seq = items(node)
            node = seq[part] if 0 <= part < len(seq) else None
        else:
            found = get(node, part)
            node = found[1] if found else None
    return node


def reindent(block: str, shift: int) -> str:
    """Move every non-blank line of ``block`` right (or left) by ``shift`` spaces."""
    if shift == 0:
        return block
    lines = block.splitlines(keepends=True)
    return "".join(_shift(line, shift) for line in lines)


def _shift(line: str, shift: int) -> str:
    if not line.strip():
        return line
    if shift > 0:
        return " " * shift + line
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, -shift) :]


def indent_of(lines: Sequence[str]) -> int:
    """The smallest indentation of the non-blank lines."""
    widths = [len(x) - len(x.lstrip(" ")) for x in lines if x.strip()]
    return min(widths) if widths else 0
