"""A plan that sells a replacement lot in part beside the loss lots it replaces (IRC §1091(a);
Reg. §1.1091-1(b), (c); docs/optimizer.md, "Partial washes").

The model prices a partial wash with the pool less the replacement shares it sells (rows
Σw + Σs_L ≤ R): shares sold today replace nothing. The tax engine matched each of the day's loss
sales against the replacement's shares still held, not against those still unmatched, so a lot
of which a few shares were left replaced every loss sale anew; the replacement's washed parts
(their basis carrying the disallowed loss) were then sold at a loss, washed by a purchase the
model had counted out, and the plan stopped: exit 70, "invariant no_wash_sale violated"
(benchmark household medium-25, copied to tests/data/plan_sold_replacement_medium25.yaml). The
fix is in :func:`trimtab.tax.wash.match._replaceable`; the tax side of it is
tests/tax/test_wash_sold_replacement.py.

Household below (2026, single, ordinary taxable income $90,000): VEA at $50 (ETF half-spread
2 bp: a share sells for 49.99), BND at $75; targets international 20 %, bonds 80 %; harvesting
off, so every sale is the rebalance's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from helpers.plan_households import household, planned
from trimtab import load_household
from trimtab.cli import app
from trimtab.explain.plan import PlanReport
from trimtab.model.enums import TradeAction

MEDIUM_25 = Path(__file__).resolve().parent.parent / "data" / "plan_sold_replacement_medium25.yaml"

# A: 20 bought 2025-03-03 for 1,400: 20 × 49.99 − 1,400 = −400.20 (−20.01 a share)
# B: 50 bought 2025-06-02 for 3,250: 50 × 49.99 − 3,250 = −750.50 (−15.01 a share)
# R: 60 bought 2026-11-17 (7 days ago) for 2,940: +0.99 a share; Q: 30 bought 2026-11-20 in the
# joint account for 1,470. R and Q are the only VEA purchases within 30 days: the pool is 90.
ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: VEA
        lots:
          - {id: A, acquired: 2025-03-03, quantity: 20, cost: 1400}
          - {id: B, acquired: 2025-06-02, quantity: 50, cost: 3250}
          - {id: R, acquired: 2026-11-17, quantity: 60, cost: 2940}
      - symbol: BND
        lots: [{id: N, acquired: 2020-01-02, quantity: 100, cost: 7500}]
  - id: joint
    type: taxable
    owners: [pat]
    holdings:
      - symbol: VEA
        lots: [{id: Q, acquired: 2026-11-20, quantity: 30, cost: 1470}]
"""


def _replacements_used(report: PlanReport) -> dict[str, Decimal]:
    """By purchase lot, the shares the plan's loss sales were matched with."""
    used: dict[str, Decimal] = {}
    for wash in report.whatif.washes.washes:
        if not wash.sale.trade:
            continue
        for use in wash.replacements:
            lot = use.acquisition.lot_id
            used[lot] = used.get(lot, Decimal(0)) + use.quantity
    return used


def _sold(report: PlanReport) -> dict[str, Decimal]:
    """By purchase lot, the shares the plan sells of it."""
    sold: dict[str, Decimal] = {}
    for row in report.whatif.realization.realized:
        sold[row.purchase] = sold.get(row.purchase, Decimal(0)) + row.quantity
    return sold


def test_a_replacement_sold_in_part_replaces_only_its_shares_left(tmp_path: Path) -> None:
    """Before the fix: InternalError, invariant no_wash_sale. R's 56 shares left were counted
    anew for B after A had taken 20 of them (60 replacements from 56 shares), so every share of R
    was washed and the 4 the plan sells were a washed part (basis 49 + 20.01 = 69.01 a share,
    −76.08), itself washed by Q."""
    report = planned(
        household(
            tmp_path,
            ACCOUNTS,
            targets="{intl_developed: 30, ig_bonds: 70}",
            prices="{VEA: 50, BND: 75}",
            settings="{harvest: false}",
        )
    )
    sells = [
        (t.account, t.symbol, t.quantity, tuple(x.lot_id.split(".")[0] for x in t.lots))
        for t in report.plan.trades
        if t.action is TradeAction.SELL
    ]
    # the loss lots whole and 4 of R: 74 of the 160 VEA ($8,000 of a $15,500 household)
    assert sells == [("brokerage", "VEA", Decimal(74), ("A", "B", "R"))]
    washes = {w.sale.lot_id: w for w in report.whatif.washes.washes if w.sale.trade}
    # R: 60 − 4 = 56 shares left to replace; A (bought first) takes 20 of them: all its loss
    a = washes["A"]
    assert [(u.acquisition.lot_id, u.quantity) for u in a.replacements] == [("R", Decimal(20))]
    assert a.disallowed == Decimal("400.20")
    # B: R's last 36, then 14 of Q: all 50 of its shares, 750.50
    b = washes["B"]
    assert [(u.acquisition.lot_id, u.quantity) for u in b.replacements] == [
        ("R", Decimal(36)),
        ("Q", Decimal(14)),
    ]
    assert b.disallowed == Decimal("750.50")
    # the 4 shares of R sold are its unwashed rest: 4 × 49.99 − 4 × 49 = +3.96, no wash
    (r,) = [row for row in report.whatif.realization.realized if row.purchase == "R"]
    assert (r.quantity, r.wash_adjustment, r.gain) == (Decimal(4), 0, Decimal("3.96"))
    # every replacement share replaces one sold share at most, and none of those sold today
    held = {"R": Decimal(60), "Q": Decimal(30)}
    sold = _sold(report)
    for lot, used in _replacements_used(report).items():
        assert used <= held[lot] - sold.get(lot, Decimal(0)), lot


