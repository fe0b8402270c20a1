"""Issue 19 through the CLI: `state`, `tax`, `plan` and `check` on the held-replacement example.

tests/data/wash19/iwm.yaml (as_of 2026-06-15): R1, 100 IWM bought 2026-01-12 for 7,900.00,
replaced 100 IWM sold 2025-12-19 at a 2,000.00 loss (bought 2025-03-14, held 280 days). Its
basis is 7,900 + 2,000 = 9,900.00 ($99.00 a share) and its holding period starts 2026-01-12 −
280 days = 2025-04-07; at $90.00 it is worth 9,000.00: −900.00 long-term. The December loss is
washed by a January purchase: $2,000.00 leaves the 2025 return.

Before the change: `state` showed cost 7,900.00 from 2026-01-12 (+1,100.00 short-term; the
first assertion of the state test failed), `tax` the same, the plan sold R1's shares at $79.00
a share for a short-term gain, and no warning named the year boundary.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from trimtab.cli import app

WASH19 = Path(__file__).resolve().parent.parent / "data" / "wash19"
IWM = WASH19 / "iwm.yaml"


def run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def boundary(doc: dict[str, Any]) -> list[str]:
    return [w["message"] for w in doc["warnings"] if w["kind"] == "wash_year_boundary"]


def test_state_shows_the_adjusted_basis_and_start() -> None:
    (lot,) = run_json("state", str(IWM))["accounts"][0]["holdings"][0]["lots"]
    assert (lot["lot_id"], lot["acquired"]) == ("R1", "2026-01-12")
    assert lot["cost"] == "9900.00"  # 7,900 + 2,000
    assert lot["holding_period_start"] == "2025-04-07"  # 2026-01-12 − 280 days
    assert lot["unrealized_gain"] == "-900.00"  # 9,000 − 9,900
    assert lot["term"] == "long"


def test_tax_shows_the_adjusted_basis_and_the_year_boundary() -> None:
    doc = run_json("tax", str(IWM))
    assert doc["unrealized_long"] == "-900.00" and doc["unrealized_short"] == "0.00"
    (harvest,) = doc["harvestable"]
    assert harvest["cost"] == "9900.00"
    assert harvest["holding_period_start"] == "2025-04-07"
    assert (harvest["loss"], harvest["term"]) == ("900.00", "long")
    (message,) = boundary(doc)
    assert "$2000.00" in message and "2025 return (2025 loses the deduction)" in message


def test_plan_sells_at_the_adjusted_basis() -> None:
    doc = run_json("plan", str(IWM))
    (sell,) = [t for t in doc["trades"] if t["action"] == "sell"]
    assert sell["symbol"] == "IWM"
    (lot,) = sell["lots"]
    quantity = Decimal(lot["quantity"])
    # $99.00 a share (9,900 / 100), long-term from 2025-04-07: a loss at $90.00 less costs
    assert Decimal(lot["cost"]) == quantity * 99
    assert lot["holding_period_start"] == "2025-04-07"
    assert lot["term"] == "long"
    assert Decimal(lot["gain"]) == Decimal(lot["proceeds"]) - quantity * 99 < 0
    assert doc["tax"]["long_term"]["net"] == lot["gain"]
    assert doc["tax"]["short_term"]["net"] == "0.00"
    assert boundary(doc)


def test_check_sells_at_the_adjusted_basis() -> None:
    doc = run_json("check", str(IWM), "--trades", str(WASH19 / "iwm_trades.yaml"))
    (row,) = doc["realized"]
    assert (row["cost"], row["gain"], row["term"]) == ("9900.00", "-900.00", "long")
    assert row["holding_period_start"] == "2025-04-07"
    assert doc["estimate"]["net_long_term"] == "-900.00"


def test_check_january_purchase_after_a_december_loss() -> None:
    """Item 5 (see january_trades.yaml): 500.00 leaves the 2025 return into B1."""
    doc = run_json(
        "check", str(WASH19 / "december.yaml"), "--trades", str(WASH19 / "january_trades.yaml")
    )
    (message,) = boundary(doc)
    assert "2025-12-22" in message and "$500.00" in message
    assert "2025 return (2025 loses the deduction)" in message
    b1 = next(x for x in doc["lots_after"] if x["lot_id"] == "B1")
    assert (b1["cost"], b1["wash_adjustment"]) == ("2500.00", "500.00")  # 2,000 + 500
    assert b1["holding_period_start"] == "2025-06-17"  # 2026-01-06 − 203 days


def test_check_list_crossing_the_year() -> None:
    """Item 5 within one list (see year_end_trades.yaml): 400.00 leaves the 2026 return."""
    doc = run_json(
        "check", str(WASH19 / "december.yaml"), "--trades", str(WASH19 / "year_end_trades.yaml")
    )
    (message,) = boundary(doc)
    assert "$400.00" in message and "2026 return (2026 loses the deduction)" in message
    (row,) = doc["realized"]
    assert (row["gain"], row["wash_disallowed"]) == ("-400.00", "400.00")
    assert doc["estimate"]["net_long_term"] == "0.00"  # −400 + 400 disallowed
    b1 = next(x for x in doc["lots_after"] if x["lot_id"] == "B1")
    assert (b1["cost"], b1["holding_period_start"]) == ("2040.00", "2025-06-16")
