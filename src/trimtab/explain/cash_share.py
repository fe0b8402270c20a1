"""How much of a sale pays out cash and how much rebalances (issue 21 item 5).

A sale in an account that must pay out more than its cash (withdrawals and the RMD drawn from
it, beyond its cash and contributions less its `min_cash`) is there, in part, to raise that
cash. The account's sales cover the shortfall in plan order; a sale whose net proceeds are
more than the part of the shortfall left (by a share or more: whole shares leave less) says how
much does which. Example: an IRA with no cash owes an RMD of $23,529.41 and sells $94,205.70
of a fund (net $94,196.28 after costs): "to raise the required minimum distribution with
$23,529.41 of its net $94,196.28 (RMD $23,529.41, beyond the account's cash); the other
$70,666.87 rebalances".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from trimtab.model.enums import TradeAction, TradeReason
from trimtab.model.plan import PlannedTrade
from trimtab.money import ZERO, dollars_text
from trimtab.optimize.flows import AccountFlows
from trimtab.optimize.inputs import PlanInputs


def shortfall(flows: AccountFlows, draw: Decimal) -> Decimal:
    """What the account must pay out (its withdrawals and ``draw``, the RMD drawn from it)
    beyond its cash and contributions less its `min_cash`; 0 or less when they cover it."""
    return flows.withdrawals + draw - (flows.cash + flows.contributions - flows.min_cash)


def cash_shares(
    p: PlanInputs, trades: Iterable[PlannedTrade], draws: Mapping[str, Decimal]
) -> dict[str, str]:
    """By trade id, the words of each cash-raising sale whose proceeds also rebalance."""
    left: dict[str, Decimal] = {}
    owed: dict[str, tuple[Decimal, Decimal]] = {}
    for a in p.accounts:
        rmd = draws.get(a.account, ZERO)
        out = shortfall(a, rmd)
        if out > 0:
            left[a.account] = out
            owed[a.account] = (rmd, a.withdrawals)
    words: dict[str, str] = {}
    for t in trades:
        if t.action is not TradeAction.SELL or t.reason not in (
            TradeReason.RMD,
            TradeReason.CASH_FLOW,
        ):
            continue
        need = left.get(t.account, ZERO)
        net = t.amount - t.transaction_cost
        take = min(need, net)
        left[t.account] = need - take
        if net - take < t.price:
            continue  # all of it raises cash (less than a share over: whole shares)
        rmd, withdrawals = owed.get(t.account, (ZERO, ZERO))
        what = ", ".join(
            part
            for part in (
                f"RMD {dollars_text(rmd)}" if rmd > 0 else "",
                f"withdrawals {dollars_text(withdrawals)}" if withdrawals > 0 else "",
            )
            if part
        )
        words[t.id] = (
            f" with {dollars_text(take)} of its net {dollars_text(net)} ({what}, beyond the "
            f"account's cash); the other {dollars_text(net - take)} rebalances"
            if take > 0
            else " (earlier sales in the account already raise it); all of it rebalances"
        )
    return words
