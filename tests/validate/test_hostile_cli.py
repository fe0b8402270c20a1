"""Odd user text on the command line (issue 22, items 5 and 6): Rich markup in a name or an id
prints as written, and every writer takes emoji and right-to-left text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trimtab.cli import app

DATA = Path(__file__).resolve().parent.parent / "data"
MINIMAL = (DATA / "minimal.yaml").read_text()
IMPORT = DATA / "import"


def _run(args: list[str]) -> str:
    """The command's output; it must end with exit 0 and raise nothing."""
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def markup_household(tmp_path: Path) -> Path:
    path = tmp_path / "[red]h.yaml"  # a tag Rich would take for a style
    path.write_text(
        MINIMAL.replace("name: Minimal household", 'name: "[bold]Pat[/] [/]"')
        .replace("id: brokerage", 'id: "[/]"')
        .replace("id: A1", 'id: "[/red]"')
    )
    return path


@pytest.mark.parametrize("command", ["validate", "state", "drift", "tax"])
def test_markup_in_names_and_ids_prints_as_written(markup_household: Path, command: str) -> None:
    output = _run([command, str(markup_household)])
    if command != "drift":  # the drift table names classes, not accounts
        assert "[/]" in output
    if command == "validate":
        assert f"{markup_household}: valid" in output


def test_markup_in_problems_prints_as_written(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(MINIMAL.replace("owners: [pat]\n    cash", 'owners: ["[/]"]\n    cash'))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    assert "[/]" in result.output


def test_an_account_map_id_with_markup_imports(tmp_path: Path) -> None:
    account_map = tmp_path / "account-map.yaml"
    account_map.write_text(
        (IMPORT / "account-map.yaml").read_text().replace("id: ana-intelligent", 'id: "[/]"')
    )
    into = tmp_path / "h.yaml"
    shutil.copy(IMPORT / "household_before.yaml", into)
    export = IMPORT / "schwab" / "Intelligent-Positions-2026-11-24.CSV"
    result = CliRunner().invoke(
        app, ["import", str(export), "--into", str(into), "--account-map", str(account_map)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2)
    assert "[/]" in result.output


def test_every_writer_takes_emoji_and_right_to_left_text(tmp_path: Path) -> None:
    name = "Família 🚀 שלום"  # an emoji and Hebrew (right to left)
    path = tmp_path / "h.yaml"
    path.write_text(
        MINIMAL.replace("name: Minimal household", f"name: {name}")
        .replace("id: brokerage", "id: brokerage\n    name: חשבון 💼")
        .replace("symbol: VTI", "symbol: VTI"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    _run(["validate", str(path)])
    _run(["plan", str(path), "--out", str(out), "--trade-file", "generic", "--trade-file", "ibkr"])
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["household"] == name
    assert name in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "plan.xlsx").stat().st_size > 0
    _run(["plan", str(path), "--json"])
