"""The households of a book: file paths, folders and globs, and each one's output folder name.

``HOUSEHOLDS`` may mix files (``a.yaml``), folders (``clients/``: its ``*.yaml`` and ``*.yml``
files, not its subfolders) and globs (``clients/**/*.yaml``, expanded here so that a shell that
does not expand them still works). Files are kept in the order given, a folder's and a glob's in
name order, each file once. A path that names nothing is kept: it becomes a failed household
("no such file"), as ``trimtab plan`` would report it; a glob that matches nothing is a problem
of the command line.

Each household writes into ``OUT/<key>/``. The key is the file's name without its extension,
made safe for a path: letters, digits, ``.``, ``-`` and ``_`` are kept, any other run of
characters becomes ``-``. Two files with the same key (``a/smith.yaml``, ``b/smith.yaml``, or
``Smith.yaml`` beside ``smith.yaml`` on a case-insensitive disk) get ``-2``, ``-3``, … in the
order given, so no household ever overwrites another.

Example: ``["clients/Rivera household.yaml", "old/rivera-household.yml"]`` gives the keys
``Rivera-household`` and ``rivera-household-2``.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Sequence
from pathlib import Path

from trimtab.book.work import Job
from trimtab.errors import InputError, Problem
from trimtab.source import Source

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_GLOB = re.compile(r"[*?\[]")
SUFFIXES = (".yaml", ".yml")
BOOK_FILES = frozenset({"book.json", "book.xlsx", "book.html"})


def _problem(arg: str, message: str) -> Problem:
    return Problem(
        source=Source(file=arg, line=0, column=0),
        field="HOUSEHOLDS",
        kind="no_households",
        message=message,
        expected="household files, folders of them, or globs",
    )


def expand(households: Sequence[str | Path]) -> tuple[str, ...]:
    """The household files of the arguments, each once (see the module).

    Raises :class:`~trimtab.errors.InputError` when a glob or a folder names no file, or when
    nothing is given.
    """
    found: dict[str, None] = {}
    problems: list[Problem] = []
    for arg in households:
        text = str(arg)
        if _GLOB.search(text) and not Path(text).exists():
            matches = sorted(m for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                problems.append(_problem(text, "the pattern matches no file"))
            found.update(dict.fromkeys(matches))
        elif Path(text).is_dir():
            files = sorted(
                str(p) for p in Path(text).iterdir() if p.suffix in SUFFIXES and p.is_file()
            )
            if not files:
                problems.append(_problem(text, "the folder holds no .yaml or .yml file"))
            found.update(dict.fromkeys(files))
        else:
            found[text] = None
    if not households:
        problems.append(_problem("HOUSEHOLDS", "no household given"))
    if problems:
        raise InputError(tuple(problems))
    return tuple(found)


def safe_name(file: str) -> str:
    """The file's name without its extension, safe for a path (never empty or a dot name)."""
    name = Path(file).name
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    safe = _UNSAFE.sub("-", name).strip("-.")
    return safe or "household"


def _reserved(key: str) -> bool:
    """A name the book's own files use in the output folder (book.json, block-trades.csv, …)."""
    lower = key.lower()
    return lower in BOOK_FILES or (lower.startswith("block-trades") and lower.endswith(".csv"))


def household_keys(files: Sequence[str]) -> tuple[str, ...]:
    """One output folder name per file, unique in the book even on a case-insensitive disk,
    and never one of the book's own file names."""
    taken: set[str] = set()
    keys = []
    for file in files:
        base = safe_name(file)
        key, n = base, 1
        while key.lower() in taken or _reserved(key):
            n += 1
            key = f"{base}-{n}"
        taken.add(key.lower())
        keys.append(key)
    return tuple(keys)


def book_jobs(households: Sequence[str | Path]) -> tuple[Job, ...]:
    """The jobs of a book: every household file with its output folder name."""
    files = expand(households)
    return tuple(Job(key=k, file=f) for k, f in zip(household_keys(files), files, strict=True))
