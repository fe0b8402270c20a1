"""Python's cyclic garbage collector paused for the length of one plan.

A plan allocates hundreds of thousands of small records (a large household's lots, sell units,
model rows) and keeps most of them until it ends; the collector's generation scans walk them
again and again and find nothing to free (the plan makes no reference cycles worth collecting
early). Measured on the large benchmark household: about a quarter of `plan_household`'s time
(1.33 s with the collector, 0.98-1.05 s with it paused; peak memory the same, docs/performance.md).

Reference counting still frees everything as usual; only the cycle scans wait. The pause nests
and is shared by threads (the web app and a Dask worker may plan on several threads): the
collector is switched off by the first plan to start and back on by the last to end, and only if
it was on before.

What the plan leaves alive (its report, the household's memo) goes straight to the collector's
oldest generation when the pause ends (``gc.freeze`` then ``gc.unfreeze``: two list splices),
instead of waiting in the youngest, whose next scan would walk every one of them at once (49–77
ms after a large plan) only to promote them. The oldest generation is scanned by Python's own
full collections, which still free any cycle a plan left (after a large plan: 333 small
objects, the closures of `ast.literal_eval` and `inspect.signature`). Skipped when something else
in the process keeps objects frozen (a pre-forking server's ``gc.freeze``): unfreezing would
hand those back to the collector.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The body runs with the cyclic collector off (reference counting unchanged)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                if gc.get_freeze_count() == 0:
                    gc.freeze()  # every tracked object to the permanent generation, then
                    gc.unfreeze()  # all of it to the oldest: the survivors skip the young scans
                gc.enable()
