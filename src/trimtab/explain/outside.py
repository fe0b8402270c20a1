"""Why a class ends outside its band: one warning per class the plan leaves outside.

A plan in `band` or `target` mode brings every class inside its band unless something holds
it back (the other modes do not aim at the bands: no warning). When a class ends outside
(issue 21 item 5), the plan says so, with the points and the dollars beyond the band's edge,
and names what the household's own rules did:

- over its band (the class must sell): a `no_sell` restriction or a lockup (`no_sell_until`)
  on a holding of the class, a `max_sell_per_year` allowance the plan used up, a held-away
  account (`tradable: false`), a holding without cost basis, loss lots the wash-sale rule held
  back (the guard's own warnings name them);
- under its band (the class must buy): `no_buy` and `exclude_tag` restrictions against its
  funds, and accounts whose `buy_menu` offers none of them;
- either side: the plan that kept it inside swapped a harvested fund for one of another
  sub-asset through a second account (optimize/plan.py's `harvest_swap_held` warning).

Each cause is quoted with the client's reason from the household file, and the warning points
at the line of the first one (else at the class's target). When none of them applies the
warning says so. A class with no cause of its own names the other side's: a class under its band
is not bought when the sales that would pay for it are held back, one over it is not sold when
nothing may take its proceeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from trimtab.analysis.drift import Drift, DriftRow
from trimtab.analysis.restrictions import locked
from trimtab.errors import Problem
from trimtab.explain.restriction_words import used_up_limits
from trimtab.model.enums import AssetClass, Mode, RestrictionKind
from trimtab.model.household import Account, Household, Restriction
from trimtab.model.plan import PlannedTrade
from trimtab.money import HUNDRED, ZERO, dollars_text
from trimtab.source import Source

_Cause = tuple[str, Source]  # words, and where the rule stands in the household file


def outside_warnings(
    household: Household,
    mode: Mode,
    trades: tuple[PlannedTrade, ...],
    after: Drift,
    notes: tuple[Problem, ...] = (),
    budget: Problem | None = None,
    horizon: tuple[Problem, frozenset[AssetClass]] | None = None,
) -> tuple[Problem, ...]:
    """A warning per class that ``after`` (the drift after the plan) shows outside its band.

    notes: the plan's other warnings (the wash-sale guard's name the lots it held back, a
    `harvest_swap_held` warning the class whose band a swap kept).
    budget: the warning that the tax budget is used up, when it is (a cause of every class
    left outside). horizon: the `breakeven_holds` warning and the classes it names, when the
    breakeven horizon turned down the plan that paid the tax (a cause of those classes).
    """
    if mode not in (Mode.BAND, Mode.TARGET):
        return ()  # cash, harvest and location plans do not aim at the bands
    found: list[tuple[DriftRow, bool, list[_Cause]]] = []
    for row in after.outside:
        over = row.current_pct > row.high_pct
        causes = list(
            _sell_causes(household, trades, row, notes) if over else _buy_causes(household, row)
        )
        if budget is not None:
            causes.append(("the tax budget is used up (`tax_budget`)", budget.source))
        if horizon is not None and row.asset_class in horizon[1]:
            causes.append(
                (
                    "its tax would not be paid back within the breakeven horizon "
                    "(`breakeven_horizon_years`; see the breakeven_holds warning)",
                    horizon[0].source,
                )
            )
        causes += [
            (
                "a harvest's replacement stays in its sub-asset (see the harvest_swap_held "
                "warning)",
                n.source,
            )
            for n in notes
            if n.kind == "harvest_swap_held" and n.field == f"targets.{row.asset_class.value}"
        ]
        found.append((row, over, causes))
    out = []
    for row, over, causes in found:
        if not causes:
            causes = _mirrored(found, row, over)
        out.append(_warning(household, row, after.total_value, over, causes))
    return tuple(out)


def _mirrored(
    found: list[tuple[DriftRow, bool, list[_Cause]]], row: DriftRow, over: bool
) -> list[_Cause]:
    """For a class with no cause of its own: the other side's held back trades. A class over its
    band is not sold when nothing may take its proceeds, one under it is not bought when the
    sales that would pay for it are held back."""
    other = [(row, causes) for row, o, causes in found if o is not over and causes]
    if not other:
        return []
    names = ", ".join(row.asset_class.label for row, _ in other)
    words = (
        f"the purchases that would "
        f"{'use it' if row.asset_class is AssetClass.CASH else 'take its proceeds'} "
        f"are held back ({names})"
        if over
        else f"the sales that would pay for it are held back ({names})"
    )
    return [(words, other[0][1][0][1])]


def _warning(
    household: Household, row: DriftRow, total: Decimal, over: bool, causes: list[_Cause]
) -> Problem:
    edge = row.high_pct if over else row.low_pct
    points = abs(row.current_pct - edge)
    dollars = points * total / HUNDRED
    name = row.asset_class.value
    label = row.asset_class.label
    said = (
        "; ".join(words for words, _ in causes)
        if causes
        else "no restriction, lockup, menu or wash-sale rule of the household holds it there"
    )
    target = next(
        (t.source for t in household.targets if t.asset_class is row.asset_class),
        Source(file=household.file),
    )
    return Problem.warning(
        causes[0][1] if causes else target,
        f"targets.{name}",
        "class_left_outside",
        f"{label} ends {points:.2f} points {'over' if over else 'under'} its band "
        f"({max(row.low_pct, ZERO):.2f}–{row.high_pct:.2f} %), {dollars_text(dollars)} beyond "
        f"its edge: {said}",
    )


def _in_class(household: Household, symbol: str, row: DriftRow) -> bool:
    security = household.security(symbol)
    return security is not None and any(
        c.asset_class is row.asset_class and c.weight > 0 for c in security.classes
    )


def _quoted(r: Restriction) -> str:
    return f" ({r.reason!r})" if r.reason else ""


def _sell_causes(
    household: Household,
    trades: tuple[PlannedTrade, ...],
    row: DriftRow,
    notes: tuple[Problem, ...],
) -> Iterator[_Cause]:
    symbols = sorted(
        {
            h.symbol
            for a in household.accounts
            for h in a.holdings
            if _in_class(household, h.symbol, row)
        }
    )
    for r in household.restrictions:
        if r.symbol not in symbols:
            continue
        where = f" in {r.account}" if r.account else ""
        if r.kind is RestrictionKind.NO_SELL:
            yield f"`no_sell` on {r.symbol}{where}{_quoted(r)}", r.source
        elif locked(r, household.as_of):
            yield f"{r.symbol}{where} locked up until {r.until}{_quoted(r)}", r.source
    for r, sold in used_up_limits(household, trades):
        if r.symbol in symbols:
            yield (
                f"`max_sell_per_year` of {dollars_text(r.amount or ZERO)} on {r.symbol} used up "
                f"({dollars_text(sold)} sold in the plan){_quoted(r)}",
                r.source,
            )
    for a in household.accounts:
        held = [h for h in a.holdings if h.symbol in symbols]
        if held and not a.tradable:
            yield f"{a.id} is held away (`tradable: false`)", a.source
        for h in held:
            if h.basis_unknown and a.tradable:
                yield f"{h.symbol} in {a.id} has no cost basis (`basis_unknown`)", h.source
    blocked = [n for n in notes if n.kind == "wash_guard" and n.message.split(" ", 1)[0] in symbols]
    if blocked:
        lots = "lot" if len(blocked) == 1 else "lots"
        yield (
            f"{len(blocked)} {lots} at a loss held back by the wash-sale rule (see the wash_guard "
            "warnings)",
            blocked[0].source,
        )


def _buy_causes(household: Household, row: DriftRow) -> Iterator[_Cause]:
    funds = sorted(
        s.symbol
        for s in household.securities
        if any(c.asset_class is row.asset_class and c.weight > 0 for c in s.classes)
    )
    for r in household.restrictions:
        where = f" in {r.account}" if r.account else ""
        if r.kind is RestrictionKind.NO_BUY and r.symbol in funds:
            yield f"`no_buy` on {r.symbol}{where}{_quoted(r)}", r.source
        elif r.kind is RestrictionKind.EXCLUDE_TAG:
            hit = [
                s
                for s in funds
                if (security := household.security(s)) is not None and r.tag in security.tags
            ]
            if hit:
                yield (
                    f"`exclude_tag: {r.tag}`{where} excludes {', '.join(hit[:3])}"
                    f"{' …' if len(hit) > 3 else ''}{_quoted(r)}",
                    r.source,
                )
    for a in household.accounts:
        if a.tradable and a.buy_menu and not set(a.buy_menu) & set(funds):
            yield f"the buy menu of {a.id} offers no {row.asset_class.label} fund", _menu(a)


def _menu(a: Account) -> Source:
    return a.source.at(f"{a.source.field}.buy_menu" if a.source.field else "buy_menu")
