"""trimtab: keep a household's investments on target without paying more tax than it must.

Public Python API::

    from trimtab import load_household, check_household
    household = load_household("examples/household.yaml")   # raises InputError on mistakes
    report = plan_household(household)                       # the plan, its tax and rationale

The pipeline's names are imported on first use (module ``__getattr__``), so ``import trimtab``
and the short commands load no solver, numpy or report writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trimtab.errors import (
    BookError,
    ExitCode,
    InfeasibleError,
    InputError,
    InternalError,
    Problem,
    Severity,
    TrimtabError,
)
from trimtab.model import Household
from trimtab.source import Source

if TYPE_CHECKING:
    from trimtab.pipeline import PlanOptions, check_household, load_household, plan_household

__version__ = "0.1.0"

__all__ = [
    "BookError",
    "ExitCode",
    "Household",
    "InfeasibleError",
    "InputError",
    "InternalError",
    "PlanOptions",
    "Problem",
    "Severity",
    "Source",
    "TrimtabError",
    "__version__",
    "check_household",
    "load_household",
    "plan_household",
]

_FROM_PIPELINE = frozenset({"PlanOptions", "check_household", "load_household", "plan_household"})


def __getattr__(name: str) -> object:
    """The pipeline's public names, imported when first asked for (PEP 562)."""
    if name not in _FROM_PIPELINE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from trimtab import pipeline

    value: object = getattr(pipeline, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
