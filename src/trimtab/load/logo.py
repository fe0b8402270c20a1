"""The firm's logo (the ``firm_logo`` setting): read once at load, embedded by the reports.

The path is relative to the file that sets it (the household file, or the ``--settings``
file). The image kind comes from the file's first bytes, not its name: PNG (``\\x89PNG``),
JPEG (``\\xff\\xd8\\xff``) or SVG (text whose first element is ``<svg``). A missing, unreadable,
oversized or other file is a Problem naming the setting, never an exception.
"""

from __future__ import annotations

import re
from pathlib import Path

from trimtab.errors import Problem
from trimtab.model.settings import Logo
from trimtab.source import Source

MAX_LOGO_BYTES = 512 * 1024
SVG_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg\b", re.S)
EXPECTED = f"a PNG, JPEG or SVG file of at most {MAX_LOGO_BYTES // 1024} KiB"


def media_type(data: bytes) -> str | None:
    """The image's media type from its first bytes (None: not PNG, JPEG or SVG)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if SVG_START.match(data[:4096]):
        return "image/svg+xml"
    return None


def read_logo(given: str, base: Path, source: Source) -> tuple[Logo | None, tuple[Problem, ...]]:
    """The logo of the ``firm_logo`` setting ``given``, relative to ``base``, or the problem."""
    path = base / given
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, (_problem(source, "logo_unreadable", f"cannot read {path}: {exc.strerror}"),)
    kind = media_type(data)
    if kind is None:
        return None, (_problem(source, "logo_format", f"{path} is not a PNG, JPEG or SVG image"),)
    if len(data) > MAX_LOGO_BYTES:
        return None, (_problem(source, "logo_size", f"{path} is {len(data)} bytes"),)
    return Logo(media_type=kind, data=data), ()


def _problem(source: Source, kind: str, message: str) -> Problem:
    return Problem(
        source=source, field="settings.firm_logo", kind=kind, message=message, expected=EXPECTED
    )
