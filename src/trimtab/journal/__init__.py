"""The run journal: a compliance record of every run (SQLAlchemy 2 + Alembic; docs/journal.md).

The functions the CLI and the book runner call:

- :func:`open_journal` (a path, a URL or ``default``) → a :class:`Journal` (migrated);
- :func:`record_run` (a PlanReport, its trimtab.plan/1 document, the input text) → the run;
  :func:`record_document` the same from a written plan.json and its household (the book);
- :func:`approve`, :func:`reject`, :func:`record_fills`: the workflow;
- :func:`with_executed`: the household with the journal's executed trades as transactions;
- :func:`list_runs`, :func:`verify`, :func:`journal_document`, :func:`export_csv`.

SQLAlchemy and Alembic are imported only inside this package.
"""

from __future__ import annotations

import dataclasses

from trimtab.journal.documents import FORMAT, export_csv, in_period, journal_document, render_json
from trimtab.journal.executed import executed_realized, executed_transactions, with_transactions
from trimtab.journal.location import DEFAULT, ENV_VAR, current_user, default_path, journal_url
from trimtab.journal.record import approve, record_document, record_fills, record_run, reject
from trimtab.journal.runs import Fill, Run, Status, build_runs
from trimtab.journal.store import Journal, read_entries
from trimtab.journal.store import open_journal as _open_url
from trimtab.journal.verify import Verification, verify
from trimtab.model.household import Household


def open_journal(target: str) -> Journal:
    """Open the journal a ``--journal`` value names (a path, a URL or ``default``)."""
    return _open_url(journal_url(target))


def list_runs(
    journal: Journal, *, household: str | None = None, run: int | None = None
) -> tuple[Run, ...]:
    """The runs recorded, all or one household's or one, by number."""
    return build_runs(read_entries(journal, household=household, run=run))


def with_executed(journal: Journal, household: Household) -> tuple[Household, int]:
    """The household with its executed trades from the journal added to ``transactions``, and
    how many were added (:mod:`trimtab.journal.executed`)."""
    runs = list_runs(journal, household=household.name)
    extra = executed_transactions(runs, household)
    short, long = executed_realized(runs, household)
    if short or long:
        tax = dataclasses.replace(
            household.tax,
            realized_short=household.tax.realized_short + short,
            realized_long=household.tax.realized_long + long,
        )
        household = dataclasses.replace(household, tax=tax)
    return with_transactions(household, extra), len(extra)


__all__ = [
    "DEFAULT",
    "ENV_VAR",
    "FORMAT",
    "Fill",
    "Journal",
    "Run",
    "Status",
    "Verification",
    "approve",
    "current_user",
    "default_path",
    "export_csv",
    "in_period",
    "journal_document",
    "list_runs",
    "open_journal",
    "record_document",
    "record_fills",
    "record_run",
    "reject",
    "render_json",
    "verify",
    "with_executed",
]
