"""Custodian trade files: trimtab's generic CSV and IBKR's basket, against hand-written files.

The expected files under tests/data/trade_files/ were written by hand from the trades (not from
the renderer's output). They are stored with LF line ends so that git never rewrites them; the
renderers write CRLF, so each test compares against the file with LF turned into CRLF, and one
test checks the line ends themselves.

Three inputs: hand-made PlannedTrades (fractional lots, formula-like text, a comma and quotes
in text, a large quantity), a small scenario household whose plan is its two orders, and the
example household (its trades may change with the optimizer; the first two do not).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

import trimtab
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import TradeAction, TradeReason
from trimtab.model.plan import PlannedLot, PlannedTrade
from trimtab.pipeline import plan_household
from trimtab.report.trade_files import (
    GENERIC_COLUMNS,
    IBKR_COLUMNS,
    IBKR_LOT_WARNING,
    TRADE_FILES,
    TradeFileKind,
    neutralize,
    plain_shares,
    render_csv,
    trade_file_name,
    trade_file_warnings,
    trade_lines,
)

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "trade_files"
AS_OF = dt.date(2026, 11, 24)


def _expected(name: str) -> bytes:
    return (EXPECTED / name).read_bytes().replace(b"\n", b"\r\n")


def _trade(
    tid: str,
    account: str,
    action: TradeAction,
    symbol: str,
    quantity: str,
    price: str,
    lots: tuple[PlannedLot, ...] = (),
) -> PlannedTrade:
    return PlannedTrade(
        id=tid,
        account=account,
        action=action,
        symbol=symbol,
        quantity=Decimal(quantity),
        price=Decimal(price),
        amount=Decimal(quantity) * Decimal(price),
        transaction_cost=Decimal(0),
        reason=TradeReason.REBALANCE,
        rationale="",
        lots=lots,
    )


def _lot(lot_id: str, acquired: dt.date, quantity: str, cost: str) -> PlannedLot:
    return PlannedLot(
        lot_id=lot_id,
        acquired=acquired,
        holding_period_start=acquired,
        quantity=Decimal(quantity),
        cost=Decimal(cost),
        proceeds=Decimal(0),
        gain=Decimal(0),
        long_term=True,
    )


# T1 sells 2.0000008 shares of "@SUM(A1)" from account "+acct" (number "-123"): 1.0000004 from
# lot "=L1" and 1.0000004 from lot "L,2". Each lot rounds to 1.000000, but the trade rounds to
# 2.000001, so the last lot row takes the remainder: 2.000001 − 1.000000 = 1.000001.
# Price 10.005 rounds half-up to 10.01; costs 5.555 -> 5.56 and 6.004 -> 6.00.
# T2 buys 1,234,567.5 VTI in 'ira "x"' (no number): no thousands separator, quotes doubled.
# T3 sells 100 FXAIX (a mutual fund: IBKR SecType FUND) in an IRA: no lots, one row.
HANDMADE = (
    _trade(
        "T1",
        "+acct",
        TradeAction.SELL,
        "@SUM(A1)",
        "2.0000008",
        "10.005",
        (
            _lot("=L1", dt.date(2020, 1, 2), "1.0000004", "5.555"),
            _lot("L,2", dt.date(2021, 2, 3), "1.0000004", "6.004"),
        ),
    ),
    _trade("T2", 'ira "x"', TradeAction.BUY, "VTI", "1234567.5", "250"),
    _trade("T3", "ira", TradeAction.SELL, "FXAIX", "100", "20"),
)
NUMBERS = {"+acct": "-123", "ira": "XXXX-9"}


def test_handmade_generic_file() -> None:
    lines = trade_lines(HANDMADE, NUMBERS, as_of=AS_OF, funds={"FXAIX"}, by_lot=True)
    assert render_csv(GENERIC_COLUMNS, lines) == _expected("handmade-generic.csv")


def test_handmade_ibkr_file() -> None:
    lines = trade_lines(HANDMADE, NUMBERS, as_of=AS_OF, funds={"FXAIX"}, by_lot=False)
    assert render_csv(IBKR_COLUMNS, lines) == _expected("handmade-ibkr.csv")


def test_lot_rows_add_up_to_the_trade() -> None:
    lines = trade_lines(HANDMADE, NUMBERS, as_of=AS_OF, by_lot=True)
    rows = list(csv.DictReader(io.StringIO(render_csv(GENERIC_COLUMNS, lines).decode())))
    t1 = [Decimal(r["quantity"]) for r in rows if r["trade_id"] == "T1"]
    assert sum(t1) == Decimal("2.000001")  # the trade's 2.0000008, rounded to six places


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("VTI", "VTI"),
        ("a=b", "a=b"),  # only the first character counts
        ("", ""),
    ],
)
def test_neutralize(text: str, shown: str) -> None:
    assert neutralize(text) == shown


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [("69", "69"), ("100.000000", "100"), ("12.50", "12.5"), ("0.0000004", "0"), ("1E+3", "1000")],
)
def test_ibkr_quantities_are_plain_decimals(quantity: str, shown: str) -> None:
    assert plain_shares(Decimal(quantity)) == shown


# The scenario (2026, single filer). Household 101,000: IVV 16 × 500 = 8,000 in the taxable
# account + 80 × 500 = 40,000 in the IRA = 48,000 (47.5 %); BND 640 × 75 = 48,000 (47.5 %);
# cash 5,000 (4.95 %). Targets 48 / 47 / 5, bands 43–53, 42–52, 3.75–6.25: all inside, so
# the plan is the client's two orders. P1 sells 8 IVV by specific identification, lots
# [L1, -L2] in that order: all 6 of L1 (cost 600) and 2 of -L2's 10 (cost 2 × 250 = 500).
# P2 buys 160 SCHZ × 25 = 4,000 in the IRA. After: large 44,000 (43.6 %), bonds 52,000
# (51.5 %), cash 3,999.20 + 999.20 = 4,998.40 (4.95 %): inside, nothing else to do.
# The taxable account's id, its number and a lot id look like formulas; the validator allows
# them (account and lot ids are any non-empty text), so the files must neutralize them.
SCENARIO = """\
format: trimtab.household/1
name: Scenario
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners: [{id: pat, birth_date: 1970-01-01}]
targets: {us_large_cap: 48, ig_bonds: 47, cash: 5}
prices: {IVV: 500, BND: 75, SCHZ: 25}
settings: {location_weight: 0}
accounts:
  - id: '=HYPERLINK("x")'
    number: "@XXXX-1001"
    type: taxable
    owners: [pat]
    relief_method: specific_id
    holdings:
      - symbol: IVV
        lots:
          - {id: L1, acquired: 2015-01-05, quantity: 6, cost: 600}
          - {id: "-L2", acquired: 2020-03-02, quantity: 10, cost: 2500}
  - id: ira
    number: "XXXX-1002"
    type: traditional_ira
    owners: [pat]
    cash: 5000
    holdings: [{symbol: IVV, quantity: 80}, {symbol: BND, quantity: 640}]
