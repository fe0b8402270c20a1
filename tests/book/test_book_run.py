"""Books on real Dask clusters: a local cluster of 2 worker processes, a scheduler the test
starts on 127.0.0.1 (through `trimtab book --scheduler`), and a worker killed mid-book.

Each book mixes good households with one broken (exit 2 under `plan`), one infeasible (exit 3)
and one crashing household (an internal error raised in the worker by crash_preload.py); each
good household's files equal `trimtab plan FILE --out DIR --json`'s byte for byte, and the block
trade file's allocations add up to each household's trades.
"""

from __future__ import annotations

import csv
import importlib
import json
import logging
import os
import signal
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from helpers.book_households import PRELOAD, bad_households, good_households
from trimtab.book import BookOptions, run_book
from trimtab.cli import app
from trimtab.errors import ExitCode
from trimtab.report.book_records import FailureKind, HouseholdResult, HouseholdStatus

PLAN_FILES = ("plan.json", "plan.xlsx", "report.html", "review.html")


def plan_outputs(file: Path, folder: Path) -> dict[str, bytes]:
    """What `trimtab plan FILE --out FOLDER --json` writes."""
    result = CliRunner().invoke(app, ["plan", str(file), "--out", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return {name: (folder / name).read_bytes() for name in PLAN_FILES}


def assert_same_as_plan(result: HouseholdResult, out: Path, scratch: Path) -> None:
    expected = plan_outputs(Path(result.file), scratch / result.key)
    assert result.files == tuple(f"{result.key}/{name}" for name in PLAN_FILES)
    for name, data in expected.items():
        assert (out / result.key / name).read_bytes() == data, f"{result.key}/{name}"


def assert_allocations_add_up(out: Path, results: tuple[HouseholdResult, ...]) -> None:
    """Every planned trade is one allocation row with its shares; each order's quantity is
    the sum of its rows."""
    with (out / "block-trades.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    orders: defaultdict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        orders[row["order_id"]] += Decimal(row["allocation_quantity"])
    for row in rows:
        assert Decimal(row["order_quantity"]) == orders[row["order_id"]]
    allocated = {
        (r["household"], r["trade_id"]): (
            r["account_id"],
            r["action"],
            r["symbol"],
            r["allocation_quantity"],
        )
        for r in rows
    }
    expected = {}
    for result in results:
        if not result.planned:
            continue
        plan = json.loads((out / result.key / "plan.json").read_bytes())
        for t in plan["trades"]:
            quantity = format(Decimal(t["quantity"]).normalize(), "f")
            expected[(result.key, t["id"])] = (t["account"], t["action"], t["symbol"], quantity)
    assert allocated == expected and expected


def book_files(tmp_path: Path, good: int) -> tuple[list[Path], dict[str, Path]]:
    goods = good_households(tmp_path / "in", good)
    bad = bad_households(tmp_path / "in")
    return [*goods, *bad.values()], bad


def assert_the_book(
    results: tuple[HouseholdResult, ...], bad: dict[str, Path], out: Path, scratch: Path
) -> None:
    by_file = {r.file: r for r in results}
    for kind, path in bad.items():
        failed = by_file.pop(str(path))
        assert (failed.status, failed.failure) == (HouseholdStatus.FAILED, FailureKind(kind))
        assert not (out / failed.key).exists()
    for result in by_file.values():
        assert result.planned, result.message
        assert_same_as_plan(result, out, scratch)
    assert_allocations_add_up(out, results)


@pytest.mark.slow
def test_a_book_on_a_local_cluster_of_two_processes(tmp_path: Path) -> None:
    files, bad = book_files(tmp_path, 3)
    out = tmp_path / "out"
    run = run_book(
        [str(f) for f in files], BookOptions(out_dir=str(out)), workers=2, preload=[PRELOAD]
    )
    assert [r.file for r in run.summary.results] == [str(f) for f in files]
    assert run.failed == 3
    broken = next(r for r in run.summary.results if r.file == str(bad["input"]))
    errors = [(p.kind, p.field) for p in broken.problems if p.severity.value == "error"]
    assert errors == [("not_a_date", "as_of")] or [f for _, f in errors] == ["as_of"]
    infeasible = next(r for r in run.summary.results if r.file == str(bad["infeasible"]))
    assert "$5,006.00 short" in infeasible.message
    crash = next(r for r in run.summary.results if r.file == str(bad["internal"]))
    assert "simulated crash while planning" in crash.message
    assert_the_book(run.summary.results, bad, out, tmp_path / "plan")
    assert {p.name for p in run.written} >= {
        "book.json",
        "book.xlsx",
        "book.html",
        "block-trades.csv",
    }


@pytest.fixture
def cluster() -> Iterator[LocalCluster]:
    """A scheduler on 127.0.0.1 with 2 worker processes, started by the test."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
        preload=[PRELOAD],
    ) as started:
        yield started


def _schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema", "book"])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.output)
    return schema


@pytest.mark.slow
def test_a_book_through_scheduler(tmp_path: Path, cluster: LocalCluster) -> None:
    files, _ = book_files(tmp_path, 3)
    out = tmp_path / "out"
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    words = ["book", *map(str, files), "--out", str(out), "--scheduler", address, "--json"]
    result = CliRunner().invoke(app, words)
    assert result.exit_code == ExitCode.BOOK_PARTIAL, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, _schema())
    assert document["totals"]["households"] == 6 and document["totals"]["failed"] == 3
    # the monitor puts the failed households first (they need a person), then by breach
    statuses = [h["status"] for h in document["households"]]
    assert statuses[:3] == ["failed"] * 3 and "failed" not in statuses[3:]
    breaches = [Decimal(h["max_breach"]) for h in document["households"][3:]]
    assert breaches == sorted(breaches, reverse=True)
    results = tuple(
        HouseholdResult(key=h["key"], file=h["file"], planned=h["planned"])
        for h in document["households"]
    )
    for r in results:
        if r.planned:
            assert_same_as_plan(
                HouseholdResult(
                    key=r.key, file=r.file, files=tuple(f"{r.key}/{n}" for n in PLAN_FILES)
                ),
                out,
                tmp_path / "plan",
            )
    assert_allocations_add_up(out, results)


@pytest.mark.slow
def test_a_worker_killed_mid_book_loses_no_household(tmp_path: Path, cluster: LocalCluster) -> None:
    files = good_households(tmp_path / "in", 8)
    out = tmp_path / "out"
    client = Client(cluster, set_as_default=False)
    killed: list[int] = []

    def kill_a_busy_worker(result: HouseholdResult) -> None:
        if killed:
            return
        processing = client.processing()
        busy = max(processing, key=lambda w: len(processing[w]))
        assert processing[busy], "households still in flight when the worker is killed"
        pid = client.run(os.getpid, workers=[busy])[busy]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    try:
        run = run_book(
            [str(f) for f in files],
            BookOptions(out_dir=str(out)),
            scheduler=cluster.scheduler_address,
            on_result=kill_a_busy_worker,
        )
        # the securities master was read once in each worker process, the new one included
        client.wait_for_workers(2)
        misses = client.run(
            lambda: (
                importlib.import_module("trimtab.rules.securities")
                .master_by_symbol.cache_info()
                .misses
            )
        )
    finally:
        client.close()
    assert len(misses) == 2 and set(misses.values()) == {1}
    assert killed
    assert run.failed == 0
    assert len(run.summary.results) == 8
    for result in run.summary.results:
        assert_same_as_plan(result, out, tmp_path / "plan")
