"""Properties of drift: values add up, location does not matter, bands agree with the rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from trimtab.analysis.drift import class_values, drift_table
from trimtab.analysis.valuation import household_value
from trimtab.model import (
    Account,
    AccountType,
    AssetClass,
    BandRule,
    Bands,
    ClassWeight,
    FilingStatus,
    Holding,
    Household,
    Price,
    Security,
    SecurityType,
    Settings,
    Target,
    TaxProfile,
)

SECURITIES = (
    Security(
        symbol="AAA",
        type=SecurityType.ETF,
        classes=(ClassWeight(asset_class=AssetClass.US_LARGE_CAP, weight=Decimal(1)),),
    ),
    Security(
        symbol="BBB",
        type=SecurityType.ETF,
        classes=(ClassWeight(asset_class=AssetClass.IG_BONDS, weight=Decimal(1)),),
    ),
    Security(
        symbol="MMM",
        type=SecurityType.MUTUAL_FUND,
        classes=(
            ClassWeight(asset_class=AssetClass.US_LARGE_CAP, weight=Decimal("0.6")),
            ClassWeight(asset_class=AssetClass.INTL_DEVELOPED, weight=Decimal("0.3")),
            ClassWeight(asset_class=AssetClass.IG_BONDS, weight=Decimal("0.1")),
        ),
    ),
    Security(
        symbol="RRR",
        type=SecurityType.ETF,
        classes=(ClassWeight(asset_class=AssetClass.ALTERNATIVES, weight=Decimal(1)),),
    ),
)
SYMBOLS = [s.symbol for s in SECURITIES]
money = st.decimals(min_value=0, max_value=100000, places=2)
quantity = st.decimals(min_value=Decimal("0.001"), max_value=5000, places=3)
price = st.decimals(min_value=Decimal("0.01"), max_value=2000, places=2)


@st.composite
def households(draw: st.DrawFn) -> Household:
    holdings = draw(st.lists(st.tuples(st.sampled_from(SYMBOLS), quantity), max_size=8))
    n_accounts = draw(st.integers(min_value=1, max_value=3))
    accounts = tuple(
        Account(
            id=f"a{i}",
            type=AccountType.ROTH_IRA,
            cash=draw(money),
            holdings=tuple(
                Holding(symbol=s, quantity=q)
                for k, (s, q) in enumerate(holdings)
                if k % n_accounts == i
            ),
        )
        for i in range(n_accounts)
    )
    absolute = draw(st.decimals(min_value=0, max_value=10, places=1))
    relative = draw(st.decimals(min_value=0, max_value=50, places=0))
    min_width = draw(st.decimals(min_value=0, max_value=3, places=1))
    return Household(
        file="<generated>",
        name="",
        as_of=date(2026, 11, 24),
        tax=TaxProfile(
            year=2026, filing_status=FilingStatus.SINGLE, ordinary_taxable_income=Decimal(0)
        ),
        owners=(),
        targets=(
            Target(asset_class=AssetClass.US_LARGE_CAP, percent=Decimal(50)),
            Target(asset_class=AssetClass.IG_BONDS, percent=Decimal(30)),
            Target(asset_class=AssetClass.INTL_DEVELOPED, percent=Decimal(15)),
            Target(asset_class=AssetClass.CASH, percent=Decimal(5)),
        ),
        bands=Bands(default=BandRule(absolute=absolute, relative=relative, min_width=min_width)),
        prices=tuple(Price(symbol=s, price=draw(price)) for s in SYMBOLS),
        settings=Settings(),
        accounts=accounts,
        securities=SECURITIES,
    )


@given(households())
def test_class_values_add_up_to_the_household_value(h: Household) -> None:
    assert sum(class_values(h).values(), Decimal(0)) == household_value(h)


@given(households(), st.randoms(use_true_random=False))
@settings(max_examples=60)
def test_drift_ignores_which_account_holds_what_and_the_order(h: Household, rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    everything = [hd for a in h.accounts for hd in a.holdings]
    rnd.shuffle(everything)
    cash = sum((a.cash for a in h.accounts), Decimal(0))
    moved = replace(
        h,
        accounts=(
            Account(id="one", type=AccountType.TAXABLE, cash=cash, holdings=tuple(everything)),
        ),
    )
    assert drift_table(moved) == drift_table(h)


@given(households())
def test_outside_agrees_with_an_independent_band_computation(h: Household) -> None:
    drift = drift_table(h)
    rule = h.bands.default
    for row in drift.rows:
        # written independently: the band is [target − w, target + w] with
        # w = the larger of min_width and the smaller of absolute and relative·target/100
        relative_points = rule.relative / 100 * row.target_pct
        w = rule.absolute if rule.absolute < relative_points else relative_points
        if w < rule.min_width:
            w = rule.min_width
        inside = row.target_pct - w <= row.current_pct <= row.target_pct + w
        assert row.outside is (not inside)
