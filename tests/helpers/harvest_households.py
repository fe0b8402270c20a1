"""The harvest-partner scenarios' accounts, prices and targets (a gold loss and its partners)."""

from __future__ import annotations

PRICES = "{IVV: 500, BND: 75, IAU: 50, GLDM: 50, VNQ: 50, SCHH: 25}"


TARGETS = "{us_large_cap: 45, ig_bonds: 45, alternatives: 10}"


ACCOUNTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: {symbol}
        lots: [{{id: H, acquired: 2025-03-03, quantity: 200, cost: 12000}}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{{symbol: IVV, quantity: 90}}, {{symbol: BND, quantity: 600}}]
"""
