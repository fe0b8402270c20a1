"""The custodian export samples of tests/data/import and their expected households."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from trimtab.errors import Problem, Severity
from trimtab.load import read_tree

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


EXPECTED = DATA / "expected"


def read(path: Path) -> Any:
    tree = read_tree(path)
    assert not isinstance(tree, Problem), str(tree)
    return plain(tree.data)


def warnings_of_exports(problems: Any) -> set[tuple[str, str, int, int]]:
    """(kind, export file name, line, column) of the warnings placed in an export."""
    return {
        (p.kind, Path(p.source.file).name, p.source.line, p.source.column)
        for p in problems
        if p.severity is Severity.WARNING and "/import/" in p.source.file
    }


def plain(node: Any) -> Any:
    """YAML data compared by meaning: numbers as Decimal, dates as ISO text."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int | Decimal):
        return Decimal(node).normalize()
    if isinstance(node, dt.date):
        return node.isoformat()
    return node
