"""Size limits of what trimtab reads: past them one located problem (exit 2), not hours or GBs.

Every input is bounded so that what is read under the limits takes time and memory linear in
its size, and the largest input allowed stays inside a gigabyte of memory (the largest import
takes about 13 s of CPU and 0.7 GB). The limits sit far above any real household: the `large`
benchmark household (bench/households.py) has 20 accounts, 200 securities and 20,000 lots, and
the limits allow ten times that (bench/inputs.py times 1× and 10× of it, docs/performance.md
"Large inputs").

=====================  ===========================  =============  ==========================
input                  what is counted              limit          the large benchmark
=====================  ===========================  =============  ==========================
household file         bytes                        50 MB          1.5 MB
                       values (keys, items)         1,500,000      102,000
                       accounts                     1,000          20
                       holdings, all accounts       100,000        403
                       lots, all holdings           200,000        20,000
                       prices                       20,000         200
                       transactions                 10,000         8
                       recurring, cash_flows,       1,000 each     a few
                       restrictions
trade list, plan JSON  trades                       10,000         a plan of a few hundred
CSV of fills           rows                         10,000         one a trade
account map            accounts                     1,000          (one per account)
export (any format)    bytes                        50 MB          a lot CSV of 0.75 MB
CSV export             records (rows)               250,000        20,000 lots
                       cells, all rows              10,000,000     100,000
=====================  ===========================  =============  ==========================

Worked example: a trade list of 10,001 trades names the 10,001st (``trades[10000]``, at its
line and column): "the file holds 10,001 trades; trimtab reads trade lists of up to 10,000
trades". The bytes and values of a YAML file are checked while reading it
(:mod:`trimtab.load.tree`); the counts here on the tree read, before the document models build
a record per item; an export's bytes before it is read and its rows while it is split.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trimtab.errors import Problem
from trimtab.load.tree import PathKey, Tree
from trimtab.source import Source

DOCS = "docs/household-format.md, Limits"
"""Where the limits of YAML files are documented (named in every message)."""

EXPORT_DOCS = "docs/importers.md, Limits"
"""Where the limits of exports are documented."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Limit:
    """The most items of one kind a file may hold.

    what: the items, plural (``lots``).
    path: where they stand: keys, ``None`` for every item of a list; the last part names the
        list (or mapping) whose items are counted, across every match of the path.
    most: the limit.
    """

    what: str
    path: tuple[str | None, ...]
    most: int


HOUSEHOLD_LIMITS: tuple[Limit, ...] = (
    Limit(what="accounts", path=("accounts",), most=1_000),
    Limit(what="holdings", path=("accounts", None, "holdings"), most=100_000),
    Limit(what="lots", path=("accounts", None, "holdings", None, "lots"), most=200_000),
    Limit(what="prices", path=("prices",), most=20_000),
    Limit(what="transactions", path=("transactions",), most=10_000),
    Limit(what="recurring purchases", path=("recurring",), most=1_000),
    Limit(what="cash flows", path=("cash_flows",), most=1_000),
    Limit(what="restrictions", path=("restrictions",), most=1_000),
)
"""A household file's limits (trimtab.household/1)."""

TRADE_LIMITS: tuple[Limit, ...] = (Limit(what="trades", path=("trades",), most=10_000),)
"""A trade list's (trimtab.trades/1, or a plan's trades)."""

ACCOUNT_MAP_LIMITS: tuple[Limit, ...] = (Limit(what="accounts", path=("accounts",), most=1_000),)
"""An account map's (trimtab.account-map/1)."""

MAX_EXPORT_BYTES = 50 * 1024 * 1024
"""The largest export file read (50 MB; a lot CSV of the large benchmark's 20,000 lots is
0.75 MB)."""

MAX_EXPORT_ROWS = 250_000
"""The most records (rows, blank ones included) of a CSV export."""

MAX_EXPORT_CELLS = 10_000_000
"""The most cells of a CSV export, all rows together (250,000 rows of 40 columns; a Schwab
positions export has 25): one row of 49 million empty cells (a 49 MB line of commas) once took
1.2 GB of memory."""


def household_limits(tree: Tree) -> tuple[Problem, ...]:
    """The problems of a household file past its limits (none under them)."""
    return size_problems(tree, HOUSEHOLD_LIMITS, "household files")


def trade_list_limits(tree: Tree) -> tuple[Problem, ...]:
    """The problems of a trade list (or plan) past its limits."""
    return size_problems(tree, TRADE_LIMITS, "trade lists")


def account_map_limits(tree: Tree) -> tuple[Problem, ...]:
    """The problems of an account map past its limits."""
    return size_problems(tree, ACCOUNT_MAP_LIMITS, "account maps")


