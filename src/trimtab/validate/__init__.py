"""Validate a household: every rule a small check; all problems of one run at once."""

from __future__ import annotations

from trimtab.errors import Problem
from trimtab.model.household import Household
from trimtab.validate.checks import CHECKS
from trimtab.validate.edges import EDGE_CHECKS


def validate_household(household: Household) -> tuple[Problem, ...]:
    """Every problem of the household, in file order."""
    problems = [p for check in (*CHECKS, *EDGE_CHECKS) for p in check(household)]
    return tuple(sorted(problems, key=lambda p: (p.source.file, p.source.line, p.source.column)))
