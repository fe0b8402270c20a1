"""Find securities by a free-text query (``trimtab securities QUERY``)."""

from __future__ import annotations

from collections.abc import Iterable

from trimtab.model.security import Security


def matches(security: Security, query: str) -> bool:
    """True when every word of ``query`` is found in the symbol, name, index, class, type or tags.

    Case does not matter; an empty query matches everything.
    """
    haystack = " ".join(
        (
            security.symbol,
            security.name,
            security.index,
            security.type.value,
            *(c.asset_class.value for c in security.classes),
            *security.tags,
        )
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


def find_securities(securities: Iterable[Security], query: str) -> tuple[Security, ...]:
    """The securities matching ``query``; an exact symbol match comes first."""
    found = [s for s in securities if matches(s, query)]
    exact = query.strip().upper()
    return tuple(sorted(found, key=lambda s: (s.symbol != exact, s.symbol)))
