"""`--monitor-only`: drift, cash due and RMD due of each household, sorted by need; no plan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers.book_households import INFEASIBLE
from trimtab.book import BookOptions, run_book
from trimtab.book.work import BookOptions as WorkOptions
from trimtab.book.work import Job, run_job
from trimtab.report.book_records import FailureKind, HouseholdStatus

HEAD = """\
format: trimtab.household/1
name: {name}
as_of: 2026-11-24
tax: {{year: 2026, filing_status: single, ordinary_taxable_income: 90000}}
owners: [{{id: pat, birth_date: 1970-01-01}}, {{id: sam, birth_date: 1950-06-01}}]
targets: {{ig_bonds: 100}}
prices: {{BND: 75}}
accounts:
"""
CASH_DUE = (
    HEAD.format(name="Cash due")
    + """\
  - id: ira
    type: traditional_ira
    owners: [pat]
    holdings: [{symbol: BND, quantity: 400}]
cash_flows:
  - {account: ira, kind: withdrawal, amount: 1000}
"""
)
RMD_DUE = (
    HEAD.format(name="RMD due")
    + """\
  - id: ira
    type: traditional_ira
    owners: [sam]
    prior_year_end_value: 47400
    holdings: [{symbol: BND, quantity: 400}]
"""
)


@pytest.fixture
def book(tmp_path: Path) -> list[str]:
    files = {"inside-cash.yaml": CASH_DUE, "rmd.yaml": RMD_DUE, "drifted.yaml": INFEASIBLE}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in files]


def test_monitor_only_statuses_and_need(tmp_path: Path, book: list[str]) -> None:
    out = tmp_path / "out"
    run = run_book(book, BookOptions(out_dir=str(out), monitor_only=True), local=True)
    drifted, cash, rmd = run.summary.by_need
    # drifted: BND 400 × 75 = 30,000, all ig_bonds against 50/50 targets: us_large_cap is
    # at 0 % (−50 points), its band max(1, min(5, 25 % × 50 = 12.5)) = 5 points wide, so it
    # is 50 − 5 = 45 points beyond the band's edge (ig_bonds likewise +45)
    assert drifted.key == "drifted" and drifted.status is HouseholdStatus.OUTSIDE
    assert drifted.monitor.max_breach == Decimal(45)
    assert drifted.monitor.cash_due == Decimal(35000)
    assert drifted.monitor.total_value == Decimal(30000)
    # inside its band (100 % bonds against 100 %) with a 1,000 withdrawal pending
    assert (cash.key, cash.status, cash.monitor.cash_due) == (
        "inside-cash",
        HouseholdStatus.CASH_DUE,
        Decimal(1000),
    )
    # sam is 76 in 2026: 47,400 / 23.7 (Uniform Lifetime Table) = 2,000.00 still due
    assert (rmd.key, rmd.status) == ("rmd", HouseholdStatus.RMD_DUE)
    assert rmd.monitor.rmd_due.quantize(Decimal("0.01")) == Decimal("2000.00")
    assert not any(r.planned or r.files or r.trades for r in run.summary.results)
    assert sorted(p.name for p in out.iterdir()) == [
        ".trimtab-run.json",  # the hidden list of what the run wrote (output.write_run)
        "book.html",
        "book.json",
        "book.xlsx",
    ]


def test_an_internal_error_is_the_households_result(tmp_path: Path) -> None:
    # an output folder that is a file: writing the plan raises inside the worker's job
    (tmp_path / "h.yaml").write_text(RMD_DUE, encoding="utf-8")
    (tmp_path / "out").write_text("a file, not a folder")
    outcome = run_job(
        Job(key="h", file=str(tmp_path / "h.yaml")), WorkOptions(out_dir=str(tmp_path / "out"))
    )
    assert outcome.result.failure is FailureKind.INTERNAL
    assert outcome.result.message.startswith("internal error: ")


def test_a_planned_households_monitor_reads_the_plans_figures(
    tmp_path: Path, book: list[str]
) -> None:
    # With a plan, the monitor takes the drift and RMDs the plan figured (not figured twice):
    # the same monitor as --monitor-only's, household by household.
    planned = run_book(book, BookOptions(out_dir=str(tmp_path / "a")), local=True)
    alone = run_book(book, BookOptions(out_dir=str(tmp_path / "b"), monitor_only=True), local=True)
    assert [r.planned for r in planned.summary.results] == [True, True, False]  # drifted fails
    assert [r.monitor for r in planned.summary.results] == [
        r.monitor for r in alone.summary.results
    ]
    # sam's RMD 2,000.00 still due in the planned run too
    assert planned.summary.results[1].monitor.rmd_due.quantize(Decimal("0.01")) == Decimal(
        "2000.00"
    )


def test_monitor_of_with_the_plans_figures_is_monitor_of_alone(tmp_path: Path) -> None:
    from trimtab import load_household
    from trimtab.analysis.drift import drift_table
    from trimtab.book.work import monitor_of
    from trimtab.tax.rmd import required_distributions

    path = tmp_path / "rmd.yaml"
    path.write_text(RMD_DUE, encoding="utf-8")
    h = load_household(path)
    assert monitor_of(h, drift_table(h), required_distributions(h)) == monitor_of(h)
