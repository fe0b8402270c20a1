"""Required minimum distributions: gold cases to the cent with the hand arithmetic beside each.

Divisors: the Uniform Lifetime Table, Treas. Reg. §1.401(a)(9)-9(c), for the age attained on
31 December of the tax year. Applicable ages: IRC §401(a)(9)(C)(v) (SECURE 2.0 §107). Each case is
a small household file in the input language, loaded with ``trimtab.load_household``.

Shipped tax data limit a household file to 2025 or 2026; the cases that need a later year (a
first RMD at 75 falls in 2035 at the earliest) load a 2026 file and move its year with
``dataclasses.replace``, which the RMD rules, a pure function of the household, allow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab import load_household
from trimtab.errors import Severity
from trimtab.model.household import Household
from trimtab.money import money_str
from trimtab.report.json.rmd import RMD_ROW_SCHEMA, rmd_json
from trimtab.tax.rmd import RmdReport, RmdRow, required_distributions, split_remaining

D = Decimal

HEADER = """\
format: trimtab.household/1
name: RMD case
as_of: {year}-06-30
tax: {{year: {year}, filing_status: married_joint, ordinary_taxable_income: 90000}}
targets: {{us_large_cap: 60, ig_bonds: 40}}
"""


def write(tmp_path: Path, body: str, year: int) -> Path:
    path = tmp_path / "household.yaml"
    path.write_text(HEADER.format(year=year) + textwrap.dedent(body), encoding="utf-8")
    return path


def load(tmp_path: Path, body: str, *, year: int = 2025) -> Household:
    """A household file: the header for ``year`` followed by ``body`` (owners, accounts, …)."""
    return load_household(write(tmp_path, body, year))


def rmds(tmp_path: Path, body: str, *, year: int = 2025) -> RmdReport:
    return required_distributions(load(tmp_path, body, year=year))


def in_year(household: Household, year: int) -> Household:
    """The same household with its tax year (and as_of) moved to ``year``."""
    tax = dataclasses.replace(household.tax, year=year)
    return dataclasses.replace(household, tax=tax, as_of=dt.date(year, 6, 30))


def row(report: RmdReport, account: str) -> RmdRow:
    found = report.row(account)
    assert found is not None, f"no RMD row for {account}"
    return found


def cents(value: Decimal) -> str:
    return money_str(value)


def kinds(report: RmdReport) -> list[str]:
    return [w.kind for w in report.warnings]


def line_of(tmp_path: Path, text: str) -> int:
    """The 1-based line of the household file where ``text`` first appears."""
    lines = (tmp_path / "household.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


# --- Gold cases.


def test_first_year_at_73(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ana, birth_date: 1952-04-02}   # 73 on 31 Dec 2025; born 1951-1959: age 73
        accounts:
          - {id: ira, type: traditional_ira, owners: [ana], cash: 100, prior_year_end_value: 100000}
        """,
    )
    ira = row(report, "ira")
    # Age 73 -> divisor 26.5; 100,000 / 26.5 = 3,773.5849… -> 3,773.58
    assert ira.distribution_period == D("26.5") and ira.age == 73
    assert ira.required == D(100_000) / D("26.5")
    assert cents(ira.required) == "3773.58"
    assert cents(ira.remaining) == "3773.58"
    # First distribution year: it may wait until the required beginning date, 1 April 2026.
    assert ira.first_year
    assert ira.deadline == dt.date(2026, 4, 1)
    assert kinds(report) == ["rmd_first_year"]


