"""Federal tax: gold cases to the cent with the hand arithmetic beside each number.

Schedules: Rev. Proc. 2025-32 §4.01 (2026) and Rev. Proc. 2024-40 §3.01 (2025). The 2026
cumulative checks are the CNBC/IRS table figures quoted in docs/tax-rules.md §3.1.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab.model.enums import FilingStatus
from trimtab.rules.tax_year import load_tax_year, shipped_tax_years
from trimtab.tax.federal import (
    TaxEstimate,
    estimate_tax,
    income_tax,
    niit,
    ordinary_tax,
    preferential_split,
)

SINGLE = FilingStatus.SINGLE
MFJ = FilingStatus.MARRIED_JOINT
MFS = FilingStatus.MARRIED_SEPARATE
HOH = FilingStatus.HEAD_OF_HOUSEHOLD
QSS = FilingStatus.QUALIFYING_SURVIVING_SPOUSE
Y2025 = load_tax_year(2025)
Y2026 = load_tax_year(2026)
D = Decimal

# --- Ordinary schedule: cumulative tax at each bracket start.


@pytest.mark.parametrize(
    ("taxable", "tax"),
    [
        (0, "0"),
        (12_400, "1240"),  # 10% × 12,400
        (50_400, "5800"),  # 1,240 + 12% × 38,000 (4,560)
        (105_700, "17966"),  # 5,800 + 22% × 55,300 (12,166)
        (201_775, "41024"),  # 17,966 + 24% × 96,075 (23,058)
        (256_225, "58448"),  # 41,024 + 32% × 54,450 (17,424)
        (640_600, "192979.25"),  # 58,448 + 35% × 384,375 (134,531.25)
        (700_000, "214957.25"),  # 192,979.25 + 37% × 59,400 (21,978)
    ],
)
def test_2026_single_schedule(taxable: int, tax: str) -> None:
    assert ordinary_tax(D(taxable), SINGLE, Y2026) == D(tax)


@pytest.mark.parametrize(
    ("taxable", "tax"),
    [
        (24_800, "2480"),  # 10% × 24,800
        (100_800, "11600"),  # 2,480 + 12% × 76,000 (9,120)
        (211_400, "35932"),  # 11,600 + 22% × 110,600 (24,332)
        (403_550, "82048"),  # 35,932 + 24% × 192,150 (46,116)
        (512_450, "116896"),  # 82,048 + 32% × 108,900 (34,848)
        (768_700, "206583.50"),  # 116,896 + 35% × 256,250 (89,687.50)
    ],
)
@pytest.mark.parametrize("status", [MFJ, QSS])
def test_2026_joint_schedule(taxable: int, tax: str, status: FilingStatus) -> None:
    assert ordinary_tax(D(taxable), status, Y2026) == D(tax)


def test_2026_head_of_household_schedule() -> None:
    # 1,770 (10% × 17,700) + 5,970 (12% × 49,750) + 8,415 (22% × 38,250) + 23,052 (24% × 96,050)
    # + 17,424 (32% × 54,450) + 134,540 (35% × 384,400) = 191,171 at 640,600.
    assert ordinary_tax(D(640_600), HOH, Y2026) == D(191_171)


def test_2026_married_separate_top_bracket_starts_lower() -> None:
    # As single up to 256,225 (58,448), then 35% × 128,125 = 44,843.75 → 103,291.75 at 384,350;
    # 37% above: + 0.37 × 1,000 = 370.
    assert ordinary_tax(D(384_350), MFS, Y2026) == D("103291.75")
    assert ordinary_tax(D(385_350), MFS, Y2026) == D("103661.75")


def test_2025_single_matches_rev_proc_2024_40_table_3() -> None:
    # Table 3 row "Over $48,475 but not over $103,350: $5,578.50 plus 22% of the excess":
    # 10% × 11,925 = 1,192.50; 12% × 36,550 = 4,386 → 5,578.50.
    assert ordinary_tax(D(48_475), SINGLE, Y2025) == D("5578.50")
    assert ordinary_tax(D(48_575), SINGLE, Y2025) == D("5600.50")  # + 22% × 100


def test_cents_are_exact() -> None:
    # 2026 single 12,400.01: 1,240 + 12% × 0.01 = 1,240.0012 (rounded only at output).
    assert ordinary_tax(D("12400.01"), SINGLE, Y2026) == D("1240.0012")


# --- QDCG worksheet, 2026 single: 0% top 49,450, 15% top 545,500.


@pytest.mark.parametrize(
    ("ordinary", "preferential", "split", "tax"),
    [
        # at the 0% top: all 9,450 at 0%; tax = schedule on 40,000 = 1,240 + 12% × 27,600 = 4,552
        (40_000, 9_450, (9_450, 0, 0), "4552"),
        # 1,000 past the 0% top: 9,450 at 0%, 1,000 at 15% (150) → 4,702 (regular: 5,811)
        (40_000, 10_450, (9_450, 1_000, 0), "4702"),
        # ordinary alone already above the 0% top: 1,000 at 15% (150); schedule on 60,000 =
        # 5,800 + 22% × 9,600 (2,112) = 7,912 → 8,062
        (60_000, 1_000, (0, 1_000, 0), "8062"),
        # at the 15% top: 45,500 at 15% = 6,825; schedule on 500,000 = 58,448 + 35% × 243,775
        # (85,321.25) = 143,769.25 → 150,594.25
        (500_000, 45_500, (0, 45_500, 0), "150594.25"),
        # 10,000 past the 15% top: + 20% × 10,000 = 2,000 → 152,594.25
        (500_000, 55_500, (0, 45_500, 10_000), "152594.25"),
        # across all three: 19,450 at 0%, 496,050 at 15% (74,407.50), 84,500 at 20% (16,900);
        # schedule on 30,000 = 1,240 + 12% × 17,600 = 3,352 → 94,659.50
        (30_000, 600_000, (19_450, 496_050, 84_500), "94659.50"),
        # no ordinary income, preferential exactly at the 0% top: no tax
        (0, 49_450, (49_450, 0, 0), "0"),
    ],
)
def test_2026_single_worksheet(
    ordinary: int, preferential: int, split: tuple[int, int, int], tax: str
) -> None:
    parts = preferential_split(D(ordinary), D(preferential), SINGLE, Y2026)
    assert (parts.at_zero, parts.at_fifteen, parts.at_twenty) == split
    assert income_tax(D(ordinary), D(preferential), SINGLE, Y2026) == D(tax)


def test_2026_joint_gap_below_the_12_percent_top_uses_regular_tax() -> None:
    # MFJ 2026: 0% top 98,900 < 12% top 100,800. Ordinary 99,000 + LTCG 1,000 = 100,000.
    # Worksheet (line 23): schedule on 99,000 = 2,480 + 12% × 74,200 (8,904) = 11,384,
    #   plus 15% × 1,000 = 150 → 11,534.
    # Regular (line 24): schedule on 100,000 = 2,480 + 12% × 75,200 (9,024) = 11,504.
    # Line 25 = the smaller = 11,504: the gain is taxed at 12%, not 15%.
    assert income_tax(D(99_000), D(1_000), MFJ, Y2026) == D(11_504)


def test_2026_joint_gap_when_the_worksheet_still_wins() -> None:
    # Ordinary 98,000 + LTCG 2,000: 900 at 0%, 1,100 at 15% (165); schedule on 98,000 =
    # 2,480 + 12% × 73,200 (8,784) = 11,264 → 11,429 < regular 11,504.
    assert income_tax(D(98_000), D(2_000), MFJ, Y2026) == D(11_429)


def test_2026_single_gap_uses_regular_tax() -> None:
    # Single: 0% top 49,450 < 12% top 50,400. Ordinary 49,500 + LTCG 900 = 50,400.
    # Worksheet: 1,240 + 12% × 37,100 (4,452) = 5,692 + 15% × 900 (135) = 5,827.
    # Regular on 50,400 = 5,800 → 5,800.
    assert income_tax(D(49_500), D(900), SINGLE, Y2026) == D(5_800)


def test_2025_joint_small_gap_uses_regular_tax() -> None:
    # MFJ 2025: 0% top 96,700, 12% top 96,950. Ordinary 96,800 + LTCG 150 = 96,950.
    # Worksheet: 2,385 + 12% × 72,950 (8,754) = 11,139 + 22.50 = 11,161.50.
    # Regular on 96,950: 2,385 + 12% × 73,100 (8,772) = 11,157.
    assert income_tax(D(96_800), D(150), MFJ, Y2025) == D(11_157)


def test_negative_income_is_rejected() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        income_tax(D(-1), D(0), SINGLE, Y2026)


# --- NIIT: 3.8% × min(NII, MAGI − threshold).


@pytest.mark.parametrize(
    ("nii", "magi", "status", "tax"),
    [
        (50_000, 180_000, SINGLE, "0"),  # MAGI below 200,000
        (50_000, 200_000, SINGLE, "0"),  # at the threshold
        (50_000, 230_000, SINGLE, "1140"),  # 3.8% × min(50,000, 30,000)
        (50_000, 300_000, SINGLE, "1900"),  # 3.8% × min(50,000, 100,000)
        (50_000, 260_000, MFJ, "380"),  # 3.8% × (260,000 − 250,000)
        (10_000, 130_000, MFS, "190"),  # 3.8% × (130,000 − 125,000)
        (0, 900_000, SINGLE, "0"),  # no investment income
    ],
)
def test_niit(nii: int, magi: int, status: FilingStatus, tax: str) -> None:
    assert niit(D(nii), D(magi), status, Y2026) == D(tax)


# --- The estimate.


def estimate(
    *,
    status: FilingStatus = MFJ,
    ordinary: int = 0,
    dividends: int = 0,
    short: int = 0,
    long: int = 0,
    cf_short: int = 0,
    cf_long: int = 0,
    state_rate: str = "0",
    magi: int | None = None,
    other_investment_income: int = 0,
    year: int = 2026,
) -> TaxEstimate:
    return estimate_tax(
        year=load_tax_year(year),
        status=status,
        ordinary_taxable_income=D(ordinary),
        qualified_dividends=D(dividends),
        realized_short=D(short),
        realized_long=D(long),
        carryforward_short=D(cf_short),
        carryforward_long=D(cf_long),
        state_rate=D(state_rate),
        magi=None if magi is None else D(magi),
        other_investment_income=D(other_investment_income),
    )


def test_estimate_joint_with_gains_of_both_terms() -> None:
    # MFJ 2026: ordinary 150,000, QD 5,000, ST +10,000, LT +40,000, state 5%.
    # Taxable = 150,000 + 10,000 + 40,000 + 5,000 = 205,000; preferential = 45,000.
    # Ordinary part 160,000: 11,600 + 22% × 59,200 (13,024) = 24,624.
    # Preferential: above the 0% top, below the 15% top: 15% × 45,000 = 6,750 → 31,374.
    # Regular on 205,000 = 11,600 + 22% × 104,200 (22,924) = 34,524.
    # NIIT: MAGI ≈ 155,000 + 50,000 = 205,000 < 250,000 → 0.
    # State: 5% × (205,000 − 155,000) = 2,500. Total 33,874.
    e = estimate(ordinary=150_000, dividends=5_000, short=10_000, long=40_000, state_rate="0.05")
    assert (e.ordinary_tax, e.preferential_tax) == (24_624, 6_750)
    assert (e.regular_tax_on_all_income, e.income_tax) == (34_524, 31_374)
    assert (e.niit, e.state, e.total) == (0, 2_500, 33_874)


def test_estimate_single_over_the_niit_threshold() -> None:
    # Single 2026: ordinary 250,000, LT +100,000. Taxable 350,000.
    # Ordinary: 41,024 + 32% × 48,225 (15,432) = 56,456; LT all at 15% = 15,000 → 71,456
    #   (regular on 350,000 = 58,448 + 35% × 93,775 = 91,269.25).
    # NIIT: default MAGI = 250,000 + 100,000 = 350,000; 3.8% × min(100,000, 150,000) = 3,800.
    e = estimate(status=SINGLE, ordinary=250_000, long=100_000)
    assert (e.ordinary_tax, e.preferential_tax, e.income_tax) == (56_456, 15_000, 71_456)
    assert e.regular_tax_on_all_income == D("91269.25")
    assert (e.niit, e.total) == (3_800, 75_256)


def test_estimate_given_magi_excludes_the_gains() -> None:
    # MAGI given as 180,000 before the gains; + 100,000 → 280,000; 3.8% × 80,000 = 3,040.
    e = estimate(status=SINGLE, ordinary=250_000, long=100_000, magi=180_000)
    assert e.niit == 3_040


def test_estimate_loss_year_deducts_3000_and_carries_short_term() -> None:
    # MFJ 2026: ordinary 100,000, ST -8,000, LT +1,000, state 5%.
    # Line 16 = -7,000 → deduction 3,000; ST carryover 8,000 − 3,000 − 1,000 = 4,000.
    # Taxable 97,000: 2,480 + 12% × 72,200 (8,664) = 11,144.
    # State: 5% × (97,000 − 100,000) = -150. Total 10,994.
    e = estimate(ordinary=100_000, short=-8_000, long=1_000, state_rate="0.05")
    assert (e.net_short_term, e.net_long_term, e.capital_loss_deduction) == (-8_000, 1_000, 3_000)
    assert (e.carryforward_out_short, e.carryforward_out_long) == (4_000, 0)
    assert (e.income_tax, e.niit, e.state, e.total) == (11_144, 0, -150, 10_994)


def test_estimate_deductible_loss_reduces_other_investment_income() -> None:
    # Single 2026: ordinary 300,000 including 20,000 of interest, ST -10,000.
    # Deduction 3,000 → taxable 297,000: 58,448 + 35% × 40,775 (14,271.25) = 72,719.25.
    # NII = max(0, 20,000 − 3,000) = 17,000; MAGI ≈ 300,000 − 3,000 = 297,000 (excess 97,000);
    # NIIT = 3.8% × 17,000 = 646. ST carryover 7,000. Total 73,365.25.
    e = estimate(status=SINGLE, ordinary=300_000, short=-10_000, other_investment_income=20_000)
    assert (e.income_tax, e.niit, e.carryforward_out_short) == (D("72719.25"), 646, 7_000)
    assert e.total == D("73365.25")


def test_estimate_gain_inside_the_zero_percent_bracket_is_free_federally() -> None:
    # MFJ 2026: ordinary 60,000 + LT 30,000 = 90,000 < 98,900: LT at 0%.
    # Tax = schedule on 60,000 = 2,480 + 12% × 35,200 (4,224) = 6,704; state 5% × 30,000 = 1,500.
    e = estimate(ordinary=60_000, long=30_000, state_rate="0.05")
    assert (e.preferential_tax, e.income_tax, e.state, e.total) == (0, 6_704, 1_500, 8_204)


def test_estimate_without_gains_has_no_state_tax_on_dividends() -> None:
    # State counts only the change the gains cause: with none, 0.
    e = estimate(ordinary=80_000, dividends=10_000, state_rate="0.05")
    assert e.state == 0
    assert e.income_tax == income_tax(D(80_000), D(10_000), MFJ, Y2026)


def test_estimate_field_names_are_the_public_json_shape() -> None:
    assert TaxEstimate.__dataclass_fields__.keys() == {
        "net_short_term",
        "net_long_term",
        "capital_loss_deduction",
        "carryforward_out_short",
        "carryforward_out_long",
        "ordinary_tax",
        "preferential_tax",
        "regular_tax_on_all_income",
        "income_tax",
        "niit",
        "state",
        "total",
    }


# --- Properties: total tax is continuous and non-decreasing in gains, pinned at bracket tops.

# The largest marginal rate a dollar of gain can meet: 35% ordinary + 5% pushed from 15% to 20%
# (or 37%), + 3.8% NIIT; the state rate comes on top.
MAX_FEDERAL_MARGINAL = D("0.45")
MONEY = st.decimals(min_value=0, max_value=900_000, places=2)
SIGNED = st.decimals(min_value=-60_000, max_value=900_000, places=2)
STEP = st.decimals(min_value=D("0.01"), max_value=20_000, places=2)
RATE = st.decimals(min_value=0, max_value=D("0.133"), places=3)


def total(year: int, status: FilingStatus, ordinary: D, short: D, long: D, state: D) -> D:
    return estimate_tax(
        year=load_tax_year(year),
        status=status,
        ordinary_taxable_income=ordinary,
        qualified_dividends=D(0),
        realized_short=short,
        realized_long=long,
        carryforward_short=D(0),
        carryforward_long=D(0),
        state_rate=state,
        magi=None,
    ).total


@given(
    year=st.sampled_from(shipped_tax_years()),
    status=st.sampled_from(FilingStatus),
    ordinary=MONEY,
    short=SIGNED,
    long=SIGNED,
    step=STEP,
    state=RATE,
)
# LT gain reaching the 2026 MFJ 0% top (98,900), then the 12% top (100,800)
@example(
    year=2026, status=MFJ, ordinary=D(90_000), short=D(0), long=D(8_900), step=D("0.01"), state=D(0)
)
@example(
    year=2026, status=MFJ, ordinary=D(99_000), short=D(0), long=D(1_800), step=D("0.01"), state=D(0)
)
# LT gain reaching the 2026 single 15% top (545,500)
@example(
    year=2026, status=SINGLE, ordinary=D(500_000), short=D(0), long=D(45_500), step=D(1), state=D(0)
)
# the loss limit: line 16 at -3,000
@example(
    year=2026,
    status=SINGLE,
    ordinary=D(50_000),
    short=D(-3_000),
    long=D(0),
    step=D(1),
    state=D("0.05"),
)
# MAGI at the 2025 single NIIT threshold (200,000)
@example(
    year=2025, status=SINGLE, ordinary=D(150_000), short=D(0), long=D(50_000), step=D(1), state=D(0)
)
def test_total_is_continuous_and_non_decreasing_in_long_term_gain(
    year: int, status: FilingStatus, ordinary: D, short: D, long: D, step: D, state: D
) -> None:
    before = total(year, status, ordinary, short, long, state)
    after = total(year, status, ordinary, short, long + step, state)
    assert D(0) <= after - before <= (MAX_FEDERAL_MARGINAL + state) * step


@given(
    year=st.sampled_from(shipped_tax_years()),
    status=st.sampled_from(FilingStatus),
    ordinary=MONEY,
    short=SIGNED,
    long=SIGNED,
    step=STEP,
    state=RATE,
)
# ST gain pushing ordinary income over the 2026 single 12% top (50,400)
@example(
    year=2026,
    status=SINGLE,
    ordinary=D(45_000),
    short=D(5_400),
    long=D(0),
    step=D("0.01"),
    state=D(0),
)
# ST gain pushing stacked LT gain over the 2026 MFJ 15% top (613,700)
@example(
    year=2026, status=MFJ, ordinary=D(500_000), short=D(0), long=D(113_700), step=D(1), state=D(0)
)
# ST loss moving through the loss limit with an LT gain
@example(
    year=2025, status=MFS, ordinary=D(40_000), short=D(-2_000), long=D(500), step=D(1), state=D(0)
)
def test_total_is_continuous_and_non_decreasing_in_short_term_gain(
    year: int, status: FilingStatus, ordinary: D, short: D, long: D, step: D, state: D
) -> None:
    before = total(year, status, ordinary, short, long, state)
    after = total(year, status, ordinary, short + step, long, state)
    assert D(0) <= after - before <= (MAX_FEDERAL_MARGINAL + state) * step


@given(
    year=st.sampled_from(shipped_tax_years()),
    status=st.sampled_from(FilingStatus),
    ordinary=MONEY,
    preferential=MONEY,
)
@example(year=2026, status=MFJ, ordinary=D(99_000), preferential=D(1_000))
def test_income_tax_never_exceeds_either_method(
    year: int, status: FilingStatus, ordinary: D, preferential: D
) -> None:
    tax_year = load_tax_year(year)
    tax = income_tax(ordinary, preferential, status, tax_year)
    split = preferential_split(ordinary, preferential, status, tax_year)
    assert tax <= ordinary_tax(ordinary + preferential, status, tax_year)
    assert tax <= ordinary_tax(ordinary, status, tax_year) + split.tax
    assert split.at_zero + split.at_fifteen + split.at_twenty == preferential
    assert min(split.at_zero, split.at_fifteen, split.at_twenty) >= 0
