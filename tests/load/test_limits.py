"""Size limits (issue 31, item 7): past each, one located problem, exit 2, the file unchanged.

Every limit of trimtab.load.limits is passed through the CLI in a subprocess. Those cheap to
pass (a few MB at most) are passed at their real value; the household's holdings and lots
(100,000 and 200,000: a 15 MB file) with the limit lowered in the subprocess to 3, which runs
the same code. The problem names the first item past the limit: its line, column and field.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from trimtab.load import limits
from trimtab.load.tree import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "household.yaml").read_text(encoding="utf-8")
IMPORT = ROOT / "tests" / "data" / "import"
PLACE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<field>\S+): ", re.M)

_PRELUDE = """
import sys
from dataclasses import replace
import trimtab.load.limits as limits
lowered = {lowered!r}
limits.HOUSEHOLD_LIMITS = tuple(
    replace(x, most=lowered.get(x.what, x.most)) for x in limits.HOUSEHOLD_LIMITS
)
sys.argv = ["trimtab", *{args!r}]
from trimtab.__main__ import run
run()
"""


def trimtab(*args: str, lowered: dict[str, int] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess (household limits lowered by name when asked)."""
    if lowered:
        command = [sys.executable, "-c", _PRELUDE.format(lowered=lowered, args=list(args))]
    else:
        command = [sys.executable, "-m", "trimtab", *args]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def refused(
    path: Path, *args: str, lowered: dict[str, int] | None = None
) -> tuple[int, int, str, str]:
    """Run the command, check exit 2 and the file unchanged; the problem's line, column,
    field and text."""
    before = path.read_bytes()
    result = trimtab(*args, lowered=lowered)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert path.read_bytes() == before
    found = next(m for m in PLACE.finditer(output) if m["file"].endswith(path.name))
    line_end = output.find("\n", found.end())
    return int(found["line"]), int(found["column"]), found["field"], output[found.end() : line_end]


def with_items(section: str, items: list[str]) -> tuple[str, int]:
    """The example household with ``items`` first in ``section`` (a top-level list or mapping),
    and the line of the header of that section."""
    lines = EXAMPLE.split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith(f"{section}:"))
    return "\n".join([*lines[: header + 1], *items, *lines[header + 1 :]]), header + 1


@pytest.mark.parametrize(
    ("section", "what", "item"),
    [
        ("accounts", "accounts", "  - {{id: extra-{n}, type: taxable, owners: [ana]}}"),
        ("prices", "prices", "  X{n}: 1.25"),
        (
            "transactions",
            "transactions",
            "  - {{date: 2026-11-10, account: luis-ira, action: buy, symbol: VEA, quantity: 1, "
            "price: 57.10}}",
        ),
        (
            "recurring",
            "recurring purchases",
            "  - {{account: luis-401k, symbol: FXAIX, amount: 1}}",
        ),
        ("cash_flows", "cash flows", "  - {{account: ana-ira, kind: contribution, amount: {n}}}"),
        ("restrictions", "restrictions", "  - {{symbol: X{n}, no_buy: true}}"),
    ],
)
def test_a_household_past_a_count_limit_names_the_first_item_past_it(
    tmp_path: Path, section: str, what: str, item: str
) -> None:
    most = next(x.most for x in limits.HOUSEHOLD_LIMITS if x.what == what)
    text, header = with_items(section, [item.format(n=n) for n in range(most + 1)])
    path = tmp_path / "household.yaml"
    path.write_text(text, encoding="utf-8")
    line, column, field, message = refused(path, "validate", str(path))
    # items 0 … most-1 fit; item `most` is on the line `most` + 1 below the header
    assert line == header + most + 1
    assert column == 3 if section == "prices" else 5
    expected_field = f"prices.X{most}" if section == "prices" else f"{section}[{most}]"
    assert field == expected_field
    assert f"trimtab reads household files of up to {most:,} {what}" in message


def test_lots_and_holdings_past_their_limits_lowered_to_3(tmp_path: Path) -> None:
    # joint-taxable's VTI holding has lots L1 and L2; three more lots make five: the fourth
    # (lots[3]) is the first past a limit of 3 lots
    path = tmp_path / "household.yaml"
    lots = "\n".join(
        f"          - {{id: X{n}, acquired: 2020-01-02, quantity: 1, cost: 100}}" for n in range(3)
    )
    anchor = "        lots:\n"
    assert anchor in EXAMPLE
    path.write_text(EXAMPLE.replace(anchor, anchor + lots + "\n", 1), encoding="utf-8")
    line, _, field, message = refused(path, "validate", str(path), lowered={"lots": 3})
    assert field == "accounts[0].holdings[0].lots[3]"
    assert line == EXAMPLE[: EXAMPLE.index(anchor)].count("\n") + 2 + 3
    assert "trimtab reads household files of up to 3 lots" in message
    # the example's first account holds more than three holdings: the fourth is past
    _, _, field, message = refused(path, "validate", str(path), lowered={"holdings": 3})
    assert field == "accounts[0].holdings[3]"
    assert "of up to 3 holdings" in message


def test_a_household_past_the_byte_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "household.yaml"
    with path.open("wb") as stream:  # sparse past a long comment (the head read is text)
        stream.write(b"format: trimtab.household/1\n# " + b"x" * 10_000 + b"\n")
        stream.truncate(MAX_FILE_BYTES + 1)
    line, _, field, message = refused(path, "validate", str(path))
    assert (line, field) == (0, "(document)")
    assert "trimtab reads YAML files of up to 50 MB" in message


