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
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from trimtab import __version__, commands
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
from trimtab.model.enums import Mode, ReliefMethod, SolverKind, TradeFileKind
from trimtab.model.household import Household
from trimtab.output import atomic_write, import_lock

if TYPE_CHECKING:
    from trimtab.report.book_records import HouseholdResult
from trimtab.pipeline import (
    PlanOptions,
    check_household,
    check_trade_file,
    location_overview,
    tax_overview,
)
from trimtab.report.console.common import (
    console_for,
    drift_table_view,
    problems_text,
    securities_table,
    state_tables,
    state_totals,
    summary_table,
)
from trimtab.report.json.schemas import SCHEMAS
from trimtab.rules.lookup import find_securities
from trimtab.rules.securities import load_master

app = typer.Typer(
    name="trimtab",
    help="Tax-aware rebalancing of a household's accounts.",
    no_args_is_help=True,
    add_completion=True,  # typer's own: --install-completion / --show-completion
    rich_markup_mode=None,  # plain help: defaults shown, no `<bool>` beside the flags
    pretty_exceptions_enable=False,
)
# Colour on a terminal; plain (no escape codes, ASCII borders, 160 columns) when piped or
# NO_COLOR is set (report/console/common.py: console_for).
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
        _emit(commands.validate(str(file), problems))
    else:
        if problems:
            err.print(problems_text(problems), end="")
        if household is not None:
            out.print(summary_table(household))
            out.print(f"{file}: valid", style="green")
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
    """Print a command's JSON document (built in trimtab.commands, as the MCP server's)."""
    sys.stdout.buffer.write(commands.render(document))


