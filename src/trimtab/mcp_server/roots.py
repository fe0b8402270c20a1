"""The folders the MCP server may read, and whether it may write: its whole safety policy.

An assistant names files by path. The server reads a path only when, symlinks resolved, it lies
inside one of the folders given with ``--root`` (default: the folder the server started in);
anything else is refused as a Problem naming the argument, never read. A relative path is taken
relative to the first root. Nothing is written, except the files of ``plan`` into an ``out``
folder, and only when the server was started with ``--allow-write`` (the folder must lie inside
a root too).

Example: with ``--root /clients``, ``household: smith/household.yaml`` reads
``/clients/smith/household.yaml``; ``household: ../etc/passwd`` and ``household: /etc/passwd``
are refused (``outside_root``), and so is ``/clients/link.yaml`` when it is a symlink to a file
outside ``/clients``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from trimtab.errors import Problem
from trimtab.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Roots:
    """What the server may touch.

    folders: the ``--root`` folders as given; relative paths are joined to the first, so that
        with the default (``.``) a path names the same file, in the same words, as on the
        command line.
    resolved: the same folders, absolute and with symlinks resolved, for the containment check.
    allow_write: whether ``plan`` may write its files into an ``out`` folder.
    """

    folders: tuple[Path, ...]
    resolved: tuple[Path, ...]
    allow_write: bool = False

    @classmethod
    def of(cls, folders: tuple[Path, ...] = (), *, allow_write: bool = False) -> Roots:
        """The policy for ``folders`` (default: the current folder)."""
        given = folders or (Path("."),)
        return cls(
            folders=given,
            resolved=tuple(Path(os.path.realpath(f)) for f in given),
            allow_write=allow_write,
        )

    def inside(self, path: Path) -> bool:
        """True when ``path``, symlinks resolved, lies inside one of the roots."""
        real = Path(os.path.realpath(path))
        return any(real.is_relative_to(root) for root in self.resolved)

    def path(self, given: str, argument: str) -> Path | Problem:
        """The file an argument names (relative to the first root), or why it is refused."""
        if not given.strip() or "\x00" in given:
            return refused(given, argument, "empty_path", "the path is empty or not a path")
        path = Path(given)
        if not path.is_absolute():
            path = self.folders[0] / path
        if not self.inside(path):
            return refused(
                given,
                argument,
                "outside_root",
                f"{given} is outside the folders this server may read",
                "a path inside " + ", ".join(str(r) for r in self.resolved) + " (--root)",
            )
        return path

    def output(self, given: str, argument: str) -> Path | Problem:
        """The folder ``plan`` may write into, or why not."""
        if not self.allow_write:
            return refused(
                given,
                argument,
                "write_not_allowed",
                "this server writes no files",
                "a server started with --allow-write, or no `out`",
            )
        return self.path(given, argument)


def refused(given: str, argument: str, kind: str, message: str, expected: str = "") -> Problem:
    """A refused argument: a Problem naming the argument (no line: it is not in a file)."""
    return Problem(
        source=Source(file=given or f"<{argument}>", line=0, column=0),
        field=argument,
        kind=kind,
        message=message,
        expected=expected,
    )
