"""The tax term of the model: the plan's gains priced on the household's exact tax curves.

A plan that realizes S of short- and L of long-term gain (taxable accounts of the return)
changes the year's tax by φ(N) + Π(O) exactly (:mod:`trimtab.tax.curve`): N = S + L the net
gain it adds (Schedule D line 16), φ the net-gain curve, O = max(0, min(ST₀ + S, T₀ + N)) the
year's ordinary part after it (the net short-term gain that is not net capital gain) and Π the
ordinary-part curve. In the model (docs/optimizer.md, "The tax term"), with g_u a share's
realized gain (after the sale's half-spread):

    N = Σ_{u taxed} g_u s_u = x₀ + Σ_i δ_i           0 ≤ δ_i ≤ w_i     (net_gain row, columns)
    O = Σ_k ε_k ≥ ST₀ + Σ_{u taxed, short} g_u s_u   0 ≤ ε_k ≤ v_k     (ordinary_short row)
      [or O ≥ T₀ + N when the year's long-term total ends negative]   (ordinary_total row)
    tax = φ(x₀) + Σ_i φ'_i δ_i + Π(0) + Σ_k Π'_k ε_k   (the objective's tax, in dollars)

x₀ is the lowest net gain the units can realize (every loss sold, no gain); w_i and φ'_i the
width and slope of the curve's i-th piece. So a loss lot sold beside gain lots lowers N and
saves tax at the rate of the gains it offsets, a net loss is worth the ordinary rate up to the
$3,000 limit and nothing beyond (a carryover is worth nothing this year), and a short-term
loss first takes back the year's short-term gains, taxed at ordinary rates.

Non-convex parts, and how the model settles them:

- φ's slope falls where a net loss deducted against ordinary income (say 24 %) meets gains
  taxed at 15 %. The curve is split at each such *concave kink* into convex intervals; the
  model is held in one interval at a time (the pieces left of it full, those right of it
  empty), where the LP fills the pieces in order and the term is φ exactly, and the engine
  solves every interval and keeps the cheapest plan (:mod:`.engine`).
- O ≥ min(ST, T) is a choice of two rows: the engine holds ``ordinary_short`` (right whenever
  the year's long-term total stays ≥ 0) and tries ``ordinary_total`` as well when a plan ends
  with a long-term net loss beside a short-term net gain. Each row alone overstates O where
  the other is right, so each model is an upper bound that is exact where it is chosen.
- Π's slope falls where income crosses the top of the 0 % rate (ordinary 12 % − 0 % there,
  22 % − 15 % above): a slope that falls is raised to the one before it, an overestimate of
  at most the difference × the ordinary part above that edge, and no slope right of O₀ is
  below 0 (the rows bound O from below only). The objective prices those pieces; the tax
  the model reports for its plan (:meth:`TaxTerm.tax`, ``Optimized.tax_estimate``) and the
  engine's comparison of plans read Π itself, as they read φ itself.

Worked example: the curve of :mod:`trimtab.tax.curve` (60,000 of ordinary income, married)
with units that can realize between −20,000 and +60,000: x₀ = −20,000; pieces [−20,000,
−3,000] at 0, [−3,000, 0] at 12 %, [0, 38,900] at 0, [38,900, 60,000] at 15 %. The slope
falls at 0, so there are two intervals: N ≤ 0 and N ≥ 0. Held in N ≥ 0, a plan selling 10,000
of long-term loss and 50,000 of long-term gain has N = 40,000: δ = 17,000, 3,000, 38,900,
1,100 at their slopes, tax = −360 + 0 + 360 + 0 + 165 = 165 = φ(40,000); O = 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from trimtab.optimize.inputs import PlanInputs
from trimtab.tax.curve import TaxCurve

Vector = npt.NDArray[np.float64]
INF = float("inf")
SLOPE_FALL = 1e-9  # a slope this much lower than the one before is a concave kink


@dataclass(frozen=True, slots=True)
class TaxTerm:
    """The tax term's numbers (module docstring).

    start: x₀, the lowest net gain the units can realize. base: φ(x₀). widths / slopes: each
    piece of φ from x₀ up. intervals: (first piece, end piece) of each convex interval.
    short / total: ST₀ and T₀, the year's short-term and total net gains before the plan.
    ordinary_base: Π(0); ordinary_widths / ordinary_slopes: the pieces of Π from 0 up (slopes
    never falling, never below 0) that the model prices; no pieces when no ordinary part can
    arise. exact_ordinary: Π(0), widths and slopes of Π itself, for :meth:`tax`.
    """

    start: float
    base: float
    widths: Vector
    slopes: Vector
    intervals: tuple[tuple[int, int], ...]
    short: float
    total: float
    ordinary_base: float
    ordinary_widths: Vector
    ordinary_slopes: Vector
    exact_ordinary: tuple[float, Vector, Vector] = (0.0, np.zeros(0), np.zeros(0))

    @property
    def pieces(self) -> int:
        """Columns of φ's pieces."""
        return int(self.widths.size)

    @property
    def ordinary(self) -> int:
        """Columns of Π's pieces."""
        return int(self.ordinary_widths.size)

    def home(self) -> int:
        """The interval holding N = 0 (the right one when 0 is a concave kink)."""
        edges = np.concatenate([[self.start], self.start + np.cumsum(self.widths)])
        for j, (first, _) in reversed(list(enumerate(self.intervals))):
            if edges[first] <= 1e-9:
                return j
        return 0

    def piece_bounds(self, interval: int) -> tuple[Vector, Vector]:
        """δ's bounds holding N in ``interval``: pieces left of it full, right of it empty."""
        first, end = self.intervals[interval]
        lower = np.zeros(self.pieces)
        upper = self.widths.copy()
        lower[:first] = self.widths[:first]
        upper[end:] = 0.0
        return lower, upper

    def tax(self, net: float, short: float) -> float:
        """φ(N) + Π(O) (module docstring) at the plan's net gain N and short-term gain S, on
        the curves themselves: the tax the exact engine figures for the plan's gains (the
        model's levelled Π overstates it where O crosses a concave kink, the φ it holds in one
        interval is φ there)."""
        ordinary = max(0.0, min(self.short + short, self.total + net))
        base, widths, slopes = self.exact_ordinary
        return (
            self.base
            + _fill(net - self.start, self.widths, self.slopes)
            + base
            + _fill(ordinary, widths, slopes)
        )

    def ordinary_rows(self, by_total: bool) -> tuple[Vector, Vector]:
        """Lower and upper bounds of the rows ordinary_short and ordinary_total: the one that
        holds O (``by_total``: O ≥ T₀ + N; else O ≥ ST₀ + S), the other free."""
        short = -INF if by_total else self.short
        total = self.total if by_total else -INF
        return np.array([short, total]), np.array([INF, INF])


