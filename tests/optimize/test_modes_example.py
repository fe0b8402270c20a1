"""Every mode plans the example household (issue 20, item 5).

The example's cash need (examples/household.yaml): Ana (born 1952-04-02) is 74 in 2026; her IRA
ana-ira was worth $182,000 at the end of 2025, and the Uniform Lifetime Table's period at 74 is
25.5 (Treas. Reg. §1.401(a)(9)-9(c)), so her RMD is 182,000 / 25.5 = $7,137.25. The pending
$5,000 withdrawal counts toward it, so ana-ira pays out $7,137.25 in all from $800 of cash:
it must raise 7,137.25 − 800 = $6,337.25 by selling.

Before the fix, `--mode cash` capped ana-ira's gross sales at exactly $6,337.25, which whole
shares less their selling costs cannot reach ("$1.27 short" with $141,040 sellable), and
`--mode harvest` allowed only harvest sales, so no account could raise a withdrawal or an RMD
(exit 3 both).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from typer.testing import CliRunner

from trimtab.cli import app

EXAMPLE = "examples/household.yaml"
NEED = Decimal("182000") / Decimal("25.5") - 800  # $6,337.25 to raise in ana-ira
DEAREST_SHARE = Decimal("500")  # no position of ana-ira trades above $500 a share


def _plan(mode: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["plan", EXAMPLE, "--mode", mode, "--json"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize("mode", ["target", "band", "cash", "harvest", "location"])
def test_every_mode_plans_the_example(mode: str) -> None:
    assert _plan(mode)["mode"] == mode


def _sold(document: dict[str, Any]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for t in document["trades"]:
        if t["action"] == "sell":
            out[t["account"]] = out.get(t["account"], Decimal(0)) + Decimal(t["amount"])
    return out


def test_cash_mode_sells_what_the_rmd_needs_and_no_more_than_a_share_over() -> None:
    document = _plan("cash")
    sold = _sold(document)
    # only the IRA that owes the RMD sells; nothing is sold elsewhere in cash mode
    assert set(sold) == {"ana-ira"}
    # enough for the need (the half-spread of these bond funds is a few cents a share) ...
    assert sold["ana-ira"] >= NEED
    # ... and at most one whole share (and the costs) more: 6,337.25 × 1.002 + a share
    assert sold["ana-ira"] <= NEED * Decimal("1.002") + DEAREST_SHARE
    reasons = {t["reason"] for t in document["trades"] if t["account"] == "ana-ira"}
    assert reasons == {"rmd"}


def test_harvest_mode_raises_the_rmd_and_buys_nothing_without_a_harvest() -> None:
    # no lot of the example is worth harvesting and free of a wash sale (IVV L6 and VEA L7
    # are blocked: the plan's warnings say by which purchases), so the only trades are the
    # sale that raises ana-ira's RMD
    document = _plan("harvest")
    sold = _sold(document)
    assert set(sold) == {"ana-ira"}
    assert NEED <= sold["ana-ira"] <= NEED * Decimal("1.002") + DEAREST_SHARE
    assert all(t["action"] == "sell" for t in document["trades"])