def test_second_year_at_74_is_due_by_31_december(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ana, birth_date: 1952-04-02}   # 74 on 31 Dec 2026; first year was 2025
        accounts:
          - {id: ira, type: traditional_ira, owners: [ana], cash: 100, prior_year_end_value: 100000}
        """,
        year=2026,
    )
    ira = row(report, "ira")
    # Age 74 -> divisor 25.5; 100,000 / 25.5 = 3,921.5686… -> 3,921.57
    assert cents(ira.required) == "3921.57"
    assert not ira.first_year and ira.deadline == dt.date(2026, 12, 31)
    assert report.warnings == ()


def test_first_year_at_75(tmp_path: Path) -> None:
    household = load(
        tmp_path,
        """
        owners:
          - {id: bea, birth_date: 1960-01-01}   # born 1960 or later: age 75, attained in 2035
        accounts:
          - {id: ira, type: traditional_ira, owners: [bea], cash: 100, prior_year_end_value: 200000}
        """,
        year=2026,
    )
    at_74 = row(required_distributions(in_year(household, 2034)), "ira")
    assert at_74.required == 0 and at_74.remaining == 0 and not at_74.first_year
    at_75 = row(required_distributions(in_year(household, 2035)), "ira")
    # Age 75 -> divisor 24.6; 200,000 / 24.6 = 8,130.0813… -> 8,130.08
    assert at_75.distribution_period == D("24.6")
    assert cents(at_75.required) == "8130.08"
    assert at_75.first_year and at_75.deadline == dt.date(2036, 4, 1)


@pytest.mark.parametrize(
    ("year", "born", "value", "period", "required"),
    [
        # Born 1945 (70½ in 2015): 80 on 31 Dec 2025 -> 20.2; 250,000 / 20.2 = 12,376.2376…
        (2025, "1945-03-10", 250_000, "20.2", "12376.24"),
        # Born 1936: 90 on 31 Dec 2026 -> 12.2; 500,000 / 12.2 = 40,983.6065…
        (2026, "1936-11-30", 500_000, "12.2", "40983.61"),
        # Born 1926: 100 on 31 Dec 2026 -> 6.4; 80,000 / 6.4 = 12,500 exactly
        (2026, "1926-01-01", 80_000, "6.4", "12500.00"),
        # Born 1904: 121 on 31 Dec 2025 -> the "120+" row, 2.0; 10,000 / 2.0 = 5,000
        (2025, "1904-07-04", 10_000, "2.0", "5000.00"),
    ],
)
def test_later_years_at_80_90_100_and_beyond_120(
    tmp_path: Path, year: int, born: str, value: int, period: str, required: str
) -> None:
    report = rmds(
        tmp_path,
        f"""
        owners:
          - {{id: cy, birth_date: {born}}}
        accounts:
          - {{id: ira, type: traditional_ira, owners: [cy], prior_year_end_value: {value}}}
        """,
        year=year,
    )
    ira = row(report, "ira")
    assert ira.distribution_period == D(period)
    assert ira.required == D(value) / D(period)
    assert cents(ira.required) == required
    assert cents(ira.remaining) == required
    assert not ira.first_year and ira.deadline == dt.date(year, 12, 31)
    assert report.warnings == ()


def test_roth_accounts_owe_nothing(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: dee, birth_date: 1945-03-10}   # 80: would owe from a traditional IRA
        accounts:
          - {id: roth, type: roth_ira, owners: [dee], cash: 100, prior_year_end_value: 300000}
          - {id: roth-k, type: roth_401k, owners: [dee], cash: 100, prior_year_end_value: 90000}
          - {id: brokerage, type: taxable, owners: [dee], cash: 100}
        """,
    )
    # Roth IRA: none during life (IRC §408A(c)(5)); Roth 401(k): none from 2024 (SECURE 2.0 §325).
    assert report.rows == () and report.warnings == ()
    assert report.total_remaining == 0


def test_born_1959_owes_at_73_and_born_1960_not_until_75(tmp_path: Path) -> None:
    household = load(
        tmp_path,
        """
        owners:
          - {id: p59, birth_date: 1959-12-31}   # applicable age 73, attained in 2032
          - {id: p60, birth_date: 1960-01-01}   # applicable age 75, attained in 2035
        accounts:
          - {id: ira59, type: traditional_ira, owners: [p59], prior_year_end_value: 150000}
          - {id: ira60, type: traditional_ira, owners: [p60], prior_year_end_value: 150000}
        """,
        year=2026,
    )
    now = required_distributions(household)  # 66 and 66 in 2026: rows, nothing due
    assert [(r.account, r.required, r.remaining) for r in now.rows] == [
        ("ira59", 0, 0),
        ("ira60", 0, 0),
    ]
    in_2032 = required_distributions(in_year(household, 2032))
    # p59 is 73: first year, divisor 26.5; 150,000 / 26.5 = 5,660.3773… -> 5,660.38
    assert cents(row(in_2032, "ira59").required) == "5660.38"
    assert row(in_2032, "ira59").first_year
    assert row(in_2032, "ira59").deadline == dt.date(2033, 4, 1)
    assert row(in_2032, "ira60").required == 0  # p60 is 72
    in_2033 = required_distributions(in_year(household, 2033))
    # p59 is 74: divisor 25.5; 150,000 / 25.5 = 5,882.3529… -> 5,882.35
    assert cents(row(in_2033, "ira59").required) == "5882.35"
    assert not row(in_2033, "ira59").first_year
    assert row(in_2033, "ira60").required == 0  # p60 is 73, below 75


