"""The asset-location review: the best place for each class with the household's allocation.

An LP over (class k, account a): x_{k,a} ≥ 0 dollars, each account keeps its value and each
class its household total, and the yearly drag Σ d_{k,a} x_{k,a} is least:

    minimise   Σ_{k,a} d_{k,a} x_{k,a}
    subject to Σ_k x_{k,a} = V_a  (account sizes fixed)      Σ_a x_{k,a} = X_k  (allocation kept)
               x_{k,a} ≥ what cannot be sold there (restrictions, lockups, held-away accounts)
               x_{cash,a} ≥ min(min_cash_a, cash now)          x_{k,a} = 0 where k cannot be held

A class may sit in an account that holds it now or whose buy menu and restrictions allow a
single-class fund of it (municipal funds never in a tax-advantaged account unless allowed).
d_{k,a} is the drag of the account's current funds of k (value-weighted), or of the most
tax-efficient fund of k it may buy. The current location is feasible, so the best one never
drags more. Another taxpayer's account (a child's UTMA) is left out.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import numpy as np

from trimtab.analysis.location import (
    BP,
    TREATMENT,
    LocationFact,
    LocationRates,
    Treatment,
    drag,
    drag_table,
    efficiency,
    location_cells,
    location_facts,
    location_rates,
)
from trimtab.analysis.state import AccountState, household_state
from trimtab.model.efficiency import Efficiency
from trimtab.model.enums import AssetClass
from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.money import CENT, ZERO
from trimtab.optimize.solve import solve_lp
from trimtab.optimize.sparse import sparse
from trimtab.results.location import LocationAmount as LocationAmount
from trimtab.results.location import LocationMove as LocationMove
from trimtab.results.location import LocationReview as LocationReview

CLASSES = tuple(AssetClass)
MOVE_FLOOR = Decimal(1)  # dollars: smaller differences are rounding, not moves
HALF = Decimal("0.5")
KEEP = 1e-5  # a dollar kept where it is drags 0.1 bp less: ties keep the current location


def location_review(household: Household) -> LocationReview:
    """Review ``household``'s location (module docstring)."""
    rates = location_rates(household)
    now = location_cells(household, rates)
    cells = list(location_facts(household, rates, now))
    best, status = _solve(household, cells)
    total = sum((c.current for c in cells), ZERO)
    current_drag = sum((c.amount * c.drag for c in now), ZERO)
    best_drag = sum((b * c.drag for c, b in zip(cells, best, strict=True)), ZERO)
    # the LP is solved in floats: a best location within a cent of the current one is the same
    gain = current_drag - best_drag
    gain = gain if gain > CENT else ZERO
    current_rows = tuple(_amounts(cells, [c.current for c in cells]))
    best_rows = tuple(_amounts(cells, best))
    return LocationReview(
        rates=rates,
        total=total,
        current=current_rows,
        best=best_rows,
        current_drag=current_drag,
        best_drag=current_drag - gain,
        gain_dollars=gain,
        gain_bp=gain / total * BP if total else ZERO,
        moves=_moves(household, current_rows, best_rows),
        drag=drag_table(household, rates),
        rationale=_rationale(household, rates, best_rows),
        status=status,
    )


def _amounts(cells: list[LocationFact], values: list[Decimal]) -> list[LocationAmount]:
    return [
        LocationAmount(asset_class=c.asset_class, account=c.account, amount=v)
        for c, v in zip(cells, values, strict=True)
        if v > 0
    ]


def _solve(household: Household, cells: list[LocationFact]) -> tuple[list[Decimal], str]:
    """Solve the LP; the best amounts, to the cent, and HiGHS's status.

    Each cell is split into what stays (at most its current amount, a hair cheaper) and what
    is added, so that between equally good locations the current one is kept and no move
    merely trades places between two accounts of the same kind.
    """
    accounts = list(dict.fromkeys(c.account for c in cells))
    n = len(cells)
    if n == 0:
        return [], "nothing to locate"
    at = {a: i for i, a in enumerate(accounts)}
    rows = [at[c.account] for c in cells] + [
        len(accounts) + CLASSES.index(c.asset_class) for c in cells
    ]
    columns = list(range(n))
    one = sparse((len(accounts) + len(CLASSES), n), rows, columns * 2, np.ones(2 * n))
    matrix = one.with_columns(one)  # [stay, add]
    sizes = [sum((c.current for c in cells if c.account == a), ZERO) for a in accounts]
    totals = [sum((c.current for c in cells if c.asset_class is k), ZERO) for k in CLASSES]
    target = np.array([float(v) for v in (*sizes, *totals)])
    drags = np.array([float(c.drag) for c in cells])
    fixed = np.array([c.upper is not None for c in cells])
    current = np.array([float(c.current) for c in cells])
    solution = solve_lp(
        np.concatenate([drags - KEEP, drags]),
        matrix,
        (target, target),
        (
            np.concatenate([np.zeros(n), np.array([float(c.lower) for c in cells])]),
            np.concatenate([current, np.where(fixed, 0.0, np.inf)]),
        ),
    )
    if not solution.optimal:  # cannot happen: the current location is feasible
        return [c.current for c in cells], solution.status
    x = solution.x[:n] + solution.x[n:]
    best = [Decimal(repr(max(float(v), 0.0))).quantize(CENT) for v in x]
    return _settle(cells, best, accounts, sizes), solution.status


