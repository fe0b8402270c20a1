"""The plan document: valid against its schema, byte-identical across processes, and checkable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

from trimtab import load_household
from trimtab.pipeline import check_trade_file, plan_household
from trimtab.report.json.encode import render_json
from trimtab.report.json.plan import plan_document, plan_schema


def _plan_json(path: Path) -> dict:  # type: ignore[type-arg]
    report = plan_household(load_household(path))
    return plan_document(report, "0" * 64)


def test_the_example_plan_is_valid_against_the_schema(example_path: Path) -> None:
    document = _plan_json(example_path)
    jsonschema.validate(document, plan_schema())
    assert document["format"] == "trimtab.plan/1" and document["trades"]


def test_two_processes_with_different_hash_seeds_give_identical_json(example_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from trimtab import load_household; "
        "from trimtab.pipeline import plan_household; "
        "from trimtab.report.json.plan import plan_document; "
        "from trimtab.report.json.encode import render_json; "
        "sys.stdout.buffer.write(render_json(plan_document(plan_household("
        f"load_household(Path({str(example_path)!r}))), '0' * 64)))"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


def test_check_of_the_plan_reproduces_its_lots_and_tax(tmp_path: Path) -> None:
    # a household whose plan sells taxable lots: the loss-lot scenario
    from helpers.plan_households import household
    from helpers.scenario_households import lots

    h = household(tmp_path, lots())
    report = plan_household(h)
    document = plan_document(report, "0" * 64)
    plan_path = tmp_path / "plan.json"
    plan_path.write_bytes(render_json(document))
    check = check_trade_file(h, plan_path)
    realized = [(r.lot_id, r.quantity, r.gain) for r in check.realization.realized if r.taxed_here]
    planned = [(lot.lot_id, lot.quantity, lot.gain) for t in report.plan.trades for lot in t.lots]
    assert realized == planned
    assert check.marginal.total == report.whatif.marginal.total
    assert json.loads(plan_path.read_text())["tax"]["marginal"]["total"] == "89.46"
