"""Goods booked and not yet at the consolidation point, as the live state reads them.

A forwarder is told each booking's cargo-ready time when the order is placed (the merchant's
answer). Goods that will be ready before a new order's goods are packed ahead of them at the
cut-offs (packing takes goods in ready order), so they belong to the backlog the new goods
join, although they are still in the workshops. :class:`PendingGoods` keeps, for every route
the live state follows, the TEU of its goods by the hour they will be ready, and answers "how
many TEU of the route's goods not ready now will be ready by ``t``" for many ``t`` at once.

Hours are whole clock hours (``floor(ready_h)``): goods ready later within the hour of the
clock are counted from the next hour on, and goods ready within the hour of ``t`` count as
ready by ``t`` (the estimate is off by at most an hour's goods at each end; a booking slice
is about an hour long).
"""

from __future__ import annotations

import math

import numpy as np

MAX_HOUR = 24 * 366 * 4
"""Goods ready later than this many hours after the run's start are counted at this hour (a
good that is never ready is not counted): no question reaches so far (four years)."""


class PendingGoods:
    """The routes' goods by the whole hour they will be ready (TEU), for the routes followed.

    Parameters
    ----------
    n_routes
        How many routes (a route's index is its row).
    """

    def __init__(self, n_routes: int) -> None:
        self._teu = np.zeros((n_routes, 0))
        self._new: list[tuple[int, np.ndarray, np.ndarray]] = []

    def add(self, route: int, ready_h: np.ndarray, teu: np.ndarray) -> None:
        """Goods of ``route`` that will be ready at ``ready_h`` (added when next read)."""
        if ready_h.size:
            self._new.append((route, ready_h, teu))

    def drop(self, route: int) -> None:
        """Forget ``route``'s goods (its ledger starts again from the goods themselves)."""
        self._new = [x for x in self._new if x[0] != route]
        self._teu[route] = 0.0

    def _flush(self) -> None:
        """Add the goods handed over since the last read to their hours."""
        new = self._new
        if not new:
            return
        ready = np.concatenate([r for _, r, _ in new])
        teu = np.concatenate([t for _, _, t in new])
        sizes = [r.size for _, r, _ in new]
        route = np.repeat(np.array([k for k, _, _ in new], dtype=np.int64), sizes)
        new.clear()
        finite = np.isfinite(ready)
        if not finite.all():  # goods never ready never join a backlog
            ready, teu, route = ready[finite], teu[finite], route[finite]
        hour = np.minimum(np.floor(ready), MAX_HOUR).astype(np.int64)
        width = self._teu.shape[1]
        top = int(hour.max()) + 1 if hour.size else 0
        if top > width:  # room for twice as many hours
            grown = np.zeros((self._teu.shape[0], max(2 * width, top, 1024)))
            grown[:, :width] = self._teu
            self._teu = grown
            width = grown.shape[1]
        np.add.at(self._teu.reshape(-1), route * width + hour, teu)

    def cumulative(self, routes: list[int], now_h: float, upto_h: float) -> np.ndarray:
        """Per route of ``routes`` (a row each), the TEU of its goods ready in the hours after
        ``now_h``'s, up to each hour until ``upto_h``'s: column ``j`` holds the goods of hours
        ``floor(now_h) + 1`` to ``floor(now_h) + 1 + j``, with a first column of zeros for
        times within ``now_h``'s hour (read with :func:`hour_column`)."""
        self._flush()
        first = math.floor(now_h) + 1
        last = math.floor(upto_h) if upto_h < MAX_HOUR else MAX_HOUR  # (never ready: inf)
        out = np.zeros((len(routes), max(last - first + 1, 0) + 1))
        if last >= first:
            block = self._teu[routes, first : last + 1]
            np.cumsum(block, axis=1, out=out[:, 1 : 1 + block.shape[1]])
            if block.shape[1] < last - first + 1:  # hours past the last good: none more
                out[:, 1 + block.shape[1] :] = out[:, block.shape[1] : block.shape[1] + 1]
        return out


def hour_column(t_h: np.ndarray, now_h: float, width: int) -> np.ndarray:
    """The column of :meth:`PendingGoods.cumulative` (asked at ``now_h``, ``width`` columns)
    that holds the goods ready by each of ``t_h`` (0 for times within ``now_h``'s hour; the
    last column for times past the hours asked)."""
    col = np.floor(t_h) - math.floor(now_h)
    np.clip(col, 0, width - 1, out=col)
    return col.astype(np.int64)
