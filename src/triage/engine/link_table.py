"""A small sparse table of weighted links (unit by zone, unit by finding) for the scorer.

Kept as (row, column, weight) triples in row then column order, duplicates summed. A product with a vector sums
each row's terms in that order, as scipy's CSR product does, so scores are the same floats; the tables hold a
few hundred links, and importing scipy for them cost 23 MiB and a tenth of a second on every cold start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinkTable:
    """Links of `shape[0]` rows to `shape[1]` columns; build with `of` or `marks`."""

    rows: np.ndarray
    columns: np.ndarray
    weights: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def of(cls, rows: Sequence[int] | np.ndarray, columns: Sequence[int] | np.ndarray,
           weights: Sequence[float] | np.ndarray, shape: tuple[int, int]) -> LinkTable:
        """The table of these links; a link given twice counts its weights together."""
        keys = np.asarray(rows, dtype=np.int64) * shape[1] + np.asarray(columns, dtype=np.int64)
        unique, at = np.unique(keys, return_inverse=True)
        summed = np.bincount(at, weights=np.asarray(weights, dtype=float), minlength=len(unique))
        return cls(unique // shape[1], unique % shape[1], summed, shape)

    @classmethod
    def marks(cls, rows: Sequence[int] | np.ndarray, columns: Sequence[int] | np.ndarray,
              shape: tuple[int, int]) -> LinkTable:
        """1 where a row links to a column (however often it is given), else 0."""
        table = cls.of(rows, columns, np.ones(len(rows)), shape)
        return cls(table.rows, table.columns, np.ones(len(table.rows)), shape)

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        """Each row's weighted sum of the vector's entries."""
        return np.bincount(self.rows, weights=self.weights * vector[self.columns], minlength=self.shape[0])

    def row_sums(self) -> np.ndarray:
        """Each row's total weight."""
        return np.bincount(self.rows, weights=self.weights, minlength=self.shape[0])
