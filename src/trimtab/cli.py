"""The ``trimtab`` command line (typer): thin; it only arranges calls and prints.

Exit codes (docs/cli.md): 0 ok, 2 input problems, 3 no feasible plan, 4 some
households of a book failed, 70 internal error or invariant violation.

Imports on demand: the module level holds only what every command needs (typer, the
console, the pipeline's entry points, which import the optimizer themselves). A command
imports its own renderers, so ``validate``, ``state``, ``drift`` and ``tax`` load no solver,
numpy or scipy, no importer and no report writer; ``plan`` loads the Excel and HTML writers
only with ``--out``; tests/test_cli_imports.py keeps it so.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trimtab import __version__
from trimtab.analysis.drift import drift_table
from trimtab.analysis.state import household_state
from trimtab.errors import (
    ExitCode,
    InfeasibleError,
    InputError,
    Problem,
    Severity,
    TrimtabError,
    errors_only,
)
from trimtab.model.enums import Mode, ReliefMethod, SolverKind
from trimtab.model.household import Household
from trimtab.output import atomic_write
from trimtab.pipeline import (
    PlanOptions,
    check_household,
    check_trade_file,
    location_overview,
    plan_household,
    tax_overview,
)
from trimtab.report.console import (
    console_for,
    drift_table_view,
    problems_text,
    securities_table,
    state_tables,
    state_totals,
    summary_table,
)
from trimtab.report.json_docs import (
    drift_document,
    problems_document,
    render_json,
    securities_document,
    state_document,
)
from trimtab.report.schemas import SCHEMAS
from trimtab.report.trade_files import TradeFileKind
from trimtab.rules.lookup import find_securities
from trimtab.rules.securities import load_master

if TYPE_CHECKING:
    from trimtab.explain.plan import PlanReport

app = typer.Typer(
    name="trimtab",
    help="Tax-aware rebalancing of a household's accounts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Colour on a terminal; plain (no escape codes, ASCII borders, 160 columns) when piped or
# NO_COLOR is set (report/console.py: console_for).
out = console_for(sys.stdout)
err = console_for(sys.stderr, soft_wrap=True)

FileArg = Annotated[Path, typer.Argument(help="The household file (trimtab.household/1 YAML).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a versioned JSON document.")]
SettingsOpt = Annotated[
    Path | None, typer.Option("--settings", help="Firm-wide settings defaults (YAML).")
]


def _version(value: bool) -> None:
    if value:
        out.print(f"trimtab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Tax-aware rebalancing of a household's accounts."""


