"""Read an export into CSV records that remember their line, and bind header names to columns.

What real exports contain (../shared/reference/custodian-formats.md §1, §2): a UTF-8 byte order
mark, CRLF or LF line ends, title lines and blank lines (or rows of empty cells, ``,,,,,``)
before the header, trailing commas, cells with leading spaces, and footers of disclaimers.
:func:`read_export` never raises for what is in the file: an unreadable or binary file, or CSV
the reader cannot split, is a :class:`~trimtab.errors.Problem` naming file and line.

Headers are matched by name, never by position (custodians reorder and rename columns, and
users may choose them): :func:`header_keys` folds case and spaces, and for a header such as
``Qty (Quantity)`` answers both the short and the parenthesised long name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trimtab.errors import Problem
from trimtab.load.characters import byte_source
from trimtab.load.limits import (
    MAX_EXPORT_ROWS,
    export_too_large,
    too_many_cells,
    too_many_rows,
)
from trimtab.source import Source

MAX_FIELD = 1_000_000
"""The longest cell read (characters); longer ones are a problem, not a memory blow-up."""

csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One CSV record.

    line: the 1-based line of the file where the record starts.
    cells: its fields, each stripped of surrounding white space.
    """

    line: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        """True for an empty line or a row of empty cells."""
        return not any(self.cells)

    @property
    def first(self) -> str:
        """The first cell ('' for an empty record)."""
        return self.cells[0] if self.cells else ""

    def cell(self, index: int) -> str:
        """The cell at a 0-based index; '' past the end of a short row."""
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportText:
    """An export file split into records.

    file: the path as the user gave it.
    name: the file's name without folders (a few exports carry the account only there).
    records: every record, blank ones included (none when the text is not CSV).
    text: the decoded text, for the formats that are not CSV (XML, OFX, beancount).
    split_problem: why the text could not be split into CSV records (None: it could).
    """

    file: str
    name: str
    records: tuple[Record, ...]
    text: str = ""
    split_problem: Problem | None = None

    def source(self, line: int, column: int = 0, field: str = "") -> Source:
        """A place in this file."""
        return Source(file=self.file, line=line, column=column, field=field)


def read_export(path: Path) -> ExportText | Problem:
    """Read and split a file; a Problem when it is missing, unreadable or not CSV text."""
    name = str(path)
    try:
        if too_large := export_too_large(name, path.stat().st_size):
            return too_large
        data = path.read_bytes()
    except FileNotFoundError:
        return file_problem(name, "file_not_found", "no such file", "an existing export file")
    except OSError as exc:
        return file_problem(name, "file_unreadable", f"cannot read the file: {exc}", "")
    return parse_export(data, name)


def parse_export(data: bytes, file: str) -> ExportText | Problem:
    """Split the bytes of an export (named ``file``) into records.

    Text that the CSV reader cannot split is still returned (with ``split_problem``), since the
    XML, OFX and beancount formats are not CSV; when no format recognises it, the split problem
    is what the user is told.
    """
    if (nul := data.find(b"\x00")) >= 0:  # located: the first NUL's line and column
        return Problem(
            source=byte_source(file, data, nul),
            field="(file)",
            kind="not_text",
            message="the file is binary, not CSV text (a NUL byte)",
            expected="a CSV export",
        )
    text = decode(data)
    records = split_records(text, file)
    name = Path(file).name
    if isinstance(records, Problem):
        return ExportText(file=file, name=name, records=(), text=text, split_problem=records)
    return ExportText(file=file, name=name, records=records, text=text)


def decode(data: bytes) -> str:
    """UTF-8 (a byte order mark is dropped); Windows-1252 or Latin-1 when it is not UTF-8."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def split_records(text: str, file: str) -> tuple[Record, ...] | Problem:
    """The CSV records of ``text``, each with the line it starts on."""
    if too_many := too_many_cells(file, text):
        return too_many
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[Record] = []
    start = 1
    try:
        for row in reader:
            if len(out) >= MAX_EXPORT_ROWS:
                return too_many_rows(file, start)
            out.append(Record(line=start, cells=tuple(c.strip() for c in row)))
            start = reader.line_num + 1
    except csv.Error as exc:
        return Problem(
            source=Source(file=file, line=reader.line_num or start, column=0),
            field="(file)",
            kind="csv_syntax",
            message=f"not readable as CSV: {exc}",
            expected="comma-separated values",
        )
    return tuple(out)


def file_problem(file: str, kind: str, message: str, expected: str) -> Problem:
    """A problem with the file as a whole."""
    return Problem(
        source=Source(file=file, line=0, column=0),
        field="(file)",
        kind=kind,
        message=message,
        expected=expected,
    )


def fold(text: str) -> str:
    """Case and white space folded: ``" Qty  (Quantity)"`` -> ``"qty (quantity)"``."""
    return " ".join(text.split()).lower()


def header_keys(cell: str) -> frozenset[str]:
    """The names a header cell answers to: itself, and for ``Short (Long)`` both parts."""
    name = fold(cell)
    keys = {name}
    if name.endswith(")") and " (" in name:
        short, _, long = name[:-1].partition(" (")
        keys.update({short.strip(), long.strip()})
    return frozenset(k for k in keys if k)


@dataclass(frozen=True, slots=True, kw_only=True)
class Columns:
    """A header row bound to the logical columns an importer reads.

    header: the header record.
    index: logical column name -> 0-based position.
    names: logical column name -> the header text as the export spells it.
    """

    header: Record
    index: Mapping[str, int]
    names: Mapping[str, str]

    def get(self, record: Record, column: str) -> str:
        """The cell of a logical column ('' when the export has no such column)."""
        position = self.index.get(column)
        return "" if position is None else record.cell(position)

    def has(self, column: str) -> bool:
        """True when the header has the logical column."""
        return column in self.index

    def place(self, export: ExportText, record: Record, column: str) -> Source:
        """The Source of one cell: file, line, 1-based column number, header name."""
        position = self.index.get(column)
        if position is None:
            return export.source(record.line, 0, column)
        return export.source(record.line, position + 1, self.names[column])


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnSpec:
    """The columns an importer reads.

    required: logical name -> the header names it may have (folded).
    optional: the same, for columns that may be absent.
    """

    required: Mapping[str, frozenset[str]]
    optional: Mapping[str, frozenset[str]]


def bind(export: ExportText, header: Record, spec: ColumnSpec) -> Columns | Problem:
    """Bind a header row to ``spec``; a Problem naming the missing columns."""
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    wanted = {**spec.optional, **spec.required}
    for position, cell in enumerate(header.cells):
        keys = header_keys(cell)
        for column, aliases in wanted.items():
            if column not in index and keys & aliases:
                index[column] = position
                names[column] = cell
    missing = [c for c in spec.required if c not in index]
    if missing:
        return Problem(
            source=export.source(header.line, 1, "(header)"),
            field="(header)",
            kind="missing_column",
            message="the header has no column " + ", ".join(f"`{c}`" for c in missing),
            expected="a header with " + "; ".join(_spelled(spec.required[c]) for c in missing),
        )
    return Columns(header=header, index=index, names=names)


def _spelled(aliases: frozenset[str]) -> str:
    return " or ".join(f"`{a}`" for a in sorted(aliases))


def aliases(*names: str) -> frozenset[str]:
    """Folded header names for a :class:`ColumnSpec`."""
    return frozenset(fold(n) for n in names)
