"""Structural mistakes are told in trimtab's own words, never pydantic's (issue 24, item 4).

Each test plants one mistake in tests/data/minimal.yaml's text and asserts the problem's kind,
line and field, and the words: a did-you-mean for a close miss, a hint for money written as
`12,500` or `$331.40`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trimtab import check_household
from trimtab.errors import Problem, errors_only

MINIMAL = (Path(__file__).resolve().parent.parent / "data" / "minimal.yaml").read_text()
PYDANTIC_PHRASES = (
    "Input should",
    "Value error",
    "valid decimal",
    "Field required",
    "Extra inputs",
)


def problems_of(old: str, new: str) -> tuple[Problem, ...]:
    """The errors of minimal.yaml with ``old`` replaced by ``new`` (which must occur once)."""
    assert MINIMAL.count(old) == 1
    household, problems = check_household("h.yaml", text=MINIMAL.replace(old, new))
    assert household is None
    return errors_only(problems)


def only(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_a_close_miss_of_a_mode_suggests_the_mode() -> None:
    problem = only(problems_of("  harvest_min_loss: 500", "  mode: tarket"))
    assert (problem.kind, problem.source.line, problem.field) == (
        "unknown_value",
        12,
        "settings.mode",
    )
    assert problem.message == "`tarket` is not a known mode; did you mean `target`?"
    assert problem.expected == "one of target, band, cash, harvest, location"


def test_a_close_miss_of_an_asset_class_suggests_the_class() -> None:
    problem = only(problems_of("  us_large_cap: 60", "  us_large_caps: 60"))
    assert (problem.kind, problem.source.line, problem.field) == (
        "unknown_asset_class",
        8,
        "targets.us_large_caps",
    )
    assert "did you mean `us_large_cap`?" in problem.message


def test_a_misspelt_field_name_suggests_the_field() -> None:
    problem = only(problems_of("  harvest_min_loss: 500", "  harvest_min_los: 500"))
    assert (problem.kind, problem.source.line, problem.field) == (
        "unknown_setting",
        12,
        "settings.harvest_min_los",
    )
    assert problem.message == "unknown field `harvest_min_los`; did you mean `harvest_min_loss`?"
    assert problem.expected.startswith("one of mode, band_buffer, harvest, harvest_min_loss")


def test_a_far_miss_gets_no_suggestion() -> None:
    problem = only(problems_of("  harvest_min_loss: 500", "  mode: aggressive"))
    assert problem.message == "`aggressive` is not a known mode"


def test_thousands_separators_get_a_hint() -> None:
    problem = only(problems_of("cash: 1000", "cash: 12,500"))
    assert (problem.kind, problem.source.line, problem.field) == (
        "not_a_number",
        17,
        "accounts[0].cash",
    )
    assert problem.message == "`12,500` is not a number; write it as 12500, without `,`"


def test_a_dollar_sign_gets_a_hint() -> None:
    problem = only(problems_of("VTI: 300,", "VTI: $331.40,"))
    assert problem.field == "prices.VTI"
    assert problem.message == "`$331.40` is not a number; write it as 331.40, without `$`"


def test_a_percent_sign_says_rates_are_fractions() -> None:
    problem = only(problems_of("  harvest_min_loss: 500", "  band_buffer: 5%"))
    assert problem.kind == "not_a_number"
    assert "0.05 for 5%" in problem.message


def test_a_missing_field_is_named() -> None:
    problem = only(problems_of("as_of: 2026-11-24\n", ""))
    assert (problem.kind, problem.field) == ("missing_field", "as_of")
    assert problem.message == "`as_of` is required and missing"


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("as_of: 2026-11-24", "as_of: 11/24/2026", "not_a_date"),
        ("harvest_min_loss: 500", "harvest_min_loss: -5", "negative"),
        ("prices: {VTI: 300,", "prices: {VTI: 0,", "not_positive"),
        ("harvest_min_loss: 500", "harvest: maybe", "not_a_switch"),
        ("harvest_min_loss: 500", "location_years: 2.5", "not_an_integer"),
        ("harvest_min_loss: 500", "band_buffer: 3", "out_of_range"),
        ("owners:\n  - {id: pat, birth_date: 1970-01-01}", "owners: pat", "not_a_list"),
        ("type: taxable", "type: ira", "unknown_account_type"),
        ("filing_status: single", "filing_status: joint", "unknown_filing_status"),
        ("relief_method: fifo", "relief_method: fastest", "unknown_relief_method"),
    ],
)
def test_no_pydantic_wording_reaches_the_user(old: str, new: str, kind: str) -> None:
    problem = only(problems_of(old, new))
    assert problem.kind == kind
    assert not any(phrase in str(problem) for phrase in PYDANTIC_PHRASES), str(problem)


def test_a_date_written_the_american_way_says_how_to_write_it() -> None:
    problem = only(problems_of("as_of: 2026-11-24", "as_of: 11/24/2026"))
    assert "YYYY-MM-DD" in problem.message


def test_the_bad_corpus_speaks_no_pydantic() -> None:
    bad = Path(__file__).resolve().parent.parent / "data" / "bad"
    for path in sorted(bad.glob("*.yaml")):
        _, problems = check_household(path)
        for problem in problems:
            assert not any(phrase in str(problem) for phrase in PYDANTIC_PHRASES), str(problem)
