"""Plan scenarios, one per rule of the optimizer, with the expected trades reasoned by hand.

Rates of these households (2026, single, ordinary taxable income $90,000, no state): a
short-term gain is taxed at the 22 % bracket, a long-term gain at 15 % (above the 0 % top of
$49,450); no NIIT (MAGI far below $200,000).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from helpers.scenario_households import IRA_AND_TAXABLE, lots
from trimtab.model import Mode
from trimtab.model.enums import TradeReason
from trimtab.pipeline import PlanOptions


def trades(report):  # type: ignore[no-untyped-def]
    return [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades]


def test_no_trade_when_every_class_is_inside_its_band(tmp_path: Path) -> None:
    # IVV 100 × 500 = 50,000 and BND 600 × 75 = 45,000 + 5,000 cash: 50 % / 45 % / 5 %...
    # with bonds 45 % against 50 (width 5: inside) and cash untargeted but held: held cash
    # is 5 % of an untargeted class → outside; so make the cash part of the bond target.
    h = household(
        tmp_path,
        """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 100}, {symbol: BND, quantity: 640}]
""",
    )
    # 50,000 IVV + 48,000 BND = 98,000: large 51.02 %, bonds 48.98 %: both inside (width 5)
    report = planned(h)
    assert report.plan.trades == ()
    assert report.plan.solver_status == "no trade needed"


def test_rebalances_inside_the_ira_first(tmp_path: Path) -> None:
    # Household 50,000 (taxable IVV, $40,000 long-term gain) + IRA 20,000 IVV + 30,000 BND =
    # 100,000: large 70 %, bonds 30 %, targets 50/50, width 5 → both outside. Band mode stops
    # band_buffer (0.5) of the width inside: large ≤ 52.5 % = $52,500, bonds ≥ $47,500.
    # Large after = 70,000 − 500 n ≤ 52,500 → n ≥ 35 IVV sold; bonds after = 30,000 + 75 m
    # ≥ 47,500 → m ≥ 234 BND. Cash in the IRA: 500 n × (1 − 0.0002) ≥ 75 m × (1 + 0.0002):
    # n = 35 gives 17,496.50 < 234 × 75.015 = 17,553.51, so n ≥ 36. But 36 would leave the IRA
    # 4 IVV, fewer than 5 shares: dust (issue 21 item 4), and keeping 5 (n = 35) is short of
    # cash, so the IRA sells all 40 (19,996.00 net). Cash (target 0, band ±1 point) must stay
    # inside its band: at most 1 % of the value after costs, 100,000 − 4.00 − 3.81 = 99,992.19
    # → 999.92; 19,996 − 75.015 m ≤ 999.92 → m ≥ 253.2: 254 BND (19,053.81; cash 942.19; 253
    # would leave 1,017.20). All in the IRA: the taxable lot's gain is never touched, and the
    # plan owes no tax.
    report = planned(household(tmp_path, IRA_AND_TAXABLE))
    assert trades(report) == [
        ("ira", "sell", "IVV", Decimal(40)),
        ("ira", "buy", "BND", Decimal(254)),
    ]
    assert report.whatif.marginal.total == 0
    assert not any(r.outside for r in report.drift_after.rows)


def test_sells_the_loss_lot_first(tmp_path: Path) -> None:
    # IVV 140 × 500 = 70,000, BND 30,000: large 70 %. Needs n ≥ 35 IVV sold (as above) and
    # m ≥ 234 BND bought; cash 500 × 36 × 0.9998 = 17,996.40 ≥ 17,553.51 → n = 36.
    # Per share: LOSS lot (cost 550) realizes a loss: no tax; LT lot gain 100 × 15 % = $15;
    # ST lot gain 100 × 22 % = $22. So: all 20 LOSS shares, then 16 of the LT lot.
    report = planned(household(tmp_path, lots()))
    sell = report.plan.trades[0]
    assert [(lot.lot_id, lot.quantity) for lot in sell.lots] == [
        ("LOSS", 20),
        ("LT", 16),
    ]
    # exact tax: proceeds 500 × 0.9998 = 499.90 a share. LOSS (bought 2025-03-03: long-term)
    # 20 × (499.90 − 550) = −1,002.00; LT 16 × (499.90 − 400) = +1,598.40; net long-term
    # 596.40, taxed at 15 % = 89.46; no state tax
    assert sell.long_term_gain == Decimal("596.40")
    assert report.whatif.marginal.total == Decimal("89.46")


def test_short_term_gains_cost_more_than_long_term(tmp_path: Path) -> None:
    # No loss lot (1 share at cost 500: no gain). LT gain 100/share × 15 % = 15; ST gain
    # 100/share × 22 % = 22: the LT lot is sold.
    report = planned(household(tmp_path, lots(loss_qty=1, loss_cost=500)))
    sold = {lot.lot_id: lot.quantity for lot in report.plan.trades[0].lots}
    assert "ST" not in sold and sold.get("LT", 0) > 0


def test_no_short_term_gains_switch(tmp_path: Path) -> None:
    # The LT lot now has a bigger gain per share (cost 100: 400 × 15 % = 60) than the ST lot
    # (100 × 22 % = 22): the ST lot is cheaper and is sold... unless the switch forbids it.
    text = lots(lt_cost=6000, loss_qty=1, loss_cost=500)
    cheap = planned(household(tmp_path, text))
    assert "ST" in {lot.lot_id for lot in cheap.plan.trades[0].lots}
    strict = planned(household(tmp_path, text, settings="{no_short_term_gains: on}"))
    assert "ST" not in {lot.lot_id for lot in strict.plan.trades[0].lots}


def test_a_lot_turning_long_term_soon_waits(tmp_path: Path) -> None:
    # The ST lot turns long-term on 2026-12-09 (bought 2025-12-08): 15 days, within the
    # default 30. Its gain (100/share) would cost 22 %; the LT lot's gain is 200/share × 15 %
    # = 30 > 22, yet the deferral rule keeps the ST lot: only the LT lot is sold.
    text = lots(lt_cost=18000, st_date="2025-12-08", loss_qty=1, loss_cost=500)
    report = planned(household(tmp_path, text))
    assert "ST" not in {lot.lot_id for lot in report.plan.trades[0].lots}


def test_withdrawal_is_raised_from_the_overweight_class(tmp_path: Path) -> None:
    # IRA: IVV 60 × 500 = 30,000 and BND 400 × 75 = 30,000, both inside their bands; a pending
    # withdrawal of $5,000 and no cash. Value after the flow 55,000: each class must stay
    # within 45–55 % = 24,750–30,250. Raising 5,000 at 0.9998 of the price: 67 BND give
    # 67 × 74.985 = 5,023.995 (66 give 4,949.01, too little) and leave bonds at 24,975 ≥
    # 24,750; 11 IVV would sell 5,500. The cheapest is 67 BND, and nothing else.
    h = household(
        tmp_path,
        """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 60}, {symbol: BND, quantity: 400}]
