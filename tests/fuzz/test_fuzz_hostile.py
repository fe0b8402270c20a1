"""Fuzz: hostile and careless edits of the example household, a trade list and an account map.

Each example takes a real file and applies one to three mutations an attacker or a careless
user would make: a value swapped for a hostile one (an alias bomb, a tag, a lone surrogate,
Rich markup, a huge number, a date at the end of the calendar, deep nesting, a merge key), a
line deleted, repeated or swapped, random text inserted, the file cut short. The command must
end with exit 0 or 2 (issue 22): never an exception (exit 70 or a traceback), never a hang past
``HANG_SECONDS`` (a generous guard, SIGALRM), never a peak memory past 1 GB.

A failed command leaves every file it was given byte-identical (issue 31). Every import
format is fuzzed in tests/fuzz/test_fuzz_imports.py.

`make test` runs a few examples per file (``TRIMTAB_FUZZ_EXAMPLES``, 8 by default, the same
ones each run); `make fuzz` runs many more, random ones.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from trimtab.cli import app

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLD = ROOT / "examples" / "household.yaml"
TRADES = ROOT / "examples" / "trades.yaml"
IMPORT = ROOT / "tests" / "data" / "import"
ACCOUNT_MAP = IMPORT / "account-map.yaml"
EXPORT = IMPORT / "schwab" / "All-Accounts-Positions-2026-11-24.CSV"

EXAMPLES = int(os.environ.get("TRIMTAB_FUZZ_EXAMPLES", "8"))
LONG = EXAMPLES > 50
HANG_SECONDS = 10
MEMORY_LIMIT = 1 << 30  # 1 GB

FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=not LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_BOMB = "[" + ", ".join(["&a [x, x, x, x, x, x, x, x, x]"] + ["*a"] * 8) + "]"
HOSTILE_VALUES = (
    # item 1: aliases that expand (a bomb in one flow list: &a then its aliases nested)
    "&a [x, x, x, x, x, x, x, x, x]",
    "*a",
    _BOMB,
    "[&b [&c [&d x, *d, *d, *d], *c, *c, *c], *b, *b, *b]",
    # item 2: deep nesting
    "[" * 300 + "]" * 300,
    "{a: " * 200 + "x" + "}" * 200,
    # item 3: tags
    "!!python/object/apply:os.system ['echo owned']",
    "!!int 12500.5",
    "!!float abc",
    "!!binary aGVsbG8=",
    "!custom x",
    "!!str 12",
    # item 4: merge keys
    "{<<: *a, id: X}",
    "<<",
    # item 5: Unicode
    '"\\ud800"',
    '"rocket \\U0001F680 שלום"',
    "🚀",
    "\u202eevil",
    # item 6: Rich markup
    '"[/]"',
    '"[bold red]x[/]"',
    "'[link=file:///etc/passwd]x[/link]'",
    # item 7: numbers
    "1e24",
    "-1e24",
    "1e400",
    "1e-400",
    ".nan",
    "-.inf",
    "1" * 5000,
    "0x_",
    "99999999999999999999999999999999",
    "0.0000000000000000000000000001",
    # item 9: dates
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    # plain odd input
    "",
    "~",
    "[]",
    "{}",
    "{",
    "]",
    "- x",
    "'",
    "\t",
    "%YAML 1.1",
    "---",
)

_VALUE = re.compile(r"(?m)^(\s*(?:- )?[\w-]+:)[ \t]+(\S.*)$")


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` after one to three mutations (see the module)."""
    for _ in range(draw(st.integers(1, 3))):
        text = draw(_mutation(text))
    return text


def _mutation(text: str) -> st.SearchStrategy[str]:
    lines = text.split("\n")
    values = list(_VALUE.finditer(text))
    index = st.integers(0, max(len(lines) - 1, 0))

    def replace_value(pick: tuple[int, str]) -> str:
        match = values[pick[0] % len(values)]
        return text[: match.start(2)] + pick[1] + text[match.end(2) :]

    def edit_line(pick: tuple[str, int, int]) -> str:
        how, i, j = pick
        out = list(lines)
        if how == "delete":
            del out[i]
        elif how == "repeat":
            out.insert(i, out[i])
        else:
            out[i], out[j] = out[j], out[i]
        return "\n".join(out)

    def insert(pick: tuple[int, str]) -> str:
        at = pick[0] % (len(text) + 1)
        return text[:at] + pick[1] + text[at:]

    hostile = st.sampled_from(HOSTILE_VALUES)
    return st.one_of(
        st.tuples(st.integers(0, 10_000), hostile).map(replace_value if values else insert),
        st.tuples(st.sampled_from(["delete", "repeat", "swap"]), index, index).map(edit_line),
        st.tuples(st.integers(0, 100_000), st.text(max_size=12) | hostile).map(insert),
        st.integers(0, len(text)).map(lambda n: text[:n]),
    )


class Hang(Exception):
    """A command ran past HANG_SECONDS."""


@contextmanager
def hang_guard() -> Iterator[None]:
    """Raise Hang in the command if it runs past HANG_SECONDS."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"the command ran past {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(args: list[str]) -> None:
    """Run the CLI in-process: exit 0 or 2, no exception, no traceback, within the guard; a
    failed command (exit 2) leaves every file it was given byte-identical (issue 31)."""
    given = [Path(a) for a in args if Path(a).is_file()]
    before = {path: path.read_bytes() for path in given}
    with hang_guard():
        result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        changed = [str(path) for path in given if path.read_bytes() != before[path]]
        assert not changed, f"a failed command changed {changed}"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def memory_stays_under_a_gigabyte() -> Iterator[None]:
    """After the fuzzing, the peak resident memory of this process is under 1 GB."""
    yield
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    assert peak_kb * 1024 < MEMORY_LIMIT


@FUZZ
@given(text=mutated(HOUSEHOLD.read_text(encoding="utf-8")))
def test_a_mutated_household_exits_0_or_2(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "household.yaml", text)
    run(["validate", str(path)])
    run(["state", str(path)])
    run(["tax", str(path)])


@FUZZ
@given(text=mutated(TRADES.read_text(encoding="utf-8")))
def test_a_mutated_trade_list_exits_0_or_2(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "trades.yaml", text)
    run(["check", str(HOUSEHOLD), "--trades", str(path)])


@FUZZ
@given(text=mutated(ACCOUNT_MAP.read_text(encoding="utf-8")))
def test_a_mutated_account_map_exits_0_or_2(tmp_path: Path, text: str) -> None:
    account_map = write(tmp_path / "account-map.yaml", text)
    into = tmp_path / "household.yaml"
    shutil.copy(IMPORT / "household_before.yaml", into)
    run(["import", str(EXPORT), "--into", str(into), "--account-map", str(account_map)])
