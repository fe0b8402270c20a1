"""The words a trade's rationale carries besides its reason and its class's drift: how much of
an order it is, the relief method that picked its lots, and the wash-sale windows it straddles
(issue 30, move 4: the rationale's words in their own module)."""

from __future__ import annotations

from trimtab.model.enums import ReliefMethod, TradeReason
from trimtab.model.household import Household
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO
from trimtab.tax.wash.boundary import boundary_notes
from trimtab.tax.wash.records import ReplacementKind, Wash


def boundary_words(washes: tuple[Wash, ...], trade_id: str) -> str:
    """The trade's year-boundary wash sentences (a January purchase washing a December loss):
    the dollars that leave last year's return and the year that loses the deduction."""
    notes = boundary_notes(washes, trade_id)
    return "".join(f" Wash sale across the year end: {note}." for note in notes)


def washes_by_trade(washes: tuple[Wash, ...]) -> dict[str, tuple[Wash, ...]]:
    """By trade id, in order, the washes of its loss sales and those its purchases make: all
    a trade's words are about (the washes are read once, not once per trade)."""
    found: dict[str, dict[int, Wash]] = {}
    for k, wash in enumerate(washes):
        found.setdefault(wash.sale.trade, {})[k] = wash
        for use in wash.replacements:
            if use.acquisition.kind is ReplacementKind.TRADE:
                found.setdefault(use.acquisition.id, {})[k] = wash
    return {trade: tuple(by_order.values()) for trade, by_order in found.items()}


def order_words(household: Household, t: PlannedTrade) -> str:
    """For an order the plan trades more of (an order without named lots sets a minimum):
    how much the order asked for, and that the rest rebalances."""
    if t.reason is not TradeReason.ORDER:
        return ""
    ordered = sum(
        (
            o.quantity if o.quantity is not None else (o.amount or ZERO) / t.price
            for o in household.orders
            if (o.account, o.symbol, o.action) == (t.account, t.symbol, t.action)
        ),
        ZERO,
    )
    extra = t.quantity - ordered
    if ordered <= 0 or extra <= 0:
        return ""
    return (
        f" The order is for {ordered.normalize():f} shares; the plan {t.action.value}s "
        f"{extra.normalize():f} more to rebalance."
    )


def method_words(household: Household, t: PlannedTrade, override: ReliefMethod | None) -> str:
    account = household.account(t.account)
    if account is None or not account.taxed:
        return "no tax inside the account"
    method = override or account.relief_method
    if method is None or method is ReliefMethod.SPECIFIC_ID:
        return "chosen by the optimizer for the least tax (specific identification)"
    if override is not None:
        return f"by the run's relief method (--relief-method {method.value})"
    return f"by the account's relief method ({method.value})"
