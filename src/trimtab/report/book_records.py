"""The records of a book run (``trimtab book``): one result per household, and the book.

The book runner (:mod:`trimtab.book`) builds them; the book's renderers (book.json, book.xlsx,
book.html, the block trade files) read them. They live here, below both, because the report
layer may not import the book runner.

Status of a household, one word, first that applies: ``failed`` (no result: a bad file, no
feasible plan, an internal error, a worker that kept dying), ``outside`` (a class is outside its
band), ``cash_due`` (a withdrawal is pending), ``rmd_due`` (a required minimum distribution is
still owed this year), else ``inside``.

Need, the order of the drift monitor: failed households first (they need a person), then the
largest band breach (points beyond the band's edge), then the cash due, the RMD due and the
harvestable losses, each largest first; ties by the household's folder name. Example: A
breaches a band by 2.5 points, B by 4 points, C is inside with a $10,000 withdrawal pending:
the order is B, A, C.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from trimtab.errors import Problem, Severity
from trimtab.model.enums import TradeAction

ZERO = Decimal(0)


class HouseholdStatus(StrEnum):
    """A household's status in the book (first that applies, in this order)."""

    FAILED = "failed"
    OUTSIDE = "outside"
    CASH_DUE = "cash_due"
    RMD_DUE = "rmd_due"
    INSIDE = "inside"


class FailureKind(StrEnum):
    """Why a household has no result."""

    INPUT = "input"  # the file could not be read or has errors (what `plan` exits 2 for)
    INFEASIBLE = "infeasible"  # no plan meets every constraint (`plan` exits 3)
    INTERNAL = "internal"  # a bug or a broken invariant (`plan` exits 70)
    WORKER_LOST = "worker_lost"  # the worker process died on it each time it was tried


@dataclass(frozen=True, slots=True, kw_only=True)
class Monitor:
    """What the daily check shows of a household, before any plan.

    total_value: the household's value (holdings and cash). classes_outside: the asset classes
    outside their band. max_breach: the largest distance beyond a band's edge, in percent points
    (0 when every class is inside). cash_due: pending withdrawals (the household file's
    ``cash_flows`` of kind withdrawal). rmd_due: required minimum distributions still owed
    this tax year. harvestable: the losses of the harvestable lots (positive dollars).
    """

    total_value: Decimal = ZERO
    classes_outside: tuple[str, ...] = ()
    max_breach: Decimal = ZERO
    cash_due: Decimal = ZERO
    rmd_due: Decimal = ZERO
    harvestable: Decimal = ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class BookTrade:
    """One trade of a household's plan, as the block trade files need it.

    trade_id: the plan's id (P1, …). account / account_number / custodian: the account, its
    number at the custodian ('' when not given) and its custodian ('' when not given).
    quantity: shares; price: the plan's reference price; amount: quantity × price.
    """

    trade_id: str
    account: str
    account_number: str
    custodian: str
    action: TradeAction
    symbol: str
    quantity: Decimal
    price: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdResult:
    """The result of one household of the book.

    key: its folder under the book's output folder (unique in the book, safe for a path).
    file: the household file as given. name: the household's name ('' when it did not load).
    as_of: the household's date (None when it did not load). status: see the module.
    failure: why it failed (None when it did not). message: the failure in one line ('' if none).
    problems: the input problems (errors of a failed load, else the warnings).
    monitor: drift, cash, RMD and harvest figures (zeros when it did not load).
    planned: a plan was made (False for ``--monitor-only`` and for failures).
    trades: the plan's trades. tax: the plan's estimated tax (with the plan less without).
    costs: the plan's transaction costs. files: the files written, relative to the output
    folder.
    """

    key: str
    file: str
    name: str = ""
    as_of: dt.date | None = None
    status: HouseholdStatus = HouseholdStatus.INSIDE
    failure: FailureKind | None = None
    message: str = ""
    problems: tuple[Problem, ...] = ()
    monitor: Monitor = Monitor()
    planned: bool = False
    trades: tuple[BookTrade, ...] = ()
    tax: Decimal = ZERO
    costs: Decimal = ZERO
    files: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """The household has no result."""
        return self.status is HouseholdStatus.FAILED

    @property
    def turnover(self) -> Decimal:
        """The dollars the plan trades, sells and buys."""
        return sum((t.amount for t in self.trades), ZERO)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings among the problems."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def status_of(monitor: Monitor) -> HouseholdStatus:
    """The status of a household that loaded (see the module): outside, cash_due, rmd_due,
    inside."""
    if monitor.classes_outside:
        return HouseholdStatus.OUTSIDE
    if monitor.cash_due > 0:
        return HouseholdStatus.CASH_DUE
    if monitor.rmd_due > 0:
        return HouseholdStatus.RMD_DUE
    return HouseholdStatus.INSIDE


def need_key(result: HouseholdResult) -> tuple[bool, Decimal, Decimal, Decimal, Decimal, str]:
    """The sort key of :func:`by_need` (smaller sorts first)."""
    m = result.monitor
    return (
        not result.failed,
        -m.max_breach,
        -m.cash_due,
        -m.rmd_due,
        -m.harvestable,
        result.key,
    )


def by_need(results: Sequence[HouseholdResult]) -> tuple[HouseholdResult, ...]:
    """The households in the drift monitor's order (see the module)."""
    return tuple(sorted(results, key=need_key))


@dataclass(frozen=True, slots=True, kw_only=True)
class BookTotals:
    """Totals over a book's households.

    households / failed / planned: counts. by_status: households per status, every status
    listed. trades / turnover / tax / costs: over the planned households.
    """

    households: int
    failed: int
    planned: int
    by_status: tuple[tuple[HouseholdStatus, int], ...]
    trades: int
    turnover: Decimal
    tax: Decimal
    costs: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class BookSummary:
    """A book run: every household's result, in the order of the files given.

    monitor_only: no plans were made (``--monitor-only``).
    """

    results: tuple[HouseholdResult, ...]
    monitor_only: bool = False

    @property
    def totals(self) -> BookTotals:
        """The book's totals."""
        planned = [r for r in self.results if r.planned]
        return BookTotals(
            households=len(self.results),
            failed=sum(1 for r in self.results if r.failed),
            planned=len(planned),
            by_status=tuple(
                (s, sum(1 for r in self.results if r.status is s)) for s in HouseholdStatus
            ),
            trades=sum(len(r.trades) for r in planned),
            turnover=sum((r.turnover for r in planned), ZERO),
            tax=sum((r.tax for r in planned), ZERO),
            costs=sum((r.costs for r in planned), ZERO),
        )

    @property
    def by_need(self) -> tuple[HouseholdResult, ...]:
        """The households in the drift monitor's order."""
        return by_need(self.results)
