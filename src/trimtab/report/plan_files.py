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
from trimtab.model.enums import TradeFileKind
from trimtab.report.json.encode import render_json
from trimtab.report.trade_files import trade_file_set, trade_file_warnings
from trimtab.results.plan import PlanReport


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFiles:
    """The files of one plan.

    files: (file name, contents) in the order they are written: plan.json, plan.xlsx,
        report.html (the client's), review.html (the advisor's), report.pdf when asked for,
        then the trade files of each kind asked for (the generic kind: trades-generic.csv and
        one trades-generic-<custodian>.csv per custodian whose accounts trade).
    warnings: what the user must do by hand for the trade files (accounts left out, ...).
    """

    files: tuple[tuple[str, bytes], ...]
    warnings: tuple[Problem, ...]


def plan_files(
    report: PlanReport,
    document: dict[str, Any],
    input_sha256: str,
    trade_files: Sequence[TradeFileKind] = (),
    *,
    pdf: bool = False,
) -> PlanFiles:
    """Render every output of a plan: its JSON document, workbook, pages and trade files.

    pdf: also print report.html to report.pdf with headless Chromium (raises
    :class:`~trimtab.report.pdf.PdfUnavailable` when it cannot, before anything is written).
    """
    from trimtab.report.excel import plan_workbook  # XlsxWriter: only when files are written
    from trimtab.report.html import plan_html, review_html  # Jinja2: likewise

    client = plan_html(report)
    files: list[tuple[str, bytes]] = [
        ("plan.json", render_json(document)),
        ("plan.xlsx", plan_workbook(report, input_sha256)),
        ("report.html", client),
        ("review.html", review_html(report, input_sha256)),
    ]
    if pdf:
        from trimtab.report.pdf import html_to_pdf

        files.append(("report.pdf", html_to_pdf(client)))
    warnings: list[Problem] = []
    for kind in dict.fromkeys(trade_files):
        files.extend(trade_file_set(kind, report))
        warnings.extend(trade_file_warnings(kind, report))
    return PlanFiles(files=tuple(files), warnings=tuple(warnings))
