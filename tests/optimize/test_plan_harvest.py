"""Loss harvesting inside the plan: worth it, replaced in the same class, never washed.

Household (2026, single, short-term 22 %, long-term 15 %): a taxable account with VEA lot H
(200 shares bought 2025-03-03 for $12,000; at $50: a $2,000 long-term loss, 16.7 % of cost)
and IVV and BND in an IRA; every class inside its band. A harvest is worth half the tax it saves
now (HARVEST_VALUE): 2,000 × 15 % × 0.5 = $150, far more than the spreads and tickets of
selling VEA and buying a partner of another index (SCHF, the FTSE Developed ex US).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.plan_households import household, planned
from trimtab.model import Mode, TradeAction
from trimtab.model.enums import TradeReason
from trimtab.pipeline import PlanOptions

PRICES = "{IVV: 500, BND: 75, VEA: 50, SCHF: 25}"
TARGETS = "{us_large_cap: 45, ig_bonds: 45, intl_developed: 10}"
ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: VEA
        lots: [{{id: H, acquired: 2025-03-03, quantity: 200, cost: {cost}}}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: 90}}, {{symbol: BND, quantity: 600}}]
"""
# Values: VEA 10,000 (10 %), IVV 45,000 (45 %), BND 45,000 (45 %): all on target.


def test_a_loss_is_harvested_and_replaced_by_a_partner(tmp_path: Path) -> None:
    report = planned(
        household(tmp_path, ACCOUNTS.format(cost=12000), targets=TARGETS, prices=PRICES)
    )
    sell, buy = report.plan.trades
    assert (sell.account, sell.action, sell.symbol, sell.quantity) == (
        "brokerage",
        TradeAction.SELL,
        "VEA",
        Decimal(200),
    )
    assert sell.reason is TradeReason.HARVEST
    # proceeds 200 × 50 × (1 − 0.0002) = 9,998.00: a long-term loss of 9,998 − 12,000 = −2,002.00
    assert sell.long_term_gain == Decimal("-2002.00")
    # the partner: SCHF (another index, same class), bought with the proceeds:
    # 9,998.00 / (25 × 1.0002) = 399.92 → 399 whole shares (399 shares would leave $9.80)
    assert (buy.account, buy.action, buy.symbol, buy.reason) == (
        "brokerage",
        TradeAction.BUY,
        "SCHF",
        TradeReason.REPLACEMENT,
    )
    assert buy.quantity == Decimal(399)
    # the loss is deductible (no wash), and the allocation is kept inside every band
    assert all(w.disallowed == 0 for w in report.whatif.washes.washes)
    assert not any(r.outside for r in report.drift_after.rows)


def test_no_harvest_below_the_thresholds(tmp_path: Path) -> None:
    # cost 10,450: a $450 loss, below harvest_min_loss $500: nothing to do at all.
    report = planned(
        household(tmp_path, ACCOUNTS.format(cost=10450), targets=TARGETS, prices=PRICES)
    )
    assert report.plan.trades == ()
    # and with the percent threshold raised above 16.7 %, the $2,000 loss is not harvested
    strict = planned(
        household(
            tmp_path,
            ACCOUNTS.format(cost=12000),
            targets=TARGETS,
            prices=PRICES,
            settings="{harvest_min_pct: 20}",
        )
    )
    assert strict.plan.trades == ()


def test_harvest_off_leaves_the_loss(tmp_path: Path) -> None:
    report = planned(
        household(
            tmp_path,
            ACCOUNTS.format(cost=12000),
            targets=TARGETS,
            prices=PRICES,
            settings="{harvest: off}",
        )
    )
    assert report.plan.trades == ()


def test_harvest_mode_sells_losses_only_and_keeps_the_allocation(tmp_path: Path) -> None:
    # Large cap is far overweight (IVV 150 in the IRA): band mode would rebalance; harvest
    # mode only harvests VEA and buys its replacement, nothing else.
    accounts = ACCOUNTS.format(cost=12000).replace("quantity: 90}", "quantity: 150}")
    report = planned(
        household(tmp_path, accounts, targets=TARGETS, prices=PRICES),
        PlanOptions(mode=Mode.HARVEST),
    )
    assert [(t.symbol, t.action.value, t.reason.value) for t in report.plan.trades] == [
        ("VEA", "sell", "harvest"),
        ("SCHF", "buy", "replacement"),
    ]


def test_a_loss_sale_of_a_class_under_its_target_says_it_harvests(tmp_path: Path) -> None:
    # Generated household 0 (tests/helpers/generated.py): investment grade bonds stand 2.50
    # points under their 22 % target, inside their band, and the plan sells 15 NYF from lot L7
    # of taxable-1 (30 shares bought 2026-08-09 for 16,371.02: $545.70 a share) at $459.90:
    # 6,898.50 less the 2 bp half-spread (1.38) = 6,897.12 against half the lot's cost,
    # 8,185.51: a short-term loss of $1,288.39. Rebalancing would not sell a class under its
    # target, and nothing of it is bought back in the account (not a harvest of the model's
    # own, which replaces in the class): the loss is what the sale is for. It said "rebalance".
    from helpers.generated import generated
    from trimtab.pipeline import plan_household

    h = generated(tmp_path, 0)
    report = plan_household(h)
    nyf = next(t for t in report.plan.trades if t.symbol == "NYF")
    bonds = next(r for r in report.drift_before.rows if r.asset_class.value == "ig_bonds")
    assert bonds.drift_pct.quantize(Decimal("0.01")) == Decimal("-2.50")
    assert (nyf.action.value, nyf.quantity, nyf.short_term_gain.quantize(Decimal("0.01"))) == (
        "sell",
        Decimal(15),
        Decimal("-1288.39"),
    )
    assert nyf.reason is TradeReason.HARVEST
    assert "— to harvest a loss: Investment Grade Bonds is -2.50 points" in nyf.rationale
