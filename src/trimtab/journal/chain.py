"""Tamper evidence: every journal entry holds the SHA-256 of the entry before it.

An entry's hash is the SHA-256 of the canonical JSON (sorted keys, no spaces) of its fields:
``seq``, ``run``, ``kind``, ``household``, ``recorded_at``, ``user``, ``body`` and
``prev_hash``; the first entry's ``prev_hash`` is 64 zeros. Editing any field of a row changes
its hash, which no longer matches the stored one; removing a row leaves a gap in ``seq`` and an
entry whose ``prev_hash`` names a hash no longer present. Removing the newest rows leaves a
shorter chain that still links: ``verify`` prints the count and the head hash so an examiner can
keep them and compare later (docs/journal.md).

Worked example: the first entry (seq 1, run 1, kind ``run``) hashes
``{"body":"…","household":"Ana","kind":"run","prev_hash":"000…0","recorded_at":"…","run":1,
"seq":1,"user":"ana"}``; entry 2 stores that digest as its ``prev_hash``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One row of ``journal_entries``.

    seq: the entry's place in the chain (1, 2, …, no gaps).
    run: the run it concerns (a run entry's own number).
    kind: ``run``, ``approved``, ``rejected`` or ``executed``.
    household: the household's name.
    recorded_at: when it was recorded, ISO 8601 UTC.
    user: who recorded it.
    body: its contents, canonical JSON.
    prev_hash / hash: the hash of the entry before and of this one.
    """

    seq: int
    run: int
    kind: str
    household: str
    recorded_at: str
    user: str
    body: str
    prev_hash: str
    hash: str = ""


def entry_hash(entry: Entry) -> str:
    """The SHA-256 of the entry's fields (its ``hash`` left out), as hex."""
    fields = {
        "seq": entry.seq,
        "run": entry.run,
        "kind": entry.kind,
        "household": entry.household,
        "recorded_at": entry.recorded_at,
        "user": entry.user,
        "body": entry.body,
        "prev_hash": entry.prev_hash,
    }
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


def canonical(value: object) -> str:
    """Canonical JSON: sorted keys, no spaces, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Break:
    """One place where the chain does not hold: the entry and what is wrong with it."""

    seq: int
    run: int
    message: str


def chain_breaks(entries: tuple[Entry, ...]) -> tuple[Break, ...]:
    """Every break of the chain, in order: edited rows, removed rows, bad links."""
    breaks: list[Break] = []
    previous: Entry | None = None
    for entry in entries:
        breaks.extend(_link_breaks(previous, entry))
        if entry_hash(entry) != entry.hash:
            breaks.append(
                Break(
                    seq=entry.seq,
                    run=entry.run,
                    message=f"entry {entry.seq} ({entry.kind} of run {entry.run}) was edited: "
                    "its contents no longer match its hash",
                )
            )
        previous = entry
    return tuple(breaks)


def _link_breaks(previous: Entry | None, entry: Entry) -> tuple[Break, ...]:
    """What is wrong between two consecutive stored entries (a gap, a broken link)."""
    expected_seq = 1 if previous is None else previous.seq + 1
    expected_prev = GENESIS if previous is None else previous.hash
    if entry.seq != expected_seq:
        missing = (
            f"entry {expected_seq}"
            if entry.seq == expected_seq + 1
            else f"entries {expected_seq}–{entry.seq - 1}"
        )
        return (
            Break(
                seq=entry.seq,
                run=entry.run,
                message=f"{missing} removed: entry {entry.seq} ({entry.kind} of run "
                f"{entry.run}) follows entry {expected_seq - 1}",
            ),
        )
    if entry.prev_hash != expected_prev:
        return (
            Break(
                seq=entry.seq,
                run=entry.run,
                message=f"entry {entry.seq} ({entry.kind} of run {entry.run}) does not link to "
                f"entry {expected_seq - 1}: the entry before it was replaced",
            ),
        )
    return ()
