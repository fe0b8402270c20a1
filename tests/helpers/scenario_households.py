"""The plan scenarios' households: an IRA beside a taxable account, and the lots household of
long-term, short-term and loss lots."""

from __future__ import annotations

IRA_AND_TAXABLE = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots: [{id: T1, acquired: 2015-01-05, quantity: 100, cost: 10000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: IVV, quantity: 40}, {symbol: BND, quantity: 400}]
"""


def lots(**kw: object) -> str:
    values = {
        "lt_cost": 24000,
        "st_date": "2026-03-02",
        "st_cost": 24000,
        "loss_qty": 20,
        "loss_cost": 11000,
    }
    values.update(kw)
    return LOTS.format(**values)


LOTS = """\
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IVV
        lots:
          - {{id: LT, acquired: 2020-01-06, quantity: 60, cost: {lt_cost}}}
          - {{id: ST, acquired: {st_date}, quantity: 60, cost: {st_cost}}}
          - {{id: LOSS, acquired: 2025-03-03, quantity: {loss_qty}, cost: {loss_cost}}}
      - {{symbol: BND, lots: [{{id: B1, acquired: 2020-01-06, quantity: 400, cost: 30000}}]}}
"""
