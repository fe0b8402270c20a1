"""Meta-tests over the shipped tax data: every number has a source, every year has everything.

Also the loader's validators: each malformed document is rejected with the file and the key.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from ruamel.yaml import YAML

from trimtab.model.enums import FilingStatus
from trimtab.rules.shipped import DataError
from trimtab.rules.tax_year import (
    SECTIONS,
    load_tax_year,
    parse_tax_year,
    shipped_tax_years,
)

# A source names a Rev. Proc., an IRS publication, an IRC section, a regulation or a public law.
AUTHORITY = re.compile(r"Rev\. Proc\. \d{4}-\d+|Pub\. \d+|IRC §\d+|Treas\. Reg\. §|P\.L\. \d+-\d+")
YEARS = shipped_tax_years()


def raw_document(year: int) -> Any:
    path = resources.files("trimtab") / "data" / "tax" / "federal" / f"{year}.yaml"
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def numbers(node: object, path: str) -> Iterator[str]:
    """The paths of every number under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from numbers(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numbers(value, f"{path}[{i}]")
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path


def test_shipped_years_include_2025_and_2026() -> None:
    assert {2025, 2026} <= set(YEARS)
    assert list(YEARS) == sorted(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_every_number_sits_in_a_section_that_names_its_authority(year: int) -> None:
    document = raw_document(year)
    data_keys = set(document) - {"format", "year"}
    assert data_keys == set(SECTIONS)
    for name in SECTIONS:
        section = document[name]
        assert AUTHORITY.search(section["source"]), f"{year} {name}: {section['source']!r}"
        assert list(numbers(section, name)), f"{year} {name} holds no numbers"
    # No number outside a sourced section (format and year are the header, not tax numbers).
    outside = [p for p in numbers(document, "") if p.split(".")[1] not in SECTIONS]
    assert outside == [".year"]


@pytest.mark.parametrize("year", YEARS)
def test_revenue_procedure_matches_the_year(year: int) -> None:
    # Figures for tax year Y come from the Rev. Proc. issued in Y-1.
    document = raw_document(year)
    for name in ("ordinary_brackets", "capital_gains_thresholds"):
        found = re.search(r"Rev\. Proc\. (\d{4})-", document[name]["source"])
        assert found is not None and int(found.group(1)) == year - 1


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("status", FilingStatus)
def test_every_year_has_every_parameter_for_every_status(year: int, status: FilingStatus) -> None:
    tax_year = load_tax_year(year)
    assert tax_year.year == year
    assert len(tax_year.brackets(status)) == 7
    assert 0 < tax_year.zero_rate_top(status) < tax_year.fifteen_rate_top(status)
    assert tax_year.niit_threshold(status) > 0
    assert tax_year.loss_limit(status) in (Decimal(1_500), Decimal(3_000))
    assert tax_year.standard_deduction(status) > 0
    assert tax_year.niit_rate == Decimal("0.038")
    assert set(tax_year.sources) == set(SECTIONS)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("status", FilingStatus)
def test_brackets_ascend_from_zero(year: int, status: FilingStatus) -> None:
    brackets = load_tax_year(year).brackets(status)
    assert brackets[0].start == 0
    assert all(a.start < b.start and a.rate < b.rate for a, b in itertools.pairwise(brackets))
    rates = [b.rate for b in brackets]
    assert rates == [Decimal(r) for r in ("0.1", "0.12", "0.22", "0.24", "0.32", "0.35", "0.37")]


@pytest.mark.parametrize("year", YEARS)
def test_surviving_spouse_uses_the_joint_figures(year: int) -> None:
    t = load_tax_year(year)
    mfj, qss = FilingStatus.MARRIED_JOINT, FilingStatus.QUALIFYING_SURVIVING_SPOUSE
    assert t.brackets(qss) == t.brackets(mfj)
    assert (t.zero_rate_top(qss), t.fifteen_rate_top(qss)) == (
        t.zero_rate_top(mfj),
        t.fifteen_rate_top(mfj),
    )
    assert t.niit_threshold(qss) == t.niit_threshold(mfj)


def test_figures_match_the_digest() -> None:
    # Spot checks against docs/tax-rules.md §3.1-3.4 (from Rev. Proc. 2024-40 / 2025-32).
    t25, t26 = load_tax_year(2025), load_tax_year(2026)
    single, mfs = FilingStatus.SINGLE, FilingStatus.MARRIED_SEPARATE
    hoh = FilingStatus.HEAD_OF_HOUSEHOLD
    assert [b.start for b in t26.brackets(hoh)] == [
        0, 17_700, 67_450, 105_700, 201_750, 256_200, 640_600,
    ]  # fmt: skip
    assert t25.brackets(mfs)[-1].start == 375_800
    assert (t25.zero_rate_top(hoh), t25.fifteen_rate_top(hoh)) == (64_750, 566_700)
    assert (t26.zero_rate_top(mfs), t26.fifteen_rate_top(mfs)) == (49_450, 306_850)
    assert t26.standard_deduction(single) == 16_100
    assert t25.standard_deduction(hoh) == 23_625


def test_load_is_cached() -> None:
    assert load_tax_year(2026) is load_tax_year(2026)


def test_unshipped_year_names_the_shipped_ones() -> None:
    with pytest.raises(ValueError, match=r"no federal tax data for 1999; trimtab ships 2025, 2026"):
        load_tax_year(1999)


# --- Validators: the kind of mistake and the place (file: key).

ORIGIN = "test.yaml"


def parse(document: Any) -> None:
    parse_tax_year(document, origin=ORIGIN, expected_year=2026)


def broken(edit: str) -> Any:
    """The 2026 document with one deliberate mistake."""
    document = copy.deepcopy(raw_document(2026))
    brackets = document["ordinary_brackets"]
    if edit == "no source":
        del document["niit"]["source"]
    elif edit == "descending starts":
        brackets["single"][2]["from"] = 10_000
    elif edit == "descending rates":
        brackets["married_separate"][3]["rate"] = 0.20
    elif edit == "first not zero":
        brackets["head_of_household"][0]["from"] = 100
    elif edit == "missing status":
        del document["capital_loss_limit"]["married_separate"]
    elif edit == "unknown status":
        document["standard_deduction"]["widow"] = 1
    elif edit == "negative":
        document["capital_loss_limit"]["single"] = -3_000
    elif edit == "thresholds reversed":
        document["capital_gains_thresholds"]["single"] = {
            "zero_rate_up_to": 600_000,
            "fifteen_rate_up_to": 49_450,
        }
    elif edit == "missing section":
        del document["niit"]
    elif edit == "wrong year":
        document["year"] = 2025
    elif edit == "not a number":
        document["niit"]["thresholds"]["single"] = "lots"
    return document


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        ("no source", "test.yaml: niit.source: every section must name its source"),
        ("descending starts", "test.yaml: ordinary_brackets.single[2].from: bracket starts"),
        (
            "descending rates",
            "test.yaml: ordinary_brackets.married_separate[3].rate: bracket rates",
        ),
        ("first not zero", "test.yaml: ordinary_brackets.head_of_household[0].from: the first"),
        ("missing status", "test.yaml: capital_loss_limit.married_separate: missing filing status"),
        ("unknown status", "test.yaml: standard_deduction.widow: not a filing status"),
        ("negative", "test.yaml: capital_loss_limit.single: expected a non-negative number"),
        ("thresholds reversed", "test.yaml: capital_gains_thresholds.single: the 0% top"),
        ("missing section", "test.yaml: niit: missing section"),
        ("wrong year", "test.yaml: year: 2025 does not match the file name (2026)"),
        ("not a number", "test.yaml: niit.thresholds.single: expected a number"),
    ],
)
def test_malformed_data_is_rejected_with_its_place(edit: str, place: str) -> None:
    with pytest.raises(DataError) as caught:
        parse(broken(edit))
    assert str(caught.value).startswith(place)


def test_the_shipped_document_parses() -> None:
    parse(raw_document(2026))
