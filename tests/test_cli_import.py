"""`trimtab import` on the command line: writes on success, writes nothing on a problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from trimtab.cli import app
from trimtab.report.import_json import import_schema

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
