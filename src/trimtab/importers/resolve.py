"""Put the extracts of one import together into household data (docs/importers.md).

* Positions become holdings, quantities exactly as exported; cash and sweep lines the account's
  ``cash``; the positions' prices go to ``prices``; the latest export date becomes ``as_of``.
* Lot files become lots (``acquired``, ``quantity``, total ``cost``). Their quantities must add
  up to the position's, and a lot file needs the position in a positions export of the same
  import: otherwise a Problem naming both files.
* A lot the household file already has (same acquired date, quantity and cost) is kept as
  written, so its ``id``, ``origin`` and gift fields survive and lot ids stay stable; a
  position without a lot file whose share count the file's holding already has keeps the
  file's holding (the lots typed by hand); otherwise a taxable position without lots gets
  ``basis: unknown`` and a warning, never an invented acquisition date.
* History buys and sells dated within :data:`HISTORY_DAYS` days before ``as_of`` (or later)
  become ``transactions`` of the accounts the history covers. History rows that are not
  imported (:class:`~trimtab.importers.records.SkippedRow`) are counted per account with why;
  what checking them found is reported only for rows inside the window, so a malformed row
  years old never blocks a file.
* An export that states no position list for an account (``holdings`` None) leaves the
  account's holdings as the file has them, with a ``positions_not_stated`` warning; only a
  position list that lists nothing empties an account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from trimtab.errors import Problem
from trimtab.importers.accounts import Identity, Resolver, same_number
from trimtab.importers.formats.common import problem, warning
from trimtab.importers.plain import agrees, decimal_or_none, same
from trimtab.importers.records import (
    AccountRef,
    ExportAccount,
    ExportHolding,
    ExportLot,
    ExportLots,
    Extract,
)
from trimtab.load.document import LotDoc
from trimtab.model.enums import AccountType
from trimtab.source import Source

HISTORY_DAYS = 60
"""History rows older than this many days before ``as_of`` are left out: twice the 30-day
wash-sale window, so a plan made a few weeks after the export still sees every purchase."""

Plain = dict[str, Any]

LOT_FIELDS = frozenset(LotDoc.model_fields)
"""The fields a lot of the household file takes: a custodian's ``wash_adjustment`` and
``holding_start`` are written only once the household format has them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedAccount:
    """An account as the import leaves it.

    identity: which household account, its type and where the type came from.
    cash: the new cash (None: no positions export showed this account).
    holdings: the new holdings as plain household data (None: not replaced).
    export_name: the account's name in the export ('' when none).
    """

    identity: Identity
    cash: Decimal | None
    holdings: tuple[Plain, ...] | None
    export_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Imported:
    """What the import puts into the household file.

    as_of: the new ``as_of`` (None: keep the file's).
    accounts: every account an export named.
    prices: symbol -> price for the imported symbols.
    transactions: the whole new ``transactions`` list (rows the file has and keeps are its own
        objects); None when no history export was imported.
    history: ids of the accounts whose transactions are replaced.
    problems: what was found while putting it together.
    skipped: (account id, why, how many rows) of the export rows not imported; the account id
        is '' for rows of an account the import could not name.
    """

    as_of: dt.date | None
    accounts: tuple[ImportedAccount, ...]
    prices: tuple[tuple[str, Decimal], ...]
    transactions: tuple[Plain, ...] | None
    history: tuple[str, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FileFacts:
    """What the household file already says that the import needs.

    accounts: its ``accounts`` as plain data.
    transactions: its ``transactions`` as plain data.
    as_of: its ``as_of`` (None when missing or not a date).
    prices: symbols it already prices.
    known: symbols of the securities master and of its ``securities`` section.
    """

    accounts: tuple[Any, ...]
    transactions: tuple[Any, ...]
    as_of: dt.date | None
    prices: frozenset[str]
    known: frozenset[str]


def combine(extracts: Sequence[Extract], facts: FileFacts, resolver: Resolver) -> Imported:
    """The household data of one import (and its problems)."""
    problems: list[Problem] = []
    as_of = _as_of(extracts, problems)
    identities = _identities(extracts, resolver, problems)
    lots = _lot_files(extracts, problems)
    accounts = _accounts(extracts, identities, lots, facts, problems)
    accounts = _orphan_lots(extracts, lots, accounts, _FileLots(facts, resolver), problems)
    reference = as_of or facts.as_of
    history = _history(extracts, identities)
    rows = _transactions(extracts, identities, reference, problems)
    problems.extend(_unknown_traded(extracts, rows, facts))
    merged = merge_transactions(facts.transactions, rows, history) if history else None
    skipped = _skipped(extracts, identities, reference, problems)
    return Imported(
        as_of=as_of,
        accounts=accounts,
        prices=_prices(extracts),
        transactions=merged,
        history=history,
        problems=tuple(problems),
        skipped=skipped,
    )


def _as_of(extracts: Sequence[Extract], problems: list[Problem]) -> dt.date | None:
    """The latest positions date; a warning when exports are of different dates."""
    dated = [
        e
        for e in extracts
        if e.as_of is not None and any(a.holdings is not None for a in e.accounts)
    ]
    if not dated:
        return None
    latest = max(dated, key=lambda e: e.as_of or dt.date.min)
    for e in extracts:
        if e.as_of is not None and e.as_of != latest.as_of and e.as_of_source is not None:
            problems.append(
                warning(
                    e.as_of_source,
                    "export_dates_differ",
                    f"this export is of {e.as_of}, {latest.file} of {latest.as_of}; "
                    f"as_of is {latest.as_of}",
                    "exports of one day",
                )
            )
    return latest.as_of


def _refs(extracts: Sequence[Extract]) -> list[AccountRef]:
    """Every account the exports name: positions first (they carry names), then history."""
    refs = [a.account for e in extracts for a in e.accounts]
    refs += [r for e in extracts for r in e.covered]
    return refs


def _identities(
    extracts: Sequence[Extract], resolver: Resolver, problems: list[Problem]
) -> dict[str, Identity | None]:
    """Export account number -> identity (None when it could not be resolved)."""
    out: dict[str, Identity | None] = {}
    for ref in _refs(extracts):
        if ref.number in out:
            continue
        known = next((k for k in out if same_number(k, ref.number)), None)
        if known is not None:
            out[ref.number] = out[known]
            continue
        taken = frozenset(str(a.get("id")) for a in resolver.accounts) | {
            i.id for i in out.values() if i is not None
        }
        identity, found = resolver.resolve(ref, taken)
        problems.extend(found)
        out[ref.number] = identity
    return out


def _lot_files(extracts: Sequence[Extract], problems: list[Problem]) -> list[ExportLots]:
    """The lot files; a second file for the same account and symbol is a Problem."""
    out: list[ExportLots] = []
    for e in extracts:
        for lots in e.lots:
            twin = next((o for o in out if _same_lots(o, lots)), None)
            if twin is None:
                out.append(lots)
                continue
            if lots.derived or twin.derived:  # a lot export wins over lots worked out from buys
                out[out.index(twin)] = twin if lots.derived else lots
                continue
            problems.append(
                problem(
                    lots.account.source,
                    "duplicate_lot_file",
                    f"a second lot file for {lots.symbol} in {lots.account.number}; the first is "
                    f"{twin.account.source.file}",
                    "one lot file per symbol and account",
                )
            )
    return out


def _same_lots(a: ExportLots, b: ExportLots) -> bool:
    return a.symbol == b.symbol and same_number(a.account.number, b.account.number)


def _accounts(
    extracts: Sequence[Extract],
    identities: Mapping[str, Identity | None],
    lots: list[ExportLots],
    facts: FileFacts,
    problems: list[Problem],
) -> tuple[ImportedAccount, ...]:
    out: dict[str, ImportedAccount] = {}
    stated = {
        identity.id
        for a in (a for e in extracts for a in e.accounts)
        if a.holdings is not None and (identity := identities.get(a.account.number)) is not None
    }
    for positions in (a for e in extracts for a in e.accounts):
        identity = identities.get(positions.account.number)
        if identity is None:
            continue
        if positions.holdings is None:  # another export may state them; else they stay
            if identity.id not in stated:
                problems.append(_not_stated(positions, identity))
                out.setdefault(
                    identity.id,
                    ImportedAccount(
                        identity=identity,
                        cash=positions.cash,
                        holdings=None,
                        export_name=positions.account.name,
                    ),
                )
            continue
        if identity.id in out and out[identity.id].holdings is not None:
            problems.append(_twice(positions, identity))
            continue
        old = _old_account(facts, identity)
        holdings = _holdings(positions, identity, old, lots, facts, problems)
        out[identity.id] = ImportedAccount(
            identity=identity,
            cash=positions.cash,
            holdings=holdings,
            export_name=positions.account.name,
        )
    for ref in (r for e in extracts for r in e.covered):
        identity = identities.get(ref.number)
        if identity is not None and identity.id not in out:
            out[identity.id] = ImportedAccount(
                identity=identity, cash=None, holdings=None, export_name=ref.name
            )
    return tuple(out.values())


def _not_stated(positions: ExportAccount, identity: Identity) -> Problem:
    return warning(
        positions.account.source,
        "positions_not_stated",
        f"the export states no position list for account {identity.id} "
        f"({positions.account.number}): its holdings are left as the household file has them"
        + ("" if positions.cash is not None else ", and so is its cash")
        + "; its transactions still merge",
        "a positions download (OFX with INVPOSLIST, a Flex query with Open Positions) to "
        "update the holdings",
    )


def _twice(positions: ExportAccount, identity: Identity) -> Problem:
    return problem(
        positions.account.source,
        "duplicate_account",
        f"account {identity.id} ({positions.account.number}) is in two positions exports",
        "each account in one positions export of the import",
    )


def _old_account(facts: FileFacts, identity: Identity) -> Mapping[str, Any]:
    if identity.index is None:
        return {}
    account = facts.accounts[identity.index]
    return account if isinstance(account, dict) else {}


def _holdings(
    positions: ExportAccount,
    identity: Identity,
    old: Mapping[str, Any],
    lots: list[ExportLots],
    facts: FileFacts,
    problems: list[Problem],
) -> tuple[Plain, ...]:
    olds = [h for h in old.get("holdings") or () if isinstance(h, dict)]
    out: list[Plain] = []
    for h in positions.holdings or ():
        before = next((o for o in olds if str(o.get("symbol", "")).upper() == h.symbol), None)
        lot_file = _lots_for(lots, positions.account, h.symbol)
        out.append(_holding(h, identity, before, lot_file, problems))
        problems.extend(_symbol_checks(h, facts))
    return tuple(out)


def _lots_for(lots: list[ExportLots], account: AccountRef, symbol: str) -> ExportLots | None:
    return next(
        (f for f in lots if f.symbol == symbol and same_number(f.account.number, account.number)),
        None,
    )


def _holding(
    h: ExportHolding,
    identity: Identity,
    before: Plain | None,
    lot_file: ExportLots | None,
    problems: list[Problem],
) -> Plain:
    """The new holding; the file's own object when it already says the same."""
    new = _new_holding(h, identity, before, lot_file, problems)
    return before if before is not None and same(before, new) else new


def _new_holding(
    h: ExportHolding,
    identity: Identity,
    before: Plain | None,
    lot_file: ExportLots | None,
    problems: list[Problem],
) -> Plain:
    if lot_file is not None and _lots_add_up(h, lot_file, problems):
        return {"symbol": h.symbol, "lots": merge_lots(before, lot_file)}
    if before is not None and shares(before) == h.quantity:
        if identity.type is AccountType.TAXABLE and not before.get("lots"):
            problems.append(_basis_unknown(h, identity, None))
        return before
    if identity.type is not AccountType.TAXABLE:
        return {"symbol": h.symbol, "quantity": h.quantity}
    problems.append(_basis_unknown(h, identity, before))
    return {"symbol": h.symbol, "basis": "unknown", "quantity": h.quantity}


def shares(holding: Mapping[str, Any]) -> Decimal | None:
    """The shares of a plain holding: its lots added up, else its quantity (None if unreadable)."""
    lots = holding.get("lots")
    if not isinstance(lots, list) or not lots:
        return decimal_or_none(holding.get("quantity"))
    amounts = [
        decimal_or_none(lot.get("quantity")) if isinstance(lot, dict) else None for lot in lots
    ]
    if any(a is None for a in amounts):
        return None
    return sum((a for a in amounts if a is not None), Decimal(0))


def _lots_add_up(h: ExportHolding, lot_file: ExportLots, problems: list[Problem]) -> bool:
    total = sum((lot.quantity for lot in lot_file.lots), Decimal(0))
    if total == h.quantity:
        return True
    problems.append(
        problem(
            lot_file.account.source,
            "lots_quantity_mismatch",
            f"the lots of {h.symbol} add up to {total} shares, but the position in "
            f"{h.source.file}:{h.source.line} holds {h.quantity}",
            f"lots adding up to {h.quantity}: a lot file and a positions export of the same day",
        )
    )
    return False


def merge_lots(before: Plain | None, lot_file: ExportLots) -> list[Plain]:
    """The export's lots; one the file already has (acquired, quantity, cost) stays as written.

    Kept lots come first, in the file's order; the others follow by acquired date, in export
    order within a day: so a second import of the same files changes nothing.
    """
    olds = [lot for lot in (before or {}).get("lots") or () if isinstance(lot, dict)]
    kept: list[tuple[int, Plain]] = []
    new: list[Plain] = []
    used: set[int] = set()
    for lot in lot_file.lots:
        fresh = lot_record(lot)
        match = next((i for i, o in enumerate(olds) if i not in used and same_lot(o, fresh)), None)
        if match is None:
            new.append(fresh)
        else:
            used.add(match)
            kept.append((match, olds[match]))
    kept.sort(key=lambda pair: pair[0])
    new.sort(key=lambda lot: lot["acquired"])
    return [lot for _, lot in kept] + new


def lot_record(lot: ExportLot) -> Plain:
    """A lot as plain household data; the custodian's wash-sale fields when it gives them and
    the household file takes them (:data:`LOT_FIELDS`)."""
    record: Plain = {"acquired": lot.acquired, "quantity": lot.quantity, "cost": lot.cost}
    if lot.wash_adjustment is not None and "wash_adjustment" in LOT_FIELDS:
        record["wash_adjustment"] = lot.wash_adjustment
    if lot.holding_start is not None and "holding_start" in LOT_FIELDS:
        record["holding_start"] = lot.holding_start
    return record


def same_lot(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Same acquired date, quantity and cost (the file's lot may say more: id, origin…)."""
    return agrees(old, new)


def _basis_unknown(h: ExportHolding, identity: Identity, before: Plain | None) -> Problem:
    note = ""
    if before is not None and before.get("lots"):
        note = f"; the file's lots ({shares(before)} shares) no longer add up and were replaced"
    return warning(
        h.source,
        "basis_unknown",
        f"{h.symbol} in taxable account {identity.id} is imported without lots (the export has "
        f"none){note}: tax-aware selling of it is blocked until its lots are given",
        "a lot-details export of the position, or lots typed into the household file",
    )


def _symbol_checks(h: ExportHolding, facts: FileFacts) -> tuple[Problem, ...]:
    out: list[Problem] = []
    if h.symbol not in facts.known:
        out.append(
            warning(
                h.source,
                "unknown_symbol",
                f"{h.symbol} is not in the securities master: classify it with "
                f"`securities: {{{h.symbol}: {{asset_class: …}}}}` before planning",
                "a symbol of the securities master (`trimtab securities`)",
            )
        )
    if h.price is None and h.symbol not in facts.prices:
        out.append(
            warning(
                h.source,
                "missing_price",
                f"the export gives no price for {h.symbol}: add it to `prices`",
                f"`prices: {{{h.symbol}: …}}`",
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _FileLots:
    """The household file, for lot files whose account no positions export of the import
    states: their lots go onto the file's holding when its shares are theirs."""

    facts: FileFacts
    resolver: Resolver

    def account(self, ref: AccountRef) -> Identity | None:
        """The household file's account of a lot file (None: not in the file)."""
        identity, _ = self.resolver.resolve(ref, frozenset())
        return identity if identity is not None and identity.index is not None else None


def _orphan_lots(
    extracts: Sequence[Extract],
    lots: list[ExportLots],
    accounts: tuple[ImportedAccount, ...],
    file: _FileLots,
    problems: list[Problem],
) -> tuple[ImportedAccount, ...]:
    """Lot files whose position is in no positions export of the import: onto the household
    file's holding of the same shares when no export of the import states the account's
    positions; otherwise a Problem."""
    positions = [a for e in extracts for a in e.accounts]
    files = sorted({e.file for e in extracts if e.accounts})
    out = {a.identity.id: a for a in accounts}
    for lot_file in lots:
        mine = [a for a in positions if same_number(a.account.number, lot_file.account.number)]
        if any(h.symbol == lot_file.symbol for a in mine for h in a.holdings or ()):
            continue
        identity = file.account(lot_file.account)
        now = out.get(identity.id) if identity is not None else None
        if identity is not None and (now is None or now.holdings is None):
            base = now.holdings if now is not None and now.holdings is not None else None
            holdings = _onto_file(file.facts, identity, base, lot_file)
            if holdings is not None:
                out[identity.id] = ImportedAccount(
                    identity=identity,
                    cash=None if now is None else now.cash,
                    holdings=holdings,
                    export_name="" if now is None else now.export_name,
                )
                continue
        where = ", ".join(files) if files else "no positions export was given"
        problems.append(
            problem(
                lot_file.account.source,
                "lots_without_position",
                f"no position of {lot_file.symbol} in account {lot_file.account.number} "
                f"among the positions exports ({where}), nor a holding of "
                f"{_total(lot_file)} shares of it in the household file",
                "the account's positions export in the same import",
            )
        )
    return tuple(out.values())


def _total(lot_file: ExportLots) -> Decimal:
    return sum((lot.quantity for lot in lot_file.lots), Decimal(0))


def _onto_file(
    facts: FileFacts,
    identity: Identity,
    base: tuple[Plain, ...] | None,
    lot_file: ExportLots,
) -> tuple[Plain, ...] | None:
    """The account's holdings with the lot file's lots on its holding of the same shares
    (None: the file has no such holding)."""
    olds = (
        list(base)
        if base is not None
        else [h for h in _old_account(facts, identity).get("holdings") or () if isinstance(h, dict)]
    )
    at = next(
        (
            i
            for i, h in enumerate(olds)
            if str(h.get("symbol", "")).upper() == lot_file.symbol and shares(h) == _total(lot_file)
        ),
        None,
    )
    if at is None:
        return None
    before = olds[at]
    new: Plain = {"symbol": lot_file.symbol, "lots": merge_lots(before, lot_file)}
    olds[at] = before if same(before, new) else new
    return tuple(olds)


def _prices(extracts: Sequence[Extract]) -> tuple[tuple[str, Decimal], ...]:
    """Symbol -> price, from the latest positions export that prices it."""
    ordered = sorted(
        (e for e in extracts if e.accounts),
        key=lambda e: e.as_of or dt.date.min,
        reverse=True,
    )
    out: dict[str, Decimal] = {}
    for e in ordered:
        for h in (h for a in e.accounts for h in a.holdings or ()):
            if h.price is not None:
                out.setdefault(h.symbol, h.price)
    return tuple(sorted(out.items()))


def _unknown_traded(
    extracts: Sequence[Extract], rows: Sequence[Plain], facts: FileFacts
) -> tuple[Problem, ...]:
    """One ``unknown_symbol`` warning per imported history symbol the securities master and
    the file's ``securities`` do not know (a held one is warned of at its position already),
    placed at its first trade row: ``trimtab validate`` rejects the file until it is added."""
    held = {h.symbol for e in extracts for a in e.accounts for h in a.holdings or ()}
    symbols = {str(r["symbol"]) for r in rows} - held - facts.known
    out: dict[str, Problem] = {}
    for t in (t for e in extracts for t in e.trades if t.symbol in symbols):
        out.setdefault(
            t.symbol,
            warning(
                t.source,
                "unknown_symbol",
                f"{t.symbol} is not in the securities master: classify it with "
                f"`securities: {{{t.symbol}: {{asset_class: …}}}}` (`trimtab validate` "
                "rejects the household file until then)",
                "a symbol of the securities master (`trimtab securities`)",
            ),
        )
    return tuple(out.values())


def _history(
    extracts: Sequence[Extract], identities: Mapping[str, Identity | None]
) -> tuple[str, ...]:
    ids = [identities.get(r.number) for e in extracts for r in e.covered]
    return tuple(dict.fromkeys(i.id for i in ids if i is not None))


def _transactions(
    extracts: Sequence[Extract],
    identities: Mapping[str, Identity | None],
    reference: dt.date | None,
    problems: list[Problem],
) -> tuple[Plain, ...]:
    rows: list[tuple[dt.date, Source, Plain]] = []
    for e in extracts:
        kept = _recent(e, identities, reference, problems)
        rows.extend(kept)
    rows.sort(key=lambda r: (r[0], r[1].file, r[1].line))
    return tuple(row for _, _, row in rows)


def _recent(
    e: Extract,
    identities: Mapping[str, Identity | None],
    reference: dt.date | None,
    problems: list[Problem],
) -> Iterable[tuple[dt.date, Source, Plain]]:
    start = reference - dt.timedelta(days=HISTORY_DAYS) if reference is not None else None
    late = [t for t in e.trades if reference is not None and t.date > reference]
    if late:
        problems.append(
            warning(
                late[0].source,
                "trade_after_as_of",
                f"{len(late)} trade(s) of this export are after as_of {reference}: the holdings "
                "do not show them",
                "a positions export taken after the last trade",
            )
        )
    for t in e.trades:
        identity = identities.get(t.account.number)
        if identity is None or (start is not None and t.date < start):
            continue
        row: Plain = {
            "date": t.date,
            "account": identity.id,
            "action": t.action.value,
            "symbol": t.symbol,
            "quantity": t.quantity,
            "price": t.price,
        }
        yield t.date, t.source, row


def _skipped(
    extracts: Sequence[Extract],
    identities: Mapping[str, Identity | None],
    reference: dt.date | None,
    problems: list[Problem],
) -> tuple[tuple[str, str, int], ...]:
    """(account id, why, rows) of the rows not imported; the problems of rows in the window."""
    start = reference - dt.timedelta(days=HISTORY_DAYS) if reference is not None else None
    early = f"dated before the history window ({HISTORY_DAYS} days before as_of {reference})"
    counts: dict[tuple[str, str], int] = {}

    def count(account: AccountRef | None, why: str) -> None:
        identity = identities.get(account.number) if account is not None else None
        key = (identity.id if identity is not None else "", why)
        counts[key] = counts.get(key, 0) + 1

    for e in extracts:
        for row in e.skipped:
            if start is not None and row.date is not None and row.date < start:
                count(row.account, early)
                continue
            problems.extend(row.problems)
            count(row.account, row.reason)
        for t in e.trades:
            if start is not None and t.date < start:
                count(t.account, early)
    return tuple((a, why, n) for (a, why), n in counts.items())


def merge_transactions(
    old: Sequence[Any], rows: Sequence[Plain], history: Sequence[str]
) -> tuple[Plain, ...]:
    """The new ``transactions`` list: the file's rows of other accounts as they are; of the
    history accounts, the file's rows the export also lists (kept with what was added by hand,
    such as a sell's ``cost`` and ``acquired``), then the export's other rows."""
    fresh = list(rows)
    out: list[Plain] = []
    for row in old:
        if not isinstance(row, dict) or str(row.get("account")) not in history:
            out.append(row)
            continue
        match = next((i for i, new in enumerate(fresh) if agrees(row, new)), None)
        if match is not None:
            out.append(row)
            del fresh[match]
    return (*out, *fresh)
