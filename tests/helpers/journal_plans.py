"""The plan the journal tests record (made once per session by conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trimtab.explain.plan import PlanReport


@dataclass(frozen=True, slots=True)
class Planned:
    """A plan made once: the report, its document and the household file's text."""

    report: PlanReport
    document: dict[str, Any]
    text: str
