"""Meta-tests over the shipped RMD data: every number has a source, ages are contiguous, periods
descend, every account type is classified; and the loader's validators, each mistake with its place.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from ruamel.yaml import YAML

from trimtab.model.enums import AccountType
from trimtab.rules.rmd_table import (
    SECTIONS,
    Aggregation,
    load_rmd_rules,
    parse_rmd_rules,
)
from trimtab.rules.shipped import DataError

# A source names an IRC section, a Treasury regulation or a public law.
AUTHORITY = re.compile(r"IRC §\d+|Treas\. Reg\. §|P\.L\. \d+-\d+")
RULES = load_rmd_rules()
TABLE = RULES.uniform_lifetime

# Treas. Reg. §1.401(a)(9)-9(c), as copied in docs/tax-rules.md §5 (ages 72-120+).
DIGEST = {
    72: "27.4", 73: "26.5", 74: "25.5", 75: "24.6", 76: "23.7", 77: "22.9", 78: "22.0",
    79: "21.1", 80: "20.2", 81: "19.4", 82: "18.5", 83: "17.7", 84: "16.8", 85: "16.0",
    86: "15.2", 87: "14.4", 88: "13.7", 89: "12.9", 90: "12.2", 91: "11.5", 92: "10.8",
    93: "10.1", 94: "9.5", 95: "8.9", 96: "8.4", 97: "7.8", 98: "7.3", 99: "6.8", 100: "6.4",
    101: "6.0", 102: "5.6", 103: "5.2", 104: "4.9", 105: "4.6", 106: "4.3", 107: "4.1",
    108: "3.9", 109: "3.7", 110: "3.5", 111: "3.4", 112: "3.3", 113: "3.1", 114: "3.0",
    115: "2.9", 116: "2.8", 117: "2.7", 118: "2.5", 119: "2.3", 120: "2.0",
}  # fmt: skip


def raw_document() -> Any:
    path = resources.files("trimtab") / "data" / "rmd" / "uniform_lifetime.yaml"
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def numbers(node: object, path: str) -> Iterator[str]:
    """The paths of every number (and every date) under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, int):
                yield f"{path}.{key}"
            yield from numbers(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numbers(value, f"{path}[{i}]")
    elif isinstance(node, int | float | dt.date) and not isinstance(node, bool):
        yield path


# --- Meta-tests over the shipped data.


def test_every_number_sits_in_a_section_that_names_its_authority() -> None:
    document = raw_document()
    assert set(document) == {"format", *SECTIONS}
    for name in SECTIONS:
        source = document[name]["source"]
        assert AUTHORITY.search(source), f"{name}: {source!r}"
        assert list(numbers(document[name], name)), f"{name} holds no numbers"
    # No number outside a sourced section; the header holds only the format name.
    outside = [p for p in numbers(document, "") if p.split(".")[1] not in SECTIONS]
    assert outside == []
    assert set(RULES.sources) == set(SECTIONS)
    assert all(AUTHORITY.search(s) for s in RULES.sources.values())


def test_the_table_cites_the_2022_regulation() -> None:
    assert "§1.401(a)(9)-9(c)" in TABLE.source
    assert TABLE.first_year == 2022
    assert "§107" in RULES.applicable_ages.source
    assert "§325" in RULES.account_types.source
    assert "§408A(c)(5)" in RULES.account_types.source


def test_ages_are_contiguous_from_72_to_120() -> None:
    ages = [row.age for row in TABLE.periods]
    assert ages == list(range(72, 121))
    assert (TABLE.first_age, TABLE.last_age) == (72, 120)


def test_distribution_periods_strictly_descend() -> None:
    assert all(a.period > b.period > 0 for a, b in itertools.pairwise(TABLE.periods))


def test_every_period_matches_the_digest() -> None:
    assert {row.age: row.period for row in TABLE.periods} == {
        age: Decimal(p) for age, p in DIGEST.items()
    }


@pytest.mark.parametrize(
    ("age", "period"),
    [
        (71, None),  # below the table: no RMD age reaches it from 2022
        (72, Decimal("27.4")),
        (73, Decimal("26.5")),
        (75, Decimal("24.6")),
        (100, Decimal("6.4")),
        (120, Decimal("2.0")),
        (121, Decimal("2.0")),  # "120 and older"
        (130, Decimal("2.0")),
    ],
)
def test_period_for_an_age(age: int, period: Decimal | None) -> None:
    assert TABLE.period_for(age) == period


def test_every_account_type_is_classified_exactly_once() -> None:
    types = RULES.account_types
    classified = [r.type for r in types.owe] + list(types.exempt) + list(types.not_modelled)
    assert sorted(classified) == sorted(AccountType)


@pytest.mark.parametrize(
    ("account_type", "aggregation"),
    [
        (AccountType.TRADITIONAL_IRA, Aggregation.OWNER_IRAS),
        (AccountType.SEP_IRA, Aggregation.OWNER_IRAS),
        (AccountType.SIMPLE_IRA, Aggregation.OWNER_IRAS),
        (AccountType.K401, Aggregation.ACCOUNT),
        (AccountType.B403, Aggregation.ACCOUNT),
        (AccountType.B457, Aggregation.ACCOUNT),
        (AccountType.ROTH_IRA, None),  # IRC §408A(c)(5)
        (AccountType.ROTH_401K, None),  # none from 2024: SECURE 2.0 §325
        (AccountType.TAXABLE, None),
        (AccountType.HSA, None),
        (AccountType.INHERITED_IRA, None),  # not modelled
    ],
)
@pytest.mark.parametrize("year", [2025, 2026])
def test_which_accounts_owe(
    account_type: AccountType, aggregation: Aggregation | None, year: int
) -> None:
    rule = RULES.account_types.rule_for(account_type, year)
    assert (rule.aggregation if rule else None) == aggregation


def test_roth_401k_owed_until_2023() -> None:
    rule = RULES.account_types.rule_for(AccountType.ROTH_401K, 2023)
    assert rule is not None and rule.last_year == 2023
    assert RULES.account_types.rule_for(AccountType.ROTH_401K, 2024) is None


@pytest.mark.parametrize(
    ("born", "age", "first_year"),
    [
        (dt.date(1948, 6, 30), "70.5", 2018),  # 70½ on 2018-12-30
        (dt.date(1948, 7, 1), "70.5", 2019),  # 70½ on 2019-01-01
        (dt.date(1949, 6, 30), "70.5", 2019),  # the last 70½ birthday: 2019-12-30
        (dt.date(1949, 7, 1), "72", 2021),  # SECURE Act §114: 70½ only in 2020
        (dt.date(1950, 12, 31), "72", 2022),
        (dt.date(1951, 1, 1), "73", 2024),  # SECURE 2.0 §107
        (dt.date(1959, 12, 31), "73", 2032),  # the overlap year, read as 73
        (dt.date(1960, 1, 1), "75", 2035),
        (dt.date(1975, 5, 5), "75", 2050),
    ],
)
def test_applicable_age_by_birth_date(born: dt.date, age: str, first_year: int) -> None:
    step = RULES.applicable_ages.for_birth(born)
    assert step.age == Decimal(age)
    assert step.year_attained(born) == first_year


def test_load_is_cached() -> None:
    assert load_rmd_rules() is load_rmd_rules()


# --- Validators: the kind of mistake and the place (file: key).

ORIGIN = "test.yaml"


def broken(edit: str) -> Any:
    """The shipped document with one deliberate mistake."""
    document = copy.deepcopy(raw_document())
    periods = document["uniform_lifetime"]["periods"]
    steps = document["applicable_age"]["by_birth"]
    types = document["account_types"]
    if edit == "no source":
        del document["applicable_age"]["source"]
    elif edit == "gap in ages":
        del periods[90]
    elif edit == "period not descending":
        periods[85] = 16.8
    elif edit == "period zero":
        periods[120] = 0
    elif edit == "age not an integer":
        periods["seventy"] = periods.pop(72)
    elif edit == "open range not last":
        steps[1]["born_before"] = None
    elif edit == "ranges not ascending":
        steps[2]["born_before"] = dt.date(1950, 1, 1)
    elif edit == "age not whole months":
        steps[0]["age"] = 70.3
    elif edit == "unknown type":
        types["owe"]["keogh"] = {"aggregation": "account"}
    elif edit == "type twice":
        types["exempt"].append("401k")
    elif edit == "type missing":
        types["exempt"].remove("hsa")
    elif edit == "unknown aggregation":
        types["owe"]["403b"]["aggregation"] = "plans"
    elif edit == "unknown section":
        document["joint_life"] = {"source": "IRC §401"}
    elif edit == "wrong format":
        document["format"] = "trimtab.rmd/2"
    elif edit == "missing section":
        del document["account_types"]
    return document


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        ("no source", "test.yaml: applicable_age.source: every section must name its source"),
        ("gap in ages", "test.yaml: uniform_lifetime.periods.91: ages must be contiguous"),
        ("period not descending", "test.yaml: uniform_lifetime.periods.85: distribution periods"),
        ("period zero", "test.yaml: uniform_lifetime.periods.120: expected a positive number"),
        ("age not an integer", "test.yaml: uniform_lifetime.periods.seventy: expected an integer"),
        ("open range not last", "test.yaml: applicable_age.by_birth[1].born_before: only the last"),
        ("ranges not ascending", "test.yaml: applicable_age.by_birth[2].born_before: range ends"),
        ("age not whole months", "test.yaml: applicable_age.by_birth[0].age: expected a whole"),
        ("unknown type", "test.yaml: account_types.owe.keogh: not an account type"),
        ("type twice", "test.yaml: account_types: 401k: classified more than once"),
        ("type missing", "test.yaml: account_types: hsa: not classified"),
        ("unknown aggregation", "test.yaml: account_types.owe.403b.aggregation: expected"),
        ("unknown section", "test.yaml: joint_life: not a known section"),
        ("wrong format", "test.yaml: format: expected 'trimtab.rmd/1'"),
        ("missing section", "test.yaml: account_types: missing section"),
    ],
)
def test_malformed_data_is_rejected_with_its_place(edit: str, place: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_rmd_rules(broken(edit), origin=ORIGIN)
    assert str(caught.value).startswith(place)


def test_the_shipped_document_parses() -> None:
    assert parse_rmd_rules(raw_document(), origin=ORIGIN) == RULES
