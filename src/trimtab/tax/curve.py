"""The tax of a plan's gains as exact piecewise-linear curves, for the optimizer to price.

Rule. The year's tax with more gains realized is the estimate of :mod:`trimtab.tax.estimate`
(Schedule D netting with the carryovers and the $3,000 limit, the QDCG worksheet's 0/15/20 %
stacked on ordinary income, the NIIT above its threshold, the state rate). Write ST and LT for
the year's net short- and long-term gains (Schedule D lines 7 and 15, carryovers in) and
T = ST + LT (line 16). The tax depends on them through two numbers only:

- T itself: the tax if all of T were taxed as long-term gain, G(T) (a net loss is deducted up
  to $3,000, the rest carried over; character does not change this year's tax);
- the *ordinary part* O = max(0, min(ST, T)): the net short-term gain that is not net capital
  gain (§1222(11): net capital gain is the net long-term gain less any net short-term loss),
  taxed at ordinary rates. Stacked under the preferential income, it costs
  Π(O) = the ordinary tax on the O dollars above ordinary income less their tax at the
  preferential rates there — a function of O alone.

So tax = G(T) + Π(O), and a plan that adds S of short- and L of long-term gain changes it by
φ(N) + Π(O) − Π(O₀), with N = S + L, φ(N) = G(T₀ + N) − G(T₀) (the **net-gain curve**) and
O₀ the ordinary part before the plan (the **ordinary-part curve** is Π(O) − Π(O₀)). The one
approximation: the QDCG worksheet's "smaller of" (line 25) at the few incomes where ordinary
rates are below the preferential ones.

Each curve is found from the exact estimate itself, not from a copy of the brackets: between
two points whose one-sided slopes agree and whose chord has that slope the tax is linear;
otherwise the interval is split where the two end lines meet (the kink, if only one) and each
half searched.

Worked example (2026, married filing jointly, ordinary taxable income 60,000, nothing
realized, no carryover, no state tax). The 0 % rate reaches to taxable income 98,900, so
φ(x) = 0 for 0 ≤ x ≤ 38,900, then 15 % above: φ(60,000) = 15 % × 21,100 = 3,165. Below zero
a net loss is deducted from ordinary income (12 % bracket) up to 3,000: φ(−3,000) = −360, and
φ is flat below that (the rest carries over). So φ has slopes 0, 12 %, 0, 15 % from left to
right: at x = 0 the slope falls from 12 % to 0 — a concave kink, which the optimizer handles
by solving on each side of it (:mod:`trimtab.optimize.tax_term`). A net short-term gain of
1,000 here costs Π(1,000) = 12 % × 1,000 − 0 % × 1,000 = 120 more than a long-term one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.tax.estimate import household_estimate

STEP = Decimal("0.000001")  # dollars: one-sided slopes are measured over this step
CLOSE = Decimal("0.0000001")  # dollars: a value this near a line lies on it
SLOPE_CLOSE = Decimal("0.000000001")  # slopes this near are one slope
MAX_EVALUATIONS = 400  # estimates per curve: a curve has a few dozen kinks at most


@dataclass(frozen=True, slots=True)
class TaxCurve:
    """A piecewise-linear tax curve.

    points: (x, tax) at the ends of its domain and at every kink, ascending in x; the tax is
        linear between two points and continues with the end slopes outside them.
    """

    points: tuple[tuple[Decimal, Decimal], ...]

    def at(self, x: Decimal) -> Decimal:
        """The tax at ``x`` (linear between points, the end slopes outside them)."""
        pts = self.points
        if len(pts) == 1:
            return pts[0][1]
        for (x0, y0), (x1, y1) in pairwise(pts):
            if x <= x1 or (x1, y1) == pts[-1]:
                if x < x0 and (x0, y0) != pts[0]:
                    continue
                return y0 + (y1 - y0) / (x1 - x0) * (x - x0)
        return pts[-1][1]  # pragma: no cover - the loop returns on its last pair

    @property
    def slopes(self) -> tuple[Decimal, ...]:
        """The slope of each piece between consecutive points."""
        pts = self.points
        return tuple((y1 - y0) / (x1 - x0) for (x0, y0), (x1, y1) in pairwise(pts))


@dataclass(frozen=True, slots=True)
class Baseline:
    """The year's gains before the plan: short (ST₀) and total (T₀), carryovers in; ordinary:
    O₀ = max(0, min(ST₀, T₀))."""

    short: Decimal
    total: Decimal

    @property
    def ordinary(self) -> Decimal:
        return max(ZERO, min(self.short, self.total))


def baseline(household: Household) -> Baseline:
    """ST₀ and T₀ of the household's tax profile."""
    t = household.tax
    short = t.realized_short - t.carryforward_short
    return Baseline(short=short, total=short + t.realized_long - t.carryforward_long)


