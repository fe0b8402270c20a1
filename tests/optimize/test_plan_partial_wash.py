"""Partial washes are priced, not blocked (issue 20, item 3; IRC §1091(a), Reg. §1.1091-1(c),
Rev. Rul. 2008-5; src/trimtab/optimize/partial_wash.py).

Before, one replacement share anywhere on the return held a whole loss lot back: 8 SCHP bought
in the IRA today kept 568 loss shares in the taxable account unsold and left TIPS 23 points over
its target. Now only as many sold shares as there are replacement shares are washed (the first
ones sold), the model prices that, and sells the lot when it is the cheaper way.

Households (2026, single, ordinary taxable income $90,000, no state): a long-term gain is taxed
at 15 %; a net capital loss is deducted from ordinary income (up to $3,000) at 22 %. Prices:
SCHP $25, TIP $100, IVV $500; ETF half-spread 2 bp (a sale nets 0.9998 of its amount). SCHP and
TIP track different indexes: not substantially identical. Targets: large cap 50 %, TIPS 50 %,
bands ±5 points. Harvesting is off, so that every sale is the rebalance's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers.plan_households import household, planned
from trimtab.errors import InternalError
from trimtab.explain.invariants import check_no_wash
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import Mode
from trimtab.model.household import Household
from trimtab.optimize.engine import lp_first
from trimtab.optimize.inputs import plan_inputs
from trimtab.optimize.partial_wash import priced_lots
from trimtab.optimize.plan import optimize

PRICES = "{IVV: 500, SCHP: 25, TIP: 100}"
TARGETS = "{us_large_cap: 50, tips: 50}"
SETTINGS = "{harvest: false}"

# T1: 568 SCHP bought 2024-01-05 at $30 ($17,040), now $14,200: a long-term loss of $5 a share.
BROKERAGE = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: SCHP
        lots: [{id: T1, acquired: 2024-01-05, quantity: 568, cost: 17040}]
"""
IVV_10 = """\
      - symbol: IVV
        lots: [{id: G, acquired: 2015-01-05, quantity: 10, cost: 1000}]
"""


def _plan(tmp_path: Path, accounts: str, extra: str = "") -> PlanReport:
    return planned(_household(tmp_path, accounts, extra))


def _household(tmp_path: Path, accounts: str, extra: str = "") -> Household:
    return household(
        tmp_path, accounts, targets=TARGETS, settings=SETTINGS, prices=PRICES, extra=extra
    )


def _trades(report: PlanReport) -> list[tuple[str, str, str, Decimal]]:
    return [(t.account, t.action.value, t.symbol, t.quantity) for t in report.plan.trades]


IRA_TODAY = """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: SCHP, quantity: 8}]
"""
BOUGHT_TODAY = (
    "transactions:\n  - {date: 2026-11-24, account: ira, action: buy, symbol: SCHP, "
    "quantity: 8, price: 25}\n"
)


def test_8_ira_shares_bought_today_wash_8_of_568_loss_shares_for_good(tmp_path: Path) -> None:
    # V = 14,200 (T1) + 5,000 (IVV) + 200 (IRA SCHP) = 19,400: TIPS 14,400 = 74.23 % (+24.23),
    # large cap 25.77 %. Only T1 can bring TIPS down (the IRA holds 8 shares): before, the IRA's
    # purchase held it back and the plan sold those 8 shares, leaving TIPS 23.2 points over.
    report = _plan(tmp_path, BROKERAGE + IVV_10 + IRA_TODAY, BOUGHT_TODAY)
    # Now the whole lot is sold: its allowed loss is worth 22 % (deducted from ordinary
    # income), and TIP (another index) keeps TIPS in its band; the cash buys large cap.
    assert _trades(report) == [
        ("brokerage", "sell", "SCHP", Decimal(568)),
        ("brokerage", "buy", "IVV", Decimal(10)),
        ("brokerage", "buy", "TIP", Decimal(91)),
    ]
    sale = report.plan.trades[0]
    # T1: proceeds 14,200 × 0.9998 = 14,197.16; loss 17,040 − 14,197.16 = 2,842.84. The 8 IRA
    # shares replace 8 of the 568 sold: 2,842.84 × 8 / 568 = 40.04, lost for good (Rev. Rul.
    # 2008-5); 2,842.84 − 40.04 = 2,802.80 counts, at 22 %: −616.616.
    assert sale.lots[0].gain == Decimal("-2842.8400")
    assert sale.wash_disallowed == Decimal("40.04") and sale.wash_permanent
    assert report.whatif.marginal.net_long_term == Decimal("-2802.80")
    assert report.whatif.marginal.total == Decimal("-616.616")
    # after: large 10,000 + 5,000 = 51.56 %, TIPS 9,100 + 200 = 47.95 %: both in their bands
    assert not any(r.outside for r in report.drift_after.rows)
    assert (
        "Wash sale: 8 of the 568 shares of lot T1 sold at a loss are matched with replacement "
        "shares bought within 30 days (8 SCHP bought in ira on 2026-11-24: $40.04 lost for "
        "good, the replacement being in an IRA, Rev. Rul. 2008-5), so $40.04 of its $2,842.84 "
        "loss is disallowed and $2,802.80 counts. The optimizer priced the disallowed loss"
    ) in sale.rationale
    assert not any(w.kind == "wash_guard" for w in report.plan.warnings)