def test_benchmark_medium_25_plans() -> None:
    """Before the fix: exit 70, "invariant no_wash_sale violated: P9 sells VV at a loss that is
    washed" (VV lot L665, 15 shares bought 2026-11-17, 11 sold beside four VV loss lots in
    taxable-2, was matched with all 15 of its shares; L971 in taxable-3, 8 of 9 sold, with 6)."""
    result = CliRunner().invoke(app, ["plan", str(MEDIUM_25), "--json"])
    assert result.exit_code == 0, result.output[-2000:]


def test_benchmark_medium_25_replacements_are_shares_left() -> None:
    """In the same plan, no purchase replaces more shares than the plan leaves of it."""
    h = load_household(MEDIUM_25)
    report = planned(h)
    quantities = {
        lot.id: lot.quantity
        for account in h.accounts
        for holding in account.holdings
        for lot in holding.lots
    }
    sold = _sold(report)
    used = _replacements_used(report)
    assert used  # the plan's loss sales meet replacement lots
    for lot, shares in used.items():
        if lot in quantities:
            assert shares <= quantities[lot] - sold.get(lot, Decimal(0)), lot


# The same household with 20 B (for 1,300.00: −300.20), and 15 VEA sold at a loss 5 days ago:
# 15 × (50 − 60) = −150.00, washed by 15 of R's shares (bought 2 days before). R is held as its
# parts R.tx0 (15 shares, 15 × 49 + 150 = 885.00: the part that replaced transactions[0]) and
# R.rest (the unwashed rest: 45 shares, 2,205.00), each its own unit.
B_20 = ACCOUNTS.replace(
    "{id: B, acquired: 2025-06-02, quantity: 50, cost: 3250}",
    "{id: B, acquired: 2025-06-02, quantity: 20, cost: 1300}",
)
RECENT_LOSS = """\
transactions:
  - {date: 2026-11-19, account: brokerage, action: sell, symbol: VEA, quantity: 15, price: 50,
     cost: 900, acquired: 2025-01-10}
"""


def test_a_replacement_split_by_a_recent_loss_holds_the_group_back(tmp_path: Path) -> None:
    """A loss sale of the plan washed by R would split R's rest again (a part named by the plan's
    sale beside R.tx0, the recent loss's) and a trade naming R.rest, the rest the model priced,
    would sell fewer shares at another basis. Before: the plan stopped on its own trade ("trade
    P1 sells 68 VEA but the named lots hold 57": A, B and 28 of R's rest, which had become the
    plan's 17-share washed part of A's loss); with Q of 10 shares, exit 70. Now the group's loss
    lots are held back with a note (as for a pool of unknown size) while R's parts may be
    sold."""
    report = planned(
        household(
            tmp_path,
            B_20,
            targets="{intl_developed: 20, ig_bonds: 80}",
            prices="{VEA: 50, BND: 75}",
            settings="{harvest: false}",
            extra=RECENT_LOSS,
        )
    )
    sold = _sold(report)
    assert "A" not in sold and "B" not in sold
    notes = [w.message for w in report.plan.warnings if w.kind == "wash_guard"]
    assert any(n.startswith("VEA A in brokerage is at a loss and not sold") for n in notes)
    # what the plan sells of R is the unwashed rest, at its own basis (49.00 a share)
    for row in report.whatif.realization.realized:
        if row.purchase == "R":
            assert (row.lot_id, row.wash_adjustment) == ("R.rest", 0)
            assert row.cost == row.quantity * 49
    # the recent loss stays washed by R's 15 shares, and nothing else is
    washed = [w for w in report.whatif.washes.washes if w.disallowed > 0]
    assert [(w.sale.id, w.disallowed) for w in washed] == [("transactions[0]", Decimal("150.00"))]
