"""An asset-location trade's words: the drag it saves or adds, and the tax it costs.

A trade is a location trade (rather than a rebalance) only when the asset-location review moves
its class the same way in its account: a sale where the review holds less of the class there
than today, a purchase where it holds more (:func:`agrees`). So the words never contradict the
review (a review that keeps munis in taxable never has a muni sale there called a location
move).

Its sentence: the class's yearly tax drag in this account type (basis points, the review's
drag table, in wealth terms: docs/asset-location.md); what the plan's location trades together
cut from the household's yearly drag (sales take their class's drag out, purchases bring
theirs in: a swap's saving is the difference, and a move's saving shows only across its
accounts — a taxable account taking equity from an IRA drags a little more itself, the IRA
much less); the tax they cost now at the plan's marginal rates (their realized short- and
long-term gains; none in a tax-advantaged account); and what the review's best location saves
the household. Example, 27,525 of bonds sold in taxable (69.46 bp) for 27,500 of equity
(74.78 bp) while the IRA sells 27,500 of equity (134.06 bp) for 27,400 of bonds (90.08 bp):
"Asset location: Investment Grade Bonds carries 69.5 bp a year of tax drag in a taxable
account; with the plan's other location trades this sale cuts the household's yearly drag by
$107.38, with a loss that lowers tax now; the review's best location saves the household
$115.97 a year."
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from trimtab.model.enums import AccountType, AssetClass, TradeAction, TradeReason
from trimtab.model.household import Household
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO, dollars_text
from trimtab.results.location import LocationReview

BP = Decimal(10_000)


def agrees(review: LocationReview, cls: AssetClass, account: str, action: TradeAction) -> bool:
    """The review moves ``cls`` in ``account`` the way the trade does."""
    now = sum(
        (r.amount for r in review.current if (r.asset_class, r.account) == (cls, account)), ZERO
    )
    best = sum(
        (r.amount for r in review.best if (r.asset_class, r.account) == (cls, account)), ZERO
    )
    return best < now if action is TradeAction.SELL else best > now


def location_words(
    household: Household,
    trades: tuple[PlannedTrade, ...],
    classes: Mapping[str, AssetClass],
    review: LocationReview,
    rates: tuple[Decimal, Decimal],
) -> dict[str, str]:
    """By trade id, the sentence of each location trade. ``classes``: each symbol's main class;
    ``rates``: the plan's marginal short- and long-term rates."""
    mine = [t for t in trades if t.reason is TradeReason.LOCATION]
    cut = ZERO
    cost = ZERO
    for t in mine:
        bp = _drag_bp(review, classes[t.symbol], _kind(household, t.account), t.symbol)
        sign = 1 if t.action is TradeAction.SELL else -1
        cut += sign * t.amount * bp / BP
        cost += t.short_term_gain * rates[0] + t.long_term_gain * rates[1]
    paid = (
        f"for {dollars_text(cost)} of tax now"
        if cost > 0
        else ("with a loss that lowers tax now" if cost < 0 else "for no tax")
    )
    out = {}
    for t in mine:
        cls = classes[t.symbol]
        kind = _kind(household, t.account)
        where = "taxable" if kind is AccountType.TAXABLE else kind.value
        out[t.id] = (
            f" Asset location: {cls.label} carries "
            f"{_drag_bp(review, cls, kind, t.symbol):.1f} bp a year of tax drag in a {where} "
            f"account; with the plan's other location trades this "
            f"{'sale' if t.action is TradeAction.SELL else 'purchase'} "
            f"{'cuts' if cut >= 0 else 'raises'} the household's yearly drag by "
            f"{dollars_text(abs(cut))}, {paid}; the review's best location saves the household "
            f"{dollars_text(review.gain_dollars)} a year."
        )
    return out


def _kind(household: Household, account_id: str) -> AccountType:
    account = household.account(account_id)
    return account.type if account is not None else AccountType.TAXABLE


def _drag_bp(review: LocationReview, cls: AssetClass, kind: AccountType, symbol: str) -> Decimal:
    """The drag of the security's own figures where they differ from its class's, else the
    class's, in ``kind`` accounts (0 when the review has no row: the account is out of its
    scope)."""
    own = [r for r in review.drag if r.account_type is kind and r.symbol == symbol]
    rows = own or [
        r for r in review.drag if (r.asset_class, r.account_type, r.symbol) == (cls, kind, "")
    ]
    return rows[0].bp_per_year if rows else ZERO
