"""The plan on the console: steps 1–6 in order, plain output for pipes, colour only for meaning.

The optimizer's trades may change (new objective terms), so these tests assert the layout, the
styles and figures read from the report object, never the example plan's exact trades.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text
from typer.testing import CliRunner

import trimtab
from trimtab.cli import app
from trimtab.explain.plan import PlanReport
from trimtab.pipeline import plan_household
from trimtab.report.console.common import (
    OUT_OF_BAND,
    PIPED_WIDTH,
    SHORT_TERM_GAIN,
    WASH_SALE,
    console_for,
    money,
)
from trimtab.report.console.plan import STEPS, plan_view, trade_list

HEADINGS = [
    "1. Current state",
    "2. Drift",
    "3. Trades",
    "4. Asset location",
    "5. Implementation",
    "6. Rationale",
]
ANSI = re.compile(r"\x1b\[")
BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def report() -> PlanReport:
    root = Path(__file__).resolve().parents[2]
    return plan_household(trimtab.load_household(root / "examples" / "household.yaml"))


@pytest.fixture
def colour_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A colour terminal: no NO_COLOR, no overrides from the environment running the tests."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def render(console: Console, parts: tuple[object, ...] | list[object]) -> str:
    stream = console.file
    assert isinstance(stream, io.StringIO)
    for part in parts:
        console.print(part)
    return stream.getvalue()


def colour_console() -> Console:
    console = console_for(FakeTerminal())
    console.width = 200  # a fake terminal has no size; wide enough that no row wraps
    return console


def start_code(style: Style) -> str:
    """The escape sequence a colour console opens ``style`` with."""
    text = render(colour_console(), [Text("x", style=style)])
    code = text.split("x")[0]
    assert code.startswith("\x1b["), "the style has a colour"
    return code


def section(text: str, step: int) -> str:
    """The output between heading ``step`` and the next one."""
    start = text.index(HEADINGS[step - 1])
    end = text.index(HEADINGS[step]) if step < len(HEADINGS) else len(text)
    return text[start:end]


def test_six_headings_in_order(report: PlanReport) -> None:
    text = render(console_for(io.StringIO()), plan_view(report))
    assert [f"{i}. {s}" for i, s in enumerate(STEPS, start=1)] == HEADINGS
    positions = [text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert [text.count(h) for h in HEADINGS] == [1] * 6


def test_each_step_shows_its_figures(report: PlanReport) -> None:
    text = render(console_for(io.StringIO()), plan_view(report))
    plan = report.plan
    # 1: each account and the household value
    assert all(a.account in section(text, 1) for a in plan.accounts)
    assert money(report.drift_before.total_value) in section(text, 1)
    # 2: every class outside its band, in words
    drift = section(text, 2)
    assert drift.count("OUTSIDE") == len(report.drift_before.outside) > 0
    # 3: one row per trade, with its reason
    trades = section(text, 3)
    assert all(f"| {t.id} " in trades and t.reason.value in trades for t in plan.trades)
    # 4: the asset-location review's yearly figures and its rationale
    location = section(text, 4)
    assert f"gains ${money(report.location.gain_dollars)}" in location
    assert all(sentence[:30] in location for _, sentence in report.location.rationale)
    # 5: costs, tax impact, breakeven
    implementation = section(text, 5)
    assert f"Transaction costs: {money(plan.costs_total)}" in implementation
    assert f"total {money(report.whatif.marginal.total)}" in implementation
    assert f"benefit {money(report.breakeven.annual_benefit)} a year" in implementation
    # 6: every trade's rationale, numbered
    assert all(f"{t.id}. {t.rationale[:40]}" in section(text, 6) for t in plan.trades)


def test_a_stream_that_is_not_a_terminal_gets_plain_output(report: PlanReport) -> None:
    console = console_for(io.StringIO())
    assert console.width == PIPED_WIDTH
    text = render(console, plan_view(report))
    assert not ANSI.search(text)
    assert not BOX_DRAWING.search(text)
    borders = [line for line in text.splitlines() if re.fullmatch(r"[+|][-+|]*[+|]", line)]
    assert len(borders) >= 3 * len(HEADINGS[:3]), "top, header rule and bottom of each table"


def test_no_color_gives_plain_output_on_a_terminal(
    report: PlanReport, colour_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    console = console_for(FakeTerminal())
    console.width = 200
    text = render(console, plan_view(report))
    assert not ANSI.search(text)
    assert not BOX_DRAWING.search(text)
    assert "+----" in text


def test_force_plain(report: PlanReport, colour_env: None) -> None:
    text = render(console_for(FakeTerminal(), force_plain=True), plan_view(report))
    assert not ANSI.search(text) and not BOX_DRAWING.search(text)


def test_colour_marks_out_of_band_rows_only(report: PlanReport, colour_env: None) -> None:
    red = start_code(OUT_OF_BAND)
    drift = section(render(colour_console(), plan_view(report)), 2)
    outside = report.drift_before.outside[0].asset_class.label
    inside = next(r for r in report.drift_before.rows if not r.outside).asset_class.label
    lines = drift.splitlines()
    outside_row = next(line for line in lines if outside in line and "OUTSIDE" in line)
    inside_row = next(line for line in lines if line.startswith(f"│ {inside} "))
    assert red + "OUTSIDE" in outside_row
    assert "inside" in inside_row and "\x1b[" not in inside_row


def test_colour_mode_draws_unicode_boxes(report: PlanReport, colour_env: None) -> None:
    text = render(colour_console(), plan_view(report))
    assert BOX_DRAWING.search(text)


def test_short_term_gains_and_wash_sales_are_coloured_and_worded(
    report: PlanReport, colour_env: None
) -> None:
    first, *rest = report.plan.trades
    gain = replace(
        first,
        short_term_gain=Decimal("1234.5"),
        long_term_gain=Decimal("-10"),
        wash_disallowed=Decimal("10"),
    )
    changed = replace(report, plan=replace(report.plan, trades=(gain, *rest)))
    text = render(colour_console(), [trade_list(changed)])
    row = next(line for line in text.splitlines() if f" {first.id} " in line)
    assert start_code(SHORT_TERM_GAIN) + "ST gain 1,234.50" in row
    assert "LT loss 10.00" in row
    assert start_code(WASH_SALE) + "wash sale 10.00 disallowed" in row
    plain = render(console_for(io.StringIO()), [trade_list(changed)])
    assert "ST gain 1,234.50; LT loss 10.00; wash sale 10.00 disallowed" in plain
    plain_trades = [t for t in rest if t.short_term_gain <= 0 and not t.wash_disallowed]
    others = [line for line in text.splitlines() if any(f" {t.id} " in line for t in plain_trades)]
    assert all("\x1b[" not in line for line in others), "no colour without a meaning"


def test_input_text_is_not_markup(report: PlanReport) -> None:
    first, *rest = report.plan.trades
    odd = replace(first, account="[red]acct[/red]")
    text = render(
        console_for(io.StringIO()),
        [trade_list(replace(report, plan=replace(report.plan, trades=(odd, *rest))))],
    )
    assert "[red]acct[/red]" in text


def test_standard_streams_are_followed_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    # Test runners (and typer's CliRunner) swap sys.stdout after the CLI's consoles exist.
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", first)
    console = console_for(sys.stdout)
    monkeypatch.setattr(sys, "stdout", second)
    console.print("hello")
    assert (first.getvalue(), second.getvalue()) == ("", "hello\n")


def test_cli_plan_piped_has_no_escape_codes(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(example_path)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not ANSI.search(text) and not BOX_DRAWING.search(text)
    positions = [text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert "Yearly tax drag of the current location" in text


def test_cli_plan_no_color(example_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(example_path)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert not ANSI.search(result.stdout) and not ANSI.search(result.stderr)
