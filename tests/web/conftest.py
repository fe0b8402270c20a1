"""A small book for the web app's tests: the example household and one named like an attack.

The book is run once per test session (``run_book(local=True)``, the book's own code) into a
temporary folder; each test gets a copy of that folder and a fresh journal, so approvals and
re-plans in one test never show in another.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from helpers.web_book import BASE, EXAMPLE, XSS_NAME, Served, make_config
from trimtab.book import BookOptions, run_book
from trimtab.journal import open_journal
from trimtab.web.app import create_app


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book of two households (rivera, xss), each planned, with its generic trade file."""
    root = tmp_path_factory.mktemp("web-book")
    households = root / "households"
    households.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (households / "rivera.yaml").write_text(text, encoding="utf-8")
    hostile = text.replace("name: Rivera household", f'name: "{XSS_NAME}"', 1)
    (households / "xss.yaml").write_text(hostile, encoding="utf-8")
    options = BookOptions(out_dir=str(root / "book"), trade_files=_generic())
    run = run_book([str(households)], options, local=True)
    assert run.failed == 0
    return root


def _generic() -> tuple[object, ...]:
    from trimtab.model.enums import TradeFileKind

    return (TradeFileKind.GENERIC,)


@pytest.fixture
def served(built_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """The app over a fresh copy of the book and an empty journal (working folder: the book's
    root, where the household files' relative paths point)."""
    book = tmp_path / "book"
    shutil.copytree(built_book / "book", book)
    shutil.copytree(built_book / "households", tmp_path / "households")
    _relative_files(book, built_book)
    monkeypatch.chdir(tmp_path)
    journal = open_journal(str(tmp_path / "journal.sqlite3"))
    config = make_config(book, journal)
    with TestClient(create_app(config), base_url=BASE) as client:
        yield Served(client=client, book=book, journal=journal, config=config)
    journal.close()


def _relative_files(book: Path, built: Path) -> None:
    """book.json names the files as given to the book (absolute here): make them relative to
    the test's folder, as a book run from the folder `trimtab serve` runs in names them."""
    data = (book / "book.json").read_text(encoding="utf-8")
    (book / "book.json").write_text(data.replace(str(built) + "/", ""), encoding="utf-8")
