"""The rebalancing model: the layout's columns, the objective, the bounds and every row family.

One model per household (docs/optimizer.md). :func:`build_model` stacks the constraint families
of :mod:`.rows` under the objective and bounds of :mod:`.objective` over the columns of
:mod:`.layout`. The LP-first engine (the default) builds it with continuous shares and no trade
indicators; the exact engine (``exact=True``, `--solver exact`) keeps every integer of the
mixed-integer model. Floats start in these modules and stay in optimize/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from trimtab.optimize.dust import no_dust_rows, sell_all_bounds
from trimtab.optimize.inputs import PlanInputs
from trimtab.optimize.layout import Index, Layout, Vector, layout_of
from trimtab.optimize.objective import bounds, objective
from trimtab.optimize.partial_wash_rows import partial_wash_rows
from trimtab.optimize.relief_rows import relief_bounds, relief_order_rows
from trimtab.optimize.rows import FAMILIES, Names, Rows, main_class, wash_sides
from trimtab.optimize.sparse import Sparse, stacked

__all__ = ["Model", "Rows", "Vector", "build_model", "main_class"]


@dataclass(frozen=True, slots=True)
class Model:
    """The assembled model: costs, bounds, integrality, rows and their names.

    families: name -> (first row, row count) of each constraint family, for the engine's
    adjustments between solves. wash_sides: the sell and buy columns of the wash-sale choices'
    rows, each with its choice column and whether it sells (:func:`.rows.wash_sides`), so that
    the engine reads which groups a solution takes both sides of without scanning the matrix.
    spans: the matrix :func:`build_model` stacked and where each family's entries lie in it
    (the families one after the other), so that :meth:`entries` slices them out of that
    matrix instead of scanning it.
    """

    layout: Layout
    cost: Vector
    col_lower: Vector
    col_upper: Vector
    integer: npt.NDArray[np.bool_]
    rows: Rows
    families: dict[str, tuple[int, int]]
    wash_sides: tuple[Index, Index, npt.NDArray[np.bool_]] = field(
        default=(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)),
        compare=False,
    )
    spans: tuple[Sparse | None, dict[str, tuple[int, int]]] = field(
        default=(None, {}), compare=False
    )

    def family(self, name: str) -> slice:
        """The rows of the family ``name`` (e.g. "cash_rows")."""
        start, count = self.families[name]
        return slice(start, start + count)

    def entries(self, name: str) -> tuple[Index, Index, Vector]:
        """The matrix entries of the family ``name``: (row within the family, column, value)."""
        rows, matrix = self.family(name), self.rows.matrix
        stacked_from, spans = self.spans
        if stacked_from is matrix and name in spans:
            first, last = spans[name]
            return (
                matrix.row[first:last] - rows.start,
                matrix.col[first:last],
                matrix.val[first:last],
            )
        inside = (matrix.row >= rows.start) & (matrix.row < rows.stop)
        return matrix.row[inside] - rows.start, matrix.col[inside], matrix.val[inside]

    def activity(self, name: str, x: Vector) -> Vector:
        """A x over the rows of the family ``name``."""
        r, c, v = self.entries(name)
        return np.bincount(r, weights=v * x[c], minlength=self.families[name][1]).astype(np.float64)

    @property
    def col_names(self) -> tuple[str, ...]:
        """A name for every column, in the words of the layout (for diagnostics)."""
        return column_names(self.layout)


def build_model(
    p: PlanInputs, *, exact: bool = False, indicators: bool = True, no_dust: bool = True
) -> Model:
    """Stack every constraint family and the objective into one model (``indicators``,
    ``no_dust``: see :func:`.layout.layout_of`)."""
    lay = layout_of(p, exact=exact, indicators=indicators, no_dust=no_dust)
    blocks = [
        family(p, lay) for family in (*FAMILIES, relief_order_rows, partial_wash_rows, no_dust_rows)
    ]
    starts = np.cumsum([0, *(len(b.names) for b in blocks)])
    entries = np.cumsum([0, *(b.matrix.nnz for b in blocks)]).tolist()
    rows = Rows(
        names=Names(int(starts[-1]), parts=[b.names for b in blocks]),
        matrix=stacked([b.matrix for b in blocks], lay.size),
        lower=np.concatenate([b.lower for b in blocks]),
        upper=np.concatenate([b.upper for b in blocks]),
    )
    lower, upper, integer = bounds(lay, p.tax_interval)
    relief_bounds(lay, upper, integer)
    sell_all_bounds(p, lay, upper)
    return Model(
        layout=lay,
        cost=objective(p, lay),
        col_lower=lower,
        col_upper=upper,
        integer=integer,
        rows=rows,
        families={
            f.__name__: (int(starts[i]), len(b.names))
            for i, (f, b) in enumerate(
                zip(
                    (*FAMILIES, relief_order_rows, partial_wash_rows, no_dust_rows),
                    blocks,
                    strict=True,
                )
            )
        },
        wash_sides=wash_sides(p, lay),
        spans=(
            rows.matrix,
            {
                f.__name__: (entries[i], entries[i + 1])
                for i, f in enumerate(
                    (*FAMILIES, relief_order_rows, partial_wash_rows, no_dust_rows)
                )
            },
        ),
    )


def column_names(lay: Layout) -> tuple[str, ...]:
    """sell[i], buy[j], over[k] …: the block and the index of every column."""
    blocks = (
        ("sell", lay.sell, lay.buy),
        ("buy", lay.buy, lay.over),
        ("over", lay.over, lay.under),
        ("under", lay.under, lay.rmd_draw),
        ("rmd_draw", lay.rmd_draw, lay.short_cash),
        ("short_cash", lay.short_cash, lay.sell_on),
        ("sell_on", lay.sell_on, lay.buy_on),
        ("buy_on", lay.buy_on, lay.whole),
        ("whole", lay.whole, lay.sell_all),
        ("sell_all", lay.sell_all, lay.wash_choice),
        ("wash_choice", lay.wash_choice, lay.wash_order),
        ("wash_order", lay.wash_order, lay.harvest),
        ("harvest", lay.harvest, lay.trade_cost),
        ("trade_cost", lay.trade_cost, lay.net_gain),
        ("net_gain", lay.net_gain, lay.ordinary),
        ("ordinary", lay.ordinary, lay.relief_order),
        ("relief_order", lay.relief_order, lay.off_target),
        ("off_target", lay.off_target, lay.size),
    )
    return tuple(f"{name}[{i}]" for name, start, end in blocks for i in range(end - start))
