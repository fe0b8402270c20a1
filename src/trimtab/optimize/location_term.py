"""The asset-location term's figures: the yearly drag of a dollar of each security the plan may
trade, in each account it may trade it (docs/asset-location.md).

drag(a, s) = Σ_k w_{s,k} × drag of class k held through s in a's kind of account, the class
weights w of a mixed fund adding up; a dollar of cash has the drag of cash; in an account out
of scope (another taxpayer's) nothing drags. Outside `location` mode a buy's drag is measured
against its classes' centres (c(s) = Σ_k w_{s,k} c_k, :func:`~trimtab.analysis.location.
class_centres`: where the household's dollar of the class drags on average), and each
account's buys against the least of those of any fund it may buy (``floor``), so that the term
steers which fund and which account a buy goes to, each account toward the classes it holds
best relative to the household's other accounts, and never pays for a trade by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from trimtab.analysis.location import (
    TREATMENT,
    Treatment,
    class_centres,
    location_rates,
    security_drag,
)
from trimtab.model.enums import AssetClass
from trimtab.model.household import Household
from trimtab.money import ZERO
from trimtab.optimize.units import BuyCandidate, SellUnit
from trimtab.tax.estimate import MarginalRates


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationTerm:
    """The asset-location term's figures (docs/asset-location.md), yearly fractions.

    weight: the `location_weight` setting. drag: (account, symbol) -> yearly drag of a dollar
    of the security there (its classes weighted). cash: account -> drag of a dollar of cash.
    centre: symbol -> c(s), its classes' centres weighted. floor: account -> the least
    drag − centre of any fund it may buy (the buys' reference outside `location` mode, so that
    the term steers buys and never pays for a trade).
    """

    weight: Decimal
    drag: dict[tuple[str, str], Decimal]
    cash: dict[str, Decimal]
    centre: dict[str, Decimal]
    floor: dict[str, Decimal]

    def steering(self, account: str, symbol: str) -> Decimal:
        """What a dollar bought drags outside `location` mode: its drag over its centre, over
        the account's floor (never negative)."""
        return self.drag[(account, symbol)] - self.centre[symbol] - self.floor[account]


def location_term(
    household: Household,
    units: tuple[SellUnit, ...],
    buys: tuple[BuyCandidate, ...],
    marginal: MarginalRates,
) -> LocationTerm | None:
    """The drag of every security the plan may trade, where it may trade it (None when the
    `location_weight` setting is 0)."""
    weight = household.settings.location_weight
    if weight <= 0:
        return None
    rates = location_rates(household, marginal)
    pairs = dict.fromkeys(
        [(u.account, u.symbol) for u in units] + [(b.account, b.symbol) for b in buys]
    )
    drag: dict[tuple[str, str], Decimal] = {}
    cash: dict[str, Decimal] = {}
    for account in household.accounts:
        kind = TREATMENT[account.type]
        scoped = account.of_this_return
        cash[account.id] = (
            security_drag(household, None, AssetClass.CASH, kind, rates) if scoped else ZERO
        )
    held: dict[tuple[str, Treatment], Decimal] = {}  # (symbol, kind of account) -> its drag
    for account_id, symbol in pairs:
        owner = household.account(account_id)
        security = household.security(symbol)
        if owner is None or security is None or not owner.of_this_return:
            drag[(account_id, symbol)] = cash.get(account_id, ZERO)
            continue
        kind = TREATMENT[owner.type]
        if (symbol, kind) not in held:
            held[(symbol, kind)] = sum(
                (
                    p.weight * security_drag(household, security, p.asset_class, kind, rates)
                    for p in security.classes
                ),
                ZERO,
            )
        drag[(account_id, symbol)] = held[(symbol, kind)]
    centres = class_centres(household, rates)
    centre: dict[str, Decimal] = {}
    for _, symbol in pairs:
        security = household.security(symbol)
        if symbol not in centre:
            centre[symbol] = (
                sum((p.weight * centres[p.asset_class] for p in security.classes), ZERO)
                if security is not None
                else ZERO
            )
    floor: dict[str, Decimal] = {}
    for b in buys:
        d = drag[(b.account, b.symbol)] - centre[b.symbol]
        floor[b.account] = min(floor.get(b.account, d), d)
    return LocationTerm(weight=weight, drag=drag, cash=cash, centre=centre, floor=floor)