@app.command()
def validate(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Check a household file; list every problem with file, line and field."""
    household, problems = check_household(file, settings_file=settings)
    if json_out:
        sys.stdout.buffer.write(render_json(problems_document(str(file), problems)))
    else:
        if problems:
            err.print(problems_text(problems), end="")
        if household is not None:
            out.print(summary_table(household))
            out.print(f"[green]{file}: valid[/green]")
    if errors_only(problems):
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)


def _household_or_exit(file: Path, settings: Path | None) -> Household:
    """Load and validate; on errors print them and exit 2; warnings go to standard error."""
    return _household_and_warnings(file, settings)[0]


def _household_and_warnings(
    file: Path, settings: Path | None
) -> tuple[Household, tuple[Problem, ...]]:
    """Load and validate, printing the problems; exit 2 on errors; the warnings found."""
    household, problems = check_household(file, settings_file=settings)
    if problems:
        err.print(problems_text(problems), end="")
    if household is None:
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)
    return household, tuple(p for p in problems if p.severity is Severity.WARNING)


def _emit(document: dict[str, Any]) -> None:
    sys.stdout.buffer.write(render_json(document))


@app.command()
def state(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Current state: value, cost and unrealized gain per lot, holding and account."""
    household = _household_or_exit(file, settings)
    result = household_state(household)
    if json_out:
        _emit(state_document(household, result))
        return
    for table in state_tables(household, result):
        out.print(table)
    out.print(state_totals(result))


@app.command()
def drift(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Drift: target vs current % per asset class, $ over/under, and the bands."""
    household = _household_or_exit(file, settings)
    result = drift_table(household)
    if json_out:
        _emit(drift_document(household, result))
        return
    out.print(drift_table_view(household, result))
    outside = ", ".join(r.asset_class.label for r in result.outside) or "none"
    out.print(f"Outside their band: {outside}")


TradesOpt = Annotated[
    Path,
    typer.Option(
        "--trades", help="The trade list: trimtab.trades/1 YAML or a trimtab.plan/1 JSON."
    ),
]
ReliefOpt = Annotated[
    ReliefMethod | None,
    typer.Option(
        "--relief-method",
        case_sensitive=False,
        help="Relief method for every account this run (sells naming lots keep them).",
    ),
]


@app.command()
def check(
    file: FileArg,
    trades: TradesOpt,
    json_out: JsonOpt = False,
    relief_method: ReliefOpt = None,
    settings: SettingsOpt = None,
) -> None:
    """What-if of a trade list: lots sold, gains, lots after, and the tax with and without."""
    from trimtab.report.tax_console import check_tables
    from trimtab.report.tax_docs import check_document

    household, warnings = _household_and_warnings(file, settings)
    try:
        result = check_trade_file(household, trades, relief_method=relief_method)
    except InputError as exc:
        err.print(problems_text(exc.problems), end="")
        raise typer.Exit(ExitCode.INPUT_PROBLEMS) from None
    if json_out:
        _emit(check_document(household, result, warnings, relief_method))
        return
    if result.warnings:
        err.print(problems_text(result.warnings), end="")
    for table in check_tables(household, result):
        out.print(table)


@app.command()
def tax(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Tax view: unrealized gains, harvestable losses, wash-sale calendar, RMDs, the estimate."""
    from trimtab.report.tax_console import tax_tables
    from trimtab.report.tax_docs import tax_document

    household, warnings = _household_and_warnings(file, settings)
    overview = tax_overview(household)
    if json_out:
        _emit(
            tax_document(
                household,
                state=overview.state,
                harvest=overview.harvest_washes,
                calendar=overview.washes.calendar,
                rmd=overview.rmd,
                estimate=overview.estimate,
                warnings=warnings + overview.warnings,
            )
        )
        return
    if overview.warnings:
        err.print(problems_text(overview.warnings), end="")
    tables = tax_tables(
        household,
        state=overview.state,
        harvest=overview.harvest_washes,
        calendar=overview.washes.calendar,
        rmd=overview.rmd,
        estimate=overview.estimate,
    )
    for table in tables:
        out.print(table)


@app.command()
def location(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Asset-location review: yearly tax drag now and at the best location, and the moves."""
    from trimtab.report.location_console import location_view
    from trimtab.report.location_json import location_document

    household, warnings = _household_and_warnings(file, settings)
    review = location_overview(household)
    if json_out:
        _emit(location_document(household, review))
        return
    if warnings:
        err.print(problems_text(warnings), end="")
    out.print(location_view(review))


@app.command()
def securities(
    query: Annotated[str, typer.Argument(help="Words to find in symbol, name, index, tags.")] = "",
    json_out: JsonOpt = False,
) -> None:
    """List the shipped securities master, or the rows matching QUERY."""
    found = find_securities(load_master(), query)
    if json_out:
        _emit(securities_document(found, query))
    else:
        out.print(securities_table(found))


ModeOpt = Annotated[
    Mode | None, typer.Option("--mode", help="target | band | cash | harvest | location.")
]
SolverOpt = Annotated[
    SolverKind,
    typer.Option(
        "--solver",
        help="lp: the LP-first engine (milliseconds, the default); exact: the mixed-integer "
        "reference model (slow on large households; docs/optimizer.md).",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Write plan.json, plan.xlsx, report.html (and trade files) here."),
]
TradeFileOpt = Annotated[
    list[TradeFileKind] | None,
    typer.Option(
        "--trade-file", help="Also write a custodian trade file (repeatable; with --out)."
    ),
]


@app.command()
def plan(
    file: FileArg,
    mode: ModeOpt = None,
    json_out: JsonOpt = False,
    out_dir: OutOpt = None,
    settings: SettingsOpt = None,
    relief_method: ReliefOpt = None,
    trade_files: TradeFileOpt = None,
    solver: SolverOpt = SolverKind.LP,
) -> None:
    """Plan the trades that bring the household back inside its bands, tax-aware."""
    import hashlib  # OpenSSL: only the plan needs the input's digest

    from trimtab.report.plan_json import plan_document

    if trade_files and out_dir is None:
        raise typer.BadParameter("--trade-file writes into the --out folder: give --out DIR")
    household, problems = check_household(
        file, settings_file=settings, overrides={"mode": mode.value if mode else None}
    )
    if problems:
        err.print(problems_text(problems), end="")
    if household is None:
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)
    try:
        report = plan_household(household, PlanOptions(relief_method=relief_method, solver=solver))
    except InfeasibleError as exc:
        err.print(f"trimtab: {exc}")
        raise typer.Exit(ExitCode.INFEASIBLE) from exc
    if report.plan.warnings:
        err.print(problems_text(report.plan.warnings), end="")
    input_sha256 = hashlib.sha256(file.read_bytes()).hexdigest()
    document = plan_document(report, input_sha256)
    if out_dir is not None:
        _write_outputs(out_dir, report, document, input_sha256, trade_files or [])
    if json_out:
        _emit(document)
        return
    from trimtab.report.plan_console import plan_view  # the console's tables: not for --json

    screen = console_for(sys.stdout)  # decided now, for the stream the plan goes to
    for part in plan_view(report):
        screen.print(part)


def _write_outputs(
    out_dir: Path,
    report: PlanReport,
    document: dict[str, Any],
    input_sha256: str,
    trade_files: list[TradeFileKind],
) -> None:
    """Every output of `plan --out`, each written atomically, and where it went."""
    from trimtab.report.plan_files import plan_files

    rendered = plan_files(report, document, input_sha256, trade_files)
    if rendered.warnings:
        err.print(problems_text(rendered.warnings), end="")
    for name, contents in rendered.files:
        err.print(f"wrote {atomic_write(out_dir / name, contents)}")


@app.command("import")
def import_(
    sources: Annotated[
        list[Path] | None,
        typer.Argument(help="Custodian exports (CSV, Flex Query XML, OFX/QFX, beancount)."),
    ] = None,
    into: Annotated[
        Path | None, typer.Option("--into", help="The household file to update or start.")
    ] = None,
    account_map: Annotated[
        Path | None, typer.Option("--account-map", help="trimtab.account-map/1 YAML.")
    ] = None,
    json_out: JsonOpt = False,
    list_formats: Annotated[
        bool,
        typer.Option("--list-formats", help="List the formats read, third-party ones included."),
    ] = False,
) -> None:
    """Import custodian exports into a household file (written only when nothing is wrong)."""
    from trimtab.importers import format_list, run_import
    from trimtab.report.import_json import import_document

    if list_formats:
        for name, description, origin in format_list():
            out.print(f"{name:<20} {description} ({origin})", markup=False)
        return
    if not sources or into is None:
        raise typer.BadParameter("give the exports and --into FILE (or --list-formats)")
    result = run_import(sources, into, account_map)
    if result.ok and result.text is not None and result.summary.changed:
        atomic_write(into, result.text.encode("utf-8"))
    if json_out:
        _emit(import_document(result))
    else:
        if result.problems:
            err.print(problems_text(result.problems), end="")
        for line in result.summary.lines():
            out.print(line)
        if result.ok and result.summary.changed:
            out.print(f"{into}: written")
        elif not result.ok:
            out.print(f"{into}: nothing written")
    if not result.ok:
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="a document name: " + ", ".join(SCHEMAS))],
) -> None:
    """Print the JSON Schema of a document trimtab reads or writes."""
    make = SCHEMAS.get(name)
    if make is None:
        err.print(f"unknown schema `{name}` (expected one of {', '.join(sorted(SCHEMAS))})")
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)
    sys.stdout.write(json.dumps(make(), indent=2) + "\n")


def main() -> None:
    """Run the CLI: map trimtab's errors to exit codes; never a traceback for user mistakes.

    The console script and ``python -m trimtab`` enter through ``trimtab.__main__.run``, which
    sets the process up (garbage-collector thresholds, one BLAS thread) before importing this.
    """
    try:
        app()
    except TrimtabError as exc:
        err.print(f"trimtab: {exc}")
        sys.exit(exc.exit_code)
    except Exception as exc:  # an internal error: say so plainly, exit 70
        err.print(f"trimtab: internal error: {type(exc).__name__}: {exc}")
        err.print("please report this with the command and input that caused it")
        sys.exit(ExitCode.INTERNAL)
