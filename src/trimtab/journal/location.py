"""Where the journal is: ``--journal PATH|URL``, the ``TRIMTAB_JOURNAL`` variable, the default.

- a path (``books/journal.sqlite3``) is an SQLite file, made with its folder on first use;
- a URL is used as SQLAlchemy reads it: ``postgresql+psycopg://user@host:5432/db``
  (``postgresql://…`` means the same), ``sqlite:////abs/path.sqlite3``;
- ``default`` is ``journal.sqlite3`` in the user data folder (platformdirs:
  ``~/.local/share/trimtab`` on Linux, ``~/Library/Application Support/trimtab`` on macOS,
  ``%LOCALAPPDATA%\\trimtab`` on Windows).
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_VAR = "TRIMTAB_JOURNAL"
DEFAULT = "default"


def default_path() -> Path:
    """The journal used when ``default`` is given (or nothing, by the ``journal`` commands)."""
    return Path(user_data_dir("trimtab", appauthor=False)) / "journal.sqlite3"


def journal_url(target: str) -> str:
    """The SQLAlchemy URL of a ``--journal`` value."""
    value = target.strip()
    if value == DEFAULT:
        return f"sqlite:///{default_path()}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def current_user(given: str | None) -> str:
    """``--user`` when given, else the operating system's user name ('unknown' when none)."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return os.environ.get("USER", "unknown") or "unknown"
