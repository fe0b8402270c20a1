"""Asset location: the yearly tax drag of a dollar of each class in each kind of account.

Rule (docs/asset-location.md). A dollar held for ``years`` (N) years grows at the class's
expected return r and ends, after tax, at V:

* tax-exempt accounts (Roth IRA, Roth 401(k), HSA, qualified use assumed): V = (1 + r)^N;
* tax-deferred accounts (traditional IRA, 401(k), 403(b), 457(b), SEP, SIMPLE, inherited):
  growth untaxed, the withdrawal taxed as ordinary income: V = (1 + r)^N (1 − t_ret);
* taxable accounts: each year the income y and the capital-gain distributions d are taxed,
  T = y [q t_q + (1 − q − x)(t_o − e s) + x (1 − e) s] + d t_q, and the rest reinvested, so
  the value grows at g = r − T and the basis by y + d − T of the value each year; at the
  horizon the account is sold and the unrealized gain taxed at t_q (unless the
  `location_sale_at_horizon` setting is off: held on, V = (1 + g)^N):
  V = (1 + g)^N − t_q [(1 + g)^N − B], B = 1 + (y + d − T)((1 + g)^N − 1) / g.

Here q and x are the qualified and tax-exempt shares of the income, e is 1 when the income is
free of state tax, t_o the marginal rate on interest (ordinary + NIIT + state), t_q the rate on
qualified dividends and long-term gains (+ NIIT + state), s the state rate and t_ret the
`retirement_ordinary_rate` setting (default: today's ordinary rate without NIIT).

The drag is valued in wealth terms (issue 21 item 6): tax takes (1 + r)^N − V of a dollar's
wealth at the horizon, r being the class's return (a municipal fund's lower return counts
against it); brought back to today at the target mix's return ρ and spread over the years,

    drag = ((1 + r)^N − V) / (N (1 + ρ)^N)

a fraction of a dollar a year; the location model adds amount × drag over the household's
holdings. So a traditional IRA's drag is the withdrawal tax on what the dollar grows to, and it
grows with the return: the highest-return class belongs in the Roth. Drift stays on pre-tax
market value.

Worked example (2026, single, 90,000 of ordinary income, no state tax: t_o = 22 %,
t_q = 15 %, N = 20, t_ret = 22 %; targets 50 % US large cap, 50 % bonds: ρ = 5.65 %,
N (1 + ρ)^N = 60.037144). Investment-grade bonds (r = 4.6 %, y = 4.2 %, all interest):
in a taxable account T = 4.2 % × 22 % = 0.924 %, g = 3.676 %, (1 + g)^20 = 2.05857,
B = 1 + 3.276 % × 1.05857 / 3.676 % = 1.94338, V = 2.05857 − 15 % × 0.11519 = 2.04129, against
1.046^20 = 2.45829 untaxed: 0.41701 / 60.037144 = 69.46 bp a year. In a traditional IRA,
V = 2.45829 × 0.78, 22 % of 2.45829 lost: 90.08 bp; in a Roth, 0. US large cap (r = 6.7 %):
74.78 bp in taxable, 134.06 bp in the IRA (22 % of 1.067^20 = 3.65838), 0 in the Roth.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from trimtab.analysis.restrictions import buyable_pairs, may_sell
from trimtab.analysis.valuation import account_value, holding_value
from trimtab.model.efficiency import Efficiency
from trimtab.model.enums import AccountType, AssetClass
from trimtab.model.household import Household
from trimtab.model.security import Security
from trimtab.money import ZERO
from trimtab.rules.tax_efficiency import load_tax_efficiency
from trimtab.tax.estimate import MarginalRates, marginal_rates
from trimtab.tax.memo import per_household

ONE = Decimal(1)
BP = Decimal(10000)


class Treatment(StrEnum):
    """How an account's investment income is taxed."""

    TAXABLE = "taxable"
    TAX_DEFERRED = "tax_deferred"
    TAX_EXEMPT = "tax_exempt"


