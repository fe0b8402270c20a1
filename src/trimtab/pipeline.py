"""The one-way composition: load -> validate -> analyze -> optimize -> explain."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from trimtab.errors import InputError, Problem, errors_only
from trimtab.load import read_household
from trimtab.load.file_kind import head_problem, household_file_problem
from trimtab.model.enums import Mode, ReliefMethod, SolverKind
from trimtab.model.household import Household
from trimtab.results.tax import TaxOverview as TaxOverview
from trimtab.validate import validate_household

# Imported inside the functions that use them, so that loading and checking a household
# (trimtab validate, drift, state, tax) loads no optimizer, numpy, scipy or solver.
if TYPE_CHECKING:
    from trimtab.results.location import LocationReview
    from trimtab.results.plan import PlanReport
    from trimtab.tax.whatif import WhatIf


def check_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    text: str | None = None,
) -> tuple[Household | None, tuple[Problem, ...]]:
    """Load and validate; the household is None when any error was found.

    ``text``: the file's contents when they are at hand; ``path`` then only names them.
    A folder, a workbook, a plan document or a trade list gives one problem saying what it is
    (:mod:`trimtab.load.file_kind`).
    """
    kind = (
        household_file_problem(path)
        if text is None
        else head_problem(str(path), text[:8192].encode("utf-8", errors="replace"))
    )
    if kind is not None:
        return None, (kind,)
    household, problems = read_household(
        path, settings_file=settings_file, overrides=overrides, text=text
    )
    if household is not None:
        problems = problems + validate_household(household)
    if errors_only(problems):
        return None, problems
    return household, problems


def load_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Household:
    """A valid household, or :class:`~trimtab.errors.InputError` carrying every problem."""
    household, problems = check_household(path, settings_file=settings_file, overrides=overrides)
    if household is None:
        raise InputError(problems)
    return household


def check_trade_file(
    household: Household,
    trades_path: str | Path,
    *,
    relief_method: ReliefMethod | None = None,
) -> WhatIf:
    """Read a trade list and check it, wash sales included (InputError on any mistake)."""
    from trimtab.load.trades import read_trades
    from trimtab.tax.whatif import what_if

    trades, problems = read_trades(trades_path, as_of=household.as_of)
    if trades is None:
        raise InputError(problems)
    return what_if(household, trades, relief_method=relief_method)


def location_overview(household: Household) -> LocationReview:
    """The asset-location review of a valid household (docs/asset-location.md)."""
    from trimtab.explain.location_review import location_review

    return location_review(household)


def tax_overview(household: Household) -> TaxOverview:
    """Unrealized gains, harvestable losses and their washes, the calendar, the RMDs, the year."""
    from trimtab.analysis.state import household_state
    from trimtab.analysis.valuation import price
    from trimtab.tax.estimate import household_estimate
    from trimtab.tax.harvest import harvestable_losses
    from trimtab.tax.harvest_wash import harvest_washes
    from trimtab.tax.rmd import required_distributions
    from trimtab.tax.wash import check_wash_sales

    prices = {h.symbol: price(household, h.symbol) for a in household.accounts for h in a.holdings}
    harvestable = harvestable_losses(household, prices)
    return TaxOverview(
        state=household_state(household),
        harvestable=harvestable,
        harvest_washes=harvest_washes(household, harvestable),
        washes=check_wash_sales(household),
        estimate=household_estimate(household),
        rmd=required_distributions(household),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanOptions:
    """Options of one plan run (the household's settings supply the rest).

    mode: overrides the settings' mode. relief_method: overrides every account's method.
    solver: the LP-first engine (default) or the exact mixed-integer model (slow; the
    reference the default is measured against, docs/optimizer.md).

    Each accepts the exported enum or its value as text (``mode="target"``, case-insensitive);
    anything else raises a ValueError naming the choices.
    """

    mode: Mode | None = None
    relief_method: ReliefMethod | None = None
    solver: SolverKind = SolverKind.LP

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", _choice("PlanOptions.mode", Mode, self.mode))
        relief = _choice("PlanOptions.relief_method", ReliefMethod, self.relief_method)
        object.__setattr__(self, "relief_method", relief)
        solver = _choice("PlanOptions.solver", SolverKind, self.solver)
        object.__setattr__(self, "solver", solver or SolverKind.LP)


_Choice = TypeVar("_Choice", bound=StrEnum)


def _choice(name: str, enum: type[_Choice], value: object) -> _Choice | None:
    """``value`` as a member of ``enum`` (None stays None); a ValueError naming the choices."""
    if value is None or isinstance(value, enum):
        return value
    if isinstance(value, str):
        for member in enum:
            if member.value == value.strip().lower():
                return member
    choices = ", ".join(repr(m.value) for m in enum)
    close = difflib.get_close_matches(str(value).lower(), [m.value for m in enum], n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ValueError(
        f"{name}: {value!r} is not a {enum.__name__}{hint} (expected one of "
        f"{choices}, or trimtab.{enum.__name__}.…)"
    )


def plan_household(household: Household, options: PlanOptions | None = None) -> PlanReport:
    """The plan of a valid household: optimize -> explain (exact tax, rationale, invariants),
    re-solved until it fits the tax budget and breakeven horizon
    (:func:`trimtab.explain.budget.plan_within_limits`)."""
    from trimtab.explain.budget import plan_within_limits
    from trimtab.explain.concentration import with_concentration_warnings
    from trimtab.explain.location_review import location_review
    from trimtab.gc_pause import collector_paused

    options = options or PlanOptions()
    with collector_paused():  # a quarter of a large plan's time otherwise (trimtab.gc_pause)
        report = plan_within_limits(
            household,
            options.mode or household.settings.mode,
            review=location_review(household),  # the household's, whatever the tries
            relief_method=options.relief_method,
            solver=options.solver,
        )
        return with_concentration_warnings(report)


@dataclass(frozen=True, slots=True, kw_only=True)
class WrittenOutputs:
    """What :func:`write_outputs` wrote.

    written: the files, in the order written (plan.json, plan.xlsx, report.html, review.html,
        then the trade files).
    warnings: what must be done by hand for the trade files (accounts left out, ...).
    """

    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]


def write_outputs(
    report: PlanReport,
    folder: str | Path,
    *,
    trade_files: Sequence[str] = (),
    input_sha256: str | None = None,
    pdf: bool = False,
) -> WrittenOutputs:
    """Write what ``trimtab plan --out FOLDER`` writes, as one run (``output.write_run``).

    trade_files: trade file kinds (``"generic"``, ``"ibkr"``, ``"schwab"``… or
    :class:`~trimtab.report.trade_files.TradeFileKind`). input_sha256: the digest the documents
    record (default: of the household file as it is now). Raises ValueError, before anything is
    written, when ``folder`` is a file or a trade file kind is unknown.
    """
    from trimtab.model.enums import TradeFileKind
    from trimtab.output import write_run
    from trimtab.report.plan_files import plan_files

    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise ValueError(f"write_outputs: {out} is a file, not a folder")
    kinds = tuple(_choice("write_outputs: trade_files", TradeFileKind, k) for k in trade_files)
    digest = input_sha256 or _file_sha256(report.household.file)
    document = to_document(report, input_sha256=digest)
    rendered = plan_files(report, document, digest, tuple(k for k in kinds if k), pdf=pdf)
    done = write_run(out, rendered.files)  # one run: no file of the previous run stays
    return WrittenOutputs(written=done.written, warnings=rendered.warnings + done.warnings)


def to_document(
    result: object, household: Household | None = None, *, input_sha256: str | None = None
) -> dict[str, Any]:
    """The versioned JSON document of a result, as the CLI's ``--json`` prints it.

    A plan (:func:`plan_household`) gives ``trimtab.plan/1``; the other results need the
    household they were computed from: a :class:`TaxOverview` ``trimtab.tax/1``, a trade
    list's check (:func:`check_trade_file`) ``trimtab.check/1``, a location review
    ``trimtab.location/1``, a household state ``trimtab.state/1``, a drift ``trimtab.drift/1``.
    Render it with ``json.dumps(document, indent=2)``.
    """
    from trimtab.results.plan import PlanReport

    if isinstance(result, PlanReport):
        from trimtab.report.json.plan import plan_document

        return plan_document(result, input_sha256 or _file_sha256(result.household.file))
    builder = _document_builders().get(type(result).__name__)
    if builder is None:
        raise TypeError(f"to_document: no document for a {type(result).__name__}")
    if household is None:
        raise TypeError(
            f"to_document: a {type(result).__name__} needs its household: "
            "to_document(result, household)"
        )
    return builder(household, result)


def _document_builders() -> dict[str, Callable[[Household, Any], dict[str, Any]]]:
    """Result class name -> its document builder (imported on first use)."""
    from trimtab.report.json.check import check_document
    from trimtab.report.json.drift import drift_document
    from trimtab.report.json.location import location_document
    from trimtab.report.json.state import state_document
    from trimtab.report.json.tax import tax_document

    def tax(household: Household, overview: TaxOverview) -> dict[str, Any]:
        return tax_document(household, overview, overview.warnings)

    return {
        "HouseholdState": state_document,
        "Drift": drift_document,
        "LocationReview": location_document,
        "WhatIf": lambda household, result: check_document(household, result, (), None),
        "TaxOverview": tax,
    }


def _file_sha256(file: str) -> str:
    """The SHA-256 of the household file's bytes now (of no bytes when it cannot be read)."""
    import hashlib

    try:
        data = Path(file).read_bytes()
    except OSError:
        data = b""
    return hashlib.sha256(data).hexdigest()
