"""Which household account an export's account is, and of what type.

Rules, in order (docs/importers.md, "Accounts"):

1. An account-map entry whose ``match`` is the export's account number names the household
   ``id`` (and, for a new account, its ``type`` and ``owners``; ``match`` becomes its
   ``number``).
2. Otherwise an account of the household file whose ``number`` is the export's number.
3. Otherwise a new account, whose id is made from the export's name and the number's last four
   digits (``Intelligent XXXX-4321`` -> ``intelligent-4321``).

Numbers match when they are equal; a masked number (``XXXX-4321``, ``...321``, ``XXX321``)
also matches one whose digits end with its visible digits (at least three), when exactly one
candidate does. The type of an account already in the file is the file's; of a new account,
the map's, else the one the export states (beancount's ``trimtab_type``), else the one its
name states (:mod:`trimtab.importers.account_types`). An account whose type cannot be told is
a Problem saying which map entry to add: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from trimtab.errors import Problem
from trimtab.importers.account_map import AccountMapDocument, AccountMapEntry
from trimtab.importers.account_types import type_from_name
from trimtab.importers.formats.common import problem, warning
from trimtab.importers.records import AccountRef
from trimtab.model.enums import AccountType

MASKS = re.compile(r"[X*.]", re.I)
TAIL = re.compile(r"(\d+)$")
MIN_VISIBLE = 3

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """A household account an export account resolved to.

    id: the household id.
    number: the number to write (the map's ``match``, the file's, or the export's).
    type: the account type.
    owners: owner ids for a new account (from the map).
    index: the account's position in the file's ``accounts``; None for a new account.
    type_from: where the type came from: ``file``, ``account map``, ``export metadata`` or
        ``account name``.
    """

    id: str
    number: str
    type: AccountType
    owners: tuple[str, ...]
    index: int | None
    type_from: str


def same_number(a: str, b: str) -> bool:
    """Equal numbers, or a masked number whose visible digits end the other's digits."""
    x, y = a.strip().upper(), b.strip().upper()
    if x == y:
        return True
    if not (MASKS.search(x) or MASKS.search(y)):
        return False
    tx, ty = _tail(x), _tail(y)
    shorter, longer = sorted((tx, ty), key=len)
    return len(shorter) >= MIN_VISIBLE and longer.endswith(shorter)


def _tail(number: str) -> str:
    match = TAIL.search(number)
    return match.group(1) if match else ""


def find_number(number: str, items: Sequence[T], key: Callable[[T], str]) -> list[T]:
    """The items whose number is ``number``: the exact ones, else those matching masked."""
    exact = [i for i in items if key(i).strip().upper() == number.strip().upper()]
    return exact or [i for i in items if same_number(key(i), number)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolver:
    """What account resolution looks at.

    entries: the account map's entries (empty without a map).
    accounts: the household file's accounts, as plain data.
    """

    entries: tuple[AccountMapEntry, ...]
    accounts: tuple[Mapping[str, Any], ...]

    @classmethod
    def of(cls, account_map: AccountMapDocument | None, accounts: Sequence[Any]) -> Resolver:
        """A resolver for a map (or none) and the file's ``accounts`` list."""
        entries = tuple(account_map.accounts) if account_map is not None else ()
        return cls(
            entries=entries, accounts=tuple(a if isinstance(a, dict) else {} for a in accounts)
        )

    def resolve(
        self, ref: AccountRef, taken: frozenset[str]
    ) -> tuple[Identity | None, tuple[Problem, ...]]:
        """The identity of an export account; ``taken`` are ids new accounts must not reuse."""
        entries = find_number(ref.number, self.entries, lambda e: e.match)
        if len(entries) > 1:
            return None, (_ambiguous(ref, "account map entries", [e.match for e in entries]),)
        entry = entries[0] if entries else None
        index, problems = self._file_account(ref, entry)
        if problems:
            return None, problems
        if index is not None:
            return self._existing(ref, entry, index)
        return _new(ref, entry, taken)

    def _file_account(
        self, ref: AccountRef, entry: AccountMapEntry | None
    ) -> tuple[int | None, tuple[Problem, ...]]:
        positions = list(range(len(self.accounts)))
        if entry is not None:
            found = [i for i in positions if self.accounts[i].get("id") == entry.id]
            return (found[0] if found else None), ()
        found = find_number(ref.number, positions, lambda i: _number_of(self.accounts[i]))
        if len(found) > 1:
            numbers = [_number_of(self.accounts[i]) for i in found]
            return None, (_ambiguous(ref, "household accounts", numbers),)
        return (found[0] if found else None), ()

    def _existing(
        self, ref: AccountRef, entry: AccountMapEntry | None, index: int
    ) -> tuple[Identity | None, tuple[Problem, ...]]:
        account = self.accounts[index]
        kind = _file_type(account.get("type"))
        if kind is None:
            return _new(ref, entry, frozenset(), str(account.get("id")), index)
        problems: tuple[Problem, ...] = ()
        if entry is not None and entry.type is not None and entry.type is not kind:
            problems = (_type_differs(ref, str(account.get("id")), kind, entry.type),)
        identity = Identity(
            id=str(account.get("id")),
            number=_number_of(account) or (entry.match if entry else ref.number),
            type=kind,
            owners=tuple(str(o) for o in account.get("owners") or ()),
            index=index,
            type_from="file",
        )
        return identity, problems


def _number_of(account: Any) -> str:
    """A household account's number: ``number``, or its other spelling ``account_number``."""
    value = account.get("number") or account.get("account_number")
    return "" if value is None else str(value)


def _file_type(value: Any) -> AccountType | None:
    try:
        return AccountType(str(value))
    except ValueError:
        return None


def _new(
    ref: AccountRef,
    entry: AccountMapEntry | None,
    taken: frozenset[str],
    ident: str | None = None,
    index: int | None = None,
) -> tuple[Identity | None, tuple[Problem, ...]]:
    """A new account (or one whose type the file does not tell)."""
    ident = ident or (entry.id if entry is not None else derive_id(ref, taken))
    kind, origin = _type_of(ref, entry)
    if kind is None:
        return None, (_untyped(ref, ident),)
    identity = Identity(
        id=ident,
        number=entry.match if entry is not None else ref.number,
        type=kind,
        owners=tuple(entry.owners) if entry is not None else (),
        index=index,
        type_from=origin,
    )
    return identity, ()


def _type_of(ref: AccountRef, entry: AccountMapEntry | None) -> tuple[AccountType | None, str]:
    if entry is not None and entry.type is not None:
        return entry.type, "account map"
    if ref.stated is not None:
        return ref.stated, "export metadata"
    return type_from_name(ref.name), "account name"


def derive_id(ref: AccountRef, taken: frozenset[str]) -> str:
    """``Intelligent XXXX-4321`` -> ``intelligent-4321``; ``-2``, ``-3``… when taken."""
    words = re.findall(r"[a-z0-9]+", ref.name.lower())
    digits = re.sub(r"\D", "", ref.number)[-4:]
    base = "-".join([*(words or ["account"]), *([digits] if digits else [])])
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _untyped(ref: AccountRef, ident: str) -> Problem:
    name = f" (`{ref.name}`)" if ref.name else ""
    return problem(
        ref.source,
        "unknown_account_type",
        f"cannot tell the type of account {ref.number}{name} from the export; add this entry to "
        f'the account map: {{match: "{ref.number}", id: {ident}, type: …}}',
        "an account-map entry (--account-map) with the account's type: "
        + ", ".join(t.value for t in AccountType),
    )


def _ambiguous(ref: AccountRef, what: str, numbers: list[str]) -> Problem:
    return problem(
        ref.source,
        "ambiguous_account",
        f"account {ref.number} matches several {what}: " + ", ".join(numbers),
        "one account-map entry whose `match` is the number exactly as the export shows it",
    )


def _type_differs(
    ref: AccountRef, ident: str, file_type: AccountType, map_type: AccountType
) -> Problem:
    return warning(
        ref.source,
        "account_type_differs",
        f"account {ident} is {file_type.value} in the household file but {map_type.value} in "
        "the account map; the file's type is kept",
        "the same type in both",
    )
