"""Journals to test on: an SQLite file always, and a fresh database on the PostgreSQL server at
127.0.0.1:5432 (trust auth, user postgres, database test; .ci/run starts it).

Each PostgreSQL test gets a database of its own, ``trimtab_journal_<random>``, dropped after.
When no server can be had the PostgreSQL cases fail under CI=true and skip elsewhere, saying
so. A plan of a small household is made once and recorded as often as the tests need.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.journal_plans import Planned
from trimtab import commands
from trimtab.pipeline import check_household

HERE = Path(__file__).resolve().parent
HOUSEHOLD = HERE / "data" / "overweight.yaml"
SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=5"


def _server_up() -> str:
    """'' when the server answers, else why not."""
    import psycopg

    try:
        with psycopg.connect(SERVER):
            return ""
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]


def _start_server() -> None:
    """Start the machine's cluster the way .ci/run does (no-op where there is none)."""
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if versions and shutil.which("pg_ctlcluster"):
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"]
        subprocess.run(command, capture_output=True, check=False)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The server's connection string, or a skip (a failure under CI=true) saying why."""
    why = _server_up()
    if why:
        _start_server()
        why = _server_up()
    if why:
        message = f"PostgreSQL on 127.0.0.1:5432 unavailable ({why}); .ci/run starts it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SERVER


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh database of this test's own, dropped afterwards."""
    import psycopg

    name = f"trimtab_journal_{secrets.token_hex(6)}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A journal location on each backend: an SQLite path, a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "journal.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(scope="session")
def planned() -> Planned:
    """The plan of tests/journal/data/overweight.yaml (2026-11-24)."""
    household, problems = check_household(HOUSEHOLD)
    assert household is not None, problems
    text = HOUSEHOLD.read_text()
    run = commands.plan(household, input_sha256=commands.input_sha256(text.encode()))
    return Planned(report=run.report, document=dict(run.document), text=text)
