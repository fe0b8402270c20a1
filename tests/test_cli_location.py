"""`trimtab location`, and what `trimtab plan --out` writes (report.html, trade files)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.report.json.location import location_schema

BAD = Path(__file__).parent / "data" / "bad"


def test_location_json_of_the_example_follows_its_schema(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["location", str(example_path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, location_schema())
    assert doc["format"] == "trimtab.location/1"
    # the best location drags less than the current one by the gain, to the cent
    drag = doc["drag_dollars_per_year"]
    gain = doc["gain"]["dollars_per_year"]
    assert abs(float(drag["current"]) - float(drag["best"]) - float(gain)) <= 0.011
    # moving to best keeps each class's total: what leaves a class arrives in it
    classes = {r["asset_class"] for r in doc["current"]}
    for cls in classes:
        now = sum(float(r["amount"]) for r in doc["current"] if r["asset_class"] == cls)
        best = sum(float(r["amount"]) for r in doc["best"] if r["asset_class"] == cls)
        assert abs(now - best) < 0.05, cls
    # no municipal fund is held in the example's IRAs, and no move puts bonds in the kids' UTMA
    assert all(m["to_account"] != "kids-utma" for m in doc["moves"])
    assert {r["account_type"] for r in doc["drag"]} >= {"taxable", "traditional_ira", "roth_ira"}


def test_location_console_shows_the_review(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["location", str(example_path)])
    assert result.exit_code == 0, result.output
    for words in ("Yearly tax drag of the current location", "Moves to the best location"):
        assert words in result.stdout


def test_location_of_a_bad_file_exits_2() -> None:
    result = CliRunner().invoke(app, ["location", str(BAD / "targets_sum.yaml")])
    assert result.exit_code == 2
    assert "targets add up to 90" in result.stderr


def test_schema_location_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["schema", "location"])
    assert json.loads(result.stdout)["title"] == "trimtab.location/1"


def test_plan_out_writes_every_report_and_the_trade_files(
    tmp_path: Path, example_path: Path
) -> None:
    args = ["plan", str(example_path), "--out", str(tmp_path)]
    result = CliRunner().invoke(app, [*args, "--trade-file", "generic", "--trade-file", "ibkr"])
    assert result.exit_code == 0, result.output
    names = [
        "plan.json",
        "plan.xlsx",
        "report.html",
        "review.html",
        "trades-generic.csv",
        "trades-generic-schwab.csv",  # one generic file per custodian whose accounts trade
        "trades-generic-fidelity.csv",
        "trades-generic-ibkr.csv",
        "trades-ibkr.csv",
    ]
    # and the hidden list of what the run wrote (output.write_run; tests/test_cli_out_folder.py)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names, ".trimtab-run.json"])
    for name in names:
        assert f"wrote {tmp_path / name}" in result.stderr
    # the 401(k) (at Fidelity) has no custodian number: the generic file warns about it
    assert result.stderr.count("no_account_number") == 0  # kinds are not printed, messages are
    assert "luis-401k" in result.stderr
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["location"]["after_plan"]["drag_dollars_per_year"]


def test_trade_file_without_out_is_refused(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(example_path), "--trade-file", "generic"])
    assert result.exit_code == 2
    assert "--out" in result.output


def test_unknown_trade_file_kind_is_refused(tmp_path: Path, example_path: Path) -> None:
    args = ["plan", str(example_path), "--out", str(tmp_path), "--trade-file", "etrade"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())
