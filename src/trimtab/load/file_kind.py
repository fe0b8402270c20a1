"""Recognise a file that is not a household file, and say what it is and what reads it.

A new user gives ``trimtab validate`` whatever is at hand: a folder of households, the
``plan.xlsx`` workbook or the ``plan.json`` document a plan wrote, a trade list, a custodian's
CSV export. Parsing those as YAML answers with a decoding error or a page of unknown fields;
:func:`household_file_problem` looks at the path and the first bytes instead and returns one
Problem naming what the file is and the command that reads it (or None: read it as YAML).

The checks, in order: a folder; a file whose bytes are a zip (an Excel workbook), a PDF or
not UTF-8 text; an HTML page; a JSON document (its ``format`` names the trimtab document); a
YAML file whose ``format:`` line names another trimtab format; a ``.csv`` export.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from trimtab.errors import Problem
from trimtab.source import Source

HOUSEHOLD_FORMAT = "trimtab.household/1"

_HEAD_BYTES = 8192  # enough to see the `format:` line, which comes first in every example

# A trimtab document other than a household file -> (what it is, what to do with it).
_DOCUMENTS: dict[str, tuple[str, str]] = {
    "trimtab.plan/1": (
        "a plan, the output of `trimtab plan --json` or `--out`",
        "to check its trades: `trimtab check HOUSEHOLD.yaml --trades {file}`",
    ),
    "trimtab.trades/1": (
        "a trade list",
        "to check it: `trimtab check HOUSEHOLD.yaml --trades {file}`",
    ),
    "trimtab.settings/1": (
        "firm-wide settings",
        "give it beside a household file: `trimtab plan HOUSEHOLD.yaml --settings {file}`",
    ),
    "trimtab.account-map/1": (
        "an account map for importing",
        "give it to `trimtab import EXPORT… --into HOUSEHOLD.yaml --account-map {file}`",
    ),
}
_OUTPUT_COMMANDS = {
    "check": "trimtab check --json",
    "drift": "trimtab drift --json",
    "state": "trimtab state --json",
    "tax": "trimtab tax --json",
    "location": "trimtab location --json",
    "problems": "trimtab validate --json",
    "import": "trimtab import --json",
    "rmd": "trimtab tax --json",
}
_FORMAT_LINE = re.compile(r"""^format:\s*["']?(trimtab\.[\w.-]+/\d+)""", re.MULTILINE)
_EXPECTED = "a household file: trimtab.household/1 YAML"


def household_file_problem(path: str | Path) -> Problem | None:
    """One Problem when ``path`` is plainly not a household file; None to read it as YAML."""
    name = str(path)
    where = Path(path)
    if where.is_dir():
        return _problem(
            name,
            "is_a_folder",
            "this is a folder, not a household file; give one household file "
            "(or use `trimtab book` for a folder of households)",
        )
    try:
        with where.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
    except OSError:
        return None  # the YAML reader words a missing or unreadable file
    return head_problem(name, head)


def head_problem(name: str, head: bytes) -> Problem | None:
    """The Problem of a file whose first bytes are ``head`` (None: it may be a household)."""
    binary = _binary_kind(head)
    if binary is not None:
        found = _problem(name, "wrong_file_kind", f"this is {binary}, not a household file")
        return replace(found, source=_first_bad_byte(name, head))
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        return _problem(name, "wrong_file_kind", "this is an HTML page, not a household file")
    if text.startswith(("{", "[")):
        return _json_problem(name, text)
    match = _FORMAT_LINE.search(text)
    if match is not None and not _is_household(match.group(1)):
        return _document_problem(
            name, match.group(1), Source(file=name, line=_line(text, match), column=1)
        )
    if name.lower().endswith(".csv"):
        return _problem(
            name,
            "wrong_file_kind",
            "this is a CSV file, not a household file; to read a custodian's export: "
            f"`trimtab import {name} --into HOUSEHOLD.yaml`",
        )
    return None


def _first_bad_byte(name: str, head: bytes) -> Source:
    """Where a binary file's first NUL or non-UTF-8 byte is (1:1 for a zip or PDF file)."""
    from trimtab.load.characters import byte_source, first_not_utf8

    if head.startswith((b"PK\x03\x04", b"%PDF")):
        return Source(file=name, line=1, column=1)
    not_utf8 = first_not_utf8(name, head)
    nul = head.find(b"\x00")
    if nul < 0:
        return not_utf8.source if not_utf8 is not None else Source(file=name, line=1, column=1)
    at_nul = byte_source(name, head, nul)
    if not_utf8 is not None and (not_utf8.source.line, not_utf8.source.column) < (
        at_nul.line,
        at_nul.column,
    ):
        return not_utf8.source
    return at_nul


def _is_household(document: str) -> bool:
    """A household file of any version: the schema says which versions are read."""
    return document.startswith(HOUSEHOLD_FORMAT.split("/")[0] + "/")


def _binary_kind(head: bytes) -> str | None:
    """What a binary file is, or None for text."""
    if head.startswith(b"PK\x03\x04"):
        return "an Excel workbook (or another zip file)"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if b"\x00" in head:
        return "a binary file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end of the head
            return "not UTF-8 text (a binary file, or text in another encoding)"
    return None


def _json_problem(name: str, text: str) -> Problem | None:
    """A JSON document naming another trimtab format (JSON is YAML: a household may be JSON)."""
    found = re.search(r'"format"\s*:\s*"(trimtab\.[\w.-]+/\d+)"', text)
    if found is None or _is_household(found.group(1)):
        return None
    return _document_problem(name, found.group(1), Source(file=name, line=1, column=1))


def _document_problem(name: str, document: str, at: Source) -> Problem:
    what, then = _DOCUMENTS.get(document, ("", ""))
    if not what:
        command = _OUTPUT_COMMANDS.get(document.removeprefix("trimtab.").split("/")[0])
        what = f"the output of `{command}`" if command else "another trimtab document"
    message = f"this is a {document} document ({what}), not a household file"
    return Problem(
        source=Source(file=at.file, line=at.line, column=at.column, field="format"),
        field="format",
        kind="wrong_file_kind",
        message=message + ("; " + then.format(file=name) if then else ""),
        expected=_EXPECTED,
    )


def _line(text: str, match: re.Match[str]) -> int:
    return text.count("\n", 0, match.start()) + 1


def _problem(name: str, kind: str, message: str) -> Problem:
    return Problem(
        source=Source(file=name, line=1, column=1),
        field="(document)",
        kind=kind,
        message=message,
        expected=_EXPECTED,
    )
