"""`trimtab plan --solver`: the LP-first engine by default, the exact reference on request."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TRIMTAB = Path(sys.executable).with_name("trimtab")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "household.yaml"


def _plan(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [str(TRIMTAB), "plan", str(EXAMPLE), "--json", *args], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    document: dict[str, object] = json.loads(done.stdout)
    return document


def test_both_solvers_plan_the_example_and_an_unknown_one_is_refused() -> None:
    default, exact = _plan(), _plan("--solver", "exact")
    assert default["format"] == exact["format"] == "trimtab.plan/1"
    assert default["trades"] and exact["trades"]
    # the example's exact plan (docs/optimizer.md): P5 buys 2 IVV in the taxable account,
    # where the LP-first plan buys the FXAIX fund with the new money
    symbols = {(t["account"], t["symbol"]) for t in exact["trades"]}  # type: ignore[union-attr]
    assert ("joint-taxable", "IVV") in symbols
    bad = subprocess.run(
        [str(TRIMTAB), "plan", str(EXAMPLE), "--solver", "fast"], capture_output=True, check=False
    )
    assert bad.returncode == 2
