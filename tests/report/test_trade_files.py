"""Custodian trade files: trimtab's generic CSV, IBKR's basket and the per-custodian files,
against hand-written files.

The expected files under tests/data/trade_files/ were written by hand from the trades (not from
the renderer's output). They are stored with LF line ends so that git never rewrites them; the
renderers write CRLF, so each test compares against the file with LF turned into CRLF, and one
test checks the line ends themselves.

Three inputs: hand-made PlannedTrades (fractional lots, formula-like text, a comma and quotes
in text, a large quantity), a small scenario household whose plan is its two orders, and the
example household (its trades may change with the optimizer; the first two do not). The
example's accounts name their custodians: joint-taxable and ana-ira at Schwab, luis-ira and
ana-roth at IBKR (numbers U1234567, U1234568), luis-401k at Fidelity (no number), kids-utma at
Vanguard (held away: it never trades).
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
from trimtab.load import read_household
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
    trade_file_set,
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
    custodian: ibkr
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
    custodian: ibkr
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


# The example's accounts, by hand from examples/household.yaml: custodian and number. Its
# trades change with the optimizer, so the example's files are checked against the plan's
# trades (which rows, which numbers, the quantities as the security trades them), not bytes;
# the byte-exact layouts are the hand-made and scenario files above.
CUSTODIAN_OF = {
    "joint-taxable": "schwab",
    "ana-ira": "schwab",
    "luis-ira": "ibkr",
    "ana-roth": "ibkr",
    "luis-401k": "fidelity",
    "kids-utma": "vanguard",
}
NUMBER_OF = {
    "joint-taxable": "XXXX-4321",
    "ana-ira": "XXXX-7788",
    "luis-ira": "U1234567",
    "ana-roth": "U1234568",
    "luis-401k": "",
    "kids-utma": "",
}


def _shown(quantity: Decimal) -> str:
    """Shares as the files write them: six places, no trailing zeros (69, 1194.604071)."""
    return format(quantity.quantize(Decimal("0.000001")).normalize(), "f")


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def _generic(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (
            r["trade_id"],
            r["account_id"],
            r["account_number"],
            r["action"],
            r["symbol"],
            r["quantity"],
        )
        for r in rows
    ]


def _trades_at(example: PlanReport, custodian: str | None) -> list[tuple[str, ...]]:
    return [
        (t.id, t.account, NUMBER_OF[t.account], t.action.value, t.symbol, _shown(t.quantity))
        for t in example.plan.trades
        if custodian is None or CUSTODIAN_OF[t.account] == custodian
    ]


def test_example_accounts_are_as_written(example: PlanReport) -> None:
    accounts = example.household.accounts
    assert {a.id: a.custodian and a.custodian.value for a in accounts} == CUSTODIAN_OF
    assert {a.id: a.number for a in accounts} == NUMBER_OF
    # every custodian with trades in the example's plan: the files below are not empty
    assert {CUSTODIAN_OF[t.account] for t in example.plan.trades} == {"schwab", "ibkr", "fidelity"}


def test_example_generic_file(example: PlanReport) -> None:
    # no sale in the taxable account in this plan: one row per trade, in plan order
    assert _generic(_rows(TRADE_FILES["generic"](example))) == _trades_at(example, None)


@pytest.mark.parametrize("kind", ["schwab", "fidelity", "vanguard", "other"])
def test_example_custodian_file(example: PlanReport, kind: str) -> None:
    # the generic layout of that custodian's accounts only; kids-utma (Vanguard) is held away
    # and never trades, and no account is at `other`: their files are the header alone
    rows = _rows(TRADE_FILES[kind](example))
    assert _generic(rows) == _trades_at(example, kind)
    assert bool(rows) is (kind in ("schwab", "fidelity"))
    assert TRADE_FILES[kind](example).startswith(b"trade_id,account_id,account_number,")


def test_example_ibkr_file_has_only_ibkr_accounts(example: PlanReport) -> None:
    rows = _rows(TRADE_FILES["ibkr"](example))
    expected = _trades_at(example, "ibkr")
    assert expected, "the example trades in its IBKR accounts"
    assert [
        (r["BasketTag"], r["Account"], r["Action"], r["Symbol"], r["Quantity"]) for r in rows
    ] == [
        (f"trimtab-20261124-{tid}", number, action.upper(), symbol, quantity)
        for tid, _, number, action, symbol, quantity in expected
    ]
    assert {r["Account"] for r in rows} <= {"U1234567", "U1234568"}


def test_example_generic_set_has_one_file_per_custodian(example: PlanReport) -> None:
    files = dict(trade_file_set("generic", example))
    assert list(files) == [
        "trades-generic.csv",
        "trades-generic-schwab.csv",
        "trades-generic-fidelity.csv",
        "trades-generic-ibkr.csv",
    ]
    assert files["trades-generic-schwab.csv"] == TRADE_FILES["schwab"](example)
    assert files["trades-generic-fidelity.csv"] == TRADE_FILES["fidelity"](example)
    assert _generic(_rows(files["trades-generic-ibkr.csv"])) == _trades_at(example, "ibkr")
    # every trade is in exactly one custodian's file
    ids = sorted(
        r["trade_id"]
        for name, data in files.items()
        if name != "trades-generic.csv"
        for r in _rows(data)
    )
    assert ids == sorted(t.id for t in example.plan.trades)
    assert dict(trade_file_set("ibkr", example)) == {
        "trades-ibkr.csv": TRADE_FILES["ibkr"](example)
    }


@pytest.mark.parametrize("kind", ["generic", "fidelity"])
def test_example_warnings(example: PlanReport, kind: str) -> None:
    # luis-401k (line 145 of the example) trades and has no number
    warnings = trade_file_warnings(kind, example)
    assert [(w.kind, w.source.line, w.field) for w in warnings] == [
        ("no_account_number", 145, "accounts[4].number")
    ]
    assert trade_file_name(kind) in warnings[0].message


@pytest.mark.parametrize("kind", ["ibkr", "schwab", "vanguard"])
def test_example_custodians_with_numbers_warn_nothing(example: PlanReport, kind: str) -> None:
    assert trade_file_warnings(kind, example) == ()


def test_an_account_without_custodian_is_left_out_with_a_warning(tmp_path: Path) -> None:
    # the scenario without its `custodian: ibkr` lines: no account is at IBKR, so the basket is
    # a header only and each trading account is named in a warning (the custodian line is
    # missing, so the warning points at the account's own line)
    path = tmp_path / "household.yaml"
    path.write_text(SCENARIO.replace("    custodian: ibkr\n", ""))
    report = plan_household(trimtab.load_household(path))
    assert TRADE_FILES["ibkr"](report) == _expected("scenario-ibkr.csv").split(b"\r\n")[0] + b"\r\n"
    warnings = trade_file_warnings("ibkr", report)
    assert [(w.kind, w.source.line, w.field) for w in warnings] == [
        ("no_custodian", TAXABLE_LINE, "accounts[0].custodian"),
        ("no_custodian", 20, "accounts[1].custodian"),
    ]
    assert "not in trades-ibkr.csv" in warnings[0].message
    # the generic file still holds every account
    assert TRADE_FILES["generic"](report) == _expected("scenario-generic.csv")
    assert [name for name, _ in trade_file_set("generic", report)] == ["trades-generic.csv"]


def test_dispatch_table() -> None:
    assert set(TRADE_FILES) == {"generic", "ibkr", "schwab", "fidelity", "vanguard", "other"}
    assert [trade_file_name(k) for k in TradeFileKind] == [
        "trades-generic.csv",
        "trades-ibkr.csv",
        "trades-schwab.csv",
        "trades-fidelity.csv",
        "trades-vanguard.csv",
        "trades-other.csv",
    ]
    with pytest.raises(TypeError):
        TRADE_FILES["etrade"] = TRADE_FILES["generic"]  # type: ignore[index]
    with pytest.raises(ValueError, match="etrade"):
        trade_file_name("etrade")


def test_account_number_is_another_name_for_number(tmp_path: Path) -> None:
    path = tmp_path / "household.yaml"
    path.write_text(SCENARIO.replace('    number: "XXXX-1002"', '    account_number: "XXXX-1002"'))
    report = plan_household(trimtab.load_household(path))
    assert TRADE_FILES["ibkr"](report) == _expected("scenario-ibkr.csv")


def test_number_and_account_number_together_are_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "household.yaml"
    path.write_text(
        SCENARIO.replace('    number: "XXXX-1002"', '    number: "1"\n    account_number: "2"')
    )
    household, problems = read_household(path)
    assert household is None
    # the account `ira` starts on line 21 of the scenario
    assert [(p.source.line, p.field) for p in problems] == [(21, "accounts[1]")]
    assert "`number` or `account_number`" in problems[0].message


def test_an_unknown_custodian_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "household.yaml"
    path.write_text(SCENARIO.replace("    custodian: ibkr\n", "    custodian: etrade\n", 1))
    household, problems = read_household(path)
    assert household is None
    assert [(p.source.line, p.field) for p in problems] == [(12, "accounts[0].custodian")]
    assert "ibkr" in problems[0].expected