def _settle(
    cells: list[LocationFact], best: list[Decimal], accounts: list[str], sizes: list[Decimal]
) -> list[Decimal]:
    """Put the cents lost to rounding back, so each account keeps its value exactly."""
    out = list(best)
    for account, size in zip(accounts, sizes, strict=True):
        members = [i for i, c in enumerate(cells) if c.account == account]
        left = size - sum((out[i] for i in members), ZERO)
        if left and members:
            biggest = max(members, key=lambda i: out[i])
            out[biggest] += left
    return out


def _moves(
    household: Household, current: tuple[LocationAmount, ...], best: tuple[LocationAmount, ...]
) -> tuple[LocationMove, ...]:
    """For each class, the dollars leaving accounts that hold too much matched, in account
    order, with the dollars arriving where it is short."""
    order = {a.id: i for i, a in enumerate(household.accounts)}
    now = {(r.asset_class, r.account): r.amount for r in current}
    then = {(r.asset_class, r.account): r.amount for r in best}
    used: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)  # lot id -> class dollars sold
    states = {s.account_id: s for s in household_state(household).accounts}
    pieces: dict[tuple[str, AssetClass], list[_Piece]] = {}  # figured once per account, class
    first: defaultdict[tuple[str, AssetClass], int] = defaultdict(int)  # pieces before: sold
    moves: list[LocationMove] = []
    for cls in CLASSES:
        keys = sorted({a for k, a in (*now, *then) if k is cls}, key=order.__getitem__)
        give = [(a, now.get((cls, a), ZERO) - then.get((cls, a), ZERO)) for a in keys]
        take = [(a, -d) for a, d in give if -d >= MOVE_FLOOR]
        give = [(a, d) for a, d in give if d >= MOVE_FLOOR]
        for source, amount in give:
            while amount >= MOVE_FLOOR and take:
                dest, room = take[0]
                moved = min(amount, room)
                key = (source, cls)
                if key not in pieces:
                    pieces[key] = _pieces(household, states[source], cls)
                gain, first[key] = _realized(pieces[key], first[key], moved, used)
                moves.append(
                    LocationMove(
                        asset_class=cls,
                        from_account=source,
                        to_account=dest,
                        amount=moved,
                        free=gain <= 0,
                        realized_gain=gain,
                    )
                )
                amount -= moved
                take = take[1:] if room - moved < MOVE_FLOOR else [(dest, room - moved), *take[1:]]
    return tuple(moves)


_Piece = tuple[Decimal, str, Decimal]  # (gain per dollar, lot id, dollars of the class)


def _pieces(household: Household, state: AccountState, cls: AssetClass) -> list[_Piece]:
    """The lots of a taxable account of the return holding ``cls``, least gain per dollar
    first (none in tax-advantaged accounts, whose sales realize nothing)."""
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
        if not weight > 0:
            continue  # no lot of it holds the class
        for lot in hs.lots:
            value = lot.market_value * weight  # market value: quantity × price
            if value > 0:
                pieces.append((lot.unrealized_gain / lot.market_value, lot.lot_id, value))
    return sorted(pieces)


