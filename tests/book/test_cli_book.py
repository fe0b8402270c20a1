"""`trimtab book` on the command line: the schema, plain progress lines, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from helpers.book_households import INFEASIBLE
from trimtab.book.progress import BookProgress
from trimtab.cli import app
from trimtab.errors import ExitCode
from trimtab.report.book_records import FailureKind, HouseholdResult, HouseholdStatus


def test_schema_book_is_listed() -> None:
    result = CliRunner().invoke(app, ["schema", "book"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "trimtab.book/1"


def test_a_glob_naming_nothing_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["book", str(tmp_path / "*.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == ExitCode.INPUT_PROBLEMS
    assert "no_households" not in result.output and "matches no file" in result.output


def test_workers_and_scheduler_together_are_refused(tmp_path: Path) -> None:
    words = ["book", "x.yaml", "--out", str(tmp_path), "--workers", "2", "--scheduler", "tcp://x:1"]
    result = CliRunner().invoke(app, words)
    assert result.exit_code == 2


def test_plain_progress_lines_without_a_terminal() -> None:
    stream = io.StringIO()
    progress = BookProgress(stream, 2, terminal=False)
    progress.update(HouseholdResult(key="a", file="a.yaml"))
    progress.update(
        HouseholdResult(
            key="b",
            file="b.yaml",
            status=HouseholdStatus.FAILED,
            failure=FailureKind.INFEASIBLE,
            message="no feasible plan",
        )
    )
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("book: 1/2 done, 0 failed, ")
    assert lines[1] == "book: b.yaml: failed (infeasible): no feasible plan"
    assert lines[2].startswith("book: 2/2 done, 1 failed, ")


def test_a_progress_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = BookProgress(stream, 1, terminal=True)
    progress.update(HouseholdResult(key="a", file="a.yaml"))
    progress.close()
    assert "1/1" in stream.getvalue() and "0 failed" in stream.getvalue()


def test_monitor_only_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "drifted.yaml").write_text(INFEASIBLE, encoding="utf-8")
    out = tmp_path / "out"
    words = ["book", str(tmp_path / "drifted.yaml"), "--out", str(out), "--monitor-only"]
    result = CliRunner().invoke(app, [*words, "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["monitor_only"] is True
    assert [(h["status"], h["max_breach"]) for h in document["households"]] == [
        ("outside", "45.0000")
    ]
