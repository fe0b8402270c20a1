"""``trimtab book``: plan every household of a book and write the book's summary.

The runner only arranges calls: it lists the households (:mod:`trimtab.book.sources`), hands
them to the workers (:mod:`trimtab.book.cluster`; each worker runs
:func:`trimtab.book.work.run_job`, which writes that household's files), and, when every
household has its result, writes the book's own files into the output folder:

    book.json             the drift monitor sorted by need, totals, block orders (trimtab.book/1)
    book.xlsx, book.html  the same for people
    block-trades.csv      one order per custodian, symbol and side, with the allocations
    block-trades-<custodian>.csv

Per household, ``DIR/<key>/`` holds what ``trimtab plan FILE --out DIR/<key> --json`` writes,
byte for byte. ``--monitor-only`` plans nothing: it writes only book.json, book.xlsx and
book.html, with each household's drift, cash due, RMD due and harvestable losses.

Hooks for the caller, called on this process: ``on_start(count)`` before the first household,
then as each household's result arrives ``on_result(result)`` (the progress bar) and
``record(result)`` — where the run journal
(``book --journal``) records the household: for a planned one, ``DIR/<key>/plan.json`` is
already written when it is called.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from trimtab.book.sources import book_jobs
from trimtab.book.work import BookOptions, Outcome, run_job
from trimtab.output import write_run
from trimtab.report.book_records import BookSummary, HouseholdResult

ResultHook = Callable[[HouseholdResult], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class BookRun:
    """A finished book.

    summary: every household's result, in the order of the files given. written: the book's
    own files. seconds: wall time from the first household sent to the last result.
    timings: seconds by stage (load, monitor, plan, render, write) of each household that
    reached the stage, in the order the results came.
    """

    summary: BookSummary
    written: tuple[Path, ...]
    seconds: float
    timings: dict[str, list[float]]

    @property
    def failed(self) -> int:
        """How many households failed."""
        return self.summary.totals.failed


def book_files(summary: BookSummary) -> tuple[tuple[str, bytes], ...]:
    """The book's own files: book.json, book.xlsx, book.html and the block trade files."""
    from trimtab.report.block_trades import block_trade_files
    from trimtab.report.book_excel import book_workbook
    from trimtab.report.book_html import book_html
    from trimtab.report.json.book import book_document
    from trimtab.report.json.encode import render_json

    files = (
        ("book.json", render_json(book_document(summary))),
        ("book.xlsx", book_workbook(summary)),
        ("book.html", book_html(summary)),
    )
    return files if summary.monitor_only else files + block_trade_files(summary)


def run_book(
    households: Sequence[str | Path],
    options: BookOptions,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    local: bool = False,
    preload: Sequence[str] = (),
    on_start: Callable[[int], None] | None = None,
    on_result: ResultHook | None = None,
    record: ResultHook | None = None,
) -> BookRun:
    """Run the book (see the module) and write its files into ``options.out_dir``.

    workers: processes of the local cluster (default: one per core). scheduler: a running Dask
    scheduler's address instead. local: run in this process, without Dask (tests, a book of
    one). preload: Dask preload modules of the local cluster's workers. on_start: called with
    the number of households before the first runs.
    Raises :class:`~trimtab.errors.InputError` when the arguments name no household.
    """
    jobs = book_jobs(households)
    options = replace(options, out_dir=str(Path(options.out_dir).resolve()), cwd=os.getcwd())
    if on_start is not None:
        on_start(len(jobs))
    start = time.perf_counter()
    outcomes: Iterator[Outcome]
    if local:
        outcomes = (run_job(job, options) for job in jobs)
    else:
        from trimtab.book.cluster import run_jobs  # Dask: only for a book on a cluster

        outcomes = run_jobs(jobs, options, workers=workers, scheduler=scheduler, preload=preload)
    results: dict[str, HouseholdResult] = {}
    timings: dict[str, list[float]] = {}
    for outcome in outcomes:
        results[outcome.result.key] = outcome.result
        for stage, seconds in outcome.timings:
            timings.setdefault(stage, []).append(seconds)
        for hook in (on_result, record):
            if hook is not None:
                hook(outcome.result)
    seconds = time.perf_counter() - start
    summary = BookSummary(
        results=tuple(results[j.key] for j in jobs), monitor_only=options.monitor_only
    )
    # one run: the book's own files replace the previous run's as a set (output.write_run)
    written = write_run(Path(options.out_dir), book_files(summary)).written
    return BookRun(summary=summary, written=written, seconds=seconds, timings=timings)