def _realized(
    pieces: list[_Piece], start: int, amount: Decimal, used: defaultdict[str, Decimal]
) -> tuple[Decimal, int]:
    """The gain of selling ``amount`` dollars from ``pieces`` in order, past what ``used``
    says earlier moves sold of each lot (0 without pieces: a tax-advantaged account), and the
    first piece not sold out. Pieces before ``start`` are sold out (what is sold of a lot only
    grows), so the search starts there."""
    gain, left = ZERO, amount
    count = len(pieces)
    at = start
    while at < count:  # every step as min/continue/break would take it, bound to locals
        rate, lot_id, value = pieces[at]
        at += 1
        room = value - used[lot_id]
        take = room if room < left else left  # min(left, room), the same Decimal
        if take <= 0:
            continue
        used[lot_id] += take
        gain += take * rate
        left -= take
        if left <= 0:
            break
    while start < count:
        _, lot_id, value = pieces[start]
        if value - used[lot_id] > 0:
            break
        start += 1
    return gain, start


def _rationale(
    household: Household, rates: LocationRates, best: tuple[LocationAmount, ...]
) -> tuple[tuple[AssetClass, str], ...]:
    """A sentence per class in the rule of thumb's words, from its drag in each kind of account."""
    kinds = {a.id: TREATMENT[a.type] for a in household.accounts}
    municipal = _municipal_classes(household)
    out = []
    for cls in CLASSES:
        placed: defaultdict[Treatment, Decimal] = defaultdict(lambda: ZERO)
        for r in best:
            if r.asset_class is cls:
                placed[kinds[r.account]] += r.amount
        if not placed:
            continue
        e = efficiency(household, None, cls)
        taxable_bp = drag(e, Treatment.TAXABLE, rates) * BP
        where = max(placed, key=lambda t: placed[t])
        taxable = placed.get(Treatment.TAXABLE, ZERO) > 0
        out.append((cls, _sentence(cls, where, taxable_bp, e, cls in municipal, taxable)))
    return tuple(out)


WHERE_WORDS = {
    Treatment.TAXABLE: "the taxable account",
    Treatment.TAX_DEFERRED: "tax-deferred accounts (traditional IRA, 401(k))",
    Treatment.TAX_EXEMPT: "the Roth or HSA",
}


def _sentence(
    cls: AssetClass,
    where: Treatment,
    taxable_bp: Decimal,
    e: Efficiency,
    municipal: bool,
    in_taxable: bool = True,
) -> str:
    """municipal: the household holds a municipal fund of the class. in_taxable: the best
    location keeps some of the class in a taxable account (the munis' sentence says what the
    review does with them, never the opposite)."""
    growth = e.expected_return
    label = cls.label
    drag_words = f"{taxable_bp.quantize(Decimal(1))} bp a year of tax drag in a taxable account"
    if municipal and cls is AssetClass.IG_BONDS and in_taxable:
        return (
            f"{label}: municipal bonds pay tax-exempt interest and belong in the taxable "
            f"account, never in an IRA; taxable bonds ({drag_words}) go to tax-deferred accounts"
        )
    if municipal and cls is AssetClass.IG_BONDS:
        return (
            f"{label}: municipal bonds pay tax-exempt interest and are never held in an IRA, "
            "but the taxable account saves more with other classes: the best location holds "
            f"no bonds there (its municipal fund is sold) and taxable bonds ({drag_words}) in "
            f"{WHERE_WORDS[where]}"
        )
    if where is Treatment.TAX_EXEMPT:
        return (
            f"{label}: high expected growth ({growth * 100:.1f} % a year) is never taxed in "
            "the Roth or HSA"
        )
    if where is Treatment.TAX_DEFERRED:
        why = (
            "income taxed as ordinary income every year"
            if e.qualified_share + e.exempt_share < HALF
            else "more tax drag in a taxable account than the classes kept there"
        )
        return f"{label}: {why} ({drag_words}): best in {WHERE_WORDS[where]}"
    if cls is AssetClass.CASH:
        return (
            f"{label}: kept in the taxable account, where withdrawals and purchases draw on it "
            f"({drag_words})"
        )
    why = (
        "tax-efficient: mostly qualified dividends, few capital-gain distributions"
        if e.qualified_share + e.exempt_share >= HALF
        else "less tax drag there than the other classes"
    )
    return (
        f"{label}: {why} ({drag_words}): the taxable account, where its losses can also be "
        "harvested"
    )


def _municipal_classes(household: Household) -> set[AssetClass]:
    """The classes of the municipal funds the household holds."""
    return {
        part.asset_class
        for security in _held_securities(household)
        if "municipal" in security.tags
        for part in security.classes
    }


def _held_securities(household: Household) -> list[Security]:
    held = {h.symbol for a in household.accounts for h in a.holdings}
    return [s for s in household.securities if s.symbol in held]
