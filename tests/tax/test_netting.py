"""Schedule D netting: gold cases with the arithmetic beside each number (IRC §§1211(b), 1212(b)).

Line numbers are Schedule D's: 7 (net short-term), 15 (net long-term), 16 (combined), 21 (loss
deducted); carryovers by the Capital Loss Carryover Worksheet.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab.model.enums import FilingStatus
from trimtab.rules.tax_year import load_tax_year
from trimtab.tax.netting import Netting, net_capital_gains

SINGLE = FilingStatus.SINGLE
MFS = FilingStatus.MARRIED_SEPARATE
YEAR = load_tax_year(2026)


def net(
    short: int,
    long: int,
    cf_short: int = 0,
    cf_long: int = 0,
    status: FilingStatus = SINGLE,
    taxable_income_before_loss: int | None = None,
) -> Netting:
    return net_capital_gains(
        realized_short=Decimal(short),
        realized_long=Decimal(long),
        carryforward_short=Decimal(cf_short),
        carryforward_long=Decimal(cf_long),
        status=status,
        year=YEAR,
        taxable_income_before_loss=None
        if taxable_income_before_loss is None
        else Decimal(taxable_income_before_loss),
    )


def outcome(n: Netting) -> tuple[int, ...]:
    """(ncg, short-term ordinary, deduction, carryover short, carryover long) as integers."""
    values = (
        n.net_capital_gain,
        n.short_term_ordinary,
        n.capital_loss_deduction,
        n.carryforward_out_short,
        n.carryforward_out_long,
    )
    return tuple(int(v) for v in values)


def test_both_terms_gains() -> None:
    # Line 7 = +5,000, line 15 = +10,000, line 16 = +15,000.
    # Net capital gain = net LT gain 10,000 (no ST loss); ST gain 5,000 is ordinary.
    n = net(5_000, 10_000)
    assert (n.net_short_term, n.net_long_term, n.net_gain) == (5_000, 10_000, 15_000)
    assert outcome(n) == (10_000, 5_000, 0, 0, 0)


def test_short_term_loss_reduces_the_long_term_gain() -> None:
    # Line 7 = -4,000, line 15 = +10,000, line 16 = +6,000.
    # §1222(11): net LT gain 10,000 − net ST loss 4,000 = 6,000 preferential; nothing ordinary.
    assert outcome(net(-4_000, 10_000)) == (6_000, 0, 0, 0, 0)


def test_long_term_loss_reduces_the_short_term_gain() -> None:
    # Line 7 = +10,000, line 15 = -4,000, line 16 = +6,000: no net capital gain (line 15 is a
    # loss); the 6,000 left of the ST gain is ordinary income.
    assert outcome(net(10_000, -4_000)) == (0, 6_000, 0, 0, 0)


def test_short_term_gain_and_larger_long_term_loss() -> None:
    # Line 7 = +4,000, line 15 = -10,000, line 16 = -6,000 → deduction min(6,000, 3,000) = 3,000.
    # ST carryover = 0 (no ST loss). LT carryover = LT loss 10,000 − (ST gain 4,000 + deduction
    # 3,000 counted as ST gain) = 3,000. Check: 3,000 + 3,000 = 6,000.
    assert outcome(net(4_000, -10_000)) == (0, 0, 3_000, 0, 3_000)


def test_limit_uses_the_short_term_loss_first() -> None:
    # Line 7 = -5,000, line 15 = -2,000, line 16 = -7,000 → deduction 3,000, all from ST.
    # ST carryover = 5,000 − 3,000 − 0 (no LT gain) = 2,000; LT carryover = 2,000 − 0 = 2,000.
    assert outcome(net(-5_000, -2_000)) == (0, 0, 3_000, 2_000, 2_000)


def test_short_term_loss_smaller_than_the_limit_spills_into_long_term() -> None:
    # Line 7 = -1,000, line 15 = -5,000 → deduction 3,000: 1,000 of ST loss, then 2,000 of LT.
    # ST carryover = max(0, 1,000 − 3,000) = 0; LT carryover = 5,000 − (3,000 − 1,000) = 3,000.
    assert outcome(net(-1_000, -5_000)) == (0, 0, 3_000, 0, 3_000)


def test_short_term_loss_larger_than_long_term_gain() -> None:
    # Line 7 = -6,000, line 15 = +2,000, line 16 = -4,000 → deduction 3,000.
    # ST carryover = 6,000 − 3,000 − 2,000 (LT gain) = 1,000; LT carryover 0.
    assert outcome(net(-6_000, 2_000)) == (0, 0, 3_000, 1_000, 0)


def test_married_filing_separately_limit_is_1500() -> None:
    # Line 7 = -5,000 → deduction min(5,000, 1,500) = 1,500; ST carryover 5,000 − 1,500 = 3,500.
    assert outcome(net(-5_000, 0, status=MFS)) == (0, 0, 1_500, 3_500, 0)


def test_loss_below_the_limit_is_deducted_in_full() -> None:
    # Line 16 = -1,200 → deduction 1,200, nothing carried.
    assert outcome(net(-200, -1_000)) == (0, 0, 1_200, 0, 0)


def test_gains_and_losses_that_cancel_exactly() -> None:
    # Line 7 = +3,000, line 15 = -3,000, line 16 = 0: no gain, no deduction, no carryover.
    assert outcome(net(3_000, -3_000)) == (0, 0, 0, 0, 0)


def test_carryovers_in_join_their_own_term() -> None:
    # ST: +2,000 realized − 4,000 carried in = line 7 -2,000.
    # LT: +1,000 realized − 500 carried in = line 15 +500. Line 16 = -1,500 → deduction 1,500.
    # ST carryover = 2,000 − 1,500 − 500 = 0; LT carryover 0. Everything used.
    n = net(2_000, 1_000, cf_short=4_000, cf_long=500)
    assert (n.net_short_term, n.net_long_term) == (-2_000, 500)
    assert outcome(n) == (0, 0, 1_500, 0, 0)


def test_long_term_carryover_reduces_long_term_gain_first() -> None:
    # Pub. 550: an LT carryover reduces LT gains before ST gains.
    # LT: +25,000 − 20,000 carried in = line 15 +5,000; ST: +3,000 = line 7.
    # Net capital gain 5,000; ST gain 3,000 stays ordinary.
    assert outcome(net(3_000, 25_000, cf_long=20_000)) == (5_000, 3_000, 0, 0, 0)


def test_large_long_term_carryover_carries_on_as_long_term() -> None:
    # LT: +5,000 − 20,000 = line 15 -15,000; ST: +3,000 = line 7; line 16 = -12,000.
    # Deduction 3,000. LT carryover = 15,000 − (3,000 ST gain + 3,000 deduction) = 9,000.
    # Check: 3,000 + 9,000 = 12,000.
    assert outcome(net(3_000, 5_000, cf_long=20_000)) == (0, 0, 3_000, 0, 9_000)


def test_little_other_income_carries_more_over() -> None:
    # §1212(b)(2)(A): only the smaller of the deduction (3,000) and the adjusted taxable income
    # (1,000) counts as a ST gain. ST carryover = 10,000 − 1,000 = 9,000 (Worksheet lines 4, 8).
    n = net(-10_000, 0, taxable_income_before_loss=1_000)
    assert outcome(n) == (0, 0, 3_000, 9_000, 0)


def test_negative_taxable_income_carries_the_whole_loss_over() -> None:
    # Worksheet line 3 = max(0, taxable income before the loss) = 0, so nothing is used up.
    n = net(-2_000, -2_000, taxable_income_before_loss=-500)
    assert outcome(n) == (0, 0, 3_000, 2_000, 2_000)


def test_carryforward_must_be_a_positive_loss_amount() -> None:
    with pytest.raises(ValueError, match="positive loss"):
        net(0, 0, cf_short=-1)


AMOUNTS = st.decimals(min_value=-100_000, max_value=100_000, places=2)
CARRIED = st.decimals(min_value=0, max_value=50_000, places=2)


@given(
    short=AMOUNTS,
    long=AMOUNTS,
    cf_short=CARRIED,
    cf_long=CARRIED,
    status=st.sampled_from(FilingStatus),
)
@example(
    short=Decimal(-3000), long=Decimal(0), cf_short=Decimal(0), cf_long=Decimal(0), status=SINGLE
)
@example(short=Decimal(-1500), long=Decimal(0), cf_short=Decimal(0), cf_long=Decimal(0), status=MFS)
@example(short=Decimal(0), long=Decimal(0), cf_short=Decimal(0), cf_long=Decimal(0), status=SINGLE)
def test_netting_conserves_the_year_total(
    short: Decimal, long: Decimal, cf_short: Decimal, cf_long: Decimal, status: FilingStatus
) -> None:
    n = net_capital_gains(
        realized_short=short,
        realized_long=long,
        carryforward_short=cf_short,
        carryforward_long=cf_long,
        status=status,
        year=YEAR,
    )
    line_16 = short + long - cf_short - cf_long
    assert n.net_gain == line_16
    assert n.net_capital_gain + n.short_term_ordinary == max(Decimal(0), line_16)
    lost = n.capital_loss_deduction + n.carryforward_out_short + n.carryforward_out_long
    assert lost == max(Decimal(0), -line_16)
    assert n.capital_loss_deduction <= YEAR.loss_limit(status)
    parts = (n.net_capital_gain, n.short_term_ordinary, n.carryforward_out_short)
    assert min((*parts, n.carryforward_out_long)) >= 0
