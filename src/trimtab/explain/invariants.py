"""Invariants every plan must satisfy before it is shown; a violation is a bug (exit 70).

- no_short_sale: no account sells more shares of a symbol, or of a lot, than it holds;
- no_negative_cash: every account's cash after the plan is ≥ 0;
- restrictions_obeyed: nothing restricted is sold or bought, held-away accounts are untouched,
  buy menus are respected, concentrated positions stay under their yearly cap (orders aside);
- value_conserved: per account, value after = value before + contributions − distributions −
  transaction costs, exactly in Decimal;
- no_wash_sale: no loss the plan realizes is washed, and no purchase of the plan washes a
  recent loss, unless an order forces it or the model priced it: a lot sold into a partial
  wash the optimizer priced (:mod:`trimtab.optimize.partial_wash`) may be washed by the
  household's purchases, never by the plan's own buys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType

from trimtab.analysis.restrictions import blocks_buy, blocks_sale
from trimtab.errors import InternalError
from trimtab.model.enums import RestrictionKind, TradeAction, TradeReason
from trimtab.model.household import Household
from trimtab.model.plan import AccountChange, PlannedTrade
from trimtab.money import ZERO
from trimtab.tax.memo import per_household
from trimtab.tax.wash import ReplacementKind, Wash, WashReport

Violation = str
Check = Callable[
    [Household, tuple[PlannedTrade, ...], tuple[AccountChange, ...]], Iterator[Violation]
]


def no_short_sale(
    h: Household, trades: tuple[PlannedTrade, ...], _: tuple[AccountChange, ...]
) -> Iterator[Violation]:
    """Sold shares never exceed held shares, per position and per lot."""
    held = {(a.id, hd.symbol): hd.quantity for a in h.accounts for hd in a.holdings}
    lots = _lot_quantities(h)
    sold: defaultdict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for t in trades:
        if t.action is TradeAction.SELL:
            sold[(t.account, t.symbol)] += t.quantity
            for lot in t.lots:
                held_lot = lots.get(lot.lot_id)
                if held_lot is not None and lot.quantity > held_lot:
                    yield f"{t.id} sells {lot.quantity} of lot {lot.lot_id} holding {held_lot}"
    for key, quantity in sold.items():
        if quantity > held.get(key, ZERO):
            yield f"{key[0]} sells {quantity} {key[1]} holding {held.get(key, ZERO)}"


@per_household
def _lot_quantities(h: Household) -> Mapping[str, Decimal]:
    """Shares of each lot id (the last lot, when ids repeat), once per household object."""
    return MappingProxyType(
        {lot.id: lot.quantity for a in h.accounts for hd in a.holdings for lot in hd.lots}
    )


def no_negative_cash(
    _: Household, __: tuple[PlannedTrade, ...], accounts: tuple[AccountChange, ...]
) -> Iterator[Violation]:
    """Every account ends with cash ≥ 0."""
    for a in accounts:
        if a.cash_after < 0:
            yield f"{a.account} ends with cash {a.cash_after}"


def restrictions_obeyed(
    h: Household, trades: tuple[PlannedTrade, ...], _: tuple[AccountChange, ...]
) -> Iterator[Violation]:
    """No restricted trade (orders excepted), held-away accounts untouched, menus respected."""
    for t in trades:
        if t.reason is TradeReason.ORDER:
            continue
        account = h.account(t.account)
        if account is None or not account.tradable:
            yield f"{t.id} trades in {t.account}, which is not tradable"
            continue
        if t.action is TradeAction.BUY and account.buy_menu and t.symbol not in account.buy_menu:
            yield f"{t.id} buys {t.symbol}, not on the buy menu of {t.account}"
        security = h.security(t.symbol)
        for r in h.restrictions:
            broken = (
                blocks_sale(r, t.account, t.symbol, h.as_of)
                if t.action is TradeAction.SELL
                else security is not None and blocks_buy(r, t.account, security)
            )
            if broken:
                yield f"{t.id} breaks the {r.kind.value} restriction on {r.symbol or r.tag}"
    yield from _caps(h, trades)


def _caps(h: Household, trades: tuple[PlannedTrade, ...]) -> Iterator[Violation]:
    for r in h.restrictions:
        if r.kind is RestrictionKind.MAX_SELL_PER_YEAR and r.amount is not None:
            sold = sum(
                (
                    t.amount
                    for t in trades
                    if t.symbol == r.symbol
                    and t.action is TradeAction.SELL
                    and t.reason is not TradeReason.ORDER
                ),
                ZERO,
            )
            if sold > r.amount:
                yield f"sells ${sold} of {r.symbol}, over its yearly cap ${r.amount}"


def value_conserved(
    _: Household, trades: tuple[PlannedTrade, ...], accounts: tuple[AccountChange, ...]
) -> Iterator[Violation]:
    """value after = value before + contributions − distributions − costs, per account."""
    for a in accounts:
        costs = sum((t.transaction_cost for t in trades if t.account == a.account), ZERO)
        expected = a.value_before + a.contributed - a.distributed - costs
        if a.value_after != expected:
            yield f"{a.account}: value after {a.value_after} ≠ {expected}"


INVARIANTS: tuple[tuple[str, Check], ...] = (
    ("no_short_sale", no_short_sale),
    ("no_negative_cash", no_negative_cash),
    ("restrictions_obeyed", restrictions_obeyed),
    ("value_conserved", value_conserved),
)


def check_invariants(
    household: Household, trades: tuple[PlannedTrade, ...], accounts: tuple[AccountChange, ...]
) -> None:
    """Raise :class:`InternalError` naming the first broken invariant and what broke it."""
    for name, check in INVARIANTS:
        broken = list(check(household, trades, accounts))
        if broken:
            raise InternalError(f"invariant {name} violated: " + "; ".join(broken))


def no_wash_sale(
    trades: tuple[PlannedTrade, ...],
    washes: WashReport,
    priced: frozenset[tuple[str, str]] = frozenset(),
) -> Iterator[Violation]:
    """No wash unless an order forces it (the trade that loses or washes is an order) or the
    model priced it (``priced``: (account, lot id) of the lots sold into a priced partial wash;
    their replacements are none of the plan's buys)."""
    ordered = {t.id for t in trades if t.reason is TradeReason.ORDER}
    planned = {t.id for t in trades}
    for wash in washes.washes:
        if wash.disallowed <= 0:
            continue
        if (
            wash.sale.trade in planned
            and wash.sale.trade not in ordered
            and not _priced(wash, planned, priced)
        ):
            yield f"{wash.sale.trade} sells {wash.sale.symbol} at a loss that is washed"
        for use in wash.replacements:
            bought = use.acquisition.id
            if (
                use.acquisition.kind is ReplacementKind.TRADE
                and bought in planned
                and (bought not in ordered and wash.sale.trade not in ordered)
            ):
                yield f"{bought} buys {use.acquisition.symbol}, washing the loss of {wash.sale.id}"


def _priced(wash: Wash, planned: set[str], priced: frozenset[tuple[str, str]]) -> bool:
    """The wash is of a lot the model priced, by purchases the plan does not make."""
    sale = wash.sale
    lot = sale.id.partition("/")[2]
    return bool({(sale.account, sale.lot_id), (sale.account, lot)} & priced) and not any(
        use.acquisition.kind is ReplacementKind.TRADE and use.acquisition.id in planned
        for use in wash.replacements
    )


def check_no_wash(
    trades: tuple[PlannedTrade, ...],
    washes: WashReport,
    priced: frozenset[tuple[str, str]] = frozenset(),
) -> None:
    """Raise :class:`InternalError` when the plan washes a loss it was not ordered to and the
    model did not price (``priced``: :func:`no_wash_sale`)."""
    broken = list(no_wash_sale(trades, washes, priced))
    if broken:
        raise InternalError("invariant no_wash_sale violated: " + "; ".join(broken))
