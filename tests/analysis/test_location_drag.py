"""The yearly tax drag of a dollar by class and account type, worked by hand.

Rates of the scenario households (2026, single, ordinary taxable income 90,000, no state):
interest and short-term gains 22 %, qualified dividends and long-term gains 15 %, no NIIT;
horizon 20 years; withdrawals from traditional accounts at today's ordinary rate, 22 %.
Figures of data/location/tax_efficiency.yaml: ig_bonds r 4.6 %, yield 4.2 %, all interest;
us_large_cap r 6.7 %, yield 1.3 %, 95 % qualified; the `municipal` tag: r 3.5 %, yield 3.3 %,
all exempt.

The drag in wealth terms: drag = ((1 + r)^N − V) / (N (1 + ρ)^N), ρ the target mix's return.
The households' targets are 50 % us_large_cap and 50 % ig_bonds: ρ = (6.7 + 4.6) / 2 = 5.65 %,
1.0565^20 = 3.001857, so the denominator N (1 + ρ)^N = 20 × 3.001857 = 60.037144.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers.plan_households import household
from trimtab import load_household
from trimtab.analysis.location import (
    BP,
    Treatment,
    after_tax_value,
    efficiency,
    location_rates,
    security_drag,
    yearly_tax,
)
from trimtab.model.enums import AssetClass

IRA = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 10}]
"""


def bp(value: Decimal) -> Decimal:
    return (value * BP).quantize(Decimal("0.01"))


@pytest.fixture
def plain(tmp_path: Path):  # type: ignore[no-untyped-def]
    return household(tmp_path, IRA)


def test_rates_are_the_households_marginal_rates(plain) -> None:  # type: ignore[no-untyped-def]
    rates = location_rates(plain)
    assert (rates.ordinary, rates.qualified, rates.state, rates.retirement, rates.years) == (
        Decimal("0.22"),
        Decimal("0.15"),
        Decimal(0),
        Decimal("0.22"),
        20,
    )
    # ρ: 50 % × 6.7 % + 50 % × 4.6 % = 5.65 %
    assert rates.growth == Decimal("0.0565")


def test_the_target_mix_return_weights_each_class_by_its_target(tmp_path: Path) -> None:
    # 60 % us_large_cap, 30 % ig_bonds, 10 % cash: 0.6 × 6.7 + 0.3 × 4.6 + 0.1 × 3.1 = 5.71 %
    targets = "{us_large_cap: 60, ig_bonds: 30, cash: 10}"
    h = household(tmp_path, IRA, targets=targets)
    assert location_rates(h).growth == Decimal("0.0571")


def test_bond_drag_in_each_kind_of_account(plain) -> None:  # type: ignore[no-untyped-def]
    rates = location_rates(plain)
    bonds = efficiency(plain, None, AssetClass.IG_BONDS)
    # taxable: T = 4.2 % × 22 % = 0.924 %; g = 4.6 − 0.924 = 3.676 %; (1+g)^20 = 2.058565;
    # B = 1 + (4.2 − 0.924) % × 1.058565 / 3.676 % = 1.943379; V = 2.058565 − 15 % × 0.115187
    # = 2.041287; untaxed, 1.046^20 = 2.458293, so tax takes 0.417006 of the dollar's wealth
    # at the horizon: 0.417006 / 60.037144 = 0.6946 % = 69.46 bp
    assert yearly_tax(bonds, rates) == Decimal("0.00924")
    assert after_tax_value(bonds, Treatment.TAXABLE, rates).quantize(Decimal("0.000001")) == (
        Decimal("2.041287")
    )
    drag = security_drag(plain, None, AssetClass.IG_BONDS, Treatment.TAXABLE, rates)
    assert bp(drag) == Decimal("69.46")
    # traditional: V = 1.046^20 × 0.78 = 1.917469; lost 2.458293 − 1.917469 = 0.540825 (22 % of
    # 2.458293); 0.540825 / 60.037144 = 90.08 bp
    drag = security_drag(plain, None, AssetClass.IG_BONDS, Treatment.TAX_DEFERRED, rates)
    assert bp(drag) == Decimal("90.08")
    # Roth: V = 1.046^20, no tax: no drag
    assert security_drag(plain, None, AssetClass.IG_BONDS, Treatment.TAX_EXEMPT, rates) == 0


