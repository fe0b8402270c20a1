"""Schedule D netting: short and long terms, the $3,000 loss limit, carryovers by character.

Rule (IRC §§1211(b), 1212(b), 1222; Schedule D and its Capital Loss Carryover Worksheet):

1. Net the short-term gains and losses with the short-term carryover (Schedule D line 7), and
   the long-term ones with the long-term carryover (line 15).
2. Combine them (line 16). If the result is a gain, the *net capital gain* — net long-term gain
   less any net short-term loss (§1222(11)) — is taxed at the preferential rates; the rest (a
   net short-term gain, reduced by any net long-term loss) is ordinary income.
3. If the result is a loss, the smaller of the loss and $3,000 ($1,500 married filing
   separately) is deducted from other income (§1211(b); line 21).
4. The rest carries over, keeping its character (§1212(b)(1)): short-term = net short-term loss
   in excess of net long-term gain; long-term = net long-term loss in excess of net short-term
   gain, where the deducted amount counts as a short-term gain (§1212(b)(2)(A)). So the $3,000
   uses the short-term loss first. §1212(b)(2)(A) caps that amount at the *adjusted taxable
   income* (taxable income before the deduction; Carryover Worksheet lines 1-4): a household
   with little other income carries more over.

Worked example (single). Short-term: gains 2,000, losses 9,000, carryover in 1,000 → line 7 =
-8,000. Long-term: gains 6,000, losses 4,000, carryover in 0 → line 15 = +2,000. Line 16 =
-6,000, a net loss, so the deduction is min(6,000, 3,000) = 3,000. Short-term carryover =
8,000 − 3,000 (deduction counted as a short-term gain) − 2,000 (net long-term gain) = 3,000;
long-term carryover = 0. Check: 3,000 deducted + 3,000 carried = 6,000 lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.model.enums import FilingStatus
from trimtab.money import ZERO
from trimtab.rules.tax_year import TaxYear


@dataclass(frozen=True, slots=True, kw_only=True)
class Netting:
    """The year's capital gains and losses after netting (all amounts in dollars).

    net_short_term: Schedule D line 7, net short-term gain (+) or loss (−), carryover included.
    net_long_term: Schedule D line 15, net long-term gain (+) or loss (−), carryover included.
    net_capital_gain: §1222(11) net capital gain, taxed at 0/15/20% (≥ 0).
    short_term_ordinary: net short-term gain left after long-term losses, taxed as ordinary
        income (≥ 0).
    capital_loss_deduction: Schedule D line 21, net loss deducted from other income (≥ 0).
    carryforward_out_short: short-term capital loss carried to next year (≥ 0).
    carryforward_out_long: long-term capital loss carried to next year (≥ 0).
    """

    net_short_term: Decimal
    net_long_term: Decimal
    net_capital_gain: Decimal
    short_term_ordinary: Decimal
    capital_loss_deduction: Decimal
    carryforward_out_short: Decimal
    carryforward_out_long: Decimal

    @property
    def net_gain(self) -> Decimal:
        """Schedule D line 16: the combined net gain (+) or loss (−)."""
        return self.net_short_term + self.net_long_term

    @property
    def gain_in_taxable_income(self) -> Decimal:
        """What the netting adds to taxable income: the gains, less the loss deduction."""
        return self.net_capital_gain + self.short_term_ordinary - self.capital_loss_deduction


def net_capital_gains(
    *,
    realized_short: Decimal,
    realized_long: Decimal,
    carryforward_short: Decimal,
    carryforward_long: Decimal,
    status: FilingStatus,
    year: TaxYear,
    taxable_income_before_loss: Decimal | None = None,
) -> Netting:
    """Net the year's realized gains with the carryovers in (Schedule D Parts I-III).

    realized_short, realized_long: the year's net realized gains by term, signed (loss < 0).
    carryforward_short, carryforward_long: losses carried in, as positive amounts.
    taxable_income_before_loss: taxable income figured without the capital loss deduction
        (Carryover Worksheet lines 1+2); ``None`` when it is known not to bind.
    """
    if carryforward_short < 0 or carryforward_long < 0:
        raise ValueError("carryforwards are positive loss amounts")
    short = realized_short - carryforward_short
    long = realized_long - carryforward_long
    if short + long > 0:
        return _net_gain(short, long)
    deduction = min(year.loss_limit(status), -(short + long))
    return _net_loss(short, long, deduction, _deduction_used(deduction, taxable_income_before_loss))


def _net_gain(short: Decimal, long: Decimal) -> Netting:
    """Line 16 is a gain: split it into net capital gain and ordinary short-term gain."""
    net_capital_gain = max(ZERO, min(long, short + long))
    return Netting(
        net_short_term=short,
        net_long_term=long,
        net_capital_gain=net_capital_gain,
        short_term_ordinary=short + long - net_capital_gain,
        capital_loss_deduction=ZERO,
        carryforward_out_short=ZERO,
        carryforward_out_long=ZERO,
    )


def _deduction_used(deduction: Decimal, taxable_income_before_loss: Decimal | None) -> Decimal:
    """The deduction counted as a short-term gain for carryovers (§1212(b)(2)(A)).

    The smaller of the deduction and the adjusted taxable income, never below zero (Capital
    Loss Carryover Worksheet line 4).
    """
    if taxable_income_before_loss is None:
        return deduction
    return min(deduction, max(ZERO, taxable_income_before_loss))


def _net_loss(short: Decimal, long: Decimal, deduction: Decimal, used: Decimal) -> Netting:
    """Line 16 is a loss (or zero): the deduction and the carryovers by character."""
    short_after = short + used
    return Netting(
        net_short_term=short,
        net_long_term=long,
        net_capital_gain=ZERO,
        short_term_ordinary=ZERO,
        capital_loss_deduction=deduction,
        carryforward_out_short=max(ZERO, -short_after - max(ZERO, long)),
        carryforward_out_long=max(ZERO, -long - max(ZERO, short_after)),
    )
