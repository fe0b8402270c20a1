"""One household of a book, as a worker runs it: load, plan, monitor, render, write.

:func:`run_job` never raises for a household's own trouble: a file that does not load, a plan
that is infeasible or an internal error each become a failed :class:`HouseholdResult` with its
problems, so one household never stops the book. It runs in a worker process (or in this one);
it imports no Dask.

Byte for byte what ``trimtab plan FILE --out DIR --json`` writes: the same load
(:func:`trimtab.pipeline.check_household` with the firm settings file and the mode override),
the same plan (:func:`trimtab.commands.plan`, the SHA-256 of the file's bytes) and the same
files (:func:`trimtab.report.plan_files.plan_files`), written as one run by ``output.write_run``
into ``DIR/<key>/`` (no file of the household's previous run stays beside them). A worker
whose working folder is not the caller's (a remote worker on a shared file system) reads the
absolute path and names the file as given, so its problems and documents still say the path
the user typed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from trimtab import commands
from trimtab.errors import InfeasibleError, InputError, Problem, errors_only
from trimtab.model.enums import CashFlowKind, Mode, ReliefMethod, SolverKind, TradeFileKind
from trimtab.model.household import Household
from trimtab.output import write_run
from trimtab.pipeline import PlanOptions, check_household
from trimtab.report.book_records import (
    BookTrade,
    FailureKind,
    HouseholdResult,
    HouseholdStatus,
    Monitor,
    status_of,
)

if TYPE_CHECKING:
    from trimtab.analysis.drift import Drift
    from trimtab.tax.rmd import RmdReport

ZERO = Decimal(0)
X = TypeVar("X")


@dataclass(frozen=True, slots=True, kw_only=True)
class BookOptions:
    """What every household of a book is run with (as ``trimtab plan``'s options).

    out_dir: the book's output folder (absolute). settings_file: the firm settings file (as
    given; None: none). mode / relief_method / solver: as ``plan --mode / --relief-method /
    --solver``. trade_files: the per-household trade files (``plan --trade-file``).
    monitor_only: drift, cash and RMD status only; no plan, nothing written per household.
    cwd: the caller's working folder (relative paths are relative to it).
    """

    out_dir: str
    settings_file: str | None = None
    mode: Mode | None = None
    relief_method: ReliefMethod | None = None
    solver: SolverKind = SolverKind.LP
    trade_files: tuple[TradeFileKind, ...] = ()
    monitor_only: bool = False
    cwd: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One household to run: its folder name in the book and its file as given."""

    key: str
    file: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """A household's result and where its time went (seconds by stage: load, monitor, plan,
    render, write)."""

    result: HouseholdResult
    timings: tuple[tuple[str, float], ...] = ()


class _Clock:
    """Seconds per stage, in the order first timed."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start

    def timed(self, name: str, fn: Callable[[], X]) -> X:
        with self.stage(name):
            return fn()


def _path(file: str, options: BookOptions) -> tuple[str, bool]:
    """The path to read ``file`` at, and whether it is the path as given (same working folder)."""
    if not options.cwd or os.getcwd() == options.cwd or Path(file).is_absolute():
        return file, True
    return str(Path(options.cwd) / file), False


def load(job: Job, options: BookOptions) -> tuple[Household | None, tuple[Problem, ...], bytes]:
    """The household (None when it has errors), its problems and the file's bytes (b'' when
    unreadable), exactly as ``trimtab plan`` loads it."""
    path, as_given = _path(job.file, options)
    settings = None
    if options.settings_file is not None:
        settings = _path(options.settings_file, options)[0]
    overrides = {"mode": options.mode.value if options.mode else None}
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = b""
    if as_given or not data:
        household, problems = check_household(path, settings_file=settings, overrides=overrides)
        return household, problems, data
    text = data.decode("utf-8", errors="surrogateescape").replace("\r\n", "\n").replace("\r", "\n")
    household, problems = check_household(
        job.file, settings_file=settings, overrides=overrides, text=text
    )
    return household, problems, data


def monitor_of(
    household: Household, drift: Drift | None = None, rmd: RmdReport | None = None
) -> Monitor:
    """Drift, cash due, RMD due and harvestable losses of a valid household. ``drift`` / ``rmd``:
    the household's drift table and RMDs when a plan has figured them already (its
    ``drift_before`` and ``rmd``: the same figures, not figured twice)."""
    from trimtab.analysis.drift import drift_table
    from trimtab.analysis.valuation import price
    from trimtab.tax.harvest import harvestable_losses
    from trimtab.tax.rmd import required_distributions

    drift = drift_table(household) if drift is None else drift
    rmd = required_distributions(household) if rmd is None else rmd
    prices = {h.symbol: price(household, h.symbol) for a in household.accounts for h in a.holdings}
    return Monitor(
        total_value=drift.total_value,
        classes_outside=tuple(r.asset_class.value for r in drift.outside),
        max_breach=max((abs(r.drift_pct) - r.width for r in drift.outside), default=ZERO),
        cash_due=sum(
            (f.amount for f in household.cash_flows if f.kind is CashFlowKind.WITHDRAWAL), ZERO
        ),
        rmd_due=rmd.total_remaining,
        harvestable=sum((h.loss for h in harvestable_losses(household, prices)), ZERO),
    )


def book_trades(run: commands.PlanRun) -> tuple[BookTrade, ...]:
    """The plan's trades with their accounts' custodian and number."""
    accounts = {a.id: a for a in reversed(run.report.household.accounts)}
    out = []
    for t in run.report.plan.trades:
        account = accounts.get(t.account)
        custodian = account.custodian if account is not None else None
        out.append(
            BookTrade(
                trade_id=t.id,
                account=t.account,
                account_number=account.number if account is not None else "",
                custodian=custodian.value if custodian is not None else "",
                action=t.action,
                symbol=t.symbol,
                quantity=t.quantity,
                price=t.price,
                amount=t.amount,
            )
        )
    return tuple(out)


def _failed(
    base: HouseholdResult, kind: FailureKind, message: str, problems: tuple[Problem, ...] = ()
) -> HouseholdResult:
    return replace(
        base,
        status=HouseholdStatus.FAILED,
        failure=kind,
        message=message,
        problems=problems or base.problems,
        planned=False,
    )


def run_job(job: Job, options: BookOptions) -> Outcome:
    """Run one household (see the module); never raises for the household's own trouble.

    Its timings are the wall seconds of each stage, then ``cpu``: the CPU seconds of this
    process for the whole household (the machine may be shared; CPU time is what it cost).
    """
    clock = _Clock()
    cpu = time.process_time()
    base = HouseholdResult(key=job.key, file=job.file)
    try:
        result = _run(job, options, base, clock)
    except Exception as exc:  # a bug: this household's result, not the book's end
        result = _failed(base, FailureKind.INTERNAL, f"internal error: {type(exc).__name__}: {exc}")
    timings = (*clock.stages.items(), ("cpu", time.process_time() - cpu))
    return Outcome(result=result, timings=timings)


def run_batch(jobs: tuple[Job, ...], options: BookOptions) -> tuple[Outcome, ...]:
    """Run households one after the other (one Dask task for several: less scheduling per
    household); each outcome is :func:`run_job`'s, in the order of ``jobs``."""
    return tuple(run_job(job, options) for job in jobs)


