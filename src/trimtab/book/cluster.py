"""Run a book's households on Dask ``distributed``: a local cluster of processes, or a running
cluster at ``--scheduler tcp://HOST:PORT``. The only module of trimtab that imports Dask.

- Each worker process loads the shipped data and the pipeline's modules once, when it starts
  (a worker plugin runs :func:`trimtab.book.work.warm`); the caches keep them for every
  household after, so a household costs its own work only.
- Households go to the workers in batches of up to ``BATCH`` a task (less scheduling work in
  the calling process, which shares the cores with a local cluster's workers); at most
  ``window`` tasks are in flight at a time (a few per worker thread), so a book of 10,000 holds
  10,000 results in memory, not 10,000 tasks' inputs and outputs.
- A household's own failure is already a result (:func:`~trimtab.book.work.run_job` never
  raises for it). A worker that dies (killed, out of memory) loses nothing: the scheduler
  re-runs its households on the other workers, and the local cluster's nanny starts a new
  worker. A household that kills every worker it runs on is given up after
  ``distributed.scheduler.allowed-failures`` deaths (3 unless configured) and becomes a failed
  result (``worker_lost``), as does any other error Dask reports for a task.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import dask.config
from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from trimtab.book.work import BookOptions, Job, Outcome, run_batch, warm
from trimtab.report.book_records import FailureKind, HouseholdResult, HouseholdStatus

LOCAL_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings of a local cluster: no statistical profiler in the workers (a thread that
samples every frame each 10 ms, for a dashboard a book does not open), and Dask's own periodic
work slowed to what a book needs: the event-loop tick (20 ms by default, for warnings about a
blocked loop), the system monitor (500 ms, CPU and memory figures for the dashboard) and the
nanny's memory check (100 ms; a worker past its memory limit is still stopped, within a
second). At Dask's defaults an idle local cluster of 2 workers used about 2 s of CPU every
30 s (scheduler and client 1.0, workers and nannies 1.0), on the cores the households run on;
with these, 0.34 s. A running cluster (``--scheduler``) keeps its own settings."""

PER_THREAD = 4
"""Tasks in flight per worker thread: enough to keep each busy while results travel."""

BATCH = 10
"""Households per task at most. Each task costs the calling process (client and scheduler)
several milliseconds of CPU, on the same cores as a local cluster's workers; ten households a
task cut that tenfold. A batch whose task fails (its worker died each time, or anything else
Dask reports) is not given up: each of its households is run again as a task of its own, so one
household that kills its worker fails alone."""

BATCH_SPREAD = 8
"""A book is cut into at least this many batches per worker thread (small books: one household
a task, so that every worker gets a share)."""


WORKER_GC_THRESHOLDS = (50_000, 50, 100)
"""The cyclic collector's thresholds in a worker, as ``trimtab.__main__.RUN_GC_THRESHOLDS`` in a
command: a household builds many small objects (lots, Decimals) that reference counting frees;
the default thresholds would sweep the worker's whole heap (Dask's and the shipped data's
objects) again and again (about 8 % of a household's CPU time, bench/book.py)."""


class Warm(WorkerPlugin):
    """Load the shipped data and the pipeline's modules when a worker starts, then move what is
    loaded out of the cyclic collector's sight (``gc.freeze``) and raise its thresholds."""

    name = "trimtab-warm"

    def setup(self, worker: Any) -> None:
        """Runs once in each worker process (new workers included)."""
        warm()
        gc.collect()
        gc.freeze()
        gc.set_threshold(*WORKER_GC_THRESHOLDS)


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
    with dask.config.set(LOCAL_CONFIG):  # the nannies hand it to their worker processes
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
        listed = list(jobs)
        size = batch_size(len(listed), threads)
        yield from _stream(client, iter(listed), options, PER_THREAD * threads, size)


def _error(future: Any) -> BaseException:
    """What went wrong with a task that did not finish (cancelled included)."""
    try:
        exc: BaseException | None = future.exception()
    except BaseException as raised:  # a cancelled future raises instead of returning it
        return raised
    return exc if exc is not None else RuntimeError(f"task {future.status}")


def batch_size(count: int, threads: int) -> int:
    """Households per task for ``count`` households on ``threads`` worker threads: ``BATCH``,
    fewer when the book has fewer than ``BATCH_SPREAD`` batches of that size per thread."""
    return max(1, min(BATCH, count // (BATCH_SPREAD * threads)))


def _stream(
    client: Client, jobs: Iterator[Job], options: BookOptions, window: int, size: int = 1
) -> Iterator[Outcome]:
    token = uuid.uuid4().hex[:12]
    running: dict[str, tuple[Job, ...]] = {}
    alone: deque[tuple[Job, ...]] = deque()  # households of a failed batch, to run one by one
    done = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]
    count = 0

    def submit() -> bool:
        nonlocal count
        batch = alone.popleft() if alone else tuple(itertools.islice(jobs, size))
        if not batch:
            return False
        key = f"trimtab-book-{token}-{count}"
        count += 1
        running[key] = batch
        future = client.submit(run_batch, batch, options, key=key, pure=False)
        done.add(future)  # type: ignore[no-untyped-call]
        return True

    while len(running) < window and submit():
        pass
    for future in done:
        batch = running.pop(future.key)
        outcomes: tuple[Outcome, ...]
        if future.status == "finished":
            outcomes = future.result()
        elif len(batch) > 1:  # which household killed it? each runs alone now
            alone.extend((job,) for job in batch)
            outcomes = ()
        else:
            outcomes = (_lost(batch[0], _error(future)),)
        future.release()
        for job, outcome in zip(batch, outcomes, strict=False):
            yield replace(outcome, result=replace(outcome.result, key=job.key, file=job.file))
        while len(running) < window and submit():
            pass
