"""Python's cyclic garbage collector paused for the length of one plan.

A plan allocates hundreds of thousands of small records (a large household's lots, sell units,
model rows) and keeps most of them until it ends; the collector's generation scans walk them
again and again and find nothing to free (the plan makes no reference cycles worth collecting
early). Measured on the large benchmark household: about a quarter of `plan_household`'s time
(1.33 s with the collector, 0.98-1.05 s with it paused; peak memory the same, docs/performance.md).

Reference counting still frees everything as usual; only the cycle scans wait. The pause nests
and is shared by threads (the web app and a Dask worker may plan on several threads): the
collector is switched off by the first plan to start and back on by the last to end, and only if
it was on before. A collection at the end is left to Python's own thresholds.
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
                gc.enable()