def _with_totals(household: Household, start: Baseline) -> Callable[[Decimal, Decimal], Decimal]:
    """The year's tax with net short-term ``st`` and long-term ``lt`` (carryovers in)."""
    long0 = start.total - start.short

    def tax(st: Decimal, lt: Decimal) -> Decimal:
        return household_estimate(household, short=st - start.short, long=lt - long0).total

    return tax


def net_gain_curve(household: Household, low: Decimal, high: Decimal) -> TaxCurve:
    """φ on [low, high] (low ≤ 0 ≤ high): G(T₀ + x) − G(T₀), G the tax with every gain
    long-term (module docstring)."""
    start = baseline(household)
    tax = _with_totals(household, start)
    base = tax(ZERO, start.total)
    return curve_of(lambda x: tax(ZERO, start.total + x) - base, min(low, ZERO), max(high, ZERO))


def ordinary_part_curve(household: Household, high: Decimal) -> TaxCurve:
    """Π(O) − Π(O₀) on [0, max(high, O₀)]: what an ordinary part of O costs, against the one
    before the plan (module docstring)."""
    start = baseline(household)
    tax = _with_totals(household, start)
    o0 = start.ordinary

    def premium(o: Decimal) -> Decimal:
        return tax(o, ZERO) - tax(ZERO, o)

    offset = premium(o0)
    return curve_of(lambda o: premium(o) - offset, ZERO, max(high, o0))


def curve_of(f: Callable[[Decimal], Decimal], low: Decimal, high: Decimal) -> TaxCurve:
    """The kinks of the piecewise-linear ``f`` on [low, high], found from ``f`` alone."""
    if high <= low:
        return TaxCurve(points=((low, f(low)),))
    search = _KinkSearch(f)
    f_low, f_high = f(low), f(high)
    points = [(low, f_low)]
    search.between(
        (low, f_low, search.right_slope(low, f_low)),
        (high, f_high, search.left_slope(high, f_high)),
        points,
    )
    points.append((high, f_high))
    return TaxCurve(points=tuple(_without_collinear(points)))


class _KinkSearch:
    """Evaluations of ``f``, counted (a budget keeps a pathological curve finite)."""

    def __init__(self, f: Callable[[Decimal], Decimal]) -> None:
        self.f = f
        self.left = MAX_EVALUATIONS

    def value(self, x: Decimal) -> Decimal:
        self.left -= 1
        return self.f(x)

    def right_slope(self, x: Decimal, fx: Decimal) -> Decimal:
        return (self.value(x + STEP) - fx) / STEP

    def left_slope(self, x: Decimal, fx: Decimal) -> Decimal:
        return (fx - self.value(x - STEP)) / STEP

    def between(
        self,
        a: tuple[Decimal, Decimal, Decimal],
        b: tuple[Decimal, Decimal, Decimal],
        out: list[tuple[Decimal, Decimal]],
    ) -> None:
        """Append the kinks strictly between ``a`` and ``b``, each (x, f(x), slope), the slope
        the one-sided one inside the interval."""
        (xa, fa, sa), (xb, fb, sb) = a, b
        if self.left <= 0 or xb - xa <= 4 * STEP:
            return
        if abs(fa + sa * (xb - xa) - fb) <= CLOSE and abs(sa - sb) <= SLOPE_CLOSE:
            return  # both ends and the chord have one slope: linear on [a, b]
        split = (xa + xb) / 2
        if abs(sa - sb) > SLOPE_CLOSE:  # where the end lines meet: the kink, if only one
            meet = xa + (fb - fa - sb * (xb - xa)) / (sa - sb)
            if xa + 2 * STEP < meet < xb - 2 * STEP:
                split = meet
        f_split = self.value(split)
        left, right = self.left_slope(split, f_split), self.right_slope(split, f_split)
        self.between(a, (split, f_split, left), out)
        if abs(left - right) > SLOPE_CLOSE:
            out.append((split, f_split))
        self.between((split, f_split, right), b, out)


def _without_collinear(
    points: list[tuple[Decimal, Decimal]],
) -> list[tuple[Decimal, Decimal]]:
    """Drop points that lie on the line of their neighbours (a split that found no kink)."""
    out = [points[0]]
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = out[-1], points[i], points[i + 1]
        if x1 - x0 <= 0 or x2 - x1 <= 0:
            continue
        if abs((y1 - y0) / (x1 - x0) - (y2 - y1) / (x2 - x1)) > CLOSE:
            out.append(points[i])
    out.append(points[-1])
    return out