def _fill(amount: float, widths: Vector, slopes: Vector) -> float:
    """Σ slope × the part of ``amount`` each piece holds, the pieces filled in order."""
    if not widths.size:
        return 0.0
    parts = np.clip(amount - np.concatenate([[0.0], np.cumsum(widths)[:-1]]), 0.0, widths)
    return float(parts @ slopes)


def tax_term(
    curve: TaxCurve | None, ordinary: TaxCurve | None, short: Decimal, total: Decimal
) -> TaxTerm | None:
    """The term of the curves (None without a curve: no unit in a taxable account)."""
    if curve is None or len(curve.points) < 2:
        return None
    xs = [x for x, _ in curve.points]
    slopes = _f64([float(s) for s in curve.slopes])
    widths = _f64([float(b - a) for a, b in pairwise(xs)])
    widths[-1] = INF  # the last piece goes on: no gain is left out
    o_base, o_widths, o_slopes = _ordinary_pieces(
        ordinary, max(0.0, min(float(short), float(total)))
    )
    exact = _exact_pieces(ordinary)
    return TaxTerm(
        start=float(xs[0]),
        base=float(curve.points[0][1]),
        widths=widths,
        slopes=slopes,
        intervals=_convex_intervals(slopes),
        short=float(short),
        total=float(total),
        ordinary_base=o_base,
        ordinary_widths=o_widths,
        ordinary_slopes=o_slopes,
        exact_ordinary=exact,
    )


