"""The harvest marks figured once per household equal each harvest checked on its own.

`harvest_washes` used to call `check_wash_sales(household, (), (sale,))` once per harvestable
lot, each call gathering every transaction and purchase of the household: lots × transactions
(issue 31, item 7; a large household with 10,000 transactions took minutes in `trimtab tax`).
`washes_alone` gathers them once and matches each sale against its identical group's only; a
replacement of another group never replaces it, so the result must be exactly the same. The
property: on the example household with random recent buys and loss sales added (IVV, VOO and
FXAIX are one S&P 500 group; VTI, SCHB others), both give equal washes for every harvest.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from trimtab import load_household
from trimtab.analysis.valuation import price
from trimtab.model.household import Household
from trimtab.tax.harvest import harvestable_losses
from trimtab.tax.harvest_wash import harvest_wash, harvest_washes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "household.yaml").read_text(encoding="utf-8")
AS_OF = dt.date(2026, 11, 24)
ANCHOR = "transactions:   # recent trades, at least the last 30 days, for wash sales\n"

row = st.tuples(
    st.sampled_from(["buy", "sell"]),
    st.sampled_from(["joint-taxable", "ana-ira", "luis-ira"]),
    st.sampled_from(["IVV", "VOO", "VTI", "SCHB", "VEA"]),
    st.integers(min_value=0, max_value=40),  # days before as_of
    st.integers(min_value=1, max_value=30),  # shares
)


def with_rows(rows: list[tuple[str, str, str, int, int]], folder: Path) -> Household:
    lines = []
    for action, account, symbol, days, quantity in rows:
        day = (AS_OF - dt.timedelta(days=days)).isoformat()
        # a sell at 10.00 a share with a cost of 20.00 a share: a loss of 10.00 a share
        sold = f", cost: {quantity * 20}, acquired: 2025-01-02" if action == "sell" else ""
        lines.append(
            f"  - {{date: {day}, account: {account}, action: {action}, symbol: {symbol}, "
            f"quantity: {quantity}, price: 10.00{sold}}}\n"
        )
    path = folder / "household.yaml"
    path.write_text(EXAMPLE.replace(ANCHOR, ANCHOR + "".join(lines)), encoding="utf-8")
    return load_household(path)


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(row, max_size=8))
@example(rows=[])
@example(rows=[("sell", "joint-taxable", "VOO", 3, 5), ("buy", "ana-ira", "IVV", 2, 30)])
@example(rows=[("buy", "joint-taxable", "IVV", 0, 7), ("sell", "joint-taxable", "IVV", 0, 7)])
def test_the_marks_of_all_harvests_equal_each_harvest_alone(
    rows: list[tuple[str, str, str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        household = with_rows(rows, Path(folder))
    prices = {h.symbol: price(household, h.symbol) for a in household.accounts for h in a.holdings}
    harvestable = harvestable_losses(household, prices)
    assert harvestable  # the example has the IVV and VEA harvests
    assert harvest_washes(household, harvestable) == tuple(
        harvest_wash(household, loss) for loss in harvestable
    )
