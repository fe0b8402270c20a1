"""The plan's trade figures add up as documented (issue 31, item 2; docs/plan-format.md).

`amount` is quantity × price before costs, rounded half-up to cents, from the exact price;
`price` is that price rounded to cents, for reading. Before, the document gave only the rounded
price, so a trade of 1,208.416941 shares at $10.6812345 read 1,208.416941 × 10.68 = 12,905.89
against an amount of 12,907.38. `price_exact` now carries the price the amount uses, and the
identity amount = round(quantity × price_exact, cents) holds for every trade.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from trimtab import load_household, plan_household
from trimtab.model.plan import PlannedTrade
from trimtab.report.json.plan import trade_json

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "household.yaml"
CENT = Decimal("0.01")


@cache
def _a_trade() -> PlannedTrade:
    return plan_household(load_household(EXAMPLE)).plan.trades[0]


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100_000), places=8)
quantities = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(1_000_000), places=6)


@given(price=prices, quantity=quantities)
@example(price=Decimal("10.68123450"), quantity=Decimal("1208.416941"))
def test_amount_is_quantity_times_the_exact_price(price: Decimal, quantity: Decimal) -> None:
    # the engine's amount is quantity × price, exactly (explain/plan.py); the document rounds
    trade = dataclasses.replace(_a_trade(), price=price, quantity=quantity, amount=quantity * price)
    document = trade_json(trade)
    product = Decimal(document["quantity"]) * Decimal(document["price_exact"])
    assert Decimal(document["amount"]) == product.quantize(CENT, rounding=ROUND_HALF_UP)
    assert Decimal(document["price"]) == price.quantize(CENT, rounding=ROUND_HALF_UP)
    assert "E" not in document["price_exact"]
