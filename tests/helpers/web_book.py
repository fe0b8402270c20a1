"""Helpers of the web app's tests: the app's client and configuration, the hostile name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.testclient import TestClient

from trimtab.journal import Journal
from trimtab.web.security import Guard
from trimtab.web.serve import ServeConfig

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "household.yaml"
XSS_NAME = "<script>alert(1)</script>"
BASE = "http://127.0.0.1"


@dataclass
class Served:
    """The app under test: its client, folders and journal."""

    client: TestClient
    book: Path
    journal: Journal
    config: ServeConfig

    def csrf(self, path: str = "/") -> str:
        """The CSRF token the pages give this client's session."""
        page = self.client.get(path).text
        marker = 'name="csrf" value="'
        if marker in page:
            return page.split(marker, 1)[1].split('"', 1)[0]
        return page.split('"X-CSRF-Token": "', 1)[1].split('"', 1)[0]


def make_config(book: Path, journal: Journal, *, token: str | None = None) -> ServeConfig:
    guard = Guard(secret=secrets.token_bytes(32), token=token, loopback=token is None)
    return ServeConfig(book=book, journal=journal, user="ana", guard=guard)
