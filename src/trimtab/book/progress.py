"""A book's progress on standard error: a rich progress bar on a terminal, plain lines otherwise.

The bar shows households done of the total, how many failed, the rate (households a second)
and the time left. Without a terminal (a log file, cron, CI) it prints plain lines instead: one
per failed household, and a count every 1 % of the book (every household in a book of 100 or
fewer), e.g. ``book: 250/1000 done, 3 failed, 4.1/s, 3m 2s left``.
"""

from __future__ import annotations

import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from trimtab.report.book_records import HouseholdResult
from trimtab.report.console.terminal import escaped


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


class BookProgress:
    """Report each household's result as it comes (``update``); ``close`` at the end."""

    def __init__(self, stream: TextIO, total: int, *, terminal: bool | None = None) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self.failed = 0
        self.start = time.perf_counter()
        tty = stream.isatty() if terminal is None else terminal
        self.bar: Progress | None = None
        if tty:
            self.bar = Progress(
                TextColumn("book"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=Console(file=stream),
                transient=False,
            )
            self.task = self.bar.add_task("book", total=total, failed=0, rate="")
            self.bar.start()
        self.step = 1 if total <= 100 else max(1, total // 100)

    def _rate(self) -> float:
        elapsed = time.perf_counter() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def update(self, result: HouseholdResult) -> None:
        """One more household done."""
        self.done += 1
        self.failed += result.failed
        rate = self._rate()
        if self.bar is not None:
            self.bar.update(self.task, advance=1, failed=self.failed, rate=f"{rate:.1f}/s")
            return
        if result.failed:
            kind = result.failure.value if result.failure else "failed"
            line = f"book: {result.file}: failed ({kind}): {result.message}"
            print(escaped(line), file=self.stream)  # control characters shown escaped
        if self.done % self.step == 0 or self.done == self.total:
            left = (self.total - self.done) / rate if rate else 0.0
            print(
                f"book: {self.done}/{self.total} done, {self.failed} failed, {rate:.1f}/s, "
                f"{_duration(left)} left",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        """Stop the bar (plain lines need nothing)."""
        if self.bar is not None:
            self.bar.stop()
