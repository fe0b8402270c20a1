"""``trimtab journal verify``: the hash chain, and the trade index against the runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trimtab.journal.chain import Break, Entry, chain_breaks
from trimtab.journal.runs import body_of
from trimtab.journal.store import Journal, read_entries, read_trade_index

_INDEX_KEYS = ("account", "action", "symbol", "quantity", "price", "amount", "reason", "rationale")


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """What ``verify`` found.

    entries: how many entries the journal holds. head: the newest entry's hash ('' when empty);
    keep it with the count: a later verify showing fewer entries or another head means rows were
    removed from the end. breaks: every place the record does not hold, in order.
    """

    entries: int
    head: str
    breaks: tuple[Break, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.breaks


def verify(journal: Journal) -> Verification:
    """Check every entry's hash and link, and the trade index against the runs' plans."""
    stored = read_entries(journal)
    breaks = (*chain_breaks(stored), *_index_breaks(stored, read_trade_index(journal)))
    return Verification(
        entries=len(stored), head=stored[-1].hash if stored else "", breaks=tuple(breaks)
    )


def _index_breaks(stored: tuple[Entry, ...], index: tuple[dict[str, Any], ...]) -> list[Break]:
    """Index rows that differ from, or are missing in, the plans the run entries hold."""
    expected: dict[tuple[int, str], dict[str, Any]] = {}
    for entry in stored:
        if entry.kind == "run":
            plan = body_of(entry).get("plan") or {}
            for trade in plan.get("trades") or ():
                expected[(entry.run, trade["id"])] = {k: trade.get(k) for k in _INDEX_KEYS}
    breaks = []
    for row in index:
        key = (row["run"], row["trade_id"])
        plan = expected.pop(key, None)
        if plan is None or any(str(row[k]) != str(plan[k]) for k in _INDEX_KEYS):
            breaks.append(_index_break(key, "differs from the run's recorded plan"))
    for key in expected:
        breaks.append(_index_break(key, "is missing from the trade index"))
    return breaks


def _index_break(key: tuple[int, str], what: str) -> Break:
    run, trade = key
    return Break(seq=0, run=run, message=f"trade {trade} of run {run} {what}")
