"""Typed, growable record columns: what an actor appends while the clock runs, kept as numpy
arrays that double their capacity when full (amortised O(1) appends, no Python object per row).
"""

from __future__ import annotations

from typing import Any

import numpy as np


class Columns:
    """Named numpy columns of equal length, appended to in batches.

    Parameters
    ----------
    dtypes
        Column name -> numpy dtype.
    fill
        Column name -> value for rows not yet set (default 0, NaN for floats).
    """

    def __init__(self, dtypes: dict[str, Any], capacity: int = 1024) -> None:
        self.dtypes = {k: np.dtype(v) for k, v in dtypes.items()}
        self.n = 0
        self._data = {k: np.empty(capacity, dtype=self.dtypes[k]) for k in self.dtypes}

    def _blank(self, name: str, size: int) -> np.ndarray:
        dt = self.dtypes[name]
        if dt.kind == "f":
            return np.full(size, np.nan, dtype=dt)
        if dt.kind in "iu":
            return np.full(size, -1, dtype=dt)
        return np.zeros(size, dtype=dt)

    def _reserve(self, extra: int) -> None:
        cap = next(iter(self._data.values())).size
        if self.n + extra <= cap:
            return
        new = max(2 * cap, self.n + extra)
        for k, v in self._data.items():
            # rows past n are written before they are read (extend sets every column, grow_to
            # blanks its own), so the new space needs no fill: no pass over fresh memory
            grown = np.empty(new, dtype=self.dtypes[k])
            grown[: self.n] = v[: self.n]
            self._data[k] = grown

    def extend(self, **cols: Any) -> int:
        """Append rows (every column given: arrays of one length, the first an array unless a
        single row is added; the others may be scalars, repeated on every new row); returns
        the index of the first new row."""
        size = np.size(next(iter(cols.values())))
        self._reserve(size)
        first = self.n
        for k, v in cols.items():
            self._data[k][first : first + size] = v
        self.n += size
        return first

    def grow_to(self, n: int) -> None:
        """Make the columns at least ``n`` rows long (new rows blank)."""
        if n > self.n:
            self._reserve(n - self.n)
            for k in self._data:
                self._data[k][self.n : n] = self._blank(k, n - self.n)
            self.n = n

    def __getitem__(self, name: str) -> np.ndarray:
        """The live column (a view of the filled rows; writes go through)."""
        return self._data[name][: self.n]

    def frozen(self) -> dict[str, np.ndarray]:
        """The filled rows, column by column (views: for the end of a run, when nothing is
        appended any more)."""
        return {k: v[: self.n] for k, v in self._data.items()}
