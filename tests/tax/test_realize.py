"""Applying trades to lots: realized rows, lots after, the estimate with and without, marginal.

Scenario: tests/data/tax/small_household.yaml with tests/data/tax/small_trades.yaml (single,
2026; ordinary taxable income 100,000; state 5%; carryforward in 1,000 short; realized this
year 2,000 long). The hand arithmetic is beside each number, here and in the two files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trimtab import load_household
from trimtab.errors import InputError, Severity
from trimtab.load.trades import read_trades
from trimtab.model.enums import ReliefMethod, TradeAction
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.tax.estimate import ZERO_ESTIMATE
from trimtab.tax.realize import (
    Realization,
    check_trades,
    marginal_tax,
    realize,
)

D = Decimal
DATA = Path(__file__).resolve().parent.parent / "data" / "tax"
HOUSEHOLD = load_household(DATA / "small_household.yaml")
EXAMPLE = load_household(Path(__file__).resolve().parents[2] / "examples" / "household.yaml")


def trades_of(name: str, household: Household = HOUSEHOLD) -> tuple[Trade, ...]:
    trades, problems = read_trades(DATA / name, as_of=household.as_of)
    assert trades is not None, problems
    return trades


def sell(
    trade_id: str,
    symbol: str,
    quantity: str,
    price: str,
    *,
    account: str = "brokerage",
    day: int = 1,
    lots: tuple[str, ...] = (),
) -> Trade:
    return Trade(
        id=trade_id,
        date=dt.date(2026, 12, day),
        account=account,
        action=TradeAction.SELL,
        symbol=symbol,
        quantity=D(quantity),
        price=D(price),
        lots=lots,
    )


def rows(realization: Realization) -> list[tuple[str, str, Decimal, Decimal, Decimal, str, bool]]:
    """(trade, lot, shares, proceeds, gain, term, in_estimate) of each realized row."""
    return [
        (r.trade, r.lot_id, r.quantity, r.proceeds, r.gain, r.term, r.in_estimate)
        for r in realization.realized
    ]


def test_realized_rows_of_the_scenario() -> None:
    realization = realize(HOUSEHOLD, trades_of("small_trades.yaml"))
    assert realization.errors == ()
    assert rows(realization) == [
        ("S1", "A2", 10, D(3000), D(-200), "short", True),  # HIFO: 3,000 − 3,200
        ("S2", "A1", 5, D(1490), D(740), "long", True),  # 1,490 − 5/10 × 1,500
        ("I1", "ira/BND", 20, D(1480), D(0), "short", False),  # IRA: not taxed here
        ("L1", "B1", 10, D(1600), D(100), "short", False),  # 2027: not in the estimate
    ]
    assert [r.taxed_here for r in realization.realized] == [True, True, False, True]
    # date order (S1 12-01, S2 12-02, B1 and I1 12-03 in file order, L1 2027-01-04)
    assert [t.trade.id for t in realization.trades] == ["S1", "S2", "B1", "I1", "L1"]
    assert [t.method for t in realization.trades] == [
        ReliefMethod.HIFO,
        ReliefMethod.HIFO,
        None,
        ReliefMethod.FIFO,  # an IRA without a method: FIFO, no warning (nothing taxed)
        ReliefMethod.HIFO,
    ]


def test_lots_after_the_scenario() -> None:
    realization = realize(HOUSEHOLD, trades_of("small_trades.yaml"))
    assert [(x.account, x.lot_id, x.quantity, x.cost) for x in realization.lots_after] == [
        ("brokerage", "A1", 5, D(750)),  # 10 − 5 shares, 1,500 − 750
        ("funds", "F1", 10, D(4000)),  # untouched
        ("funds", "F2", 10, D(6000)),
    ]  # A2, ira/BND and B1 (bought, then sold in 2027) are gone


def test_a_later_tax_year_is_a_warning() -> None:
    realization = realize(HOUSEHOLD, trades_of("small_trades.yaml"))
    assert [(p.kind, p.source.line, p.field) for p in realization.warnings] == [
        ("later_tax_year", 6, "trades[0].date")
    ]


def test_estimate_with_and_without_the_trades() -> None:
    check = check_trades(HOUSEHOLD, trades_of("small_trades.yaml"))
    # With: line 7 = −200 − 1,000 carried in = −1,200; line 15 = 2,000 + 740 = 2,740;
    # line 16 = 1,540, all net capital gain. Taxable 101,540.
    e = check.estimate
    assert (e.net_short_term, e.net_long_term, e.capital_loss_deduction) == (-1200, 2740, 0)
    assert e.ordinary_tax == D("16712")  # 5,800 + 22% × (100,000 − 50,400) = 5,800 + 10,912
    assert e.preferential_tax == D("231")  # 15% × 1,540 (0% top 49,450 < 100,000)
    assert e.regular_tax_on_all_income == D("17050.80")  # 5,800 + 22% × 51,140
    assert e.income_tax == D("16943")  # min(16,712 + 231, 17,050.80)
    assert e.niit == 0  # MAGI 101,540 < 200,000
    assert e.state == D("77")  # 5% × 1,540
    assert e.total == D("17020")
    # Without: line 7 = −1,000, line 15 = 2,000, net capital gain 1,000
    w = check.without
    assert (w.income_tax, w.state, w.total) == (D("16862"), D("50"), D("16912"))
    # 16,712 + 15% × 1,000 = 16,862 (line 24: 5,800 + 22% × 50,600 = 16,932)
    m = check.marginal
    assert (m.net_short_term, m.net_long_term) == (D(-200), D(740))
    assert (m.income_tax, m.state, m.total) == (D("81"), D("27"), D("108"))  # 15%, 5% × 540


def test_average_cost_in_the_funds_account() -> None:
    # avg = (4,000 + 6,000) / 20 = 500 a share; 15 sold at 550: F1 10 → 5,500 − 5,000 = +500
    # long; F2 5 → 2,750 − 2,500 = +250 short (F2 acquired 2026-06-01)
    realization = realize(HOUSEHOLD, (sell("V1", "VFIAX", "15", "550", account="funds"),))
    assert rows(realization) == [
        ("V1", "F1", 10, D(5500), D(500), "long", True),
        ("V1", "F2", 5, D(2750), D(250), "short", True),
    ]
    assert realization.trades[0].method is ReliefMethod.AVERAGE
    after = [x for x in realization.lots_after if x.account == "funds"]
    assert [(x.lot_id, x.quantity, x.cost) for x in after] == [("F2", 5, D(2500))]  # 5 × 500


def test_average_outside_mutual_funds_is_fifo_with_a_warning() -> None:
    # --relief-method average: VTI is an ETF, so FIFO: A1 (2020) first, 2 × 300 − 2/10 × 1,500
    realization = realize(
        HOUSEHOLD, (sell("S9", "VTI", "2", "300"),), relief_method=ReliefMethod.AVERAGE
    )
    assert rows(realization) == [("S9", "A1", 2, D(600), D(300), "long", True)]
    assert [p.kind for p in realization.warnings] == ["fifo_assumed"]


def test_the_run_override_beats_the_account_method_but_not_named_lots() -> None:
    lifo = realize(HOUSEHOLD, (sell("S9", "VTI", "2", "300"),), relief_method=ReliefMethod.LIFO)
    assert [r.lot_id for r in lifo.realized] == ["A2"]  # LIFO: A2 (2026) before A1 (2020)
    named = realize(
        HOUSEHOLD,
        (sell("S9", "VTI", "2", "300", lots=("A1",)),),
        relief_method=ReliefMethod.LIFO,
    )
    assert [r.lot_id for r in named.realized] == ["A1"]


def test_specific_id_without_lots_is_fifo_with_a_warning() -> None:
    realization = realize(
        HOUSEHOLD, (sell("S9", "VTI", "12", "300"),), relief_method=ReliefMethod.SPECIFIC_ID
    )
    # FIFO: A1 10 (3,000 − 1,500 = +1,500 long), A2 2 (600 − 2/10 × 3,200 = −40 short)
    assert rows(realization) == [
        ("S9", "A1", 10, D(3000), D(1500), "long", True),
        ("S9", "A2", 2, D(600), D(-40), "short", True),
    ]
    assert [(p.kind, p.severity) for p in realization.problems] == [
        ("fifo_assumed", Severity.WARNING)
    ]


def test_proceeds_split_pro_rata_and_add_up_exactly() -> None:
    # 11 shares for 100.00 net from A1 (10) then A2 (1): A1 gets 100 × 10/11 = 90.90…, and the
    # last row the remainder, 9.09…, so the rows add up to the trade exactly.
    trade = replace(sell("S9", "VTI", "11", "1", lots=("A1", "A2")), price=None, amount=D(100))
    realization = realize(HOUSEHOLD, (trade,))
    assert [r.quantity for r in realization.realized] == [10, 1]
    assert realization.realized[0].proceeds == D(1000) / D(11)
    assert sum(r.proceeds for r in realization.realized) == D(100)


def test_the_gift_row_counts_from_the_donor() -> None:
    # L5: gift 2025-02-01, donor acquired 2021-05-03, donor's basis 1,800, FMV 2,600.
    # Sold 10 at 331.40 = 3,314.00 on 2026-12-01: gain 1,514.00, long-term from 2021-05-03.
    trade = sell("G1", "VTI", "10", "331.40", account="joint-taxable", lots=("L5",))
    realization = realize(EXAMPLE, (trade,))
    (row,) = realization.realized
    assert (row.holding_period_start, row.cost, row.gain, row.term) == (
        dt.date(2021, 5, 3),
        D(1800),
        D("1514.00"),
        "long",
    )


def test_the_inherited_lot_is_long_term_whatever_the_dates() -> None:
    # L4: inherited 2025-06-01 (15 VTI, 4,500): sold 2026-12-01 at 300 = 4,500: gain 0, long
    trade = sell("H1", "VTI", "15", "300", account="joint-taxable", lots=("L4",))
    (row,) = realize(EXAMPLE, (trade,)).realized
    assert (row.gain, row.term) == (0, "long")


def test_mistakes_are_problems_and_the_trade_is_not_applied() -> None:
    trades = (
        sell("X1", "VTI", "21", "300"),  # 20 held: oversell
        sell("X2", "VTI", "5", "300", lots=("F1",)),  # F1 is a VFIAX lot in `funds`
        sell("X3", "VTI", "5", "300", lots=("A1",), day=2),
        sell("X4", "VTI", "6", "300", lots=("A1",), day=3),  # 5 left in A1 after X3
    )
    realization = realize(HOUSEHOLD, trades)
    assert [(p.kind, p.field) for p in realization.errors] == [
        ("oversell", "quantity"),
        ("unknown_lot", "lots[0]"),
        ("oversell", "quantity"),
    ]
    assert [t.trade.id for t in realization.trades] == ["X3"]
    with pytest.raises(InputError) as raised:
        marginal_tax(HOUSEHOLD, trades)
    assert len(raised.value.problems) == 3


def test_a_sold_lot_is_no_longer_open() -> None:
    trades = (
        sell("X1", "VTI", "10", "300", lots=("A2",)),
        sell("X2", "VTI", "1", "300", lots=("A2",), day=2),
    )
    assert [p.kind for p in realize(HOUSEHOLD, trades).errors] == ["unknown_lot"]


def test_a_buy_then_a_sale_of_its_lot() -> None:
    buy = Trade(
        id="N1",
        date=dt.date(2026, 12, 1),
        account="ira",
        action=TradeAction.BUY,
        symbol="ITOT",
        quantity=D(4),
        amount=D("600.40"),
    )
    later = sell("N2", "ITOT", "1", "160", account="ira", day=2, lots=("N1",))
    realization = realize(HOUSEHOLD, (buy, later))
    # 1/4 of 600.40 = 150.10; 160 − 150.10 = 9.90, in the IRA: not taxed here
    assert rows(realization) == [("N2", "N1", 1, D(160), D("9.90"), "short", False)]
    ira = [(x.lot_id, x.quantity, x.cost) for x in realization.lots_after if x.account == "ira"]
    assert ira == [("ira/BND", 20, D(1480)), ("N1", 3, D("450.30"))]


def test_a_buy_cannot_reuse_a_lot_id() -> None:
    buy = Trade(
        id="A1",
        date=dt.date(2026, 12, 1),
        account="brokerage",
        action=TradeAction.BUY,
        symbol="VTI",
        quantity=D(1),
        price=D(300),
    )
    assert [p.kind for p in realize(HOUSEHOLD, (buy,)).errors] == ["duplicate_lot_id"]


# --- Properties.

TAX_PROFILES = st.fixed_dictionaries(
    {
        "ordinary_taxable_income": st.integers(0, 900_000).map(D),
        "qualified_dividends": st.integers(0, 50_000).map(D),
        "realized_short": st.integers(-40_000, 40_000).map(D),
        "realized_long": st.integers(-40_000, 300_000).map(D),
        "carryforward_short": st.integers(0, 20_000).map(D),
        "carryforward_long": st.integers(0, 20_000).map(D),
    }
)


@given(profile=TAX_PROFILES)
@example(
    profile={
        "ordinary_taxable_income": D(49_450),  # the 2026 single 0% top
        "qualified_dividends": D(0),
        "realized_short": D(0),
        "realized_long": D(0),
        "carryforward_short": D(0),
        "carryforward_long": D(0),
    }
)
def test_marginal_of_no_trades_is_zero(profile: dict[str, Decimal]) -> None:
    household = replace(HOUSEHOLD, tax=replace(HOUSEHOLD.tax, **profile))
    assert marginal_tax(household, ()) == ZERO_ESTIMATE


SALES = st.lists(
    st.tuples(
        st.sampled_from(["VTI", "VFIAX"]),
        st.decimals(min_value=D("0.001"), max_value=D(4), places=3),
        st.decimals(min_value=D(1), max_value=D(900), places=2),
        st.integers(1, 28),
    ),
    max_size=5,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(sales=SALES, method=st.sampled_from([None, *ReliefMethod]))
@example(sales=[("VTI", D(4), D("300.01"), 1), ("VTI", D(4), D(7), 1)], method=None)
def test_realized_quantities_and_proceeds_add_up_to_the_trades(
    sales: list[tuple[str, Decimal, Decimal, int]], method: ReliefMethod | None
) -> None:
    trades = tuple(
        sell(f"T{i}", symbol, str(qty), str(price), day=day, account=_account(symbol))
        for i, (symbol, qty, price, day) in enumerate(sales)
    )
    realization = realize(HOUSEHOLD, trades, relief_method=method)
    assert realization.errors == ()  # at most 5 × 4 = 20 shares, and 20 are held of each
    for result in realization.trades:
        mine = [r for r in realization.realized if r.trade == result.trade.id]
        assert sum(r.quantity for r in mine) == result.trade.quantity
        assert sum(r.proceeds for r in mine) == result.trade.value
        assert sum(r.gain for r in mine) == result.short_term_gain + result.long_term_gain


def _account(symbol: str) -> str:
    return "funds" if symbol == "VFIAX" else "brokerage"
