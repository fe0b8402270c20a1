"""The merged household, checked as ``trimtab validate`` would check it, before it is written.

An import must never leave a household that validated invalid without saying so. The import
(:func:`trimtab.importers.run.run_import`) is given the full check as a function (the
validation layer sits beside the importers, not under them, so the CLI hands it in); it runs it
on the file as it was and on the text it would write, and :func:`new_problems` sorts what the
import added:

* problems only the advisor can settle, because the export cannot say them: a symbol that is
  not in the securities master (``unknown_symbol``: add it to ``securities``), a symbol
  without a price (``missing_price``), an owner of a new account not in ``owners``
  (``unknown_owner``), a ``tax.year`` that is no longer the year of ``as_of``
  (``tax_year_mismatch``) and the advisor sections still to fill in (``tax``, ``targets``).
  They are **warnings**, each naming what to add and that ``trimtab validate`` rejects the file
  until it is added; the file is written. One the import already warned of (an unknown held
  symbol, a missing price) is not said twice;
* any other problem the file did not have before (an order naming a lot the import removes,
  say) is an **error**: nothing is written, exit 2.

Problems the file already had are not the import's: they are left to ``trimtab validate``.
Problems are matched across the two texts by kind, field (list positions left out, since the
import moves rows) and message.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from trimtab.errors import Problem, Severity

HouseholdCheck = Callable[[str, str], tuple[Problem, ...]]
"""(file name, text) -> every problem ``trimtab validate`` reports for that text."""

ADVISOR_SECTIONS = frozenset({"tax", "targets"})

ADVISOR_INPUT = {
    "unknown_symbol": "unknown_symbol",
    "missing_price": "missing_price",
    "unknown_owner": "unknown_owner",
    "tax_year_mismatch": "tax_year_stale",
    "missing_field": "advisor_section_missing",
}
"""Kinds of ``trimtab validate`` the advisor settles -> the import's warning of the same."""

POSITION = re.compile(r"\[\d+\]")
SYMBOL = re.compile(r"\b[A-Z][A-Z0-9.\-/]*\b")
QUOTED = re.compile(r"`([^`]+)`")

Key = tuple[str, str, str]


def new_problems(
    before: Iterable[Problem], after: Iterable[Problem], said: Iterable[Problem]
) -> tuple[Problem, ...]:
    """The problems of ``after`` (the merged text) that ``before`` (the file) did not have, as
    the import reports them: advisor input a warning (dropped when ``said`` has it already),
    anything else an error."""
    left = Counter(_key(p) for p in before if p.severity is Severity.ERROR)
    told = {(p.kind, _subject(p)) for p in said}
    out: list[Problem] = []
    for p in after:
        if p.severity is not Severity.ERROR:
            continue
        key = _key(p)
        if left[key] > 0:
            left[key] -= 1
            continue
        if not _advisor_input(p):
            out.append(_refused(p))
        elif (ADVISOR_INPUT[p.kind], _subject(p)) not in told:
            out.append(_warned(p))
    return tuple(out)


def _key(p: Problem) -> Key:
    return p.kind, POSITION.sub("[]", p.field), p.message


def _advisor_input(p: Problem) -> bool:
    if p.kind == "missing_field":
        return p.field in ADVISOR_SECTIONS
    return p.kind in ADVISOR_INPUT


def _subject(p: Problem) -> str:
    """What a problem is about: the symbol, the owner, the section ('' for the tax year)."""
    if p.kind in ("missing_field", "advisor_section_missing"):
        return p.field
    if p.kind == "unknown_owner":
        found = QUOTED.search(p.message)
        return found.group(1) if found else ""
    if p.kind in ("unknown_symbol", "missing_price"):
        found = SYMBOL.search(p.message)
        return found.group(0) if found else ""
    return ""


def _warned(p: Problem) -> Problem:
    return Problem(
        source=p.source,
        field=p.field,
        kind=p.kind,
        message=f"{p.message} (`trimtab validate` rejects the household file until this is fixed)",
        expected=p.expected,
        severity=Severity.WARNING,
    )


def _refused(p: Problem) -> Problem:
    return Problem(
        source=p.source,
        field=p.field,
        kind=p.kind,
        message=f"the import would leave the household file invalid: {p.message} (line "
        f"{p.source.line} of the file as it would be written; nothing written)",
        expected=p.expected,
        severity=Severity.ERROR,
    )
