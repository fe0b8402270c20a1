"""Figures that depend on the household alone, computed once per household object.

A :class:`~trimtab.model.household.Household` is immutable, so a pure function of it may keep
its result for as long as the object lives: one plan asks for the household's state, its open
lots, its purchases and its substantially-identical groups from several places (the optimizer's
inputs, the exact tax, the explanation, the location review), and each is figured once.

The memo is keyed on the object's identity, not on its value: hashing a household would walk
every lot, and two equal households built apart are simply figured twice. Each entry holds the
household itself, so its id cannot be reused while the entry is kept. The last :data:`KEEP`
households figured are kept (a plan reuses one household; a book of households moves on).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from trimtab.model.household import Household

T = TypeVar("T")
KEEP = 2


def per_household(fn: Callable[[Household], T]) -> Callable[[Household], T]:
    """``fn`` (a pure function of a household) figured once per household object.

    A hit is one dictionary look-up (some of these are asked for once per lot); the oldest
    entry goes when more than :data:`KEEP` are kept.
    """
    kept: dict[int, tuple[Household, T]] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def memo(household: Household) -> T:
        hit = kept.get(id(household))
        if hit is not None and hit[0] is household:
            return hit[1]
        value = fn(household)
        with lock:
            kept[id(household)] = (household, value)
            while len(kept) > KEEP:
                del kept[next(iter(kept))]
        return value

    return memo
