"""Starting ``trimtab serve``: check the host, open the journal, read the book, then listen.

Everything that can be wrong with the command line is found here, before anything listens, and
is one :class:`ServeError` (the CLI prints it and exits 2): a host reachable from other
machines without ``--allow-remote``; a journal that does not open; a book folder without
book.json. With ``--allow-remote`` and no ``--token`` a random token is made; the URL printed
carries it (``?token=…``), and the browser keeps it in a cookie.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from trimtab.errors import InputError, JournalError
from trimtab.journal import Journal, current_user, open_journal
from trimtab.web.book_view import read_book
from trimtab.web.security import Guard, bind_problem, is_loopback, new_token


class ServeError(Exception):
    """Why ``trimtab serve`` cannot start (one line)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeConfig:
    """What ``trimtab serve`` was given.

    book: the book folder (``trimtab book --out DIR``). journal: the open run journal.
    user: who approves (``--user``, else the OS user; each form may name another).
    guard: the app's secrets (:class:`~trimtab.web.security.Guard`).
    """

    book: Path
    journal: Journal
    user: str
    guard: Guard


@dataclass(frozen=True, slots=True, kw_only=True)
class Served:
    """An app ready to listen: its configuration (with the open journal)."""

    config: ServeConfig

    def url(self, host: str, port: int) -> str:
        """The address to open (with the token when there is one)."""
        shown = f"[{host}]" if ":" in host else host
        token = self.config.guard.token
        return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")

    def run(self, *, host: str, port: int) -> None:
        """Listen until interrupted (uvicorn); the journal is closed after."""
        from trimtab.web.app import serve  # Starlette and uvicorn: only when serving

        try:
            serve(self.config, host=host, port=port)
        finally:
            self.config.journal.close()


def prepare(
    journal: str,
    book_dir: Path,
    *,
    host: str,
    allow_remote: bool,
    token: str | None,
    user: str | None,
) -> Served:
    """Check the command line and open what the app serves (see the module)."""
    problem = bind_problem(host, allow_remote)
    if problem:
        raise ServeError(problem)
    loopback = is_loopback(host)
    if not loopback and not token:
        token = new_token()
    try:
        read_book(book_dir)
    except InputError as exc:
        first = exc.problems[0]
        raise ServeError(f"{first.source.file}: {first.message} ({first.expected})") from None
    try:
        opened = open_journal(journal)
    except JournalError as exc:
        raise ServeError(str(exc)) from None
    guard = Guard(secret=secrets.token_bytes(32), token=token or None, loopback=loopback)
    config = ServeConfig(book=book_dir, journal=opened, user=current_user(user), guard=guard)
    return Served(config=config)
