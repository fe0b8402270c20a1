"""The LP-first engine against the exact mixed-integer model (issue 18, docs/optimizer.md).

On seeded generated households (tests/helpers/generated.py: three to five accounts, 10 to 12
securities, 24 to 48 taxable lots), wherever the exact engine proves its plan optimal, the
default engine's plan, priced by the exact model (:func:`trimtab.optimize.engine.
exact_objective`: the same objective with tickets, whole shares and minimum trades), is within
max($5, 0.5 %) of the optimum; its tax (the plan's marginal tax, exact) is never more than
max($1, 0.1 %) above the exact plan's; and it ends inside the band of every class the exact plan
ends inside. A plan is priced with each of the two rows that bound the year's ordinary part
(:mod:`trimtab.optimize.tax_term`: each overstates it where the other is right), the lower
standing: household 65's default plan, chosen with the `ordinary_total` row, was priced $129.58
over by the other (at ι = 5 cents, below).

Cash goes to work by default (issue 21 item 2, `invest_cash`): idle cash above its target costs
ι a dollar, a class pushed over its target 2ι, so with whole shares the last share's place has
a price. At ι = 5 cents 16 of 50 households were outside (the rounding box holds each trade's
floor and ceiling; the exact model packs the last dollars elsewhere, $5–20 cheaper); at 1 cent
(:func:`trimtab.optimize.objective._idle_price`) all 50 are within the gap, and two pay a
little more tax than the exact plan, a share placed differently: household 49 $1.13 (of
$3,737.00), household 61 $1.30 (of $1,453.32: 7 IEFA sold, not 5, and one IWM fewer). Hence the
tax criterion's 0.1 %.

What is measured today (issue 20's tax term, priced partial washes and relief orders in both
engines, the partial-wash pool that leaves out replacement shares sold the same day): 50 of 50
households proven, all 50 within the objective gap and meeting all three. Households 58 and 62
($5.36 and $18.39 over) were over until the LP-first engine dropped its new-position
tie-break per dollar (1 bp: $16 on a $164k buy, against the exact model's $1 a new position)
and priced a new position the exact model's way in its ticket step (:func:`trimtab.optimize.
engine._fewer_tickets`).

One rule is the default engine's and not the exact model's: whole-share rounding keeps every
class the LP put inside its band inside it (issue 18, "a repair step that keeps ... every class
that the LP put inside its band still inside it"; issue 21, item 1: a plan ends inside the bands
it reports). The exact model only prices a dollar outside a band (λ = 2), so its optimum may buy
a little tax with a little breach: household 42's sells one SGOL share for a $120 short-term loss
($28.62 less tax) and leaves alternatives $5.55 below its band ($11.10 of penalty), $17.05
below the default's plan, which keeps the band. Such a plan is not one the default may choose,
so where the exact plan ends outside a band the default ends inside, the reference is the exact
optimum among plans that keep those classes inside their bands as the default does
(:func:`_exact_keeping`: the exact model re-solved with those classes' deviation columns held at
zero; the default's plan is one of its plans, so the reference is still a lower bound on it), and
the default's plan is held to all three criteria against that optimum. Household 42 is then
within ($2.54 over, the same tax).

The no-dust rule (issue 21 item 4, trimtab.optimize.dust) is both engines': a sale that would
leave a holding with fewer than 5 shares or less than its minimum trade sells it whole or keeps
that much. Without it in the exact model, the reference could leave the 1 share of USFR that
household 56's default plan may not (selling two small loss lots of three and keeping a lot at
a gain), and a default plan that obeys the rule would look worse than an optimum it is not
allowed to reach. So the exact model carries the rule as rows (a binary a holding, `dust.
no_dust_rows`): its optimum is the optimum among plans that obey it, the default's plan is one
of them, and the reference stays a lower bound on it. No household is exempted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pytest

from helpers.generated import generated
from trimtab.explain.location_review import location_review
from trimtab.explain.plan import build_report
from trimtab.model.enums import SolverKind
from trimtab.model.household import Household
from trimtab.optimize.decode import decode
from trimtab.optimize.engine import exact_intervals, exact_objective
from trimtab.optimize.model import build_model
from trimtab.optimize.plan import Optimized, optimize
from trimtab.optimize.solve import EXACT_TIME_LIMIT_SECONDS, solve

HOUSEHOLDS = 50
SHAPES = 3  # the three small shapes of generated.SHAPES: the exact model proves them quickly


@dataclass(frozen=True, slots=True)
class Comparison:
    """One household's two plans, priced and explained."""

    index: int
    proven: bool
    gap: float | None
    gap_allowed: float
    tax: tuple[Decimal, Decimal]  # default, exact
    outside: tuple[frozenset[str], frozenset[str]]  # default, exact

    @property
    def within_gap(self) -> bool:
        return self.gap is not None and self.gap <= self.gap_allowed

    @property
    def all_three(self) -> bool:
        return (
            self.within_gap
            and self.tax[0] <= self.tax[1] + max(Decimal(1), abs(self.tax[1]) / 1000)
            and self.outside[0] <= self.outside[1]
        )


