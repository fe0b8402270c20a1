"""Third-party importers, found through the entry point group ``trimtab.importers``.

A distribution installed beside trimtab may add export formats. Its entry point names an
object (a module, a class instance, a ``SimpleNamespace``) with four attributes:

* ``name``: the format's name, e.g. ``"examplebank-positions"`` (not a built-in one);
* ``description``: what it reads, in words;
* ``sniff(export: ExportText) -> bool``: True when the export is of this format;
* ``read(export: ExportText) -> Extract``: the export's accounts, lots and trades.

Only installed distributions are looked at (``importlib.metadata``); trimtab never imports a
module named in an input file. Foreign code is kept at this boundary: an entry point that
does not load or lacks an attribute is listed as broken (``trimtab import --list-formats``
shows it, and an import warns), and a ``read`` that raises or returns something else becomes
an ``importer_failed`` error naming the file, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from trimtab.errors import Problem, Severity
from trimtab.importers.records import Extract, Format
from trimtab.importers.text.csvread import ExportText
from trimtab.source import Source

GROUP = "trimtab.importers"
"""The entry point group third-party importers register under."""

Sniffer = Callable[[ExportText], bool]
Importer = Callable[[ExportText], Extract]


@dataclass(frozen=True, slots=True, kw_only=True)
class ThirdParty:
    """An importer from an installed distribution.

    name: its format name.
    description: what it reads.
    origin: ``<distribution> (entry point <name>)``.
    sniff: its format test.
    read: its reader.
    """

    name: str
    description: str
    origin: str
    sniff: Sniffer
    read: Importer

    def recognises(self, export: ExportText) -> bool:
        """Its sniffer's answer; False when the sniffer fails."""
        try:
            return bool(self.sniff(export))
        except Exception:  # foreign code: a failing test is a "no"
            return False

    def reader(self, export: ExportText) -> Extract:
        """Its reader's Extract; a failure becomes an ``importer_failed`` problem."""
        try:
            result = self.read(export)
        except Exception as exc:  # foreign code, translated at the boundary
            return self._failed(export, f"raised {type(exc).__name__}: {exc}")
        if not isinstance(result, Extract):
            return self._failed(export, f"returned {type(result).__name__}, not an Extract")
        return result

    def _failed(self, export: ExportText, what: str) -> Extract:
        failure = Problem(
            source=Source(file=export.file, line=0, column=0),
            field="(file)",
            kind="importer_failed",
            message=f"the third-party importer `{self.name}` of {self.origin} {what}",
            expected="a fixed importer, or the export in a built-in format",
        )
        return Extract(file=export.file, format=self.name, problems=(failure,))


@dataclass(frozen=True, slots=True, kw_only=True)
class Broken:
    """An entry point that could not be used.

    name: the entry point's name.
    message: why.
    origin: ``<distribution> (entry point <name>)``.
    """

    name: str
    message: str
    origin: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """The installed third-party importers.

    importers: the usable ones, by entry point name.
    broken: the entry points that could not be used.
    """

    importers: tuple[ThirdParty, ...]
    broken: tuple[Broken, ...]


def third_party() -> Found:
    """Every importer of the ``trimtab.importers`` entry point group, loaded."""
    points = sorted(entry_points(group=GROUP), key=lambda p: p.name)
    loaded = [_load(p) for p in points]
    usable = _unique([x for x in loaded if isinstance(x, ThirdParty)])
    return Found(
        importers=tuple(x for x in usable if isinstance(x, ThirdParty)),
        broken=tuple(x for x in loaded if isinstance(x, Broken))
        + tuple(x for x in usable if isinstance(x, Broken)),
    )


def _origin(point: EntryPoint) -> str:
    dist = point.dist.name if point.dist is not None else "unknown distribution"
    return f"{dist} (entry point {point.name})"


def _load(point: EntryPoint) -> ThirdParty | Broken:
    origin = _origin(point)
    try:
        target: Any = point.load()
    except Exception as exc:  # foreign code, translated at the boundary
        return Broken(name=point.name, message=f"does not load: {exc}", origin=origin)
    name = getattr(target, "name", None)
    description = getattr(target, "description", None)
    sniff = getattr(target, "sniff", None)
    read = getattr(target, "read", None)
    if not isinstance(name, str) or not name or not callable(sniff) or not callable(read):
        return Broken(
            name=point.name,
            message="needs a str `name` and callables `sniff` and `read`",
            origin=origin,
        )
    return ThirdParty(
        name=name,
        description=description if isinstance(description, str) else name,
        origin=origin,
        sniff=sniff,
        read=read,
    )


def _unique(found: list[ThirdParty]) -> list[ThirdParty | Broken]:
    """The first importer of each name; a built-in name or a repeated one is broken."""
    taken = {f.value for f in Format}
    out: list[ThirdParty | Broken] = []
    for item in found:
        if item.name in taken:
            out.append(Broken(name=item.name, message="its name is taken", origin=item.origin))
            continue
        taken.add(item.name)
        out.append(item)
    return out


def load_warnings(found: Found) -> tuple[Problem, ...]:
    """A warning for each broken entry point (they are reported with every import)."""
    return tuple(
        Problem(
            source=Source(file=b.origin),
            field="(entry point)",
            kind="importer_not_loaded",
            message=f"third-party importer `{b.name}` {b.message}",
            expected="an entry point of group trimtab.importers (docs/importers.md)",
            severity=Severity.WARNING,
        )
        for b in found.broken
    )
