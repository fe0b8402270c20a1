"""trimtab: keep a household's investments on target without paying more tax than it must.

Public Python API::

    from trimtab import load_household, check_household
    household = load_household("examples/household.yaml")   # raises InputError on mistakes
    report = plan_household(household)                       # the plan, its tax and rationale
"""

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
from trimtab.pipeline import PlanOptions, check_household, load_household, plan_household
from trimtab.source import Source

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
