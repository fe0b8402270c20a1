"""``python -m trimtab`` and the ``trimtab`` console script: set up the process, then the CLI.

A command is a short process that imports ~250 modules and builds many small objects (lots,
Decimals) that live until it ends. Before the first heavy import:

- the cyclic garbage collector's thresholds are raised (``RUN_GC_THRESHOLDS``): its default
  would sweep the imports' and the household's objects again and again (reference counting
  still frees everything as usual);
- numpy's BLAS is held to one thread: the plan does no linear algebra that needs more (HiGHS
  runs on one thread), and a thread per core would start at import and spin;
- pydantic's plugin discovery is skipped unless the user set ``PYDANTIC_DISABLE_PLUGINS``
  themselves: it scans every installed distribution's entry points on the first model built,
  for observability plugins a command line has no use for.
"""

from __future__ import annotations

import gc
import os

RUN_GC_THRESHOLDS = (50_000, 50, 100)


def run() -> None:
    """The console script's entry point."""
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from trimtab.cli import main

    main()


if __name__ == "__main__":
    run()
