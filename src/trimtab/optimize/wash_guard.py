"""Plans that never wash a loss (IRC §1091; the household-wide rule of docs/wash-sales.md).

Three sub-rules, each applied before the model is built or as a small MILP exclusivity:

1. **No unpriced loss sale into a window.** A lot of a taxable account of the return at a loss,
   with a purchase of a substantially identical security within 30 days before or after
   `as_of` anywhere in scope (held lots, recent `transactions`, recurring purchases on their
   schedule, undated dividend reinvestment assumed inside), except the very lot sold (Rev. Rul.
   56-602), is priced as a partial wash (:mod:`.partial_wash`: only as many of its shares as
   the group has replacement shares left are washed; the model sells it when that is cheaper)
   or, where that cannot be priced, not sold (a pool of unknown size; a pool holding a lot a
   recent loss sale split into parts that the model may sell, :func:`_split_replacements_sold`).
   Example: IVV lot L6 at a $757 loss while the 401(k) buys FXAIX (the same index) every 14
   days: 15.34 of its 20 shares would be washed.
2. **No buy after a recent loss sale.** A group sold at a loss in the last 30 days is not bought
   in any account in scope (no VNQ until 30 days after its loss sale).
3. **No buy and loss sale of one group in one plan.** For a group with both loss units and buy
   candidates, a binary y_G chooses one side: s_u ≤ q_u·y_G for its loss units and
   b_j ≤ M_j·(1 − y_G) for its buys. A group an order sells at a loss is not bought at all.

Orders are exempt: the client insists, the plan sells exactly the ordered shares (no more into
a window) and shows the wash they cause.

The window's purchases are listed once per plan and indexed by substantially-identical group,
so each loss unit looks at its own group's purchases only, not at every purchase.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import islice

from trimtab.errors import Problem, Severity
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.partial_wash import PartialWash, WashPool, may_price, split_priced, wash_pools
from trimtab.optimize.units import BuyCandidate, SellUnit
from trimtab.source import Source
from trimtab.tax.held import held_parts, part_purchases
from trimtab.tax.identity import Identity, household_identity
from trimtab.tax.wash.match import in_window
from trimtab.tax.wash.records import Acquisition, LossSale
from trimtab.tax.wash.scope import (
    acquisitions_in,
    sale_source,
    transaction_loss_sales,
)

WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True, slots=True, kw_only=True)
class WashGuard:
    """Units and buys with the wash rules applied, the exclusive groups, and what was held back."""

    units: tuple[SellUnit, ...]
    buys: tuple[BuyCandidate, ...]
    exclusive: tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...]
    notes: tuple[Problem, ...]
    partial: tuple[PartialWash, ...] = ()  # the groups priced as partial washes


def wash_guard(
    household: Household, units: tuple[SellUnit, ...], buys: tuple[BuyCandidate, ...]
) -> WashGuard:
    """Apply the three sub-rules of the module docstring."""
    identity = household_identity(household)
    units, notes, priced = _no_loss_sale_into_a_window(household, identity, units)
    units, partial = split_priced(household, identity, units, priced.indexes, priced.pools)
    buys, more = _no_buy_after_a_loss_sale(household, identity, buys)
    buys = _no_buy_against_an_ordered_loss(household, identity, units, buys)
    return WashGuard(
        units=units,
        buys=buys,
        exclusive=_exclusive(household, identity, units, buys),
        notes=notes + more,
        partial=partial,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Priced:
    """The loss units sold into a window that the model prices (indexes), and the pools."""

    indexes: tuple[int, ...]
    pools: Mapping[str, WashPool | None]


def _note(source: Source, message: str) -> Problem:
    return Problem(
        source=source,
        field="plan",
        kind="wash_guard",
        message=message,
        severity=Severity.WARNING,
    )


def _window_purchases(household: Household) -> tuple[Acquisition, ...]:
    span = (household.as_of - WINDOW, household.as_of + WINDOW)
    return tuple(
        a for a in acquisitions_in(household, (), span) if in_window(household.as_of, a.date)
    )


def _undated_groups(household: Household, identity: Identity) -> frozenset[str]:
    """The groups an undated dividend reinvestment in scope buys (assumed inside any window)."""
    return frozenset(
        identity.group_of(r.symbol)
        for r in household.recurring
        if r.dividend_reinvestment
        and r.next is None
        and (account := household.account(r.account)) is not None
        and account.of_this_return
    )


def _by_group(
    purchases: tuple[Acquisition, ...], identity: Identity
) -> dict[str, list[Acquisition]]:
    """The purchases of each substantially-identical group, in the order given: a loss unit
    looks at its own group's, not at every purchase."""
    groups: dict[str, list[Acquisition]] = {}
    for a in purchases:
        groups.setdefault(identity.group_of(a.symbol), []).append(a)
    return groups