def _exact_pieces(ordinary: TaxCurve | None) -> tuple[float, Vector, Vector]:
    """Π(0) and Π's own pieces from 0 (the last one going on)."""
    if ordinary is None or len(ordinary.points) < 2:
        return 0.0, np.zeros(0), np.zeros(0)
    xs = [float(x) for x, _ in ordinary.points]
    widths = _f64([b - a for a, b in pairwise(xs)])
    widths[-1] = INF
    return float(ordinary.points[0][1]), widths, _f64([float(s) for s in ordinary.slopes])


def _ordinary_pieces(ordinary: TaxCurve | None, anchor: float) -> tuple[float, Vector, Vector]:
    """Π(0) and Π's pieces from 0, made convex around ``anchor`` (O₀, the ordinary part
    before the plan, where Π is exact): right of it a slope never falls, left of it a slope
    never rises going left, and none left of it is above the first right of it; and none right
    of it is below 0. Each change makes Π larger away from O₀ (the plan's tax overestimated,
    never under).

    The last rule is the bound of O from above: the rows bound O = Σ ε_k from below only (O ≥
    ST₀ + S or T₀ + N), so a piece right of O₀ with a negative slope pays the LP to raise O
    past the plan's ordinary part, and the last one, which goes on, without end ("Unbounded").
    Π falls where the ordinary rate is below the long-term one at the same income: single,
    30,000 of ordinary income, 9,000 of qualified dividends and 20,000 of short-term gain (2026)
    put O₀ = 20,000 between the 0 % top (taxable income 49,450, O = 19,450) and the 12 % top
    (50,400, O = 20,400), where Π's slope is 12 % − 15 % = −3 %; a curve that ends there left the
    last piece at −3 % (tests/optimize/test_tax_term_bounds.py)."""
    if ordinary is None or len(ordinary.points) < 2:
        return 0.0, np.zeros(0), np.zeros(0)
    xs = [float(x) for x, _ in ordinary.points]
    slopes = [float(s) for s in ordinary.slopes]
    if xs[0] < anchor < xs[-1] and anchor not in xs:  # split the piece holding O₀
        k = next(i for i in range(len(xs) - 1) if xs[i] < anchor < xs[i + 1])
        xs.insert(k + 1, anchor)
        slopes.insert(k, slopes[k])
    at = sum(1 for x in xs[1:] if x <= anchor)  # pieces left of O₀
    if at == len(slopes):  # O₀ at the end of the curve: the last slope goes on right of it
        xs.append(xs[-1] + 1.0)
        slopes.append(slopes[-1])
    widths = _f64([b - a for a, b in pairwise(xs)])
    right = np.maximum.accumulate(np.maximum(_f64(slopes[at:]), 0.0))
    left = np.minimum.accumulate(np.minimum(_f64(slopes[:at][::-1]), right[0]))[::-1]
    model = np.concatenate([left, right])
    value_at_anchor = float(ordinary.at(Decimal(repr(anchor))))
    base = value_at_anchor - float(widths[:at] @ left)
    widths[-1] = INF
    return base, widths, model


def _convex_intervals(slopes: Vector) -> tuple[tuple[int, int], ...]:
    """(first, end) piece of each run of pieces whose slopes never fall."""
    cuts = [0, *(i for i in range(1, slopes.size) if slopes[i] < slopes[i - 1] - SLOPE_FALL)]
    ends = [*cuts[1:], int(slopes.size)]
    return tuple(zip(cuts, ends, strict=True))


def _f64(values: object) -> Vector:
    return np.asarray(values, dtype=np.float64)


def term_of(p: PlanInputs) -> TaxTerm | None:
    """The tax term of ``p``'s curves and the year's gains before the plan."""
    return tax_term(p.tax_curve, p.ordinary_curve, p.tax_start.short, p.tax_start.total)


def tax_columns(term: TaxTerm | None) -> tuple[int, int]:
    """Widths of the layout's blocks net_gain (δ) and ordinary (ε)."""
    if term is None:
        return 0, 0
    return term.pieces, term.ordinary