""",
        extra="cash_flows:\n  - {account: ira, kind: withdrawal, amount: 5000}\n",
    )
    report = planned(h)
    assert trades(report) == [("ira", "sell", "BND", Decimal(67))]
    (ira,) = report.plan.accounts
    assert ira.distributed == 5000 and ira.cash_after == Decimal("23.99500")
    assert report.plan.trades[0].reason is TradeReason.CASH_FLOW


def test_rmd_of_two_iras_is_drawn_where_selling_helps(tmp_path: Path) -> None:
    # sam (born 1950-06-01) is 76 at the end of 2026: divisor 23.7. ira-a prior value 23,700
    # → RMD 1,000; ira-b 47,400 → 2,000; aggregated 3,000, from either IRA. ira-a holds only
    # BND (bonds overweight), ira-b only IVV. Bonds 60 %: drawing the whole 3,000 from ira-a
    # (selling BND) moves toward target; the plan draws it all there.
    h = household(
        tmp_path,
        """\
  - id: ira-a
    type: traditional_ira
    owners: [sam]
    prior_year_end_value: 23700
    holdings: [{symbol: BND, quantity: 800}]
  - id: ira-b
    type: traditional_ira
    owners: [sam]
    prior_year_end_value: 47400
    holdings: [{symbol: IVV, quantity: 80}]
""",
    )
    # Household 100,000 (bonds 60 %, large 40 %), 97,000 after the RMD: bonds ≤ 52.5 % =
    # 50,925 → sell ≥ 121 BND; large ≥ 47.5 % = 46,075 → buy 13 IVV (12 give 46,000). Cash in
    # ira-a: 3,000 + 13 × 500 × 1.0002 = 9,501.30 ≤ n × 74.985 → n = 127 BND.
    report = planned(h)
    assert dict(report.draws) == {"ira-a": Decimal("3000.00")}
    assert trades(report) == [
        ("ira-a", "sell", "BND", Decimal(127)),
        ("ira-a", "buy", "IVV", Decimal(13)),
    ]


def test_restrictions_no_sell_excluded_tag_and_menu(tmp_path: Path) -> None:
    # Large cap overweight in a taxable account whose IVV may not be sold: the IRA sells
    # instead; the 401(k) may only buy SCHZ (menu), never BND; XLE (sector_energy) is excluded.
    h = household(
        tmp_path,
        """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{id: T1, acquired: 2024-01-08, quantity: 100, cost: 45000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 20}]
  - id: k401
    type: 401k
    owners: [pat]
    buy_menu: [IVV, SCHZ]
    cash: 20000
