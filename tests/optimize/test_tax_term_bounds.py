"""The ordinary-part pieces the model prices, and the tax it reports for its plan
(trimtab.optimize.tax_term; issue 20, the property test of tests/optimize/test_plan_tax_curve.py).

The household of both tests: single, 2026, ordinary taxable income 30,000, qualified dividends
9,000, short-term gains 20,000 realized (ST₀ = T₀ = O₀ = 20,000), no state tax. Π(O), what an
ordinary part O costs more than long-term gain, is ordinary tax on [30,000, 30,000 + O] less the
long-term rate on the same span (the dividends stack above both): 12 % − 0 % up to taxable
income 49,450 (O = 19,450), 12 % − 15 % = −3 % up to the 12 % top at 50,400 (O = 20,400), then
22 % − 15 % = 7 % (Rev. Proc. 2025-32). Against Π(20,000) = 0: Π(19,450) = 550 × 3 % = 16.50,
Π(0) = 16.50 − 19,450 × 12 % = −2,317.50, Π(20,100) = −100 × 3 % = −3.00.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from trimtab.optimize.tax_term import tax_term
from trimtab.tax.curve import TaxCurve

D = Decimal
FLAT = TaxCurve(points=((D(-5000), D(0)), (D(5000), D(0))))  # φ = 0: only Π counts here


def _pi(*points: tuple[str, str]) -> TaxCurve:
    return TaxCurve(points=tuple((D(x), D(y)) for x, y in points))


def test_no_ordinary_piece_right_of_the_year_pays_for_more_ordinary_part() -> None:
    # The plan can realize at most 100 more short-term gain: Π's curve ends at 20,100, inside
    # the −3 % piece. The rows bound O only from below, so a last piece (which goes on) at
    # −3 % paid the LP 3 cents a dollar to raise O without end: HiGHS answered "Unbounded"
    # (seed 14 of the property test). Right of O₀ the slope is now at least 0: 0 for
    # [20,000, ∞), still exact at O₀ and above Π right of it (Π falls there).
    curve = _pi(("0", "-2317.50"), ("19450", "16.50"), ("20100", "-3.00"))
    term = tax_term(FLAT, curve, D(20000), D(20000))
    assert term is not None
    # pieces [0, 19,450], [19,450, 20,000] (left of O₀: levelled to −3 %, the first right
    # slope being 0 here and −3 % the lowest going left), [20,000, ∞) at 0
    assert list(term.ordinary_widths) == [19450.0, 550.0, np.inf]
    assert list(term.ordinary_slopes) == [-0.03, -0.03, 0.0]
    assert (term.ordinary_slopes[term.ordinary_widths == np.inf] >= 0).all()


def test_the_reported_tax_is_the_curve_not_the_levelled_pieces() -> None:
    # Seed 0 of the property test: the plan sells 2,000 of short-term loss (N = S = −2,000),
    # O = 18,000. Π(18,000) = 16.50 − 1,450 × 12 % = −157.50 (the exact engine's figure: 1,450
    # × 12 % of ordinary tax off, 550 × 15 % of the dividends' tax off, 550 × 12 % on); the
    # model's levelled pieces (−3 % all the way left of O₀) put +60.00 on it: 600 − 18,000 × 3 %.
    curve = _pi(("0", "-2317.50"), ("19450", "16.50"), ("20400", "-12.00"), ("30000", "660.00"))
    term = tax_term(FLAT, curve, D(20000), D(20000))
    assert term is not None
    assert round(term.tax(-2000.0, -2000.0), 2) == -157.50
    model = term.ordinary_base + float(
        np.clip(
            18000.0 - np.concatenate([[0.0], np.cumsum(term.ordinary_widths)[:-1]]),
            0.0,
            term.ordinary_widths,
        )
        @ term.ordinary_slopes
    )
    assert round(model, 2) == 60.00
    # a long-term loss instead (N = −2,000, S = 0): O = min(20,000, 18,000) = 18,000 as well
    assert round(term.tax(-2000.0, 0.0), 2) == -157.50
    # no plan: Π(O₀) = 0
    assert round(term.tax(0.0, 0.0), 2) == 0.0
