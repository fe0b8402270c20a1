"""Sparse matrices as (row, column, value) triplets, stacked and handed to the solver by column.

The model is assembled from a dozen small families, each a few array operations; keeping them
as triplets avoids importing a sparse-matrix library on every run (it costs a tenth of a second
of start-up), and the solver wants compressed columns, which one sort gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Sparse:
    """A matrix of ``shape`` whose entry (row[i], col[i]) is val[i]; repeated entries add up."""

    shape: tuple[int, int]
    row: Index
    col: Index
    val: Vector

    @property
    def nnz(self) -> int:
        """Stored entries (repeated ones counted apart)."""
        return int(self.val.size)

    def dot(self, x: Vector) -> Vector:
        """A x."""
        out = np.bincount(self.row, weights=self.val * x[self.col], minlength=self.shape[0])
        return out.astype(np.float64)

    def columns(self) -> tuple[Index, Index, Vector]:
        """Compressed columns (start, index, value), repeated entries summed (in the order
        stored), zeros dropped."""
        n_rows, n_cols = self.shape
        key = self.col * max(n_rows, 1) + self.row
        order = np.argsort(key, kind="stable")
        val = self.val[order]
        if key.size:
            key = key[order]
            first = np.empty(key.size, dtype=bool)
            first[0] = True
            np.not_equal(key[1:], key[:-1], out=first[1:])
            if not first.all():
                starts = np.flatnonzero(first)
                val = np.add.reduceat(val, starts)
                order = order[starts]
        keep = val != 0
        if not keep.all():
            val, order = val[keep], order[keep]
        col = self.col[order]
        start = np.zeros(n_cols + 1, dtype=np.int64)
        np.cumsum(np.bincount(col, minlength=n_cols), out=start[1:])
        return (
            start,
            self.row[order].astype(np.int64, copy=False),
            val.astype(np.float64, copy=False),
        )

    def with_columns(self, extra: Sparse) -> Sparse:
        """[self extra]: ``extra``'s columns appended on the right (same rows)."""
        return Sparse(
            shape=(self.shape[0], self.shape[1] + extra.shape[1]),
            row=np.concatenate([self.row, extra.row]),
            col=np.concatenate([self.col, extra.col + self.shape[1]]),
            val=np.concatenate([self.val, extra.val]),
        )


def sparse(
    shape: tuple[int, int],
    row: Sequence[int] | Index,
    col: Sequence[int] | Index,
    val: Sequence[float] | Vector,
) -> Sparse:
    """A triplet matrix from sequences or arrays."""
    return Sparse(
        shape=shape,
        row=np.asarray(row, dtype=np.int64),
        col=np.asarray(col, dtype=np.int64),
        val=np.asarray(val, dtype=np.float64),
    )


def empty(n_cols: int) -> Sparse:
    """A matrix with no rows."""
    return sparse((0, n_cols), [], [], [])


_NO: Index = np.zeros(0, dtype=np.int64)


def stacked(blocks: Sequence[Sparse], n_cols: int) -> Sparse:
    """The blocks one below the other."""
    offsets = np.cumsum([0, *(b.shape[0] for b in blocks)])
    return Sparse(
        shape=(int(offsets[-1]), n_cols),
        row=np.concatenate([b.row + o for b, o in zip(blocks, offsets, strict=False)] or [_NO]),
        col=np.concatenate([b.col for b in blocks] or [_NO]),
        val=np.concatenate([b.val for b in blocks] or [np.zeros(0)]),
    )
