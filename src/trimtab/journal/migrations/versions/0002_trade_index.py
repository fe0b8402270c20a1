"""The trade index and lookups by household and run; filled from the runs already recorded.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ENTRIES = sa.table(
    "journal_entries",
    sa.column("run", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("body", sa.Text),
)


def upgrade() -> None:
    """Add ``journal_trades`` and two indexes; copy the trades of every recorded run into it."""
    trades = op.create_table(
        "journal_trades",
        sa.Column("run", sa.Integer, primary_key=True),
        sa.Column("trade_id", sa.String(16), primary_key=True),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("symbol", sa.String(32), nullable=False),
        sa.Column("quantity", sa.String(40), nullable=False),
        sa.Column("price", sa.String(40), nullable=False),
        sa.Column("amount", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
    )
    op.create_index("ix_journal_entries_household", "journal_entries", ["household"])
    op.create_index("ix_journal_entries_run", "journal_entries", ["run"])
    runs = op.get_bind().execute(
        sa.select(_ENTRIES.c.run, _ENTRIES.c.body).where(_ENTRIES.c.kind == "run")
    )
    rows = [_trade_row(run, t) for run, body in runs for t in json.loads(body)["plan"]["trades"]]
    if rows:
        op.bulk_insert(trades, rows)


def _trade_row(run: int, trade: dict[str, str]) -> dict[str, object]:
    """The index row of one trade of a run's plan document."""
    keys = ("account", "action", "symbol", "quantity", "price", "amount", "reason", "rationale")
    return {"run": run, "trade_id": trade["id"], **{k: trade[k] for k in keys}}


def downgrade() -> None:
    """Never used by trimtab (a journal is upgraded, never recreated); for completeness."""
    op.drop_index("ix_journal_entries_run", "journal_entries")
    op.drop_index("ix_journal_entries_household", "journal_entries")
    op.drop_table("journal_trades")
