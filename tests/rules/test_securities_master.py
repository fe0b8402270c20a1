"""The shipped securities master: meta-tests over every row, the identity rule, harvest partners.

The identity rule (same index => substantially identical) is the project's reading of
Pub. 550 and tax-rules.md §1.6; these tests pin the data that rule depends on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trimtab.model.enums import AssetClass, SecurityType
from trimtab.model.security import ClassWeight, Security
from trimtab.rules.securities import (
    COMPILED_FILE,
    COMPILED_FORMAT,
    MATCHED_TAGS,
    MAX_PARTNERS,
    compile_master,
    compile_shipped,
    default_harvest_partners,
    identical_groups,
    index_key,
    known_tags,
    load_master,
    master_by_symbol,
    parse_master,
    read_compiled,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "securities.md"
AS_OF = date(2025, 6, 30)
MASTER = load_master()
BY_SYMBOL = master_by_symbol()
REQUIRED_TAGS = (
    "reit",
    "municipal",
    "esg",
    "fossil_fuel_free",
    "sector_energy",
    "sector_technology",
    "sector_financials",
    "sector_health_care",
    "dividend",
    "growth",
    "value",
    "target_date",
    "balanced",
    "treasury",
    "short_term",
    "total_market",
    "commodities",
    "gold",
    "active",
    "high_turnover",
    "state_municipal",
)


def group_of(symbol: str) -> str:
    return index_key(BY_SYMBOL[symbol])


# --- size and completeness (meta-tests over every row) ---------------------------------


def test_master_holds_at_least_150_funds_and_the_three_stocks() -> None:
    funds = [s for s in MASTER if s.type is not SecurityType.STOCK]
    assert len(funds) >= 150
    for symbol in ("AAPL", "MSFT", "XOM"):
        stock = BY_SYMBOL[symbol]
        assert stock.type is SecurityType.STOCK
        assert stock.whole_shares
        assert stock.index == ""


def test_master_is_sorted_by_symbol_and_cached() -> None:
    symbols = [s.symbol for s in MASTER]
    assert symbols == sorted(symbols)
    assert len(set(symbols)) == len(symbols)
    assert load_master() is MASTER
    assert master_by_symbol() is BY_SYMBOL


def test_master_by_symbol_is_read_only() -> None:
    with pytest.raises(TypeError):
        BY_SYMBOL["NEW"] = BY_SYMBOL["VOO"]  # type: ignore[index]


@pytest.mark.parametrize("security", MASTER, ids=lambda s: s.symbol)
def test_every_row_has_class_type_index_source_and_date(security: Security) -> None:
    assert security.name
    assert isinstance(security.type, SecurityType)
    assert security.classes
    assert security.source
    assert security.as_of is not None
    # An empty index is allowed only where nothing is tracked: stocks and active funds.
    if not security.index:
        assert security.type is SecurityType.STOCK or "active" in security.tags
    if security.type is not SecurityType.STOCK:
        assert security.expense_ratio is not None


@pytest.mark.parametrize("security", MASTER, ids=lambda s: s.symbol)
def test_weights_sum_to_exactly_one(security: Security) -> None:
    weights = [cw.weight for cw in security.classes]
    assert sum(weights, Decimal(0)) == Decimal(1)
    assert all(Decimal(0) < w <= Decimal(1) for w in weights)
    assert len({cw.asset_class for cw in security.classes}) == len(weights)


def test_every_row_is_marked_unverified_unless_checked() -> None:
    # Nothing was checked against an issuer page when the master was written.
    assert all(s.unverified for s in MASTER)


def test_tags_all_come_from_the_documented_list() -> None:
    tags = known_tags()
    for tag in REQUIRED_TAGS:
        assert tag in tags
    for security in MASTER:
        assert set(security.tags) <= tags.keys(), security.symbol


def test_every_tag_of_the_yaml_is_documented_with_its_meaning() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for tag, meaning in known_tags().items():
        assert f"| `{tag}` | {meaning} |" in text, tag


def test_whole_shares_follow_the_type() -> None:
    # ETFs and stocks trade in whole shares; mutual and money-market funds in fractions.
    for security in MASTER:
        fractional = security.type in (SecurityType.MUTUAL_FUND, SecurityType.MONEY_MARKET)
        assert security.whole_shares is not fractional, security.symbol


def test_percent_points_become_decimal_fractions() -> None:
    vti = {cw.asset_class: cw.weight for cw in BY_SYMBOL["VTI"].classes}
    assert vti == {
        AssetClass.US_LARGE_CAP: Decimal("0.82"),
        AssetClass.US_SMALL_MID_CAP: Decimal("0.18"),
    }
    assert BY_SYMBOL["VOO"].classes == (
        ClassWeight(asset_class=AssetClass.US_LARGE_CAP, weight=Decimal(1)),
    )
    assert BY_SYMBOL["FXAIX"].expense_ratio == Decimal("0.00015")
    assert BY_SYMBOL["VOO"].as_of == AS_OF


# --- classification rules ----------------------------------------------------------------


def test_reit_funds_are_alternatives() -> None:
    reits = [s for s in MASTER if "reit" in s.tags]
    assert {"VNQ", "SCHH", "XLRE", "IYR", "VNQI", "RWR", "VGSLX"} <= {s.symbol for s in reits}
    for security in reits:
        assert security.classes[0].asset_class is AssetClass.ALTERNATIVES, security.symbol
        assert not security.is_mixed


def test_municipal_funds_are_investment_grade_bonds() -> None:
    munis = [s for s in MASTER if "municipal" in s.tags]
    assert {"MUB", "VTEB", "TFI", "SUB", "VWIUX", "VTEAX"} <= {s.symbol for s in munis}
    for security in munis:
        assert security.main_class is AssetClass.IG_BONDS, security.symbol
    for security in MASTER:
        if "state_municipal" in security.tags:
            assert "municipal" in security.tags


def test_money_market_funds_are_cash() -> None:
    money = [s for s in MASTER if s.type is SecurityType.MONEY_MARKET]
    assert {"VMFXX", "SPAXX", "FDRXX", "SWVXX", "SNVXX"} <= {s.symbol for s in money}
    for security in money:
        assert security.main_class is AssetClass.CASH
        assert not security.is_mixed
    for symbol in ("BIL", "SGOV"):
        etf = BY_SYMBOL[symbol]
        assert etf.type is SecurityType.ETF
        assert etf.main_class is AssetClass.CASH
        assert "treasury" in etf.tags


@pytest.mark.parametrize(
    "symbol",
    [
        "VTI",
        "ITOT",
        "SCHB",
        "VTSAX",
        "FSKAX",
        "SWTSX",
        "VT",
        "VTWAX",
        "VXUS",
        "IXUS",
        "VBIAX",
        "VTTVX",
        "VFFVX",
        "AOR",
        "AOA",
        "AOM",
    ],
)
def test_total_market_balanced_and_target_date_funds_are_mixes(symbol: str) -> None:
    assert BY_SYMBOL[symbol].is_mixed


def test_total_world_funds_mix_us_international_and_emerging() -> None:
    for symbol in ("VT", "VTWAX"):
        classes = {cw.asset_class for cw in BY_SYMBOL[symbol].classes}
        assert classes == {
            AssetClass.US_LARGE_CAP,
            AssetClass.US_SMALL_MID_CAP,
            AssetClass.INTL_DEVELOPED,
            AssetClass.EMERGING_MARKETS,
        }


def test_tips_funds_are_tips() -> None:
    for symbol in ("SCHP", "VTIP", "TIP", "STIP", "VAIPX", "FIPDX"):
        assert BY_SYMBOL[symbol].main_class is AssetClass.TIPS


def test_sector_esg_and_dividend_tags_where_expected() -> None:
    expected = {
        "XLE": "sector_energy",
        "VDE": "sector_energy",
        "XLK": "sector_technology",
        "VGT": "sector_technology",
        "XLF": "sector_financials",
        "XLV": "sector_health_care",
        "ESGV": "esg",
        "ESGU": "esg",
        "SUSA": "esg",
        "DSI": "esg",
        "SPYX": "fossil_fuel_free",
        "SCHD": "dividend",
        "VIG": "dividend",
        "VYM": "dividend",
        "DGRO": "dividend",
        "VUG": "growth",
        "VTV": "value",
        "IWF": "growth",
        "IWD": "value",
        "AVUV": "active",
        "DFAS": "active",
        "GLD": "gold",
        "DBC": "commodities",
    }
    for symbol, tag in expected.items():
        assert tag in BY_SYMBOL[symbol].tags, symbol


# --- identical groups ------------------------------------------------------------------


def test_sp500_funds_are_one_identical_group() -> None:
    groups = identical_groups(MASTER)
    sp500 = [g for g in groups if "VOO" in g]
    assert len(sp500) == 1
    assert {"VOO", "IVV", "SPY", "FXAIX", "SWPPX", "VFIAX", "SPLG"} <= set(sp500[0])
    assert all(BY_SYMBOL[s].index == "S&P 500 Index" for s in sp500[0])


def test_total_market_funds_of_different_indexes_are_different_groups() -> None:
    keys = {group_of("VTI"), group_of("ITOT"), group_of("SCHB")}
    assert len(keys) == 3
    assert group_of("VTI") == group_of("VTSAX")  # both CRSP US Total Market
    assert group_of("FSKAX") == group_of("SWTSX")  # both Dow Jones U.S. Total Stock Market


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("IEFA", "EFA"),
        ("VEA", "SCHF"),
        ("VEA", "IEFA"),
        ("VWO", "IEMG"),
        ("BND", "AGG"),
        ("VTEB", "MUB"),
        ("SCHP", "TIP"),
        ("VNQ", "SCHH"),
        ("QQQ", "VUG"),
        ("AVUV", "DFAT"),
    ],
)
def test_pairs_tracking_different_indexes_are_not_identical(a: str, b: str) -> None:
    assert group_of(a) != group_of(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("QQQ", "QQQM"),
        ("EFA", "FSPSX"),
        ("AGG", "FXNAX"),
        ("BND", "VBTLX"),
        ("VEA", "VTMGX"),
        ("VWO", "VEMAX"),
        ("IXUS", "FTIHX"),
        ("IWM", "FSSNX"),
        ("IWR", "FSMDX"),
        ("GLD", "IAU"),
    ],
)
def test_pairs_on_one_index_are_identical(a: str, b: str) -> None:
    assert group_of(a) == group_of(b)


def test_index_key_folds_case_and_spaces_and_keeps_active_funds_apart() -> None:
    def fund(symbol: str, index: str) -> Security:
        return Security(
            symbol=symbol,
            type=SecurityType.ETF,
            index=index,
            classes=(ClassWeight(asset_class=AssetClass.US_LARGE_CAP, weight=Decimal(1)),),
        )

    assert index_key(fund("A", "  S&P 500   index ")) == index_key(fund("B", "S&P 500 Index"))
    assert index_key(fund("C", "")) == "symbol:C"
    groups = identical_groups(
        [fund("A", "S&P 500 Index"), fund("B", "s&p 500 index"), fund("C", ""), fund("D", "")]
    )
    assert groups == (("A", "B"),)


# --- harvest partners ------------------------------------------------------------------


def test_explicit_partners_exist_share_the_class_and_track_another_index() -> None:
    for security in MASTER:
        for partner in security.harvest_partners:
            other = BY_SYMBOL[partner]
            assert other.main_class is security.main_class, (security.symbol, partner)
            assert index_key(other) != index_key(security), (security.symbol, partner)
            assert other.type is not SecurityType.STOCK


def test_voo_partners_are_large_cap_funds_off_the_sp500() -> None:
    partners = default_harvest_partners("VOO", BY_SYMBOL)
    assert partners
    sp500 = index_key(BY_SYMBOL["VOO"])
    for symbol in partners:
        other = BY_SYMBOL[symbol]
        assert index_key(other) != sp500
        assert [cw.asset_class for cw in other.classes] == [AssetClass.US_LARGE_CAP]
        assert other.type is not SecurityType.STOCK


def test_derived_partners_are_cheapest_first_and_at_most_five() -> None:
    partners = [BY_SYMBOL[s] for s in default_harvest_partners("VEA", BY_SYMBOL)]
    assert 0 < len(partners) <= MAX_PARTNERS
    ratios = [p.expense_ratio for p in partners]
    assert ratios == sorted(ratios)  # type: ignore[type-var]


def test_reit_and_municipal_partners_keep_the_mandate() -> None:
    for symbol in ("VNQ", "SCHH", "MUB", "VTEB", "SUB"):
        sold = BY_SYMBOL[symbol]
        partners = default_harvest_partners(symbol, BY_SYMBOL)
        assert partners, symbol
        for partner in partners:
            other = BY_SYMBOL[partner]
            assert ("reit" in other.tags) == ("reit" in sold.tags)
            assert ("municipal" in other.tags) == ("municipal" in sold.tags)
            assert ("esg" in other.tags) == ("esg" in sold.tags)


def test_non_reit_and_non_esg_funds_get_no_reit_or_esg_partners() -> None:
    for symbol in ("VOO", "VTI", "BND", "VEA"):
        for partner in default_harvest_partners(symbol, BY_SYMBOL):
            assert not {"reit", "esg", "municipal"} & set(BY_SYMBOL[partner].tags)


def test_mixes_need_close_weights() -> None:
    # AOR holds 40 % bonds, AOM 60 %: 20 points apart, over the 10-point tolerance.
    assert "AOM" not in default_harvest_partners("AOR", BY_SYMBOL)
    # VT and ACWI differ by at most 4 points per class.
    assert "ACWI" in default_harvest_partners("VT", BY_SYMBOL)


def test_explicit_partners_win() -> None:
    assert default_harvest_partners("VTI", BY_SYMBOL) == ("ITOT", "SCHB")


def test_unknown_symbol_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="ZZZZ"):
        default_harvest_partners("ZZZZ", BY_SYMBOL)


@given(st.sampled_from(sorted(BY_SYMBOL)))
def test_no_default_partner_shares_the_index_key(symbol: str) -> None:
    key = index_key(BY_SYMBOL[symbol])
    for partner in default_harvest_partners(symbol, BY_SYMBOL):
        assert partner != symbol
        assert index_key(BY_SYMBOL[partner]) != key


_INDEXES = st.sampled_from(["", "Index A", "index a", "Index B", "Index C"])
_CLASSES = st.sampled_from([AssetClass.US_LARGE_CAP, AssetClass.IG_BONDS, AssetClass.CASH])
_TAGS = st.lists(st.sampled_from(["reit", "esg", "municipal", "active"]), unique=True, max_size=2)


@st.composite
def _securities(draw: st.DrawFn) -> dict[str, Security]:
    count = draw(st.integers(min_value=1, max_value=12))
    rows: dict[str, Security] = {}
    for n in range(count):
        symbol = f"S{n}"
        rows[symbol] = Security(
            symbol=symbol,
            type=draw(st.sampled_from(list(SecurityType))),
            classes=(ClassWeight(asset_class=draw(_CLASSES), weight=Decimal(1)),),
            index=draw(_INDEXES),
            tags=tuple(draw(_TAGS)),
            expense_ratio=draw(st.sampled_from([None, Decimal("0.0003"), Decimal("0.001")])),
        )
    return rows


@given(_securities())
def test_derived_partners_never_identical_never_stocks(rows: dict[str, Security]) -> None:
    for symbol, sold in rows.items():
        partners = default_harvest_partners(symbol, rows)
        assert len(partners) <= MAX_PARTNERS
        for partner in partners:
            other = rows[partner]
            assert index_key(other) != index_key(sold)
            assert other.type is not SecurityType.STOCK
            assert other.main_class is sold.main_class
            assert set(other.tags) & MATCHED_TAGS == set(sold.tags) & MATCHED_TAGS


# --- a malformed file is a ValueError naming the row and field -------------------------

_GOOD_ROW = """\
  AAA:
    name: A fund
    type: etf
    asset_class: {us_large_cap: 60, ig_bonds: 40}
    whole_shares: true
    expense_ratio: 0.0005
    index: Some Index
    tags: [balanced]
    source: "issuer page, AAA"
    as_of: 2025-06-30
    unverified: true
