"""Where an input fact came from: file, line, column and field path.

Every object built from user input carries a :class:`Source`, so any stage can
name the file, the line and the field of a mistake, and a report can trace a
figure back to the lot or price it came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A place in an input file.

    file: the path as the user gave it.
    line: 1-based line number, 0 when unknown.
    column: 1-based column number, 0 when unknown.
    field: the dotted field path inside the document, e.g. ``accounts[0].holdings[1].lots[0].cost``.
    """

    file: str
    line: int = 0
    column: int = 0
    field: str = ""

    def at(self, field: str) -> Source:
        """The same place, naming a more precise field."""
        return Source(file=self.file, line=self.line, column=self.column, field=field)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


UNKNOWN = Source(file="<unknown>")