AGGREGATION = """
owners:
  - {id: eve, birth_date: 1950-05-05}   # born 1949-07..1950: age 72, first year 2022; 75 in 2025
  - {id: fay, birth_date: 1951-08-08}   # 74 in 2025
accounts:
  - id: trad
    type: traditional_ira
    owners: [eve]
    prior_year_end_value: 100000
    distributions_this_year: 5000
  - {id: sep, type: sep_ira, owners: [eve], prior_year_end_value: 50000}
  - {id: fay-ira, type: traditional_ira, owners: [fay], prior_year_end_value: 51000}
"""


def test_one_owners_iras_are_aggregated(tmp_path: Path) -> None:
    report = rmds(tmp_path, AGGREGATION)
    trad, sep, fay = row(report, "trad"), row(report, "sep"), row(report, "fay-ira")
    # Eve, 75 -> 24.6. trad: 100,000 / 24.6 = 4,065.0406… -> 4,065.04
    #                  sep:   50,000 / 24.6 = 2,032.5203… -> 2,032.52
    #                  together 150,000 / 24.6 = 6,097.5609… -> 6,097.56
    assert (cents(trad.required), cents(sep.required)) == ("4065.04", "2032.52")
    assert trad.already_withdrawn == 5000 and sep.already_withdrawn == 0
    # Aggregate remaining: 6,097.5609… - 5,000 = 1,097.5609… -> 1,097.56.
    # Split: trad's own shortfall is 0 and its surplus 5,000 - 4,065.0406… = 934.9593…,
    # taken off sep's shortfall: 2,032.5203… - 934.9593… = 1,097.5609… -> 1,097.56.
    assert trad.remaining == 0
    assert cents(sep.remaining) == "1097.56"
    assert trad.remaining + sep.remaining == D(150_000) / D("24.6") - 5000
    assert trad.aggregated_with == ("sep",) and sep.aggregated_with == ("trad",)
    # Fay's IRA is hers alone: 74 -> 25.5; 51,000 / 25.5 = 2,000.00; Eve's surplus does not count.
    assert fay.aggregated_with == ()
    assert cents(fay.required) == "2000.00" and cents(fay.remaining) == "2000.00"
    assert cents(report.total_remaining) == "3097.56"  # 1,097.5609… + 2,000


