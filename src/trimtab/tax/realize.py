"""Apply a list of trades to the household's lots: what each sale realizes, and what is left.

Rule. Trades apply in date order, trades of the same date in file order. A sell takes shares
from the lots of its symbol in its account (one account's lots only, IRC §1012(c)(1)), chosen
by the relief method (:mod:`trimtab.tax.relief`): the lots the trade names; else the method of
the run (``--relief-method``), else the account's. A sale without named lots in an account whose
method is ``specific_id`` or none is FIFO, the law's presumption when shares are not identified
(Reg. §1.1012-1(c)(1)), with a warning; ``average`` outside mutual funds is FIFO with a warning.
Each lot sold gives a realized row: its share of the trade's net proceeds (pro rata by shares,
the last row taking the remainder so the rows add up to the trade), its basis (gifts' dual
basis, :mod:`trimtab.tax.basis`), gain = proceeds − basis, and term. A buy opens a lot whose id
is the trade's id, acquired on the trade date, cost = the trade's total cost.

Every account's positions change, but only sales in taxable accounts of this return
(``taxed_here``) realize gains on this return. Sales in IRAs, 401(k)s, HSAs… and in
``separate_taxpayer`` accounts are rows with ``taxed_here`` false and stay out of the estimate;
so do sales dated in a later tax year (``in_estimate`` false, with a warning).

Wash sales (IRC §1091(d), §1223(3)): the held lots start with the recent `transactions` losses
they replace in their basis and holding period (:mod:`trimtab.tax.held`); a what-if
(:mod:`trimtab.tax.whatif`) passes ``parts`` so that a lot bought by the trades and washed by an
earlier sale of the list opens with its adjusted basis too. A trade may name a lot split by a
wash by its own id: it names all its parts, the part no wash adjusted first (shares sold by a
loss sale's day replace nothing, so they are not the washed ones: :func:`_parts_named`).

Mistakes are problems, never exceptions: a lot that is not open in that account at that point,
more shares than are held (or than the named lots hold). A trade with a mistake is not applied.

Worked example. Lot L2: 40 VTI bought 2026-02-10 for $12,400.00. Sell 40 on 2026-12-01 at
$250.00: proceeds 40 × 250 = $10,000.00, gain 10,000 − 12,400 = −$2,400.00, short-term (held
until 2027-02-10 it would be long-term). Lot L2 is gone from the lots after.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from types import MappingProxyType

from trimtab.errors import InputError, Problem, Severity, errors_only
from trimtab.model.enums import ReliefMethod, SecurityType, TradeAction
from trimtab.model.household import Account, Household
from trimtab.model.trade import Trade
from trimtab.money import ZERO
from trimtab.tax.estimate import estimate_difference, household_estimate
from trimtab.tax.federal import TaxEstimate
from trimtab.tax.held import adjusted_household_lots
from trimtab.tax.lots import OpenLot, household_lots, sell_open_lot
from trimtab.tax.memo import per_household
from trimtab.tax.relief import Pick, Relief, SaleRequest, relieve
from trimtab.tax.wash.adjust import Parts
from trimtab.validate.trades import duplicate_trade_ids, trade_problems

Position = tuple[str, str]  # (account, symbol)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealizedLot:
    """The shares of one lot sold by one trade.

    trade: the trade's id.
    account, symbol, lot_id: which lot.
    acquired: the lot's acquisition date.
    holding_period_start: the date its holding period counts from for this sale (the donor's
        date for a gift with carryover basis; the gift's date for a loss figured from its value).
    sold: the trade date.
    quantity: shares sold from the lot.
    proceeds: the lot's share of the trade's net proceeds.
    cost: the basis of the shares sold (the average basis for average cost).
    gain: proceeds − cost (loss negative; 0 for a gift sold between its two bases).
    long_term: held more than one year (IRC §1222).
    taxed_here: the account is a taxable account of this return.
    in_estimate: taxed here and sold in the household's tax year.
    purchase_id: the purchase lot ``lot_id`` is a part of ('' when it is that lot).
    wash_adjustment: the disallowed wash-sale loss inside ``cost``.
    """

    trade: str
    account: str
    symbol: str
    lot_id: str
    acquired: date
    holding_period_start: date
    sold: date
    quantity: Decimal
    proceeds: Decimal
    cost: Decimal
    gain: Decimal
    long_term: bool
    taxed_here: bool
    in_estimate: bool
    purchase_id: str = ""
    wash_adjustment: Decimal = ZERO

    @property
    def purchase(self) -> str:
        """The id of the purchase lot whose shares were sold."""
        return self.purchase_id or self.lot_id

    @property
    def term(self) -> str:
        """'long' or 'short'."""
        return "long" if self.long_term else "short"


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeResult:
    """One applied trade and its totals.

    trade: the trade.
    method: the relief method its sale used (None for a buy).
    proceeds: net proceeds of a sale, total cost of a buy.
    cost: basis of the shares sold (0 for a buy).
    short_term_gain / long_term_gain: realized gain by term (0 for a buy), as a planned trade
        names them (the check document keeps its keys `gain_short` and `gain_long`).
    taxed_here: the account is a taxable account of this return.
    """

    trade: Trade
    method: ReliefMethod | None
    proceeds: Decimal
    cost: Decimal
    short_term_gain: Decimal
    long_term_gain: Decimal
    taxed_here: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Realization:
    """What a list of trades does to the household's lots.

    realized: one row per lot sold, in the order the trades applied.
    lots_after: every open lot of every account after the trades (accounts in file order; in a
        position, the lots in their order, bought lots last).
    trades: the trades applied, in the order applied (trades with a mistake are left out).
    problems: mistakes (errors) and warnings, in the order found.
    """

    realized: tuple[RealizedLot, ...]
    lots_after: tuple[OpenLot, ...]
    trades: tuple[TradeResult, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the result unusable."""
        return errors_only(self.problems)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that are only warnings."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def gains_in_estimate(self) -> tuple[Decimal, Decimal]:
        """(short-term, long-term) net gain of the rows in the estimate."""
        rows = [r for r in self.realized if r.in_estimate]
        short = sum((r.gain for r in rows if not r.long_term), ZERO)
        return short, sum((r.gain for r in rows if r.long_term), ZERO)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Applied:
    """The outcome of applying one trade: the position after, the rows and the problems."""

    lots: tuple[OpenLot, ...] | None
    result: TradeResult | None
    realized: tuple[RealizedLot, ...] = ()
    problems: tuple[Problem, ...] = ()


def in_date_order(trades: Iterable[Trade]) -> tuple[Trade, ...]:
    """Date order; trades of one date keep their file order (the sort is stable)."""
    return tuple(sorted(trades, key=lambda t: t.date))


def realize(
    household: Household,
    trades: Iterable[Trade],
    *,
    relief_method: ReliefMethod | None = None,
    parts: Parts | None = None,
    sales: SaleMemo | None = None,
) -> Realization:
    """Apply ``trades`` to the household's lots; ``relief_method`` overrides every account's.

    parts: by purchase lot id (a held lot or a buy of the list), the lots it opens as after the
    wash sales (:func:`~trimtab.tax.wash.adjust.split_replacements`); None: the held lots as
    the recent `transactions` adjust them (:mod:`trimtab.tax.held`).
    sales: the sales applied by earlier calls with the same household, trades and relief method
    (filled here): a sale of the very lots it sold before is not figured again.
    """
    ordered = in_date_order(trades)
    held = _held_book(household) if parts is None else _book_of(household, parts)
    opened = parts or {}
    book = dict(held.positions)
    duplicates = duplicate_trade_ids(ordered)
    seen_ids = set(held.lot_ids)
    problems = list(duplicates)
    realized: list[RealizedLot] = []
    results: list[TradeResult] = []
    for trade in ordered:
        position = book.get((trade.account, trade.symbol), ())
        applied = _applied(household, position, trade, seen_ids, relief_method, opened, sales)
        problems.extend(applied.problems)
        if applied.lots is not None and applied.result is not None:
            book[(trade.account, trade.symbol)] = applied.lots
            if not duplicates:  # a duplicated id is reported once, as a duplicate trade id
                seen_ids.add(trade.id)
            realized.extend(applied.realized)
            results.append(applied.result)
    return Realization(
        realized=tuple(realized),
        lots_after=_lots_after(household, book),
        trades=tuple(results),
        problems=tuple(problems),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _HeldBook:
    """The household's open lots by position, each position's in their order, and every id."""

    positions: Mapping[Position, tuple[OpenLot, ...]]
    lot_ids: frozenset[str]


@per_household
def _held_book(household: Household) -> _HeldBook:
    """The open lots on `as_of` by position, adjusted for recent wash sales (figured once per
    household object; each :func:`realize` copies the mapping and replaces the positions its
    trades change)."""
    return _book(adjusted_household_lots(household))


def _book_of(household: Household, parts: Parts) -> _HeldBook:
    """The held lots, each opened as its ``parts``: the same book as :func:`_book` of them,
    with only the positions of the lots ``parts`` names built again."""
    held = _unadjusted_book(household)
    touched = dict.fromkeys(key for i in parts for key in held.where.get(i, ()))
    if not touched:
        return held.book
    positions = dict(held.book.positions)
    left: dict[str, int] = {}  # the ids of the rebuilt positions' lots: times taken elsewhere
    added: list[str] = []
    for key in touched:
        lots = tuple(part for lot in positions[key] for part in parts.get(lot.lot_id, (lot,)))
        if any((lot.account, lot.symbol) != key for lot in lots):  # a part moved: all again
            return _book(
                part for lot in household_lots(household) for part in parts.get(lot.lot_id, (lot,))
            )
        for lot in positions[key]:
            for lot_id in (lot.lot_id, lot.purchase):
                left[lot_id] = left.get(lot_id, held.count[lot_id]) - 1
        added.extend(lot_id for lot in lots for lot_id in (lot.lot_id, lot.purchase))
        if lots:
            positions[key] = lots
        else:
            del positions[key]
    gone = frozenset(lot_id for lot_id, n in left.items() if n <= 0)
    return _HeldBook(
        positions=MappingProxyType(positions),
        lot_ids=(held.book.lot_ids - gone) | frozenset(added),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Unadjusted:
    """The book of the household's lots as held (no wash adjusts them), the positions of each
    lot id, and how many times each id is taken (a lot's own id and its purchase's)."""

    book: _HeldBook
    where: Mapping[str, tuple[Position, ...]]
    count: Mapping[str, int]


@per_household
def _unadjusted_book(household: Household) -> _Unadjusted:
    """The household's lots as held, indexed once per household object (:func:`_book_of`);
    the book is :func:`_held_book`'s when no recent wash sale adjusts a held lot."""
    lots = household_lots(household)
    held = adjusted_household_lots(household) is lots
    ids = list(map(_LOT_ID, lots))
    where: dict[str, tuple[Position, ...]] = dict(
        zip(ids, zip(map(_POSITION, lots), strict=True), strict=True)
    )
    if len(where) < len(lots):  # an id in two lots: each of its positions
        found: dict[str, dict[Position, None]] = {}
        for lot in lots:
            found.setdefault(lot.lot_id, {})[(lot.account, lot.symbol)] = None
        where = {lot_id: tuple(keys) for lot_id, keys in found.items()}
    return _Unadjusted(
        book=_held_book(household) if held else _book(lots),
        where=where,
        count=_taken(lots, ids),
    )


_LOT_ID = attrgetter("lot_id")
_PURCHASE_ID = attrgetter("purchase_id")
_POSITION = attrgetter("account", "symbol")


def _taken(lots: tuple[OpenLot, ...], ids: list[str]) -> Counter[str]:
    """How many times each id is taken: a lot's own id and its purchase's (its own again
    unless it is a part of a split lot)."""
    count = Counter(ids)
    count.update(ids)
    for lot in filter(_PURCHASE_ID, lots):  # a part: its purchase's id, not its own again
        count[lot.lot_id] -= 1
        count[lot.purchase_id] += 1
    return count


def _book(lots: Iterable[OpenLot]) -> _HeldBook:
    """The lots by position, each position's in their order, and every id taken (a lot's own
    and its purchase's). The lots come position by position: a run is taken whole."""
    lots = tuple(lots)
    positions: dict[Position, list[OpenLot]] = {}
    for key, run in itertools.groupby(lots, _POSITION):
        found = positions.get(key)
        if found is None:
            positions[key] = list(run)
        else:  # a position met again after another's lots
            found.extend(run)
    ids = set(map(_LOT_ID, lots))
    ids.update(filter(None, map(_PURCHASE_ID, lots)))  # a split lot's own id stays taken
    return _HeldBook(
        positions=MappingProxyType({key: tuple(found) for key, found in positions.items()}),
        lot_ids=frozenset(ids),
    )


def _lots_after(
    household: Household, book: Mapping[Position, tuple[OpenLot, ...]]
) -> tuple[OpenLot, ...]:
    """Every open lot, accounts in file order, positions in the order they were opened."""
    rank = {a.id: i for i, a in enumerate(household.accounts)}
    keys = sorted(book, key=lambda key: rank[key[0]])
    return tuple(itertools.chain.from_iterable(book[key] for key in keys))


SaleMemo = dict[tuple[int, int], tuple[Trade, tuple[OpenLot, ...], "_Applied"]]
"""A sale's outcome by the identity of the trade and of the lots it was applied to (kept, so
the ids stay theirs): :func:`realize`'s ``sales``."""


def _applied(
    household: Household,
    lots: tuple[OpenLot, ...],
    trade: Trade,
    seen_ids: set[str],
    override: ReliefMethod | None,
    parts: Parts,
    sales: SaleMemo | None,
) -> _Applied:
    """:func:`_apply`; a sale found in ``sales`` (the same trade of the same lots) as before.
    A sale depends on the household, the relief method, the trade and the lots alone."""
    if sales is None or trade.action is TradeAction.BUY:
        return _apply(household, lots, trade, seen_ids, override, parts)
    hit = sales.get((id(trade), id(lots)))
    if hit is not None and hit[0] is trade and hit[1] is lots:
        return hit[2]
    applied = _apply(household, lots, trade, seen_ids, override, parts)
    sales[(id(trade), id(lots))] = (trade, lots, applied)
    return applied


def _apply(
    household: Household,
    lots: tuple[OpenLot, ...],
    trade: Trade,
    seen_ids: set[str],
    override: ReliefMethod | None,
    parts: Parts,
) -> _Applied:
    static = trade_problems(household, trade)
    account = household.account(trade.account)
    if errors_only(static) or account is None:
        return _Applied(lots=None, result=None, problems=static)
    if trade.action is TradeAction.BUY:
        applied = _buy(account, lots, trade, seen_ids, parts)
    else:
        applied = _sell(household, account, lots, trade, override)
    return _Applied(
        lots=applied.lots,
        result=applied.result,
        realized=applied.realized,
        problems=static + applied.problems,
    )


def bought_lot(trade: Trade) -> OpenLot:
    """The lot a buy opens, before any wash sale adjusts it: id the trade's, cost its value."""
    return OpenLot(
        account=trade.account,
        symbol=trade.symbol,
        lot_id=trade.id,
        acquired=trade.date,
        holding_period_start=trade.date,
        quantity=trade.quantity,
        cost=trade.value,
        source=trade.source,
    )


def _buy(
    account: Account, lots: tuple[OpenLot, ...], trade: Trade, seen: set[str], parts: Parts
) -> _Applied:
    """A buy opens the lot ``trade.id`` (as its parts, when a wash sale adjusts it)."""
    if trade.id in seen:
        return _Applied(lots=None, result=None, problems=(_lot_id_taken(trade),))
    opened = parts.get(trade.id, (bought_lot(trade),))
    result = TradeResult(
        trade=trade,
        method=None,
        proceeds=trade.value,
        cost=ZERO,
        short_term_gain=ZERO,
        long_term_gain=ZERO,
        taxed_here=account.taxed_here,
    )
    return _Applied(lots=(*lots, *opened), result=result)


def _sell(
    household: Household,
    account: Account,
    lots: tuple[OpenLot, ...],
    trade: Trade,
    override: ReliefMethod | None,
) -> _Applied:
    """A sale: check the lots are there, choose them, and realize each."""
    trade = _parts_named(lots, trade)
    mistakes = _sale_mistakes(lots, trade)
    if mistakes:
        return _Applied(lots=None, result=None, problems=mistakes)
    method, warnings = relief_method_for(household, account, trade, override)
    request = SaleRequest(
        quantity=trade.quantity, proceeds=trade.value, sold=trade.date, lot_ids=trade.lots
    )
    relief = relieve(method, lots, request)
    rows = _realized_rows(household, account, trade, relief)
    return _Applied(
        lots=relief.remaining,
        result=_sale_result(trade, method, rows, account.taxed_here),
        realized=rows,
        problems=warnings + _later_year(household, account, trade),
    )


def _parts_named(lots: tuple[OpenLot, ...], trade: Trade) -> Trade:
    """The trade with each named lot that a wash split (not open by its id) naming its parts:
    the part no wash adjusted (the rest) first, then the washed parts in their order.

    Which shares of a lot a sale takes is the taxpayer's identification (Reg.
    §1.1012-1(c)); the rest first is the one that agrees with the wash matching: shares sold
    on or before a loss sale's day replace nothing (:func:`trimtab.tax.wash.match.held_after`),
    so a wash by a loss sale of the same day (every plan's trades) adjusts only the shares
    the trade keeps, and the shares it sells are the rest. Selling a washed part first would
    realize a deferred loss on shares the matching says replaced nothing. The optimizer prices
    the sale of a replacement lot it sells the same day at the lot's own gain, and leaves those
    shares out of the pool (:mod:`trimtab.optimize.partial_wash`): the same shares."""
    open_ids = {lot.lot_id for lot in lots}
    if all(lot_id in open_ids for lot_id in trade.lots):
        return trade
    named: list[str] = []
    for lot_id in trade.lots:
        found = [x for x in lots if x.purchase_id == lot_id]
        ordered = sorted(found, key=lambda x: bool(x.wash_adjustment))  # stable: rest first
        named.extend([x.lot_id for x in ordered] if lot_id not in open_ids and found else [lot_id])
    return replace(trade, lots=tuple(named))


def _sale_mistakes(lots: tuple[OpenLot, ...], trade: Trade) -> tuple[Problem, ...]:
    """Named lots must be open in the position; the shares must be there."""
    open_ids = {lot.lot_id: lot for lot in lots}
    unknown = tuple(
        _unknown_lot(trade, k, lot_id, open_ids)
        for k, lot_id in enumerate(trade.lots)
        if lot_id not in open_ids
    )
    if unknown:
        return unknown
    named = [open_ids[lot_id] for lot_id in dict.fromkeys(trade.lots)]
    available = sum((lot.quantity for lot in (named or lots)), ZERO)
    if trade.quantity > available:
        return (_oversell(trade, available, bool(named)),)
    return ()


def relief_method_for(
    household: Household, account: Account, trade: Trade, override: ReliefMethod | None
) -> tuple[ReliefMethod, tuple[Problem, ...]]:
    """The relief method of a sale, and a warning when FIFO stands in for the one asked.

    Named lots are specific identification; else the run's method, else the account's.
    FIFO stands in for ``specific_id`` or no method when no lots are named, and for
    ``average`` outside mutual funds; the warning is given where the gain is taxed here.
    """
    if trade.lots:
        return ReliefMethod.SPECIFIC_ID, ()
    method = override or account.relief_method
    if method is ReliefMethod.AVERAGE and _is_mutual_fund(household, trade.symbol):
        return method, ()
    if method is ReliefMethod.AVERAGE:
        why = f"average cost is for mutual funds only, and {trade.symbol} is not one"
    elif method is None or method is ReliefMethod.SPECIFIC_ID:
        why = "no lots are named" + ("" if method else f" and {account.id} sets no relief_method")
    else:
        return method, ()
    taxed = account.taxed_here
    return ReliefMethod.FIFO, _fifo_warning(trade, account, why) if taxed else ()


def _is_mutual_fund(household: Household, symbol: str) -> bool:
    security = household.security(symbol)
    return security is not None and security.type is SecurityType.MUTUAL_FUND


def _realized_rows(
    household: Household, account: Account, trade: Trade, relief: Relief
) -> tuple[RealizedLot, ...]:
    shares = _proceeds_shares(trade, relief.picks)
    taxed = account.taxed_here
    in_year = taxed and trade.date.year == household.tax.year
    return tuple(
        _row(trade, pick, proceeds, taxed=taxed, in_estimate=in_year)
        for pick, proceeds in zip(relief.picks, shares, strict=True)
    )


def _proceeds_shares(trade: Trade, picks: tuple[Pick, ...]) -> tuple[Decimal, ...]:
    """Pro-rata shares of the net proceeds; the last takes the remainder so they add up."""
    total = trade.value
    shares = [total * pick.quantity / trade.quantity for pick in picks[:-1]]
    return (*shares, total - sum(shares, ZERO))


def _row(
    trade: Trade, pick: Pick, proceeds: Decimal, *, taxed: bool, in_estimate: bool
) -> RealizedLot:
    sale = sell_open_lot(pick.lot, pick.quantity, proceeds, trade.date)
    return RealizedLot(
        trade=trade.id,
        account=trade.account,
        symbol=trade.symbol,
        lot_id=pick.lot.lot_id,
        acquired=pick.lot.acquired,
        holding_period_start=sale.holding_period_start,
        sold=trade.date,
        quantity=pick.quantity,
        proceeds=proceeds,
        cost=sale.basis,
        gain=sale.gain,
        long_term=sale.long_term,
        taxed_here=taxed,
        in_estimate=in_estimate,
        purchase_id=pick.lot.purchase_id,
        wash_adjustment=_adjustment_sold(pick),
    )


def _adjustment_sold(pick: Pick) -> Decimal:
    """The wash adjustment inside the basis of the shares a pick sells (pro rata)."""
    lot = pick.lot
    if not lot.wash_adjustment:
        return ZERO
    if pick.quantity == lot.quantity:
        return lot.wash_adjustment
    return lot.wash_adjustment * pick.quantity / lot.quantity


def _sale_result(
    trade: Trade, method: ReliefMethod, rows: tuple[RealizedLot, ...], taxed: bool
) -> TradeResult:
    return TradeResult(
        trade=trade,
        method=method,
        proceeds=trade.value,
        cost=sum((r.cost for r in rows), ZERO),
        short_term_gain=sum((r.gain for r in rows if not r.long_term), ZERO),
        long_term_gain=sum((r.gain for r in rows if r.long_term), ZERO),
        taxed_here=taxed,
    )


def _field(trade: Trade, name: str) -> str:
    return f"{trade.source.field}.{name}" if trade.source.field else name


def _unknown_lot(trade: Trade, k: int, lot_id: str, open_ids: Mapping[str, OpenLot]) -> Problem:
    return Problem(
        source=trade.source,
        field=_field(trade, f"lots[{k}]"),
        kind="unknown_lot",
        message=f"lot `{lot_id}` is not an open lot of {trade.symbol} in {trade.account} "
        f"on {trade.date}",
        expected="one of " + ", ".join(open_ids) if open_ids else "no lots: nothing is held",
    )


def _oversell(trade: Trade, available: Decimal, named: bool) -> Problem:
    where = "the named lots hold" if named else f"{trade.account} holds"
    return Problem(
        source=trade.source,
        field=_field(trade, "quantity"),
        kind="oversell",
        message=f"trade {trade.id} sells {trade.quantity} {trade.symbol} but {where} "
        f"{available} on {trade.date}",
        expected=f"at most {available}",
    )


def _lot_id_taken(trade: Trade) -> Problem:
    return Problem(
        source=trade.source,
        field=_field(trade, "id"),
        kind="duplicate_lot_id",
        message=f"a buy opens the lot `{trade.id}`, but a lot with that id already exists",
        expected="an id that is not a lot id of the household",
    )


def _fifo_warning(trade: Trade, account: Account, why: str) -> tuple[Problem, ...]:
    return (
        Problem(
            source=trade.source,
            field=_field(trade, "lots"),
            kind="fifo_assumed",
            message=f"trade {trade.id} in {account.id}: {why}; FIFO is used (Reg. §1.1012-1(c)(1))",
            expected="`lots: [...]` naming the lots to sell",
            severity=Severity.WARNING,
        ),
    )


def _later_year(household: Household, account: Account, trade: Trade) -> tuple[Problem, ...]:
    if not account.taxed_here or trade.date.year == household.tax.year:
        return ()
    return (
        Problem(
            source=trade.source,
            field=_field(trade, "date"),
            kind="later_tax_year",
            message=f"trade {trade.id} is dated {trade.date}: reported, but not in the "
            f"{household.tax.year} estimate",
            expected=f"a date in {household.tax.year}",
            severity=Severity.WARNING,
        ),
    )


def realization_estimate(household: Household, realization: Realization) -> TaxEstimate:
    """The tax year's estimate with the realized rows in it (taxed here, in the year)."""
    short, long = realization.gains_in_estimate()
    return household_estimate(household, short=short, long=long)


def realize_or_raise(
    household: Household,
    trades: Iterable[Trade],
    *,
    relief_method: ReliefMethod | None = None,
    parts: Parts | None = None,
    sales: SaleMemo | None = None,
) -> Realization:
    """:func:`realize`, raising :class:`~trimtab.errors.InputError` when a trade has a mistake."""
    realization = realize(household, trades, relief_method=relief_method, parts=parts, sales=sales)
    if realization.errors:
        raise InputError(realization.errors)
    return realization


def marginal_tax(
    household: Household, trades: Iterable[Trade], *, relief_method: ReliefMethod | None = None
) -> TaxEstimate:
    """Tax with the trades − tax without them, field by field (same shape as the estimate)."""
    realization = realize_or_raise(household, trades, relief_method=relief_method)
    return estimate_difference(
        realization_estimate(household, realization), household_estimate(household)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeCheck:
    """The what-if of a trade list (``trimtab check``).

    realization: the realized rows, lots after and warnings.
    estimate: the tax year's estimate with the trades.
    without: the estimate without them.
    marginal: estimate − without, field by field.
    """

    realization: Realization
    estimate: TaxEstimate
    without: TaxEstimate
    marginal: TaxEstimate


def check_trades(
    household: Household, trades: Iterable[Trade], *, relief_method: ReliefMethod | None = None
) -> TradeCheck:
    """Apply the trades and estimate the year with and without them (InputError on mistakes)."""
    realization = realize_or_raise(household, trades, relief_method=relief_method)
    estimate = realization_estimate(household, realization)
    without = household_estimate(household)
    return TradeCheck(
        realization=realization,
        estimate=estimate,
        without=without,
        marginal=estimate_difference(estimate, without),
    )