orders:
  - {account: '=HYPERLINK("x")', action: sell, symbol: IVV, quantity: 8, lots: [L1, "-L2"]}
  - {account: ira, action: buy, symbol: SCHZ, quantity: 160}
"""
TAXABLE_LINE = 10  # the line of the account '=HYPERLINK("x")' in SCENARIO


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> PlanReport:
    path = tmp_path_factory.mktemp("scenario") / "household.yaml"
    path.write_text(SCENARIO)
    return plan_household(trimtab.load_household(path))


def test_scenario_plan_is_its_orders(scenario: PlanReport) -> None:
    assert [
        (t.id, t.account, t.action.value, t.symbol, t.quantity) for t in scenario.plan.trades
    ] == [
        ("P1", '=HYPERLINK("x")', "sell", "IVV", Decimal(8)),
        ("P2", "ira", "buy", "SCHZ", Decimal(160)),
    ]
    assert [(lot.lot_id, lot.quantity, lot.cost) for lot in scenario.plan.trades[0].lots] == [
        ("L1", Decimal(6), Decimal(600)),
        ("-L2", Decimal(2), Decimal(500)),
    ]


@pytest.mark.parametrize("kind", ["generic", "ibkr"])
def test_scenario_files(scenario: PlanReport, kind: str) -> None:
    assert TRADE_FILES[kind](scenario) == _expected(f"scenario-{kind}.csv")


def test_scenario_warnings(scenario: PlanReport) -> None:
    assert trade_file_warnings("generic", scenario) == ()
    ibkr = trade_file_warnings("ibkr", scenario)
    assert [(w.kind, w.source.line, w.field) for w in ibkr] == [
        ("ibkr_lot_matching", TAXABLE_LINE, "accounts[0].relief_method")
    ]
    assert ibkr[0].message == f'=HYPERLINK("x"): lots to relieve in P1 (IVV); {IBKR_LOT_WARNING}'


def test_files_are_crlf_utf8_without_bom(scenario: PlanReport) -> None:
    for kind in TradeFileKind:
        data = TRADE_FILES[kind](scenario)
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.endswith(b"\r\n")
        assert data.count(b"\n") == data.count(b"\r\n")
        data.decode("ascii")  # plain ASCII when the household's text is


@pytest.fixture(scope="module")
def example() -> PlanReport:
    return plan_household(trimtab.load_household(ROOT / "examples" / "household.yaml"))


@pytest.mark.parametrize("kind", ["generic", "ibkr"])
def test_example_files(example: PlanReport, kind: str) -> None:
    # The example's plan (asset-location term on, the LP-first engine): P1 sells HYG and P2
    # VTIP in ana-ira (the RMD), P3 VB in ana-roth, P4 FXNAX in luis-401k (no number: empty);
    # P5 buys FXAIX in joint-taxable, P6 FSPSX in ana-ira, P7 FSPSX in luis-ira, P8 FSPSX and
    # P9 VWO in ana-roth, P10 FSPSX in luis-401k. FXNAX, FXAIX and FSPSX are mutual funds
    # (FUND). No sale in the taxable account, so no lot rows.
    assert TRADE_FILES[kind](example) == _expected(f"example-{kind}.csv")


@pytest.mark.parametrize("kind", ["generic", "ibkr"])
def test_example_warnings(example: PlanReport, kind: str) -> None:
    warnings = trade_file_warnings(kind, example)
    assert [(w.kind, w.source.line, w.field) for w in warnings] == [
        ("no_account_number", 137, "accounts[4].number")
    ]
    assert trade_file_name(kind) in warnings[0].message


def test_dispatch_table() -> None:
    assert set(TRADE_FILES) == {"generic", "ibkr"}
    assert [trade_file_name(k) for k in TradeFileKind] == ["trades-generic.csv", "trades-ibkr.csv"]
    with pytest.raises(TypeError):
        TRADE_FILES["schwab"] = TRADE_FILES["generic"]  # type: ignore[index]
    with pytest.raises(ValueError, match="schwab"):
        trade_file_name("schwab")
