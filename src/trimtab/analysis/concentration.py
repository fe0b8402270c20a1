"""Concentrated positions: a single stock above `concentration_limit` of the household, and the
tax of selling it down to the limit.

Rule. A single stock is a security of type ``stock`` (one company's shares; a fund of any kind
is never one). Its value is summed over every account of the household, held-away ones
included, and divided by the household's value (every account, cash included: the drift
table's denominator). Above ``settings.concentration_limit`` percent (default 10) it is
concentrated.

The sale that brings it back to the limit is the fewest shares ``q`` (whole shares where the
stock trades in whole shares) whose sale leaves the rest at or below the limit of the household
after the sale's costs: with price ``p``, value ``V``, household value ``H``, limit ``L`` (a
fraction), half-spread ``r`` and commission ``c`` on each of the ``n`` sales,

    V − q·p ≤ L·(H − q·p·r − n·c)   ⇔   q ≥ (V − L·H + L·n·c) ÷ (p·(1 − L·r)).

The shares are taken the way a tax-aware seller would, lot by lot across the household:

1. tax-advantaged accounts first (IRAs, 401(k)s, HSAs…, in file order): no tax on the sale;
2. then the taxable accounts' lots by the min-tax order of :mod:`trimtab.tax.relief`:
   short-term losses, long-term losses, lots with no gain, long-term gains, short-term gains;
   within a group the lowest gain per share (the highest basis) first, then file order.

A taxable account that sets a relief method other than ``specific_id`` sells by that method
(its broker relieves the lots, not trimtab): its lots come in that method's order, and the merge
takes its next lot when that lot's place in the order above comes next. Shares that cannot be
sold are counted but not taken: held-away accounts (``tradable: false``), another taxpayer's
accounts (``separate_taxpayer``: their sale is that taxpayer's tax), holdings with ``basis:
unknown``, and positions under a ``no_sell`` or a running ``no_sell_until`` restriction. When
those leave too little to reach the limit, everything sellable is sold and ``percent_after``
says where that leaves the stock.

The tax is exact: the sales go through the tax engine as a trade list
(:func:`trimtab.tax.whatif.what_if`, as ``trimtab check`` and the plan price theirs), net of
their half-spread and commission, and the tax is the year's estimate with the sales less the
estimate without (netting, carryforward, brackets, NIIT, state; wash sales included).

Worked example (tests/analysis/test_concentration.py). A $1,000,000 household holds 2,500 ACME
at $100 = $250,000, 25 %; the limit is 10 %. 1,000 shares are in a traditional IRA; the
taxable account holds lot A (1,000 shares, cost $20 each, long-term), lot B (300 shares, cost
$120, long-term: a loss) and lot C (200 shares, cost $80, short-term). The stock spread is
5 bp, no commission: q ≥ (250,000 − 100,000) ÷ (100 × (1 − 0.1 × 0.0005)) = 1,500.075, so
1,501 shares (1,500 would leave $100,000 against 10 % of $999,925.00 = $99,992.50). They are
the IRA's 1,000 (no tax), then B's 300 (a loss, net 300 × 99.95 − 36,000 = −$6,015.00), then
201 of A (long-term, highest basis of the gains before the short-term C: 201 × 99.95 − 201 ×
20 = $16,069.95): a net long-term gain of $10,054.95. At 15 % federal and a 5 % state rate
the tax is 10,054.95 × 0.20 = $2,010.99. After the sale ACME is 99,900 ÷ 999,924.95 = 9.9908 %.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from trimtab.analysis.restrictions import sale_blocked
from trimtab.analysis.valuation import household_value, price
from trimtab.errors import Problem, Severity
from trimtab.model.enums import (
    ReliefMethod,
    SecurityType,
    TradeAction,
)
from trimtab.model.household import Account, Holding, Household
from trimtab.model.trade import Trade
from trimtab.money import HUNDRED, ZERO, dollars_text, percent_text, shares_text
from trimtab.source import Source
from trimtab.tax.memo import per_household

if TYPE_CHECKING:
    from trimtab.analysis.state import LotState

ONE = Decimal(1)
SHARE_PLACES = Decimal("0.000001")
BP = Decimal(10000)


@dataclass(frozen=True, slots=True, kw_only=True)
class StockSale:
    """One account's sale toward the limit.

    account: the account id.
    quantity: shares sold there.
    lots: the lots named, in order (specific identification); empty where the account's relief
        method picks them, and in tax-advantaged accounts.
    """

    account: str
    quantity: Decimal
    lots: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Concentration:
    """A single stock above the limit, and the sale that brings it back to it.

    symbol / name: the stock.
    value: its market value over every account; percent: of the household's value.
    limit: the `concentration_limit` setting, percent.
    excess_value: value − limit % of the household's value (before any cost).
    shares_to_sell: shares of the sale (all that may be sold, when that is less).
    sales: that sale by account, in the order taken.
    percent_after: the stock's percent of the household after the sale and its costs.
    short_term_gain / long_term_gain: what the sale realizes on this return (before washes).
    tax_to_reduce: the year's tax with the sale less without it (the marginal tax).
    source: the place of the stock's first holding in the household file.
    field: that holding's field path (``accounts[0].holdings[2]``).
    """

    symbol: str
    name: str
    value: Decimal
    percent: Decimal
    limit: Decimal
    excess_value: Decimal
    shares_to_sell: Decimal
    sales: tuple[StockSale, ...]
    percent_after: Decimal
    short_term_gain: Decimal
    long_term_gain: Decimal
    tax_to_reduce: Decimal
    source: Source
    field: str


@dataclass(frozen=True, slots=True, kw_only=True)
class _Piece:
    """Shares of one lot (or of a position without lots) that may be sold.

    key: its place in the selling order (smaller first). lot_id: '' for a position without
    lots. named: the lot is named on the trade (specific identification).
    """

    account: str
    lot_id: str
    quantity: Decimal
    key: tuple[int, Decimal, int]
    named: bool


# the groups of the min-tax order (tax.relief): tax-free first, then by character of the gain
_TAX_FREE, _SHORT_LOSS, _LONG_LOSS, _NO_GAIN, _LONG_GAIN, _SHORT_GAIN = range(6)


def single_stock_values(household: Household) -> tuple[tuple[str, Decimal], ...]:
    """Each single stock held and its value over every account, in symbol order."""
    values: dict[str, Decimal] = {}
    for account in household.accounts:
        for holding in account.holdings:
            security = household.security(holding.symbol)
            if security is None or security.type is not SecurityType.STOCK:
                continue
            value = holding.quantity * price(household, holding.symbol)
            values[holding.symbol] = values.get(holding.symbol, ZERO) + value
    return tuple(sorted(values.items()))


@per_household
def concentrated_positions(household: Household) -> tuple[Concentration, ...]:
    """Every single stock above the household's `concentration_limit`, largest first."""
    total = household_value(household)
    limit = household.settings.concentration_limit
    if total <= 0:
        return ()
    found = [
        _concentration(household, symbol, value, total)
        for symbol, value in single_stock_values(household)
        if value * HUNDRED / total > limit
    ]
    return tuple(sorted(found, key=lambda c: (-c.value, c.symbol)))


