"""Plans never wash a loss across the household (issue: optimizer 2, part 2), unless ordered.

Household: a taxable account holding IVV lots — G (long-term gain: bought 2015 at $100) and
LOSS (bought 2026-01-05 at $600, price $500: a $100-a-share short-term loss) — and an IRA.
Large cap is overweight, so IVV must be sold somewhere.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_households import household, planned

from trimtab.errors import InternalError
from trimtab.explain.invariants import check_no_wash
from trimtab.model import TradeAction
from trimtab.model.enums import TradeReason

PRICES = "{IVV: 500, VOO: 460, FXAIX: 230, VTI: 330, BND: 75}"
ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {id: G, acquired: 2015-01-05, quantity: 60, cost: 6000}
          - {id: LOSS, acquired: 2026-01-05, quantity: 60, cost: 36000}
      - symbol: BND
        lots: [{id: B, acquired: 2020-01-06, quantity: 400, cost: 30000}]
  - id: spouse-ira
    type: traditional_ira
    owners: [sam]
    holdings: [{symbol: BND, quantity: 200}]
"""
# Household: IVV 120 × 500 = 60,000; BND 600 × 75 = 45,000: 105,000, large 57.1 % vs 50.


def _sold_lots(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {lot.lot_id for t in report.plan.trades for lot in t.lots}


def test_without_any_purchase_nearby_the_loss_lot_goes_first(tmp_path: Path) -> None:
    report = planned(household(tmp_path, ACCOUNTS, prices=PRICES))
    assert "LOSS" in _sold_lots(report)


def test_a_spouses_ira_purchase_10_days_ago_blocks_the_loss_sale(tmp_path: Path) -> None:
    # sam's IRA bought VOO (the S&P 500, like IVV) on 2026-11-14: a loss sale of IVV today
    # would be washed for good (Rev. Rul. 2008-5); the plan sells the gain lot G instead.
    extra = (
        "transactions:\n  - {date: 2026-11-14, account: spouse-ira, action: buy, "
        "symbol: VOO, quantity: 5, price: 458}\n"
    )
    report = planned(household(tmp_path, ACCOUNTS, prices=PRICES, extra=extra))
    # large 60,000 of 105,000 (57.1 %) must reach 52.5 % = 55,125: sell 10 IVV (9.75 → 10);
    # bonds 45,000 (42.9 %) must reach 47.5 % = 49,875: buy 65 BND (4,875). Only the gain lot
    # G may be sold: 10 × (499.90 − 100) = 3,999.00 long-term, at 15 % = 599.85 of tax.
    assert [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades] == [
        ("brokerage", "sell", "IVV", Decimal(10)),
        ("brokerage", "buy", "BND", Decimal(65)),
    ]
    assert _sold_lots(report) == {"G"} and report.whatif.marginal.total == Decimal("599.85")
    assert any(w.kind == "wash_guard" for w in report.plan.warnings)
    assert report.whatif.washes.washes == () or all(
        w.disallowed == 0 for w in report.whatif.washes.washes
    )


def test_the_401k_recurring_purchase_next_week_blocks_the_loss_sale(tmp_path: Path) -> None:
    accounts = (
        ACCOUNTS
        + """\
  - id: k401
    type: 401k
    owners: [sam]
    buy_menu: [FXAIX, BND]
    holdings: [{symbol: BND, quantity: 10}]
"""
    )
    extra = (
        "recurring:\n  - {account: k401, symbol: FXAIX, amount: 500, every_days: 14, "
        "next: 2026-12-01}\n"
    )
    report = planned(household(tmp_path, accounts, prices=PRICES, extra=extra))
    # household 105,750 with the 401(k)'s 750 of BND: large 60,000 (56.7 %) must reach 52.5 %
    # = 55,518.75 (sell ≥ 9 IVV); bonds 45,750 must reach 47.5 % = 50,231.25: 60 BND (4,500;
    # 59 are 75 short), costing 60 × 75.015 = 4,500.90, which 9 IVV (4,499.10) cannot pay:
    # 10 IVV, all from the gain lot G since LOSS would be washed.
    assert [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades] == [
        ("brokerage", "sell", "IVV", Decimal(10)),
        ("brokerage", "buy", "BND", Decimal(60)),
    ]
    assert _sold_lots(report) == {"G"}


def test_a_separate_taxpayers_purchase_does_not_block(tmp_path: Path) -> None:
    accounts = (
        ACCOUNTS
        + """\
  - id: kid
    type: taxable
    owners: [sam]
    separate_taxpayer: true
    tradable: false
    holdings:
      - symbol: VOO
        lots: [{id: K, acquired: 2026-11-14, quantity: 5, cost: 2290}]
"""
    )
    report = planned(household(tmp_path, accounts, prices=PRICES))
    # the kid's VOO does not block: LOSS is harvested (24 shares, $100 a share of loss) and
    # replaced by VTI (another index), while 80 BND bring bonds into their band
    assert [
        (t.account, t.action.value, t.symbol, t.quantity, t.reason.value)
        for t in report.plan.trades
    ] == [
        ("brokerage", "sell", "IVV", Decimal(24), "harvest"),
        ("brokerage", "buy", "BND", Decimal(80), "rebalance"),
        ("brokerage", "buy", "VTI", Decimal(18), "replacement"),
    ]
    assert _sold_lots(report) == {"LOSS"}


def test_a_group_sold_at_a_loss_last_week_is_not_bought(tmp_path: Path) -> None:
    # IVV sold at a loss on 2026-11-17; large cap is now underweight (the IRA holds only
    # bonds and has cash): the plan buys VTI (another index), never IVV, VOO or FXAIX.
    accounts = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    cash: 40000
    holdings: [{symbol: BND, quantity: 800}]
"""
    extra = (
        "transactions:\n  - {date: 2026-11-17, account: ira, action: sell, symbol: IVV, "
        "quantity: 10, price: 500, cost: 6000, acquired: 2026-01-05}\n"
    )
    # the IRA's own loss is not deductible; make the loss sale a taxable one
    extra = extra.replace("account: ira", "account: brokerage")
    accounts += "  - id: brokerage\n    type: taxable\n    owners: [pat]\n"
    report = planned(household(tmp_path, accounts, prices=PRICES, extra=extra))
    bought = {t.symbol for t in report.plan.trades if t.action is TradeAction.BUY}
    assert "VTI" in bought and not bought & {"IVV", "VOO", "FXAIX"}


def test_a_plan_never_both_buys_and_loss_sells_one_group(tmp_path: Path) -> None:
    # A $20,000 withdrawal from the taxable account: its cheapest source is the LOSS lot (no
    # tax; the bond lot now has a gain). Large cap then falls short, and the Roth IRA has cash
    # to buy it back — but an IVV, VOO or FXAIX buy would wash the loss for good. The plan
    # sells LOSS and buys large cap through VTI (another index).
    accounts = (
        ACCOUNTS.replace("cost: 30000}", "cost: 20000}")
        + """\
  - id: ira
    type: roth_ira
    owners: [pat]
    cash: 30000
"""
    )
    extra = "cash_flows:\n  - {account: brokerage, kind: withdrawal, amount: 20000}\n"
    report = planned(household(tmp_path, accounts, prices=PRICES, extra=extra))
    bought = {t.symbol for t in report.plan.trades if t.action is TradeAction.BUY}
    assert "LOSS" in _sold_lots(report)
    assert "VTI" in bought and not bought & {"IVV", "VOO", "FXAIX"}


def test_an_ordered_loss_sale_that_washes_is_kept_and_explained(tmp_path: Path) -> None:
    # The client orders LOSS sold although sam's IRA bought VOO 10 days ago: 20 shares at a
    # loss of 20 × (500 × 0.9998 − 600) = −2,002.00 (short-term); the 5 VOO shares replace 5
    # of them: 2,002 × 5 / 20 = 500.50 lost for good.
    extra = (
        "transactions:\n  - {date: 2026-11-14, account: spouse-ira, action: buy, "
        "symbol: VOO, quantity: 5, price: 458}\n"
        "orders:\n  - {account: brokerage, action: sell, symbol: IVV, quantity: 20, "
        "lots: [LOSS]}\n"
    )
    report = planned(household(tmp_path, ACCOUNTS, prices=PRICES, extra=extra))
    sale = next(t for t in report.plan.trades if t.reason is TradeReason.ORDER)
    assert sale.wash_disallowed == Decimal("500.50") and sale.wash_permanent
    assert "lost for good" in sale.rationale


def test_the_checker_names_a_washed_buy(tmp_path: Path) -> None:
    extra = (
        "transactions:\n  - {date: 2026-11-14, account: spouse-ira, action: buy, "
        "symbol: VOO, quantity: 5, price: 458}\n"
        "orders:\n  - {account: brokerage, action: sell, symbol: IVV, quantity: 20, "
        "lots: [LOSS]}\n"
    )
    report = planned(household(tmp_path, ACCOUNTS, prices=PRICES, extra=extra))
    unforced = tuple(replace(t, reason=TradeReason.REBALANCE) for t in report.plan.trades)
    with pytest.raises(InternalError, match="no_wash_sale"):
        check_no_wash(unforced, report.whatif.washes)


@given(
    st.integers(min_value=-40, max_value=0),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=30),
)
@settings(max_examples=15)
def test_plans_never_wash_with_recent_and_recurring_purchases(
    bought_days_ago: int, next_in_days: int, voo_shares: int
) -> None:
    # sam's IRA bought VOO some days ago (or up to 40: outside the window), the 401(k) buys
    # FXAIX every 14 days from some day ahead; whatever the dates, checking the plan's own
    # trades finds no washed loss (the plan also passes its own no_wash_sale invariant).
    day = dt.date(2026, 11, 24)
    bought = (day + dt.timedelta(days=bought_days_ago)).isoformat()
    following = (day + dt.timedelta(days=next_in_days)).isoformat()
    accounts = ACCOUNTS + (
        "  - id: k401\n    type: 401k\n    owners: [sam]\n    buy_menu: [FXAIX, BND]\n"
        "    holdings: [{symbol: BND, quantity: 10}]\n"
    )
    extra = (
        f"transactions:\n  - {{date: {bought}, account: spouse-ira, action: buy, "
        f"symbol: VOO, quantity: {voo_shares}, price: 458}}\n"
        f"recurring:\n  - {{account: k401, symbol: FXAIX, amount: 500, every_days: 14, "
        f"next: {following}}}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        h = household(Path(folder), accounts, prices=PRICES, extra=extra)
    report = planned(h)
    trades = [t for t in report.whatif.realization.trades]
    assert all(w.disallowed == 0 for w in report.whatif.washes.washes if w.sale.trade), trades


def test_the_checker_names_a_buy_that_washes_a_recent_loss(example_path: Path) -> None:
    # The example sold VNQ at a loss on 2026-11-05; a plan buying VNQ in ana's IRA on
    # 2026-11-24 would wash it for good: the invariant names the buy.
    from trimtab import load_household
    from trimtab.model.plan import PlannedTrade
    from trimtab.model.trade import Trade
    from trimtab.tax.whatif import what_if

    h = load_household(example_path)
    buy = Trade(
        id="X1",
        date=h.as_of,
        account="ana-ira",
        action=TradeAction.BUY,
        symbol="VNQ",
        quantity=Decimal(5),
        price=Decimal("91.60"),
    )
    washes = what_if(h, [buy]).washes
    planned_buy = PlannedTrade(
        id="X1",
        account="ana-ira",
        action=TradeAction.BUY,
        symbol="VNQ",
        quantity=Decimal(5),
        price=Decimal("91.60"),
        amount=Decimal("458.00"),
        transaction_cost=Decimal(0),
        reason=TradeReason.REBALANCE,
        rationale="",
    )
    with pytest.raises(InternalError, match=r"no_wash_sale.*X1 buys VNQ"):
        check_no_wash((planned_buy,), washes)
