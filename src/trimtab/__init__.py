"""trimtab: keep a household's investments on target without paying more tax than it must.

Public Python API::

    from trimtab import load_household, check_household
    household = load_household("examples/household.yaml")   # raises InputError on mistakes
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
from trimtab.pipeline import check_household, load_household
from trimtab.source import Source

__version__ = "0.1.0"

__all__ = [
    "BookError",
    "ExitCode",
    "Household",
    "InfeasibleError",
    "InputError",
    "InternalError",
    "Problem",
    "Severity",
    "Source",
    "TrimtabError",
    "__version__",
    "check_household",
    "load_household",
]