def _no_loss_sale_into_a_window(
    household: Household, identity: Identity, units: tuple[SellUnit, ...]
) -> tuple[tuple[SellUnit, ...], tuple[Problem, ...], _Priced]:
    purchases = _by_group(_window_purchases(household), identity)
    undated = _undated_groups(household, identity)
    pools = _pools(household, identity, units, purchases, undated)
    source = Source(file=household.file)
    words: dict[tuple[int, ...], str] = {}  # the purchases named -> the words naming them
    sources: dict[tuple[str, str], dict[str, Source]] = {}  # the lots of a holding named
    bought = {  # the lots each group's purchases open, and its first three purchases
        group: (frozenset(a.lot_id for a in found if a.lot_id), found[:3])
        for group, found in purchases.items()
    }
    split = bool(held_parts(household))  # a recent loss sale split a held lot into parts
    out, notes, priced = [], [], []
    for u in units:
        if not u.loss or u.quantity == ZERO:
            out.append(u)
            continue
        group = identity.group_of(u.symbol)
        if group not in purchases and group not in undated:  # nothing of its group nearby
            out.append(u)
            continue
        own = _own_lots(household, u.lot_ids) if split else frozenset(u.lot_ids)
        lots, first = bought.get(group, (frozenset(), []))
        # none of the group's purchases opened the lots sold: the first three block
        blocking = first if own.isdisjoint(lots) else _blocking(purchases[group], own)
        if not blocking and group not in undated:
            out.append(u)
            continue
        pool = pools.get(group)
        if pool is not None and pool.quantity == ZERO:
            out.append(u)  # every replacement nearby has washed an earlier loss already
            continue
        if pool is not None and may_price(household, u, own, pool):
            priced.append(len(out))
            out.append(u)
            continue
        # an order's shares are sold as ordered (its wash is shown); no share more
        out.append(replace(u, quantity=u.forced, harvest_per_share=ZERO))
        if u.forced > 0:
            continue
        named = tuple(id(a) for a in blocking[:3])
        if named not in words:
            words[named] = _purchase_words(blocking[:3])
        notes.append(
            _note(
                _lot_source(household, u, sources) or source,
                f"{u.symbol} {'+'.join(u.lot_ids)} in {u.account} is at a loss "
                f"and not sold: a sale would be washed by {words[named]}",
            )
        )
    return tuple(out), tuple(notes), _Priced(indexes=tuple(priced), pools=pools)


def _pools(
    household: Household,
    identity: Identity,
    units: tuple[SellUnit, ...],
    purchases: Mapping[str, list[Acquisition]],
    undated: frozenset[str],
) -> dict[str, WashPool | None]:
    """The replacement pools (:func:`.partial_wash.wash_pools`) of the groups with a loss unit
    and a purchase in the window, unless an order sells one of the group's lots at a loss
    (the order's wash is shown as it is; the rest of the group is held back)."""
    ordered = {identity.group_of(u.symbol) for u in units if u.loss and u.forced > ZERO}
    nearby = set(purchases) | undated
    losing = [
        u
        for u in units
        if u.loss
        and u.quantity > ZERO
        and (group := identity.group_of(u.symbol)) in nearby
        and group not in ordered
    ]
    pools = wash_pools(household, identity, losing)
    split = _split_replacements_sold(household, units, pools)
    return {group: None if group in split else pool for group, pool in pools.items()}


def _split_replacements_sold(
    household: Household, units: tuple[SellUnit, ...], pools: Mapping[str, WashPool | None]
) -> frozenset[str]:
    """The groups whose pool holds a lot that a recent loss sale washed in part (its parts
    `R.tx0`, `R.rest`, its own sell units) and that the model may sell a part of. The plan's loss
    sales would wash into that lot and split it again, taking a part of its rest, and a trade
    naming `R.rest` (the unwashed rest the model priced) would find fewer shares there, at
    another basis: such a group is held back, as a pool of unknown size is."""
    parts = part_purchases(household) if held_parts(household) else {}
    if not parts:
        return frozenset()
    sold = {
        (u.account, parts[u.lot_ids[0]])
        for u in units
        if u.quantity > ZERO and u.lot_ids and u.lot_ids[0] in parts
    }
    return frozenset(
        group
        for group, pool in pools.items()
        if pool is not None
        and any((use.acquisition.account, use.acquisition.lot_id) in sold for use in pool.uses)
    )