def _run(job: Job, options: BookOptions, base: HouseholdResult, clock: _Clock) -> HouseholdResult:
    household, problems, data = clock.timed("load", lambda: load(job, options))
    if household is None:
        errors = errors_only(problems)
        first = f": {errors[0]}" if errors else ""
        return _failed(base, FailureKind.INPUT, f"{len(errors)} input problem(s){first}", problems)

    def monitored(drift: Drift | None = None, rmd: RmdReport | None = None) -> HouseholdResult:
        monitor = clock.timed("monitor", lambda: monitor_of(household, drift, rmd))
        return replace(
            base,
            name=household.name,
            as_of=household.as_of,
            status=status_of(monitor),
            monitor=monitor,
            problems=problems,
        )

    if options.monitor_only:
        return monitored()
    try:
        run = clock.timed("plan", lambda: _plan(household, data, options))
    except InfeasibleError as exc:
        return _failed(monitored(), FailureKind.INFEASIBLE, str(exc))
    except InputError as exc:
        return _failed(monitored(), FailureKind.INPUT, str(exc), exc.problems)
    # the plan figured the household's drift and RMDs: the monitor reads them
    result = monitored(run.report.drift_before, run.report.rmd)
    return _written(result, run, options, clock)


def _plan(household: Household, data: bytes, options: BookOptions) -> commands.PlanRun:
    plan_options = PlanOptions(relief_method=options.relief_method, solver=options.solver)
    return commands.plan(household, input_sha256=commands.input_sha256(data), options=plan_options)


def _written(
    result: HouseholdResult, run: commands.PlanRun, options: BookOptions, clock: _Clock
) -> HouseholdResult:
    """Render the plan's files, write them under ``out_dir/<key>/``, and the result."""
    from trimtab.report.plan_files import plan_files

    rendered = clock.timed(
        "render",
        lambda: plan_files(run.report, run.document, run.input_sha256, options.trade_files),
    )
    folder = Path(options.out_dir) / result.key
    with clock.stage("write"):
        done = write_run(folder, rendered.files)  # one run: as `plan --out` (output.write_run)
    return replace(
        result,
        planned=True,
        problems=result.problems + run.report.plan.warnings + rendered.warnings + done.warnings,
        trades=book_trades(run),
        tax=run.report.whatif.marginal.total,
        costs=run.report.plan.costs_total,
        files=tuple(f"{result.key}/{name}" for name, _ in rendered.files),
    )


def warm() -> None:
    """Load the shipped data and the pipeline's modules once, in this process (a worker's
    start): every household after pays no start-up cost."""
    import trimtab.explain.budget  # the optimizer, numpy, HiGHS
    import trimtab.report.plan_files  # noqa: F401
    from trimtab.report.excel import plan_workbook  # noqa: F401  (XlsxWriter)
    from trimtab.report.html import plan_html  # noqa: F401  (Jinja2)
    from trimtab.rules.markets import load_markets
    from trimtab.rules.rmd_table import load_rmd_rules
    from trimtab.rules.securities import master_by_symbol
    from trimtab.rules.tax_efficiency import load_tax_efficiency

    master_by_symbol()
    load_markets()
    load_rmd_rules()
    load_tax_efficiency()
