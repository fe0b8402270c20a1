"""The wash-sale scenarios' household, sale and buy builders (tax/test_wash_sales_gold.py and the
property and scope tests use them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from trimtab import load_household
from trimtab.model import TradeAction
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.tax.wash import LossSale

D = dt.date.fromisoformat


def household(tmp_path: Path, as_of: str, accounts: str, extra: str = "") -> Household:
    text = f"""\
format: trimtab.household/1
as_of: {as_of}
tax: {{year: {as_of[:4]}, filing_status: married_joint, ordinary_taxable_income: 150000}}
owners: [{{id: ann}}, {{id: bob}}]
targets: {{us_large_cap: 100}}
prices: {{XCO: 10, VOO: 500, IVV: 550, FXAIX: 200, VFIAX: 520, AGG: 100, BND: 75}}
securities:
  XCO: {{asset_class: us_large_cap, type: stock}}
accounts:
{accounts}
{extra}"""
    path = tmp_path / "h.yaml"
    path.write_text(text)
    return load_household(path)


def sale(
    lot: str,
    sold: str,
    quantity: int,
    loss: str,
    start: str,
    symbol: str = "XCO",
    account: str = "tax",
) -> LossSale:
    return LossSale(
        id=f"S/{lot}",
        trade="S",
        account=account,
        symbol=symbol,
        lot_id=lot,
        acquired=D(start),
        holding_period_start=D(start),
        sold=D(sold),
        quantity=Decimal(quantity),
        loss=Decimal(loss),
    )


def buy(tid: str, day: str, quantity: int, account: str = "tax", symbol: str = "XCO") -> Trade:
    return Trade(
        id=tid,
        date=D(day),
        account=account,
        action=TradeAction.BUY,
        symbol=symbol,
        quantity=Decimal(quantity),
        price=Decimal(10),
    )


TAXABLE = """\
  - id: tax
    type: taxable
    owners: [ann, bob]
    holdings:
      - symbol: XCO
        lots:
"""
