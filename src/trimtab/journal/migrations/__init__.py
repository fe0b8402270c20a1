"""Alembic migrations of the run journal, shipped with the package and run on first use."""
