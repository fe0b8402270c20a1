"""A replacement lot sold in part on the day of several loss sales replaces each sold share once.

Rule (IRC §1091(a); Reg. §1.1091-1(b), (c); docs/wash-sales.md, "The rule"). Shares disposed of
by the day of a loss sale are not replacements, and each replacement share absorbs one sold
share's loss at most, the losses of one day in order of the sold shares' acquisition. So a lot
of 10 shares bought 7 days ago, 6 of them sold today beside two loss lots, replaces 4 sold shares
in all: the first loss sale's.

Before the fix (:func:`trimtab.tax.wash.match._replaceable`) each loss sale of the day found the
lot's 4 held shares anew (the shares still held, not those still unmatched): 8 replacements
from 4 shares. In a plan the extra washes fell on the replacement's own shares sold that day
(their basis carries the first disallowed loss, so they sold at a loss, washed by another
purchase the model had counted out): `trimtab plan` of benchmark household medium-25 stopped
with exit 70, "invariant no_wash_sale violated" (tests/optimize/test_plan_sold_replacement.py).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.load.trades import read_trades
from trimtab.tax.wash.records import Wash
from trimtab.tax.whatif import WhatIf, what_if

DATA = Path(__file__).resolve().parent.parent / "data" / "wash_sold_replacement"


def checked(name: str = "household", trades: str = "sold_trades") -> WhatIf:
    h = load_household(DATA / f"{name}.yaml")
    found, problems = read_trades(DATA / f"{trades}.yaml", as_of=h.as_of)
    assert found is not None, problems
    return what_if(h, found)


def wash(result: WhatIf, sale: str) -> Wash:
    found = [w for w in result.washes.washes if w.sale.id == sale]
    assert len(found) == 1, found
    return found[0]


def test_the_shares_still_held_replace_the_first_loss_sale_only() -> None:
    """Before the fix the assertion on B's replacements failed: 60.00 disallowed by R's 4 shares
    that had replaced A's already."""
    result = checked()
    a, b = wash(result, "SA/A"), wash(result, "SB/B")
    # R: 10 bought, 6 sold today: 4 held after the sales replace; A (bought 2025-03-03) is
    # matched before B (2025-06-02): 4 × 20.00 = 80.00 of A's 200.00 loss disallowed
    assert [(u.acquisition.lot_id, u.quantity) for u in a.replacements] == [("R", Decimal(4))]
    assert a.disallowed == Decimal("80.00")
    # nothing of R is left for B: its 150.00 loss is deducted in full
    assert b.replacements == ()
    assert b.disallowed == 0


def test_each_replacement_share_replaces_one_sold_share() -> None:
    """Across the day's loss sales, a purchase replaces at most its shares still held after
    them (here R: 10 − 6 = 4)."""
    result = checked()
    used = sum(
        (
            u.quantity
            for w in result.washes.washes
            for u in w.replacements
            if u.acquisition.lot_id == "R"
        ),
        Decimal(0),
    )
    assert used == Decimal(4)


def test_a_sold_part_that_replaced_a_recent_loss_leaves_the_rest_to_replace() -> None:
    """iwm_parts.yaml: R1.tx0 (60 shares, matched to the 2025-12-19 loss) is sold with L9. Its
    shares replaced that loss already; R1.rest's 40, held and unmatched, replace L9's 10.
    (Counting every sold share of R1 against the shares still held, the fix's first form, left
    R1 nothing: 100 − 60 sold − 60 matched.)"""
    result = checked("iwm_parts", "iwm_washed_part_trades")
    l9 = wash(result, "S2/L9")
    # 10 × (70 − 100) = −300.00, all 10 shares replaced by R1 (its part R1.rest)
    assert [(u.acquisition.lot_id, u.quantity) for u in l9.replacements] == [("R1", Decimal(10))]
    assert l9.disallowed == Decimal("300.00")
    assert wash(result, "S1/R1.tx0").disallowed == 0  # R1's own purchase (Rev. Rul. 56-602)


def test_a_sold_rest_leaves_nothing_to_replace() -> None:
    """iwm_parts.yaml: R1.rest (the 40 unwashed shares) is sold with L9: R1's only unmatched
    shares are sold the same day, so L9's loss counts in full. Before the fix the trades could
    not be checked: the rest's 40 sold shares still replaced L9's 10, which split R1 again (the
    rest, then numbered, became L9's 10-share part) and S1 named 40 shares of a 10-share lot."""
    result = checked("iwm_parts", "iwm_rest_trades")
    assert wash(result, "S2/L9").replacements == ()
    rest = [r for r in result.realization.realized if r.trade == "S1"]
    # R1.rest: 40 × 70 − 3,160 = −360.00, at its own basis
    assert [(r.lot_id, r.quantity, r.gain) for r in rest] == [
        ("R1.rest", Decimal(40), Decimal("-360.00"))
    ]
