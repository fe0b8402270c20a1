"""The run journal: a compliance record of every run (SQLAlchemy 2 + Alembic)."""