@app.command()
def state(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Current state: value, cost and unrealized gain per lot, holding and account."""
    household = _household_or_exit(file, settings)
    if json_out:
        _emit(commands.state(household))
        return
    result = household_state(household)
    for table in state_tables(household, result):
        out.print(table)
    out.print(state_totals(result))
    _print_concentration(household)


@app.command()
def drift(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Drift: target vs current % per asset class, $ over/under, and the bands."""
    household = _household_or_exit(file, settings)
    if json_out:
        _emit(commands.drift(household))
        return
    result = drift_table(household)
    out.print(drift_table_view(household, result))
    outside = ", ".join(r.asset_class.label for r in result.outside) or "none"
    out.print(f"Outside their band: {outside}")
    _print_concentration(household)


def _print_concentration(household: Household) -> None:
    """A line per single stock above the concentration limit (none: nothing)."""
    from trimtab.analysis.concentration import concentrated_positions
    from trimtab.report.console.concentration import concentration_lines

    for line in concentration_lines(concentrated_positions(household)):
        out.print(line)


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
    from trimtab.report.console.tax import check_tables

    household, warnings = _household_and_warnings(file, settings)
    try:
        if json_out:
            _emit(commands.check(household, trades, warnings=warnings, relief_method=relief_method))
            return
        result = check_trade_file(household, trades, relief_method=relief_method)
    except InputError as exc:
        err.print(problems_text(exc.problems), end="")
        raise typer.Exit(ExitCode.INPUT_PROBLEMS) from None
    if result.warnings:
        err.print(problems_text(result.warnings), end="")
    for table in check_tables(household, result):
        out.print(table)


@app.command()
def tax(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Tax view: unrealized gains, harvestable losses, wash-sale calendar, RMDs, the estimate."""
    from trimtab.report.console.tax import tax_tables

    household, warnings = _household_and_warnings(file, settings)
    if json_out:
        _emit(commands.tax(household, warnings))
        return
    overview = tax_overview(household)
    if overview.warnings:
        err.print(problems_text(overview.warnings), end="")
    for table in tax_tables(household, overview):
        out.print(table)


@app.command()
def location(file: FileArg, json_out: JsonOpt = False, settings: SettingsOpt = None) -> None:
    """Asset-location review: yearly tax drag now and at the best location, and the moves."""
    from trimtab.report.console.location import location_view

    household = _household_or_exit(file, settings)
    if json_out:
        _emit(commands.location(household))
        return
    review = location_overview(household)  # the household's warnings are printed already
    out.print(location_view(review))


@app.command()
def securities(
    query: Annotated[str, typer.Argument(help="Words to find in symbol, name, index, tags.")] = "",
    json_out: JsonOpt = False,
) -> None:
    """List the shipped securities master, or the rows matching QUERY."""
    if json_out:
        _emit(commands.securities(query))
    else:
        out.print(securities_table(find_securities(load_master(), query)))


ModeOpt = Annotated[
    Mode | None,
    typer.Option(
        "--mode", help="What the plan aims for.  [default: the file's settings.mode, else band]"
    ),
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
    typer.Option(
        "--out",
        help="Write plan.json, plan.xlsx, report.html, review.html (and trade files) here.",
    ),
]
TradeFileOpt = Annotated[
    list[TradeFileKind] | None,
    typer.Option(
        "--trade-file",
        help="Also write a trade file: generic (every account, and one file per custodian) or "
        "one custodian's accounts (repeatable; with --out; docs/trade-files.md).",
    ),
]
PdfOpt = Annotated[
    bool,
    typer.Option(
        "--pdf", help="Also print report.html to report.pdf (headless Chromium; with --out)."
    ),
]


JournalOpt = Annotated[
    str | None,
    typer.Option(
        "--journal",
        envvar="TRIMTAB_JOURNAL",
        help="Record the run in this journal: an SQLite path, a database URL "
        "(postgresql+psycopg://…) or `default` (the user data folder); its executed trades "
        "become recent transactions (docs/journal.md).  [env: TRIMTAB_JOURNAL]",
        show_envvar=False,
    ),
]
UserOpt = Annotated[
    str | None,
    typer.Option("--user", help="Who runs it, for the journal (default: the OS user)."),
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
    pdf: PdfOpt = False,
    journal: JournalOpt = None,
    user: UserOpt = None,
) -> None:
    """Plan the trades that bring the household back inside its bands, tax-aware."""
    if trade_files and out_dir is None:
        raise typer.BadParameter("--trade-file writes into the --out folder: give --out DIR")
    if out_dir is not None:
        _check_out_dir(out_dir)
    if pdf:
        _check_pdf(out_dir)
    household, problems = check_household(
        file, settings_file=settings, overrides={"mode": mode.value if mode else None}
    )
    if problems:
        err.print(problems_text(problems), end="")
    if household is None:
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)
    options = PlanOptions(relief_method=relief_method, solver=solver)
    journaled = None if journal is None else _JournalRun.open(journal)
    if journaled is not None:
        household = journaled.with_executed(household)
    started = time.perf_counter()
    try:
        run = commands.plan(
            household, input_sha256=commands.input_sha256(file.read_bytes()), options=options
        )
    except InfeasibleError as exc:
        err.print(f"trimtab: {exc}")
        raise typer.Exit(ExitCode.INFEASIBLE) from exc
    seconds = time.perf_counter() - started
    report = run.report
    if report.plan.warnings:
        err.print(problems_text(report.plan.warnings), end="")
    if out_dir is not None:
        _write_outputs(out_dir, run, trade_files or [], pdf=pdf)
    if json_out:
        _emit(run.document)
    else:
        from trimtab.report.console.plan import (
            plan_view,  # the console's tables: not for --json
        )

        screen = console_for(sys.stdout)  # decided now, for the stream the plan goes to
        for part in plan_view(report):
            screen.print(part)
    if journaled is not None:
        choices = {"mode": mode, "relief_method": relief_method, "solver": solver}
        journaled.record(run, file, user, {k: v and v.value for k, v in choices.items()}, seconds)


class _JournalRun:
    """`plan --journal`: the journal opened before planning (its executed trades feed the
    household's transactions) and the run recorded after every output is written. A journal
    that cannot be opened or written never stops the plan: its files are written and printed,
    then the message goes to standard error and the exit code is 2."""

    def __init__(self, journal: Any, failure: str) -> None:
        self.journal = journal
        self.failure = failure

    @classmethod
    def open(cls, target: str) -> _JournalRun:
        from trimtab.errors import JournalError
        from trimtab.journal import open_journal

        try:
            return cls(open_journal(target), "")
        except JournalError as exc:
            return cls(None, str(exc))

    def with_executed(self, household: Household) -> Household:
        """The household with the journal's executed trades among its recent transactions."""
        from trimtab.errors import JournalError
        from trimtab.journal import with_executed

        if self.journal is None:
            return household
        try:
            household, added = with_executed(self.journal, household)
        except JournalError as exc:
            self.failure = str(exc)
            return household
        if added:
            err.print(f"journal: {added} executed trade(s) added to the recent transactions")
        return household

    def record(
        self,
        run: commands.PlanRun,
        file: Path,
        user: str | None,
        options: dict[str, str | None],
        seconds: float,
    ) -> None:
        """Record the run (after the outputs); exit 2 when the journal failed at any point."""
        from trimtab.errors import JournalError
        from trimtab.journal import current_user, record_run

        if self.journal is not None and not self.failure:
            try:
                text = file.read_bytes().decode("utf-8", errors="replace")
                recorded = record_run(
                    self.journal,
                    run.report,
                    run.document,
                    text,
                    user=current_user(user),
                    options=options,
                    seconds=seconds,
                )
                err.print(f"journal: recorded run {recorded.number} ({self.journal.where})")
            except JournalError as exc:
                self.failure = str(exc)
        self.finish()

    def record_household(
        self,
        result: HouseholdResult,
        out_dir: Path,
        settings: Path | None,
        user: str | None,
        options: dict[str, str | None],
    ) -> None:
        """`book --journal`: record one planned household of the book as its own run, from the
        plan.json the book wrote for it (the same document `plan --out` writes)."""
        from trimtab.errors import JournalError
        from trimtab.journal import current_user, record_document

        if self.journal is None or self.failure or not result.planned:
            return
        try:
            document = json.loads((out_dir / result.key / "plan.json").read_bytes())
            text = Path(result.file).read_bytes().decode("utf-8", errors="replace")
            household, _ = check_household(result.file, settings_file=settings)
            if household is None:
                return
            recorded = record_document(
                self.journal, document, text, household, user=current_user(user), options=options
            )
            err.print(
                f"journal: {result.key}: recorded run {recorded.number} ({self.journal.where})",
                markup=False,
            )
        except (JournalError, OSError, ValueError) as exc:
            self.failure = str(exc)

    def finish(self) -> None:
        """Close the journal; exit 2 when it failed at any point (the outputs are written)."""
        if self.journal is not None:
            self.journal.close()
        if self.failure:
            err.print(f"trimtab: {self.failure}; the run was not recorded", markup=False)
            raise typer.Exit(ExitCode.INPUT_PROBLEMS)


def _write_outputs(
    out_dir: Path, run: commands.PlanRun, trade_files: list[TradeFileKind], *, pdf: bool = False
) -> None:
    """Every output of `plan --out`, written as one run (output.write_run), and where it went."""
    written = commands.write_plan(out_dir, run, trade_files, pdf=pdf)
    if written.warnings:
        err.print(problems_text(written.warnings), end="")
    for path in written.written:
        err.print(f"wrote {path}", markup=False)
    for path in written.removed:
        err.print(f"removed {path} (of the previous run)", markup=False)


def _check_out_dir(out_dir: Path) -> None:
    """`--out` must be a folder trimtab may write in (made when missing): checked before any
    work, so a wrong path costs no plan; what is wrong goes to standard error, exit 2."""
    import os

    wrong = ""
    if out_dir.exists() and not out_dir.is_dir():
        wrong = "is a file, not a folder; give a folder (made when missing) for the outputs"
    else:
        existing = next(p for p in (out_dir, *out_dir.parents) if p.exists())
        if not existing.is_dir():
            wrong = f"cannot be made: {existing} is a file, not a folder"
        elif not os.access(existing, os.W_OK | os.X_OK):
            wrong = f"cannot be written: no permission to write in {existing}"
    if wrong:
        err.print(f"trimtab: --out {out_dir}: {wrong}", markup=False)
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)


def _check_pdf(out_dir: Path | None) -> None:
    """`--pdf` needs `--out` and a headless Chromium: say so before planning anything."""
    from trimtab.report.pdf import INSTALL_HINT, PdfUnavailable, find_chromium

    if out_dir is None:
        raise typer.BadParameter("--pdf writes report.pdf into the --out folder: give --out DIR")
    if find_chromium() is None:
        raise PdfUnavailable(f"--pdf needs headless Chromium, not installed here: {INSTALL_HINT}")


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
    from trimtab.report.json.imports import import_document

    if list_formats:
        for name, description, origin in format_list():
            out.print(f"{name:<20} {description} ({origin})", markup=False)
        return
    if not sources or into is None:
        raise typer.BadParameter("give the exports and --into FILE (or --list-formats)")
    new_file = not into.exists()
    # One import at a time into a household: read, merge and write under its lock (output.py).
    with import_lock(into, on_wait=lambda message: err.print(message, markup=False)):
        result = run_import(sources, into, account_map, check=_validate_text)
        if result.ok and result.text is not None and result.summary.changed:
            atomic_write(into, result.text.encode("utf-8"))
    if json_out:
        _emit(import_document(result))
    else:
        if result.problems:
            err.print(problems_text(result.problems), end="")
        for line in result.summary.lines():
            if not (new_file and line == f"{result.summary.into}: unchanged"):
                out.print(line, markup=False)
        if result.ok and result.summary.changed:
            out.print(f"{into}: written", markup=False)
        elif not result.ok and new_file:
            out.print(
                f"{into}: a new file, created once the problems above are fixed (nothing written)",
                markup=False,
            )
        elif not result.ok:
            out.print(f"{into}: nothing written", markup=False)
    if not result.ok:
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)


def _validate_text(file: str, text: str) -> tuple[Problem, ...]:
    """Every problem `trimtab validate` reports for ``text`` (the import checks the merged file)."""
    return check_household(file, text=text)[1]


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


@app.command()
def book(
    households: Annotated[
        list[str], typer.Argument(help="Household files, folders of them, or globs.")
    ],
    out_dir: Annotated[
        Path,
        typer.Option("--out", help="Write book.json/.xlsx/.html, block trades and DIR/<key>/."),
    ],
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Local worker processes (default: one per core)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="A running Dask scheduler, tcp://HOST:PORT."),
    ] = None,
    monitor_only: Annotated[
        bool,
        typer.Option("--monitor-only", help="Drift, cash and RMD status only; plan nothing."),
    ] = False,
    mode: ModeOpt = None,
    settings: SettingsOpt = None,
    relief_method: ReliefOpt = None,
    trade_files: TradeFileOpt = None,
    solver: SolverOpt = SolverKind.LP,
    json_out: JsonOpt = False,
    journal: JournalOpt = None,
    user: UserOpt = None,
) -> None:
    """Plan every household of a book, locally or on a Dask cluster (docs/book.md)."""
    from trimtab.book import BookOptions, run_book
    from trimtab.book.progress import BookProgress
    from trimtab.errors import BookError

    if workers is not None and scheduler is not None:
        raise typer.BadParameter("--workers sizes a local cluster: not with --scheduler")
    _check_out_dir(out_dir)
    options = BookOptions(
        out_dir=str(out_dir),
        settings_file=None if settings is None else str(settings),
        mode=mode,
        relief_method=relief_method,
        solver=solver,
        trade_files=tuple(trade_files or ()),
        monitor_only=monitor_only,
    )
    bars: list[BookProgress] = []
    journaled = None if journal is None or monitor_only else _JournalRun.open(journal)
    choices = {"mode": mode and mode.value, "solver": solver.value, "book": "yes"}

    def record(result: HouseholdResult) -> None:
        if journaled is not None:
            journaled.record_household(result, out_dir, settings, user, choices)

    try:
        run = run_book(
            households,
            options,
            workers=workers,
            scheduler=scheduler,
            on_start=lambda total: bars.append(BookProgress(sys.stderr, total)),
            on_result=lambda result: bars[0].update(result),
            record=record,
        )
    except InputError as exc:
        err.print(problems_text(exc.problems), end="")
        raise typer.Exit(ExitCode.INPUT_PROBLEMS) from None
    finally:
        for bar in bars:
            bar.close()
    for path in run.written:
        err.print(f"wrote {path}", markup=False)
    if json_out:
        sys.stdout.buffer.write((Path(options.out_dir) / "book.json").read_bytes())
    if journaled is not None:
        journaled.finish()
    if run.failed:
        partial = BookError(
            f"{run.failed} of {run.summary.totals.households} households failed "
            f"(see {out_dir / 'book.json'})"
        )
        err.print(f"trimtab: {partial}", markup=False)
        raise typer.Exit(partial.exit_code)


