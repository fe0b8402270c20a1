"""The one-way composition: load -> validate (later: analyze -> optimize -> explain)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trimtab.errors import InputError, Problem, errors_only
from trimtab.load import read_household
from trimtab.model.household import Household
from trimtab.validate import validate_household


def check_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Household | None, tuple[Problem, ...]]:
    """Load and validate; the household is None when any error was found."""
    household, problems = read_household(path, settings_file=settings_file, overrides=overrides)
    if household is not None:
        problems = problems + validate_household(household)
    if errors_only(problems):
        return None, problems
    return household, problems


def load_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Household:
    """A valid household, or :class:`~trimtab.errors.InputError` carrying every problem."""
    household, problems = check_household(path, settings_file=settings_file, overrides=overrides)
    if household is None:
        raise InputError(problems)
    return household
