"""Issue 21 item 5: a basis adjustment to write by hand points at the purchase's line.

The warning `wash_adjustment_pending` asks the user to add a disallowed loss to the basis of
shares the household file records only as a purchase (a `transactions` row or a `recurring`
purchase with no lot of its own). It printed `<unknown>:0:0:`; it now names the row of the
purchase (tax/wash/scope.acquisition_source).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.model.enums import TradeAction
from trimtab.model.trade import Trade
from trimtab.tax.whatif import what_if

HOUSEHOLD = """\
format: trimtab.household/1
name: Pending adjustment
as_of: 2026-11-24
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners:
  - {id: pat}
targets:
  us_large_cap: 100
prices: {VTI: 250}
accounts:
  - id: brokerage
    type: taxable
    owners: [pat]
    cash: 0
    holdings:
      - symbol: VTI
        lots:
          - {id: L1, acquired: 2020-01-10, quantity: 10, cost: 3000}
"""

# L1: 10 VTI at $300 sold at $250: a $500 loss. One share bought 7 days earlier washes one
# sold share: 500 / 10 = $50.00 disallowed, to be added to that share's basis.
SALE = Trade(
    id="S1",
    date=dt.date(2026, 11, 24),
    account="brokerage",
    action=TradeAction.SELL,
    symbol="VTI",
    quantity=Decimal(10),
    amount=Decimal("2500.00"),
    lots=("L1",),
)


def _pending(path: Path) -> list[tuple[int, int, str]]:
    result = what_if(load_household(path), [SALE])
    return [
        (w.source.line, w.source.column, w.message)
        for w in result.warnings
        if w.kind == "wash_adjustment_pending"
    ]


def test_a_transaction_purchase_is_named_at_its_row(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(
        HOUSEHOLD
        + "transactions:\n"
        + "  - {date: 2026-11-17, account: brokerage, action: buy, symbol: VTI, quantity: 1,"
        + " price: 250}\n",
        encoding="utf-8",
    )
    # the transactions row is line 20 (HOUSEHOLD has 18 lines, `transactions:` is 19), col 5
    assert _pending(path) == [
        (
            20,
            5,
            "add $50.00 of disallowed loss (from S1/L1) to the basis of the 1 shares of VTI "
            "bought on 2026-11-17 in brokerage (transaction transactions[0])",
        )
    ]


def test_a_recurring_purchase_is_named_at_its_row(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(
        HOUSEHOLD
        + "recurring:\n"
        + "  - {account: brokerage, symbol: VTI, amount: 500, every_days: 90, next: 2026-12-20}\n",
        encoding="utf-8",
    )
    # $500 every 90 days at $250: 2 shares on 2026-12-20, within 30 days after the sale (the one
    # before, 2026-09-21, is not): 2 shares wash 2 × $50 = $100.00.
    assert _pending(path) == [
        (
            20,
            5,
            "add $100.00 of disallowed loss (from S1/L1) to the basis of the 2 shares of VTI "
            "bought on 2026-12-20 in brokerage (recurring recurring[0]@2026-12-20)",
        )
    ]