TREATMENT = {
    AccountType.TAXABLE: Treatment.TAXABLE,
    AccountType.TRADITIONAL_IRA: Treatment.TAX_DEFERRED,
    AccountType.SEP_IRA: Treatment.TAX_DEFERRED,
    AccountType.SIMPLE_IRA: Treatment.TAX_DEFERRED,
    AccountType.K401: Treatment.TAX_DEFERRED,
    AccountType.B403: Treatment.TAX_DEFERRED,
    AccountType.B457: Treatment.TAX_DEFERRED,
    AccountType.INHERITED_IRA: Treatment.TAX_DEFERRED,
    AccountType.ROTH_IRA: Treatment.TAX_EXEMPT,
    AccountType.ROTH_401K: Treatment.TAX_EXEMPT,
    AccountType.HSA: Treatment.TAX_EXEMPT,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationRates:
    """The rates of the location model (fractions) and its horizon.

    ordinary: interest and non-qualified dividends (ordinary + NIIT + state), t_o.
    qualified: qualified dividends and long-term gains (+ NIIT + state), t_q.
    state: the state rate, s. retirement: the rate on traditional withdrawals, t_ret.
    years: the horizon N. sale_at_horizon: taxable accounts are sold at the horizon.
    growth: ρ, the expected return of the household's target mix, at which a dollar of wealth
    at the horizon is brought back to today (:func:`target_growth`).
    """

    ordinary: Decimal
    qualified: Decimal
    state: Decimal
    retirement: Decimal
    years: int
    sale_at_horizon: bool = True
    growth: Decimal = ZERO


def location_rates(household: Household, marginal: MarginalRates | None = None) -> LocationRates:
    """The household's rates: probed marginal rates (``marginal`` when already probed), the
    settings' horizon and retirement rate."""
    rates = marginal_rates(household) if marginal is None else marginal
    setting = household.settings.retirement_ordinary_rate
    return LocationRates(
        ordinary=rates.short,
        qualified=rates.long,
        state=rates.state,
        retirement=rates.ordinary if setting is None else setting,
        years=household.settings.location_years,
        sale_at_horizon=household.settings.location_sale_at_horizon,
        growth=target_growth(household),
    )


def target_growth(household: Household) -> Decimal:
    """ρ: the expected return of the household's target mix, Σ target_k × r_k / Σ target_k,
    with each class's own figures (shipped, or the household's class override); 0 without
    targets."""
    total = sum((t.percent for t in household.targets), ZERO)
    if total <= 0:
        return ZERO
    weighted = sum(
        (
            t.percent * efficiency(household, None, t.asset_class).expected_return
            for t in household.targets
        ),
        ZERO,
    )
    return weighted / total


def efficiency(household: Household, security: Security | None, cls: AssetClass) -> Efficiency:
    """The figures of ``cls`` held through ``security`` (None: the class's own figures).

    Shipped class figures, then the household's class override, then the shipped overrides
    of the security's tags (file order; a tag row may name the security types it applies to),
    then the household's override of the symbol. Figured once per household object, class
    and security of the household (:func:`_known`).
    """
    if security is not None and household.security(security.symbol) is not security:
        return _efficiency(household, security, cls)
    known = _known(household)
    key = (security.symbol if security is not None else "", cls)
    found = known.get(key)
    if found is None:
        found = known[key] = _efficiency(household, security, cls)
    return found


@per_household
def _known(household: Household) -> dict[tuple[str, AssetClass], Efficiency]:
    """The figures :func:`efficiency` has given for the household, by (symbol, class); '' for
    the class's own figures. Filled as they are asked for."""
    return {}


def _efficiency(household: Household, security: Security | None, cls: AssetClass) -> Efficiency:
    data = load_tax_efficiency()
    out = data.classes[cls]
    for c, override in household.class_efficiency:
        if c is cls:
            out = override.over(out)
    if security is None:
        return out
    for tag, types, override in data.tags:
        if tag in security.tags and (not types or security.type in types):
            out = override.over(out)
    for symbol, override in household.security_efficiency:
        if symbol == security.symbol:
            out = override.over(out)
    return out


def yearly_tax(e: Efficiency, rates: LocationRates) -> Decimal:
    """T: tax a taxable account pays each year per dollar held (income and distributions)."""
    exempt_state = ONE if e.state_exempt else ZERO
    ordinary_share = ONE - e.qualified_share - e.exempt_share
    income = (
        e.qualified_share * rates.qualified
        + ordinary_share * (rates.ordinary - exempt_state * rates.state)
        + e.exempt_share * (ONE - exempt_state) * rates.state
    )
    return e.income_yield * income + e.capital_gain_distributions * rates.qualified


@functools.lru_cache(maxsize=4096)
def after_tax_value(e: Efficiency, treatment: Treatment, rates: LocationRates) -> Decimal:
    """V: what a dollar is worth after tax at the horizon (module docstring)."""
    n = rates.years
    if treatment is Treatment.TAX_EXEMPT:
        return (ONE + e.expected_return) ** n
    if treatment is Treatment.TAX_DEFERRED:
        return (ONE + e.expected_return) ** n * (ONE - rates.retirement)
    tax = yearly_tax(e, rates)
    growth = e.expected_return - tax
    grown = (ONE + growth) ** n
    if not rates.sale_at_horizon:
        return grown
    reinvested = e.income_yield + e.capital_gain_distributions - tax
    basis = ONE + (reinvested * n if growth == 0 else reinvested * (grown - ONE) / growth)
    return grown - rates.qualified * max(ZERO, grown - basis)


@functools.lru_cache(maxsize=4096)
def drag(
    e: Efficiency, treatment: Treatment, rates: LocationRates, reference: Decimal | None = None
) -> Decimal:
    """The yearly drag in wealth terms, a fraction: ((1 + r)^N − V) / (N (1 + ρ)^N).

    (1 + r)^N − V is what tax takes of a dollar's wealth at the horizon; (1 + ρ)^N, the target
    mix's growth, brings it back to today's dollars of the household's wealth, and N spreads it
    over the years (module docstring). reference: the class's expected return r when ``e`` is a
    fund's own figures, so that a fund giving up return for a tax break (a municipal fund) is
    charged what it gives up.
    """
    r = e.expected_return if reference is None else reference
    lost = (ONE + r) ** rates.years - after_tax_value(e, treatment, rates)
    return lost / (rates.years * (ONE + rates.growth) ** rates.years)


def security_drag(
    household: Household,
    security: Security | None,
    cls: AssetClass,
    treatment: Treatment,
    rates: LocationRates,
) -> Decimal:
    """The drag of ``cls`` held through ``security`` (None: cash), against the class's return.

    Figured once per household object, security of the household, class, treatment and rates.
    """
    if security is not None and household.security(security.symbol) is not security:
        return _security_drag(household, security, cls, treatment, rates)
    known = _known_drags(household)
    key = (security.symbol if security is not None else "", cls, treatment, rates)
    found = known.get(key)
    if found is None:
        found = known[key] = _security_drag(household, security, cls, treatment, rates)
    return found


@per_household
def _known_drags(
    household: Household,
) -> dict[tuple[str, AssetClass, Treatment, LocationRates], Decimal]:
    """The drags :func:`security_drag` has given for the household. Filled as asked for."""
    return {}


def _security_drag(
    household: Household,
    security: Security | None,
    cls: AssetClass,
    treatment: Treatment,
    rates: LocationRates,
) -> Decimal:
    reference = efficiency(household, None, cls).expected_return
    return drag(efficiency(household, security, cls), treatment, rates, reference)


def class_centres(household: Household, rates: LocationRates) -> dict[AssetClass, Decimal]:
    """c_k: the drag of a dollar of each class (its own figures) averaged over the accounts of
    this return, weighted by account value — where the household's dollar of the class drags
    on average. A plan that measures a class's drag against its centre values where the class
    is held, not how much of it (docs/asset-location.md, "Location in every plan")."""
    weights = [
        (account_value(household, a), TREATMENT[a.type])
        for a in household.accounts
        if a.of_this_return
    ]
    total = sum((v for v, _ in weights), ZERO)
    centres: dict[AssetClass, Decimal] = {}
    for cls in AssetClass:
        if total <= 0:
            centres[cls] = ZERO
            continue
        own = efficiency(household, None, cls)
        centres[cls] = sum((v * drag(own, t, rates) for v, t in weights), ZERO) / total
    return centres


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationCell:
    """Dollars of one class in one account, held through one security ('' for cash).

    drag: the yearly drag of that class, security and account type (fraction).
    """

    account: str
    account_type: AccountType
    asset_class: AssetClass
    symbol: str
    amount: Decimal
    drag: Decimal


def location_cells(
    household: Household, rates: LocationRates, figures: Household | None = None
) -> tuple[LocationCell, ...]:
    """The household's current location, one cell per holding and class, and one per cash.

    figures: a household with the same securities and efficiency overrides whose drags are
    figured already (the household before the trades of its after-state); None: this one.
    """
    figures = household if figures is None else figures
    cells: list[LocationCell] = []
    drags: dict[tuple[str, AssetClass, Treatment], Decimal] = {}  # figured once per symbol
    for account in household.accounts:
        if not account.of_this_return:
            continue
        treatment = TREATMENT[account.type]
        for holding in account.holdings:
            security = household.security(holding.symbol)
            if security is None:
                continue
            value = holding_value(household, holding)
            for part in security.classes:
                key = (holding.symbol, part.asset_class, treatment)
                if key not in drags:
                    drags[key] = security_drag(
                        figures, security, part.asset_class, treatment, rates
                    )
                cells.append(
                    LocationCell(
                        account=account.id,
                        account_type=account.type,
                        asset_class=part.asset_class,
                        symbol=holding.symbol,
                        amount=value * part.weight,
                        drag=drags[key],
                    )
                )
        if account.cash:
            e = efficiency(figures, None, AssetClass.CASH)
            cells.append(
                LocationCell(
                    account=account.id,
                    account_type=account.type,
                    asset_class=AssetClass.CASH,
                    symbol="",
                    amount=account.cash,
                    drag=drag(e, treatment, rates),
                )
            )
    return tuple(cells)


def drag_dollars(cells: tuple[LocationCell, ...]) -> Decimal:
    """Σ amount × drag: the yearly tax drag of a location, in dollars."""
    return sum((c.amount * c.drag for c in cells), ZERO)


def allocation_drag(
    before: tuple[LocationCell, ...],
    after: tuple[LocationCell, ...],
    rates: LocationRates,
    household: Household,
) -> Decimal:
    """Σ_k (X_k before − X_k after) c_k: the yearly drag a change of allocation removes when
    each class's dollars are valued at the class's household centre (:func:`class_centres` of
    ``household``, the household before the change); the rest of the change of
    :func:`drag_dollars` is where the dollars are held."""
    centres = class_centres(household, rates)
    change = dict.fromkeys(AssetClass, ZERO)
    for c in before:
        change[c.asset_class] += c.amount
    for c in after:
        change[c.asset_class] -= c.amount
    return sum((change[k] * centres[k] for k in AssetClass), ZERO)


@dataclass(frozen=True, slots=True, kw_only=True)
class DragRow:
    """The yearly drag of a class (through ``symbol``; '' = the class's own figures) in an
    account type, in basis points, with the figures' source."""

    asset_class: AssetClass
    account_type: AccountType
    symbol: str
    bp_per_year: Decimal
    source: str


def drag_table(household: Household, rates: LocationRates) -> tuple[DragRow, ...]:
    """Drag of every class in every account type of the household (class figures), then of
    every held security whose figures differ from its class's."""
    types = tuple(dict.fromkeys(a.type for a in household.accounts if a.of_this_return))
    rows = [_row(household, rates, None, cls, kind) for cls in AssetClass for kind in types]
    held = sorted({h.symbol for a in household.accounts if a.of_this_return for h in a.holdings})
    for symbol in held:
        security = household.security(symbol)
        if security is None:
            continue
        for part in security.classes:
            own = efficiency(household, security, part.asset_class)
            if own != efficiency(household, None, part.asset_class):
                rows += [_row(household, rates, security, part.asset_class, k) for k in types]
    return tuple(rows)


def _row(
    household: Household,
    rates: LocationRates,
    security: Security | None,
    cls: AssetClass,
    kind: AccountType,
) -> DragRow:
    e = efficiency(household, security, cls)
    return DragRow(
        asset_class=cls,
        account_type=kind,
        symbol=security.symbol if security is not None else "",
        bp_per_year=security_drag(household, security, cls, TREATMENT[kind], rates) * BP,
        source=e.source,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationFact:
    """One cell of the location review's LP: a class in an account that may hold it.

    current: its dollars now. drag: its yearly drag (of the account's current funds of the
    class, value-weighted, or of the least-drag single-class fund it may buy). lower: what it
    must keep (holdings that may not be sold; cash up to the account's min_cash). upper: None
    (unbounded), or its dollars now in a held-away account.
    """

    asset_class: AssetClass
    account: str
    current: Decimal
    drag: Decimal
    lower: Decimal
    upper: Decimal | None


def location_facts(
    household: Household, rates: LocationRates, now: tuple[LocationCell, ...]
) -> tuple[LocationFact, ...]:
    """The review's cells: every (class, account) of this return that holds the class or may
    buy a single-class fund of it (cash always), with its drag and bounds; ``now``: the
    household's :func:`location_cells`."""
    held: defaultdict[tuple[AssetClass, str], Decimal] = defaultdict(lambda: ZERO)
    dragged: defaultdict[tuple[AssetClass, str], Decimal] = defaultdict(lambda: ZERO)
    for c in now:
        held[(c.asset_class, c.account)] += c.amount
        dragged[(c.asset_class, c.account)] += c.amount * c.drag
    vehicles = _vehicle_drag(household, rates)
    locked = _locked(household)
    out = []
    for account in household.accounts:
        if not account.of_this_return:
            continue
        for cls in AssetClass:
            key = (cls, account.id)
            amount = held[key]
            d = dragged[key] / amount if amount > 0 else vehicles.get(key)
            if d is None:
                continue
            floor = locked[key]
            if cls is AssetClass.CASH:
                floor = max(floor, min(account.min_cash, amount))
            fixed = not account.tradable
            out.append(
                LocationFact(
                    asset_class=cls,
                    account=account.id,
                    current=amount,
                    drag=d,
                    lower=amount if fixed else min(floor, amount),
                    upper=amount if fixed else None,
                )
            )
    return tuple(out)


def _vehicle_drag(
    household: Household, rates: LocationRates
) -> dict[tuple[AssetClass, str], Decimal]:
    """The least drag of a single-class fund each account may buy, per (class, account); cash
    is always allowed."""
    best: dict[tuple[AssetClass, str], Decimal] = {}
    for account in household.accounts:
        e = efficiency(household, None, AssetClass.CASH)
        best[(AssetClass.CASH, account.id)] = drag(e, TREATMENT[account.type], rates)
    drags: dict[tuple[str, Treatment], Decimal] = {}  # figured once per symbol and kind
    for account, symbol, security in buyable_pairs(household):
        if security.is_mixed:
            continue
        kind = TREATMENT[account.type]
        cls = security.classes[0].asset_class
        if (symbol, kind) not in drags:
            drags[(symbol, kind)] = security_drag(household, security, cls, kind, rates)
        d = drags[(symbol, kind)]
        key = (cls, account.id)
        best[key] = min(d, best.get(key, d))
    return best


def _locked(household: Household) -> defaultdict[tuple[AssetClass, str], Decimal]:
    """Dollars per (class, account) of holdings that may not be sold."""
    locked: defaultdict[tuple[AssetClass, str], Decimal] = defaultdict(lambda: ZERO)
    for account in household.accounts:
        for holding in account.holdings:
            security = household.security(holding.symbol)
            if security is None or may_sell(household, account, holding):
                continue
            price = household.price_of(holding.symbol) or Decimal(1)
            for part in security.classes:
                locked[(part.asset_class, account.id)] += holding.quantity * price * part.weight
    return locked
