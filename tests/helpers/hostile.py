"""Hostile input for the fuzz tests: the example count, YAML bombs and other hostile values, the
mutation strategy, and the guard that stops a command that hangs."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("TRIMTAB_FUZZ_EXAMPLES", "8"))


LONG = EXAMPLES > 50


MEMORY_LIMIT = 1 << 30  # 1 GB


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


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` after one to three mutations (see the module)."""
    for _ in range(draw(st.integers(1, 3))):
        text = draw(_mutation(text))
    return text


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


HANG_SECONDS = 10


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


_VALUE = re.compile(r"(?m)^(\s*(?:- )?[\w-]+:)[ \t]+(\S.*)$")
