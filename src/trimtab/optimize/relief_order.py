"""Accounts with a relief method: their lots as sell units, in the order the method sells them.

Rule. A sale from a taxable account whose `relief_method` is fifo, lifo, hifo, min_tax or
average names no lots: the custodian takes them by the method (Reg. §1.1012-1; the order is
:mod:`trimtab.tax.relief`'s, the one authority on it, and the tax engine applies the same
method to the plan's trade). So the model has one sell unit per lot there, as in a spec-ID
account, each with its own gain, term, deferral and harvest value, and the shares it sells of a
holding are a *prefix* of the method's order: every lot before the last one sold is sold whole.

- The order is :func:`trimtab.tax.relief.relieve` of the whole holding on `as_of` at the price
  less the half-spread (min_tax ranks lots by the gain they realize at that price).
- `average` (single category) is for mutual funds only, as the tax engine applies it
  (:func:`trimtab.tax.realize.relief_method_for`); elsewhere fifo. Its units carry the average
  basis (every lot's gain is price − total cost / total shares) and the terms of the deemed
  lots, the first acquired first.
- A lot that may not be sold (a short-term gain under `no_short_term_gains`, a loss lot a
  wash-sale window holds back, a gain in `location` mode, a lot not worth harvesting in
  `harvest` mode) stops the prefix: nothing after it may be sold (:func:`in_method_order`).
  Shares forced by an order or a setting are taken in the method's order as well.
- The model links each two lots next in the order (:mod:`.relief_rows`); :func:`fill_in_order`
  splits a holding's decoded shares over its lots in the order.

Worked example (tests/optimize/test_plan_relief_method.py). A LIFO account holds IVV bought
2020-03-02 (A: 100 at $200) and 2026-10-01 (B: 20 at $480); IVV is $500 on 2026-11-24. LIFO
sells B first: a short-term gain of $20 a share, then A at $300 a share long-term. With
`no_short_term_gains` lot B may not be sold, so nothing of that IVV may be (A comes after B):
the plan sells elsewhere, or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from types import MappingProxyType

from trimtab.analysis.state import HoldingState, LotState
from trimtab.model.enums import ReliefMethod, SecurityType
from trimtab.model.household import Account, Household
from trimtab.money import ZERO
from trimtab.optimize.units import SellUnit
from trimtab.tax.held import adjusted_household_lots
from trimtab.tax.lots import OpenLot
from trimtab.tax.memo import per_household
from trimtab.tax.relief import SaleRequest, relieve

Position = tuple[str, str]  # (account, symbol)


def model_method(household: Household, account: Account, symbol: str) -> ReliefMethod | None:
    """The method that relieves a sale of ``symbol`` in ``account`` naming no lots, or None
    where the optimizer picks the lots (no method, or `specific_id`): `average` outside mutual
    funds is fifo, as the tax engine applies it."""
    method = account.relief_method
    if method is None or method is ReliefMethod.SPECIFIC_ID:
        return None
    if method is ReliefMethod.AVERAGE:
        security = household.security(symbol)
        if security is None or security.type is not SecurityType.MUTUAL_FUND:
            return ReliefMethod.FIFO
    return method


@per_household
def _open_lots(household: Household) -> Mapping[Position, tuple[OpenLot, ...]]:
    """The open lots of every position (wash-adjusted, as the tax engine sells them)."""
    found: defaultdict[Position, list[OpenLot]] = defaultdict(list)
    for lot in adjusted_household_lots(household):
        found[(lot.account, lot.symbol)].append(lot)
    return MappingProxyType({key: tuple(lots) for key, lots in found.items()})


def relieved_lots(
    household: Household, account: Account, hs: HoldingState, selling: Decimal
) -> tuple[LotState, ...] | None:
    """The holding's lots in the order its account's relief method sells them (`average`: each
    restated at the average basis), or None where the optimizer picks the lots, or the lots do
    not cover the holding (then it is one averaged unit, as before).

    ``selling``: the half-spread a share pays, so that min_tax ranks lots by the gain they
    realize at the price less it."""
    method = model_method(household, account, hs.symbol)
    lots = _open_lots(household).get((account.id, hs.symbol), ())
    by_id = {x.lot_id: x for x in hs.lots}
    total = sum((lot.quantity for lot in lots), ZERO)
    if method is None or not lots or total != hs.quantity or set(by_id) != {x.lot_id for x in lots}:
        return None
    request = SaleRequest(
        quantity=total, proceeds=total * (hs.price - selling), sold=household.as_of
    )
    picks = relieve(method, lots, request).picks
    if method is not ReliefMethod.AVERAGE:
        return tuple(by_id[pick.lot.lot_id] for pick in picks)
    return tuple(
        replace(
            by_id[pick.lot.lot_id],
            cost=pick.lot.cost,
            unrealized_gain=by_id[pick.lot.lot_id].market_value - pick.lot.cost,
        )
        for pick in picks
    )


def relief_groups(units: Sequence[SellUnit]) -> dict[Position, list[int]]:
    """The unit indices of each relief-method holding, in the method's order."""
    groups: defaultdict[Position, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if u.relief_order >= 0:
            groups[(u.account, u.symbol)].append(i)
    for members in groups.values():
        members.sort(key=lambda i: units[i].relief_order)
    return groups


def _room(u: SellUnit) -> Decimal:
    return max(u.quantity, u.forced)


def in_method_order(units: tuple[SellUnit, ...]) -> tuple[SellUnit, ...]:
    """The units with each relief-method holding's forced shares taken in the method's order
    (an order naming lots, `sell_excluded`, `liquidate_untargeted`: the method decides which
    lots go) and nothing sellable after a lot that may not be sold whole."""
    groups = relief_groups(units)
    if not groups:
        return units
    out = list(units)
    for members in groups.values():
        forced = sum((units[i].forced for i in members), ZERO)
        stopped = False
        for i in members:
            u = units[i]
            room = _room(u) if not stopped else ZERO
            take = min(forced, room)
            forced -= take
            if take != u.forced or room < u.quantity:  # most lots stay as they are
                out[i] = replace(u, forced=take, quantity=min(u.quantity, room))
            stopped = stopped or room < u.held
    return tuple(out)


def chains(units: Sequence[SellUnit]) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """The pairs of units next to each other in their holding's relief order that may both be
    sold (each needs a prefix column), and the units that may never be sold because an earlier
    lot of the order is missing or may not be sold whole (their shares are held at 0).

    A holding's chain runs from its first lot in the order while each lot may be sold whole;
    it ends at the first that may not (that one may still be sold in part). Example: FIFO lots
    A (100 shares, sellable), B (50, a loss lot a wash window holds back), C (40): no pair,
    A alone may be sold; C is blocked (in the model's inputs C has no room already,
    :func:`in_method_order`; in the rounding model's, where an unsold lot may be missing, it
    is held at 0 here)."""
    pairs: list[tuple[int, int]] = []
    blocked: list[int] = []
    for members in relief_groups(units).values():
        chain: list[int] = []
        expected = units[members[0]].relief_order if members else 0
        ended = expected != 0
        for i in members:
            u = units[i]
            if ended or u.relief_order != expected:
                ended = True
                if _room(u) > 0:
                    blocked.append(i)
                continue
            expected += 1
            if _room(u) <= 0:
                ended = True
                continue
            chain.append(i)
            ended = _room(u) < u.held
        pairs += pairwise(chain)
    return tuple(pairs), tuple(blocked)


def fill_in_order(sells: Iterable[tuple[SellUnit, Decimal]]) -> list[tuple[SellUnit, Decimal]]:
    """Each relief-method holding's decoded shares re-split over its lots in the method's
    order (whole lots first, one lot in part), as the tax engine will relieve the trade; up to
    what the prefix may sell (a lot that may not be sold whole ends it)."""
    out = list(sells)
    groups = relief_groups([u for u, _ in out])
    for members in groups.values():
        total = sum((out[i][1] for i in members), ZERO)
        stopped = False
        for i in members:
            u = out[i][0]
            room = ZERO if stopped else _room(u)
            take = min(total, room)
            total -= take
            out[i] = (u, take)
            stopped = stopped or room < u.held
    return out


def with_relief_method(household: Household, method: ReliefMethod | None) -> Household:
    """The household with every taxable account's relief method set to ``method`` (a run's
    `--relief-method`; None: as it is)."""
    if method is None:
        return household
    accounts = tuple(replace(a, relief_method=method) if a.taxed else a for a in household.accounts)
    return replace(household, accounts=accounts)