def test_equity_drag_counts_qualified_dividends_and_the_tax_at_the_horizon(plain) -> None:  # type: ignore[no-untyped-def]
    rates = location_rates(plain)
    # T = 1.3 % × (95 % × 15 % + 5 % × 22 %) = 0.19955 %; g = 6.50045 %; (1+g)^20 = 3.523943;
    # B = 1 + (1.3 − 0.19955) % × 2.523943 / 6.50045 % = 1.427274;
    # V = 3.523943 − 15 % × (3.523943 − 1.427274) = 3.209443; untaxed 1.067^20 = 3.658376;
    # lost 0.448933; 0.448933 / 60.037144 = 74.78 bp
    taxable = security_drag(plain, None, AssetClass.US_LARGE_CAP, Treatment.TAXABLE, rates)
    assert bp(taxable) == Decimal("74.78")
    # traditional: 1.067^20 × 0.78 = 2.853534; lost 22 % × 3.658376 = 0.804843; 134.06 bp
    deferred = security_drag(plain, None, AssetClass.US_LARGE_CAP, Treatment.TAX_DEFERRED, rates)
    assert bp(deferred) == Decimal("134.06")
    # the location rule of thumb, in pairs: moving a dollar of equity from the IRA to taxable
    # and a dollar of bonds the other way saves (134.06 − 90.08) − (74.78 − 69.46) = 38.66 bp;
    # the IRA's withdrawal tax grows with the return, so the highest return belongs in the Roth
    bonds_taxable = security_drag(plain, None, AssetClass.IG_BONDS, Treatment.TAXABLE, rates)
    bonds_deferred = security_drag(plain, None, AssetClass.IG_BONDS, Treatment.TAX_DEFERRED, rates)
    assert bp(deferred - bonds_deferred - (taxable - bonds_taxable)) == Decimal("38.66")


def test_a_municipal_fund_is_charged_the_return_it_gives_up(plain) -> None:  # type: ignore[no-untyped-def]
    rates = location_rates(plain)
    muni = plain.security("VTEB")
    assert muni is not None and "municipal" in muni.tags
    # exempt interest, no state tax: T = 0; g = 3.5 %; (1.035)^20 = 1.989789;
    # B = 1 + 3.3 % × 0.989789 / 3.5 % = 1.933229; V = 1.989789 − 15 % × 0.056560 = 1.981305;
    # against the class's untaxed 1.046^20 = 2.458293 it loses 0.476988 (the return given up
    # and the tax at the horizon): 0.476988 / 60.037144 = 79.45 bp (more than BND's 69.46)
    assert yearly_tax(efficiency(plain, muni, AssetClass.IG_BONDS), rates) == 0
    drag = security_drag(plain, muni, AssetClass.IG_BONDS, Treatment.TAXABLE, rates)
    assert bp(drag) == Decimal("79.45")


def test_household_overrides_come_after_the_shipped_figures(tmp_path: Path) -> None:
    extra = """\
tax_efficiency:
  classes:
    ig_bonds: {income_yield: 0.05, source: "our bond ladder"}
  securities:
    VTEB: {income_yield: 0.02, state_exempt: true}
"""
    h = household(tmp_path, IRA, extra=extra)
    rates = location_rates(h)
    bonds = efficiency(h, None, AssetClass.IG_BONDS)
    # the class's yield is the household's: T = 5 % × 22 % = 1.1 %
    assert bonds.income_yield == Decimal("0.05")
    assert yearly_tax(bonds, rates) == Decimal("0.0110")
    assert "our bond ladder" in bonds.source and "h.yaml:" in bonds.source
    # VTEB: the class override, then the municipal tag (3.3 %), then the symbol's (2 %)
    vteb = efficiency(h, h.security("VTEB"), AssetClass.IG_BONDS)
    assert (vteb.income_yield, vteb.exempt_share, vteb.state_exempt) == (
        Decimal("0.02"),
        Decimal(1),
        True,
    )


def test_treasury_interest_is_free_of_state_tax(tmp_path: Path) -> None:
    household(tmp_path, IRA)  # writes h.yaml; a 5 % state rate is added to its tax line
    path = tmp_path / "h.yaml"
    text = path.read_text().replace("income: 90000}", "income: 90000, state_rate: 0.05}")
    path.write_text(text)
    h = load_household(path)
    rates = location_rates(h)
    assert (rates.ordinary, rates.state) == (Decimal("0.27"), Decimal("0.05"))
    tips = efficiency(h, None, AssetClass.TIPS)
    # TIPS interest: 4.0 % × (27 % − 5 % state) = 0.88 %; taxable bonds: 4.2 % × 27 % = 1.134 %
    assert yearly_tax(tips, rates) == Decimal("0.0088")
    assert yearly_tax(efficiency(h, None, AssetClass.IG_BONDS), rates) == Decimal("0.01134")


def test_a_money_market_fund_is_cash_not_an_active_fund(plain) -> None:  # type: ignore[no-untyped-def]
    # VMFXX is tagged `active` in the master; its figures stay the cash class's (no 3 %
    # capital-gain distributions): interest 3.1 % × 22 % = 0.682 %, as for cash itself
    vmfxx = efficiency(plain, plain.security("VMFXX"), AssetClass.CASH)
    assert vmfxx.capital_gain_distributions == 0
    assert yearly_tax(vmfxx, location_rates(plain)) == Decimal("0.00682")


def test_held_on_instead_of_sold_at_the_horizon(tmp_path: Path) -> None:
    # location_sale_at_horizon: off — US large cap in taxable: V = (1 + g)^20 = 3.523943 with
    # g = 6.50045 %: the yearly tax alone takes 3.658376 − 3.523943 = 0.134433 of the dollar's
    # wealth; 0.134433 / 60.037144 = 22.39 bp
    h = household(tmp_path, IRA, settings="{location_sale_at_horizon: off}")
    rates = location_rates(h)
    drag = security_drag(h, None, AssetClass.US_LARGE_CAP, Treatment.TAXABLE, rates)
    assert bp(drag) == Decimal("22.39")