def _explained(h: Household, o: Optimized) -> tuple[Decimal, frozenset[str]]:
    report = build_report(h, o.inputs, o.decoded, o.status, location=location_review(h))
    outside = frozenset(r.asset_class.value for r in report.drift_after.rows if r.outside)
    return report.whatif.marginal.total, outside


def _exact_keeping(exact: Optimized, inside: frozenset[str]) -> Optimized | None:
    """The exact engine's optimum among plans that end with every class of ``inside`` inside
    its band (its deviation columns e⁺, e⁻ held at zero), in each interval of the tax curve as
    the exact engine solves (None: no such plan proven)."""
    best: tuple[float, Optimized] | None = None
    for interval in exact_intervals(exact.inputs):
        held = replace(exact.inputs, tax_interval=interval)
        model = build_model(held, exact=True)
        lay = model.layout
        upper = model.col_upper.copy()
        for k, band in enumerate(held.bands):
            if band.asset_class.value in inside:
                upper[lay.over + k] = upper[lay.under + k] = 0.0
        solution = solve(replace(model, col_upper=upper), time_limit=EXACT_TIME_LIMIT_SECONDS)
        if solution.status != "Optimal":
            continue
        decoded = decode(held, model, solution.x)
        value = exact_objective(held, decoded.sells, decoded.buys)
        if value is not None and (best is None or value < best[0]):
            best = (value, replace(exact, inputs=held, decoded=decoded, status=solution.status))
    return None if best is None else best[1]


def _compare(tmp_path: Path, index: int) -> Comparison:
    # index → shape index % 4; shapes 0–2 only (the medium-small shape is the determinism test's)
    n = index + index // SHAPES
    h = generated(tmp_path, n)
    default = optimize(h, h.settings.mode)
    exact = optimize(h, h.settings.mode, solver=SolverKind.EXACT)
    best = exact_objective(exact.inputs, exact.decoded.sells, exact.decoded.buys)
    ours = exact_objective(default.inputs, default.decoded.sells, default.decoded.buys)
    tax_d, out_d = _explained(h, default)
    tax_e, out_e = _explained(h, exact)
    kept = out_e - out_d  # classes the exact plan leaves outside and the default keeps inside
    if kept:  # the reference: the exact optimum that keeps them inside (module docstring)
        keeping = _exact_keeping(exact, frozenset(kept))
        if keeping is not None:
            exact = keeping
            best = exact_objective(exact.inputs, exact.decoded.sells, exact.decoded.buys)
            tax_e, out_e = _explained(h, exact)
    return Comparison(
        index=n,
        proven=exact.status == "Optimal" and best is not None,
        gap=None if ours is None or best is None else ours - best,
        gap_allowed=max(5.0, 0.005 * abs(best or 0.0)),
        tax=(tax_d, tax_e),
        outside=(out_d, out_e),
    )


@pytest.mark.slow
def test_the_default_plan_is_within_the_exact_optimum(tmp_path: Path) -> None:
    results = [_compare(tmp_path, i) for i in range(HOUSEHOLDS)]
    proven = [r for r in results if r.proven]
    assert len(proven) >= 45, [r.index for r in results if not r.proven]
    assert [r for r in proven if not r.within_gap] == []
    assert [r for r in proven if not r.all_three] == []


NETTED = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: L, acquired: 2020-01-06, quantity: 100, cost: 60000}
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: BND, quantity: 400}
"""


def test_a_plan_is_priced_with_the_ordinary_row_that_is_right_for_it(tmp_path: Path) -> None:
    # Single, $90,000 of ordinary income (short-term 22 %, long-term 15 %), $5,000 of
    # short-term gain realized this year. Large cap is 50,000 of 80,000 (62.5 % against 50 ±
    # 5): the plan sells 24 IVV of lot L (bought at $600, now $500), a long-term loss of 2,400
    # and 2.40 of half-spread. The year ends short-term +5,000, long-term −2,402.40: the
    # ordinary part is min(5,000, 2,597.60) = 2,597.60 (the `ordinary_total` row is right),
    # where the `ordinary_short` row holds it at 5,000 and taxes 2,402.40 at 22 % instead of
    # 15 %: $168.17 more. exact_objective takes the lower of the two.
    from dataclasses import replace as replaced

    from helpers.plan_households import household
    from trimtab.optimize.engine import _priced

    h = household(tmp_path, NETTED)
    h = replaced(h, tax=replaced(h.tax, realized_short=Decimal(5000)))
    o = optimize(h, h.settings.mode)
    assert [(u.symbol, q) for u, q in o.decoded.sells] == [("IVV", Decimal(24))]
    priced = {
        by_total: min(
            v
            for i in exact_intervals(o.inputs)
            if (
                v := _priced(
                    replaced(o.inputs, tax_interval=i, ordinary_by_total=by_total),
                    o.decoded.sells,
                    o.decoded.buys,
                )
            )
            is not None
        )
        for by_total in (False, True)
    }
    assert round(priced[False] - priced[True], 2) == 168.17  # 2,402.40 × (22 % − 15 %)
    assert exact_objective(o.inputs, o.decoded.sells, o.decoded.buys) == priced[True]