""",
        targets="{us_large_cap: 50, ig_bonds: 50}",
        extra="restrictions:\n  - {symbol: IVV, account: brokerage, no_sell: true}\n"
        "  - {exclude_tag: sector_energy}\n",
    )
    # Large cap 60,000 of 80,000 must fall to 52.5 %, impossible with the brokerage's 50,000
    # locked: the IRA sells all 20 IVV (9,998.00 net) and buys 133 BND (133 × 75.015 =
    # 9,976.995; 134 would not fit); the 401(k) buys SCHZ from its menu with its 20,000:
    # 799 × 25.005 = 19,978.995. Bonds end as high as they can.
    report = planned(h)
    assert trades(report) == [
        ("ira", "sell", "IVV", Decimal(20)),
        ("ira", "buy", "BND", Decimal(133)),
        ("k401", "buy", "SCHZ", Decimal(799)),
    ]


def test_commissions_and_spreads_are_paid_from_cash(tmp_path: Path) -> None:
    # Two trades (sell IVV, buy BND) at $4.95 each, spreads 2 bps of each amount: the IRA's
    # value falls by exactly the costs.
    report = planned(household(tmp_path, IRA_AND_TAXABLE, settings="{commission_per_trade: 4.95}"))
    ira = next(a for a in report.plan.accounts if a.account == "ira")
    costs = sum(t.transaction_cost for t in report.plan.trades)
    # the IRA sells all 40 IVV and buys 254 BND (test_rebalances_inside_the_ira_first; cash
    # 20,000 − 8.95 − 19,058.76 = 932.29 ≤ 1 % of 99,982.29, 253 would leave 1,007.30):
    # 40 × 500 × 0.0002 + 4.95 = 8.95; 254 × 75 × 0.0002 + 4.95 = 8.76: 17.71
    assert costs == Decimal("17.7100")
    assert ira.value_after == ira.value_before - costs


def test_target_mode_goes_to_target_and_cash_mode_never_sells_without_need(
    tmp_path: Path,
) -> None:
    target = planned(household(tmp_path, IRA_AND_TAXABLE), PlanOptions(mode=Mode.TARGET))
    large = next(r for r in target.drift_after.rows if r.asset_class.value == "us_large_cap")
    assert abs(large.drift_pct) < 1  # 50 % within a share's worth
    cash = planned(household(tmp_path, IRA_AND_TAXABLE), PlanOptions(mode=Mode.CASH))
    assert cash.plan.trades == ()  # nothing to invest, nothing to raise


def test_orders_are_included_as_given(tmp_path: Path) -> None:
    # Household 103,000: IVV 100 × 500 = 50,000 (48.5 %), BND 640 × 75 = 48,000 (46.6 %),
    # cash 5,000 (4.9 %); targets 48 / 47 / 5: everything inside its band. The client orders
    # a sale of 10 IVV from lot T1 and a buy of 190 SCHZ in the taxable account. After them:
    # large 45,000 (43.7 %, band 43–53), bonds 48,000 + 4,750 = 52,750 (51.2 %, band 42–52),
    # cash 5,000 + 4,999.00 − 4,750.95 = 5,248.05 (5.1 %): nothing else to do. The sale
    # realizes a long-term gain of 10 × (500 × 0.9998 − 100) = 3,999.00.
    h = household(
        tmp_path,
        """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{id: T1, acquired: 2015-01-05, quantity: 20, cost: 2000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    cash: 5000
    holdings: [{symbol: IVV, quantity: 80}, {symbol: BND, quantity: 640}]
""",
        targets="{us_large_cap: 48, ig_bonds: 47, cash: 5}",
        extra="orders:\n  - {account: brokerage, action: sell, symbol: IVV, quantity: 10, "
        "lots: [T1]}\n  - {account: brokerage, action: buy, symbol: SCHZ, quantity: 190}\n",
    )
    report = planned(h)
    assert [
        (t.account, t.action.value, t.symbol, t.quantity, t.reason.value)
        for t in report.plan.trades
    ] == [
        ("brokerage", "sell", "IVV", 10, "order"),
        ("brokerage", "buy", "SCHZ", 190, "order"),
    ]
    assert report.plan.trades[0].long_term_gain == Decimal("3999.00")


def test_excluded_holdings_are_flagged_or_sold(tmp_path: Path) -> None:
    # XLE carries the tag sector_energy, excluded by the client: by default it stays (with a
    # warning); with sell_excluded on, all 100 shares are sold.
    accounts = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings:
      - {symbol: IVV, quantity: 90}
      - {symbol: XLE, quantity: 100}
      - {symbol: BND, quantity: 720}
"""
    extra = "restrictions:\n  - {exclude_tag: sector_energy}\n"
    kept = planned(household(tmp_path, accounts, extra=extra))
    assert not any(t.symbol == "XLE" for t in kept.plan.trades)
    assert any(w.kind == "excluded_holding" for w in kept.plan.warnings)
    sold = planned(household(tmp_path, accounts, extra=extra, settings="{sell_excluded: on}"))
    assert ("sell", 100) in [
        (t.action.value, t.quantity) for t in sold.plan.trades if t.symbol == "XLE"
    ]


def test_an_rmd_raised_by_fractional_sales_leaves_no_negative_cash(tmp_path: Path) -> None:
    # sam (born 1950-06-01) is 76 at the end of 2026: divisor 23.7; prior value 50,000 → RMD
    # 50,000 / 23.7 = 2,109.704641…, drawn rounded up to the cent: 2,109.71. The IRA holds
    # only FXNAX (fractional shares at $10.68) and no cash: sales rounded down to six places
    # would leave it a fraction of a cent short; the plan sells that fraction more.
    h = household(
        tmp_path,
        """\
  - id: ira
    type: traditional_ira
    owners: [sam]
    prior_year_end_value: 50000
    holdings: [{symbol: FXNAX, quantity: 2000}, {symbol: IVV, quantity: 43}]
""",
        prices="{IVV: 500, FXNAX: 10.68}",
    )
    report = planned(h)
    (ira,) = report.plan.accounts
    assert ira.distributed == Decimal("2109.71")
    assert ira.cash_after >= 0


def test_a_tax_budget_on_gains_is_met_and_the_drift_left_over_reported(tmp_path: Path) -> None:
    # Unconstrained (see test_short_term_gains_cost_more_than_long_term): the LOSS share and
    # 26 LT shares are sold, realizing 26 × (499.90 − 400) − 0.10 = 2,597.30 of net gain.
    # With a $1,000 budget on net gains the plan sells at most 10 LT shares: 10 × 99.90 =
    # 999.00 (the 1-share LOSS lot adds −0.10): 998.90 ≤ 1,000; large cap then stays outside
    # its band, and the drift table after says so.
    free = planned(household(tmp_path, lots(loss_qty=1, loss_cost=500)))
    assert sum(t.long_term_gain for t in free.plan.trades) == Decimal("2597.30")
    capped = planned(
        household(
            tmp_path,
            lots(loss_qty=1, loss_cost=500),
            settings="{tax_budget: {kind: gains, amount: 1000}}",
        )
    )
    gains = sum(t.long_term_gain + t.short_term_gain for t in capped.plan.trades)
    assert gains == Decimal("998.90")
    large = next(r for r in capped.drift_after.rows if r.asset_class.value == "us_large_cap")
    assert large.outside


def test_a_tax_budget_on_tax_dollars(tmp_path: Path) -> None:
    # $100 of tax: at 15 % that is 666.67 of long-term gain: 6 LT shares (599.40 → 89.91) plus
    # the LOSS share; 7 would owe 104.90.
    capped = planned(
        household(
            tmp_path,
            lots(loss_qty=1, loss_cost=500),
            settings="{tax_budget: {kind: tax, amount: 100}}",
        )
    )
    assert capped.whatif.marginal.total <= 100
    assert capped.whatif.marginal.total > Decimal("89")


def test_an_order_the_plan_trades_more_of_says_how_much_was_ordered(tmp_path: Path) -> None:
    # The household of test_rebalances_inside_the_ira_first: band mode sells all 40 IVV in the
    # IRA (36 would leave 4 shares of dust). The client orders 10 IVV sold there (no lots: a
    # minimum), so the trade is the order, and its rationale says the other 30 rebalance.
    extra = "orders:\n  - {account: ira, action: sell, symbol: IVV, quantity: 10}\n"
    report = planned(household(tmp_path, IRA_AND_TAXABLE, extra=extra))
    sale = report.plan.trades[0]
    assert (sale.account, sale.symbol, sale.quantity, sale.reason) == (
        "ira",
        "IVV",
        Decimal(40),
        TradeReason.ORDER,
    )
    assert "The order is for 10 shares; the plan sells 30 more to rebalance." in sale.rationale
