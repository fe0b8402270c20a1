"""Load a household file: YAML -> document (pydantic, at the edge) -> immutable model.

:func:`read_household` never raises for user mistakes: it returns the model (or
None) and every Problem it found, each naming file, line, column and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trimtab.errors import Problem
from trimtab.load.bounds import with_bounds
from trimtab.load.build import build_household
from trimtab.load.document import HouseholdDocument, SettingsDoc, SettingsFileDoc
from trimtab.load.limits import household_limits
from trimtab.load.logo import read_logo
from trimtab.load.schema_problems import problems_from_validation
from trimtab.load.settings import merge_settings
from trimtab.load.tree import Tree, parse_tree, read_tree
from trimtab.model.household import Household
from trimtab.model.settings import Logo
from trimtab.rules.securities import master_by_symbol
from trimtab.source import Source

__all__ = ["HouseholdDocument", "Tree", "parse_tree", "read_household", "read_tree"]


def read_household(
    path: str | Path,
    *,
    settings_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    text: str | None = None,
) -> tuple[Household | None, tuple[Problem, ...]]:
    """The household of ``path`` (None when it cannot be built) and the problems found.

    ``text``: the file's contents when they are at hand (the MCP server's ``household_yaml``);
    then nothing is read and ``path`` only names them in the problems (e.g. ``<household_yaml>``).
    """
    tree = read_tree(path) if text is None else parse_tree(text, str(path))
    if isinstance(tree, Problem):
        return None, (tree,)
    doc, problems = _document(tree)
    firm, firm_problems = _settings_file(settings_file)
    flags, flag_problems = _overrides(overrides)
    problems = problems + firm_problems + flag_problems
    if doc is None or problems:
        return None, problems
    settings = merge_settings(firm, doc.settings, flags)
    household, built = build_household(doc, tree, settings, master_by_symbol())
    logo, logo_problems = _logo(doc, tree, firm, settings_file)
    if logo_problems:
        return None, built + logo_problems
    return (replace(household, firm_logo=logo) if logo else household), built


def _logo(
    doc: HouseholdDocument,
    tree: Tree,
    firm: SettingsFileDoc | None,
    settings_file: str | Path | None,
) -> tuple[Logo | None, tuple[Problem, ...]]:
    """The ``firm_logo`` image, relative to the file that sets it (the household file wins)."""
    if doc.settings.firm_logo:
        at = tree.source(("settings", "firm_logo"))
        return read_logo(doc.settings.firm_logo, Path(tree.file).parent, at)
    if firm is not None and firm.firm_logo and settings_file is not None:
        where = read_tree(settings_file)
        at = (
            where.source(("firm_logo",))
            if isinstance(where, Tree)
            else Source(file=str(settings_file), line=1, column=1, field="firm_logo")
        )
        return read_logo(firm.firm_logo, Path(settings_file).parent, at)
    return None, ()


def _document(tree: Tree) -> tuple[HouseholdDocument | None, tuple[Problem, ...]]:
    if not isinstance(tree.data, dict):
        return None, (_not_a_mapping(tree),)
    if too_many := household_limits(tree):
        return None, too_many
    try:
        doc = HouseholdDocument.model_validate(tree.data)
    except ValidationError as exc:
        return None, with_bounds(tree, problems_from_validation(tree, exc))
    bounds = with_bounds(tree, ())
    return (None, bounds) if bounds else (doc, ())


def _settings_file(path: str | Path | None) -> tuple[SettingsFileDoc | None, tuple[Problem, ...]]:
    if path is None:
        return None, ()
    tree = read_tree(path)
    if isinstance(tree, Problem):
        return None, (tree,)
    if not isinstance(tree.data, dict):
        return None, (_not_a_mapping(tree),)
    try:
        doc = SettingsFileDoc.model_validate(tree.data)
    except ValidationError as exc:
        problems = with_bounds(tree, problems_from_validation(tree, exc))
        return None, tuple(_as_setting(p) for p in problems)
    bounds = with_bounds(tree, ())
    return (None, bounds) if bounds else (doc, ())


def _overrides(values: Mapping[str, Any] | None) -> tuple[SettingsDoc | None, tuple[Problem, ...]]:
    if not values:
        return None, ()
    given = {k: v for k, v in values.items() if v is not None}
    tree = Tree(file="<command line>", data=given, positions={})
    try:
        return SettingsDoc.model_validate(given), ()
    except ValidationError as exc:
        return None, problems_from_validation(tree, exc)


def _as_setting(p: Problem) -> Problem:
    kind = "unknown_setting" if p.kind == "unknown_field" else p.kind
    return Problem(
        source=p.source, field=p.field, kind=kind, message=p.message, expected=p.expected
    )


def _not_a_mapping(tree: Tree) -> Problem:
    return Problem(
        source=Source(file=tree.file, line=1, column=1),
        field="(document)",
        kind="not_a_mapping",
        message="the file is not a YAML mapping",
        expected="a mapping with `format: trimtab.household/1` and the documented sections",
    )
