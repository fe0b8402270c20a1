"""The command line: exit codes, JSON output, no traceback for user mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from trimtab.cli import app

BAD = Path(__file__).parent / "data" / "bad"


def test_validate_example_exits_0_and_prints_the_summary(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(example_path)])
    assert result.exit_code == 0, result.output
    assert "joint-taxable" in result.stdout
    # household total 530,617.887 rounds half-up to 530,617.89
    assert "530,617.89" in result.stdout


def test_validate_bad_file_exits_2_with_file_line_field() -> None:
    path = BAD / "targets_sum.yaml"
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:8:3: targets: targets add up to 90 (expected 100)" in result.stderr


def test_validate_json_of_the_example(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(example_path), "--json"])
    doc = json.loads(result.stdout)
    assert doc["ok"] is True and doc["errors"] == 0 and doc["warnings"] == 1
    assert doc["problems"][0]["kind"] == "basis_unknown"


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "trimtab", "validate", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{missing}:0:0: (document): no such file" in proc.stderr.replace("\n", " ")


def test_yaml_syntax_error_has_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "trimtab", "validate", str(BAD / "yaml_syntax.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "not valid YAML" in proc.stderr


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("trimtab ")
