"""Tables that fit the terminal: text wraps, columns drop in a stated order, numbers are never cut.

Rich shrinks a table that is wider than the terminal by cutting its cells (``14,40…``). A
console made by :func:`trimtab.report.console.common.console_for` renders every table through
:class:`FittedTable` instead, which leaves a table that fits alone, and otherwise:

1. keeps every number whole: a right-aligned column of figures (dollars, shares, percents)
   never wraps and is as wide as its widest cell (its header wraps between words);
2. wraps text: every other column folds its text onto more lines instead of cutting it,
   the widest first, and none narrower than its longest word (up to
   :data:`TEXT_MIN_WIDTH`), so ids and dates stay whole where they can;
3. draws the cells with one space before them instead of one on each side;
4. when even that is too wide, leaves columns out in this order until the table fits: the
   text columns from the right (never the first, which names the row), then the number
   columns from the right; the caption says which columns were left out.

Example: the harvestable-loss table of ``trimtab tax`` at 80 columns keeps every dollar
figure whole and leaves out its text columns but the account (the next table names each lot
and says why its loss would be washed); at 100 columns it keeps them all.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    Group,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

TEXT_MIN_WIDTH = 14
"""The narrowest a text column is made: its longest word, if shorter."""

_UNBOUNDED = 100_000  # a width no table reaches: rich clamps a measurement to the width given


class FittedTable:
    """A table rendered to fit the width it is given (see the module)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield fit_table(self.table, console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, fit_table(self.table, console, options))


class FitTables(RenderHook):
    """A render hook: every table printed, also inside a Group, is a :class:`FittedTable`."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_fitted(r) for r in renderables]


def _fitted(renderable: ConsoleRenderable) -> ConsoleRenderable:
    if isinstance(renderable, Table):
        return FittedTable(renderable)
    if isinstance(renderable, Group):
        inner = (_fitted(r) if isinstance(r, Table | Group) else r for r in renderable.renderables)
        return Group(*inner, fit=renderable.fit)
    return renderable


@dataclass(frozen=True, slots=True, kw_only=True)
class _Sizing:
    """A column being fitted: its copy, its natural content width, the least that cuts nothing."""

    column: Column
    natural: int
    least: int
    number: bool


def fit_table(table: Table, console: Console, options: ConsoleOptions) -> Table:
    """``table`` if it fits ``options.max_width``; else a copy that fits (see the module)."""
    width = table.width or options.max_width
    if Measurement.get(console, options.update_width(_UNBOUNDED), table).maximum <= width:
        return table
    fitted = copy.copy(table)
    fitted.padding = (0, 0, 0, 1)  # one space before each cell: the borders separate them
    sizings = [_sizing(console, options, c) for c in table.columns]
    dropped: list[int] = []
    for index in [*_drop_order(sizings), None]:
        kept = [s for i, s in enumerate(sizings) if i not in dropped]
        widths = _widths(kept, width - _overhead(fitted, len(kept)))
        if widths is not None or index is None:
            break
        dropped.append(index)
    for position, sizing in enumerate(kept):
        sizing.column._index = position
        if widths is not None:
            sizing.column.width = widths[position]
    fitted.columns = [s.column for s in kept]
    if dropped:
        names = ", ".join(_header(sizings[i].column) for i in dropped)
        note = f"left out to fit {width} columns: {names} (or use --json)"
        fitted.caption = f"{table.caption}\n{note}" if table.caption else note
    return fitted


def _sizing(console: Console, options: ConsoleOptions, column: Column) -> _Sizing:
    """A copy of ``column`` that wraps text (numbers never), with its widths."""
    fitted = copy.copy(column)
    header = _plain(column.header)
    number = column.justify == "right" and any(
        ch.isdigit() for c in column.cells for ch in _plain(c)
    )
    if number:
        widest = max((_cell_width(console, options, c) for c in column.cells), default=1)
        fitted.header = _wrap_words(header, max(widest, *(len(w) for w in header.split())))
        fitted.no_wrap = True
    else:
        fitted.overflow = "fold"
        fitted.no_wrap = False
    natural = max(_cell_width(console, options, c) for c in _cells(fitted))
    words = [len(w) for c in _cells(column) for w in _plain(c).split()]
    least = natural if number else min(max(words, default=1), TEXT_MIN_WIDTH, natural)
    return _Sizing(column=fitted, natural=natural, least=least, number=number)


def _widths(sizings: list[_Sizing], budget: int) -> list[int] | None:
    """Content widths within ``budget``: numbers whole, the widest text narrowed first down
    to a common level, none below its least; None when even the least widths do not fit."""
    if sum(s.least for s in sizings) > budget:
        return None
    level = max((s.natural for s in sizings), default=0)
    while level > 0:
        widths = [s.natural if s.number else max(s.least, min(s.natural, level)) for s in sizings]
        if sum(widths) <= budget:
            return widths
        level -= 1
    return [s.least for s in sizings]


def _overhead(table: Table, columns: int) -> int:
    """Borders and padding of ``table`` drawn with ``columns`` columns."""
    borders = (2 if table.box and table.show_edge else 0) + (columns - 1 if table.box else 0)
    _, pad_right, _, pad_left = table.padding
    padding = (pad_left + pad_right) * columns
    if not table.pad_edge:
        padding -= pad_left + pad_right
    return borders + padding


def _drop_order(sizings: list[_Sizing]) -> list[int]:
    """Text columns from the right (never the first), then number columns from the right."""
    backwards = list(range(len(sizings) - 1, 0, -1))
    return [i for i in backwards if not sizings[i].number] + [
        i for i in backwards if sizings[i].number
    ]


def _wrap_words(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _cells(column: Column) -> Iterable[RenderableType]:
    yield column.header
    yield from column.cells
    yield column.footer


def _cell_width(console: Console, options: ConsoleOptions, cell: RenderableType) -> int:
    if isinstance(cell, str | Text):
        return max((len(line) for line in _plain(cell).splitlines()), default=0)
    return Measurement.get(console, options.update_width(_UNBOUNDED), cell).maximum


def _plain(cell: RenderableType) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return cell if isinstance(cell, str) else ""


def _header(column: Column) -> str:
    return " ".join(_plain(column.header).split()) or f"column {column._index + 1}"
