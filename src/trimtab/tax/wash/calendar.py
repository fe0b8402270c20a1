"""The wash-sale calendar: until when each group sold at a loss must not be bought.

Rule. A purchase within 30 days after a loss sale washes it (IRC §1091(a)), so after a loss
sale on day d the last day a purchase would wash it is d + 30 (`no_buy_until`); a purchase on
d + 31 is safe. Example: VNQ sold at a loss on 2026-11-05: no VNQ (or anything substantially
identical) until 2026-12-05 inclusive; buying on 2026-12-06 is fine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from trimtab.errors import Problem, Severity
from trimtab.model.household import Household
from trimtab.source import Source
from trimtab.tax.identity import Identity
from trimtab.tax.wash.match import WINDOW_DAYS
from trimtab.tax.wash.records import LossSale
from trimtab.tax.wash.scope import schedule


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarEntry:
    """One group sold at a loss: its symbols, the latest loss sale, and the last washing day."""

    symbols: tuple[str, ...]
    sold_on: dt.date
    no_buy_until: dt.date


def wash_calendar(
    household: Household, sales: Iterable[LossSale], identity: Identity
) -> tuple[CalendarEntry, ...]:
    """One entry per group sold at a loss whose window is still open on `as_of`."""
    latest: dict[str, dt.date] = {}
    for sale in sales:
        key = identity.group_of(sale.symbol)
        latest[key] = max(latest.get(key, sale.sold), sale.sold)
    entries = (
        CalendarEntry(
            symbols=identity.members(key),
            sold_on=day,
            no_buy_until=day + dt.timedelta(days=WINDOW_DAYS),
        )
        for key, day in latest.items()
    )
    return tuple(
        sorted(
            (e for e in entries if e.no_buy_until >= household.as_of),
            key=lambda e: (e.no_buy_until, e.symbols),
        )
    )


def recurring_warnings(
    household: Household, calendar: Iterable[CalendarEntry]
) -> Iterator[Problem]:
    """A warning for each recurring purchase that falls on or before a group's `no_buy_until`."""
    for entry in calendar:
        for r in household.recurring:
            account = household.account(r.account)
            if r.symbol not in entry.symbols or account is None or not account.of_this_return:
                continue
            if r.next is None:
                yield _warning(
                    r.source,
                    f"dividend reinvestment of {r.symbol} in {r.account} "
                    f"has no dates: it is assumed to buy before {entry.no_buy_until} "
                    "and wash the loss; switch reinvestment off",
                )
                continue
            for day in schedule(r, household.as_of, entry.no_buy_until):
                yield _warning(
                    r.source,
                    f"recurring purchase of {r.symbol} in {r.account} on "
                    f"{day} falls on or before {entry.no_buy_until}, the last day a "
                    f"purchase washes the loss sold on {entry.sold_on}; pause it or "
                    "buy a fund that is not substantially identical",
                )


def _warning(source: Source, message: str) -> Problem:
    return Problem(
        source=source,
        field=source.field or "recurring",
        kind="wash_recurring",
        message=message,
        severity=Severity.WARNING,
    )
