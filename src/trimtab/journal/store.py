"""Opening a journal, migrating it, and appending entries: the only module with SQLAlchemy
sessions and Alembic.

- SQLite (a path): WAL, a 30-second busy timeout, and every transaction begun with
  ``BEGIN IMMEDIATE``, so two writers queue for the file instead of failing half-way; a write
  still refused as locked is retried a few times.
- PostgreSQL (``postgresql+psycopg://…``): an append takes ``LOCK TABLE journal_entries IN
  EXCLUSIVE MODE`` (readers go on), and migrations run under an advisory lock.
- Each append is one transaction: a process killed in the middle leaves nothing behind.
- Migrations run on open, inside the locked transaction; a journal made by an older version is
  upgraded in place, never recreated.

Foreign exceptions (SQLAlchemy, the drivers, Alembic, the OS) become
:class:`~trimtab.errors.JournalError` here, with what was being done and where.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError

from trimtab.errors import JournalError
from trimtab.journal.chain import GENESIS, Entry, entry_hash
from trimtab.journal.tables import entries, trades

BUSY_SECONDS = 30
RETRIES = 3
_MIGRATION_LOCK = 0x7472696D  # "trim": the advisory lock of PostgreSQL migrations

_T = TypeVar("_T")


class Journal:
    """An open journal: its engine and where it is (for messages)."""

    def __init__(self, engine: Engine, where: str) -> None:
        self.engine = engine
        self.where = where

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_journal(url: str) -> Journal:
    """Open (create, migrate) the journal at a SQLAlchemy URL (see :mod:`.location`)."""
    where = _safe(url)
    try:
        engine = _engine(url)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise JournalError(
            f"journal {where}: not a database URL trimtab can open ({exc})"
        ) from None
    journal = Journal(engine, where)
    try:
        _retrying(journal, "open", lambda: _migrate(journal))
    except JournalError:
        engine.dispose()
        raise
    return journal


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, connect_args=_connect_args(parsed.get_backend_name()))


def _connect_args(backend: str) -> dict[str, Any]:
    return {"connect_timeout": 10} if backend == "postgresql" else {}


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    """WAL and a busy timeout; transactions begun by us (``BEGIN IMMEDIATE``), not the driver."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    location = resources.files("trimtab.journal") / "migrations"
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision shipped with this version of trimtab."""
    script = ScriptDirectory(str(resources.files("trimtab.journal") / "migrations"))
    head = script.get_current_head()
    assert head is not None
    return head


def _migrate(journal: Journal) -> None:
    with journal.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
        current = MigrationContext.configure(connection).get_current_revision()
        if current != head_revision():
            upgrade(connection, head_revision())


def upgrade(connection: Connection, revision: str) -> None:
    """Run the migrations up to ``revision`` on an open connection (tests build old journals)."""
    command.upgrade(_alembic_config(connection), revision)


def revision_of(journal: Journal) -> str | None:
    """The schema revision the journal is at."""
    return _retrying(journal, "read", lambda: _revision(journal))


def _revision(journal: Journal) -> str | None:
    with journal.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _retrying(journal: Journal, doing: str, work: Callable[[], _T]) -> _T:
    """Run ``work``, retrying a few times while the database says it is locked or busy."""
    for attempt in range(RETRIES):
        try:
            return work()
        except (OperationalError, IntegrityError) as exc:
            if attempt + 1 == RETRIES or not _transient(exc):
                raise _journal_error(journal, doing, exc) from None
            time.sleep(0.2 * (attempt + 1))
        except (SQLAlchemyError, OSError) as exc:
            raise _journal_error(journal, doing, exc) from None
        except Exception as exc:  # alembic, a corrupt file seen by the driver
            if type(exc).__module__.startswith(("alembic", "sqlite3", "psycopg")):
                raise _journal_error(journal, doing, exc) from None
            raise
    raise AssertionError("unreachable")


def _transient(exc: SQLAlchemyError) -> bool:
    """Locked, busy, or a lost race for the chain's head: worth another try."""
    words = str(exc).lower()
    if isinstance(exc, IntegrityError):
        return "prev_hash" in words or "unique" in words or "duplicate" in words
    return "locked" in words or "busy" in words or "deadlock" in words


