"""Issue 31 item 3: an import never leaves a valid household invalid without saying so.

The import checks the merged household as ``trimtab validate`` would (through the CLI, in a
subprocess): what only the advisor can add (a symbol to classify) is a warning naming it and
the file is written; anything else the import would break is an error, exit 2, and the file
stays byte for byte as it was (docs/importers.md, "Checks").
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from trimtab.errors import Problem, Severity
from trimtab.importers.household_check import new_problems
from trimtab.source import Source

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
BASE = DATA / "base_household.yaml"
HISTORY = DATA / "schwab" / "Individual_XXX123_Transactions_20261124-101500.csv"
POSITIONS = DATA / "schwab" / "Intelligent-Positions-2026-11-24.CSV"


def trimtab(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trimtab", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def kinds(document: dict[str, object], severity: str) -> list[tuple[str, str, int]]:
    problems = document["problems"]
    assert isinstance(problems, list)
    return [
        (p["kind"], Path(p["file"]).name, p["line"])
        for p in problems
        if p["severity"] == severity and p["kind"] != "advisor_section_missing"
    ]


def test_a_history_with_an_unknown_symbol_is_written_with_a_warning_naming_it(
    tmp_path: Path,
) -> None:
    into = tmp_path / "h.yaml"
    into.write_bytes(BASE.read_bytes())
    assert trimtab("validate", into).returncode == 0  # valid before the import
    export = tmp_path / HISTORY.name  # the account (XXX123) is in the file name
    export.write_bytes(HISTORY.read_bytes().replace(b'"SCHB"', b'"ZZZQ"'))

    done = trimtab("import", export, "--into", into, "--json")

    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["ok"] and document["changed"]
    # One warning, at the first ZZZQ row (line 2, the 11/19 buy), naming what to add.
    assert kinds(document, "warning") == [("unknown_symbol", HISTORY.name, 2)]
    message = next(p["message"] for p in document["problems"] if p["kind"] == "unknown_symbol")
    assert "securities: {ZZZQ: {asset_class: …}}" in message
    assert "trimtab validate" in message
    # What the warning said is what validate rejects: the two ZZZQ rows, nothing else.
    checked = trimtab("validate", into, "--json")
    assert checked.returncode == 2
    rejected = json.loads(checked.stdout)["problems"]
    assert sorted((p["kind"], p["field"]) for p in rejected) == [
        ("unknown_symbol", "transactions[0].symbol"),
        ("unknown_symbol", "transactions[1].symbol"),
    ]
    # Adding what it named makes the file valid.
    with into.open("a") as f:
        f.write("securities: {ZZZQ: {asset_class: us_large_cap}}\n")
    assert trimtab("validate", into).returncode == 0


def test_an_import_that_would_break_an_order_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    # ana-intelligent holds 25 SCHA in one lot `scha-1`, and an order sells that lot. The export
    # shows 30 SCHA and no lot file: 30 ≠ 25, so the holding becomes `basis: unknown` and lot
    # `scha-1` is gone: the order would name a lot that no longer exists (validate: unknown_lot).
    into = tmp_path / "h.yaml"
    into.write_text(
        BASE.read_text().replace(
            '- {id: ana-intelligent, number: "XXXX-4321", type: taxable, owners: [ana]}',
            '- {id: ana-intelligent, number: "XXXX-4321", type: taxable, owners: [ana],\n'
            "     holdings: [{symbol: SCHA, lots: [{id: scha-1, acquired: 2020-09-24,"
            " quantity: 25, cost: 500}]}]}",
        )
        + "orders: [{account: ana-intelligent, action: sell, symbol: SCHA, quantity: 5,"
        " lots: [scha-1]}]\n"
    )
    assert trimtab("validate", into).returncode == 0, trimtab("validate", into).stderr
    before = into.read_bytes()

    done = trimtab("import", POSITIONS, "--into", into, "--json")

    assert done.returncode == 2, done.stderr
    document = json.loads(done.stdout)
    assert not document["ok"]
    errors = [p for p in document["problems"] if p["severity"] == "error"]
    assert [(p["kind"], p["field"]) for p in errors] == [("unknown_lot", "orders[0].lots[0]")]
    assert "nothing written" in errors[0]["message"]
    assert into.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.yaml"]


def test_a_known_history_symbol_gives_no_warning(tmp_path: Path) -> None:
    into = tmp_path / "h.yaml"
    into.write_bytes(BASE.read_bytes())
    export = tmp_path / HISTORY.name
    export.write_bytes(HISTORY.read_bytes())
    done = trimtab("import", export, "--into", into, "--json")
    assert done.returncode == 0, done.stderr
    assert kinds(json.loads(done.stdout), "warning") == []
    assert trimtab("validate", into).returncode == 0


# --- the sorting of problems, as a pure function -------------------------------------------


def _p(kind: str, field: str, message: str, line: int = 1) -> Problem:
    return Problem(
        source=Source(file="h.yaml", line=line, column=1), field=field, kind=kind, message=message
    )


def test_problems_the_file_had_already_are_not_the_imports() -> None:
    old = _p("unknown_lot", "orders[0].lots[0]", "lot `a` is not a lot of VTI in x", line=9)
    moved = _p("unknown_lot", "orders[3].lots[0]", "lot `a` is not a lot of VTI in x", line=30)
    assert new_problems([old], [moved], []) == ()


def test_a_second_copy_of_a_problem_the_file_had_once_is_new() -> None:
    one = _p("unknown_lot", "orders[0].lots[0]", "lot `a` is not a lot of VTI in x")
    found = new_problems([one], [one, one], [])
    assert [(p.kind, p.severity) for p in found] == [("unknown_lot", Severity.ERROR)]


def test_advisor_input_already_warned_of_is_not_said_twice() -> None:
    said = Problem.warning(
        Source(file="export.csv", line=4, column=1),
        "Symbol",
        "unknown_symbol",
        "ZZZQ is not in the securities master: classify it with …",
    )
    held = _p("unknown_symbol", "accounts[0].holdings[0].symbol", "ZZZQ is not a known security")
    other = _p("unknown_symbol", "transactions[0].symbol", "QQQZ is not a known security")
    found = new_problems([], [held, other], [said])
    assert [(p.field, p.severity) for p in found] == [("transactions[0].symbol", Severity.WARNING)]
