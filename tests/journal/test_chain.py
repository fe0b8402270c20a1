"""`verify` finds an edited and a removed row and says which, on both backends."""

from __future__ import annotations

from sqlalchemy import text

from helpers.journal_plans import Planned
from trimtab import journal


def three_entries(j: journal.Journal, planned: Planned) -> None:
    """Entries 1 (run 1), 2 (its approval), 3 (run 2)."""
    first = journal.record_run(j, planned.report, planned.document, planned.text, user="ana")
    journal.approve(j, first.number, user="lead", note="ok")
    journal.record_run(j, planned.report, planned.document, planned.text, user="ana")


def test_an_intact_journal_verifies(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        three_entries(j, planned)
        result = journal.verify(j)
    assert (result.ok, result.entries, len(result.head)) == (True, 3, 64)


def test_an_edited_row_is_found(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        three_entries(j, planned)
        with j.engine.begin() as connection:
            connection.execute(
                text("UPDATE journal_entries SET user_name = 'mallory' WHERE seq = 2")
            )
        result = journal.verify(j)
    assert [b.message for b in result.breaks] == [
        "entry 2 (approved of run 1) was edited: its contents no longer match its hash"
    ]


def test_a_removed_row_is_found(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        three_entries(j, planned)
        with j.engine.begin() as connection:
            connection.execute(text("DELETE FROM journal_entries WHERE seq = 2"))
        result = journal.verify(j)
    assert [(b.seq, b.message) for b in result.breaks] == [
        (3, "entry 2 removed: entry 3 (run of run 2) follows entry 1")
    ]


def test_an_edited_trade_index_row_is_found(journal_url: str, planned: Planned) -> None:
    with journal.open_journal(journal_url) as j:
        three_entries(j, planned)
        with j.engine.begin() as connection:
            connection.execute(
                text("UPDATE journal_trades SET quantity = '2' WHERE run = 2 AND trade_id = 'P1'")
            )
        result = journal.verify(j)
    assert [b.message for b in result.breaks] == [
        "trade P1 of run 2 differs from the run's recorded plan"
    ]


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(
    journal_url: str, planned: Planned
) -> None:
    """Rewriting entry 2 and its hash (a careful forger) still breaks entry 3's link."""
    from trimtab.journal.chain import entry_hash
    from trimtab.journal.store import read_entries

    with journal.open_journal(journal_url) as j:
        three_entries(j, planned)
        import dataclasses

        second = read_entries(j)[1]
        forged = dataclasses.replace(second, user="mallory")
        with j.engine.begin() as connection:
            connection.execute(
                text("UPDATE journal_entries SET user_name = 'mallory', hash = :h WHERE seq = 2"),
                {"h": entry_hash(forged)},
            )
        result = journal.verify(j)
    assert [b.message for b in result.breaks] == [
        "entry 3 (run of run 2) does not link to entry 2: the entry before it was replaced"
    ]
