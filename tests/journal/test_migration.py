"""A journal made by the first schema version (0001: the entries table alone) is upgraded in
place on open, on both backends: its runs kept, its trade index filled from them, its chain
intact, and new runs appended after them."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from helpers.journal_plans import Planned
from trimtab import journal
from trimtab.journal.chain import GENESIS, Entry, canonical, entry_hash
from trimtab.journal.location import journal_url as url_of
from trimtab.journal.store import head_revision, read_trade_index, revision_of, upgrade
from trimtab.journal.tables import entries


def first_version_journal(url: str, planned: Planned) -> None:
    """A journal as trimtab's first journal wrote it: schema 0001 and one run, proposed."""
    body = {
        "plan": planned.document,
        "input": {"text": planned.text, "sha256": "0" * 64},
        "options": {},
        "seconds": None,
        "accounts": {"brokerage": {"discretionary": True, "number": ""}},
    }
    draft = Entry(
        seq=1,
        run=1,
        kind="run",
        household="Overweight household",
        recorded_at="2026-11-24T15:00:00.000000+00:00",
        user="ana",
        body=canonical(body),
        prev_hash=GENESIS,
    )
    row = {
        "seq": 1,
        "run": 1,
        "kind": "run",
        "household": draft.household,
        "recorded_at": draft.recorded_at,
        "user_name": "ana",
        "body": draft.body,
        "prev_hash": GENESIS,
        "hash": entry_hash(draft),
    }
    engine = create_engine(url_of(url).replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        upgrade(connection, "0001")
        connection.execute(entries.insert().values(**row))
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert "journal_trades" not in tables  # the first version had none


def test_a_first_version_journal_is_upgraded_not_recreated(
    journal_url: str, planned: Planned
) -> None:
    first_version_journal(journal_url, planned)
    with journal.open_journal(journal_url) as j:
        assert revision_of(j) == head_revision() == "0002"
        [old] = journal.list_runs(j)
        # the 0002 migration filled the trade index from the run already recorded: P1, P2
        assert [(r["run"], r["trade_id"], r["symbol"]) for r in read_trade_index(j)] == [
            (1, "P1", "VTI"),
            (1, "P2", "BND"),
        ]
        assert journal.verify(j).ok
        journal.approve(j, old.number, user="lead")
        new = journal.record_run(j, planned.report, planned.document, planned.text, user="ben")
        result = journal.verify(j)
    assert (old.user, old.recorded_at) == ("ana", "2026-11-24T15:00:00.000000+00:00")
    assert new.number == 2
    assert (result.ok, result.entries) == (True, 3)