RECURRING = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: SCHP
        lots: [{id: L, acquired: 2024-01-05, quantity: 401, cost: 12030}]
      - symbol: TIP
        lots: [{id: G2, acquired: 2016-01-05, quantity: 150, cost: 7500}]
      - symbol: IVV
        lots: [{id: G, acquired: 2015-01-05, quantity: 30, cost: 3000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    tradable: false
    holdings: [{symbol: SCHP, quantity: 100}]
"""
BIWEEKLY = (
    "recurring:\n  - {account: ira, symbol: SCHP, amount: 500, every_days: 14, next: 2026-12-01}\n"
)


def test_a_biweekly_ira_purchase_washes_80_of_401_loss_shares(tmp_path: Path) -> None:
    # V = 10,025 (L) + 15,000 (TIP) + 15,000 (IVV) + 2,500 (IRA) = 42,525: TIPS 27,525 =
    # 64.73 % (+14.73). The IRA buys $500 of SCHP every 14 days; the window 2026-10-25 …
    # 2026-12-24 holds 11-03, 11-17, 12-01 and 12-15: 4 × 500 / 25 = 80 replacement shares.
    # Before, they held all of L back and the plan sold 56 TIP of G2 instead: +$2,798.88 of
    # long-term gain, $419.83 of tax.
    report = _plan(tmp_path, RECURRING, BIWEEKLY)
    assert _trades(report) == [
        ("brokerage", "sell", "SCHP", Decimal(401)),
        ("brokerage", "buy", "IVV", Decimal(13)),
        ("brokerage", "buy", "TIP", Decimal(31)),
    ]
    sale = report.plan.trades[0]
    # L: proceeds 10,025 × 0.9998 = 10,022.995; loss 12,030 − 10,022.995 = 2,007.005; 80 of
    # 401 shares washed: 2,007.005 × 80 / 401 = 400.40 lost for good; 1,606.605 counts, at
    # 22 %: −353.4531.
    assert sale.wash_disallowed == Decimal("400.4000") and sale.wash_permanent
    assert report.whatif.marginal.total == Decimal("-353.4531")
    assert "80 of the 401 shares of lot L" in sale.rationale
    assert (
        "(80 SCHP bought by a recurring purchase in ira on 2026-11-03, 2026-11-17, 2026-12-01 "
        "and 2026-12-15 (estimated): $400.40 lost for good, the replacement being in an IRA, "
        "Rev. Rul. 2008-5)"
    ) in sale.rationale
    assert not any(r.outside for r in report.drift_after.rows)


TAXABLE_REPLACEMENT = """\
  - id: joint
    type: taxable
    owners: [sam]
    tradable: false
    holdings:
      - symbol: SCHP
        lots: [{id: R1, acquired: 2026-11-19, quantity: 10, cost: 240}]
"""


def test_a_taxable_replacement_takes_the_disallowed_loss_into_its_basis(tmp_path: Path) -> None:
    # As the first test, but the replacement is 10 SCHP bought 5 days ago in a taxable account
    # of the return (lot R1, $240): a deferred wash costs the model nothing beyond this year's
    # tax, so T1 is sold as before.
    report = _plan(tmp_path, BROKERAGE + IVV_10 + TAXABLE_REPLACEMENT)
    assert _trades(report) == [
        ("brokerage", "sell", "SCHP", Decimal(568)),
        ("brokerage", "buy", "IVV", Decimal(10)),
        ("brokerage", "buy", "TIP", Decimal(91)),
    ]
    sale = report.plan.trades[0]
    # 2,842.84 × 10 / 568 = 50.05 disallowed, added to R1's basis: 240 + 50.05 = 290.05
    # (§1091(d)); 2,792.79 counts, at 22 %: −614.4138.
    assert sale.wash_disallowed == Decimal("50.05") and not sale.wash_permanent
    assert report.whatif.marginal.total == Decimal("-614.4138")
    (r1,) = (x for x in report.whatif.lots_after if x.lot.lot_id == "R1")
    assert r1.lot.cost == Decimal("290.0500") and r1.wash_adjustment == Decimal("50.0500")
    assert "$50.05 added to the basis of those shares, IRC §1091(d)" in sale.rationale


REPLACEMENTS_SOLD = """\
  - id: joint
    type: taxable
    owners: [sam]
    holdings:
      - symbol: SCHP
        lots:
          - {id: R2, acquired: 2026-11-02, quantity: 12, cost: 204}
          - {id: R1, acquired: 2026-11-19, quantity: 10, cost: 240}
"""


def test_replacement_shares_the_plan_sells_wash_nothing(tmp_path: Path) -> None:
    # As the first test, with two replacement lots in a taxable account of the return instead
    # of the IRA's purchase: R2, 12 SCHP bought 22 days ago at $17 (a short-term gain of $8 a
    # share), and R1, 10 SCHP bought 5 days ago at $24 ($1 a share). Pool: 22 shares. A share
    # of a replacement lot the plan sells the same day replaces nothing (tax/wash/match.py,
    # held_after), so selling R1 un-washes 10 of T1's shares: each saves 22 % × $5.005 = $1.10
    # of this year's tax for 22 % × $0.995 = $0.22 of tax on R1's gain (and 1 cent of
    # spreads); an R2 share would cost 22 % × $7.995 = $1.76: kept. Before, the model's pool
    # counted R1's shares whether sold or not, so selling R1 gained nothing: the plan kept it,
    # 22 T1 shares were washed ($110.11 disallowed) and the tax was −601.2006, $8.82 more.
    h = _household(tmp_path, BROKERAGE + IVV_10 + REPLACEMENTS_SOLD)
    report = planned(h)
    assert _trades(report) == [
        ("brokerage", "sell", "SCHP", Decimal(568)),
        ("joint", "sell", "SCHP", Decimal(10)),
        ("brokerage", "buy", "IVV", Decimal(10)),
        ("brokerage", "buy", "TIP", Decimal(91)),
        ("joint", "buy", "TIP", Decimal(2)),
    ]
    t1, r1 = report.plan.trades[:2]
    assert [lot.lot_id for lot in r1.lots] == ["R1"]
    # R1: 10 × (25 × 0.9998 − 24) = 9.95, short-term. T1: loss 2,842.84 (first test); only
    # R2's 12 shares, still held, replace: 2,842.84 × 12 / 568 = 60.06 disallowed, into R2's
    # basis (204 + 60.06 = 264.06); 2,782.78 counts. Net: 9.95 − 2,782.78 = −2,772.83, all
    # deducted (under $3,000) at 22 %: −610.0226.
    assert r1.lots[0].gain == Decimal("9.9500")
    assert t1.wash_disallowed == Decimal("60.0600") and not t1.wash_permanent
    assert report.whatif.marginal.net_long_term == Decimal("-2782.7800")
    assert report.whatif.marginal.total == Decimal("-610.022600")
    (r2,) = (x for x in report.whatif.lots_after if x.lot.lot_id == "R2")
    assert r2.lot.cost == Decimal("264.0600")
    assert "12 of the 568 shares of lot T1" in t1.rationale
    # the model prices what the tax engine finds: the pool less R1's 10 sold shares
    (group,) = plan_inputs(h, Mode.BAND).partial_washes
    assert group.pool.quantity == 22
    assert [(r.before, r.shares) for r in group.replacements] == [(0, 12), (0, 10)]
    assert optimize(h, Mode.BAND).tax_estimate == Decimal("-610.02")


NOT_WORTH_IT = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: SCHP
        lots: [{id: T1, acquired: 2024-01-05, quantity: 568, cost: 17040}]
      - symbol: TIP
        lots: [{id: G2, acquired: 2016-01-05, quantity: 150, cost: 14925}]
      - symbol: IVV
        lots: [{id: G, acquired: 2015-01-05, quantity: 30, cost: 3000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    tradable: false
    holdings: [{symbol: SCHP, quantity: 500}]
"""
BOUGHT_500 = BOUGHT_TODAY.replace("quantity: 8", "quantity: 500")


def test_a_wash_that_loses_more_than_it_saves_is_avoided(tmp_path: Path) -> None:
    # V = 14,200 + 15,000 (TIP) + 15,000 (IVV) + 12,500 (IRA) = 56,700: TIPS 41,700 = 73.54 %.
    # The IRA bought 500 SCHP today: the first 500 T1 shares sold would be washed for good.
    # Each costs the model 0.5 × 15 % × $5 = $0.375 (the harvest value of the loss it loses,
    # 1.5 % of its $25), a TIP share of G2 15 % × (99.98 − 99.50) = $0.072 of tax (0.07 % of
    # $100); selling all of T1 would count 68 × $5 = $340 of loss (≈ $75 at 22 %) but lose
    # 500 × $5 = $2,500 for good (priced $187.50). So the plan sells TIP and keeps T1. (Priced
    # at nothing, the washed shares looked free: the plan sold 481 SCHP, $0 of tax, and lost
    # $2,407.41 of loss for good to save $8.71.)
    report = _plan(tmp_path, NOT_WORTH_IT, BOUGHT_500)
    assert _trades(report) == [
        ("brokerage", "sell", "TIP", Decimal(121)),
        ("brokerage", "buy", "IVV", Decimal(24)),
    ]
    # G2: 121 × (100 × 0.9998 − 99.50) = 58.08 long-term, at 15 %: 8.712
    assert report.plan.trades[0].long_term_gain == Decimal("58.0800")
    assert report.whatif.marginal.total == Decimal("8.712")
    assert all(w.disallowed == 0 for w in report.whatif.washes.washes if w.sale.trade)


LARGE_LOSS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: SCHP
        lots: [{id: T1, acquired: 2024-01-05, quantity: 2000, cost: 60000}]
      - symbol: IVV
        lots: [{id: G, acquired: 2015-01-05, quantity: 100, cost: 10000}]
"""


def test_the_model_sells_the_washed_shares_first(tmp_path: Path) -> None:
    # 2,000 SCHP at a $5 loss ($10,000): only part of the lot is sold, so the order matters.
    # The IRS matches the 8 replacement shares with the first 8 sold; the LP alone would sell
    # clean shares only (they cost less). The model's washed part is full (8) whenever its
    # clean part sells, as the tax engine matches them.
    h = _household(tmp_path, LARGE_LOSS + IRA_TODAY, BOUGHT_TODAY)
    p = plan_inputs(h, Mode.BAND)
    (group,) = p.partial_washes
    (lot,) = group.lots
    assert group.pool.quantity == 8 and group.pool.permanent == 1
    solved = lp_first(p)
    lay = solved.model.layout
    washed = solved.solution.x[lay.sell + lot.washed]
    clean = solved.solution.x[lay.sell + lot.clean]
    assert clean > 1.0 and abs(washed - 8.0) < 1e-6


def test_the_invariant_allows_a_priced_wash_and_not_an_unpriced_one(tmp_path: Path) -> None:
    h = _household(tmp_path, BROKERAGE + IVV_10 + IRA_TODAY, BOUGHT_TODAY)
    report = planned(h)
    trades, washes = report.plan.trades, report.whatif.washes
    priced = priced_lots(plan_inputs(h, Mode.BAND).partial_washes)
    assert priced == {("brokerage", "T1")}
    check_no_wash(trades, washes, priced)  # the plan's own check: passes
    with pytest.raises(InternalError, match="P1 sells SCHP at a loss that is washed"):
        check_no_wash(trades, washes)  # the same wash, not priced: a violation


def test_the_rationale_figures_add_up_as_printed() -> None:
    # examples/household.yaml: P1 sells VEA lot L7 (200 shares) for a loss of $832.31, of which
    # 50 of 200 shares are washed by Luis's IRA purchase: 832.314 × 50 / 200 = 208.0785 →
    # $208.08 lost for good. The sentence says what counts as the printed figures subtract:
    # 832.31 − 208.08 = 624.23 (not 624.24, the unrounded 624.2355 rounded).
    from trimtab import load_household
    from trimtab.pipeline import plan_household

    report = plan_household(load_household(Path("examples/household.yaml")))
    (sale,) = (t for t in report.plan.trades if t.symbol == "VEA")
    assert "$208.08 of its $832.31 loss is disallowed and $624.23 counts" in sale.rationale
