"""A Dask preload for the book's tests: planning the household named "Crash household" raises
(an internal error inside the worker), as a bug would. Loaded by the test clusters' workers only
(Dask may run a preload file more than once in a process: the patch is applied once).
"""

from __future__ import annotations

from typing import Any

import trimtab.commands

CRASH = "Crash household"


def _patch() -> None:
    real = trimtab.commands.plan
    if getattr(real, "crash_patched", False):
        return

    def plan(household: Any, **kwargs: Any) -> Any:
        if household.name == CRASH:
            raise RuntimeError("simulated crash while planning")
        return real(household, **kwargs)

    plan.crash_patched = True  # type: ignore[attr-defined]
    trimtab.commands.plan = plan  # type: ignore[assignment]


_patch()
