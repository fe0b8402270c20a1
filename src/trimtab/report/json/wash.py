"""Wash-sale pieces of the ``trimtab.check/1`` and ``trimtab.tax/1`` documents, and their words.

Money and shares are rounded half-up only here (cents, six places); the wash engine's amounts
are exact Decimal quotients (:mod:`trimtab.tax.wash`). The reason sentence of a harvest mark
is shared by the JSON (``wash_reason``) and the console.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from trimtab.money import ZERO, money_str, shares_str
from trimtab.tax.harvest_wash import HarvestWash
from trimtab.tax.wash import CalendarEntry, ReplacementKind, ReplacementUse, Wash, WashKind
from trimtab.tax.wash.adjust import AdjustedLot
from trimtab.tax.wash.match import WINDOW_DAYS

# How a replacement's kind reads in a sentence: (one, several).
KIND_WORDS: dict[ReplacementKind, tuple[str, str]] = {
    ReplacementKind.TRADE: ("the buy", "the buys"),
    ReplacementKind.TRANSACTION: ("the recent buy", "the recent buys"),
    ReplacementKind.LOT: ("the lot bought", "the lots bought"),
    ReplacementKind.RECURRING: ("the recurring purchase", "the recurring purchases"),
}


def replacement_json(use: ReplacementUse) -> dict[str, Any]:
    """One replacement purchase matched to a loss sale.

    quantity: the replacement shares used (each absorbs one sold share's loss), not the whole
    purchase; disallowed: the part of the loss moved onto them (or lost, when permanent).
    """
    a = use.acquisition
    return {
        "kind": a.kind.value,
        "id": a.id,
        "account": a.account,
        "symbol": a.symbol,
        "date": a.date.isoformat(),
        "quantity": shares_str(use.quantity),
        "disallowed": money_str(use.disallowed),
        "permanent": a.permanent,
        "estimated": a.estimated,
    }


def wash_fields(wash: Wash | None) -> dict[str, Any]:
    """The wash fields of a realized row: kind, disallowed and permanent amounts, replacements."""
    if wash is None:
        return {
            "wash": WashKind.NONE.value,
            "wash_disallowed": money_str(ZERO),
            "wash_permanent": money_str(ZERO),
            "replacements": [],
        }
    return {
        "wash": wash.kind.value,
        "wash_disallowed": money_str(wash.disallowed),
        "wash_permanent": money_str(wash.permanent),
        "replacements": [replacement_json(u) for u in wash.replacements],
    }


def adjusted_lot_fields(lot: AdjustedLot) -> dict[str, Any]:
    """The wash field of a lot after the trades (its cost and start already include it)."""
    return {"wash_adjustment": money_str(lot.wash_adjustment)}


def calendar_json(entry: CalendarEntry) -> dict[str, Any]:
    """One group sold at a loss: its symbols, the latest loss sale, the last day a buy washes."""
    return {
        "symbols": list(entry.symbols),
        "sold_on": entry.sold_on.isoformat(),
        "no_buy_until": entry.no_buy_until.isoformat(),
    }


def harvest_wash_fields(mark: HarvestWash, as_of: dt.date) -> dict[str, Any]:
    """Whether a sale of the harvestable lot today would be washed, how much, and why."""
    return {
        "wash_if_sold_today": mark.wash.kind.value,
        "wash_disallowed_if_sold_today": money_str(mark.wash.disallowed),
        "wash_reason": wash_reason(mark, as_of),
    }


def wash_reason(mark: HarvestWash, as_of: dt.date) -> str:
    """A sentence: which purchases would replace the lot sold today, and what the loss becomes."""
    wash, lot = mark.wash, mark.harvest.lot
    if not wash.replacements:
        window = dt.timedelta(days=WINDOW_DAYS)
        return (
            f"no purchase of {lot.symbol} or a substantially identical security in any account "
            f"of the return from {as_of - window} to {as_of + window}: the loss would be allowed"
        )
    return (
        f"sold today, {_shares(wash.washed_quantity)} of its {_shares(lot.quantity)} shares would "
        f"be replaced within 30 days by {_purchases(wash)}: ${money_str(wash.disallowed)} of the "
        f"${money_str(wash.sale.loss)} loss would be disallowed{_fate(wash)}"
    )


def _purchases(wash: Wash) -> str:
    """The replacements grouped by kind, account and symbol, with their dates and shares."""
    groups: dict[tuple[ReplacementKind, str, str], list[ReplacementUse]] = {}
    for use in wash.replacements:
        a = use.acquisition
        groups.setdefault((a.kind, a.account, a.symbol), []).append(use)
    parts = []
    for (kind, account, symbol), uses in groups.items():
        dates = _and([str(u.acquisition.date) for u in uses])
        total = sum((u.quantity for u in uses), ZERO)
        word = KIND_WORDS[kind][0 if len(uses) == 1 else 1]
        count = f" ({_shares(total)} shares)" if len(groups) > 1 else ""
        parts.append(f"{word} of {symbol} in {account} on {dates}{count}")
    return "; ".join(parts)


def _fate(wash: Wash) -> str:
    """What becomes of the disallowed loss: lost for good, deferred into a basis, or both."""
    lost, deferred = wash.permanent, wash.disallowed - wash.permanent
    why = " (a replacement bought in an IRA or an employer plan, Rev. Rul. 2008-5)"
    if lost > 0 and deferred > 0:
        return (
            f": ${money_str(lost)} lost for good{why} and ${money_str(deferred)} added to the "
            "replacement's basis"
        )
    if lost > 0:
        return f" and lost for good{why}"
    return " and added to the replacement's basis"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _shares(value: Decimal) -> str:
    text = shares_str(value)
    return text.rstrip("0").rstrip(".")
