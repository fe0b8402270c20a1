"""Frozen records built fast where one is built per lot.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``:
about 2 to 3 µs for a record of a dozen fields, much of what a household's state (a
:class:`~trimtab.analysis.state.LotState` per lot) and its sell units (a
:class:`~trimtab.optimize.units.SellUnit` per lot) cost at 20,000 lots. :func:`builder` makes a
function that builds the same record from every field's value (by keyword; defaults are not
filled in), each set straight through its slot (about 0.8 µs): the record is equal to the one
``__init__`` builds, as frozen, and as checked (the records built this way have no
``__post_init__``).

Example: ``builder(Point)(x=1, y=2) == Point(x=1, y=2)`` for ``@dataclass(frozen=True,
slots=True, kw_only=True) class Point: x: int; y: int``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    """A function of every field of ``cls`` (keywords, none optional) that builds the record,
    for a frozen dataclass with slots and no ``__post_init__``."""
    if "__slots__" not in vars(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} is not a slotted record without __post_init__")
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    scope.update({f"_set_{name}": vars(cls)[name].__set__ for name in names})
    lines = [f"def build(*, {', '.join(names)}):", "    record = _new(_cls)"]
    lines += [f"    _set_{name}(record, {name})" for name in names]
    lines.append("    return record")
    exec("\n".join(lines), scope)  # as dataclasses writes __init__: one call per field, unrolled
    build: Callable[..., T] = scope["build"]
    build.__qualname__ = f"builder({cls.__qualname__})"
    return build
