"""The set of files `plan --out` writes for one plan, as bytes (the book writes the same set).

Renderers return bytes; only the CLI and the book runner write them (through
``output.atomic_write``). One list here keeps `trimtab plan --out` and `trimtab book` writing
byte-identical files for the same household.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trimtab.errors import Problem
from trimtab.explain.plan import PlanReport
from trimtab.report.json_docs import render_json
from trimtab.report.trade_files import (
    TRADE_FILES,
    TradeFileKind,
    trade_file_name,
    trade_file_warnings,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFiles:
    """The files of one plan.

    files: (file name, contents) in the order they are written: plan.json, plan.xlsx,
        report.html, then one trade file per kind asked for.
    warnings: what the user must do by hand for the trade files (accounts left out, ...).
    """

    files: tuple[tuple[str, bytes], ...]
    warnings: tuple[Problem, ...]


def plan_files(
    report: PlanReport,
    document: dict[str, Any],
    input_sha256: str,
    trade_files: Sequence[TradeFileKind] = (),
) -> PlanFiles:
    """Render every output of a plan: its JSON document, workbook, report and trade files."""
    from trimtab.report.excel import plan_workbook  # XlsxWriter: only when files are written
    from trimtab.report.html import plan_html  # Jinja2: likewise

    files: list[tuple[str, bytes]] = [
        ("plan.json", render_json(document)),
        ("plan.xlsx", plan_workbook(report, input_sha256)),
        ("report.html", plan_html(report, input_sha256)),
    ]
    warnings: list[Problem] = []
    for kind in dict.fromkeys(trade_files):
        files.append((trade_file_name(kind), TRADE_FILES[kind](report)))
        warnings.extend(trade_file_warnings(kind, report))
    return PlanFiles(files=tuple(files), warnings=tuple(warnings))
