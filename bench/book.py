"""The book benchmark (issue 27): a book of generated medium households, end to end.

`trimtab.book.run_book` on N medium households (8 accounts, 40 securities, 1,000 lots; from
bench/households.py) with W local worker processes, each household planned and its files
written exactly as `trimtab plan FILE --out DIR --json` writes them (plan.json, plan.xlsx,
report.html, review.html), then the book's own files (book.json, .xlsx, .html, block trades).

The households: ``DISTINCT`` (100) seeded medium households (seeds 1..100, the stage section's
`medium-k`), linked N times over under out/bench/book-N/ (`household-00001.yaml`, …), so that a
book of 10,000 needs no 10,000 generator runs; each file is loaded, planned and written as its
own household (nothing is reused between them but the worker's shipped data).

Timed: wall time from the call to the last file written, cluster start included; households a
second; the seconds of each stage per household as the workers measured them (load,
monitor, plan, render, write; median and p90); and the part of the wall time not in any
household's stages divided over the workers (start-up, scheduling, the book's own files).

    python bench/book.py                       # 200 households, 2 workers
    python bench/book.py --full                # 10,000 households, 1 and 2 workers
    python bench/book.py --households 200 --workers 1 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from households import OUT, SIZES, write

from trimtab.book import BookOptions, run_book

DISTINCT = 100
BOOK_HOUSEHOLDS = 200  # make bench stays within its 5 minutes; --book-households N for more
FULL_HOUSEHOLDS = 10_000
STAGES = ("load", "monitor", "plan", "render", "write")
CPU = "cpu"  # the CPU seconds of a whole household in its worker (not a stage)


@dataclass(frozen=True, slots=True, kw_only=True)
class BookBench:
    """One timed book: households, workers, wall seconds, failures, stage seconds (and each
    household's worker CPU seconds, ``cpu``), CPU seconds of the calling process."""

    households: int
    workers: int
    wall: float
    failed: int
    stages: dict[str, list[float]]
    client_cpu: float = 0.0  # CPU seconds of the calling process (client, scheduler, book files)

    @property
    def rate(self) -> float:
        """Households a second."""
        return self.households / self.wall if self.wall else 0.0


def book_files(count: int) -> Path:
    """The folder of a book of ``count`` medium households (written once, then reused)."""
    folder = OUT / f"book-{count}"
    folder.mkdir(parents=True, exist_ok=True)
    sources = [
        write(replace(SIZES["medium"], seed=k, name=f"medium-{k}"), OUT / "seeded")
        for k in range(1, min(DISTINCT, count) + 1)
    ]
    for n in range(count):
        target = folder / f"household-{n + 1:05d}.yaml"
        if not target.exists():
            try:
                os.link(sources[n % len(sources)], target)
            except OSError:
                shutil.copyfile(sources[n % len(sources)], target)
    return folder


def time_book(count: int, workers: int) -> BookBench:
    """Run one book and time it (its outputs go to out/bench/book-out/, replaced each run)."""
    folder = book_files(count)
    out = OUT / "book-out"
    shutil.rmtree(out, ignore_errors=True)
    done = [0]

    def tick(_: object) -> None:
        done[0] += 1
        if done[0] % max(1, count // 10) == 0:
            print(f"  book {count} x {workers}: {done[0]}/{count}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    cpu = time.process_time()
    run = run_book([str(folder)], BookOptions(out_dir=str(out)), workers=workers, on_result=tick)
    wall = time.perf_counter() - start
    return BookBench(
        households=count,
        workers=workers,
        wall=wall,
        failed=run.failed,
        stages=run.timings,
        client_cpu=time.process_time() - cpu,
    )


def _p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]


def _cpu(values: Sequence[float]) -> str:
    if not values:
        return "-"
    return (
        f"{statistics.median(values) * 1000:.0f} / {_p90(values) * 1000:.0f}"
        f" / {statistics.fmean(values) * 1000:.0f}"
    )


def table(runs: Sequence[BookBench]) -> str:
    """The book benchmark's table: one column per run."""
    head = ["", *(f"{r.households:,} x {r.workers} worker(s)" for r in runs)]
    rows = [
        ["wall (s, cluster start included)", *(f"{r.wall:.1f}" for r in runs)],
        ["households / s", *(f"{r.rate:.2f}" for r in runs)],
        ["failed", *(str(r.failed) for r in runs)],
    ]
    for stage in STAGES:
        cells = []
        for r in runs:
            values = r.stages.get(stage, [])
            cells.append(
                f"{statistics.median(values) * 1000:.0f} / {_p90(values) * 1000:.0f}"
                if values
                else "-"
            )
        rows.append([f"{stage} ms (median / p90)", *cells])
    rows.append(
        [
            "CPU ms per household, worker (median / p90 / mean)",
            *(_cpu(r.stages.get(CPU, [])) for r in runs),
        ]
    )
    rows.append(["CPU s of the calling process", *(f"{r.client_cpu:.1f}" for r in runs)])
    overhead = []
    for r in runs:
        busy = sum(sum(r.stages.get(stage, [])) for stage in STAGES)
        overhead.append(f"{max(0.0, r.wall - busy / r.workers):.1f}")
    rows.append(["wall not in stages, per worker (s)", *overhead])
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = [
        " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in [head, *rows]
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def section(full: bool, households: int = BOOK_HOUSEHOLDS, workers: Sequence[int] = (2,)) -> str:
    """Run the book benchmark: the default book, or the full one (10,000 x 1 and 2 workers)."""
    plan = [(FULL_HOUSEHOLDS, w) for w in (1, 2)] if full else [(households, w) for w in workers]
    runs = [time_book(n, w) for n, w in plan]
    return (
        "trimtab book: generated medium households (8 accounts, 40 securities, 1,000 lots), "
        "plan + files per household, local Dask cluster\n" + table(runs)
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=BOOK_HOUSEHOLDS)
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--full", action="store_true", help="10,000 households, 1 and 2 workers")
    args = parser.parse_args(argv)
    print(section(args.full, args.households, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
