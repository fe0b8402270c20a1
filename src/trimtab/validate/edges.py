"""Checks at the edges: a symbol held twice in one account, and dates beyond the horizon.

**Duplicate holdings.** An account lists each symbol once; its lots go under that one
holding. Two holdings of VTI in one account would leave unclear which quantity counts, so
each of them is a problem naming the other's line.

**The date horizon.** Every date of the file lies between ``EARLIEST_DATE`` (1900-01-01) and
``as_of`` + ``HORIZON_DAYS`` (3,653 days, ten years): the engine adds wash-sale windows (±30
days), holding periods (a year and a day) and recurring intervals to them, and a date near
9999-12-31 would run past the calendar. Example: with ``as_of`` 2026-11-24 the latest date
is 2036-11-24 (2026-11-24 + 3,653 days: ten years with the leap days of 2028, 2032 and 2036).
A recurring purchase's ``every_days`` is at most the horizon too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator

from trimtab.errors import Problem
from trimtab.model.household import Household
from trimtab.source import Source

EARLIEST_DATE = dt.date(1900, 1, 1)
"""The earliest date a household file or a trade list may hold."""

HORIZON_DAYS = 3653
"""How far after ``as_of`` a date may lie: ten years."""


def latest_date(as_of: dt.date) -> dt.date:
    """``as_of`` + ``HORIZON_DAYS``, or the last day of the calendar when that is sooner."""
    if as_of > dt.date.max - dt.timedelta(days=HORIZON_DAYS):
        return dt.date.max
    return as_of + dt.timedelta(days=HORIZON_DAYS)


def date_problem(source: Source, field: str, day: dt.date, as_of: dt.date) -> Problem | None:
    """A problem when ``day`` lies outside [EARLIEST_DATE, as_of + HORIZON_DAYS]."""
    latest = latest_date(as_of)
    if EARLIEST_DATE <= day <= latest:
        return None
    return Problem(
        source=source,
        field=field,
        kind="date_out_of_range",
        message=f"{day} is too far from as_of {as_of}",
        expected=f"a date from {EARLIEST_DATE} to {latest} (as_of + {HORIZON_DAYS:,} days)",
    )


def holdings_are_unique(h: Household) -> Iterator[Problem]:
    """An account holds each symbol once: each repeat is a problem naming the other lines."""
    for i, account in enumerate(h.accounts):
        where: dict[str, list[tuple[int, Source]]] = defaultdict(list)
        for j, holding in enumerate(account.holdings):
            where[holding.symbol].append((j, holding.source))
        for symbol, places in where.items():
            if len(places) < 2:
                continue
            for j, source in places:
                others = ", ".join(str(s.line) for k, s in places if k != j)
                yield Problem(
                    source=source,
                    field=f"accounts[{i}].holdings[{j}].symbol",
                    kind="duplicate_holding",
                    message=f"{symbol} is held more than once in {account.id} (also on line "
                    f"{others})",
                    expected="one holding per symbol in an account, its lots under it",
                )


def dates_are_within_the_horizon(h: Household) -> Iterator[Problem]:
    """Every date of the file lies within [EARLIEST_DATE, as_of + HORIZON_DAYS]."""
    for place, field, day in _dates(h):
        problem = date_problem(place, field, day, h.as_of)
        if problem is not None:
            yield problem


def recurring_intervals_are_bounded(h: Household) -> Iterator[Problem]:
    """A recurring purchase repeats at most every ``HORIZON_DAYS`` days."""
    for i, purchase in enumerate(h.recurring):
        if purchase.every_days is not None and purchase.every_days > HORIZON_DAYS:
            yield Problem(
                source=purchase.source,
                field=f"recurring[{i}].every_days",
                kind="number_too_large",
                message=f"every {purchase.every_days:,} days is beyond the horizon",
                expected=f"at most {HORIZON_DAYS:,} days (ten years)",
            )


def _dates(h: Household) -> Iterator[tuple[Source, str, dt.date]]:
    """Every date the file gives, with its record's place and field."""
    for i, owner in enumerate(h.owners):
        if owner.birth_date is not None:
            yield owner.source, f"owners[{i}].birth_date", owner.birth_date
    for i, account in enumerate(h.accounts):
        for j, holding in enumerate(account.holdings):
            for k, lot in enumerate(holding.lots):
                at = f"accounts[{i}].holdings[{j}].lots[{k}]"
                yield lot.source, f"{at}.acquired", lot.acquired
                if lot.donor_acquired is not None:
                    yield lot.source, f"{at}.donor_acquired", lot.donor_acquired
    for i, tx in enumerate(h.transactions):
        yield tx.source, f"transactions[{i}].date", tx.date
        if tx.acquired is not None:
            yield tx.source, f"transactions[{i}].acquired", tx.acquired
    for i, purchase in enumerate(h.recurring):
        if purchase.next is not None:
            yield purchase.source, f"recurring[{i}].next", purchase.next
    for i, flow in enumerate(h.cash_flows):
        if flow.date is not None:
            yield flow.source, f"cash_flows[{i}].date", flow.date
    for i, restriction in enumerate(h.restrictions):
        if restriction.until is not None:
            yield restriction.source, f"restrictions[{i}].until", restriction.until


EDGE_CHECKS: tuple[Callable[[Household], Iterator[Problem]], ...] = (
    holdings_are_unique,
    dates_are_within_the_horizon,
    recurring_intervals_are_bounded,
)
