"""Read XML exports into flat elements that remember their line and column.

Only the standard library's expat is used, with entity declarations refused before parsing
(an export has none; refusing them rules out entity-expansion attacks), and expat's own
entity-declaration handler stops the parse should one get past that check. Nesting deeper
than :data:`~trimtab.importers.text.bounds.MAX_DEPTH` levels and more than
:data:`~trimtab.importers.text.bounds.MAX_ELEMENTS` elements are refused while parsing, at the
element that passes the limit, before the elements read so far grow with it. Malformed XML is
a :class:`~trimtab.errors.Problem` naming file, line and column, never an exception.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from trimtab.errors import Problem
from trimtab.importers.text.bounds import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    ShapeError,
    entity_problem,
    shape_problem,
    too_deep,
    too_many,
)
from trimtab.source import Source

EXPECTED = "the XML file as downloaded"


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    """One XML start tag.

    tag: its name.
    attrs: its attributes, as written.
    line, column: where the tag starts (1-based).
    path: the tags of its ancestors, outermost first.
    """

    tag: str
    attrs: Mapping[str, str]
    line: int
    column: int
    path: tuple[str, ...] = field(default=())

    def get(self, name: str) -> str:
        """An attribute's text, stripped ('' when absent)."""
        return self.attrs.get(name, "").strip()


def xml_elements(text: str, file: str) -> tuple[Element, ...] | Problem:
    """Every element of an XML text in document order; a Problem when it is not XML."""
    declared = entity_problem(file, text, "xml_syntax", EXPECTED)
    if declared is not None:
        return declared
    parser = xml.parsers.expat.ParserCreate()
    out: list[Element] = []
    stack: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        if len(stack) >= MAX_DEPTH:
            raise too_deep(line, column)
        if len(out) >= MAX_ELEMENTS:
            raise too_many(line, column)
        element = Element(
            tag=tag,
            attrs=MappingProxyType(dict(attrs)),
            line=line,
            column=column,
            path=tuple(stack),
        )
        out.append(element)
        stack.append(tag)

    def end(tag: str) -> None:
        stack.pop()

    def entity(name: str, *_: object) -> None:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise ShapeError("xml_syntax", line, column, f"the file declares the XML entity {name}")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(text, True)
    except ShapeError as exc:
        return shape_problem(file, exc, EXPECTED)
    except xml.parsers.expat.ExpatError as exc:
        return _problem(file, exc.lineno, exc.offset + 1, f"not well-formed XML: {exc}")
    return tuple(out)


def _problem(file: str, line: int, column: int, message: str) -> Problem:
    return Problem(
        source=Source(file=file, line=line, column=column),
        field="(file)",
        kind="xml_syntax",
        message=message,
        expected=EXPECTED,
    )
