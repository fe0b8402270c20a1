"""The asset-location review's LP: the best place for each class with the household's
allocation (the review is assembled in :mod:`trimtab.explain.location_review`).

An LP over (class k, account a): x_{k,a} ≥ 0 dollars, each account keeps its value and each
class its household total, and the yearly drag Σ d_{k,a} x_{k,a} is least:

    minimise   Σ_{k,a} d_{k,a} x_{k,a}
    subject to Σ_k x_{k,a} = V_a  (account sizes fixed)      Σ_a x_{k,a} = X_k  (allocation kept)
               x_{k,a} ≥ what cannot be sold there (restrictions, lockups, held-away accounts)
               x_{cash,a} ≥ min(min_cash_a, cash now)          x_{k,a} = 0 where k cannot be held

A class may sit in an account that holds it now or whose buy menu and restrictions allow a
single-class fund of it (municipal funds never in a tax-advantaged account unless allowed).
d_{k,a} is the drag of the account's current funds of k (value-weighted), or of the most
tax-efficient fund of k it may buy. The current location is feasible, so the best one never
drags more. Another taxpayer's account (a child's UTMA) is left out.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from trimtab.analysis.location import (
    LocationFact,
)
from trimtab.model.enums import AssetClass
from trimtab.model.household import Household
from trimtab.money import CENT, ZERO
from trimtab.optimize.solve import solve_lp
from trimtab.optimize.sparse import sparse
from trimtab.results.location import LocationAmount as LocationAmount
from trimtab.results.location import LocationMove as LocationMove
from trimtab.results.location import LocationReview as LocationReview

CLASSES = tuple(AssetClass)
KEEP = 1e-5  # a dollar kept where it is drags 0.1 bp less: ties keep the current location


def solve_location(household: Household, cells: list[LocationFact]) -> tuple[list[Decimal], str]:
    """Solve the LP; the best amounts, to the cent, and HiGHS's status.

    Each cell is split into what stays (at most its current amount, a hair cheaper) and what
    is added, so that between equally good locations the current one is kept and no move
    merely trades places between two accounts of the same kind.
    """
    accounts = list(dict.fromkeys(c.account for c in cells))
    n = len(cells)
    if n == 0:
        return [], "nothing to locate"
    at = {a: i for i, a in enumerate(accounts)}
    rows = [at[c.account] for c in cells] + [
        len(accounts) + CLASSES.index(c.asset_class) for c in cells
    ]
    columns = list(range(n))
    one = sparse((len(accounts) + len(CLASSES), n), rows, columns * 2, np.ones(2 * n))
    matrix = one.with_columns(one)  # [stay, add]
    sizes = [sum((c.current for c in cells if c.account == a), ZERO) for a in accounts]
    totals = [sum((c.current for c in cells if c.asset_class is k), ZERO) for k in CLASSES]
    target = np.array([float(v) for v in (*sizes, *totals)])
    drags = np.array([float(c.drag) for c in cells])
    fixed = np.array([c.upper is not None for c in cells])
    current = np.array([float(c.current) for c in cells])
    solution = solve_lp(
        np.concatenate([drags - KEEP, drags]),
        matrix,
        (target, target),
        (
            np.concatenate([np.zeros(n), np.array([float(c.lower) for c in cells])]),
            np.concatenate([current, np.where(fixed, 0.0, np.inf)]),
        ),
    )
    if not solution.optimal:  # cannot happen: the current location is feasible
        return [c.current for c in cells], solution.status
    x = solution.x[:n] + solution.x[n:]
    best = [Decimal(repr(max(float(v), 0.0))).quantize(CENT) for v in x]
    return _settle(cells, best, accounts, sizes), solution.status


def _settle(
    cells: list[LocationFact], best: list[Decimal], accounts: list[str], sizes: list[Decimal]
) -> list[Decimal]:
    """Put the cents lost to rounding back, so each account keeps its value exactly."""
    out = list(best)
    for account, size in zip(accounts, sizes, strict=True):
        members = [i for i, c in enumerate(cells) if c.account == account]
        left = size - sum((out[i] for i in members), ZERO)
        if left and members:
            biggest = max(members, key=lambda i: out[i])
            out[biggest] += left
    return out