def _lot_source(
    household: Household, u: SellUnit, seen: dict[tuple[str, str], dict[str, Source]]
) -> Source | None:
    """Where the first of the unit's lots stands in the household file (None: not found),
    looked up among its holding's lots (a note names few lots: no index of every lot, only
    of the holdings named, kept in ``seen``)."""
    found = seen.get((u.account, u.symbol))
    if found is None:
        account = household.account(u.account)
        holdings = account.holdings if account is not None else ()
        found = seen[(u.account, u.symbol)] = {
            lot.id: lot.source
            for holding in holdings
            if holding.symbol == u.symbol
            for lot in holding.lots
            if lot.source.line
        }
    return next((s for i in u.lot_ids if (s := found.get(i)) is not None), None)


def _own_lots(household: Household, lot_ids: tuple[str, ...]) -> frozenset[str]:
    """The lots a sale of ``lot_ids`` sells from: the lots themselves and, for a part of a lot
    a wash split (``R1.1``), the held lot it comes from (``R1``): a sale of one part is not
    washed by the purchase of its own lot."""
    if not held_parts(household):  # no recent loss sale split a held lot: no lot is a part
        return frozenset(lot_ids)
    parts = part_purchases(household)
    return frozenset(lot_ids) | {parts.get(i, i) for i in lot_ids}


def _blocking(found: list[Acquisition], own: frozenset[str]) -> list[Acquisition]:
    """The first three purchases that would wash a loss sale of the lots ``own`` (the note
    names three): its group's in the window but those lots themselves (Rev. Rul. 56-602)."""
    return list(islice((a for a in found if not (a.lot_id and a.lot_id in own)), 3))


def _purchase_words(named: list[Acquisition]) -> str:
    return (
        ", ".join(f"{a.symbol} {a.kind.value} {a.id} in {a.account} on {a.date}" for a in named)
        or "an undated dividend reinvestment"
    )


def _no_buy_after_a_loss_sale(
    household: Household, identity: Identity, buys: tuple[BuyCandidate, ...]
) -> tuple[tuple[BuyCandidate, ...], tuple[Problem, ...]]:
    recent: dict[str, LossSale] = {}  # group -> its first recent loss sale
    for sale in transaction_loss_sales(household):
        if sale.sold + WINDOW >= household.as_of:
            recent.setdefault(identity.group_of(sale.symbol), sale)
    if not recent:
        return buys, ()
    out: list[BuyCandidate] = []
    held_back: dict[str, LossSale] = {}
    for b in buys:
        account = household.account(b.account)
        hit = recent.get(identity.group_of(b.symbol))
        if hit is not None and b.forced == ZERO and account is not None and account.of_this_return:
            held_back[b.symbol] = hit
            continue
        out.append(b)
    notes = tuple(
        _note(
            sale_source(household, sale),
            f"{symbol} not bought: {sale.symbol} was sold at a loss on {sale.sold}; no "
            f"purchase of the group until {sale.sold + WINDOW}",
        )
        for symbol, sale in sorted(held_back.items())
    )
    return tuple(out), notes


def _exclusive(
    household: Household,
    identity: Identity,
    units: tuple[SellUnit, ...],
    buys: tuple[BuyCandidate, ...],
) -> tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...]:
    groups: dict[str, tuple[list[int], list[int]]] = {}
    for i, u in enumerate(units):
        if u.loss and u.quantity > ZERO and u.forced == ZERO:
            groups.setdefault(identity.group_of(u.symbol), ([], []))[0].append(i)
    if not groups:
        return ()
    for j, b in enumerate(buys):
        account = household.account(b.account)
        key = identity.group_of(b.symbol)
        if key in groups and b.forced == ZERO and account is not None and account.of_this_return:
            groups[key][1].append(j)
    return tuple((key, tuple(us), tuple(bs)) for key, (us, bs) in sorted(groups.items()) if bs)


def _no_buy_against_an_ordered_loss(
    household: Household,
    identity: Identity,
    units: tuple[SellUnit, ...],
    buys: tuple[BuyCandidate, ...],
) -> tuple[BuyCandidate, ...]:
    """A group an order sells at a loss is not bought (except by order) anywhere in scope."""
    ordered = {identity.group_of(u.symbol) for u in units if u.loss and u.forced > ZERO}
    if not ordered:
        return buys
    return tuple(
        b for b in buys if b.forced > 0 or not _in_scope_buy(household, identity, b, ordered)
    )


def _in_scope_buy(
    household: Household, identity: Identity, b: BuyCandidate, groups: set[str]
) -> bool:
    account = household.account(b.account)
    return identity.group_of(b.symbol) in groups and account is not None and account.of_this_return
