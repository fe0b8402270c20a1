"""What the web app shows, read from the book folder and the run journal (no web framework).

The book folder is what ``trimtab book HOUSEHOLDS --out DIR`` wrote: ``DIR/book.json``
(trimtab.book/1) and ``DIR/<key>/plan.json`` with the plan's other files. The journal holds
the runs (docs/journal.md). A household's *proposed plan* is its ``DIR/<key>/plan.json``; the
run under review is the newest journal run of the household whose recorded plan is that very
document (so approving it approves what the files in the folder say, nothing else).

Example: a book row for ``household`` with ``"tax": "0.00"`` and run 3 of "Rivera household"
proposed gives ``BookRow(key="household", ..., tax=Decimal("0.00"), last_run=3,
last_status="proposed")``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from trimtab.errors import InputError, Problem
from trimtab.journal import Run
from trimtab.model.enums import AssetClass
from trimtab.report.book_records import HouseholdStatus
from trimtab.source import Source

Document = dict[str, Any]
STATUSES = tuple(s.value for s in HouseholdStatus)  # the book's, in order of need
SORTS = ("need", "name", "status", "breach", "tax", "run")


@dataclass(frozen=True, slots=True, kw_only=True)
class BookRow:
    """One household of the book page.

    key: its folder in the book. name / file / as_of / status / message: from book.json.
    breach: the largest band breach in points (0 inside). tax: the proposed plan's estimated
    tax (with the plan less without; None when nothing was planned). trades: how many.
    need: its place in book.json's order (sorted by need). last_run / last_status / last_at:
    the household's newest journal run (None when it has none).
    """

    key: str
    name: str
    file: str
    as_of: str
    status: str
    message: str
    breach: Decimal
    tax: Decimal | None
    trades: int
    need: int
    last_run: int | None = None
    last_status: str = ""
    last_at: str = ""


def _problem(path: Path, message: str) -> InputError:
    return InputError(
        (
            Problem(
                source=Source(file=str(path), line=0, column=0),
                field="--book",
                kind="book_folder",
                message=message,
                expected="a folder written by `trimtab book HOUSEHOLDS --out DIR`",
            ),
        )
    )


def read_book(book_dir: Path) -> Document:
    """``DIR/book.json``; :class:`InputError` when it is missing or not a book document."""
    path = book_dir / "book.json"
    try:
        document = json.loads(path.read_bytes())
    except OSError as exc:
        raise _problem(path, f"cannot read it: {exc.strerror}") from None
    except ValueError:
        raise _problem(path, "not JSON") from None
    if not isinstance(document, dict) or document.get("format") != "trimtab.book/1":
        raise _problem(path, "not a trimtab.book/1 document")
    return document


def _decimal(text: object) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return Decimal(0)


def book_rows(book: Document, runs: Sequence[Run]) -> tuple[BookRow, ...]:
    """Every household of the book with its newest journal run, in book.json's order (need)."""
    newest = {r.household: r for r in runs}  # runs come in number order: the last one wins
    rows = []
    for need, h in enumerate(book.get("households", ())):
        run = newest.get(str(h.get("name") or ""))
        rows.append(
            BookRow(
                key=str(h["key"]),
                name=str(h.get("name") or h["key"]),
                file=str(h.get("file", "")),
                as_of=str(h.get("as_of") or ""),
                status=str(h.get("status", "")),
                message=str(h.get("message", "")),
                breach=_decimal(h.get("max_breach", "0")),
                tax=_decimal(h["tax"]) if h.get("planned") else None,
                trades=int(h.get("trades", 0)),
                need=need,
                last_run=None if run is None else run.number,
                last_status="" if run is None else run.status.value,
                last_at="" if run is None else run.recorded_at[:16].replace("T", " "),
            )
        )
    return tuple(rows)


def _sort_key(sort: str) -> Any:
    keys: dict[str, Any] = {
        "name": lambda r: r.name.lower(),
        "status": lambda r: STATUSES.index(r.status) if r.status in STATUSES else len(STATUSES),
        "breach": lambda r: r.breach,
        "tax": lambda r: Decimal("-Infinity") if r.tax is None else r.tax,
        "run": lambda r: -1 if r.last_run is None else r.last_run,
    }
    return keys.get(sort, lambda r: r.need)


def select_rows(
    rows: Sequence[BookRow], *, query: str = "", status: str = "", sort: str = "need", desc: bool
) -> tuple[BookRow, ...]:
    """The rows whose name, key or file contains ``query`` (any case) and whose status is
    ``status`` ('' for any), sorted by ``sort`` (one of :data:`SORTS`), descending if ``desc``."""
    needle = query.strip().lower()
    chosen = [
        r
        for r in rows
        if (not status or r.status == status)
        and (not needle or any(needle in t.lower() for t in (r.name, r.key, r.file)))
    ]
    return tuple(sorted(chosen, key=_sort_key(sort), reverse=desc))


def household_row(rows: Sequence[BookRow], key: str) -> BookRow | None:
    """The row of one household by its key."""
    return next((r for r in rows if r.key == key), None)


def read_plan(book_dir: Path, key: str) -> Document | None:
    """The household's proposed plan (``DIR/<key>/plan.json``); None when it has none."""
    try:
        document = json.loads((book_dir / key / "plan.json").read_bytes())
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def run_of_plan(runs: Sequence[Run], plan: Document | None) -> Run | None:
    """The newest run whose recorded plan is ``plan`` itself (None: the plan is not recorded)."""
    if plan is None:
        return None
    return next((r for r in reversed(runs) if r.plan == plan), None)


def plan_files(book_dir: Path, key: str) -> tuple[str, ...]:
    """The files of the household's folder that may be downloaded: plain files, by name."""
    folder = book_dir / key
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    except OSError:
        return ()
    return tuple(n for n in names if not n.startswith("."))


def chart_points(plan: Document) -> list[tuple[AssetClass, tuple[Decimal, Decimal, Decimal]]]:
    """Per asset class held or targeted: (target, before, after) in percent, from the plan's
    drift (the points :func:`trimtab.report.html.allocation_chart` draws)."""
    drift = plan.get("drift", {})
    before = {r["asset_class"]: r for r in drift.get("before", ())}
    after = {r["asset_class"]: r for r in drift.get("after", ())}
    points = []
    for cls in AssetClass:
        b, a = before.get(cls.value), after.get(cls.value)
        if b is None and a is None:
            continue
        target = _decimal((b or a or {}).get("target_pct", "0"))
        current_before = _decimal(b["current_pct"]) if b else Decimal(0)
        current_after = _decimal(a["current_pct"]) if a else Decimal(0)
        points.append((cls, (target, current_before, current_after)))
    return points
