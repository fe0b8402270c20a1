"""Where a character a file may not hold is: its line and column, never ``0:0``.

A household file (or a trade list) must be UTF-8 text without control characters: YAML allows
the tab, the line breaks (LF, CR, NEL) and the printable characters, nothing else. When the
bytes do not decode, or the text holds a NUL, an escape (ESC), another C0 control, DEL, a C1
control or a lone surrogate, the problem names the line and the column (in characters, 1-based)
of the first one, and the character by its code, so the user can find it in an editor.

Example: ``name: Rivera \\xff household`` on line 4 is "line 4, column 14: byte 0xff is not
UTF-8"; ``name: a<ESC>b`` on line 4 is "control character U+001B at 4:8".
"""

from __future__ import annotations

import re

from trimtab.errors import Problem
from trimtab.source import Source

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""The characters YAML 1.2 refuses in a stream (section 5.1): C0 but tab, LF and CR; DEL; C1
but NEL; surrogates; U+FFFE and U+FFFF."""


def text_source(name: str, text: str, offset: int) -> Source:
    """The line and column (1-based, in characters) of ``text[offset]``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Source(file=name, line=line, column=column)


def byte_source(name: str, data: bytes, offset: int) -> Source:
    """The line and column (1-based; the column in characters) of byte ``data[offset]``."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Source(file=name, line=line, column=column)


def not_utf8_problem(name: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    """The first byte of ``data`` that is not UTF-8, located."""
    bad = data[error.start : error.start + 1].hex()
    return Problem(
        source=byte_source(name, data, error.start),
        field="(document)",
        kind="not_utf8",
        message=f"byte 0x{bad} is not UTF-8 text: the file is in another encoding or damaged",
        expected="UTF-8 text (save the file as UTF-8)",
    )


def first_not_utf8(name: str, data: bytes) -> Problem | None:
    """:func:`not_utf8_problem` of ``data``; None when it decodes (a character cut at the end of
    ``data``, a file's head, counts as decoding)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            return None
        return not_utf8_problem(name, data, error)
    return None


def control_problem(name: str, text: str) -> Problem | None:
    """The first character YAML refuses in ``text``, located; None when there is none."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    code = ord(found.group())
    return Problem(
        source=text_source(name, text, found.start()),
        field="(document)",
        kind="control_character",
        message=f"the control character U+{code:04X} is not allowed in the file",
        expected="printable text; write a control character escaped in a double-quoted "
        'string ("\\e" for ESC), or remove it',
    )