def test_the_worked_example_of_the_docstring_and_docs(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ana, birth_date: 1952-04-02}   # 73 in 2025, her first RMD year -> 26.5
        accounts:
          - {id: trad, type: traditional_ira, owners: [ana], prior_year_end_value: 182000}
          - {id: sep, type: sep_ira, owners: [ana], prior_year_end_value: 40000,
             distributions_this_year: 2000}
        """,
    )
    trad, sep = row(report, "trad"), row(report, "sep")
    # 182,000 / 26.5 = 6,867.9245… and 40,000 / 26.5 = 1,509.4339…
    assert (cents(trad.required), cents(sep.required)) == ("6867.92", "1509.43")
    # SEP surplus 2,000 - 1,509.4339… = 490.5660… comes off the traditional IRA:
    # 6,867.9245… - 490.5660… = 6,377.3584… -> 6,377.36; aggregate 8,377.3584… - 2,000, the same.
    assert (cents(trad.remaining), sep.remaining) == ("6377.36", 0)
    assert trad.remaining == D(222_000) / D("26.5") - 2000
    assert trad.deadline == sep.deadline == dt.date(2026, 4, 1)
    assert [(w.kind, w.field) for w in report.warnings] == [("rmd_first_year", "accounts[0]")]


def test_two_401ks_each_pay_their_own(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: gus, birth_date: 1947-07-04}   # 78 on 31 Dec 2025 -> 22.0
        accounts:
          - {id: k1, type: 401k, owners: [gus], prior_year_end_value: 110000,
             distributions_this_year: 7000}
          - {id: k2, type: 401k, owners: [gus], prior_year_end_value: 44000}
          - {id: ira, type: traditional_ira, owners: [gus], prior_year_end_value: 22000}
        """,
    )
    k1, k2, ira = row(report, "k1"), row(report, "k2"), row(report, "ira")
    # k1: 110,000 / 22.0 = 5,000.00; 7,000 taken: nothing left, and the 2,000 extra counts
    # neither toward k2 (401(k)s are not aggregated) nor toward the IRA (plans and IRAs never mix).
    assert cents(k1.required) == "5000.00" and k1.remaining == 0
    # k2: 44,000 / 22.0 = 2,000.00, all still due.
    assert cents(k2.required) == "2000.00" and cents(k2.remaining) == "2000.00"
    # IRA: 22,000 / 22.0 = 1,000.00, all still due.
    assert cents(ira.remaining) == "1000.00"
    assert k1.aggregated_with == k2.aggregated_with == ira.aggregated_with == ()


# --- What counts as already withdrawn.

WITHDRAWALS = """
owners:
  - {{id: hal, birth_date: 1945-03-10}}   # 80 in 2025 -> 20.2
accounts:
  - id: ira
    type: traditional_ira
    owners: [hal]
    prior_year_end_value: 250000
    distributions_this_year: {taken}
  - {{id: other, type: traditional_ira, owners: [hal], prior_year_end_value: 0}}
cash_flows:
{flows}
"""

PENDING = """\
  - {account: ira, kind: withdrawal, amount: 2000, date: 2025-12-01}   # counts
  - {account: ira, kind: rmd, amount: 1000}                             # undated: counts
  - {account: ira, kind: withdrawal, amount: 4000, date: 2026-01-15}   # next year: does not
  - {account: ira, kind: contribution, amount: 500, date: 2025-07-01}  # not a withdrawal
"""

NO_FLOWS = "  []\n"


@pytest.mark.parametrize(
    ("taken", "flows", "withdrawn", "remaining"),
    [
        # 250,000 / 20.2 = 12,376.2376…
        (0, NO_FLOWS, "0", "12376.24"),
        # Pending 2,000 + 1,000 count: 12,376.2376… - 3,000 = 9,376.2376… -> 9,376.24
        (0, PENDING, "3000", "9376.24"),
        # Already distributed 5,000: 12,376.2376… - 5,000 = 7,376.2376… -> 7,376.24
        (5000, NO_FLOWS, "5000", "7376.24"),
        # Both: 12,376.2376… - 8,000 = 4,376.2376… -> 4,376.24
        (5000, PENDING, "8000", "4376.24"),
        # More than the RMD: nothing remains, never a negative amount
        (13000, NO_FLOWS, "13000", "0.00"),
    ],
)
def test_withdrawals_reduce_remaining(
    tmp_path: Path, taken: int, flows: str, withdrawn: str, remaining: str
) -> None:
    report = rmds(tmp_path, WITHDRAWALS.format(taken=taken, flows=flows))
    ira = row(report, "ira")
    assert cents(ira.required) == "12376.24"
    assert ira.already_withdrawn == D(withdrawn)
    assert cents(ira.remaining) == remaining
    assert row(report, "other").remaining == 0  # 0 / 20.2; the surplus has nowhere to go


# --- Warnings: the kind and the place.


