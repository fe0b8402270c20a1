"""Each command's result as its versioned JSON document: the CLI's ``--json`` and the MCP server.

One function per command builds the document a command prints with ``--json``, from a loaded,
valid household (or the paths the command reads besides it); :func:`render` gives its bytes
exactly as the CLI prints them. The CLI (``trimtab state FILE --json``) and the MCP server's
tools (``state``) both call these, so the two cannot drift apart.

Loading and validating stays :func:`trimtab.pipeline.check_household`: the problems it finds
are the caller's to print (CLI) or return (MCP). Like the CLI, this module imports what a
command needs inside its function, so that the documents of ``validate``, ``state``, ``drift``
and ``tax`` load no solver, numpy, importer or report writer (tests/test_cli_imports.py).

Example: ``render(drift(household))`` is the bytes of ``trimtab drift FILE --json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trimtab.errors import Problem
from trimtab.model.household import Household
from trimtab.pipeline import PlanOptions
from trimtab.report.json.encode import render_json

if TYPE_CHECKING:
    from trimtab.model.enums import ReliefMethod, TradeFileKind
    from trimtab.results.plan import PlanReport

Document = dict[str, Any]


def render(document: Document) -> bytes:
    """A document's bytes as the CLI prints them: indented UTF-8 JSON and a final newline."""
    return render_json(document)


def validate(file: str, problems: tuple[Problem, ...]) -> Document:
    """``trimtab.problems/1``: the problems of loading and validating ``file`` (validate)."""
    from trimtab.report.json.problems import problems_document

    return problems_document(file, problems)


def state(household: Household) -> Document:
    """``trimtab.state/1``: value, cost and unrealized gain per lot, holding, account."""
    from trimtab.analysis.state import household_state
    from trimtab.report.json.state import state_document

    return state_document(household, household_state(household))


def drift(household: Household) -> Document:
    """``trimtab.drift/1``: target vs current per asset class, dollars over/under, bands."""
    from trimtab.analysis.drift import drift_table
    from trimtab.report.json.drift import drift_document

    return drift_document(household, drift_table(household))


def tax(household: Household, warnings: tuple[Problem, ...] = ()) -> Document:
    """``trimtab.tax/1``: unrealized gains, harvestable losses, wash calendar, RMDs, estimate.

    ``warnings``: the household file's warnings, reported before the wash and RMD warnings.
    """
    from trimtab.pipeline import tax_overview
    from trimtab.report.json.tax import tax_document

    overview = tax_overview(household)
    return tax_document(household, overview, warnings + overview.warnings)


def check(
    household: Household,
    trades: str | Path,
    *,
    warnings: tuple[Problem, ...] = (),
    relief_method: ReliefMethod | None = None,
) -> Document:
    """``trimtab.check/1``: what the trade list ``trades`` realizes and what it costs in tax.

    Raises :class:`~trimtab.errors.InputError` with every problem of the trade list.
    """
    from trimtab.pipeline import check_trade_file
    from trimtab.report.json.check import check_document

    result = check_trade_file(household, trades, relief_method=relief_method)
    return check_document(household, result, warnings, relief_method)


def location(household: Household) -> Document:
    """``trimtab.location/1``: yearly tax drag now and at the best location, and the moves."""
    from trimtab.pipeline import location_overview
    from trimtab.report.json.location import location_document

    return location_document(household, location_overview(household))


def securities(query: str = "") -> Document:
    """``trimtab.securities/1``: the shipped securities master, or the rows matching ``query``."""
    from trimtab.report.json.securities import securities_document
    from trimtab.rules.lookup import find_securities
    from trimtab.rules.securities import load_master

    return securities_document(find_securities(load_master(), query), query)


def input_sha256(data: bytes) -> str:
    """The SHA-256 of the household file's bytes, as the plan document records it."""
    import hashlib  # OpenSSL: only the plan needs the input's digest

    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRun:
    """One plan and its document.

    report: the plan with its explanation (what the console, workbook and HTML render).
    document: the ``trimtab.plan/1`` document (``trimtab plan FILE --json``).
    input_sha256: the digest of the household file's bytes, recorded in the document.
    """

    report: PlanReport
    document: Document
    input_sha256: str


def plan(household: Household, *, input_sha256: str, options: PlanOptions | None = None) -> PlanRun:
    """The plan of a valid household and its ``trimtab.plan/1`` document.

    Raises :class:`~trimtab.errors.InfeasibleError` when no plan meets every constraint.
    """
    from trimtab.pipeline import plan_household
    from trimtab.report.json.plan import plan_document

    report = plan_household(household, options)
    return PlanRun(
        report=report, document=plan_document(report, input_sha256), input_sha256=input_sha256
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class WrittenPlan:
    """What :func:`write_plan` wrote.

    written: the files, in the order written (plan.json, plan.xlsx, report.html, trade files).
    warnings: what the user must do by hand for the trade files (accounts left out, ...), and
        the previous run's files kept because they were changed (output.write_run).
    removed: the previous run's files this run did not write, removed (output.write_run).
    """

    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    removed: tuple[Path, ...] = ()


def write_plan(
    out_dir: Path, run: PlanRun, trade_files: Sequence[TradeFileKind] = (), *, pdf: bool = False
) -> WrittenPlan:
    """Write every output of ``plan --out`` into ``out_dir`` as one run (``pdf``: report.pdf
    too, printed by headless Chromium before anything is written): the folder then holds this
    run's files and none of the previous run's (:func:`trimtab.output.write_run`)."""
    from trimtab.output import write_run
    from trimtab.report.plan_files import plan_files

    rendered = plan_files(run.report, run.document, run.input_sha256, trade_files, pdf=pdf)
    done = write_run(out_dir, rendered.files)
    return WrittenPlan(
        written=done.written, warnings=rendered.warnings + done.warnings, removed=done.removed
    )
