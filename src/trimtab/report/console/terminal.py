"""Terminal control characters in user text are shown escaped, never sent to the terminal.

A household name, an account id, a symbol, a note or a file name may hold an escape sequence
(``ESC [ 2 J`` clears the screen, ``ESC ] 52`` writes the clipboard), a NUL, another C0 control,
DEL or a C1 control (``U+009B`` is a one-character CSI on some terminals). Rich passes most of
them through as they are. A console made by :func:`trimtab.report.console.common.console_for` prints
through two render hooks, one each side of the table fitting:

1. :class:`EscapeText`, before layout: every Text (a printed string is one), every table's
   title, caption, headers, footers and cells, also inside a Group, have their control
   characters replaced by their escapes (:func:`trimtab.errors.printable`; line breaks and
   tabs that trimtab's own layout uses stay), so the table is measured with what is shown;
2. :class:`EscapeSegments`, after layout: whatever else reaches the console (a panel, a
   renderable of a library) is rendered and each segment of text escaped the same way, so
   nothing raw can pass; rich's own colour codes are added after this and stay.

Example: a household named ``"Rivera \\x1b[2J"`` prints as ``Rivera \\x1b[2J`` (with the
backslash) in ``trimtab validate``'s summary table and ``trimtab drift``'s title.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

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
from rich.segment import Segment
from rich.table import Table
from rich.text import Span, Text

from trimtab.errors import printable

_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The control characters shown escaped in console output: all C0 but the line break and the
tab (trimtab's own layout uses them; a user's are escaped where the text is made, e.g. in a
Problem's line), DEL and C1."""


def escaped(text: str) -> str:
    """``text`` with its control characters escaped (line breaks and tabs kept)."""
    return _RAW.sub(lambda m: printable(m.group()), text)


def escaped_text(text: Text) -> Text:
    """A Text with its control characters escaped; each escape keeps the style of its
    character; ``text`` itself when it holds none."""
    plain = text.plain
    if _RAW.search(plain) is None:
        return text
    out = text.blank_copy()
    position = 0
    for match in _RAW.finditer(plain):
        out.append_text(text[position : match.start()])
        raw = text[match.start() : match.end()]
        shown = printable(raw.plain)
        spans = [Span(0, len(shown), s.style) for s in raw.spans]
        out.append_text(Text(shown, spans=spans))
        position = match.end()
    out.append_text(text[position:])
    return out


def _cell(cell: RenderableType | None) -> RenderableType | None:
    if isinstance(cell, str):
        return escaped(cell)
    if isinstance(cell, Text):
        return escaped_text(cell)
    return cell


def escaped_table(table: Table) -> Table:
    """A copy of ``table`` whose title, caption, headers, footers and cells are escaped."""
    out = copy.copy(table)
    out.title = _cell(table.title)  # type: ignore[assignment]
    out.caption = _cell(table.caption)  # type: ignore[assignment]
    out.columns = []
    for column in table.columns:
        fresh = copy.copy(column)
        fresh.header = _cell(column.header) or ""
        fresh.footer = _cell(column.footer) or ""
        fresh._cells = [_cell(c) or "" for c in column._cells]
        out.columns.append(fresh)
    return out


def _pre(renderable: ConsoleRenderable) -> ConsoleRenderable:
    if isinstance(renderable, Text):
        return escaped_text(renderable)
    if isinstance(renderable, Table):
        return escaped_table(renderable)
    if isinstance(renderable, Group):
        inner = (_pre(r) if isinstance(r, ConsoleRenderable) else r for r in renderable.renderables)
        return Group(*inner, fit=renderable.fit)
    return renderable


class EscapeText(RenderHook):
    """Before layout: texts and tables printed have their control characters escaped."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_pre(r) for r in renderables]


class EscapedSegments:
    """A renderable whose rendered text segments are escaped (control segments pass)."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _segments(console.render(self.renderable, options))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def _segments(segments: Iterable[Segment]) -> Iterable[Segment]:
    for segment in segments:
        if segment.control or _RAW.search(segment.text) is None:
            yield segment
        else:
            yield Segment(escaped(segment.text), segment.style)


class EscapeSegments(RenderHook):
    """After layout: everything printed is rendered through :class:`EscapedSegments`."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [EscapedSegments(r) for r in renderables]
