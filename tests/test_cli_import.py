"""`trimtab import` on the command line: writes on success, writes nothing on a problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.report.json.imports import import_schema

DATA = Path(__file__).parent / "data" / "import"


def test_import_updates_the_household_file(tmp_path: Path) -> None:
    into = tmp_path / "h.yaml"
    shutil.copy(DATA / "household_before.yaml", into)
    before = into.read_text()
    result = CliRunner().invoke(
        app,
        [
            "import",
            str(DATA / "schwab" / "All-Accounts-Positions-2026-11-24.CSV"),
            "--into",
            str(into),
            "--account-map",
            str(DATA / "account-map.yaml"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, import_schema())
    assert document["ok"] and document["changed"]
    assert into.read_text() != before


def test_a_broken_export_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    into = tmp_path / "h.yaml"
    shutil.copy(DATA / "household_before.yaml", into)
    before = into.read_bytes()
    bad = sorted((DATA / "bad").iterdir())[0]
    result = CliRunner().invoke(app, ["import", str(bad), "--into", str(into)])
    assert result.exit_code == 2
    assert into.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["h.yaml"]


def test_the_summary_lists_removed_holdings_and_cash_before_and_after(tmp_path: Path) -> None:
    # ana-ofx holds 10 VTI and $100; the statement's INVPOSLIST is empty, AVAILCASH 3421.10.
    into = tmp_path / "h.yaml"
    into.write_text(
        (DATA / "base_household.yaml")
        .read_text()
        .replace(
            '- {id: ana-ofx, number: "55501234", type: taxable, owners: [ana]}',
            '- {id: ana-ofx, number: "55501234", type: taxable, owners: [ana], cash: 100,\n'
            "     holdings: [{symbol: VTI, quantity: 10, basis: unknown}]}",
        )
    )
    source = str(DATA / "issue23" / "OfxDownload-closed.qfx")
    result = CliRunner().invoke(app, ["import", source, "--into", str(into), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, import_schema())
    row = next(a for a in document["accounts"] if a["id"] == "ana-ofx")
    assert row["holdings_removed"] == [{"symbol": "VTI", "quantity": "10.000000"}]
    assert (row["cash_before"], row["cash"], row["holdings"]) == ("100.00", "3421.10", 0)
    assert {"reason": "cash only, not a buy or sell", "rows": 1} in row["skipped"]
    console = CliRunner().invoke(
        app, ["import", str(DATA / "issue23" / "OfxDownload-transfer.qfx"), "--into", str(into)]
    )
    assert console.exit_code == 0, console.output
    assert "holdings left as they are (the exports state no positions)" in console.output
    assert "positions_not_stated" in console.output or "states no position list" in console.output
