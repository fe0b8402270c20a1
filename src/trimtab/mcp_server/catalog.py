"""The MCP resources: what an assistant may read besides the tools' answers.

- ``trimtab://schema/NAME``: the JSON Schema of every document (``trimtab schema NAME``), the
  same text byte for byte.
- ``trimtab://docs/NAME.md``: the file formats and the tax rules in words (docs/), when the
  server runs from a source tree (an installed wheel ships no docs/, so none is listed).
- ``trimtab://rules/PATH``: the shipped rule data the computations use, each number with its
  source beside it (Rev. Proc. and page, IRS table): the federal tax parameters per year, the
  RMD table, the tax-efficiency table of the location review.

Each entry reads its text only when asked for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from trimtab.report.json.schemas import SCHEMAS

DOCS = (
    ("household-format.md", "The household file (trimtab.household/1): every section and field"),
    ("trades-format.md", "The trade list file (trimtab.trades/1) that the check tool reads"),
    ("plan-format.md", "The plan document (trimtab.plan/1), field by field"),
    ("tax-rules.md", "The tax rules implemented, each with its source"),
    ("wash-sales.md", "The wash-sale rules and how trimtab applies them across accounts"),
    ("settings.md", "The settings (mode, bands, costs, tax budget) and firm-wide defaults"),
)
RULES = (
    ("tax/federal", "Federal tax parameters for {stem}: brackets, 0%/15% tops, NIIT, loss limit"),
    ("rmd", "The IRS Uniform Lifetime Table for required minimum distributions"),
    ("location", "Tax efficiency of each asset class, for the asset-location review"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One resource.

    uri: its address, ``trimtab://...``. name: a short name. description: what it holds.
    mime_type: its media type. read: its text.
    """

    uri: str
    name: str
    description: str
    mime_type: str
    read: Callable[[], str]


def entries() -> tuple[Entry, ...]:
    """Every resource: the schemas, the docs found, the rule data."""
    return (*_schemas(), *_docs(docs_folder()), *_rules())


def _schemas() -> tuple[Entry, ...]:
    return tuple(
        Entry(
            uri=f"trimtab://schema/{name}",
            name=f"schema {name}",
            description=f"The JSON Schema of the trimtab {name} document (trimtab schema {name})",
            mime_type="application/schema+json",
            read=_schema_text(name),
        )
        for name in SCHEMAS
    )


def schema_text(name: str) -> str:
    """The text ``trimtab schema NAME`` prints."""
    return json.dumps(SCHEMAS[name](), indent=2) + "\n"


def _schema_text(name: str) -> Callable[[], str]:
    return lambda: schema_text(name)


def docs_folder() -> Path | None:
    """The source tree's docs/ folder (None when trimtab runs from an installed wheel)."""
    here = Path(__file__).resolve().parents[3]
    docs = here / "docs"
    return docs if (here / "pyproject.toml").is_file() and docs.is_dir() else None


def _docs(folder: Path | None) -> tuple[Entry, ...]:
    if folder is None:
        return ()
    return tuple(
        Entry(
            uri=f"trimtab://docs/{name}",
            name=name,
            description=description,
            mime_type="text/markdown",
            read=_file_text(folder / name),
        )
        for name, description in DOCS
        if (folder / name).is_file()
    )


def _file_text(path: Path | Traversable) -> Callable[[], str]:
    return lambda: path.read_text(encoding="utf-8")


def _rules() -> tuple[Entry, ...]:
    data = files("trimtab").joinpath("data")
    found: list[Entry] = []
    for folder, description in RULES:
        where = data.joinpath(folder)
        for item in sorted(where.iterdir(), key=lambda t: t.name):
            if item.name.endswith(".yaml"):
                stem = item.name.removesuffix(".yaml")
                found.append(
                    Entry(
                        uri=f"trimtab://rules/{folder}/{item.name}",
                        name=f"{folder}/{item.name}",
                        description=description.format(stem=stem),
                        mime_type="application/yaml",
                        read=_file_text(item),
                    )
                )
    return tuple(found)
