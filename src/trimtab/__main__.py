"""``python -m trimtab`` and the ``trimtab`` console script: set up the process, then the CLI.

A command is a short process that imports ~250 modules and builds many small objects (lots,
Decimals) that live until it ends. Before the first heavy import:

- the cyclic garbage collector is off while the CLI's modules are imported, their objects are
  then frozen out of its sight (``gc.freeze``: a sweep of the ~50,000 objects of the imports
  cost 8–20 ms of a 0.2 s ``drift``), and its thresholds raised (``RUN_GC_THRESHOLDS``): its
  default would sweep the household's objects again and again (reference counting still frees
  everything as usual);
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
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()  # the imports make no garbage cycles worth a sweep
    try:
        from trimtab.cli import main
    finally:
        gc.freeze()  # the modules' objects live until the end: no sweep looks at them again
        gc.set_threshold(*RUN_GC_THRESHOLDS)
        gc.enable()
    main()


if __name__ == "__main__":
    run()