@app.command("mcp")
def mcp_(
    roots: Annotated[
        list[Path] | None,
        typer.Option(
            "--root",
            metavar="<path>",
            help="A folder the server may read (repeatable; default: this folder).",
        ),
    ] = None,
    allow_write: Annotated[
        bool,
        typer.Option("--allow-write", help="Let the plan tool write into an `out` folder."),
    ] = False,
    http: Annotated[
        bool, typer.Option("--http", help="Serve streamable HTTP on 127.0.0.1, not stdio.")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="The HTTP port (with --http).")] = 8765,
) -> None:
    """Run trimtab as an MCP server for assistants (docs/assistant.md)."""
    from trimtab.mcp_server.roots import Roots
    from trimtab.mcp_server.server import serve

    for root in roots or ():
        if not root.is_dir():
            raise typer.BadParameter(f"{root} is not a folder", param_hint="--root")
    serve(Roots.of(tuple(roots or ()), allow_write=allow_write), http=http, port=port)


@app.command("serve")
def serve_(
    journal: Annotated[
        str,
        typer.Option(
            "--journal",
            envvar="TRIMTAB_JOURNAL",
            show_envvar=False,
            help="The run journal: an SQLite path, a URL or `default`.  [env: TRIMTAB_JOURNAL]",
        ),
    ],
    book_dir: Annotated[
        Path, typer.Option("--book", help="The book folder (`trimtab book ... --out DIR`).")
    ],
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow a --host other machines can reach (token)."),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="TRIMTAB_TOKEN", help="The access token (--allow-remote)."),
    ] = None,
    user: UserOpt = None,
) -> None:
    """Serve the book and its plans as a local web app: review, approve, re-plan (docs/web.md)."""
    from trimtab.web.serve import ServeError, prepare

    try:
        served = prepare(
            journal, book_dir, host=host, allow_remote=allow_remote, token=token, user=user
        )
    except ServeError as exc:
        err.print(f"trimtab: {exc}", markup=False)
        raise typer.Exit(ExitCode.INPUT_PROBLEMS) from None
    err.print(f"trimtab serve: {served.url(host, port)}  (Ctrl-C stops it)", markup=False)
    served.run(host=host, port=port)


