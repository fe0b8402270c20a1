"""Terminal control characters in user text are shown escaped; bad characters are located
(issue 31, item 6).

Console output of `validate`, `drift`, `plan` (and `state`), error lines
``file:line:col: field: message``, and the located problems of a household file that is not
UTF-8 or holds a control character YAML refuses. Through the CLI in a subprocess: the bytes a
terminal would get are what is asserted.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from trimtab.errors import Problem, printable
from trimtab.report.console.terminal import escaped, escaped_text
from trimtab.source import Source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "household.yaml").read_bytes()
NAME_LINE = b"name: Rivera household"  # line 4 of the example
RAW_CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
# every byte a terminal acts on, as sent raw: ESC, CSI (C1), NUL, BEL, DEL, backspace
TERMINAL_BYTES = (b"\x1b", b"\xc2\x9b", b"\x00", b"\x07", b"\x7f", b"\x08")


def household(tmp_path: Path, name_line: bytes, extra: bytes = b"") -> Path:
    path = tmp_path / "household.yaml"
    path.write_bytes(EXAMPLE.replace(NAME_LINE, name_line + extra))
    return path


def trimtab(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "trimtab", *(str(a) for a in args)]
    return subprocess.run(command, capture_output=True, cwd=ROOT, timeout=300)


# A household name written escaped in YAML (valid): ESC [ 2 J (clear the screen), a C1 CSI,
# DEL, BEL and a NUL. Each is printed as its escape.
HOSTILE_NAME = b'name: "Rivera \\e[2J\\x9b\\x7f\\a\\0 household"'
SHOWN = b"Rivera \\x1b[2J\\x9b\\x7f\\x07\\x00 household"


@pytest.mark.parametrize("command", ["validate", "drift", "plan", "state"])
def test_a_hostile_household_name_prints_escaped(tmp_path: Path, command: str) -> None:
    done = trimtab(command, household(tmp_path, HOSTILE_NAME))
    assert done.returncode == 0, done.stderr
    if command != "state":  # state's tables name the accounts, not the household
        assert SHOWN in done.stdout
    for raw in TERMINAL_BYTES:
        assert raw not in done.stdout + done.stderr, (command, raw)


def test_json_output_stays_json_with_every_control_escaped(tmp_path: Path) -> None:
    done = trimtab("drift", household(tmp_path, HOSTILE_NAME), "--json")
    assert done.returncode == 0, done.stderr
    for raw in TERMINAL_BYTES:
        assert raw not in done.stdout
    assert b'"Rivera \\u001b[2J\\u009b\\u007f\\u0007\\u0000 household"' in done.stdout
    assert json.loads(done.stdout)["household"] == "Rivera \x1b[2J\x9b\x7f\x07\x00 household"


def test_an_error_line_shows_a_hostile_field_escaped(tmp_path: Path) -> None:
    # an unknown field named with ESC [ 2 J and a line break: one escaped line, exit 2
    path = household(tmp_path, NAME_LINE, b'\n"odd\\e[2J\\nkey": 1')
    done = trimtab("validate", path)
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr
    assert f"{path}:5:1: odd\\x1b[2J\\nkey: unknown field `odd\\x1b[2J\\nkey`".encode() in (
        done.stderr
    )


def test_a_hostile_file_name_in_messages_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b[2Jb.yaml"
    done = trimtab("validate", path)  # no such file
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr
    assert b"a\\x1b[2Jb.yaml:" in done.stderr


@pytest.mark.parametrize(
    ("raw", "code"), [(b"\x1b", "U+001B"), (b"\x7f", "U+007F"), (b"\xc2\x9b", "U+009B")]
)
def test_a_raw_control_character_is_located(tmp_path: Path, raw: bytes, code: str) -> None:
    # line 4 `name: Rivera ` is 13 characters: the control character is at 4:14
    path = household(tmp_path, b"name: Rivera " + raw + b" household")
    done = trimtab("validate", path)
    assert done.returncode == 2
    text = done.stderr.decode()
    assert f"{path}:4:14: (document): the control character {code} is not allowed" in text
    assert ":0:0:" not in text


def test_a_non_utf8_byte_is_located_at_the_start_of_the_file(tmp_path: Path) -> None:
    path = household(tmp_path, b"name: Rivera \xff household")  # line 4, column 14
    done = trimtab("validate", path)
    assert done.returncode == 2
    assert f"{path}:4:14: (document): this is not UTF-8 text".encode() in done.stderr


def test_a_non_utf8_byte_past_the_head_is_located(tmp_path: Path) -> None:
    # the example ends with a line break; 9,000 bytes of comment lines pass the 8 KB head
    lines = EXAMPLE.count(b"\n")
    body = EXAMPLE + b"# padding\n" * 900 + b"# caf\xe9\n"  # latin-1 e-acute: 'caf' then it
    path = tmp_path / "household.yaml"
    path.write_bytes(body)
    done = trimtab("validate", path)
    assert done.returncode == 2
    # line: the example's lines, then 900 padding lines, then this one; column 6 = "# caf" + 1
    expected = f"{path}:{lines + 900 + 1}:6: (document): byte 0xe9 is not UTF-8 text"
    assert expected.encode() in done.stderr


def test_a_nul_is_located(tmp_path: Path) -> None:
    path = household(tmp_path, b"name: Rivera\x00 household")  # 'name: Rivera' is 12: 4:13
    done = trimtab("validate", path)
    assert done.returncode == 2
    assert f"{path}:4:13: (document): this is a binary file".encode() in done.stderr


def test_a_non_utf8_household_is_located_by_import(tmp_path: Path) -> None:
    from trimtab.importers.run import _household_file

    into = household(tmp_path, b"name: Rivera \xff household")
    found = _household_file(into)
    assert isinstance(found, tuple)
    assert (found[0].kind, found[0].source.line, found[0].source.column) == ("not_utf8", 4, 14)


def test_problem_lines_escape_every_control_character() -> None:
    problem = Problem(
        source=Source(file="x\x1b.yaml", line=3, column=2),
        field="name",
        kind="k",
        message="bad \x9b\x00\n",
    )
    assert str(problem) == "x\\x1b.yaml:3:2: name: bad \\x9b\\x00\\n"


def test_a_styled_text_keeps_its_style_around_an_escape() -> None:
    text = Text("ab")
    text.append("c\x1bd", style="red")
    shown = escaped_text(text)
    assert shown.plain == "abc\\x1bd"
    red = {i for s in shown.spans if str(s.style) == "red" for i in range(s.start, s.end)}
    assert red == set(range(2, 8))  # "c\\x1bd": the escape is red like its character


@given(st.text(alphabet=st.sampled_from([*RAW_CONTROLS, "a", "é", " ", "["])))
def test_no_control_character_survives_escaping(text: str) -> None:
    assert not any(ch in printable(text) for ch in RAW_CONTROLS)
    assert set(escaped(text)) & set(RAW_CONTROLS) <= {"\n", "\t"}


def test_a_nul_in_an_export_is_located() -> None:
    from trimtab.errors import Problem as P
    from trimtab.importers.text.csvread import parse_export

    # line 2, after "VTI," (4 characters): column 5
    found = parse_export(b"Symbol,Quantity\nVTI,\x0010\n", "positions.csv")
    assert isinstance(found, P)
    assert (found.kind, found.source.line, found.source.column) == ("not_text", 2, 5)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_colour_terminal_styles_stay_and_user_escapes_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.table import Table

    from trimtab.report.console.common import console_for

    monkeypatch.delenv("NO_COLOR", raising=False)
    stream = _Terminal()
    console = console_for(stream)
    table = Table(title="Rivera \x1b]52;c;cHduZWQ=\x07")  # OSC 52: write the clipboard
    table.add_column("Account")
    table.add_row(Text("ira\x1b[2J", style="red"))
    console.print(table)
    console.print("done \x9b", style="green")
    shown = stream.getvalue()
    assert "\x1b]52" not in shown and "\x1b[2J" not in shown and "\x9b" not in shown
    assert "\x1b[31m" in shown  # rich's own colour codes are still there, and only they
    plain = re.sub("\x1b\\[[0-9;]*m", "", shown)
    assert "\x1b" not in plain
    assert "\\x1b]52;c;cHdu" in plain  # the title, wrapped to the table's width
    assert "ira\\x1b[2J" in plain and "done \\x9b" in plain


def test_a_usage_error_shows_the_users_value_escaped(tmp_path: Path) -> None:
    # typer's (click's) own message names the value given: BEL and a C1 CSI in it, escaped
    done = trimtab("journal", "executed", "1", "--all", "--date", "x\x07\x9b[2J")
    assert done.returncode == 2
    assert b"\x07" not in done.stderr and b"\xc2\x9b" not in done.stderr
    assert b"--date x\\x07\\x9b[2J: not a date" in done.stderr
