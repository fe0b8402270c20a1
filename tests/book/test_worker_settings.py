"""What a book's local worker process is set up with (issue 27's speed): the shipped data
loaded once and frozen out of the garbage collector's sight, the collector's thresholds raised,
and no statistical profiler; each household's CPU seconds among its timings; households sent
in batches, each keeping its own result."""

from __future__ import annotations

import gc
from pathlib import Path

import dask.config
import pytest

from helpers.book_households import PRELOAD, bad_households, good_households
from trimtab.book import run_book
from trimtab.book.cluster import (
    BATCH,
    LOCAL_CONFIG,
    WORKER_GC_THRESHOLDS,
    Warm,
    batch_size,
    book_client,
)
from trimtab.book.work import BookOptions, Job, run_job
from trimtab.report.book_records import HouseholdStatus


def _worker_settings() -> tuple[tuple[int, ...], int, bool, str, str, str]:
    return (
        gc.get_threshold(),
        gc.get_freeze_count(),
        dask.config.get("distributed.worker.profile.enabled"),
        dask.config.get("distributed.admin.tick.interval"),
        dask.config.get("distributed.admin.system-monitor.interval"),
        dask.config.get("distributed.worker.memory.monitor-interval"),
    )


def test_warm_freezes_what_it_loaded_and_raises_the_thresholds() -> None:
    before = gc.get_threshold()
    try:
        Warm().setup(None)
        assert gc.get_threshold() == WORKER_GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


@pytest.mark.slow
def test_a_local_worker_runs_without_profiler_and_with_frozen_start_up() -> None:
    assert LOCAL_CONFIG["distributed.worker.profile.enabled"] is False
    with book_client(workers=1) as client:
        client.register_plugin(Warm())
        (settings,) = client.run(_worker_settings).values()
    thresholds, frozen, profiling, tick, monitor, memory = settings
    assert tuple(thresholds) == WORKER_GC_THRESHOLDS
    assert frozen > 0
    assert profiling is False
    # Dask's periodic work slowed in the worker process too (defaults: 20ms, 500ms, 100ms)
    assert (tick, monitor, memory) == ("1s", "5s", "1s")


def test_a_households_timings_end_with_its_cpu_seconds(tmp_path: Path) -> None:
    (file,) = good_households(tmp_path, 1)
    outcome = run_job(Job(key="one", file=str(file)), BookOptions(out_dir=str(tmp_path / "out")))
    names = [name for name, _ in outcome.timings]
    assert names == ["load", "plan", "monitor", "render", "write", "cpu"]  # monitor reads the plan
    cpu = dict(outcome.timings)["cpu"]
    assert cpu > 0


def test_batch_size_is_ten_when_every_thread_gets_eight_batches() -> None:
    # 10,000 households on 2 threads: 10,000 // (8 x 2) = 625, at most BATCH = 10
    assert batch_size(10_000, 2) == BATCH == 10
    # 100 on 2 threads: 100 // 16 = 6 a task; 6 on 2 threads: 6 // 16 = 0, so 1 a task
    assert batch_size(100, 2) == 6
    assert batch_size(6, 2) == 1
    assert batch_size(0, 2) == 1


@pytest.mark.slow
def test_households_in_batches_keep_their_own_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of 3 (6 households // (1 x 2 threads)): the crashing household fails alone,
    every other one is planned, each result under its own key and file."""
    import trimtab.book.cluster as cluster

    monkeypatch.setattr(cluster, "BATCH_SPREAD", 1)
    assert cluster.batch_size(6, 2) == 3
    good = good_households(tmp_path / "good", 5)
    crash = bad_households(tmp_path / "bad")["internal"]
    files = [*good[:2], crash, *good[2:]]
    run = run_book(
        [str(f) for f in files],
        BookOptions(out_dir=str(tmp_path / "out")),
        workers=2,
        preload=[PRELOAD],
    )
    assert [r.file for r in run.summary.results] == [str(f) for f in files]
    failed = [r.file for r in run.summary.results if r.status is HouseholdStatus.FAILED]
    assert failed == [str(crash)]
    assert all(r.planned for r in run.summary.results if r.file != str(crash))
    assert all(
        (tmp_path / "out" / r.key / "plan.json").is_file() for r in run.summary.results if r.planned
    )
