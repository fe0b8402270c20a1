"""Safety: two writers at once both land (SQLite file and PostgreSQL); a writer killed inside its
transaction leaves no partial run; a journal that cannot be opened is a clear JournalError."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.journal_plans import Planned
from trimtab import journal
from trimtab.errors import JournalError
from trimtab.journal.store import read_trade_index

WRITER = Path(__file__).resolve().parent / "journal_writer.py"


def writer(url: str, count: int, user: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, str(count), user, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_concurrent_writers_both_land(journal_url: str) -> None:
    """Two processes open a new journal at once (both migrate it) and record 8 runs each."""
    url = journal_url
    writers = [writer(url, 8, "ana"), writer(url, 8, "ben")]
    for process in writers:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr.decode()
    with journal.open_journal(url) as j:
        runs = journal.list_runs(j)
        result = journal.verify(j)
    # 8 runs each: 16 runs numbered 1…16, 8 by each user, the chain intact
    assert [r.number for r in runs] == list(range(1, 17))
    assert sorted(r.user for r in runs) == ["ana"] * 8 + ["ben"] * 8
    assert (result.ok, result.entries) == (True, 16)


def test_a_killed_writer_leaves_no_partial_run(tmp_path: Path, planned: Planned) -> None:
    url = str(tmp_path / "journal.sqlite3")
    marker = tmp_path / "inside"
    process = writer(url, 1, "ana", "--hang", str(marker))
    try:
        # wait until the writer is inside its transaction, its entry row written
        while not marker.exists() and process.poll() is None:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()[1].decode()
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    with journal.open_journal(url) as j:
        assert journal.list_runs(j) == ()
        assert read_trade_index(j) == ()
        assert journal.verify(j).entries == 0
        # the write lock died with the writer: the next run lands, as run 1
        run = journal.record_run(j, planned.report, planned.document, planned.text, user="ben")
        assert run.number == 1
        assert journal.verify(j).ok


def test_a_file_that_is_not_a_database_is_a_journal_error(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_text("this is not a database, only text that is long enough to be a header\n")
    with pytest.raises(JournalError, match="cannot open it: file is not a database"):
        journal.open_journal(str(path))


def test_a_server_that_is_down_is_a_journal_error() -> None:
    # nothing listens on port 1 of the loopback
    with pytest.raises(JournalError, match=r"cannot open it: .*refused"):
        journal.open_journal("postgresql://postgres@127.0.0.1:1/none")


def test_a_url_of_no_known_database_is_a_journal_error() -> None:
    with pytest.raises(JournalError, match="not a database URL trimtab can open"):
        journal.open_journal("nosuchdb://host/x")
