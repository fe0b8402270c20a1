"""Run a book's households on Dask ``distributed``: a local cluster of processes, or a running
cluster at ``--scheduler tcp://HOST:PORT``. The only module of trimtab that imports Dask.

- Each worker process loads the shipped data and the pipeline's modules once, when it starts
  (a worker plugin runs :func:`trimtab.book.work.warm`); the caches keep them for every
  household after, so a household costs its own work only.
- At most ``window`` households are in flight at a time (a few per worker thread), so a book of
  10,000 holds 10,000 results in memory, not 10,000 tasks' inputs and outputs.
- A household's own failure is already a result (:func:`~trimtab.book.work.run_job` never
  raises for it). A worker that dies (killed, out of memory) loses nothing: the scheduler
  re-runs its households on the other workers, and the local cluster's nanny starts a new
  worker. A household that kills every worker it runs on is given up after
  ``distributed.scheduler.allowed-failures`` deaths (3 unless configured) and becomes a failed
  result (``worker_lost``), as does any other error Dask reports for a task.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from trimtab.book.work import BookOptions, Job, Outcome, run_job, warm
from trimtab.report.book_records import FailureKind, HouseholdResult, HouseholdStatus

PER_THREAD = 4
"""Households in flight per worker thread: enough to keep each busy while results travel."""


class Warm(WorkerPlugin):
    """Load the shipped data and the pipeline's modules when a worker starts."""

    name = "trimtab-warm"

    def setup(self, worker: Any) -> None:
        """Runs once in each worker process (new workers included)."""
        warm()


def default_workers() -> int:
    """A local cluster's size: one single-threaded worker process per core."""
    return max(1, os.cpu_count() or 1)


@contextmanager
def book_client(
    *, workers: int | None = None, scheduler: str | None = None, preload: Sequence[str] = ()
) -> Iterator[Client]:
    """A client of the running cluster at ``scheduler``, or of a new local cluster of
    ``workers`` processes (``preload``: Dask preload modules each local worker runs first)."""
    if scheduler is not None:
        with Client(scheduler, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers or default_workers(),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
        preload=list(preload),
    )
    with cluster, Client(cluster, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        yield client


def _lost(job: Job, exc: BaseException) -> Outcome:
    """The failed result of a household Dask could not run."""
    kind = FailureKind.WORKER_LOST if isinstance(exc, KilledWorker) else FailureKind.INTERNAL
    why = (
        "its worker process died each time it was run"
        if isinstance(exc, KilledWorker)
        else f"{type(exc).__name__}: {exc}"
    )
    result = HouseholdResult(
        key=job.key,
        file=job.file,
        status=HouseholdStatus.FAILED,
        failure=kind,
        message=why,
    )
    return Outcome(result=result)


def run_jobs(
    jobs: Iterable[Job],
    options: BookOptions,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    preload: Sequence[str] = (),
) -> Iterator[Outcome]:
    """Each job's outcome, in the order they finish (see the module)."""
    with book_client(workers=workers, scheduler=scheduler, preload=preload) as client:
        client.register_plugin(Warm())
        threads = sum(client.nthreads().values()) or 1  # type: ignore[no-untyped-call]
        yield from _stream(client, iter(jobs), options, PER_THREAD * threads)


def _error(future: Any) -> BaseException:
    """What went wrong with a task that did not finish (cancelled included)."""
    try:
        exc: BaseException | None = future.exception()
    except BaseException as raised:  # a cancelled future raises instead of returning it
        return raised
    return exc if exc is not None else RuntimeError(f"task {future.status}")


def _stream(
    client: Client, jobs: Iterator[Job], options: BookOptions, window: int
) -> Iterator[Outcome]:
    token = uuid.uuid4().hex[:12]
    running: dict[str, Job] = {}
    done = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]

    def submit(n: int, job: Job) -> None:
        key = f"trimtab-book-{token}-{n}"
        running[key] = job
        future = client.submit(run_job, job, options, key=key, pure=False)
        done.add(future)  # type: ignore[no-untyped-call]

    count = 0
    for job in jobs:
        submit(count, job)
        count += 1
        if count >= window:
            break
    for future in done:
        job = running.pop(future.key)
        if future.status == "finished":
            outcome: Outcome = future.result()
        else:
            outcome = _lost(job, _error(future))
        future.release()
        yield replace(outcome, result=replace(outcome.result, key=job.key, file=job.file))
        nxt = next(jobs, None)
        if nxt is not None:
            submit(count, nxt)
            count += 1
