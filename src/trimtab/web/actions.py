"""What the web app's forms do, through the functions the CLI uses (no web framework here).

- approve / reject / record a plan: :mod:`trimtab.journal` (the ``trimtab journal`` commands'
  functions), with the user and the note;
- what-if: the proposed plan's trades with one trade edited (shares, lots), written as a
  ``trimtab.trades/1`` list into the household's folder (``DIR/<key>/whatif-trades.json``,
  the only file it writes) and checked by :func:`trimtab.commands.check`, as ``trimtab check``;
- re-plan: :func:`trimtab.book.work.run_job`, the book's own per-household step, which writes
  ``DIR/<key>/`` exactly as ``trimtab book`` does; the new plan is then recorded as a run.

Every write goes to the journal or into the book folder, through ``output.atomic_write``.

Example: ``whatif_trades(plan, "P1", "50", "L2")`` is the plan's trade list with P1 selling
50 shares of lot L2.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from trimtab import commands
from trimtab.book.work import BookOptions, Job, load, run_job
from trimtab.errors import InputError, JournalError, Problem, errors_only
from trimtab.journal import Journal, Run, approve, list_runs, record_document, reject
from trimtab.model.enums import Mode, ReliefMethod, SolverKind, TradeFileKind
from trimtab.model.household import Household
from trimtab.output import atomic_write
from trimtab.web.book_view import BookRow, Document, read_plan

WHATIF_FILE = "whatif-trades.json"
_LOT_ID = re.compile(r"^[A-Za-z0-9._:@\[\]-]{1,64}$")


class ActionError(Exception):
    """A form that cannot be carried out; its message is for the page."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedHousehold:
    """A household loaded for a form: the model, its file's text and its warnings."""

    household: Household
    text: str
    warnings: tuple[Problem, ...]


def load_household(book_dir: Path, row: BookRow, runs: tuple[Run, ...]) -> LoadedHousehold:
    """The household of a book row, as ``trimtab book`` loads it (its file, read from the
    folder ``trimtab serve`` runs in); when the file cannot be read, the text of its newest
    journal run. Raises :class:`ActionError` when it does not load."""
    household, problems, data = load(Job(key=row.key, file=row.file), _options(book_dir))
    text = data.decode("utf-8", errors="replace")
    if not data:
        recorded = [r for r in runs if r.household == row.name]
        if recorded:
            from trimtab.pipeline import check_household

            text = str(recorded[-1].body.get("input", {}).get("text", ""))
            household, problems = check_household(row.file, text=text)
    if household is None:
        errors = errors_only(problems)
        first = errors[0].message if errors else "cannot read it"
        raise ActionError(f"{row.file}: {len(errors)} problem(s): {first}")
    return LoadedHousehold(household=household, text=text, warnings=problems)


def _options(book_dir: Path, **choices: Any) -> BookOptions:
    return BookOptions(out_dir=str(book_dir.resolve()), **choices)


def _journal_step(step: Callable[[], Run]) -> Run:
    try:
        return step()
    except JournalError as exc:
        raise ActionError(str(exc)) from None


def approve_run(journal: Journal, run: int, *, user: str, note: str) -> Run:
    """Approve a proposed run (``trimtab journal approve RUN --note NOTE --user USER``)."""
    return _journal_step(lambda: approve(journal, run, user=user, note=note))


def reject_run(journal: Journal, run: int, *, user: str, note: str) -> Run:
    """Reject a proposed run, saying why (``trimtab journal reject``)."""
    return _journal_step(lambda: reject(journal, run, user=user, note=note))


def record_plan(
    journal: Journal,
    book_dir: Path,
    row: BookRow,
    *,
    user: str,
    options: dict[str, str | None] | None = None,
    seconds: float | None = None,
) -> Run:
    """Record the household's proposed plan (``DIR/<key>/plan.json``) as a run, as
    ``trimtab book --journal`` records it."""
    plan = read_plan(book_dir, row.key)
    if plan is None:
        raise ActionError(f"{row.key}: no plan.json to record")
    loaded = load_household(book_dir, row, list_runs(journal, household=row.name))
    return _journal_step(
        lambda: record_document(
            journal,
            plan,
            loaded.text,
            loaded.household,
            user=user,
            options=dict(options or {"web": "yes"}),
            seconds=seconds,
        )
    )


# --- what-if -----------------------------------------------------------------------------------