"""


def _file(row: str = _GOOD_ROW, head: str = "format: trimtab.securities/1\n") -> str:
    return head + "tags:\n  balanced: Fixed stock/bond mix\nsecurities:\n" + row


def test_a_good_file_parses() -> None:
    master = parse_master(_file())
    (aaa,) = master.securities
    assert [cw.weight for cw in aaa.classes] == [Decimal("0.6"), Decimal("0.4")]
    assert aaa.expense_ratio == Decimal("0.0005")
    assert master.tags == {"balanced": "Fixed stock/bond mix"}


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("us_large_cap: 60", "us_large_cap: 59", "securities.AAA.asset_class: percent points"),
        ("us_large_cap: 60", "us_large: 60", "securities.AAA.asset_class.us_large"),
        ("tags: [balanced]", "tags: [balancd]", "securities.AAA.tags: balancd"),
        ("    index: Some Index\n", "", "securities.AAA: missing key(s) index"),
        ("type: etf", "type: bond", "securities.AAA.type"),
        ("whole_shares: true", "whole_shares: yes please", "securities.AAA.whole_shares"),
        ("expense_ratio: 0.0005", "expense_ratio: 5", "securities.AAA.expense_ratio"),
        ("as_of: 2025-06-30", "as_of: June", "securities.AAA.as_of"),
        ("unverified: true", "unverified: true\n    colour: red", "unknown key(s) colour"),
        (
            "unverified: true",
            "unverified: true\n    harvest_partners: [ZZZ]",
            "securities.AAA.harvest_partners: ZZZ not in the master",
        ),
        ("  AAA:", "  aaa:", "securities.aaa: a symbol"),
    ],
)
def test_a_malformed_row_names_its_field(old: str, new: str, place: str) -> None:
    text = _file(_GOOD_ROW.replace(old, new))
    with pytest.raises(ValueError, match=r"securities\.yaml: ") as raised:
        parse_master(text)
    assert place in str(raised.value)


def test_a_wrong_format_or_duplicate_symbol_is_refused() -> None:
    with pytest.raises(ValueError, match="format: is 'other/1'"):
        parse_master(_file(head="format: other/1\n"))
    with pytest.raises(ValueError, match="not valid YAML"):
        parse_master(_file(_GOOD_ROW + _GOOD_ROW))


# --- the compiled form (data/securities.json), what a run reads -----------------------------

_DATA = resources.files("trimtab") / "data"
_REGENERATE = (
    ".venv/bin/python -c 'from trimtab.rules.securities import compile_shipped; "
    'print(compile_shipped(), end="")\' > src/trimtab/data/securities.json'
)


def test_the_compiled_master_is_made_from_the_shipped_yaml() -> None:
    shipped = (_DATA / COMPILED_FILE).read_text(encoding="utf-8")
    assert shipped == compile_shipped(), f"securities.yaml changed: run {_REGENERATE}"


def test_the_compiled_master_reads_back_as_the_yaml_parses() -> None:
    yaml_text = (_DATA / "securities.yaml").read_text(encoding="utf-8")
    compiled = read_compiled((_DATA / COMPILED_FILE).read_text(encoding="utf-8"), yaml_text)
    parsed = parse_master(yaml_text)
    assert compiled == parsed
    # repr as well: Decimal('0.5') == Decimal('0.50'), but a round trip keeps the exponent
    assert repr(compiled) == repr(parsed)
    assert parsed.securities == MASTER


def test_a_compiled_form_of_another_yaml_is_not_used() -> None:
    master = parse_master(_file())
    compiled = compile_master(master, _file())
    assert read_compiled(compiled, _file()) == master
    assert read_compiled(compiled, _file().replace("A fund", "A fund, renamed")) is None
    assert read_compiled(compiled.replace(COMPILED_FORMAT, "other/1"), _file()) is None


def test_a_compiled_row_keeps_every_field() -> None:
    master = read_compiled(compile_master(parse_master(_file()), _file()), _file())
    assert master is not None
    (aaa,) = master.securities
    assert aaa == Security(
        symbol="AAA",
        name="A fund",
        type=SecurityType.ETF,
        classes=(
            ClassWeight(asset_class=AssetClass.US_LARGE_CAP, weight=Decimal("0.6")),
            ClassWeight(asset_class=AssetClass.IG_BONDS, weight=Decimal("0.4")),
        ),
        whole_shares=True,
        expense_ratio=Decimal("0.0005"),
        index="Some Index",
        tags=("balanced",),
        source="issuer page, AAA",
        as_of=AS_OF,
        unverified=True,
    )
