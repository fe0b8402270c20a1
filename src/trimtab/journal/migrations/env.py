"""Alembic's environment for the journal: always online, on the connection the journal passes.

:func:`trimtab.journal.store.migrate` hands its open connection (inside the transaction that
holds the journal's write lock) to Alembic through ``config.attributes["connection"]``; nothing
here opens a database of its own.
"""

from __future__ import annotations

from alembic import context

from trimtab.journal.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
context.run_migrations()