def stock_percents(household: Household, symbols: Iterable[str]) -> dict[str, Decimal]:
    """The percent of the household each of ``symbols`` is (0 when no longer held)."""
    total = household_value(household)
    values = dict(single_stock_values(household))
    return {s: values.get(s, ZERO) * HUNDRED / total if total else ZERO for s in symbols}


def _concentration(
    household: Household, symbol: str, value: Decimal, total: Decimal
) -> Concentration:
    """The concentration of one stock and its sale to the limit."""
    security = household.security(symbol)
    unit = price(household, symbol)
    limit = household.settings.concentration_limit
    pieces = _sellable(household, symbol)
    sales = _sale(household, symbol, pieces, value, total)
    sold = sum((s.quantity for s in sales), ZERO)
    costs = _costs(household, sales, unit)
    short, long, tax = _tax(household, symbol, sales, unit)
    place, field = _first_holding(household, symbol)
    return Concentration(
        symbol=symbol,
        name=security.name if security is not None else "",
        value=value,
        percent=value * HUNDRED / total,
        limit=limit,
        excess_value=value - limit * total / HUNDRED,
        shares_to_sell=sold,
        sales=sales,
        percent_after=(value - sold * unit) * HUNDRED / (total - costs),
        short_term_gain=short,
        long_term_gain=long,
        tax_to_reduce=tax,
        source=place,
        field=field,
    )


def _sale(
    household: Household,
    symbol: str,
    pieces: tuple[_Piece, ...],
    value: Decimal,
    total: Decimal,
) -> tuple[StockSale, ...]:
    """The fewest shares that bring the stock to the limit after the costs of ``n`` sales
    (module docstring); ``n`` grows until the sales taken use no more accounts than counted."""
    count = 1
    while True:
        wanted = _shares_needed(household, symbol, value, total, count)
        sales = _take(pieces, wanted, _unit(household, symbol))
        if len(sales) <= count:
            return sales
        count = len(sales)


