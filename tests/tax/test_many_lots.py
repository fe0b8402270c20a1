"""Indexes and memos give exactly what the scans they replace gave.

Households of many lots in substantially identical groups across accounts
(tests/helpers/many_lots.py) are where an index by group and date could differ from a scan of
every purchase: each test states the scan it stands in for, and compares the two to the digit
(reprs, not just values).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from helpers.many_lots import AS_OF, many_lots
from trimtab.analysis.location import TREATMENT, Treatment
from trimtab.analysis.state import AccountState, household_state
from trimtab.explain.location_moves import _pieces
from trimtab.model.enums import AccountType, AssetClass, TradeAction
from trimtab.model.household import Household
from trimtab.model.trade import Trade
from trimtab.money import ZERO
from trimtab.optimize.buys import buy_candidates
from trimtab.optimize.sells import sell_units
from trimtab.optimize.units import SellUnit
from trimtab.optimize.wash_guard import wash_guard
from trimtab.source import Source
from trimtab.tax import memo
from trimtab.tax.estimate import marginal_rates
from trimtab.tax.identity import Identity, household_identity
from trimtab.tax.lots import OpenLot
from trimtab.tax.realize import realize
from trimtab.tax.wash import LossSale, Wash, check_wash_sales
from trimtab.tax.wash import _undated_reinvestments as undated_reinvestments
from trimtab.tax.wash.adjust import adjust_lots, pending_adjustments
from trimtab.tax.wash.match import _wash_one, in_window, match_washes
from trimtab.tax.wash.records import Acquisition
from trimtab.tax.wash.scope import (
    acquisitions,
    acquisitions_in,
    transaction_loss_sales,
)
from trimtab.tax.whatif import what_if

SEEDS = (1, 2, 3)
WINDOW = dt.timedelta(days=30)


def _scanned_washes(
    sales: tuple[LossSale, ...], purchases: tuple[Acquisition, ...], identity: Identity
) -> tuple[Wash, ...]:
    """The matching as it was: every loss sale scans every purchase."""
    ordered = sorted(sales, key=lambda s: (s.sold, s.acquired or dt.date.min, s.id))
    available: dict[str, Decimal | None] = {a.id: a.quantity for a in purchases}
    return tuple(_wash_one(s, purchases, available, identity) for s in ordered)


def _loss_sales(household: Household, rng: random.Random) -> tuple[LossSale, ...]:
    """A loss sale of every lot of the return's taxable accounts, on days around `as_of`."""
    out = []
    for account in household.accounts:
        if account.type is not AccountType.TAXABLE or account.separate_taxpayer:
            continue
        for holding in account.holdings:
            for lot in holding.lots:
                sold = AS_OF + dt.timedelta(days=rng.randint(-20, 20))
                out.append(
                    LossSale(
                        id=f"T/{lot.id}",
                        trade="T",
                        account=account.id,
                        symbol=holding.symbol,
                        lot_id=lot.id,
                        acquired=lot.acquired,
                        holding_period_start=lot.acquired,
                        sold=sold,
                        quantity=lot.quantity / rng.choice((1, 2)),
                        loss=Decimal(rng.randint(1, 900)),
                    )
                )
    return tuple(out)


