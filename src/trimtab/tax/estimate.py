"""The household's tax estimate for its year, and the difference of two estimates.

Rule. The estimate (:func:`trimtab.tax.federal.estimate_tax`, docs/tax-rules.md §4) takes the
return's facts from the household file's ``tax`` section: ordinary taxable income, qualified
dividends, state rate, MAGI, the loss carryforward in by character, and the net gains already
realized this year; gains realized by proposed trades (taxable accounts of this return, sold in
the tax year) are added to the realized ones by term. The tax parameters are the shipped ones of
``tax.year``.

Worked example (2026, married filing jointly, the example household's facts): ordinary taxable
income 210,000, qualified dividends 4,200, long-term realized 3,400, long-term carryforward in
1,200. Schedule D line 15 = 3,400 − 1,200 = 2,200; preferential income 2,200 + 4,200 = 6,400,
stacked on 210,000 and taxed at 15%: 960. Schedule tax on 210,000 = 11,600 + 22% × 109,200
(24,024) = 35,624; income tax 35,624 + 960 = 36,584. A trade realizing another 1,000 long-term
adds 150 (15%) of income tax and 50 of state tax at 5%.

The marginal tax of some trades is the estimate with them minus the estimate without them, field
by field: the same shape, each field the change.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.rules.tax_year import load_tax_year
from trimtab.tax.federal import TaxEstimate, estimate_tax


def household_estimate(
    household: Household, *, short: Decimal = ZERO, long: Decimal = ZERO
) -> TaxEstimate:
    """The tax year's estimate with ``short`` and ``long`` more gains realized (signed)."""
    profile = household.tax
    return estimate_tax(
        year=load_tax_year(profile.year),
        status=profile.filing_status,
        ordinary_taxable_income=profile.ordinary_taxable_income,
        qualified_dividends=profile.qualified_dividends,
        realized_short=profile.realized_short + short,
        realized_long=profile.realized_long + long,
        carryforward_short=profile.carryforward_short,
        carryforward_long=profile.carryforward_long,
        state_rate=profile.state_rate,
        magi=profile.magi,
    )


def estimate_difference(with_: TaxEstimate, without: TaxEstimate) -> TaxEstimate:
    """``with_ − without``, field by field."""
    values: dict[str, Decimal] = {
        f.name: getattr(with_, f.name) - getattr(without, f.name) for f in fields(TaxEstimate)
    }
    return TaxEstimate(**values)


ZERO_ESTIMATE = TaxEstimate(**{f.name: ZERO for f in fields(TaxEstimate)})


PROBE = Decimal(1000)


@dataclass(frozen=True, slots=True, kw_only=True)
class MarginalRates:
    """The household's marginal tax per dollar, probed with $1,000 more of each kind.

    short: a short-term gain, interest or a non-qualified dividend: ordinary brackets + NIIT +
        state.
    long: a long-term gain or a qualified dividend: preferential brackets + NIIT + state.
    ordinary: ordinary income that is not investment income (a traditional-account withdrawal,
        which NIIT does not reach, IRC §1411(c)(5)): the short probe's income tax + state.
    state: the state rate of the tax profile.
    """

    short: Decimal
    long: Decimal
    ordinary: Decimal
    state: Decimal


def marginal_rates(household: Household) -> MarginalRates:
    """The marginal rates of ``household``'s year (probes of the estimate, docs/tax-rules.md)."""
    base = household_estimate(household)
    short = estimate_difference(household_estimate(household, short=PROBE), base)
    long = estimate_difference(household_estimate(household, long=PROBE), base)
    return MarginalRates(
        short=short.total / PROBE,
        long=long.total / PROBE,
        ordinary=(short.income_tax + short.state) / PROBE,
        state=household.tax.state_rate,
    )
