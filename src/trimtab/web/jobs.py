"""Re-plans running in the background, one per household at a time, with their progress.

A re-plan (:func:`trimtab.web.actions.replan`, then the new plan recorded in the journal) takes
from a fraction of a second to minutes (``--solver exact``), so the page starts it and polls
its progress: ``queued → planning → recording → done`` (or ``failed`` with the reason), with
the seconds since it started. The app holds one :class:`Replans` (no module-level state).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """Where one household's re-plan is.

    stage: queued, planning, recording, done or failed. started: time.monotonic() at the
    start. seconds: how long it took (when finished). run: the journal run recorded (done).
    message: why it failed.
    """

    stage: str
    started: float
    seconds: float | None = None
    run: int | None = None
    message: str = ""

    @property
    def finished(self) -> bool:
        """Done or failed."""
        return self.stage in ("done", "failed")

    def elapsed(self) -> float:
        """Seconds since it started (or how long it took)."""
        return self.seconds if self.seconds is not None else time.monotonic() - self.started


Stage = Callable[[str], None]


class Replans:
    """The re-plans of this app: start one per household, read its progress."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._progress: dict[str, Progress] = {}

    def get(self, key: str) -> Progress | None:
        """The household's newest re-plan (None: none since the app started)."""
        with self._lock:
            return self._progress.get(key)

    def _set(self, key: str, **changes: object) -> None:
        with self._lock:
            self._progress[key] = replace(self._progress[key], **changes)  # type: ignore[arg-type]

    def start(self, key: str, work: Callable[[Stage], int]) -> bool:
        """Run ``work`` in a thread (False when this household's re-plan is still running).

        ``work`` gets a function to report its stage and returns the journal run it recorded;
        it raises to fail, its message shown.
        """
        with self._lock:
            current = self._progress.get(key)
            if current is not None and not current.finished:
                return False
            self._progress[key] = Progress(stage="queued", started=time.monotonic())
        threading.Thread(target=self._run, args=(key, work), daemon=True).start()
        return True

    def _run(self, key: str, work: Callable[[Stage], int]) -> None:
        started = self._progress[key].started
        try:
            run = work(lambda stage: self._set(key, stage=stage))
        except Exception as exc:  # the household's trouble: shown on its page
            self._set(key, stage="failed", message=str(exc), seconds=time.monotonic() - started)
            return
        self._set(key, stage="done", run=run, seconds=time.monotonic() - started)
