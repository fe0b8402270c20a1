"""Meta-tests over the shipped tax-efficiency assumptions (data/location/tax_efficiency.yaml)."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from trimtab.model.efficiency import Efficiency
from trimtab.model.enums import AssetClass
from trimtab.rules.securities import known_tags, load_master
from trimtab.rules.tax_efficiency import FIGURES, load_tax_efficiency


def test_every_class_has_every_figure_within_range() -> None:
    data = load_tax_efficiency()
    assert list(data.classes) == list(AssetClass)
    for cls, e in data.classes.items():
        assert Decimal(0) < e.expected_return < Decimal("0.15"), cls
        assert Decimal(0) <= e.income_yield <= e.expected_return + Decimal("0.03"), cls
        assert Decimal(0) <= e.qualified_share + e.exempt_share <= 1, cls
        assert Decimal(0) <= e.capital_gain_distributions < Decimal("0.1"), cls
        assert all(getattr(e, f.name) is not None for f in fields(Efficiency)), cls


def test_every_figure_names_its_source_and_the_data_says_it_is_unverified() -> None:
    data = load_tax_efficiency()
    assert set(FIGURES) - {"exempt_share"} <= set(data.sources)
    assert all(len(text) > 20 for text in data.sources.values())
    assert data.unverified  # written from general knowledge, not re-checked: say so
    master = {s.symbol: s for s in load_master()}
    for cls, symbol in data.representative.items():
        security = master.get(symbol)
        assert security is not None and any(p.asset_class is cls for p in security.classes)


def test_tag_overrides_are_documented_tags_with_a_source() -> None:
    tags = known_tags()
    for tag, _, override in load_tax_efficiency().tags:
        assert tag in tags
        assert override.note == f"tag {tag}"


def test_a_money_market_fund_tagged_active_distributes_no_gains() -> None:
    # VMFXX is `active` in the master; the `active` row's 3 % distributions are for stock and
    # bond funds, not money-market funds (types: [etf, mutual_fund])
    types = {tag: t for tag, t, _ in load_tax_efficiency().tags}
    master = {s.symbol: s for s in load_master()}
    assert "active" in master["VMFXX"].tags
    assert master["VMFXX"].type not in types["active"]


def test_the_cash_class_earns_its_yield_and_equity_more_than_bonds() -> None:
    classes = load_tax_efficiency().classes
    cash = classes[AssetClass.CASH]
    assert cash.expected_return == cash.income_yield  # no price growth in a money fund
    assert (
        classes[AssetClass.US_LARGE_CAP].expected_return
        > classes[AssetClass.IG_BONDS].expected_return
    )
