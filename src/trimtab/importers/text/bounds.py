"""Limits on the shape of XML and OFX exports, checked before any tree is built.

An export is untrusted input. A Flex Query XML nested 30,000 levels deep (214 KB) once took
3.6 GB of memory, since every element remembered the path of its ancestors; ofxtools builds a
whole ElementTree and converts it recursively. Real exports are shallow and bounded:

* a Flex Query is ``FlexQueryResponse > FlexStatements > FlexStatement > OpenPositions >
  OpenPosition`` (a ``Lot`` under a ``Trade`` is one level more): 6 levels;
* an OFX investment statement is ``OFX > INVSTMTMSGSRSV1 > INVSTMTTRNRS > INVSTMTRS >
  INVTRANLIST > BUYSTOCK > INVBUY > INVTRAN > FITID``: about 10 levels.

So nesting deeper than :data:`MAX_DEPTH` levels, or more than :data:`MAX_ELEMENTS` elements
(a Flex query has one element per position, lot, cash line or trade; an OFX statement about
20 per transaction, so the limit allows some 12,000 transactions), is refused with one
Problem at the line where the limit is passed (``nesting_too_deep``, ``too_many_elements``).
Entity declarations (``<!ENTITY``) are refused before parsing in both (no export declares
one; refusing them rules out "billion laughs" expansion): :mod:`trimtab.importers.text.xmlread`
does it for Flex and :func:`ofx_shape` for OFX, whose reader (ofxtools, a regular-expression
parser) expands no entity anyway.

The OFX scan follows ofxtools's reading of tags: ``<TAG>text`` is a data element (its end tag
is optional in OFX 1.x SGML) and does not nest; ``<TAG>`` followed by another tag opens an
aggregate, which ``</TAG>`` closes.
"""

from __future__ import annotations

import re

from trimtab.errors import Problem
from trimtab.source import Source

MAX_DEPTH = 64
"""The deepest nesting of elements read (real exports use 10 levels or fewer)."""

MAX_ELEMENTS = 250_000
"""The most elements (start tags, OFX data elements included) an XML or OFX export may have."""

OFX_TAG = re.compile(r"<(/?)([A-Za-z0-9./_ ]+?)>([^<]*)")


class ShapeError(Exception):
    """An XML export passed a limit (raised inside the expat handlers, caught in xmlread)."""

    def __init__(self, kind: str, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message


def too_deep(line: int, column: int) -> ShapeError:
    """The error for an element nested deeper than :data:`MAX_DEPTH`."""
    return ShapeError(
        "nesting_too_deep",
        line,
        column,
        f"elements are nested more than {MAX_DEPTH} levels deep here; an export nests a few",
    )


def too_many(line: int, column: int) -> ShapeError:
    """The error for the element past :data:`MAX_ELEMENTS`."""
    return ShapeError(
        "too_many_elements",
        line,
        column,
        f"the file has more than {MAX_ELEMENTS:,} elements (this is the first one past the limit)",
    )


def shape_problem(file: str, error: ShapeError, expected: str) -> Problem:
    """A limit passed, as a Problem at its line and column."""
    return Problem(
        source=Source(file=file, line=error.line, column=error.column),
        field="(file)",
        kind=error.kind,
        message=error.message,
        expected=expected,
    )


def entity_problem(file: str, text: str, kind: str, expected: str) -> Problem | None:
    """A Problem at the first ``<!ENTITY`` declaration of ``text``; None when it has none."""
    found = text.find("<!ENTITY")
    if found < 0:
        return None
    line, column = _line_column(text, found)
    return Problem(
        source=Source(file=file, line=line, column=column),
        field="(file)",
        kind=kind,
        message="the file declares XML entities, which no export does (they are not expanded)",
        expected=expected,
    )


def ofx_shape(text: str, file: str) -> Problem | None:
    """The first limit an OFX text passes (entities, nesting, element count); None if none."""
    expected = "an OFX/QFX investment statement as downloaded"
    entity = entity_problem(file, text, "ofx_syntax", expected)
    if entity is not None:
        return entity
    depth = elements = 0
    leaf = ""  # the data element just read: its optional end tag closes nothing
    for match in OFX_TAG.finditer(text):
        closing, tag, after = match.group(1), match.group(2).strip().upper(), match.group(3)
        if closing:
            if tag != leaf:
                depth = max(depth - 1, 0)
            leaf = ""
            continue
        elements += 1
        leaf = tag if after.strip() else ""
        depth += 0 if leaf else 1
        if depth > MAX_DEPTH or elements > MAX_ELEMENTS:
            line, column = _line_column(text, match.start())
            error = too_deep(line, column) if depth > MAX_DEPTH else too_many(line, column)
            return shape_problem(file, error, expected)
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