def _shares_needed(
    household: Household, symbol: str, value: Decimal, total: Decimal, sales: int
) -> Decimal:
    """q = (V − L·H + L·n·c) ÷ (p·(1 − L·r)), rounded up to the trading unit."""
    settings = household.settings
    limit = settings.concentration_limit / HUNDRED
    rate = _spread_rate(household)
    unit = price(household, symbol)
    excess = value - limit * total + limit * sales * settings.commission_per_trade
    exact = excess / (unit * (ONE - limit * rate))
    step = _unit(household, symbol)
    return (exact / step).to_integral_value(rounding=ROUND_CEILING) * step


def _unit(household: Household, symbol: str) -> Decimal:
    security = household.security(symbol)
    return ONE if security is None or security.whole_shares else SHARE_PLACES


def _spread_rate(household: Household) -> Decimal:
    """The half-spread of a stock trade, a fraction (the `spread_bps` setting)."""
    return dict(household.settings.spread_bps).get(SecurityType.STOCK, ZERO) / BP


def _costs(household: Household, sales: tuple[StockSale, ...], unit: Decimal) -> Decimal:
    """Half-spread and commissions of the sales."""
    rate, commission = _spread_rate(household), household.settings.commission_per_trade
    return sum((s.quantity * unit * rate + commission for s in sales), ZERO)


def _take(pieces: tuple[_Piece, ...], wanted: Decimal, step: Decimal) -> tuple[StockSale, ...]:
    """Take ``wanted`` shares from the pieces in key order (a lot's part rounded up to the
    trading unit), one sale per account in the order first taken."""
    taken: dict[str, tuple[Decimal, list[str]]] = {}
    left = wanted
    for piece in sorted(pieces, key=lambda x: x.key):
        if left <= 0:
            break
        part = min(piece.quantity, (left / step).to_integral_value(rounding=ROUND_CEILING) * step)
        quantity, lots = taken.get(piece.account, (ZERO, []))
        if piece.named and piece.lot_id not in lots:  # a lot a wash split: named once
            lots.append(piece.lot_id)
        taken[piece.account] = (quantity + part, lots)
        left -= part
    return tuple(
        StockSale(account=a, quantity=q, lots=tuple(lots)) for a, (q, lots) in taken.items()
    )


def _sellable(household: Household, symbol: str) -> tuple[_Piece, ...]:
    """The shares of ``symbol`` that may be sold, each with its place in the selling order."""
    pieces: list[_Piece] = []
    for index, account in enumerate(household.accounts):
        if not _may_sell_in(household, account, symbol):
            continue
        for holding in account.holdings:
            if holding.symbol == symbol and not holding.basis_unknown:
                pieces += _pieces(household, index, account, holding)
    return tuple(pieces)


def _may_sell_in(household: Household, account: Account, symbol: str) -> bool:
    """The account is tradable, of this return, and no restriction stops selling the stock."""
    if not account.tradable or not account.of_this_return:
        return False
    return not sale_blocked(household, account.id, symbol)


def _pieces(household: Household, index: int, account: Account, holding: Holding) -> list[_Piece]:
    """A tax-advantaged position as one piece; a taxable one lot by lot, in selling order."""
    if not account.taxed:
        key = (_TAX_FREE, Decimal(index), 0)
        return [
            _Piece(account=account.id, lot_id="", quantity=holding.quantity, key=key, named=False)
        ]
    if not holding.lots:
        return []
    from trimtab.analysis.state import holding_state  # the lots as recent wash sales leave them

    lots = holding_state(household, holding, account).lots
    method = account.relief_method
    named = method is None or method is ReliefMethod.SPECIFIC_ID
    keys = [_tax_key(x.unrealized_gain / x.quantity, x.long_term, k) for k, x in enumerate(lots)]
    order = range(len(lots)) if named else _METHOD_ORDER[method or ReliefMethod.FIFO](lots)
    if not named:
        keys = _in_method_order(order, keys)
    # a method's lots are listed in its order: the sort keeps lots of equal key in that order
    return [
        _Piece(
            account=account.id,
            lot_id=lots[k].lot_id,
            quantity=lots[k].quantity,
            key=keys[k],
            named=named,
        )
        for k in order
    ]


