"""Silver cross-check for 2025: federal income tax against an independent engine, tenforty.

tenforty (a test-only dependency) wraps Open Tax Solver's 2025 Form 1040, which applies the
standard deduction, nets Schedule D and runs the Qualified Dividends and Capital Gain Tax
Worksheet. trimtab gets the same return as its inputs: ordinary taxable income = wages − the
2025 standard deduction (trimtab's data file: 15,750 single and MFS, 31,500 MFJ, 23,625 head of
household, P.L. 119-21), qualified dividends, and the realized gains by term.

The cases are generated from a fixed seed, so every run compares the same returns. Each has
taxable income of at least $100,000 *and* ordinary income (worksheet line 5) of at least
$100,000: below that the IRS worksheet takes the tax from the Tax Table's $50 bands, which
trimtab deliberately does not use (docs/tax-rules.md §4), and the two differ by a few dollars.
The NIIT is compared too, with MAGI given as wages + dividends (trimtab's default MAGI leaves out
the deductions, docs/tax-rules.md §4).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

import pytest
import tenforty

from trimtab.model.enums import FilingStatus
from trimtab.rules.tax_year import load_tax_year
from trimtab.tax.federal import TaxEstimate, estimate_tax

YEAR = load_tax_year(2025)
CASES = 40
TENFORTY_STATUS = {
    FilingStatus.SINGLE: "Single",
    FilingStatus.MARRIED_JOINT: "Married/Joint",
    FilingStatus.MARRIED_SEPARATE: "Married/Sep",
    FilingStatus.HEAD_OF_HOUSEHOLD: "Head_of_House",
}
ONE_DOLLAR = Decimal(1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """One generated return (whole dollars)."""

    status: FilingStatus
    wages: int
    qualified_dividends: int
    short: int
    long: int


def generate(seed: int = 2025) -> list[Case]:
    """Returns with ordinary taxable income ≥ 100,000 after the worst loss deduction."""
    rng = random.Random(seed)
    cases: list[Case] = []
    while len(cases) < CASES:
        case = Case(
            status=rng.choice(list(TENFORTY_STATUS)),
            wages=rng.randrange(135_000, 900_000, 10),
            qualified_dividends=rng.choice([0, rng.randrange(0, 40_000, 10)]),
            short=rng.randrange(-30_000, 60_000, 10),
            long=rng.choice([rng.randrange(-60_000, 0, 10), rng.randrange(0, 400_000, 10)]),
        )
        if ours(case).ordinary_income >= 100_000:
            cases.append(case)
    return cases


@dataclass(frozen=True, slots=True, kw_only=True)
class Ours:
    estimate: TaxEstimate
    ordinary_income: Decimal


def ours(case: Case) -> Ours:
    wages = Decimal(case.wages)
    ordinary = wages - YEAR.standard_deduction(case.status)
    estimate = estimate_tax(
        year=YEAR,
        status=case.status,
        ordinary_taxable_income=ordinary,
        qualified_dividends=Decimal(case.qualified_dividends),
        realized_short=Decimal(case.short),
        realized_long=Decimal(case.long),
        carryforward_short=Decimal(0),
        carryforward_long=Decimal(0),
        state_rate=Decimal(0),
        magi=wages + case.qualified_dividends,
    )
    # worksheet line 5 is at least ordinary − the loss deduction (short-term gain adds to it)
    return Ours(estimate=estimate, ordinary_income=ordinary - estimate.capital_loss_deduction)


def theirs(case: Case) -> tuple[Decimal, Decimal, Decimal]:
    """(taxable income, income tax, NIIT) by tenforty."""
    result = tenforty.evaluate_return(
        year=2025,
        filing_status=TENFORTY_STATUS[case.status],
        w2_income=case.wages,
        qualified_dividends=case.qualified_dividends,
        ordinary_dividends=case.qualified_dividends,
        short_term_capital_gains=case.short,
        long_term_capital_gains=case.long,
    )
    return (
        Decimal(repr(result.federal_taxable_income)),
        Decimal(repr(result.federal_income_tax)),
        Decimal(repr(result.federal_niit)),
    )


@pytest.mark.slow
def test_federal_income_tax_agrees_with_tenforty_within_a_dollar() -> None:
    compared = 0
    mismatches = []
    for case in generate():
        taxable, income_tax, niit = theirs(case)
        mine = ours(case).estimate
        assert taxable >= 100_000
        if abs(mine.income_tax - income_tax) > ONE_DOLLAR or abs(mine.niit - niit) > ONE_DOLLAR:
            mismatches.append((case, (mine.income_tax, mine.niit), (income_tax, niit)))
        compared += 1
    assert mismatches == []
    assert compared == CASES == 40


def test_the_cases_cover_statuses_losses_dividends_and_the_niit() -> None:
    cases = generate()
    estimates = [ours(c).estimate for c in cases]
    assert {c.status for c in cases} == set(TENFORTY_STATUS)
    assert sum(e.capital_loss_deduction > 0 for e in estimates) >= 5  # net losses: the limit
    assert sum(c.qualified_dividends > 0 for c in cases) >= 5
    assert sum(e.niit == 0 for e in estimates) >= 1 and sum(e.niit > 0 for e in estimates) >= 5
