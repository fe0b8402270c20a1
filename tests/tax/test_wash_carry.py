"""Issue 19: a deferred loss is never lost. Scenario tests on trimtab's own files.

The households and trade lists are in tests/data/wash19/, each with its hand arithmetic in
comments (IRC §1091(a),(d); §1223(3); Reg. §1.1091-1; Pub. 550). The figures are repeated here
beside each assertion. Before the change every test of this file failed; the first assertion
that failed is named in each test's docstring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.load.trades import read_trades
from trimtab.model.household import Household
from trimtab.tax.held import part_purchases
from trimtab.tax.realize import RealizedLot
from trimtab.tax.wash.boundary import boundary_notes
from trimtab.tax.whatif import WhatIf, what_if

D = dt.date.fromisoformat
WASH19 = Path(__file__).resolve().parent.parent / "data" / "wash19"


def household(name: str) -> Household:
    return load_household(WASH19 / f"{name}.yaml")


def checked(name: str, trades: str) -> WhatIf:
    h = household(name)
    found, problems = read_trades(WASH19 / f"{trades}.yaml", as_of=h.as_of)
    assert found is not None, problems
    return what_if(h, found)


def row(result: WhatIf, trade: str, lot: str = "") -> RealizedLot:
    rows = [r for r in result.realization.realized if r.trade == trade]
    rows = [r for r in rows if r.lot_id == lot] if lot else rows
    assert len(rows) == 1, rows
    return rows[0]


def deductible(result: WhatIf) -> Decimal:
    """The year's reportable gain: each row's gain + its disallowed part."""
    total = Decimal(0)
    for r in result.realization.realized:
        wash = result.wash_of(r)
        total += r.gain + (wash.disallowed if wash is not None else Decimal(0))
    return total


def pending(result: WhatIf) -> list[str]:
    return [w.message for w in result.warnings if w.kind == "wash_adjustment_pending"]


def test_vea_replacement_sold_in_the_same_list() -> None:
    """Defect 1. Before: S2's cost was 4,200.00 (the first assertion on ``s2.cost`` failed)."""
    result = checked("vea", "vea_trades")
    s1, s2 = row(result, "S1"), row(result, "S2")
    # S1: 4,000 − 5,000 = −1,000.00, all disallowed (B1 buys 100 back 15 days later)
    assert s1.gain == Decimal("-1000.00")
    wash = result.wash_of(s1)
    assert wash is not None and wash.disallowed == Decimal("1000.00")
    # S2 sells B1: basis 4,200 + 1,000 = 5,200.00; start 2026-01-20 − 217 days = 2025-06-17
    assert s2.cost == Decimal("5200.00")
    assert s2.holding_period_start == D("2025-06-17")
    # 5,600 − 5,200 = +400.00, long-term (2026-09-15 is after 2026-06-17)
    assert s2.gain == Decimal("400.00")
    assert s2.long_term
    # the year: S1 deducts 0, S2 +400 long-term
    assert deductible(result) == Decimal("400.00")
    assert result.estimate.net_long_term == Decimal("400.00")
    assert pending(result) == []
    assert result.lots_after == ()


def test_vea_chain() -> None:
    """The chained wash. Before: S2's loss was −300.00 (the first assertion failed) and B2's
    basis in lots_after 4,300.00 instead of 5,300.00."""
    result = checked("vea", "vea_chain_trades")
    s2 = row(result, "S2")
    # B1's basis 5,200.00 sold for 3,900.00: −1,300.00, from 2025-06-17
    assert s2.gain == Decimal("-1300.00")
    assert s2.holding_period_start == D("2025-06-17")
    wash = result.wash_of(s2)
    assert wash is not None and wash.disallowed == Decimal("1300.00")
    # B2: 4,000 + 1,300 = 5,300.00 from 2026-02-25 − 238 days = 2025-07-02
    (b2,) = result.lots_after
    assert b2.lot.lot_id == "B2"
    assert b2.lot.cost == Decimal("5300.00")
    assert b2.wash_adjustment == Decimal("1300.00")
    assert b2.lot.holding_period_start == D("2025-07-02")
    # nothing is deducted; the economic loss −1,300.00 sits in B2
    assert deductible(result) == Decimal("0")
    assert pending(result) == []


def test_iwm_held_replacement_sold() -> None:
    """Defect 2. Before: R1 sold at cost 7,900.00, +1,100.00 short-term (``r.cost`` failed)."""
    result = checked("iwm", "iwm_trades")
    r = row(result, "S1")
    # R1: 7,900 + 2,000 = 9,900.00 from 2026-01-12 − 280 days = 2025-04-07
    assert r.cost == Decimal("9900.00")
    assert r.holding_period_start == D("2025-04-07")
    # 9,000 − 9,900 = −900.00, long-term
    assert r.gain == Decimal("-900.00")
    assert r.long_term
    assert deductible(result) == Decimal("-900.00")
    assert pending(result) == []


