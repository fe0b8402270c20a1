"""A sentence per trade that a compliance officer can file: what, why here, which lots, the tax.

Example: "Sell 20 IVV ($13,643.00) in joint-taxable (taxable): US Large Cap Equity is +5.04
points from its 35.00% target (band 32.00–38.00%), +1.20 after the plan. Lots L6 (20 shares,
short-term loss $757.00), chosen by the optimizer for the least tax. Tax impact: short-term loss
$757.00."
"""

from __future__ import annotations

from decimal import Decimal

from trimtab.analysis.drift import Drift, DriftRow
from trimtab.model.enums import TradeAction, TradeReason
from trimtab.model.household import Household
from trimtab.model.plan import PlannedLot, PlannedTrade
from trimtab.money import dollars_text, percent_text
from trimtab.rules.securities import SUB_ASSET_TAGS

REASON_WORDS = {
    TradeReason.REBALANCE: "rebalance",
    TradeReason.CASH_FLOW: "to invest or raise cash for a pending cash flow",
    TradeReason.RMD: "to raise the required minimum distribution",
    TradeReason.ORDER: "the client's order, included as given",
    TradeReason.HARVEST: "to harvest a loss",
    TradeReason.REPLACEMENT: "to keep the allocation after a harvest",
    TradeReason.LOCATION: "to improve asset location",
}


def _replacement_rule(household: Household, t: PlannedTrade) -> str:
    """Which rule chose a replacement (issue 20 item 8, docs/harvesting.md): a harvest partner
    the securities master lists, else the same sub-asset (class and mandate tags) on another
    index."""
    if t.reason is not TradeReason.REPLACEMENT or t.action is not TradeAction.BUY:
        return ""
    listed = sorted(s.symbol for s in household.securities if t.symbol in s.harvest_partners)
    if listed:
        return f" (a harvest partner of {', '.join(listed)} in the securities master)"
    security = household.security(t.symbol)
    if security is None:
        return ""
    tags = sorted(set(security.tags) & SUB_ASSET_TAGS)
    mandate = f" and tags ({', '.join(tags)})" if tags else ""
    index = f", {security.index}" if security.index else ""
    return f" (a derived partner: the same class{mandate} on another index{index})"


def _pct(value: Decimal) -> str:
    return f"{percent_text(value)}"


def _signed(value: Decimal) -> str:
    return f"{percent_text(value, signed=True)}"


def _class_words(row: DriftRow, after: DriftRow | None) -> str:
    text = (
        f"{row.asset_class.label} is {_signed(row.drift_pct)} points from its "
        f"{_pct(row.target_pct)}% target (band {_pct(row.low_pct)}–{_pct(row.high_pct)}%)"
    )
    if after is not None:
        text += f", {_signed(after.drift_pct)} after the plan"
    return text


def _where(household: Household, account_id: str) -> str:
    account = household.account(account_id)
    if account is None:
        return account_id
    if account.taxed:
        return f"{account_id} (taxable)"
    return f"{account_id} ({account.type.value}: no tax on trades inside it)"


def _lots_words(lots: tuple[PlannedLot, ...], method: str) -> str:
    if not lots:
        return ""
    parts = []
    for lot in lots:
        term = "long-term" if lot.long_term else "short-term"
        kind = "gain" if lot.gain >= 0 else "loss"
        parts.append(
            f"{lot.lot_id} ({lot.quantity} shares, {term} {kind} {dollars_text(abs(lot.gain))})"
        )
    return f" Lots {', '.join(parts)}, {method}."


def _tax_words(t: PlannedTrade) -> str:
    bits = []
    for label, value in (("short-term", t.short_term_gain), ("long-term", t.long_term_gain)):
        if value:
            bits.append(f"{label} {'gain' if value > 0 else 'loss'} {dollars_text(abs(value))}")
    if t.wash_disallowed:
        how = "lost for good" if t.wash_permanent else "deferred into the replacement"
        bits.append(
            f"{dollars_text(t.wash_disallowed)} of the loss disallowed as a wash sale ({how})"
        )
    return " Tax impact: " + ("; ".join(bits) if bits else "none") + "."


def rationale(
    household: Household,
    t: PlannedTrade,
    before: Drift,
    after: Drift,
    method: str,
    location: str = "",
    *,
    purpose: str = "",
) -> str:
    """The filed sentence of one trade; ``location``: the drag words of a location trade;
    ``purpose``: how much of a cash-raising sale raises cash and how much rebalances
    (:mod:`trimtab.explain.cash_share`)."""
    verb = "Sell" if t.action is TradeAction.SELL else "Buy"
    security = household.security(t.symbol)
    amount = dollars_text(t.amount)
    head = f"{verb} {t.quantity} {t.symbol} ({amount}) in {_where(household, t.account)}"
    why = f" — {REASON_WORDS[t.reason]}{_replacement_rule(household, t)}{purpose}"
    if security is not None:
        main = security.main_class
        row = next((r for r in before.rows if r.asset_class is main), None)
        row_after = next((r for r in after.rows if r.asset_class is main), None)
        if row is not None:
            why += f": {_class_words(row, row_after)}"
    return head + why + "." + location + _lots_words(t.lots, method) + _tax_words(t)
