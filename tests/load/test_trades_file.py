"""Reading trade lists: trimtab.trades/1 YAML and the trades of a trimtab.plan/1 JSON.

The bad-trades corpus (tests/data/bad_trades) plants mistakes and lists each as
`# expect: kind line field`; reading and applying a file against examples/household.yaml must
report exactly those errors, and never raise.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from trimtab import load_household
from trimtab.errors import Problem, errors_only
from trimtab.load.trades import read_trades
from trimtab.model.enums import TradeAction
from trimtab.tax.realize import realize

D = Decimal
TESTS = Path(__file__).resolve().parent.parent
BAD = TESTS / "data" / "bad_trades"
TRADES = TESTS / "data" / "trades"
EXAMPLE = load_household(TESTS.parent / "examples" / "household.yaml")
FILES = sorted(BAD.glob("*.yaml"))


def expectations(path: Path) -> Counter[tuple[str, int, str]]:
    """The `# expect:` lines of a corpus file."""
    out: Counter[tuple[str, int, str]] = Counter()
    for line in path.read_text().splitlines():
        if line.startswith("# expect: "):
            kind, number, field = line.removeprefix("# expect: ").split(" ", 2)
            out[(kind, int(number), field)] += 1
    return out


def errors_of(path: Path) -> tuple[Problem, ...]:
    """Every error of reading ``path`` and applying it to the example household."""
    trades, problems = read_trades(path, as_of=EXAMPLE.as_of)
    if trades is None:
        return errors_only(problems)
    return realize(EXAMPLE, trades).errors


def test_the_corpus_covers_the_rules() -> None:
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_trades_report_exactly_their_planted_mistakes(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} lists no expected problem"
    problems = errors_of(path)
    found = Counter((p.kind, p.source.line, p.field) for p in problems)
    assert found == expected, "\n".join(str(p) for p in problems)
    assert all(p.source.file == str(path) for p in problems)


def test_the_example_trades_read_in_file_order() -> None:
    trades, problems = read_trades(TRADES / "example_trades.yaml", as_of=EXAMPLE.as_of)
    assert problems == () and trades is not None
    assert [(t.id, t.action, t.symbol, t.value, t.lots) for t in trades] == [
        ("T1", TradeAction.SELL, "VTI", D("10000.00"), ("L2",)),  # 40 × 250.00
        ("T2", TradeAction.BUY, "ITOT", D("1402.50"), ()),
        ("T3", TradeAction.SELL, "VTI", D("9900.00"), ()),
    ]
    assert (trades[0].source.line, trades[0].source.field) == (5, "trades[0]")


def test_a_plan_is_read_with_as_of_dates_p_ids_and_net_amounts() -> None:
    trades, problems = read_trades(TRADES / "plan.json", as_of=EXAMPLE.as_of)
    assert problems == () and trades is not None
    assert [(t.id, t.date, t.action, t.value, t.lots) for t in trades] == [
        # proceeds = 11,570.00 − 2.31 = 11,567.69
        ("P1", dt.date(2026, 11, 24), TradeAction.SELL, D("11567.69"), ("L7",)),
        # a buy costs 11,225.50 + 2.25 = 11,227.75
        ("P2", dt.date(2026, 11, 24), TradeAction.BUY, D("11227.75"), ()),
    ]
    assert trades[1].source.line == 18  # JSON read by the YAML parser keeps line numbers


def test_a_plan_sale_realizes_its_named_lot() -> None:
    trades, _ = read_trades(TRADES / "plan.json", as_of=EXAMPLE.as_of)
    assert trades is not None
    realization = realize(EXAMPLE, trades)
    # L7: 200 VEA bought 2025-09-15 for 12,400.00; 11,567.69 − 12,400.00 = −832.31, long-term
    # (the anniversary 2026-09-15 is before 2026-11-24)
    (row,) = realization.realized
    assert (row.lot_id, row.gain, row.term) == ("L7", D("-832.31"), "long")
    iefa = [x for x in realization.lots_after if x.symbol == "IEFA"]
    assert [(x.lot_id, x.quantity, x.cost) for x in iefa] == [("P2", 130, D("11227.75"))]


def test_a_plan_mistake_names_its_json_line() -> None:
    trades, problems = read_trades(TRADES / "plan_missing_amount.json", as_of=EXAMPLE.as_of)
    assert trades is None
    assert [(p.kind, p.source.line, p.field) for p in problems] == [
        ("missing_field", 6, "trades[1].amount")
    ]


def test_json_with_tabs_is_read_without_line_numbers() -> None:
    trades, problems = read_trades(TRADES / "plan_tabs.json", as_of=EXAMPLE.as_of)
    assert problems == () and trades is not None
    assert [(t.id, t.symbol, t.value) for t in trades] == [("P1", "BND", D("147.90"))]


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    trades, problems = read_trades(tmp_path / "none.yaml", as_of=EXAMPLE.as_of)
    assert trades is None
    assert [(p.kind, p.source.line) for p in problems] == [("file_not_found", 0)]


def test_a_list_is_not_a_trade_file(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- {id: T1}\n")
    trades, problems = read_trades(path, as_of=EXAMPLE.as_of)
    assert trades is None and [p.kind for p in problems] == ["not_a_mapping"]


def test_json_that_repeats_a_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{\n\t"format": "trimtab.plan/1",\n\t"trades": [],\n\t"trades": []\n}\n')
    trades, problems = read_trades(path, as_of=EXAMPLE.as_of)
    assert trades is None and [p.kind for p in problems] == ["yaml_syntax"]
