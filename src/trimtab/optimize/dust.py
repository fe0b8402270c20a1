"""No dust (issue 21, item 4; docs/optimizer.md, "No dust"): a sale never leaves a holding
with less than its minimum trade or :data:`DUST_SHARES` shares.

A holding (an account's position in one symbol) the plan sells is *dust-ruled* when every
share of it may be sold (no lockup, restriction or `no_short_term_gains` holds a lot back) and
no order or forced sale fixes the amount. Its threshold is the larger of :data:`DUST_SHARES`
shares and the account's minimum trade in shares, K = min(threshold, held). A sale of a
dust-ruled holding is the whole holding or leaves at least K shares:

    Σ_{u∈g} s_u ∈ {held} ∪ [0, held − K]

The LP-first engine keeps the rule in three places: after its ticket step, a sale the LP
makes that leaves 0 < rest < K is solved both rounded up to the whole holding and cut back so
that K shares stay, and the cheaper plan by the model's objective stands, unless it leaves a
class further past its band (:func:`_no_dust` in :mod:`.engine`); the whole-share rounding
never leaves a whole sale short of the holding, nor rounds a sale up into dust
(:mod:`.rounding`); and :mod:`.decode` sells a holding whole when the sale is within a
millionth of a share of it. The exact engine has the rule as rows (:func:`no_dust_rows`, one
binary a holding). Dust a restriction leaves (a lockup, `max_sell_per_year`) stays: there is
no plan without it.
"""

from __future__ import annotations

import numpy as np

from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Layout, Vector, derived, f64
from trimtab.optimize.rows import Rows
from trimtab.optimize.sparse import empty, sparse
from trimtab.optimize.units import SellUnit

DUST_SHARES = 5.0  # a holding left with fewer shares than this (or less than the minimum trade)
TINY = 1e-6  # shares: a rest this small is no rest
__all__ = [
    "DUST_SHARES",
    "Dust",
    "dust_of",
    "dusty",
    "keep_shares",
    "no_dust_rows",
    "sell_all_bounds",
]


class Dust:
    """The dust rule's numbers for each sell group of a layout, figured per group when first
    asked (a plan asks about the few groups it sells, of thousands in a large household):
    ``held[g]`` (shares of the holding), ``keep[g]`` (K: the shares a partial sale leaves at
    least) and ``ruled[g]`` (the rule applies)."""

    def __init__(self, p: PlanInputs, lay: Layout) -> None:
        self._p, self._lay = p, lay
        self._memo: dict[int, tuple[float, float, bool]] = {}
        self.held = _Field(self, 0)
        self.keep = _Field(self, 1)
        self.ruled = _Field(self, 2)

    def group(self, g: int) -> tuple[float, float, bool]:
        """(held, keep, ruled) of sell group ``g``."""
        found = self._memo.get(g)
        if found is None:
            found = self._memo[g] = _group(
                self._p, [self._p.units[i] for i in self._lay.group_columns[g]]
            )
        return found


class _Field:
    """One of :class:`Dust`'s numbers, indexed by sell group."""

    def __init__(self, dust: Dust, k: int) -> None:
        self._dust, self._k = dust, k

    def __getitem__(self, g: int) -> float:
        return float(self._dust.group(g)[self._k])


def dust_of(p: PlanInputs, lay: Layout) -> Dust:
    """The dust rule's numbers for the sell groups of ``lay`` (one :class:`Dust` a layout)."""
    return derived(lay, "dust", lambda: Dust(p, lay))


def keep_shares(p: PlanInputs, u: SellUnit) -> float:
    """The dust threshold of ``u``'s holding in shares: the larger of :data:`DUST_SHARES` and
    its account's minimum trade at its price."""
    price = float(u.price)
    minimum = float(p.min_trade.get(u.account, 0))
    return max(DUST_SHARES, minimum / price if price > 0 else 0.0)


def _group(p: PlanInputs, units: list[SellUnit]) -> tuple[float, float, bool]:
    lots: dict[tuple[str, ...], float] = {}  # a priced partial wash splits a lot in two
    for u in units:
        lots[u.lot_ids] = float(u.held)
    held = sum(lots.values())
    sellable = float(sum(u.quantity for u in units))
    keep = min(keep_shares(p, units[0]), held)
    forced = any(u.forced > 0 for u in units)
    return held, keep, not forced and sellable >= held - TINY and held > TINY


def dusty(p: PlanInputs, lay: Layout, x: Vector) -> tuple[list[int], Vector]:
    """The dust-ruled sell groups ``x`` sells leaving 0 < rest < K, and every group's sold
    shares."""
    arr = lay.arrays
    dust = dust_of(p, lay)
    sold = arr.u_group >= 0
    shares = np.bincount(
        arr.u_group[sold],
        weights=np.maximum(x[lay.sell : lay.buy], 0.0)[sold],
        minlength=len(lay.sell_groups),
    )
    bad = []
    for g in np.flatnonzero(shares > TINY).tolist():
        held, keep, ruled = dust.group(g)
        if ruled and TINY < held - shares[g] < keep - TINY:
            bad.append(g)
    return bad, f64(shares)


def no_dust_rows(p: PlanInputs, lay: Layout) -> Rows:
    """*Exact engine, with trade indicators.* Each dust-ruled sell group g sells its whole
    holding (w_g = 1) or leaves at least K shares (w_g = 0), w_g binary:

        Σ_{u∈g} s_u − held w_g ≥ 0          (w_g = 1: all of it)
        Σ_{u∈g} s_u − K w_g ≤ held − K      (w_g = 0: at most held − K)

    Two rows a ruled group: row 2r the first, row 2r + 1 the second."""
    if lay.sell_all >= lay.wash_choice:
        return Rows(names=(), matrix=empty(lay.size), lower=np.zeros(0), upper=np.zeros(0))
    dust = dust_of(p, lay)
    ruled = [g for g in range(len(lay.sell_groups)) if dust.group(g)[2]]
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    names: list[str] = []
    for r, g in enumerate(ruled):
        members = lay.group_columns[g]
        held, keep = float(dust.held[g]), float(dust.keep[g])
        for k, coefficient in ((2 * r, -held), (2 * r + 1, -keep)):
            rows += [k] * (len(members) + 1)
            cols += [lay.sell + i for i in members] + [lay.sell_all + g]
            vals += [1.0] * len(members) + [coefficient]
        lower += [0.0, -np.inf]
        upper += [np.inf, held - keep]
        account, symbol = lay.sell_groups[g]
        names += [f"sell_all[{account},{symbol}]", f"no_dust[{account},{symbol}]"]
    return Rows(
        names=tuple(names),
        matrix=sparse((len(names), lay.size), rows, cols, vals),
        lower=f64(lower),
        upper=f64(upper),
    )


def sell_all_bounds(p: PlanInputs, lay: Layout, upper: Vector) -> None:
    """The sell-all columns w_g of groups the rule does not apply to held at 0 (in place)."""
    if lay.sell_all < lay.wash_choice:
        dust = dust_of(p, lay)
        upper[lay.sell_all : lay.wash_choice] = [
            float(dust.group(g)[2]) for g in range(len(lay.sell_groups))
        ]
