"""trimtab: keep a household's investments on target without paying more tax than it must.

Public Python API::

    from trimtab import load_household, check_household
    household = load_household("examples/household.yaml")   # raises InputError on mistakes
    report = plan_household(household, PlanOptions(mode="target"))  # plan, tax, rationale
    write_outputs(report, "out", trade_files=["generic"])   # what `trimtab plan --out` writes
    document = to_document(report)                           # the trimtab.plan/1 document

docs/api.md is the guide.

The pipeline's names are imported on first use (module ``__getattr__``), so ``import trimtab``
and the short commands load no solver, numpy or report writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trimtab.analysis.drift import drift_table
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
    from trimtab.model.enums import Mode, ReliefMethod, SolverKind, TradeFileKind
    from trimtab.pipeline import (
        PlanOptions,
        TaxOverview,
        WrittenOutputs,
        check_household,
        check_trade_file,
        load_household,
        location_overview,
        plan_household,
        tax_overview,
        to_document,
        write_outputs,
    )
    from trimtab.source import Source

__version__ = "0.1.0"

__all__ = [
    "BookError",
    "ExitCode",
    "Household",
    "InfeasibleError",
    "InputError",
    "InternalError",
    "Mode",
    "PlanOptions",
    "Problem",
    "ReliefMethod",
    "Severity",
    "SolverKind",
    "Source",
    "TaxOverview",
    "TradeFileKind",
    "TrimtabError",
    "WrittenOutputs",
    "__version__",
    "check_household",
    "check_trade_file",
    "drift_table",
    "load_household",
    "location_overview",
    "plan_household",
    "tax_overview",
    "to_document",
    "write_outputs",
]

# Where each public name lives: imported when first asked for (PEP 562), so that the console
# script can set up the process (trimtab/__main__.py) before anything heavy is imported.
_HOMES = {
    "BookError": "trimtab.errors",
    "ExitCode": "trimtab.errors",
    "InfeasibleError": "trimtab.errors",
    "InputError": "trimtab.errors",
    "InternalError": "trimtab.errors",
    "Problem": "trimtab.errors",
    "Severity": "trimtab.errors",
    "TrimtabError": "trimtab.errors",
    "Household": "trimtab.model",
    "Source": "trimtab.source",
    "Mode": "trimtab.model.enums",
    "ReliefMethod": "trimtab.model.enums",
    "SolverKind": "trimtab.model.enums",
    "TradeFileKind": "trimtab.model.enums",
    "PlanOptions": "trimtab.pipeline",
    "TaxOverview": "trimtab.pipeline",
    "WrittenOutputs": "trimtab.pipeline",
    "check_household": "trimtab.pipeline",
    "check_trade_file": "trimtab.pipeline",
    "drift_table": "trimtab.analysis.drift",
    "load_household": "trimtab.pipeline",
    "location_overview": "trimtab.pipeline",
    "plan_household": "trimtab.pipeline",
    "tax_overview": "trimtab.pipeline",
    "to_document": "trimtab.pipeline",
    "write_outputs": "trimtab.pipeline",
}


def __getattr__(name: str) -> object:
    """A public name, imported from its home module when first asked for (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value: object = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
