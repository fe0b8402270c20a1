"""An asset-location trade's words: the drag it saves or adds, and the tax it costs.

A trade is a location trade (rather than a rebalance) only when the asset-location review moves
its class the same way in its account: a sale where the review holds less of the class there
than today, a purchase where it holds more (:func:`agrees`). So the words never contradict the
review (a review that keeps munis in taxable never has a muni sale there called a location
move).

Its sentence: the class's yearly tax drag in this account type (basis points, the review's
drag table); what the account's location trades together cut from its yearly drag (sales take
their class's drag out, purchases bring theirs in: a swap's saving is the difference); the tax
they cost now at the plan's marginal rates (their realized short- and long-term gains; none in
a tax-advantaged account); and what the review's best location saves the household. Example,
30,000 of bonds (96.8 bp in taxable) swapped for equity (69.6 bp): "Asset location: Investment
Grade Bonds carries 96.8 bp a year of tax drag in a taxable account; with the other location
trades in brokerage this sale cuts the yearly drag there by $81.26, for no tax; the review's
best location saves the household $89.23 a year."
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from trimtab.model.enums import AccountType, AssetClass, TradeAction, TradeReason
from trimtab.model.household import Household
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO, dollars_text
from trimtab.optimize.location import LocationReview

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
    saved: dict[str, Decimal] = {}
    tax: dict[str, Decimal] = {}
    for t in mine:
        bp = _drag_bp(review, classes[t.symbol], _kind(household, t.account), t.symbol)
        sign = 1 if t.action is TradeAction.SELL else -1
        saved[t.account] = saved.get(t.account, ZERO) + sign * t.amount * bp / BP
        gained = t.short_term_gain * rates[0] + t.long_term_gain * rates[1]
        tax[t.account] = tax.get(t.account, ZERO) + gained
    out = {}
    for t in mine:
        cls = classes[t.symbol]
        kind = _kind(household, t.account)
        where = "taxable" if kind is AccountType.TAXABLE else kind.value
        cost = tax[t.account]
        paid = (
            f"for {dollars_text(cost)} of tax now"
            if cost > 0
            else ("with a loss that lowers tax now" if cost < 0 else "for no tax")
        )
        cut = saved[t.account]
        out[t.id] = (
            f" Asset location: {cls.label} carries "
            f"{_drag_bp(review, cls, kind, t.symbol):.1f} bp a year of tax drag in a {where} "
            f"account; with the other location trades in {t.account} this "
            f"{'sale' if t.action is TradeAction.SELL else 'purchase'} "
            f"{'cuts' if cut >= 0 else 'raises'} the yearly drag there by "
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