def _journal_error(journal: Journal, doing: str, exc: BaseException) -> JournalError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return JournalError(f"journal {journal.where}: cannot {doing} it: {reason}")


@contextmanager
def _append_lock(connection: Connection) -> Iterator[None]:
    """Hold the journal's write lock for the rest of the transaction (SQLite: BEGIN IMMEDIATE
    holds it already)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE journal_entries IN EXCLUSIVE MODE"))
    yield


def now_utc() -> str:
    """The time now, ISO 8601 UTC to the microsecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def append(
    journal: Journal,
    make: Callable[[Connection, Entry | None], tuple[Entry, list[dict[str, Any]]]],
    *,
    doing: str = "write to",
) -> Entry:
    """Append one entry (and its trade index rows) in one transaction, under the write lock.

    ``make`` gets the connection and the newest entry (None in an empty journal) and returns the
    new entry (``seq`` and ``prev_hash`` are filled here) and its ``journal_trades`` rows; it may
    raise :class:`JournalError` to refuse (an unknown run, a transition not allowed).
    """
    return _retrying(journal, doing, lambda: _append_once(journal, make))


def _append_once(
    journal: Journal,
    make: Callable[[Connection, Entry | None], tuple[Entry, list[dict[str, Any]]]],
) -> Entry:
    with journal.engine.begin() as connection, _append_lock(connection):
        last = last_entry(connection)
        draft, trade_rows = make(connection, last)
        linked = Entry(
            seq=1 if last is None else last.seq + 1,
            run=draft.run,
            kind=draft.kind,
            household=draft.household,
            recorded_at=draft.recorded_at,
            user=draft.user,
            body=draft.body,
            prev_hash=GENESIS if last is None else last.hash,
        )
        entry = Entry(**{**_fields(linked), "hash": entry_hash(linked)})
        connection.execute(entries.insert().values(**_row(entry)))
        if trade_rows:
            connection.execute(trades.insert(), [{"run": entry.run, **r} for r in trade_rows])
        return entry


def _fields(entry: Entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in Entry.__slots__}


def _row(entry: Entry) -> dict[str, Any]:
    fields = _fields(entry)
    fields["user_name"] = fields.pop("user")
    return fields


def _entry(row: Any) -> Entry:
    return Entry(
        seq=row.seq,
        run=row.run,
        kind=row.kind,
        household=row.household,
        recorded_at=row.recorded_at,
        user=row.user_name,
        body=row.body,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def last_entry(connection: Connection) -> Entry | None:
    """The newest entry, None in an empty journal."""
    row = connection.execute(select(entries).order_by(entries.c.seq.desc()).limit(1)).first()
    return None if row is None else _entry(row)


def next_run(connection: Connection) -> int:
    """The number the next run gets: one more than the largest so far."""
    largest = connection.execute(select(func.max(entries.c.run))).scalar()
    return 1 if largest is None else int(largest) + 1


def read_entries(
    journal: Journal, *, run: int | None = None, household: str | None = None
) -> tuple[Entry, ...]:
    """Entries in chain order, all or those of one run or household."""

    def work() -> tuple[Entry, ...]:
        query = select(entries).order_by(entries.c.seq)
        if run is not None:
            query = query.where(entries.c.run == run)
        if household is not None:
            query = query.where(entries.c.household == household)
        with journal.engine.connect() as connection:
            return tuple(_entry(r) for r in connection.execute(query))

    return _retrying(journal, "read", work)


def run_entries(connection: Connection, run: int) -> tuple[Entry, ...]:
    """The entries of one run, in order, on an open connection."""
    query = select(entries).where(entries.c.run == run).order_by(entries.c.seq)
    return tuple(_entry(r) for r in connection.execute(query))


def read_trade_index(journal: Journal) -> tuple[dict[str, Any], ...]:
    """Every ``journal_trades`` row, by run and trade id."""

    def work() -> tuple[dict[str, Any], ...]:
        query = select(trades).order_by(trades.c.run, trades.c.trade_id)
        with journal.engine.connect() as connection:
            return tuple(dict(r._mapping) for r in connection.execute(query))

    return _retrying(journal, "read", work)
