"""Federal income tax on ordinary and preferential income, the NIIT, and the tax estimate.

Rule. Ordinary income is taxed by the rate schedule of the filing status (IRC §1(j)(2); the
Rev. Proc. tables in trimtab/data/tax/federal). Net capital gain and qualified dividends (the
*preferential income*) are stacked on top of ordinary income and taxed at 0% up to the 0% top,
15% up to the 15% top and 20% above (IRC §1(h)(1)(B)-(D), §1(j)(5)). The tax is the smaller of
that computation and the schedule tax on all taxable income (Form 1040 Qualified Dividends and
Capital Gain Tax Worksheet, line 25). The exact schedules are used, not the IRS Tax Table's
$50 bands. The net investment income tax is 3.8% of the smaller of net investment income and
MAGI above the threshold (IRC §1411(a)(1)).

Worked example (2026, married filing jointly). Ordinary taxable income 99,000 and long-term
gain 1,000, so taxable income 100,000. Worksheet: the 0% top (98,900) lies below the ordinary
income, so the gain is taxed at 15%: 150. Schedule tax on 99,000 = 2,480 (10% of 24,800) +
8,904 (12% of 74,200) = 11,384; worksheet total (line 23) = 11,534. Schedule tax on all
100,000 (line 24) = 2,480 + 9,024 (12% of 75,200) = 11,504. The tax is the smaller: 11,504,
because in 2026 the 0% top sits below the 12% bracket top (100,800) and 12% beats 15% there.

Amounts are exact Decimals; nothing is rounded here (rates times whole dollars come out in
cents anyway). See docs/tax-rules.md for the estimate's definitions and approximations.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.model.enums import FilingStatus
from trimtab.money import ZERO
from trimtab.rules.tax_year import TaxYear
from trimtab.tax.netting import Netting, net_capital_gains

FIFTEEN_PERCENT = Decimal("0.15")  # IRC §1(h)(1)(C)
TWENTY_PERCENT = Decimal("0.20")  # IRC §1(h)(1)(D)


def ordinary_tax(taxable: Decimal, status: FilingStatus, year: TaxYear) -> Decimal:
    """Tax on ``taxable`` by the exact rate schedule (QDCG worksheet lines 22 and 24).

    Each bracket's rate applies to the income between its start and the next bracket's start.
    """
    brackets = year.brackets(status)
    tops: tuple[Decimal | None, ...] = (*(b.start for b in brackets[1:]), None)
    tax = ZERO
    for bracket, top in zip(brackets, tops, strict=True):
        upper = taxable if top is None else min(taxable, top)
        tax += bracket.rate * max(ZERO, upper - bracket.start)
    return tax


@dataclass(frozen=True, slots=True, kw_only=True)
class PreferentialSplit:
    """How the QDCG worksheet splits preferential income across the three rates.

    at_zero: taxed at 0% (worksheet line 9).
    at_fifteen: taxed at 15% (line 17).
    at_twenty: taxed at 20% (line 20).
    """

    at_zero: Decimal
    at_fifteen: Decimal
    at_twenty: Decimal

    @property
    def tax(self) -> Decimal:
        """Worksheet lines 18 + 21."""
        return self.at_fifteen * FIFTEEN_PERCENT + self.at_twenty * TWENTY_PERCENT


def preferential_split(
    ordinary_income: Decimal, preferential_income: Decimal, status: FilingStatus, year: TaxYear
) -> PreferentialSplit:
    """Stack preferential income on ordinary income (QDCG worksheet lines 5-20).

    ordinary_income: worksheet line 5 (taxable income less preferential income), ≥ 0.
    preferential_income: worksheet line 4 (net capital gain + qualified dividends), ≥ 0.
    """
    taxable = ordinary_income + preferential_income
    zero_top = min(taxable, year.zero_rate_top(status))  # line 7
    at_zero = max(ZERO, zero_top - ordinary_income)  # line 9
    fifteen_top = min(taxable, year.fifteen_rate_top(status))  # line 14
    room_at_fifteen = max(ZERO, fifteen_top - ordinary_income - at_zero)  # line 16
    at_fifteen = min(preferential_income - at_zero, room_at_fifteen)  # line 17
    return PreferentialSplit(
        at_zero=at_zero,
        at_fifteen=at_fifteen,
        at_twenty=preferential_income - at_zero - at_fifteen,  # line 20
    )


def income_tax(
    ordinary_income: Decimal, preferential_income: Decimal, status: FilingStatus, year: TaxYear
) -> Decimal:
    """Income tax by the QDCG worksheet: the smaller of lines 23 and 24 (line 25).

    Line 23 = schedule tax on ordinary income + 15%/20% on the stacked preferential income;
    line 24 = schedule tax on all taxable income.
    """
    return WorksheetTaxes.of(ordinary_income, preferential_income, status, year).income_tax


@dataclass(frozen=True, slots=True, kw_only=True)
class WorksheetTaxes:
    """The QDCG worksheet's tax figures.

    ordinary: schedule tax on ordinary income (line 22).
    preferential: 15%/20% tax on the stacked preferential income (lines 18 + 21).
    regular_on_all: schedule tax on all taxable income (line 24).
    """

    ordinary: Decimal
    preferential: Decimal
    regular_on_all: Decimal

    @property
    def income_tax(self) -> Decimal:
        """Line 25: the smaller of line 23 (ordinary + preferential) and line 24."""
        return min(self.ordinary + self.preferential, self.regular_on_all)

    @classmethod
    def of(
        cls, ordinary: Decimal, preferential: Decimal, status: FilingStatus, year: TaxYear
    ) -> WorksheetTaxes:
        """The worksheet for ``ordinary`` (line 5) and ``preferential`` (line 4) income, ≥ 0."""
        if ordinary < 0 or preferential < 0:
            raise ValueError("ordinary and preferential income must not be negative")
        return cls(
            ordinary=ordinary_tax(ordinary, status, year),
            preferential=preferential_split(ordinary, preferential, status, year).tax,
            regular_on_all=ordinary_tax(ordinary + preferential, status, year),
        )


def niit(
    net_investment_income: Decimal, magi: Decimal, status: FilingStatus, year: TaxYear
) -> Decimal:
    """Net investment income tax: rate × min(NII, MAGI − threshold), never below 0 (§1411(a)(1)).

    Form 8960 lines 12-17 (individuals).
    """
    excess = magi - year.niit_threshold(status)
    return year.niit_rate * max(ZERO, min(net_investment_income, excess))


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxEstimate:
    """The estimated tax of a household's year; a public JSON shape (docs/tax-rules.md).

    net_short_term: Schedule D line 7 (carryover included), signed.
    net_long_term: Schedule D line 15 (carryover included), signed.
    capital_loss_deduction: Schedule D line 21, ≥ 0.
    carryforward_out_short / carryforward_out_long: losses carried to next year, ≥ 0.
    ordinary_tax: schedule tax on taxable income less preferential income (QDCG line 22).
    preferential_tax: 15%/20% tax on the stacked preferential income (QDCG lines 18 + 21).
    regular_tax_on_all_income: schedule tax on all taxable income (QDCG line 24).
    income_tax: min(ordinary_tax + preferential_tax, regular_tax_on_all_income) (QDCG line 25).
    niit: net investment income tax (Form 8960 line 17).
    state: state_rate × the change in taxable income caused by the capital gains and losses
        (negative when the loss deduction lowers it).
    total: income_tax + niit + state.
    """

    net_short_term: Decimal
    net_long_term: Decimal
    capital_loss_deduction: Decimal
    carryforward_out_short: Decimal
    carryforward_out_long: Decimal
    ordinary_tax: Decimal
    preferential_tax: Decimal
    regular_tax_on_all_income: Decimal
    income_tax: Decimal
    niit: Decimal
    state: Decimal
    total: Decimal


def estimate_tax(
    *,
    year: TaxYear,
    status: FilingStatus,
    ordinary_taxable_income: Decimal,
    qualified_dividends: Decimal,
    realized_short: Decimal,
    realized_long: Decimal,
    carryforward_short: Decimal,
    carryforward_long: Decimal,
    state_rate: Decimal,
    magi: Decimal | None = None,
    other_investment_income: Decimal = ZERO,
) -> TaxEstimate:
    """Estimate the year's federal and state tax with the given realized gains.

    ordinary_taxable_income: taxable income after deductions, without net capital gain and
        qualified dividends (what the ordinary brackets apply to), ≥ 0.
    qualified_dividends: the year's qualified dividends, ≥ 0.
    realized_short, realized_long: net realized gains by term, signed (loss < 0).
    carryforward_short, carryforward_long: capital losses carried in, positive.
    state_rate: flat state rate applied to the change in taxable income the gains cause.
    magi: modified AGI *without* this estimate's capital gains and losses; the netting's
        effect (gains, or minus the deductible loss) is added to it. ``None``: approximated by
        ordinary_taxable_income + qualified_dividends (understates MAGI by the deductions).
    other_investment_income: net investment income already inside ordinary_taxable_income
        (interest, non-qualified dividends, rents); it counts for the NIIT only.
    """
    _require_non_negative(
        ("ordinary_taxable_income", ordinary_taxable_income),
        ("qualified_dividends", qualified_dividends),
        ("state_rate", state_rate),
    )
    base_income = ordinary_taxable_income + qualified_dividends
    netting = net_capital_gains(
        realized_short=realized_short,
        realized_long=realized_long,
        carryforward_short=carryforward_short,
        carryforward_long=carryforward_long,
        status=status,
        year=year,
        taxable_income_before_loss=base_income,
    )
    taxable = max(ZERO, base_income + netting.gain_in_taxable_income)
    preferential = min(taxable, netting.net_capital_gain + qualified_dividends)
    investment_income = qualified_dividends + other_investment_income
    return _estimate(
        netting=netting,
        taxes=WorksheetTaxes.of(taxable - preferential, preferential, status, year),
        niit=_niit_of(netting, investment_income, magi, base_income, status, year),
        state=state_rate * (taxable - base_income),
    )


def _require_non_negative(*amounts: tuple[str, Decimal]) -> None:
    for name, amount in amounts:
        if amount < 0:
            raise ValueError(f"{name} must not be negative, got {amount}")


def _niit_of(
    netting: Netting,
    investment_income: Decimal,
    magi: Decimal | None,
    base_income: Decimal,
    status: FilingStatus,
    year: TaxYear,
) -> Decimal:
    """NIIT with NII = dividends + other investment income + net gain − deductible loss (≥ 0).

    The deductible capital loss (up to $3,000) may reduce other investment income, but the net
    gain never goes below zero otherwise (Treas. Reg. §1.1411-4(d)(2)).
    """
    net_investment_income = max(ZERO, investment_income + netting.gain_in_taxable_income)
    full_magi = (base_income if magi is None else magi) + netting.gain_in_taxable_income
    return niit(net_investment_income, full_magi, status, year)


def _estimate(
    *, netting: Netting, taxes: WorksheetTaxes, niit: Decimal, state: Decimal
) -> TaxEstimate:
    return TaxEstimate(
        net_short_term=netting.net_short_term,
        net_long_term=netting.net_long_term,
        capital_loss_deduction=netting.capital_loss_deduction,
        carryforward_out_short=netting.carryforward_out_short,
        carryforward_out_long=netting.carryforward_out_long,
        ordinary_tax=taxes.ordinary,
        preferential_tax=taxes.preferential,
        regular_tax_on_all_income=taxes.regular_on_all,
        income_tax=taxes.income_tax,
        niit=niit,
        state=state,
        total=taxes.income_tax + niit + state,
    )
