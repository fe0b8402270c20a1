"""Partial wash sales, priced instead of blocked (IRC §1091(a); Reg. §1.1091-1(c); Rev. Rul.
2008-5; docs/wash-sales.md, "In a plan").

Rule. A loss sale is washed only for as many sold shares as there are replacement shares:
purchases of a substantially identical security within 30 days before or after the sale,
anywhere on the return (IRA and 401(k) purchases, recent `transactions`, held lots bought in the
window, recurring purchases on their schedule), each replacement share absorbing one sold
share's loss, in order (Reg. §1.1091-1(b)–(e)). The rest of the loss counts. So a lot at a loss
in a group with a few replacement shares nearby is not held back: the model may sell it, and
the washed part of the sale realizes nothing this year. When the replacement is in an IRA (or,
with `plan_purchase_washes_permanently`, an employer plan) the disallowed loss is lost for good
(Rev. Rul. 2008-5); elsewhere it moves into the replacement's basis (§1091(d)).

The *pool* of a group is what :mod:`trimtab.tax.wash` (the authority) would match to a loss
sale of the group on `as_of`, after the household's recent loss sales have taken theirs: a
hypothetical sale of more shares than the plan could sell, matched by
:func:`trimtab.tax.wash.check_wash_sales`. Each lot of the group the model may sell becomes two
sell units, a *washed part* (up to the pool's shares: gain, tax and harvest value 0) and a *clean
part* (the lot as it is); :mod:`.partial_wash_rows` keeps the parts of one lot within its
shares and makes the washed shares come first, as the IRS matches them: the lots in the order
their sales are matched (acquired, then account and lot), the pool taken by the first lots
sold. A washed share of a permanent wash costs the objective what the lost loss would be worth
harvested later (:data:`.sells.HARVEST_VALUE` × its term's rate × the loss a share, times the
share of the pool bought in IRAs); a deferred one costs nothing beyond this year's tax (the loss
returns when the replacement is sold).

Worked example (tests/optimize/test_plan_partial_wash.py). A taxable lot T1 of 568 SCHP (a TIPS
fund) at a loss of $5 a share; the IRA bought 8 SCHP today: the pool is 8 shares, all bought in
an IRA. Selling 100 shares of T1: the first 8 are washed (8 × $5 = $40 lost for good), the other
92 realize −$460; each washed share costs the objective 0.5 × 15 % × $5 = $0.375. Before, the
whole lot was held back and the plan left TIPS 23 points over its target.

Not priced (held back as before, by :mod:`.wash_guard`): a group whose pool has a purchase of
unknown size (a recurring purchase without an amount: the worst case, every share), a group an
order sells at a loss, a lot itself bought in the window (its own purchase does not wash it, Rev.
Rul. 56-602, which the pool does not tell apart), holding units (accounts with a relief method),
and, with `liquidate_untargeted`, a lot of an untargeted security. A plan's own buys of the
group stay excluded by the wash-sale choice y_G (:mod:`.wash_guard`).

Replacement lots the plan sells. Shares of a replacement lot the plan sells the same day no
longer replace (:func:`trimtab.tax.wash.match.held_after`: a purchase replaces at most the shares
still held after the sale, and at most what earlier loss sales left of it). So the pool the
plan's loss sales meet is R − Σ_L max(0, s_L − b_L): s_L the shares the plan sells of the
replacement lot L (a sell unit of it; for a whole holding, what its relief method takes of L),
b_L the shares that sell without reducing the pool (the lot's shares earlier loss sales already
took, and for a holding the shares its method sells before L's). Each is a
:class:`Replacement` of the group; :mod:`.partial_wash_rows` puts them in the pool's rows.
Example: an IRA bought 8 SCHP on `as_of` as lot I1 and the plan sells those 8: the pool is 0,
the taxable lot's loss counts in full.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType

from trimtab.analysis.restrictions import targeted
from trimtab.analysis.state import household_state
from trimtab.model.enums import ReliefMethod, SecurityType
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.sells import HARVEST_VALUE
from trimtab.optimize.units import SellUnit
from trimtab.records import builder
from trimtab.tax.held import adjusted_household_lots, part_purchases
from trimtab.tax.identity import Identity
from trimtab.tax.memo import per_household
from trimtab.tax.relief import SaleRequest, relieve
from trimtab.tax.wash import check_wash_sales
from trimtab.tax.wash.records import LossSale, ReplacementUse

# A washed share of a permanent wash costs what harvesting its loss later would be worth: the
# value the objective gives a harvested loss.
LOST_VALUE = HARVEST_VALUE


@dataclass(frozen=True, slots=True, kw_only=True)
class WashPool:
    """The replacement shares a loss sale of one group on `as_of` would be matched with.

    quantity: replacement shares not matched to an earlier loss sale.
    permanent: the fraction of them bought where a wash is permanent (IRAs; 0 to 1).
    lots: the purchase lots among them (a lot of the group bought in the window).
    uses: the matched purchases, in the order matched (for the rationale's words).
    """

    quantity: Decimal
    permanent: Decimal
    lots: frozenset[str]
    uses: tuple[ReplacementUse, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PartialLot:
    """One lot of a priced group.

    unit: the lot as one sell unit (its quantity: shares the model may sell).
    washed / clean: the indexes of its washed and clean parts among the sell units (−1: none;
        the clean part is ``unit`` itself).
    lost_per_share: the objective's cost of a washed share (dollars; 0 for a deferred wash).
    least_washed: the fewest washed shares it sells once it sells a clean one: the pool less
        the shares of the lots matched before it (at least 0, at most its shares).
    """

    unit: SellUnit
    washed: int
    clean: int
    lost_per_share: Decimal
    least_washed: Decimal = ZERO


# One of each a priced lot (thousands in a large household): built through their slots.
_new_unit = builder(SellUnit)
_new_lot = builder(PartialLot)


@dataclass(frozen=True, slots=True, kw_only=True)
class Replacement:
    """A replacement lot of a pool that the model may sell (its shares sold stop replacing).

    units: the sell units that sell its shares (the lot, its parts, or the holding it is in).
    before: b, the shares those units sell before the pool shrinks (the lot's shares that
        earlier loss sales took; in a holding, the shares its relief method takes first).
    shares: the pool's shares from this lot (the most its sale can take from the pool).
    """

    units: tuple[int, ...]
    before: Decimal
    shares: Decimal

    def reduction(self, sold: Decimal) -> Decimal:
        """The pool's shares lost when ``sold`` shares of the units are sold."""
        return min(max(sold - self.before, ZERO), self.shares)


@dataclass(frozen=True, slots=True, kw_only=True)
class PartialWash:
    """A substantially-identical group whose loss lots the model may sell into a partial wash.

    group: the group's key. pool: its replacement shares (:class:`WashPool`). lots: its priced
    lots in the order the IRS matches their sales with the pool. replacements: its replacement
    lots the model may sell (:class:`Replacement`).
    """

    group: str
    pool: WashPool
    lots: tuple[PartialLot, ...]
    replacements: tuple[Replacement, ...] = ()

    def left(self, sold: Mapping[int, Decimal]) -> Decimal:
        """The pool left when the plan sells ``sold`` shares (by unit) of its replacements."""
        lost = sum(
            (
                r.reduction(sum((sold.get(i, ZERO) for i in r.units), ZERO))
                for r in self.replacements
            ),
            ZERO,
        )
        return max(self.pool.quantity - lost, ZERO)

    @property
    def orders(self) -> int:
        """Order columns z_u the group needs: one per lot with a clean part."""
        return sum(1 for lot in self.lots if lot.clean >= 0)


def wash_pools(
    household: Household, identity: Identity, units: Iterable[SellUnit]
) -> dict[str, WashPool | None]:
    """The pool of each group of ``units`` (None: a purchase of unknown size is in it).

    One hypothetical loss sale a group, on `as_of`, of more shares than the units hold, matched
    by the tax engine with the household's recent loss sales (they take their replacements
    first) and every purchase in scope."""
    demand: dict[str, tuple[str, Decimal]] = {}
    for u in units:
        group = identity.group_of(u.symbol)
        symbol, shares = demand.get(group, (u.symbol, ZERO))
        demand[group] = (symbol, shares + u.held)
    if not demand:
        return {}
    sales = tuple(
        LossSale(
            id=f"pool[{group}]",
            trade="",
            account="",
            symbol=symbol,
            lot_id="",
            acquired=dt.date.min,
            holding_period_start=None,
            sold=household.as_of,
            quantity=shares + 1,
            loss=Decimal(1),
        )
        for group, (symbol, shares) in sorted(demand.items())
    )
    report = check_wash_sales(household, trade_losses=sales)
    pools: dict[str, WashPool | None] = {}
    for sale, group in zip(sales, sorted(demand), strict=True):
        wash = report.for_sale(sale.id)
        uses = wash.replacements if wash is not None else ()
        pools[group] = _pool(uses)
    return pools


def _pool(uses: tuple[ReplacementUse, ...]) -> WashPool | None:
    if any(use.acquisition.quantity is None for use in uses):
        return None
    quantity = sum((use.quantity for use in uses), ZERO)
    lost = sum((use.quantity for use in uses if use.acquisition.permanent), ZERO)
    return WashPool(
        quantity=quantity,
        permanent=lost / quantity if quantity > 0 else ZERO,
        lots=frozenset(use.acquisition.lot_id for use in uses if use.acquisition.lot_id),
        uses=uses,
    )


def may_price(household: Household, u: SellUnit, own: frozenset[str], pool: WashPool) -> bool:
    """The loss unit ``u`` (``own``: the purchase lots it sells from) may be sold into a partial
    wash of ``pool``: an unforced lot of a taxable account whose lots the optimizer picks, not
    itself bought in the window, not liquidated by `liquidate_untargeted`."""
    account = household.account(u.account)
    return (
        account is not None
        and account.relief_method in (None, ReliefMethod.SPECIFIC_ID)
        and u.taxed
        and u.forced == ZERO
        and len(u.lot_ids) == 1
        and not own & pool.lots
        and not (household.settings.liquidate_untargeted and not targeted(household, u.symbol))
    )


def split_priced(
    household: Household,
    identity: Identity,
    units: tuple[SellUnit, ...],
    priced: Sequence[int],
    pools: Mapping[str, WashPool | None],
) -> tuple[tuple[SellUnit, ...], tuple[PartialWash, ...]]:
    """``units`` with each of ``priced`` (indexes) as its washed part, then its clean part
    (when the pool may run out before the lot does), and the groups they form."""
    if not priced:
        return units, ()
    chosen = set(priced)
    by_group: dict[str, list[int]] = {}
    for i in priced:
        by_group.setdefault(identity.group_of(units[i].symbol), []).append(i)
    sellers = _replacements(household, units, chosen, {g: pools[g] for g in by_group})
    order = _match_order(household)
    parts: dict[int, tuple[SellUnit, ...]] = {}
    least: dict[int, Decimal] = {}
    for group, members in by_group.items():
        pool = pools[group]
        assert pool is not None  # only groups with a known pool are priced
        low = _least_pool(pool, sellers.get(group, ()), units)
        members.sort(key=lambda i: order(units[i]))
        before = ZERO  # shares of the lots matched before this one
        for i in members:
            parts[i] = _parts(units[i], pool, before, low)
            least[i] = min(units[i].quantity, max(low - before, ZERO))
            before += units[i].quantity
    out: list[SellUnit] = []
    where: dict[int, tuple[int, int]] = {}
    split: list[int] = []  # the priced units that became two (sorted)
    done = 0
    for i in sorted(chosen):
        out.extend(units[done:i])  # the units between, as they are
        washed, *clean = parts[i]
        where[i] = (len(out), len(out) + 1 if clean else -1)
        out.append(washed)
        if clean:
            out.extend(clean)
            split.append(i)
        done = i + 1
    out.extend(units[done:])

    def new(k: int) -> int:
        """The index in ``out`` of the unit ``k`` not priced: one more for each priced unit
        before it that became two."""
        return k + bisect.bisect_left(split, k)

    groups = tuple(
        PartialWash(
            group=group,
            pool=pool,
            lots=tuple(
                _new_lot(
                    unit=units[i],
                    washed=where[i][0],
                    clean=where[i][1],
                    lost_per_share=_lost(units[i], pool),
                    least_washed=least[i],
                )
                for i in members
            ),
            replacements=tuple(
                replace(r, units=tuple(new(k) for k in r.units)) for r in sellers.get(group, ())
            ),
        )
        for group, members in sorted(by_group.items())
        if (pool := pools[group]) is not None
    )
    return tuple(out), groups


def _least_pool(
    pool: WashPool, sellers: Iterable[Replacement], units: Sequence[SellUnit]
) -> Decimal:
    """The smallest the pool can get: R less what selling every replacement share may take."""
    lost = sum(
        (r.reduction(sum((units[i].quantity for i in r.units), ZERO)) for r in sellers), ZERO
    )
    return max(pool.quantity - lost, ZERO)


def _replacements(
    household: Household,
    units: Sequence[SellUnit],
    chosen: set[int],
    pools: Mapping[str, WashPool | None],
) -> dict[str, tuple[Replacement, ...]]:
    """By group, the replacement lots of its pool that units the model may sell hold
    (:class:`Replacement`; indexes of ``units``)."""
    lots_of = {
        (a.account, a.symbol, a.lot_id): (group, use)
        for group, pool in pools.items()
        if pool is not None
        for use in pool.uses
        if (a := use.acquisition).lot_id and a.quantity is not None and use.quantity > 0
    }
    if not lots_of:
        return {}
    parts = part_purchases(household)
    ids = {lot for _, _, lot in lots_of}
    ids |= {part for part, lot in parts.items() if lot in ids}  # a part of a replacement
    found: dict[tuple[str, str, str], list[int]] = {}
    holdings: dict[tuple[str, str, str], int] = {}
    for i, u in enumerate(units):
        if ids.isdisjoint(u.lot_ids) or i in chosen or u.quantity <= 0:
            continue
        for lot in u.lot_ids:
            key = (u.account, u.symbol, parts.get(lot, lot))
            if key not in lots_of:
                continue
            if len(u.lot_ids) == 1:
                found.setdefault(key, []).append(i)
            else:
                holdings[key] = i
    out: dict[str, list[Replacement]] = {}
    for key, (group, use) in lots_of.items():
        slack = use.acquisition.quantity - use.quantity  # type: ignore[operator]
        if key in found:
            r = Replacement(units=tuple(found[key]), before=slack, shares=use.quantity)
        elif key in holdings:
            first = _relieved_before(household, units[holdings[key]], key[2])
            if first is None:
                continue
            r = Replacement(units=(holdings[key],), before=first + slack, shares=use.quantity)
        else:
            continue
        out.setdefault(group, []).append(r)
    return {g: tuple(rs) for g, rs in out.items()}


def _relieved_before(household: Household, u: SellUnit, lot_id: str) -> Decimal | None:
    """The shares a sale of the whole holding ``u`` takes, by its account's relief method (as
    the tax engine relieves a trade naming no lots), before those of the purchase lot
    ``lot_id``; None when the method takes none of it."""
    account = household.account(u.account)
    if account is None:
        return None
    method = account.relief_method
    security = household.security(u.symbol)
    if method in (None, ReliefMethod.SPECIFIC_ID) or (
        method is ReliefMethod.AVERAGE
        and (security is None or security.type is not SecurityType.MUTUAL_FUND)
    ):
        method = ReliefMethod.FIFO
    lots = tuple(
        lot
        for lot in adjusted_household_lots(household)
        if lot.account == u.account and lot.symbol == u.symbol
    )
    held = sum((lot.quantity for lot in lots), ZERO)
    if held <= 0:
        return None
    request = SaleRequest(quantity=held, proceeds=u.price * held, sold=household.as_of)
    before = ZERO
    for pick in relieve(method, lots, request).picks:
        if (pick.lot.purchase_id or pick.lot.lot_id) == lot_id:
            return before
        before += pick.quantity
    return None


def _parts(u: SellUnit, pool: WashPool, before: Decimal, low: Decimal) -> tuple[SellUnit, ...]:
    """The washed part of ``u`` (up to the pool's shares) and, when the pool may run out
    within it (the lots before it and it hold more than the pool at its smallest, ``low``:
    the plan may sell replacement shares), its clean part."""
    washed = with_costs(
        u, quantity=min(u.quantity, pool.quantity), net_tax=ZERO, defer=ZERO, gain=ZERO, washed=True
    )
    if before + u.quantity <= low:
        return (washed,)
    return (washed, u)


def with_costs(
    u: SellUnit,
    *,
    net_tax: Decimal,
    defer: Decimal,
    gain: Decimal,
    quantity: Decimal | None = None,
    washed: bool = False,
) -> SellUnit:
    """``u`` with another net tax, deferral and gain a share (and ``quantity``); ``washed``: as
    a washed part (no tax, harvest value or short-term gain either). Built through its slots
    (one a priced lot, thousands in a large household)."""
    return _new_unit(
        account=u.account,
        symbol=u.symbol,
        lot_ids=u.lot_ids,
        quantity=u.quantity if quantity is None else quantity,
        held=u.held,
        price=u.price,
        tax_per_share=ZERO if washed else u.tax_per_share,
        short_gain=False if washed else u.short_gain,
        defer_per_share=defer,
        taxed=u.taxed,
        whole=u.whole,
        forced=u.forced,
        loss=u.loss,
        harvest_per_share=ZERO if washed else u.harvest_per_share,
        gain_per_share=gain,
        net_tax_per_share=net_tax,
        long_term=u.long_term,
        relief_order=u.relief_order,
    )


def _lost(u: SellUnit, pool: WashPool) -> Decimal:
    """The objective's cost of one washed share: the harvest value of its loss, for the part of
    the pool that washes it for good."""
    return max(-u.net_tax_per_share, ZERO) * LOST_VALUE * pool.permanent


def _match_order(household: Household) -> _Order:
    return _Order(_acquired(household), {a.id: k for k, a in enumerate(household.accounts)})


class _Order:
    """The order the tax engine matches loss sales of one day with replacements: by the sold
    shares' acquisition (Reg. §1.1091-1(b)), then account (the plan's trades are numbered in
    account order) and lot."""

    __slots__ = ("_accounts", "_acquired")

    def __init__(
        self, acquired: Mapping[tuple[str, str], dt.date], accounts: Mapping[str, int]
    ) -> None:
        self._acquired = acquired
        self._accounts = accounts

    def __call__(self, u: SellUnit) -> tuple[dt.date, int, str]:
        lot = u.lot_ids[0]
        day = self._acquired.get((u.account, lot), dt.date.min)
        return day, self._accounts.get(u.account, 0), lot


@per_household
def _acquired(household: Household) -> Mapping[tuple[str, str], dt.date]:
    """Each lot's acquisition date by (account, lot id), as the plan's state has it."""
    return MappingProxyType(
        {
            (account.account_id, lot.lot_id): lot.acquired
            for account in household_state(household).accounts
            for holding in account.holdings
            for lot in holding.lots
        }
    )


def restrict(groups: tuple[PartialWash, ...], keep: Sequence[int]) -> tuple[PartialWash, ...]:
    """``groups`` over the units ``keep`` (old indexes, in their new order): parts not kept
    are dropped (−1), lots with no part kept too, groups with no lot left too, replacement
    units not kept too (they sell nothing)."""
    if not groups:
        return ()
    at = {old: new for new, old in enumerate(keep)}
    out = []
    for g in groups:
        lots = tuple(
            replace(lot, washed=at.get(lot.washed, -1), clean=at.get(lot.clean, -1))
            for lot in g.lots
        )
        lots = tuple(lot for lot in lots if lot.washed >= 0 or lot.clean >= 0)
        if lots:
            sellers = (
                replace(r, units=tuple(at[i] for i in r.units if i in at)) for r in g.replacements
            )
            kept = tuple(r for r in sellers if r.units)  # a replacement not kept sells nothing
            out.append(replace(g, lots=lots, replacements=kept))
    return tuple(out)


def priced_lots(groups: Iterable[PartialWash]) -> frozenset[tuple[str, str]]:
    """(account, lot id) of every lot the model priced a partial wash for."""
    return frozenset((lot.unit.account, lot.unit.lot_ids[0]) for g in groups for lot in g.lots)
