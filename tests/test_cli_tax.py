"""`trimtab check` and `trimtab tax` on the example household; their schemas.

Example household (examples/household.yaml): married filing jointly 2026, ordinary taxable
income 210,000, qualified dividends 4,200, realized long 3,400, carryforward in long 1,200,
state 5%. Trades: tests/data/trades/example_trades.yaml (the arithmetic is in that file).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.errors import Problem
from trimtab.load import read_tree

DATA = Path(__file__).resolve().parent / "data"
TRADES = DATA / "trades" / "example_trades.yaml"


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(run("schema", name).stdout)
    return loaded


def check_json(example_path: Path, *extra: str) -> dict[str, Any]:
    result = run("check", str(example_path), "--trades", str(TRADES), "--json", *extra)
    document: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(document, schema("check"))
    return document


def test_check_json_of_the_example(example_path: Path) -> None:
    doc = check_json(example_path)
    jsonschema.validate(doc, schema("check"))
    assert doc["format"] == "trimtab.check/1"
    assert [
        (r["trade"], r["lot_id"], r["quantity"], r["gain"], r["term"]) for r in doc["realized"]
    ] == [
        ("T1", "L2", "40.000000", "-2400.00", "short"),  # 10,000.00 − 12,400.00
        ("T3", "L1", "30.000000", "5430.00", "long"),  # 9,900.00 − 30/120 × 17,880.00
    ]
    # T3 names no lot in a specific_id account: FIFO, with a warning
    kinds = [(w["kind"], w["line"], w["field"]) for w in doc["warnings"]]
    assert ("fifo_assumed", 13, "trades[2].lots") in kinds
    assert ("basis_unknown", 164, "accounts[5].holdings[0].basis") in kinds  # the household's


def test_check_estimate_without_and_marginal(example_path: Path) -> None:
    doc = check_json(example_path)
    # Without: line 15 = 3,400 − 1,200 = 2,200; preferential 2,200 + 4,200 = 6,400 at 15% = 960;
    # schedule tax on 210,000 = 11,600 + 22% × 109,200 = 35,624; income tax 36,584; state
    # 5% × 2,200 = 110.
    without = doc["without"]
    assert (without["income_tax"], without["state"], without["total"]) == (
        "36584.00",
        "110.00",
        "36694.00",
    )
    # T1's −2,400 loss (sold 2026-12-01) is washed by the VTI dividend reinvestment of
    # 2026-12-22 in the same account: it has no amount, so the worst case (all 40 sold shares
    # replaced) is assumed: 2,400 disallowed, deferred into that purchase's basis, 0 deducted.
    t1 = doc["realized"][0]
    assert (t1["wash"], t1["wash_disallowed"], t1["wash_permanent"]) == (
        "deferred",
        "2400.00",
        "0.00",
    )
    # With: line 7 = −2,400 + 2,400 = 0, line 15 = 2,200 + 5,430 = 7,630; preferential
    # (7,630 + 4,200) × 15% = 1,774.50; income tax 35,624 + 1,774.50 = 37,398.50.
    estimate = doc["estimate"]
    assert (estimate["net_short_term"], estimate["net_long_term"]) == ("0.00", "7630.00")
    assert (estimate["preferential_tax"], estimate["income_tax"]) == ("1774.50", "37398.50")
    # Marginal: 5,430 more gain at 15% = 814.50 and at 5% = 271.50: 1,086.00
    marginal = doc["marginal"]
    assert (marginal["income_tax"], marginal["state"], marginal["total"]) == (
        "814.50",
        "271.50",
        "1086.00",
    )
    assert marginal["carryforward_out"] == {"short": "0.00", "long": "0.00"}


def test_check_lots_after(example_path: Path) -> None:
    doc = check_json(example_path)
    vti = [
        (x["lot_id"], x["quantity"], x["cost"]) for x in doc["lots_after"] if x["symbol"] == "VTI"
    ]
    assert vti == [
        ("L1", "90.000000", "13410.00"),  # 120 − 30 shares; 17,880 − 4,470
        ("L3", "25.000000", "7250.00"),
        ("L4", "15.000000", "4500.00"),
        ("L5", "10.000000", "1800.00"),
    ]  # L2 sold out
    itot = [x for x in doc["lots_after"] if x["symbol"] == "ITOT"]
    assert itot == [
        {
            "account": "ana-ira",
            "symbol": "ITOT",
            "lot_id": "T2",
            "acquired": "2026-12-10",
            "holding_period_start": "2026-12-10",
            "quantity": "10.000000",
            "cost": "1402.50",
            "wash_adjustment": "0.00",
        }
    ]
    # positions without lots (IRA, 401(k), the UTMA) are one lot each: <account>/<symbol>
    assert "luis-401k/FXAIX" in {x["lot_id"] for x in doc["lots_after"]}


def test_check_relief_method_override(example_path: Path) -> None:
    doc = check_json(example_path, "--relief-method", "hifo")
    # HIFO for T3 (30 VTI, no lots named), after T1 sold L2 (310.00 a share) the same day:
    # L4 4,500 / 15 = 300.00 a share, all 15; then L3 7,250 / 25 = 290.00, 15 of its 25
    # (L5 1,800 / 10 = 180.00 and L1 17,880 / 120 = 149.00 are cheaper).
    t3 = [(r["lot_id"], r["quantity"]) for r in doc["realized"] if r["trade"] == "T3"]
    assert t3 == [("L4", "15.000000"), ("L3", "15.000000")]
    assert doc["relief_method"] == "hifo"
    assert not any(w["kind"] == "fifo_assumed" for w in doc["warnings"])


def test_check_console_prints_the_tables(example_path: Path) -> None:
    result = run("check", str(example_path), "--trades", str(TRADES))
    for heading in ("Trades", "Realized, lot by lot", "Lots after", "Tax estimate 2026"):
        assert heading in result.stdout
    assert "1,086.00" in result.stdout  # the marginal total (T1's loss is washed)


def test_check_with_a_plan(example_path: Path) -> None:
    plan = DATA / "trades" / "plan.json"
    result = run("check", str(example_path), "--trades", str(plan), "--json")
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, schema("check"))
    # L7: 11,570.00 − 2.31 = 11,567.69 − 12,400.00 = −832.31 long-term
    assert [(r["trade"], r["gain"], r["term"]) for r in doc["realized"]] == [
        ("P1", "-832.31", "long")
    ]


def test_bad_trades_exit_2_with_file_line_and_field(example_path: Path) -> None:
    bad = DATA / "bad_trades" / "oversell.yaml"
    result = CliRunner().invoke(app, ["check", str(example_path), "--trades", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:5:5: trades[0].quantity: trade T1 sells 211 VTI" in result.stderr


def test_a_missing_trade_file_has_no_traceback(example_path: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "trimtab",
            "check",
            str(example_path),
            "--trades",
            str(tmp_path / "none.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "no such file" in proc.stderr


def test_an_unknown_relief_method_is_a_usage_error(example_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", str(example_path), "--trades", str(TRADES), "--relief-method", "best"]
    )
    assert result.exit_code == 2


def test_tax_json_of_the_example(example_path: Path) -> None:
    doc = json.loads(run("tax", str(example_path), "--json").stdout)
    jsonschema.validate(doc, schema("tax"))
    joint = doc["unrealized"][0]
    assert (joint["account"], joint["short"], joint["long"]) == (
        "joint-taxable",
        "1134.00",
        "45893.00",
    )
    # IVV L6: 20 × 682.15 = 13,643.00 − 14,400.00 = −757.00 (5.26% of cost), short-term;
    # VEA L7: 200 × 57.85 = 11,570.00 − 12,400.00 = −830.00 (6.69%), long-term;
    # VWO L8: 150 × 51.90 = 7,785.00 − 8,250.00 = −465.00 < 500: not harvestable.
    assert [(h["lot_id"], h["loss"], h["loss_pct"], h["term"]) for h in doc["harvestable"]] == [
        ("L6", "757.00", "5.2569", "short"),
        ("L7", "830.00", "6.6935", "long"),
    ]
    assert doc["estimate"]["total"] == "36694.00"  # 36,584 + 0 NIIT + 110 state
    assert [w["kind"] for w in doc["warnings"]] == ["basis_unknown"]


def test_tax_console(example_path: Path) -> None:
    result = run("tax", str(example_path))
    for heading in ("Unrealized gains", "Harvestable losses", "Tax estimate 2026 so far"):
        assert heading in result.stdout


def test_trades_schema_accepts_the_example_trades() -> None:
    tree = read_tree(TRADES)
    assert not isinstance(tree, Problem)
    jsonschema.validate(_json_ready(tree.data), schema("trades"))


def _json_ready(node: Any) -> Any:
    """YAML data as JSON carries it: decimals as numbers (dates are already text)."""
    if isinstance(node, dict):
        return {k: _json_ready(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_json_ready(v) for v in node]
    if isinstance(node, Decimal):
        return float(node)
    return node
