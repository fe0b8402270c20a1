"""The year-boundary wash sentence in a plan trade's rationale (issue 19, item 5).

The client orders the sale of IWM lot L1 (100 shares bought 2025-03-14 for $25,000) on
2026-12-28 at $200: proceeds 100 × 200 × (1 − 0.0002) = $19,996.00, a long-term loss of
$5,004.00, $50.04 a share. Their IRA buys $1,000 of IWM every 30 days, next on 2027-01-06 (and
so last on 2026-12-07): 1,000 / 200 = 5 shares each time, both within 30 days of the sale, so
2 × 5 × 50.04 = $500.40 of the loss is disallowed, for good (bought in an IRA, Rev. Rul.
2008-5). The 2027-01-06 purchase moves 5 × 50.04 = $250.20 of it out of the 2026 return: the
trade's rationale says so, with the dollars and the year that loses the deduction. (An order
is exempt from the wash-sale guard: the client insists, and the plan shows the wash.)
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from trimtab.cli import app

HOUSEHOLD = """\
format: trimtab.household/1
name: Year end
as_of: 2026-12-28
tax: {year: 2026, filing_status: single, ordinary_taxable_income: 90000}
owners: [{id: pat, birth_date: 1970-01-01}]
targets: {us_small_mid_cap: 20, ig_bonds: 80}
prices: {IWM: 200, BND: 75}
accounts:
  - id: brokerage
    type: taxable
    owners: [pat]
    holdings:
      - symbol: IWM
        lots: [{id: L1, acquired: 2025-03-14, quantity: 100, cost: 25000}]
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 1000}]
recurring:
  - {account: ira, symbol: IWM, amount: 1000, every_days: 30, next: 2027-01-06}
orders:
  - {account: brokerage, action: sell, symbol: IWM, quantity: 100, lots: [L1]}
"""


def test_the_rationale_names_the_loss_that_leaves_the_year(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(HOUSEHOLD)
    result = CliRunner().invoke(app, ["plan", str(path), "--json"])
    assert result.exit_code == 0, result.output
    [sale] = [t for t in json.loads(result.stdout)["trades"] if t["action"] == "sell"]
    assert sale["tax_impact"]["long_term_gain"] == "-5004.00"
    assert sale["tax_impact"]["wash_disallowed"] == "500.40"
    assert (
        "Wash sale across the year end: $250.20 of the 2026-12-28 loss on IWM leaves the 2026 "
        "return (2026 loses the deduction)."
    ) in sale["rationale"]