def test_inherited_ira_is_warned_and_gets_no_row(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ida, birth_date: 1960-02-02}
        accounts:
          - {id: from-mom, type: inherited_ira, owners: [ida], prior_year_end_value: 90000}
        """,
    )
    assert report.rows == ()
    [warning] = report.warnings
    assert (warning.kind, warning.source.line, warning.field, warning.severity) == (
        "rmd_not_modelled",
        line_of(tmp_path, "from-mom"),
        "accounts[0].type",
        Severity.WARNING,
    )


@pytest.mark.parametrize(
    ("younger", "warned"),
    [
        ("1960-06-01", True),  # 65 vs 80 on 31 Dec 2025: 15 years
        ("1956-01-01", True),  # 69 vs 80: 11 years
        ("1955-12-31", False),  # 70 vs 80: exactly 10, the Uniform table's own assumption
    ],
)
def test_spouse_more_than_10_years_younger_is_warned(
    tmp_path: Path, younger: str, warned: bool
) -> None:
    report = rmds(
        tmp_path,
        f"""
        owners:
          - {{id: jon, birth_date: 1945-01-01}}
          - {{id: kim, birth_date: {younger}}}
        accounts:
          - {{id: jon-ira, type: traditional_ira, owners: [jon], prior_year_end_value: 100000}}
          - {{id: kim-ira, type: traditional_ira, owners: [kim], prior_year_end_value: 100000}}
        """,
    )
    expected = [("rmd_joint_life_table", line_of(tmp_path, "jon-ira"), "accounts[0]")]
    got = [(w.kind, w.source.line, w.field) for w in report.warnings]
    assert got == (expected if warned else [])
    # The amount shown stays the Uniform table's: 100,000 / 20.2 = 4,950.4950… -> 4,950.50
    assert cents(row(report, "jon-ira").required) == "4950.50"


def test_ages_not_dates_measure_the_gap(tmp_path: Path) -> None:
    # Born almost 11 years apart, but 80 and 70 on 31 Dec 2025: the ages the regulation uses
    # (Reg. §1.401(a)(9)-5 A-4(b)) differ by 10, so no warning.
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: jon, birth_date: 1945-01-01}
          - {id: kim, birth_date: 1955-12-31}
        accounts:
          - {id: jon-ira, type: traditional_ira, owners: [jon], prior_year_end_value: 100000}
        """,
    )
    assert report.warnings == ()


def test_missing_prior_year_end_value_is_warned_when_an_rmd_is_due(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: lea, birth_date: 1945-03-10}   # 80: owes
          - {id: max, birth_date: 1955-03-10}   # 70: owes nothing until 73, in 2028
        accounts:
          - {id: lea-ira, type: traditional_ira, owners: [lea], cash: 100}
          - {id: max-ira, type: traditional_ira, owners: [max], cash: 100}
        """,
    )
    [warning] = report.warnings
    assert (warning.kind, warning.source.line, warning.field) == (
        "rmd_no_prior_year_end_value",
        line_of(tmp_path, "lea-ira"),
        "accounts[0].prior_year_end_value",
    )
    assert "31 December 2024" in warning.expected
    assert row(report, "lea-ira").required == 0
    assert row(report, "lea-ira").distribution_period == D("20.2")


def test_owner_without_birth_date_is_warned(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ned}
        accounts:
          - {id: brokerage, type: taxable, owners: [ned], cash: 100}
          - {id: ned-k, type: 403b, owners: [ned], prior_year_end_value: 100000}
        """,
    )
    [warning] = report.warnings
    assert (warning.kind, warning.source.line, warning.field) == (
        "rmd_no_birth_date",
        line_of(tmp_path, "ned-k"),
        "accounts[1].owners[0]",
    )
    ned_k = row(report, "ned-k")
    assert (ned_k.required, ned_k.age, ned_k.owner) == (0, None, "ned")


