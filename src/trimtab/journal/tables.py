"""The journal's tables at the newest schema revision (SQLAlchemy Core).

``journal_entries`` is the record itself: append-only, one row per run and per workflow event
(approved, rejected, executed), each holding the SHA-256 of the row before it
(:mod:`trimtab.journal.chain`). ``journal_trades`` is an index of the runs' trades for queries
by account and symbol; its rows repeat what the run's entry holds, and ``verify`` checks them
against it. The migrations in ``migrations/versions`` build these tables; this module only names
them for the queries.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

entries = Table(
    "journal_entries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("run", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("household", String(200), nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("user_name", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False, unique=True),
    Column("hash", String(64), nullable=False, unique=True),
    Index("ix_journal_entries_household", "household"),
    Index("ix_journal_entries_run", "run"),
)

trades = Table(
    "journal_trades",
    metadata,
    Column("run", Integer, primary_key=True),
    Column("trade_id", String(16), primary_key=True),
    Column("account", String(200), nullable=False),
    Column("action", String(8), nullable=False),
    Column("symbol", String(32), nullable=False),
    Column("quantity", String(40), nullable=False),
    Column("price", String(40), nullable=False),
    Column("amount", String(40), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("rationale", Text, nullable=False),
)