def test_iwm_custodian_adjusted_lot_counts_once() -> None:
    """Item 4. Before: the lot fields did not exist (the file did not load); with them read but
    the engine unchanged the basis would be 11,900.00."""
    result = checked("iwm_custodian", "iwm_trades")
    r = row(result, "S1")
    # the custodian's 9,900.00 already holds the 2,000.00: it is not added again
    assert r.cost == Decimal("9900.00")
    assert r.holding_period_start == D("2025-04-07")
    assert r.gain == Decimal("-900.00")
    assert r.long_term
    assert pending(result) == []


def test_vti_lots_sold_together() -> None:
    """Defect 3. Before: 500.00 of L1's loss was moved into L2, which the same sale disposes of
    (the ``wash_of(l1)`` assertion failed), −5,100.00 deducted and a warning about L2."""
    result = checked("vti", "vti_trades")
    l1, l2 = row(result, "S1", "L1"), row(result, "S1", "L2")
    # L1: 25,000 − 30,000 = −5,000.00 long; L2: 2,500 − 3,100 = −600.00 short
    assert (l1.gain, l1.long_term) == (Decimal("-5000.00"), True)
    assert (l2.gain, l2.long_term) == (Decimal("-600.00"), False)
    # L2's shares leave in the same sale: not replacements
    wash = result.wash_of(l1)
    assert wash is None or wash.disallowed == 0
    assert deductible(result) == Decimal("-5600.00")
    assert pending(result) == []


def test_two_lots_sold_the_same_day() -> None:
    """Defect 3, second case. Before: 0.00 deducted (the ``deductible`` assertion)."""
    result = checked("vti", "same_day_trades")
    # A: 1,000 − 1,200 = −200.00; B: 1,000 − 1,150 = −150.00; neither replaces the other
    assert row(result, "SA").gain == Decimal("-200.00")
    assert row(result, "SB").gain == Decimal("-150.00")
    assert deductible(result) == Decimal("-350.00")
    assert pending(result) == []


def test_held_lot_washed_in_part_is_named_by_its_id() -> None:
    """A held lot washed in part splits (iwm_partial.yaml); a trade naming the file's lot id
    sells both parts, each at its own basis and start (new behaviour: before the change R1 was
    sold whole at 7,900.00, −900.00 short-term)."""
    result = checked("iwm_partial", "iwm_partial_trades")
    first, rest = row(result, "S1", "R1.tx0"), row(result, "S1", "R1.rest")
    # R1.tx0: 60 × 79 + 1,200 = 5,940.00 from 2025-04-07; 4,200 − 5,940 = −1,740.00 short-term
    assert (first.cost, first.gain) == (Decimal("5940.00"), Decimal("-1740.00"))
    assert first.holding_period_start == D("2025-04-07") and not first.long_term
    assert first.wash_adjustment == Decimal("1200.00")
    # R1.rest: 40 × 79 = 3,160.00 from 2026-01-12; 2,800 − 3,160 = −360.00
    assert (rest.cost, rest.gain) == (Decimal("3160.00"), Decimal("-360.00"))
    assert rest.holding_period_start == D("2026-01-12")
    # R1's own purchase does not wash the sale of its parts (Rev. Rul. 56-602)
    assert deductible(result) == Decimal("-2100.00")
    assert result.estimate.net_short_term == Decimal("-2100.00")


def test_year_boundary_notes_name_the_trades_of_both_sides() -> None:
    """Item 5, for a plan's rationale (year_end_trades.yaml): S1's loss of 2026-12-21 is washed
    by B1 of 2027-01-04: 400.00 leaves the 2026 return; both trades get the sentence."""
    result = checked("december", "year_end_trades")
    note = "$400.00 of the 2026-12-21 loss on VEA leaves the 2026 return (2026 loses the deduction)"
    assert boundary_notes(result.washes.washes, "S1") == (note,)
    assert boundary_notes(result.washes.washes, "B1") == (note,)
    assert boundary_notes(result.washes.washes, "X") == ()


def test_parts_name_their_purchase() -> None:
    """iwm_partial.yaml: R1 splits into R1.tx0 (60 shares washed) and R1.rest (the rest)."""
    assert dict(part_purchases(household("iwm_partial"))) == {"R1.tx0": "R1", "R1.rest": "R1"}
    assert dict(part_purchases(household("iwm"))) == {}  # R1 washed whole keeps its id