journal_app = typer.Typer(
    name="journal",
    help="The run journal: list, show, approve, reject, record executions, verify, export "
    "(docs/journal.md).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(journal_app, name="journal")

WhichJournalOpt = Annotated[
    str,
    typer.Option(
        "--journal",
        envvar="TRIMTAB_JOURNAL",
        help="An SQLite path, a database URL or `default` (the user data folder).  "
        "[env: TRIMTAB_JOURNAL]",
        show_envvar=False,
    ),
]
RunArg = Annotated[int, typer.Argument(help="The run's number (trimtab journal list).")]
NoteOpt = Annotated[str, typer.Option("--note", help="A note kept with the step.")]


def _journal(target: str) -> Any:
    """The open journal, or its message on standard error and exit 2."""
    from trimtab.errors import JournalError
    from trimtab.journal import open_journal

    try:
        return open_journal(target)
    except JournalError as exc:
        err.print(f"trimtab: {exc}", markup=False)
        raise typer.Exit(ExitCode.INPUT_PROBLEMS) from None


def _journal_step(target: str, step: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one journal function on the open journal; its JournalError is exit 2."""
    from trimtab.errors import JournalError

    with _journal(target) as journal:
        try:
            return step(journal, *args, **kwargs)
        except JournalError as exc:
            err.print(f"trimtab: {exc}", markup=False)
            raise typer.Exit(ExitCode.INPUT_PROBLEMS) from None


@journal_app.command("list")
def journal_list(
    household: Annotated[
        str | None, typer.Option("--household", help="Only this household's runs.")
    ] = None,
    journal: WhichJournalOpt = "default",
    json_out: JsonOpt = False,
) -> None:
    """The runs recorded: number, household, when, who, status."""
    from trimtab.journal import journal_document, list_runs, render_json
    from trimtab.journal.console import runs_table

    runs = _journal_step(journal, list_runs, household=household)
    if json_out:
        sys.stdout.buffer.write(render_json(journal_document(runs)))
    else:
        out.print(runs_table(runs))


@journal_app.command("show")
def journal_show(
    run: RunArg, journal: WhichJournalOpt = "default", json_out: JsonOpt = False
) -> None:
    """One run: its facts, trades with their rationale and fills, and its workflow steps."""
    from trimtab.journal import journal_document, list_runs, render_json
    from trimtab.journal.console import run_view

    runs = _journal_step(journal, list_runs, run=run)
    if not runs:
        err.print(f"trimtab: journal {journal}: no run {run}", markup=False)
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)
    if json_out:
        sys.stdout.buffer.write(render_json(journal_document(runs)))
    else:
        out.print(run_view(runs[0]))


@journal_app.command("approve")
def journal_approve(
    run: RunArg, note: NoteOpt = "", journal: WhichJournalOpt = "default", user: UserOpt = None
) -> None:
    """Approve a proposed run (a note is required when an account is not discretionary)."""
    from trimtab.journal import approve, current_user

    done = _journal_step(journal, approve, run, user=current_user(user), note=note)
    out.print(f"run {done.number}: {done.status.value}", markup=False)


@journal_app.command("reject")
def journal_reject(
    run: RunArg,
    note: Annotated[str, typer.Option("--note", help="Why the run is rejected (required).")],
    journal: WhichJournalOpt = "default",
    user: UserOpt = None,
) -> None:
    """Reject a proposed run, saying why."""
    from trimtab.journal import current_user, reject

    done = _journal_step(journal, reject, run, user=current_user(user), note=note)
    out.print(f"run {done.number}: {done.status.value}", markup=False)


@journal_app.command("executed")
def journal_executed(
    run: RunArg,
    fills: Annotated[
        Path | None,
        typer.Option("--fills", help="A CSV of executions: trade,quantity,price[,date]."),
    ] = None,
    all_trades: Annotated[
        bool, typer.Option("--all", help="Every trade filled in full at its planned price.")
    ] = False,
    trade: Annotated[str | None, typer.Option("--trade", help="One trade (P1…) filled.")] = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="With --trade: shares (default: the rest).")
    ] = None,
    price: Annotated[
        str | None, typer.Option("--price", help="With --trade: the price (default: planned).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Trade date YYYY-MM-DD (default: today).")
    ] = None,
    note: NoteOpt = "",
    journal: WhichJournalOpt = "default",
    user: UserOpt = None,
) -> None:
    """Record executions of an approved run: a CSV of fills, one trade, or every trade."""
    import datetime as dt

    from trimtab.journal import current_user, list_runs, record_fills
    from trimtab.journal.fills_csv import read_fills

    if sum((fills is not None, all_trades, trade is not None)) != 1:
        raise typer.BadParameter("give one of --fills CSV, --all or --trade ID")
    try:
        day = dt.date.fromisoformat(date) if date else dt.datetime.now(dt.UTC).date()
    except ValueError:
        raise typer.BadParameter(f"--date {date}: not a date (YYYY-MM-DD)") from None
    if fills is not None:
        try:
            text = fills.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise typer.BadParameter(f"--fills {fills}: {exc.strerror}") from None
        found, problems = read_fills(str(fills), text, default_date=day)
        if problems:
            err.print(problems_text(problems), end="")
            raise typer.Exit(ExitCode.INPUT_PROBLEMS)
    else:
        runs = _journal_step(journal, list_runs, run=run)
        if not runs:
            err.print(f"trimtab: journal {journal}: no run {run}", markup=False)
            raise typer.Exit(ExitCode.INPUT_PROBLEMS)
        found = _planned_fills(runs[0], trade, quantity, price, day)
    done = _journal_step(journal, record_fills, run, found, user=current_user(user), note=note)
    out.print(f"run {done.number}: {done.status.value}", markup=False)


def _planned_fills(
    run: Any, trade: str | None, quantity: str | None, price: str | None, day: Any
) -> tuple[Any, ...]:
    """`--all` or `--trade`: fills of the rest of the planned quantity at the planned price."""
    from decimal import Decimal, InvalidOperation

    from trimtab.journal import Fill

    wanted = [t for t in run.trades if trade is None or t["id"] == trade.upper()]
    rest = {t["id"]: Decimal(t["quantity"]) - run.filled(t["id"]) for t in wanted}
    if trade is not None and not wanted:
        raise typer.BadParameter(f"run {run.number} has no trade {trade}", param_hint="--trade")
    try:
        fills = tuple(
            Fill(
                trade=t["id"],
                date=day,
                quantity=Decimal(quantity) if quantity else rest[t["id"]],
                price=Decimal(price) if price else Decimal(t["price"]),
            )
            for t in wanted
        )
    except InvalidOperation:
        raise typer.BadParameter("--quantity and --price take numbers") from None
    return tuple(f for f in fills if f.quantity > 0)


@journal_app.command("verify")
def journal_verify(journal: WhichJournalOpt = "default") -> None:
    """Check the hash chain: name every edited or removed entry (exit 2 when any)."""
    from trimtab.journal import verify
    from trimtab.journal.console import verification_text

    result = _journal_step(journal, verify)
    (out if result.ok else err).print(verification_text(result))
    if not result.ok:
        raise typer.Exit(ExitCode.INPUT_PROBLEMS)


@journal_app.command("export")
def journal_export(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Write journal-export.csv and journal-export.json here.")
    ],
    household: Annotated[
        str | None, typer.Option("--household", help="Only this household's runs.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day recorded, YYYY-MM-DD (UTC).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day recorded, YYYY-MM-DD (UTC).")
    ] = None,
    journal: WhichJournalOpt = "default",
) -> None:
    """Export runs for an examiner: one CSV row per trade (memorandum fields) and the JSON."""
    import datetime as dt

    from trimtab.journal import export_csv, in_period, journal_document, list_runs, render_json

    try:
        first = dt.date.fromisoformat(start) if start else None
        last = dt.date.fromisoformat(end) if end else None
    except ValueError:
        raise typer.BadParameter("--from and --to take dates YYYY-MM-DD") from None
    _check_out_dir(out_dir)
    runs = _journal_step(journal, list_runs, household=household)
    chosen = tuple(r for r in runs if in_period(r, first, last))
    written = (
        atomic_write(out_dir / "journal-export.csv", export_csv(chosen)),
        atomic_write(out_dir / "journal-export.json", render_json(journal_document(chosen))),
    )
    for path in written:
        err.print(f"wrote {path}", markup=False)


def main() -> None:
    """Run the CLI: map trimtab's errors to exit codes; never a traceback for user mistakes.

    The console script and ``python -m trimtab`` enter through ``trimtab.__main__.run``, which
    sets the process up (garbage-collector thresholds, one BLAS thread) before importing this.
    """
    from typer.exceptions import Abort, TyperException

    from trimtab.report.console.terminal import escaped

    try:
        code = app(standalone_mode=False)  # usage errors come here, printed as typer would
    except TyperException as exc:  # typer's (click's) words; the user's text in them escaped
        exc.message = escaped(exc.message)
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err.print(f"Error: {exc.message}")
        sys.exit(exc.exit_code)
    except Abort:
        err.print("Aborted!")
        sys.exit(1)
    except TrimtabError as exc:
        err.print(f"trimtab: {exc}")
        sys.exit(exc.exit_code)
    except Exception as exc:  # an internal error: say so plainly, exit 70
        err.print(f"trimtab: internal error: {type(exc).__name__}: {exc}")
        err.print("please report this with the command and input that caused it")
        sys.exit(ExitCode.INTERNAL)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)
