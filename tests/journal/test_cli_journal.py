"""The journal through the command line: `plan --journal` and `trimtab journal …`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from trimtab.cli import app

DATA = Path(__file__).resolve().parent / "data"
DAY_ONE = DATA / "overweight.yaml"  # as_of 2026-11-24: P1 sell 22 VTI (loss), P2 buy 89 BND
NEXT_DAY = DATA / "next_day.yaml"  # as_of 2026-11-25, 20,000 new cash, VTI under its band


@pytest.fixture(autouse=True)
def _no_default_journal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIMTAB_JOURNAL", raising=False)


def cli(*args: str, code: int = 0) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def plan_trades(*args: str) -> list[tuple[str, str, str]]:
    document = json.loads(cli("plan", *args, "--json").stdout)
    return [(t["action"], t["symbol"], t["quantity"]) for t in document["trades"]]


def test_a_plan_the_day_after_an_executed_loss_sale_does_not_buy_it_back(
    journal_url: str,
) -> None:
    # Without the journal the next day's plan buys VTI with the new cash.
    assert ("buy", "VTI", "20.000000") in plan_trades(str(NEXT_DAY))
    # Day one: sell 22 VTI at 300.00 from the lot bought 2026-01-02 at 400.00 a share (a loss
    # of 2,200 before costs), buy 89 BND; approved and executed that day.
    assert plan_trades(str(DAY_ONE), "--journal", journal_url, "--user", "ana") == [
        ("sell", "VTI", "22.000000"),
        ("buy", "BND", "89.000000"),
    ]
    cli("journal", "approve", "1", "--journal", journal_url, "--user", "lead")
    cli("journal", "executed", "1", "--all", "--date", "2026-11-24", "--journal", journal_url)
    # Day two through the journal: VTI is inside its 30-day window (no buy until 2026-12-24).
    result = cli("plan", str(NEXT_DAY), "--journal", journal_url, "--json")
    document = json.loads(result.stdout)
    assert all(t["symbol"] != "VTI" for t in document["trades"] if t["action"] == "buy")
    assert {"symbols": ["VTI", "VTSAX"], "sold_on": "2026-11-24", "no_buy_until": "2026-12-24"} in (
        document["wash_sale_calendar"]
    )
    assert "journal: 2 executed trade(s) added to the recent transactions" in result.stderr
    assert "journal: recorded run 2" in result.stderr


def test_list_show_and_export_follow_the_schema(tmp_path: Path) -> None:
    where = str(tmp_path / "journal.sqlite3")
    cli("plan", str(DAY_ONE), "--journal", where, "--user", "ana")
    fills = tmp_path / "fills.csv"
    fills.write_text("trade,quantity,price,date\nP1,10,300.10,2026-11-24\n")
    cli("journal", "approve", "1", "--journal", where, "--note", "in band review")
    cli("journal", "executed", "1", "--fills", str(fills), "--journal", where, "--user", "ops")
    schema = json.loads(cli("schema", "journal").stdout)
    listed = json.loads(cli("journal", "list", "--json", "--journal", where).stdout)
    shown = json.loads(cli("journal", "show", "1", "--json", "--journal", where).stdout)
    for document in (listed, shown):
        jsonschema.validate(document, schema)
    [run] = shown["runs"]
    assert (run["id"], run["user"], run["status"]) == (1, "ana", "partially_executed")
    assert [t["executed_quantity"] for t in run["trades"]] == ["10", "0"]
    cli(
        "journal",
        "export",
        "--out",
        str(tmp_path / "out"),
        "--from",
        "2000-01-01",
        "--journal",
        where,
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out/journal-export.csv").read_text())))
    assert [
        (
            r["trade"],
            r["recommended_by"],
            r["approval_note"],
            r["executed_quantity"],
            r["executions_recorded_by"],
            r["discretionary"],
        )
        for r in rows
    ] == [
        ("P1", "ana", "in band review", "10", "ops", "yes"),
        ("P2", "ana", "in band review", "0", "", "yes"),
    ]
    exported = json.loads((tmp_path / "out/journal-export.json").read_text())
    jsonschema.validate(exported, schema)
    none = tmp_path / "none"
    cli("journal", "export", "--out", str(none), "--to", "2000-01-01", "--journal", where)
    assert json.loads((none / "journal-export.json").read_text())["runs"] == []


def test_a_fills_csv_mistake_names_row_and_column(tmp_path: Path) -> None:
    where = str(tmp_path / "journal.sqlite3")
    cli("plan", str(DAY_ONE), "--journal", where)
    cli("journal", "approve", "1", "--journal", where)
    fills = tmp_path / "fills.csv"
    fills.write_text("trade,quantity,price,date\nP1,10,300,2026-11-24\nP2,ten,74,2026-11-24\n")
    result = cli("journal", "executed", "1", "--fills", str(fills), "--journal", where, code=2)
    # row 3 (the second fill), column 2 (quantity)
    assert f"{fills}:3:2: quantity: 'ten' is not a positive number" in result.stderr


def test_verify_names_an_edited_row_and_exits_2(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "journal.sqlite3"
    cli("plan", str(DAY_ONE), "--journal", str(path))
    cli("journal", "approve", "1", "--journal", str(path))
    assert "2 entries, intact" in cli("journal", "verify", "--journal", str(path)).stdout
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE journal_entries SET body = '{}' WHERE seq = 1")
    result = cli("journal", "verify", "--journal", str(path), code=2)
    assert "BROKEN: entry 1 (run of run 1) was edited" in result.stderr


def test_an_unopenable_journal_still_writes_the_plan_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "journal.sqlite3"
    bad.write_text("not a database at all, just some text in a file\n")
    out = tmp_path / "out"
    result = cli("plan", str(DAY_ONE), "--journal", str(bad), "--out", str(out), code=2)
    assert (out / "plan.json").exists() and (out / "report.html").exists()
    assert f"journal sqlite:///{bad}: cannot open it: file is not a database" in result.stderr
    assert "the run was not recorded" in result.stderr
    assert "Traceback" not in result.output


def test_journal_commands_on_an_unopenable_journal_exit_2(tmp_path: Path) -> None:
    result = cli("journal", "list", "--journal", "postgresql://postgres@127.0.0.1:1/x", code=2)
    assert "cannot open it" in result.stderr
    assert (
        "no run 7"
        in cli("journal", "approve", "7", "--journal", str(tmp_path / "j.sqlite3"), code=2).stderr
    )


def test_the_journal_variable_supplies_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = tmp_path / "env.sqlite3"
    monkeypatch.setenv("TRIMTAB_JOURNAL", str(where))
    cli("plan", str(DAY_ONE), "--user", "ana")
    listed = json.loads(cli("journal", "list", "--json").stdout)
    assert [(r["id"], r["user"]) for r in listed["runs"]] == [(1, "ana")]


def test_plan_without_a_journal_loads_no_sqlalchemy(tmp_path: Path) -> None:
    """The journal (SQLAlchemy, Alembic, the drivers) loads only with --journal."""
    import subprocess
    import sys

    probe = (
        "import io, sys\n"
        "from trimtab.cli import main\n"
        "sys.argv = ['trimtab', 'plan', sys.argv[1], '--json']\n"
        "sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'psycopg', 'platformdirs') or m.startswith('trimtab.journal'))\n"
        "sys.stderr.write(repr(loaded))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "TRIMTAB_JOURNAL"}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(DAY_ONE)], capture_output=True, text=True, env=env
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_book_records_each_planned_household_as_a_run(tmp_path: Path) -> None:
    # `book --journal`: the two households of a book (the day-one household under two file
    # names) are planned on a local cluster of one worker; each becomes its own run, with the
    # plan.json the book wrote for it, and the runs list in the journal by household file.
    folder = tmp_path / "book"
    folder.mkdir()
    for name in ("alpha.yaml", "beta.yaml"):
        (folder / name).write_bytes(DAY_ONE.read_bytes())
    where = str(tmp_path / "journal.sqlite3")
    out = tmp_path / "out"
    args = ("book", str(folder), "--out", str(out), "--workers", "1")
    result = cli(*args, "--journal", where, "--user", "ana")
    assert "journal: alpha: recorded run 1" in result.stderr
    assert "journal: beta: recorded run 2" in result.stderr
    listed = json.loads(cli("journal", "list", "--json", "--journal", where).stdout)
    assert [(r["id"], r["user"], r["status"]) for r in listed["runs"]] == [
        (1, "ana", "proposed"),
        (2, "ana", "proposed"),
    ]
    shown = json.loads(cli("journal", "show", "2", "--json", "--journal", where).stdout)
    book_plan = json.loads((out / "beta" / "plan.json").read_text())
    [run] = shown["runs"]
    assert [t["id"] for t in run["trades"]] == [t["id"] for t in book_plan["trades"]]
