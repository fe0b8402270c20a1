"""The prefix rows of relief-method holdings: their lots are sold in the method's order.

A holding of a taxable account with a relief method is one sell unit per lot, in the order the
method sells them (:mod:`.relief_order`). For each two lots i, j next to each other in that
order that may both be sold (``Layout.relief_pairs``), a column w ∈ [0, 1] (block
`relief_order`) and two rows

    held_i w − s_i ≤ 0      w = 1: lot i is sold whole …
    s_j − held_j w ≤ 0      … and only then may lot j be sold

so that, w integral, the shares sold of the holding are a prefix of the order. A lot after one
that may not be sold whole (or after a lot missing from the model) is held at 0
(``Layout.relief_blocked``).

The exact engine makes w integer. The LP-first engine keeps it continuous and settles it only
where the relaxation needs it: :func:`out_of_order` names, for each holding whose LP solution
sells a lot while an earlier one is not sold whole, the w of the first such pair, and the
engine's branch and bound (the one that settles wash-sale choices, :mod:`.engine`) fixes it to
0 or 1. Where the per-share cost rises along the order (HIFO, and FIFO or LIFO with the gains
in that order) the LP sells a prefix by itself, and no branch is made.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Layout, Vector
from trimtab.optimize.rows import INF, Rows
from trimtab.optimize.sparse import sparse

TINY = 1e-7  # shares: below this a lot is not sold
WHOLE = 1e-6  # shares: within this of its size a lot is sold whole


def relief_order_rows(p: PlanInputs, lay: Layout) -> Rows:
    """The prefix rows (module docstring)."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    names: list[str] = []
    for k, (i, j) in enumerate(lay.relief_pairs):
        w = lay.relief_order + k
        first, then = p.units[i], p.units[j]
        rows += [len(names), len(names)]
        cols += [w, lay.sell + i]
        vals += [float(first.held), -1.0]
        names.append(f"relief_whole[{first.account},{first.symbol},{'+'.join(first.lot_ids)}]")
        rows += [len(names), len(names)]
        cols += [lay.sell + j, w]
        vals += [1.0, -float(then.held)]
        names.append(f"relief_next[{then.account},{then.symbol},{'+'.join(then.lot_ids)}]")
    for i in lay.relief_blocked:
        u = p.units[i]
        rows.append(len(names))
        cols.append(lay.sell + i)
        vals.append(1.0)
        names.append(f"relief_blocked[{u.account},{u.symbol},{'+'.join(u.lot_ids)}]")
    n = len(names)
    return Rows(
        names=tuple(names),
        matrix=sparse((n, lay.size), rows, cols, vals),
        lower=np.full(n, -INF),
        upper=np.zeros(n),
    )


def relief_bounds(lay: Layout, upper: Vector, integer: npt.NDArray[np.bool_]) -> None:
    """w ∈ [0, 1], integer in the exact engine (in place)."""
    upper[lay.relief_order : lay.relief_order + len(lay.relief_pairs)] = 1.0
    if lay.exact:
        integer[lay.relief_order : lay.relief_order + len(lay.relief_pairs)] = True


def out_of_order(lay: Layout, x: Vector) -> set[int]:
    """The w columns to settle in ``x``: for each holding that sells a lot of its relief order
    while an earlier one is not sold whole, the first such pair's."""
    if not lay.relief_pairs:
        return set()
    out: set[int] = set()
    seen: set[int] = set()  # the first unit of a pair whose holding is settled already
    for k, (i, j) in enumerate(lay.relief_pairs):
        if i in seen:
            seen.add(j)
            continue
        if x[lay.sell + i] < lay.relief_held[k] - WHOLE and _sells_after(lay, x, k):
            out.add(lay.relief_order + k)
            seen.add(j)
    return out


def _sells_after(lay: Layout, x: Vector, k: int) -> bool:
    """A lot after pair ``k``'s first in its chain is sold in ``x``."""
    pairs = lay.relief_pairs
    while k < len(pairs):
        if x[lay.sell + pairs[k][1]] > TINY:
            return True
        if k + 1 < len(pairs) and pairs[k + 1][0] != pairs[k][1]:
            return False
        k += 1
    return False
