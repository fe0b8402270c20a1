"""Bounds on the numbers of a file: a number beyond them is a located problem, never a crash.

Decimal arithmetic carries 28 significant digits; a value of ``1e24`` shares at a price of
$74 is 26 digits before the cents, and rounding it to cents (``quantize``) raises
``InvalidOperation``. So every number read from a file is held, by the name of its field,
inside a bound that keeps each product of the engine well within 28 digits:

=====================  ==========================  =========================================
what                   fields                      bound (absolute value)
=====================  ==========================  =========================================
a number of shares     ``quantity`` (any key that  10,000,000,000 (1e10)
                       ends in ``quantity``)
a price of one share   ``price``, ``prices.*``     $10,000,000 (1e7)
any other number       amounts, cash, cost, rates  1,000,000,000,000 (1e12)
=====================  ==========================  =========================================

Worked example: the largest holding value is 1e10 shares × $1e7 = $1e17, 18 digits before
the cents and 20 with them, inside 28; a sum of a thousand such values is 23 digits.

The bounds are checked on the file's tree, before the document models, so each problem
names the exact line, column and field of the number (docs/household-format.md, "Limits").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from trimtab.errors import Problem
from trimtab.load.tree import PathKey, Tree

MAX_QUANTITY = Decimal("1e10")
"""The most shares of one holding, lot, transaction or trade."""

MAX_PRICE = Decimal("1e7")
"""The highest price of one share, in dollars."""

MAX_AMOUNT = Decimal("1e12")
"""The largest absolute value of any other number (amounts, cash, cost, income, rates)."""


def number_problems(tree: Tree) -> tuple[Problem, ...]:
    """A problem for each number of ``tree`` beyond its bound, in file order."""
    found: list[Problem] = []
    _walk(tree, tree.data, (), found)
    return tuple(sorted(found, key=lambda p: (p.source.line, p.source.column)))


def with_bounds(tree: Tree, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The bound problems of ``tree`` and the other ``problems``, one problem per field (a
    number beyond its bound is reported as such, not also as, say, not positive)."""
    bounds = number_problems(tree)
    fields = {p.field for p in bounds}
    return bounds + tuple(p for p in problems if p.field not in fields)


def bound_for(path: PathKey) -> tuple[Decimal, str]:
    """The bound of the number at ``path`` and its words."""
    keys = [part for part in path if isinstance(part, str)]
    last = keys[-1] if keys else ""
    if last.endswith("quantity"):
        return MAX_QUANTITY, "shares"
    if last == "price" or (len(keys) >= 2 and keys[-2] == "prices" and path[-1] == last):
        return MAX_PRICE, "dollars a share"
    return MAX_AMOUNT, ""


_WITHIN_EVERY_BOUND = 10_000_000
"""The smallest bound (``MAX_PRICE``): a number within it is within its own, whatever its field."""


def _walk(tree: Tree, node: Any, path: PathKey, found: list[Problem]) -> None:
    """The bound problems under ``node`` into ``found``. The usual values (plain dicts, lists
    and numbers within every bound) are told apart by their class without a call each: a
    household of a thousand lots holds about ten thousand values."""
    cls = node.__class__
    if cls is dict or cls is list:
        within = _WITHIN_EVERY_BOUND
        for key, value in node.items() if cls is dict else enumerate(node):
            kind = value.__class__
            if kind is str or kind is bool or value is None:
                continue
            if kind is int and -within <= value <= within:
                continue
            if kind is Decimal and value.is_finite() and -within <= value <= within:
                continue
            _walk_any(tree, value, (*path, key), found)
        return
    _walk_any(tree, node, path, found)


def _walk_any(tree: Tree, node: Any, path: PathKey, found: list[Problem]) -> None:
    if node.__class__ is dict or node.__class__ is list:
        _walk(tree, node, path, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            _walk(tree, value, (*path, key), found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk(tree, value, (*path, index), found)
    elif isinstance(node, int | Decimal) and not isinstance(node, bool):
        problem = _beyond(tree, node, path)
        if problem is not None:
            found.append(problem)


def _beyond(tree: Tree, value: int | Decimal, path: PathKey) -> Problem | None:
    if isinstance(value, Decimal) and not value.is_finite():
        return None  # the document models word NaN and infinity
    bound, unit = bound_for(path)
    if -bound <= value <= bound:
        return None
    source = tree.source(path)
    shown = f"{bound:,.0f}" + (f" {unit}" if unit else "")
    return Problem(
        source=source,
        field=source.field,
        kind="number_too_large",
        message=f"{_short(value)} is beyond the bound of {shown}",
        expected=f"at most {shown} in absolute value",
    )


def _short(value: int | Decimal) -> str:
    """The number as written when short, else in scientific notation (``1E+24``)."""
    text = str(value)
    return text if len(text) <= 24 else f"{Decimal(value):.6E}"