def test_first_year_warning_only_while_something_remains(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ona, birth_date: 1952-10-10}   # 73 in 2025: first year, 26.5
        accounts:
          - id: paid
            type: traditional_ira
            owners: [ona]
            prior_year_end_value: 53000          # 53,000 / 26.5 = 2,000.00
            distributions_this_year: 2000
          - {id: plan, type: 457b, owners: [ona], prior_year_end_value: 26500}   # 1,000.00
        """,
    )
    # The IRA is paid; the 457(b) still owes 1,000.00 and may wait until 1 April 2026.
    assert row(report, "paid").remaining == 0
    assert cents(row(report, "plan").remaining) == "1000.00"
    assert [(w.kind, w.field) for w in report.warnings] == [("rmd_first_year", "accounts[1]")]
    assert "2026-04-01" in report.warnings[0].message


def test_account_owner_problems_are_warned(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: pam, birth_date: 1945-03-10}
          - {id: quin, birth_date: 1946-03-10}
        accounts:
          - {id: shared, type: traditional_ira, owners: [pam, quin], prior_year_end_value: 20200}
          - {id: nobody, type: simple_ira, prior_year_end_value: 50000}
        """,
    )
    got = [(w.kind, w.source.line, w.field) for w in report.warnings]
    assert got == [
        ("rmd_several_owners", line_of(tmp_path, "shared"), "accounts[0].owners"),
        ("rmd_no_owner", line_of(tmp_path, "nobody"), "accounts[1].owners"),
    ]
    # The first owner is used: pam, 80 -> 20.2; 20,200 / 20.2 = 1,000.00
    assert row(report, "shared").owner == "pam"
    assert cents(row(report, "shared").required) == "1000.00"
    assert (row(report, "nobody").owner, row(report, "nobody").required) == ("", 0)


def test_another_taxpayers_account_gets_no_row(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: rae, birth_date: 1945-03-10}
        accounts:
          - {id: moms-ira, type: traditional_ira, owners: [rae], separate_taxpayer: true,
             prior_year_end_value: 100000}
        """,
    )
    assert report.rows == () and report.warnings == ()


def test_years_before_the_2022_table_are_refused(tmp_path: Path) -> None:
    household = load(
        tmp_path,
        """
        owners:
          - {id: sal, birth_date: 1945-03-10}
        accounts:
          - {id: ira, type: traditional_ira, owners: [sal], prior_year_end_value: 100000}
        """,
    )
    with pytest.raises(ValueError, match="applies from 2022; tax year 2021"):
        required_distributions(in_year(household, 2021))


# --- The split of an IRA group's remaining.


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**7, places=2),
            st.decimals(min_value=0, max_value=10**7, places=2),
        ),
        min_size=1,
        max_size=5,
    )
)
@example([(D(100), D(0)), (D(50), D(80))])  # 30 of surplus comes off the first
@example([(D(100), D(100)), (D(50), D(50))])  # each exactly paid
@example([(D(10), D(0)), (D(10), D(0)), (D(0), D(15))])  # surplus spans two shortfalls
@example([(D(10), D(30)), (D(10), D(0))])  # more than enough taken in total
def test_split_adds_up_to_the_aggregate_remaining(pairs: list[tuple[Decimal, Decimal]]) -> None:
    required = tuple(r for r, _ in pairs)
    withdrawn = tuple(w for _, w in pairs)
    shares = split_remaining(required, withdrawn)
    assert sum(shares, D(0)) == max(D(0), sum(required, D(0)) - sum(withdrawn, D(0)))
    for share, r, w in zip(shares, required, withdrawn, strict=True):
        assert 0 <= share <= max(D(0), r - w)


def test_split_takes_surplus_off_in_file_order() -> None:
    # Shortfalls 10 and 10; the third IRA paid 15 more than its own: 10 off the first, 5 off
    # the second.
    shares = split_remaining((D(10), D(10), D(0)), (D(0), D(0), D(15)))
    assert shares == (D(0), D(5), D(0))


# --- JSON rows.


def test_json_rows_are_rounded_strings_and_match_the_schema(tmp_path: Path) -> None:
    report = rmds(tmp_path, AGGREGATION)
    documents = [rmd_json(r) for r in report.rows]
    assert documents[1] == {
        "account": "sep",
        "owner": "eve",
        "required": "2032.52",
        "already_withdrawn": "0.00",
        "remaining": "1097.56",
        "aggregated_with": ["trad"],
        "deadline": "2025-12-31",
    }
    for document in documents:
        jsonschema.validate(document, RMD_ROW_SCHEMA)


def test_json_first_year_deadline(tmp_path: Path) -> None:
    report = rmds(
        tmp_path,
        """
        owners:
          - {id: ana, birth_date: 1952-04-02}
        accounts:
          - {id: ira, type: traditional_ira, owners: [ana], prior_year_end_value: 100000}
        """,
    )
    assert rmd_json(row(report, "ira"))["deadline"] == "2026-04-01"
    assert rmd_json(row(report, "ira"))["required"] == "3773.58"  # 100,000 / 26.5