def _positive(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ActionError(f"{what}: {text!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise ActionError(f"{what}: must be more than 0")
    return value


def _lot_ids(text: str) -> list[str]:
    ids = [t.strip() for t in text.split(",") if t.strip()]
    bad = next((t for t in ids if not _LOT_ID.match(t)), None)
    if bad is not None:
        raise ActionError(f"lots: {bad!r} is not a lot id (letters, digits, . _ - : @ [ ])")
    return ids


def whatif_trades(plan: Document, trade: str, shares: str, lots: str) -> Document:
    """The plan's trades as a ``trimtab.trades/1`` list, trade ``trade`` with ``shares``
    shares and (for a sell, when given) the lots ``lots`` (comma-separated ids, in order)."""
    trades = plan.get("trades", ())
    if not any(t["id"] == trade for t in trades):
        raise ActionError(f"the plan has no trade {trade!r}")
    quantity = _positive(shares, "shares")
    chosen = _lot_ids(lots)
    out = []
    for t in trades:
        item = {
            "id": t["id"],
            "date": plan["as_of"],
            "account": t["account"],
            "action": t["action"],
            "symbol": t["symbol"],
            "quantity": t["quantity"],
            "price": t.get("price_exact") or t["price"],
        }
        lot_ids = [lot["lot_id"] for lot in t.get("lots", ()) if "lot_id" in lot]
        if t["id"] == trade:
            item["quantity"] = str(quantity)
            lot_ids = chosen or lot_ids
        if t["action"] == "sell" and lot_ids:
            item["lots"] = lot_ids
        out.append(item)
    return {"format": "trimtab.trades/1", "trades": out}


def what_if(
    book_dir: Path, row: BookRow, runs: tuple[Run, ...], trade: str, shares: str, lots: str
) -> Document:
    """``trimtab check`` of the plan with one trade edited: its trimtab.check/1 document.
    Raises :class:`ActionError` with the trade list's problems."""
    plan = read_plan(book_dir, row.key)
    if plan is None:
        raise ActionError(f"{row.key}: no proposed plan")
    trades = whatif_trades(plan, trade, shares, lots)
    loaded = load_household(book_dir, row, runs)
    path = atomic_write(
        book_dir / row.key / WHATIF_FILE, (json.dumps(trades, indent=2) + "\n").encode()
    )
    try:
        return commands.check(loaded.household, path, warnings=loaded.warnings)
    except InputError as exc:
        raise ActionError("; ".join(p.message for p in errors_only(exc.problems))) from None


# --- re-plan -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Choices:
    """A re-plan's settings: as ``trimtab plan --mode / --relief-method / --solver``."""

    mode: Mode | None = None
    relief_method: ReliefMethod | None = None
    solver: SolverKind = SolverKind.LP

    @classmethod
    def parse(cls, mode: str, relief_method: str, solver: str) -> Choices:
        """From a form's values ('' for the household's own setting); ActionError if unknown."""
        try:
            return cls(
                mode=Mode(mode) if mode else None,
                relief_method=ReliefMethod(relief_method) if relief_method else None,
                solver=SolverKind(solver or SolverKind.LP.value),
            )
        except ValueError as exc:
            raise ActionError(str(exc)) from None

    def journal_options(self) -> dict[str, str | None]:
        """How the journal records the choices (as ``trimtab plan --journal``)."""
        return {
            "mode": self.mode and self.mode.value,
            "relief_method": self.relief_method and self.relief_method.value,
            "solver": self.solver.value,
            "web": "yes",
        }


def trade_file_kinds(book_dir: Path, key: str) -> tuple[TradeFileKind, ...]:
    """The trade files the household's folder already holds (``trades-<kind>…``): a re-plan
    writes the same kinds."""
    names = [p.name for p in (book_dir / key).glob("trades-*")]
    return tuple(k for k in TradeFileKind if any(n.startswith(f"trades-{k.value}") for n in names))


def replan(book_dir: Path, row: BookRow, choices: Choices) -> str:
    """Plan the household again into ``DIR/<key>/`` (the book's step); '' when planned, else
    what went wrong."""
    options = _options(
        book_dir,
        mode=choices.mode,
        relief_method=choices.relief_method,
        solver=choices.solver,
        trade_files=trade_file_kinds(book_dir, row.key),
    )
    result = run_job(Job(key=row.key, file=row.file), options).result
    return "" if result.planned else (result.message or "not planned")
