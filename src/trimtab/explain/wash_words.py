"""The rationale's words on a sale's wash: what was disallowed, by which replacement shares,
where, and whether the loss is lost for good or moves into the replacement's basis.

Example (a priced partial wash, tests/optimize/test_plan_partial_wash.py): " Wash sale: 8 of the
568 shares of lot T1 sold at a loss are matched with replacement shares bought within 30 days
(8 SCHP bought in ira on 2026-11-24: $40.04 lost for good, the replacement being in an IRA, Rev.
Rul. 2008-5), so $40.04 of its $2,842.84 loss is disallowed and $2,802.80 counts. The optimizer
priced the disallowed loss and found this sale still cheaper than the alternatives." Purchases
alike (a biweekly purchase's dates) are one phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from trimtab.model.enums import TradeReason
from trimtab.model.plan import PlannedTrade
from trimtab.money import dollars_text, round_money
from trimtab.tax.wash import ReplacementKind, ReplacementUse, Wash, WashReport

SHARES = Decimal("0.000001")


def wash_words(
    t: PlannedTrade,
    washes: WashReport | Iterable[Wash],
    priced: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """A sentence per washed loss of the sale ``t``, and for a lot the optimizer priced
    (``priced``: (account, lot id)) why it sold it anyway. ``washes``: the report, or its
    washes in order (all, or at least those of the sale ``t``)."""
    listed = washes.washes if isinstance(washes, WashReport) else washes
    found = [(w, w.disallowed) for w in listed if w.sale.trade == t.id]
    found = [(w, d) for w, d in found if d > 0]
    words = "".join(_sale_words(w, d) for w, d in found)
    if any(_lot_key(w) & priced for w, _ in found) and t.reason is not TradeReason.ORDER:
        words += (
            " The optimizer priced the disallowed loss and found this sale still cheaper "
            "than the alternatives."
        )
    return words


def _lot_key(w: Wash) -> set[tuple[str, str]]:
    return {(w.sale.account, w.sale.lot_id), (w.sale.account, w.sale.id.partition("/")[2])}


def _sale_words(w: Wash, disallowed: Decimal) -> str:
    """``disallowed``: the wash's disallowed loss (figured once)."""
    lot = w.sale.id.partition("/")[2] or w.sale.lot_id
    uses = "; ".join(_use_words(same) for same in _alike(w.replacements))
    return (
        f" Wash sale: {_shares(w.washed_quantity)} of the {_shares(w.sale.quantity)} shares of "
        f"lot {lot} sold at a loss are matched with replacement shares bought within 30 days "
        f"({uses}), so {dollars_text(disallowed)} of its {dollars_text(w.sale.loss)} loss is "
        "disallowed "
        # the two figures as printed add up: rounded apart, then subtracted
        f"and {dollars_text(round_money(w.sale.loss) - round_money(disallowed))} counts."
    )


def _alike(uses: tuple[ReplacementUse, ...]) -> list[list[ReplacementUse]]:
    """The replacements by purchase kind, security, account and fate, in the order matched: a
    biweekly purchase's four dates are one phrase."""
    found: dict[tuple[object, ...], list[ReplacementUse]] = {}
    for use in uses:
        a = use.acquisition
        key = (a.kind, a.symbol, a.account, a.permanent, a.estimated, a.lot_id)
        found.setdefault(key, []).append(use)
    return list(found.values())


def _use_words(same: list[ReplacementUse]) -> str:
    a = same[0].acquisition
    quantity = sum((u.quantity for u in same), Decimal(0))
    disallowed = sum((u.disallowed for u in same), Decimal(0))
    dates = [str(u.acquisition.date) for u in same]
    days = dates[0] if len(dates) == 1 else ", ".join(dates[:-1]) + " and " + dates[-1]
    how = {
        ReplacementKind.TRADE: "bought by this plan",
        ReplacementKind.TRANSACTION: "bought",
        ReplacementKind.LOT: f"bought (lot {a.lot_id})",
        ReplacementKind.RECURRING: "bought by a recurring purchase",
    }[a.kind]
    estimated = " (estimated)" if a.estimated else ""
    fate = (
        "lost for good, the replacement being in an IRA, Rev. Rul. 2008-5"
        if a.permanent
        else "added to the basis of those shares, IRC §1091(d)"
    )
    return (
        f"{_shares(quantity)} {a.symbol} {how} in {a.account} on {days}{estimated}: "
        f"{dollars_text(disallowed)} {fate}"
    )


def _shares(value: Decimal) -> str:
    return f"{value.quantize(SHARES).normalize():f}"
