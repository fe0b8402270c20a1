"""What an import does to one account, for the summary: holdings added, changed, removed, lots
added, cash before and after (docs/importers.md "The summary").

Compared by meaning, not by text: a holding's shares are its quantity or its lots added up
(:func:`trimtab.importers.resolve.shares`); a lot is new when the account had no lot of the
symbol with the same acquired date, quantity and cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from trimtab.importers.plain import decimal_or_none
from trimtab.importers.resolve import ImportedAccount, same_lot, shares


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldingChange:
    """One symbol whose shares the import changed.

    symbol: the ticker.
    before: its shares before (None: the account did not hold it).
    after: its shares after (None: the import removed it).
    """

    symbol: str
    before: Decimal | None
    after: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChanges:
    """What changed in one account.

    added, changed, removed: holdings new to the account, with other shares, gone.
    lots_added: lots the account did not have (same acquired date, quantity and cost).
    cash_before: the account's cash before (None: a new account).
    cash_after: its cash after (None: the import did not state it, so it is unchanged).
    """

    added: tuple[HoldingChange, ...] = ()
    changed: tuple[HoldingChange, ...] = ()
    removed: tuple[HoldingChange, ...] = ()
    lots_added: int = 0
    cash_before: Decimal | None = None
    cash_after: Decimal | None = None


def account_changes(old: Mapping[str, Any] | None, account: ImportedAccount) -> AccountChanges:
    """The changes the import makes to an account (``old``: its record before, None if new)."""
    before = _holdings(old)
    cash_before = decimal_or_none((old or {}).get("cash", 0)) if old is not None else None
    if account.holdings is None:
        return AccountChanges(cash_before=cash_before, cash_after=account.cash)
    after = _holdings({"holdings": list(account.holdings)})
    added = tuple(
        HoldingChange(symbol=s, before=None, after=after[s][0]) for s in after if s not in before
    )
    removed = tuple(
        HoldingChange(symbol=s, before=before[s][0], after=None) for s in before if s not in after
    )
    changed = tuple(
        HoldingChange(symbol=s, before=before[s][0], after=after[s][0])
        for s in after
        if s in before and before[s][0] != after[s][0]
    )
    lots = sum(
        _new_lots(before.get(s, (None, []))[1], new_lots) for s, (_, new_lots) in after.items()
    )
    return AccountChanges(
        added=added,
        changed=changed,
        removed=removed,
        lots_added=lots,
        cash_before=cash_before,
        cash_after=account.cash,
    )


def _holdings(record: Mapping[str, Any] | None) -> dict[str, tuple[Decimal | None, list[Any]]]:
    """Symbol -> (shares, lots) of a plain account record."""
    out: dict[str, tuple[Decimal | None, list[Any]]] = {}
    for h in (record or {}).get("holdings") or ():
        if not isinstance(h, dict):
            continue
        lots = [lot for lot in h.get("lots") or () if isinstance(lot, dict)]
        out[str(h.get("symbol", "")).upper()] = (shares(h), lots)
    return out


def _new_lots(old: Sequence[Any], new: Sequence[Any]) -> int:
    used: set[int] = set()
    count = 0
    for lot in new:
        match = next((i for i, o in enumerate(old) if i not in used and same_lot(o, lot)), None)
        if match is None:
            count += 1
        else:
            used.add(match)
    return count