def _tax_key(gain_per_share: Decimal, long_term: bool, order: int) -> tuple[int, Decimal, int]:
    """The min-tax order's place of a lot: its group, then its gain per share, then file order."""
    if gain_per_share < 0:
        group = _LONG_LOSS if long_term else _SHORT_LOSS
    elif gain_per_share == 0:
        group = _NO_GAIN
    else:
        group = _LONG_GAIN if long_term else _SHORT_GAIN
    return (group, gain_per_share, order)


def _in_method_order(
    order: Iterable[int], keys: list[tuple[int, Decimal, int]]
) -> list[tuple[int, Decimal, int]]:
    """Keys for an account whose relief method picks the lots (in ``order``): each lot takes
    the running maximum of the keys before it in that order, so that the merge reaches a lot
    only once every lot the method sells before it is taken."""
    out = list(keys)
    highest: tuple[int, Decimal, int] | None = None
    for k in order:
        highest = keys[k] if highest is None or keys[k] > highest else highest
        out[k] = highest
    return out


def _fifo(lots: tuple[LotState, ...]) -> list[int]:
    """Earliest acquired first (ties: file order)."""
    return sorted(range(len(lots)), key=lambda k: lots[k].acquired)


def _lifo(lots: tuple[LotState, ...]) -> list[int]:
    """Latest acquired first (ties: file order; a stable sort keeps them in reverse too)."""
    return sorted(range(len(lots)), key=lambda k: lots[k].acquired, reverse=True)


def _hifo(lots: tuple[LotState, ...]) -> list[int]:
    """Highest cost per share first."""
    return sorted(range(len(lots)), key=lambda k: -lots[k].cost / lots[k].quantity)


def _min_tax(lots: tuple[LotState, ...]) -> list[int]:
    """The keys are the min-tax order already."""
    return sorted(
        range(len(lots)),
        key=lambda k: _tax_key(lots[k].unrealized_gain / lots[k].quantity, lots[k].long_term, k),
    )


_METHOD_ORDER: dict[ReliefMethod, Callable[[tuple[LotState, ...]], list[int]]] = {
    ReliefMethod.FIFO: _fifo,
    ReliefMethod.LIFO: _lifo,
    ReliefMethod.HIFO: _hifo,
    ReliefMethod.MIN_TAX: _min_tax,
    ReliefMethod.SPECIFIC_ID: _min_tax,
    ReliefMethod.AVERAGE: _fifo,  # a stock is not a mutual fund: its sale is FIFO (tax.realize)
}


def _tax(
    household: Household, symbol: str, sales: tuple[StockSale, ...], unit: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """(short-term gain, long-term gain, marginal tax) of the sales, from the tax engine."""
    if not sales:
        return ZERO, ZERO, ZERO
    from trimtab.tax.whatif import what_if  # the wash-sale engine: only for a concentrated stock

    rate, commission = _spread_rate(household), household.settings.commission_per_trade
    trades = [
        Trade(
            id=f"C{k + 1}",
            date=household.as_of,
            account=s.account,
            action=TradeAction.SELL,
            symbol=symbol,
            quantity=s.quantity,
            price=unit,
            amount=s.quantity * unit * (ONE - rate) - commission,
            lots=s.lots,
        )
        for k, s in enumerate(sales)
    ]
    result = what_if(household, trades)
    rows = [r for r in result.realization.realized if r.in_estimate]
    short = sum((r.gain for r in rows if not r.long_term), ZERO)
    long = sum((r.gain for r in rows if r.long_term), ZERO)
    return short, long, result.marginal.total


def _first_holding(household: Household, symbol: str) -> tuple[Source, str]:
    """The source and field path of the stock's first holding in the file."""
    for i, account in enumerate(household.accounts):
        for j, holding in enumerate(account.holdings):
            if holding.symbol == symbol:
                return holding.source, f"accounts[{i}].holdings[{j}]"
    return Source(file=household.file), "settings.concentration_limit"


def concentration_warnings(found: Iterable[Concentration]) -> tuple[Problem, ...]:
    """A warning per concentrated stock: its percent, the limit, the sale and its tax."""
    return tuple(
        Problem(
            source=c.source,
            field=c.field,
            kind="concentrated_position",
            message=(
                f"{c.symbol} is {percent_text(c.percent)} % of the household "
                f"({dollars_text(c.value)}), above the {c.limit} % concentration limit; selling "
                f"{shares_text(c.shares_to_sell)} shares brings it to "
                f"{percent_text(c.percent_after)} % and costs "
                f"{dollars_text(c.tax_to_reduce)} of tax"
            ),
            expected=f"at most {c.limit} % of the household in one stock (concentration_limit)",
            severity=Severity.WARNING,
        )
        for c in found
    )