def test_a_trade_list_past_the_trade_limit(tmp_path: Path) -> None:
    most = limits.TRADE_LIMITS[0].most
    trades = tmp_path / "trades.yaml"
    rows = [
        f"  - {{id: T{n}, date: 2026-11-24, account: ana-ira, action: buy, symbol: VTI, "
        "quantity: 1, price: 331.40}"
        for n in range(most + 1)
    ]
    trades.write_text("format: trimtab.trades/1\ntrades:\n" + "\n".join(rows) + "\n")
    household = ROOT / "examples" / "household.yaml"
    before = household.read_bytes()
    line, column, field, message = refused(trades, "check", str(household), "--trades", str(trades))
    assert (line, column, field) == (2 + most + 1, 5, f"trades[{most}]")
    assert f"trimtab reads trade lists of up to {most:,} trades" in message
    assert household.read_bytes() == before


def test_an_account_map_past_its_limit(tmp_path: Path) -> None:
    most = limits.ACCOUNT_MAP_LIMITS[0].most
    account_map = tmp_path / "account-map.yaml"
    rows = [f'  - {{match: "N{n}", id: a{n}, type: taxable}}' for n in range(most + 1)]
    account_map.write_text("format: trimtab.account-map/1\naccounts:\n" + "\n".join(rows) + "\n")
    into = tmp_path / "household.yaml"
    into.write_bytes((IMPORT / "household_before.yaml").read_bytes())
    before = into.read_bytes()
    export = IMPORT / "schwab" / "All-Accounts-Positions-2026-11-24.CSV"
    line, _, field, message = refused(
        account_map, "import", str(export), "--into", str(into), "--account-map", str(account_map)
    )
    assert (line, field) == (2 + most + 1, f"accounts[{most}]")
    assert f"trimtab reads account maps of up to {most:,} accounts" in message
    assert into.read_bytes() == before


def test_a_csv_export_past_the_row_limit(tmp_path: Path) -> None:
    most = limits.MAX_EXPORT_ROWS
    export = tmp_path / "lots.csv"
    header = "account,symbol,acquired,quantity,cost\n"
    export.write_text(header + "Z1,VTI,2020-01-02,1,100\n" * most)  # a header and `most` rows
    into = tmp_path / "household.yaml"
    into.write_bytes((IMPORT / "base_household.yaml").read_bytes())
    before = into.read_bytes()
    line, _, field, message = refused(export, "import", str(export), "--into", str(into))
    # records 1 … most fit (the header is the first); record most + 1 starts on that line
    assert (line, field) == (most + 1, "(file)")
    assert f"trimtab reads CSV exports of up to {most:,} rows" in message
    assert into.read_bytes() == before


def test_an_export_past_the_byte_limit_is_not_read(tmp_path: Path) -> None:
    export = tmp_path / "flex.xml"
    with export.open("wb") as stream:
        stream.truncate(limits.MAX_EXPORT_BYTES + 1)
    into = tmp_path / "household.yaml"
    into.write_bytes((IMPORT / "base_household.yaml").read_bytes())
    line, _, field, message = refused(export, "import", str(export), "--into", str(into))
    assert (line, field) == (1, "(file)")
    assert "the file is 50 MB; trimtab reads exports of up to 50 MB" in message


def test_a_csv_of_fills_past_its_row_limit() -> None:
    from trimtab.journal.fills_csv import read_fills

    most = limits.MAX_FILL_ROWS
    text = "trade,quantity,price,date\n" + "P1,1,10.00,2026-11-24\n" * (most + 1)
    fills, problems = read_fills("fills.csv", text, default_date=None)
    # rows 1 … most fit after the header on line 1: row most + 1 is on line most + 2
    assert fills == ()
    assert [(p.kind, p.source.line) for p in problems] == [("too_many", most + 2)]
    assert "trimtab reads CSVs of fills of up to 10,000 rows" in problems[0].message


def test_a_file_for_the_round_trip_reader_past_its_event_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the limit lowered to 10 events; a tab sends the text to the round-trip reader, whose
    # events are counted from 0: the stream 0, the document 1, the mapping 2, `x` 3, the list
    # 4, item n 5 + n; event 11, the first past 10, is item 6 on line 2 + 6 = 8
    from trimtab.load import roundtrip
    from trimtab.load.tree import parse_tree

    monkeypatch.setattr(roundtrip, "MAX_ROUNDTRIP_NODES", 10)
    text = "x:   # a\ttab\n" + "".join(f"  - {n}\n" for n in range(20))
    problem = parse_tree(text, "f.yaml")
    assert not isinstance(problem, roundtrip.Tree)
    assert (problem.kind, problem.source.line, problem.field) == ("file_too_large", 8, "(document)")
    assert "trimtab reads such files up to 10 values" in problem.message


def test_a_csv_export_past_the_cell_limit(tmp_path: Path) -> None:
    most = limits.MAX_EXPORT_CELLS
    export = tmp_path / "lots.csv"
    header = "account,symbol,acquired,quantity,cost\n"  # 5 cells
    export.write_text(header + ("," * 1000 + "\n") * 10_001)  # rows of 1,001 empty cells
    into = tmp_path / "household.yaml"
    into.write_bytes((IMPORT / "base_household.yaml").read_bytes())
    before = into.read_bytes()
    line, _, field, message = refused(export, "import", str(export), "--into", str(into))
    # after line L: 5 + 1,001 × (L − 1) cells; 5 + 1,001 × 9,990 = 9,999,995 is not past the
    # limit, 5 + 1,001 × 9,991 = 10,000,996 is: L − 1 = 9,991, L = 9,992
    assert (most, line, field) == (10_000_000, 9_992, "(file)")
    assert "trimtab reads CSV exports of up to 10,000,000 cells" in message
    assert into.read_bytes() == before
