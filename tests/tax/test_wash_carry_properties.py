"""Issue 19 property: no loss is created or destroyed by wash sales inside one year.

For any sequence of buys and sales of one substantially-identical group (VOO and IVV track the
S&P 500) across the household's two taxable accounts within 2026:

    Σ reported gains (gain + disallowed, each sale)  −  Σ deferred losses still in open lots
        =  Σ proceeds  −  Σ original cost of the shares sold

where the original cost of the shares sold is every purchase's cost (held lots and buys) less
the original cost of the shares still open (each open lot's cost less its wash adjustment). No
taxable account's purchase makes a loss permanent, so nothing may be lost; and no warning asks
to adjust a lot that is already sold (`wash_adjustment_pending`).

Hand check of the identity on tests/data/wash19/vea_chain_trades.yaml: reported 0 + 0; deferred
1,300 in B2; proceeds 7,900; purchases 5,000 + 4,200 + 4,000 = 13,200, open original cost
4,000: 0 − 1,300 = 7,900 − (13,200 − 4,000) = −1,300.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from trimtab import load_household
from trimtab.model.enums import TradeAction
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.tax.whatif import what_if

AS_OF = dt.date(2026, 1, 5)
ACCOUNTS = ("ann-taxable", "bob-taxable")
SYMBOLS = ("VOO", "IVV")
TOLERANCE = Decimal("1e-9")  # pro rata divisions are exact to 28 significant digits

# ann-taxable: VOO H1 10 sh 2025-03-10 for 5,600; H2 5 sh 2025-12-20 for 2,400;
# bob-taxable: IVV H3 8 sh 2025-12-29 for 4,800 (relief_method fifo in both)
HOUSEHOLD = Path(__file__).resolve().parent.parent / "data" / "wash19" / "property.yaml"
HELD_COST = Decimal(5600 + 2400 + 4800)
HELD = {("ann-taxable", "VOO"): Decimal(15), ("bob-taxable", "IVV"): Decimal(8)}

# one step: (days after as_of, account, symbol, buy?, shares, price)
step = st.tuples(
    st.integers(min_value=0, max_value=350),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(SYMBOLS),
    st.booleans(),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=40, max_value=70).map(lambda p: Decimal(p * 10)),
)

Step = tuple[int, str, str, bool, int, Decimal]


def trades_of(steps: list[Step]) -> tuple[Trade, ...]:
    """The steps in date order as trades; a sale sells at most what the position holds then."""
    held = dict(HELD)
    out: list[Trade] = []
    for n, (days, account, symbol, buy, shares, price) in enumerate(sorted(steps, key=_day)):
        quantity = Decimal(shares)
        if not buy:
            quantity = min(quantity, held.get((account, symbol), Decimal(0)))
            if quantity <= 0:
                continue
        held[(account, symbol)] = held.get((account, symbol), Decimal(0)) + (
            quantity if buy else -quantity
        )
        out.append(
            Trade(
                id=f"T{n}",
                date=AS_OF + dt.timedelta(days=days),
                account=account,
                action=TradeAction.BUY if buy else TradeAction.SELL,
                symbol=symbol,
                quantity=quantity,
                price=price,
            )
        )
    return tuple(out)


def _day(s: Step) -> int:
    return s[0]


_HOUSEHOLD: list[Household] = []


def household() -> Household:
    """The property's household, loaded once."""
    if not _HOUSEHOLD:
        _HOUSEHOLD.append(load_household(HOUSEHOLD))
    return _HOUSEHOLD[0]


@given(st.lists(step, min_size=1, max_size=12))
# the VEA-like chain: loss, rebuy on day 30 (inside), sold at a loss, rebuy on day 31 (outside)
@example(
    [
        (0, "ann-taxable", "VOO", False, 15, Decimal(400)),
        (30, "bob-taxable", "IVV", True, 15, Decimal(420)),
        (60, "bob-taxable", "IVV", False, 23, Decimal(400)),
        (91, "ann-taxable", "VOO", True, 10, Decimal(400)),
    ]
)
# two positions sold the same day, each bought within 30 days of the other's sale
@example(
    [
        (3, "ann-taxable", "VOO", False, 15, Decimal(400)),
        (3, "bob-taxable", "IVV", False, 8, Decimal(400)),
    ]
)
def test_no_loss_created_or_destroyed(steps: list[Step]) -> None:
    h = household()
    trades = trades_of(steps)
    result = what_if(h, trades)
    reported = Decimal(0)
    for row in result.realization.realized:
        wash = result.wash_of(row)
        reported += row.gain + (wash.disallowed if wash is not None else Decimal(0))
        assert wash is None or wash.permanent == 0
    deferred = sum((a.wash_adjustment for a in result.lots_after), Decimal(0))
    proceeds = sum((r.proceeds for r in result.realization.realized), Decimal(0))
    bought = sum((t.value for t in trades if t.action is TradeAction.BUY), Decimal(0))
    open_original = sum((a.lot.cost - a.wash_adjustment for a in result.lots_after), Decimal(0))
    sold_cost = HELD_COST + bought - open_original
    assert abs((reported - deferred) - (proceeds - sold_cost)) < TOLERANCE
    assert not [w for w in result.warnings if w.kind == "wash_adjustment_pending"]