def size_problems(tree: Tree, limits: tuple[Limit, ...], document: str) -> tuple[Problem, ...]:
    """One problem per limit passed, at the first item past it."""
    found = []
    for limit in limits:
        count, first_past = _count(tree.data, limit)
        if first_past is not None:
            found.append(_problem(tree, limit, count, first_past, document))
    return tuple(found)


def _count(data: Any, limit: Limit) -> tuple[int, PathKey | None]:
    """How many items ``limit`` counts in ``data``, and the path of the first past its limit."""
    count = 0
    first_past: PathKey | None = None
    for path, items in _containers(data, limit.path, ()):
        size = len(items)
        if first_past is None and count + size > limit.most:
            index = limit.most - count
            key = index if isinstance(items, list) else list(items)[index]
            first_past = (*path, key)
        count += size
    return count, first_past


def _containers(
    node: Any, pattern: tuple[str | None, ...], path: PathKey
) -> Iterator[tuple[PathKey, list[Any] | dict[str, Any]]]:
    """The lists (or mappings) at the end of ``pattern`` under ``node``, in file order."""
    if not pattern:
        if isinstance(node, list | dict):
            yield path, node
        return
    step, rest = pattern[0], pattern[1:]
    if step is None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _containers(item, rest, (*path, index))
    elif isinstance(node, dict) and step in node:
        yield from _containers(node[step], rest, (*path, step))


def _problem(tree: Tree, limit: Limit, count: int, at: PathKey, document: str) -> Problem:
    source = tree.source(at)
    return Problem(
        source=source,
        field=source.field,
        kind="too_many",
        message=(
            f"the file holds {count:,} {limit.what}; trimtab reads {document} of up to "
            f"{limit.most:,} {limit.what} ({DOCS}); this is the first past the limit"
        ),
        expected=f"at most {limit.most:,} {limit.what}",
    )


def export_too_large(file: str, size: int) -> Problem | None:
    """The problem of an export of ``size`` bytes past :data:`MAX_EXPORT_BYTES` (else None)."""
    if size <= MAX_EXPORT_BYTES:
        return None
    return Problem(
        source=Source(file=file, line=1, column=1),
        field="(file)",
        kind="file_too_large",
        message=(
            f"the file is {_megabytes(size)}; trimtab reads exports of up to "
            f"{_megabytes(MAX_EXPORT_BYTES)} ({EXPORT_DOCS})"
        ),
        expected=f"an export of at most {_megabytes(MAX_EXPORT_BYTES)}",
    )


def too_many_rows(
    file: str,
    line: int,
    most: int = MAX_EXPORT_ROWS,
    what: str = "CSV exports",
    docs: str = EXPORT_DOCS,
) -> Problem:
    """The problem of a CSV whose row past ``most`` (a CSV export's, by default) starts on
    ``line``."""
    return Problem(
        source=Source(file=file, line=line, column=1),
        field="(file)",
        kind="too_many",
        message=(
            f"the file holds more than {most:,} rows; trimtab reads {what} of up to {most:,} "
            f"rows ({docs}); this is the first past the limit"
        ),
        expected=f"at most {most:,} rows",
    )


def too_many_cells(file: str, text: str) -> Problem | None:
    """The problem of a CSV text of more than :data:`MAX_EXPORT_CELLS` cells (a comma parts
    two), at the line where they pass the limit; None under it. Counted before the text is
    split, so that the cells are never built."""
    if text.count(",") < MAX_EXPORT_CELLS:
        return None
    rows = text.split("\n")
    cells, line = 0, 0  # cells of rows[:line]; line ends as the 1-based line passing the limit
    while cells <= MAX_EXPORT_CELLS and line < len(rows):
        cells += rows[line].count(",") + 1
        line += 1
    return Problem(
        source=Source(file=file, line=line, column=1),
        field="(file)",
        kind="too_many",
        message=(
            f"the file holds more than {MAX_EXPORT_CELLS:,} cells; trimtab reads CSV exports of "
            f"up to {MAX_EXPORT_CELLS:,} cells ({EXPORT_DOCS}); they pass the limit on this line"
        ),
        expected=f"at most {MAX_EXPORT_CELLS:,} cells",
    )


MAX_FILL_ROWS = 10_000
"""The most rows of a CSV of fills (``trimtab journal executed --fills``): one a trade of a
plan, and a trade list holds at most 10,000 trades."""


def too_many_fills(file: str, line: int) -> Problem:
    """The problem of a CSV of fills whose row past :data:`MAX_FILL_ROWS` starts on ``line``."""
    return too_many_rows(file, line, MAX_FILL_ROWS, "CSVs of fills", "docs/journal.md")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB".replace(".0 MB", " MB")
