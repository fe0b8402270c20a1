"""Why each trade is in the plan: an order, a cash flow or RMD, a harvest or its replacement,
asset location, or rebalancing (issue 30, move 4: the reasons in their own module)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Protocol

from trimtab.analysis.drift import Drift
from trimtab.explain.cash_share import shortfall
from trimtab.explain.location_words import agrees
from trimtab.model.enums import AssetClass, Mode, TradeAction, TradeReason
from trimtab.money import ZERO
from trimtab.optimize.decode import Decoded
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.model import main_class
from trimtab.results.location import LocationReview


class Harvests:
    """The decoded plan's harvests, read once per plan: the (account, symbol) they sell, the
    (account, class) a buy replaces them in (figured when a buy first asks), and the (account,
    symbol) whose sale in a taxable account of the return realizes a net loss."""

    def __init__(self, p: PlanInputs, decoded: Decoded) -> None:
        self._p = p
        self._decoded = decoded
        self.sold = {(u.account, u.symbol) for u in decoded.harvested}

    @functools.cached_property
    def at_a_loss(self) -> set[tuple[str, str]]:
        net: dict[tuple[str, str], Decimal] = {}
        for u, q in self._decoded.sells:
            if u.taxed and q > 0:
                key = (u.account, u.symbol)
                net[key] = net.get(key, ZERO) + u.gain_per_share * q
        return {key for key, gain in net.items() if gain < 0}

    @functools.cached_property
    def replaced(self) -> set[tuple[str, AssetClass]]:
        return {(u.account, main_class(self._p, u.symbol)) for u in self._decoded.harvested}


class Side(Protocol):
    """What a reason reads of a trade: its account, security and side (a decoded draft or a
    planned trade)."""

    @property
    def account(self) -> str: ...
    @property
    def symbol(self) -> str: ...
    @property
    def action(self) -> TradeAction: ...


def reason(
    p: PlanInputs,
    t: Side,
    draws: dict[str, Decimal],
    harvests: Harvests,
    before: Drift,
    review: LocationReview,
) -> TradeReason:
    """Why a trade is in the plan: an order, a cash flow or RMD, a harvest or its replacement,
    asset location (in `location` mode, or a trade that moves its class away from target,
    which only the location term asks for), else rebalancing."""
    flows = next(a for a in p.accounts if a.account == t.account)
    if (t.account, t.symbol, t.action) in p.ordered:
        return TradeReason.ORDER
    if t.action is TradeAction.SELL:
        if shortfall(flows, draws.get(t.account, ZERO)) > 0:
            return TradeReason.RMD if draws.get(t.account, ZERO) > 0 else TradeReason.CASH_FLOW
        if (t.account, t.symbol) in harvests.sold:
            return TradeReason.HARVEST
        why = _location_or_rebalance(p, t, before, review)
        if why is TradeReason.REBALANCE and _loss_not_rebalancing(p, t, before, harvests):
            return TradeReason.HARVEST
        return why
    if (t.account, main_class(p, t.symbol)) in harvests.replaced:
        return TradeReason.REPLACEMENT
    if p.mode is Mode.LOCATION:
        return TradeReason.LOCATION
    if flows.contributions > 0 or p.mode is Mode.CASH:
        return TradeReason.CASH_FLOW
    return _location_or_rebalance(p, t, before, review)


def _location_or_rebalance(
    p: PlanInputs, t: Side, before: Drift, review: LocationReview
) -> TradeReason:
    """LOCATION for a trade only the location term asks for, when the review moves its class
    in its account the same way (:func:`.location_words.agrees`); else REBALANCE."""
    if _for_location(p, t, before) and agrees(review, main_class(p, t.symbol), t.account, t.action):
        return TradeReason.LOCATION
    return TradeReason.REBALANCE


def _loss_not_rebalancing(p: PlanInputs, t: Side, before: Drift, harvests: Harvests) -> bool:
    """A sale of a class at or under its target (rebalancing would not sell it) that realizes a
    net loss in a taxable account of the return: the loss is what it is for, though nothing
    of the class replaces it (generated household 0 sold 15 NYF, a short-term loss of
    $1,288.39, with bonds 2.50 points under target: "rebalance" was not true)."""
    return (t.account, t.symbol) in harvests.at_a_loss and _drift(p, t, before) <= 0


def _for_location(p: PlanInputs, t: Side, before: Drift) -> bool:
    """In `location` mode every such trade; otherwise, with the location term on, a sale of a
    class at or under its target or a buy of a class over it (rebalancing would not)."""
    if p.mode is Mode.LOCATION:
        return True
    if p.location is None:
        return False
    drift = _drift(p, t, before)
    return drift <= 0 if t.action is TradeAction.SELL else drift > 0


def _drift(p: PlanInputs, t: Side, before: Drift) -> Decimal:
    """The drift before the plan of the trade's security's main class (points; 0: no row)."""
    cls = main_class(p, t.symbol)
    return next((r.drift_pct for r in before.rows if r.asset_class is cls), ZERO)