def _buys(household: Household, rng: random.Random) -> tuple[Trade, ...]:
    """Buys of every fund in every account on days around `as_of`."""
    return tuple(
        Trade(
            id=f"B{n}",
            date=AS_OF + dt.timedelta(days=rng.randint(0, 25)),
            account=account.id,
            action=TradeAction.BUY,
            symbol=holding.symbol,
            quantity=Decimal(rng.randint(1, 30)),
            price=Decimal(10),
        )
        for n, (account, holding) in enumerate(
            (a, h) for a in household.accounts for h in a.holdings
        )
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_matching_by_group_and_date_is_the_scan_of_every_purchase(seed: int) -> None:
    household = many_lots(seed)
    rng = random.Random(seed)
    identity = household_identity(household)
    sales = _loss_sales(household, rng)
    span = (AS_OF - 3 * WINDOW, AS_OF + 3 * WINDOW)
    purchases = (
        *acquisitions(household, _buys(household, rng), span),
        *undated_reinvestments(household, sales, identity),  # a tail out of date order
    )
    shuffled = list(purchases)
    rng.shuffle(shuffled)  # any order: the index keeps it
    washed = match_washes(sales, purchases, identity)
    assert sum(1 for w in washed if w.replacements) > 20
    assert repr(washed) == repr(_scanned_washes(sales, purchases, identity))
    assert repr(match_washes(sales, shuffled, identity)) == repr(
        _scanned_washes(sales, tuple(shuffled), identity)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_the_purchases_in_a_span_are_those_of_every_purchase_dated_in_it(seed: int) -> None:
    household = many_lots(seed)
    rng = random.Random(seed)
    trades = _buys(household, rng)
    for days in (0, 1, 30, 45, 400):
        start = AS_OF - dt.timedelta(days=days)
        end = AS_OF + dt.timedelta(days=days // 2)
        every = acquisitions(household, trades, (start, end))
        assert acquisitions_in(household, trades, (start, end)) == tuple(
            a for a in every if start <= a.date <= end
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_the_wash_check_is_the_scan_of_every_purchase(seed: int) -> None:
    household = many_lots(seed)
    rng = random.Random(seed)
    identity = household_identity(household)
    trades = _buys(household, rng)
    losses = _loss_sales(household, rng)
    sales = (*transaction_loss_sales(household), *losses)
    days = [s.sold for s in sales]
    span = (min(days) - WINDOW, max(days) + WINDOW)
    purchases = (
        *acquisitions(household, trades, span),
        *undated_reinvestments(household, sales, identity),
    )
    report = check_wash_sales(household, trades, losses)
    assert repr(report.washes) == repr(_scanned_washes(sales, purchases, identity))
    for wash in report.washes:
        assert report.for_sale(wash.sale.id) is next(
            w for w in report.washes if w.sale.id == wash.sale.id
        )


def test_the_wash_check_of_the_household_alone_is_figured_once() -> None:
    household = many_lots(4)
    assert check_wash_sales(household) is check_wash_sales(household, (), ())
    assert check_wash_sales(household) == check_wash_sales(dataclasses.replace(household))


def _scanned_guard_units(
    household: Household,
    identity: Identity,
    units: tuple[SellUnit, ...],
    priced: dict[tuple[str, str], bool],
) -> tuple[tuple[SellUnit, ...], tuple[str, ...]]:
    """Sub-rule 1 of the guard as a scan: every loss unit scans every window purchase; a unit
    so blocked is held back unless the guard priced it as a partial wash (``priced``: (account,
    lot) -> whether it keeps a clean part), which keeps it as it is (its clean part) or, when
    the pool covers the whole lot, leaves only its washed part (dropped here)."""
    span = (household.as_of - WINDOW, household.as_of + WINDOW)
    purchases = [a for a in acquisitions(household, (), span) if in_window(household.as_of, a.date)]
    undated = [
        r.symbol
        for r in household.recurring
        if r.dividend_reinvestment
        and r.next is None
        and (account := household.account(r.account)) is not None
        and account.of_this_return
    ]
    out, notes = [], []
    for u in units:
        if not u.loss or u.quantity == ZERO:
            out.append(u)
            continue
        blocking = [
            a
            for a in purchases
            if identity.identical(u.symbol, a.symbol) and not (a.lot_id and a.lot_id in u.lot_ids)
        ]
        if not blocking and not any(identity.identical(u.symbol, s) for s in undated):
            out.append(u)
            continue
        key = (u.account, u.lot_ids[0])
        if key in priced:
            if priced[key]:
                out.append(u)
            continue
        out.append(dataclasses.replace(u, quantity=u.forced, harvest_per_share=ZERO))
        if u.forced > 0:
            continue
        why = ", ".join(
            f"{a.symbol} {a.kind.value} {a.id} in {a.account} on {a.date}" for a in blocking[:3]
        )
        notes.append(
            f"{u.symbol} {'+'.join(u.lot_ids)} in {u.account} is at a loss and not sold: "
            f"a sale would be washed by {why or 'an undated dividend reinvestment'}"
        )
    return tuple(out), tuple(notes)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_guard_by_group_holds_back_what_the_scan_held_back(seed: int) -> None:
    household = many_lots(seed, lots_each=20)
    identity = household_identity(household)
    rates = marginal_rates(household)
    units = sell_units(household, household_state(household), rates.short, rates.long)
    guard = wash_guard(household, units, tuple(buy_candidates(household)))
    # Issue 20, item 2: a blocked loss lot whose group's replacement shares are all of known
    # size is priced as a partial wash instead of held back (optimize/partial_wash.py). Each
    # priced lot is split into a washed part (up to the pool's shares, no gain, no tax, no
    # harvest value) and, when the pool may run out within it, its clean part (the unit as it
    # was); every other blocked unit is held back exactly as the scan holds it back.
    lots = [lot for g in guard.partial for lot in g.lots]
    priced = {(lot.unit.account, lot.unit.lot_ids[0]): lot.clean >= 0 for lot in lots}
    assert lots, "the generated households have partial washes to price"
    original = {(u.account, u.lot_ids[0]): u for u in units if u.lot_ids}
    washed: set[int] = set()
    for g in guard.partial:
        for lot in g.lots:
            assert lot.unit == original[(lot.unit.account, lot.unit.lot_ids[0])]
            assert lot.unit.loss and lot.unit.forced == ZERO
            part = guard.units[lot.washed]
            assert part.quantity == min(lot.unit.quantity, g.pool.quantity)
            assert (part.gain_per_share, part.tax_per_share, part.harvest_per_share) == (
                ZERO,
                ZERO,
                ZERO,
            )
            if lot.clean >= 0:
                assert guard.units[lot.clean] == lot.unit
            washed.add(lot.washed)
    expected_units, expected_notes = _scanned_guard_units(household, identity, units, priced)
    held_back = [n for n in guard.notes if "is at a loss and not sold" in n.message]
    assert len(held_back) > 10
    kept = tuple(u for i, u in enumerate(guard.units) if i not in washed)
    assert repr(kept) == repr(expected_units)
    assert tuple(n.message for n in held_back) == expected_notes
    assert {n.source for n in guard.notes} == {Source(file=household.file)}


def test_a_lot_washed_by_nothing_is_kept_as_it_was_to_the_digit() -> None:
    def lot(quantity: str, cost: str) -> OpenLot:
        return OpenLot(
            account="a",
            symbol="VOO",
            lot_id=f"L{quantity}",
            acquired=AS_OF,
            holding_period_start=AS_OF,
            quantity=Decimal(quantity),
            cost=Decimal(cost),
        )

    kept, odd = lot("4", "10.50"), lot("1E+1", "2000.00")
    (a, b), pending = adjust_lots([kept, odd], [])
    assert pending == () and a.lot is kept
    # as before, the lot less no shares (0 shares, cost × 0 / 1E+1): 10 shares for 2000.000
    assert (str(b.lot.quantity), str(b.lot.cost)) == ("10", "2000.000")
    rest = dataclasses.replace(
        odd, quantity=odd.quantity - ZERO, cost=odd.cost - odd.cost * ZERO / odd.quantity
    )
    assert repr(b.lot) == repr(rest)


@pytest.mark.parametrize("seed", SEEDS)
def test_what_if_does_not_depend_on_what_was_figured_before(seed: int) -> None:
    household = many_lots(seed)
    rng = random.Random(seed)
    sells = []
    for account in household.accounts[:3]:
        for n, holding in enumerate(account.holdings):
            sells.append(
                Trade(
                    id=f"S-{account.id}-{n}",
                    date=AS_OF,
                    account=account.id,
                    action=TradeAction.SELL,
                    symbol=holding.symbol,
                    quantity=holding.quantity / 2,
                    price=Decimal(10),
                    lots=tuple(x.id for x in holding.lots) if account.id == "joint" else (),
                )
            )
    buys = _buys(household, rng)[:12]
    first = what_if(household, [*sells, *buys])
    other = what_if(household, buys[3:])
    again = what_if(household, [*sells, *buys])
    fresh = what_if(dataclasses.replace(household), [*sells, *buys])
    assert repr(other) != repr(first)
    assert repr((again, again.lots_after)) == repr((first, first.lots_after))
    assert repr((fresh, fresh.lots_after)) == repr((first, first.lots_after))
    assert (
        pending_adjustments(first.realization.lots_after, first.washes.washes)
        == (adjust_lots(first.realization.lots_after, first.washes.washes)[1])
    )
    assert (
        realize(household, sells).lots_after
        == realize(dataclasses.replace(household), sells).lots_after
    )


def test_a_household_is_figured_once_while_it_is_kept() -> None:
    calls: list[str] = []

    @memo.per_household
    def name(household: Household) -> str:
        calls.append(household.name)
        return household.name.upper()

    first = many_lots(5, lots_each=1)
    assert name(first) == name(first) == "MANY LOTS 5"
    assert calls == ["many lots 5"]
    twin = dataclasses.replace(first)  # equal, another object: figured again
    assert name(twin) == "MANY LOTS 5" and len(calls) == 2
    for n in range(memo.KEEP):
        name(dataclasses.replace(first, name=f"other {n}"))
    name(first)  # pushed out by KEEP others: figured again
    assert len(calls) == 3 + memo.KEEP


def _pieces_per_class(
    household: Household, state: AccountState, cls: AssetClass
) -> list[tuple[Decimal, str, Decimal]]:
    """The location review's lots of one class, as they were: one pass per class."""
    if TREATMENT[state.type] is not Treatment.TAXABLE:
        return []
    pieces = []
    for hs in state.holdings:
        security = household.security(hs.symbol)
        weight = (
            next((p.weight for p in security.classes if p.asset_class is cls), ZERO)
            if security
            else ZERO
        )
        for lot in hs.lots:
            value = lot.quantity * hs.price * weight
            if value > 0:
                pieces.append((lot.unrealized_gain / (lot.quantity * hs.price), lot.lot_id, value))
    return sorted(pieces)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_location_reviews_lots_of_a_class(seed: int) -> None:
    household = many_lots(seed)
    found: defaultdict[str, int] = defaultdict(int)
    for state in household_state(household).accounts:
        for cls in AssetClass:
            expected = _pieces_per_class(household, state, cls)
            assert _pieces(household, state, cls) == expected
            found[state.account_id] += len(expected)
    assert found["joint"] > 50 and found["ira"] == 0  # the mixed VNQ counts in two classes
