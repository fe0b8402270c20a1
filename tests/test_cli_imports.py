"""Imports on demand: what each command loads, measured in a fresh interpreter.

The short commands (validate, state, drift, tax, check, securities, schema) read a file and
print; they must load no solver (highspy), no numpy or scipy, no importer (ofxtools,
beancount, trimtab.importers) and no report writer (xlsxwriter, jinja2, report/excel.py,
report/html.py), and no jsonschema. ``plan`` loads the solver but the Excel and HTML writers
only with ``--out``; ``import`` is the only command that loads the importers. Each case runs
the command through ``trimtab.cli.main`` in a subprocess and lists the modules it left in
``sys.modules`` (issue 18, section 4).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the commands run here
EXAMPLE = "examples/household.yaml"
TRADES = "examples/trades.yaml"

SOLVER = frozenset({"numpy", "scipy", "highspy"})
IMPORTERS = frozenset({"ofxtools", "beancount", "trimtab.importers"})
WRITERS = frozenset({"xlsxwriter", "jinja2", "trimtab.report.excel", "trimtab.report.html"})
HEAVY = SOLVER | IMPORTERS | WRITERS | {"jsonschema"}

# Runs one command in a fresh interpreter (its output swallowed), then writes its exit code and
# every module then in sys.modules to the result file (not to stdout: the solver may print).
_PROBE = """
import io, json, sys
from trimtab.cli import main

result, *args = sys.argv[1:]
sys.argv = ["trimtab", *args]
sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
with open(result, "w", encoding="utf-8") as f:
    json.dump({"exit": code, "modules": sorted(sys.modules)}, f)
"""


def loaded_by(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    """Run ``trimtab ARGS`` in a fresh interpreter: its exit code and the HEAVY names loaded."""
    result = tmp_path / "result.json"
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(result), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.exists(), proc.stderr
    outcome = json.loads(result.read_text(encoding="utf-8"))
    modules: list[str] = outcome["modules"]
    heavy = {h for h in HEAVY for m in modules if m == h or m.startswith(h + ".")}
    return outcome["exit"], heavy


SHORT_COMMANDS = [
    ("drift", EXAMPLE),
    ("drift", EXAMPLE, "--json"),
    ("validate", EXAMPLE),
    ("validate", EXAMPLE, "--json"),
    ("state", EXAMPLE),
    ("tax", EXAMPLE),
    ("tax", EXAMPLE, "--json"),
    ("check", EXAMPLE, "--trades", TRADES),
    ("securities", "vanguard"),
    ("schema", "household"),
    ("schema", "plan"),
    ("--version",),
]


@pytest.mark.parametrize("args", SHORT_COMMANDS, ids=" ".join)
def test_short_commands_load_no_solver_importer_or_writer(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    code, heavy = loaded_by(tmp_path, *args)
    assert code == 0
    assert heavy == set()


def test_the_account_map_schema_loads_its_module_and_no_custodian_reader(tmp_path: Path) -> None:
    # The account map is the importers' input, so its schema lives in trimtab.importers; the
    # package imports its modules on demand, so no OFX or beancount reader comes with it.
    code, heavy = loaded_by(tmp_path, "schema", "account-map")
    assert code == 0
    assert heavy == {"trimtab.importers"}


@pytest.mark.parametrize("screen", [(), ("--json",)], ids=["console", "json"])
def test_plan_without_out_loads_no_writer_and_no_importer(
    tmp_path: Path, screen: tuple[str, ...]
) -> None:
    code, heavy = loaded_by(tmp_path, "plan", EXAMPLE, *screen)
    assert code == 0
    assert heavy & (WRITERS | IMPORTERS) == set()
    assert "highspy" in heavy  # the probe does see what the plan loads


def test_plan_with_out_loads_the_writers(tmp_path: Path) -> None:
    code, heavy = loaded_by(tmp_path, "plan", EXAMPLE, "--out", str(tmp_path / "out"))
    assert code == 0
    assert heavy & WRITERS == WRITERS
    assert heavy & IMPORTERS == set()


def test_only_import_loads_the_importers(tmp_path: Path) -> None:
    code, heavy = loaded_by(tmp_path, "import", "--list-formats")
    assert code == 0
    assert heavy & IMPORTERS == IMPORTERS
    assert heavy & (SOLVER | WRITERS) == set()


def test_import_trimtab_loads_nothing_heavy_until_the_pipeline_is_used() -> None:
    code = (
        "import sys, trimtab\n"
        "before = {m.split('.')[0] for m in sys.modules}\n"
        "from trimtab import PlanOptions, plan_household\n"
        "import trimtab.pipeline as p\n"
        "assert plan_household is p.plan_household and PlanOptions is p.PlanOptions\n"
        "assert 'plan_household' in dir(trimtab)\n"
        "print(sorted(before & {'numpy', 'scipy', 'highspy', 'pydantic', 'rich', 'typer'}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert proc.stdout.strip() == "[]"


def test_lazy_package_names_are_the_defining_modules_objects() -> None:
    import trimtab
    import trimtab.importers
    import trimtab.importers.account_map
    import trimtab.importers.run
    import trimtab.pipeline

    assert trimtab.load_household is trimtab.pipeline.load_household
    assert trimtab.importers.run_import is trimtab.importers.run.run_import
    assert trimtab.importers.account_map_schema is trimtab.importers.account_map.account_map_schema
    with pytest.raises(AttributeError):
        _ = trimtab.no_such_name
    with pytest.raises(AttributeError):
        _ = trimtab.importers.no_such_name
