"""The tax curves the optimizer prices plans on (trimtab.tax.curve; issue 20, items 1 and 2).

The year's tax with a plan's gains is G(T) + Π(O): G the tax with every gain long-term, T the
year's net gain, O its ordinary part. The curves are read off the exact estimate; these tests
check them against hand arithmetic on the 2026 tables (Rev. Proc. 2025-32: married filing
jointly, 10 % to 24,800, 12 % to 100,800, 22 % to 211,400; 0 % long-term rate to taxable
income 98,900) and, as a property, against the estimate itself at random gains.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trimtab import load_household
from trimtab.model.enums import FilingStatus
from trimtab.model.household import Household
from trimtab.tax.curve import baseline, net_gain_curve, ordinary_part_curve
from trimtab.tax.estimate import household_estimate

EXAMPLE = Path(__file__).parents[2] / "examples" / "household.yaml"
D = Decimal


def _couple(income: int = 60000, **tax: Decimal) -> Household:
    """The example household's return with other facts: married filing jointly, no state tax,
    nothing realized, no carryover unless given."""
    h = load_household(EXAMPLE)
    profile = replace(
        h.tax,
        ordinary_taxable_income=D(income),
        qualified_dividends=D(0),
        realized_short=D(0),
        realized_long=D(0),
        carryforward_short=D(0),
        carryforward_long=D(0),
        state_rate=D(0),
    )
    return replace(h, tax=replace(profile, **tax))


def _points(curve: object) -> list[tuple[Decimal, Decimal]]:
    return [(x.quantize(D("0.01")), y.quantize(D("0.01"))) for x, y in curve.points]  # type: ignore[attr-defined]


def test_the_net_gain_curve_of_a_couple_at_60000() -> None:
    # Below 0 a net loss is deducted from ordinary income in the 12 % bracket, up to 3,000:
    # φ(−3,000) = −360 and flat below (the rest carries over). Above 0 gains fill the 0 % rate
    # up to taxable income 98,900 (38,900 of gain), then 15 %: φ(60,000) = 15 % × 21,100 =
    # 3,165. The slope falls at 0 (12 % → 0 %): the concave kink the engine solves around.
    curve = net_gain_curve(_couple(), D(-10000), D(60000))
    assert _points(curve) == [
        (D("-10000.00"), D("-360.00")),
        (D("-3000.00"), D("-360.00")),
        (D("0.00"), D("0.00")),
        (D("38900.00"), D("0.00")),
        (D("60000.00"), D("3165.00")),
    ]


def test_the_ordinary_part_curve_of_a_couple_at_60000() -> None:
    # A net short-term gain of O is ordinary income stacked under the long-term gains: on
    # 60,000 → 98,900 it costs 12 % where a long-term gain costs 0 %: Π(38,900) = 4,668.
    # From 98,900 to 100,800 ordinary is 12 % and long-term 15 %: −3 % × 1,900 = −57 → 4,611.
    # Above 100,800: 22 % − 15 % = 7 % × 19,200 = 1,344 → 5,955.
    curve = ordinary_part_curve(_couple(), D(60000))
    assert _points(curve) == [
        (D("0.00"), D("0.00")),
        (D("38900.00"), D("4668.00")),
        (D("40800.00"), D("4611.00")),
        (D("60000.00"), D("5955.00")),
    ]


def test_the_curves_start_from_the_gains_already_realized() -> None:
    # The example's return: 3,400 long-term realized, 1,200 carried in: T₀ = 2,200, no
    # short-term. Ordinary income 210,000 sits in the 22 % bracket (to 211,400), so the
    # ordinary part costs 22 % − 15 % = 7 % for 1,400, then 24 % − 15 % = 9 %.
    h = load_household(EXAMPLE)
    start = baseline(h)
    assert (start.short, start.total) == (D(0), D(2200))
    curve = ordinary_part_curve(h, D(10000))
    assert _points(curve) == [
        (D("0.00"), D("0.00")),
        (D("1400.00"), D("98.00")),
        (D("10000.00"), D("872.00")),  # 98 + 9 % × 8,600 = 98 + 774
    ]
    # The net-gain curve: a loss first takes back the 2,200 of long-term gain at 15 % + 5 %
    # state (20 %), then 3,000 deducted at 22 % + 5 % (27 %), then nothing this year.
    net = net_gain_curve(h, D(-10000), D(0))
    assert _points(net) == [
        (D("-10000.00"), D("-1250.00")),
        (D("-5200.00"), D("-1250.00")),  # −440 − 810
        (D("-2200.00"), D("-440.00")),
        (D("0.00"), D("0.00")),
    ]


STATUSES = st.sampled_from(list(FilingStatus))
AMOUNTS = st.integers(min_value=-80_000, max_value=250_000)


@settings(max_examples=60, deadline=None)
@given(
    status=STATUSES,
    income=st.sampled_from([0, 20_000, 60_000, 98_000, 150_000, 260_000, 700_000]),
    realized_short=st.sampled_from([0, 1_500, 30_000]),
    realized_long=st.sampled_from([0, 3_400, 60_000]),
    carried=st.sampled_from([0, 2_500, 40_000]),
    short=AMOUNTS,
    long=AMOUNTS,
)
# at the 0 % top with a short-term gain; a loss past the $3,000 limit beside short-term gains
@example(FilingStatus.MARRIED_JOINT, 60_000, 0, 0, 0, 1_000, 38_900)
@example(FilingStatus.SINGLE, 90_000, 1_500, 12_000, 2_500, -1_500, -15_000)
def test_the_curves_give_the_exact_tax_at_any_gains(
    status: FilingStatus,
    income: int,
    realized_short: int,
    realized_long: int,
    carried: int,
    short: int,
    long: int,
) -> None:
    # tax change = φ(S + L) + Π(O) with O = max(0, min(ST₀ + S, T₀ + S + L)), to the cent
    h = _couple(
        income,
        filing_status=status,
        realized_short=D(realized_short),
        realized_long=D(realized_long),
        carryforward_long=D(carried),
        state_rate=D("0.05"),
    )
    s, lt = D(short), D(long)
    exact = household_estimate(h, short=s, long=lt).total - household_estimate(h).total
    start = baseline(h)
    net = net_gain_curve(h, min(s + lt, D(0)), max(s + lt, D(0)))
    ordinary = max(D(0), min(start.short + s, start.total + s + lt))
    premium = ordinary_part_curve(h, ordinary)
    assert abs(net.at(s + lt) + premium.at(ordinary) - exact) <= D("0.01")
