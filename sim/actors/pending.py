"""Goods booked and not yet at the consolidation point, as the live state reads them.

A forwarder is told each booking's cargo-ready time when the order is placed (the merchant's
answer). Goods that will be ready before a new order's goods are packed ahead of them at the
cut-offs (packing takes goods in ready order), so they belong to the backlog the new goods
join, although they are still in the workshops. :class:`PendingGoods` keeps, for every route
the live state follows, the TEU of its goods by the hour they will be ready, and answers "how
many TEU of the route's goods not ready now will be ready by ``t``" for many ``t`` at once.

Goods are counted by the whole clock hour they will be ready (``floor(ready_h)``) over the
next two weeks, and by the whole day beyond: goods ready later within the clock's own hour are
not counted (they are not loose goods ready now either: at most an hour's goods), and goods
ready within the hour of ``t`` (its day, for ``t`` two weeks ahead or more) count as ready by
``t``. The estimate is off by at most an hour's goods at each end (a booking slice is about an
hour long), or a day's for goods that far ahead (an hour matters for the coming departures,
not for a backorder months away, and the sums a slice reads are fewer).
"""

from __future__ import annotations

import math

import numpy as np

AHEAD_H = 24 * 366
"""Goods ready more than this many hours after the run's end are counted at that hour (a good
that is never ready is not counted): no question of the run reaches beyond it, and the columns
stay as long as the run and a year."""

FLUSH_EVERY = 256
"""Goods handed over are added to their hours at the next question, or once this many
hand-overs wait (a run whose policies follow the goods but never ask for the slots ahead,
demand-driven dispatch alone, kept every hand-over in a list to its end)."""

UNITS_PER_TEU = 1_000_000
"""Goods are summed in whole millionths of a TEU: sums of whole numbers are exact in any order,
so every path that reads them (a slice's routes together, one route, one order) gets the same
numbers, and numpy sums whole numbers several times faster than fractions."""

NEAR_H = 24 * 14
"""Hours after the clock's over which goods are counted by the hour; by the day beyond (from
the first midnight this far ahead)."""


def _boundary(now_h: float) -> int:
    """The first hour counted by the day: the first midnight :data:`NEAR_H` or more after the
    hour after ``now_h``'s."""
    first = math.floor(now_h) + 1
    return 24 * -(-(first + NEAR_H) // 24)


class PendingGoods:
    """The routes' goods by the whole hour they will be ready (TEU), for the routes followed.

    Parameters
    ----------
    n_routes
        How many routes (a route's index is its row).
    horizon_h
        The run's end (hours from its start): goods are counted up to :data:`AHEAD_H` after
        it.
    """

    def __init__(self, n_routes: int, horizon_h: float = 0.0) -> None:
        self.max_hour = math.ceil(horizon_h) + AHEAD_H
        self._teu = np.zeros((n_routes, 0), dtype=np.int64)  # by hour (UNITS_PER_TEU)
        self._day_teu = np.zeros((n_routes, 0), dtype=np.int64)  # the same by day
        self._new: list[tuple[int, np.ndarray, np.ndarray]] = []

    def add(self, route: int, ready_h: np.ndarray, teu: np.ndarray) -> None:
        """Goods of ``route`` that will be ready at ``ready_h`` (added when next read)."""
        if ready_h.size:
            self._new.append((route, ready_h, teu))
            if len(self._new) >= FLUSH_EVERY:
                self._flush()

    def drop(self, route: int) -> None:
        """Forget ``route``'s goods (its ledger starts again from the goods themselves)."""
        self._new = [x for x in self._new if x[0] != route]
        self._teu[route] = 0.0
        self._day_teu[route] = 0.0

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
        hour = np.minimum(np.floor(ready), self.max_hour).astype(np.int64)
        width = self._teu.shape[1]
        top = int(hour.max()) + 1 if hour.size else 0
        if top > width:  # room for twice as many hours (whole days)
            width = 24 * -(-max(2 * width, top, 1024) // 24)
            for name in ("_teu", "_day_teu"):
                old = getattr(self, name)
                grown = np.zeros(
                    (old.shape[0], width if name == "_teu" else width // 24), dtype=np.int64
                )
                grown[:, : old.shape[1]] = old
                setattr(self, name, grown)
        units = np.rint(teu * UNITS_PER_TEU).astype(np.int64)
        np.add.at(self._teu.reshape(-1), route * width + hour, units)
        np.add.at(self._day_teu.reshape(-1), route * (width // 24) + hour // 24, units)

    def cumulative(self, routes: list[int], now_h: float, upto_h: float) -> np.ndarray:
        """Per route of ``routes`` (a row each), the TEU of its goods ready after ``now_h``'s
        hour, up to each hour over the next two weeks and each day beyond, until ``upto_h``:
        a first column of zeros (times within ``now_h``'s hour), then one per hour from
        ``floor(now_h) + 1``, then one per day from the first midnight two weeks ahead, each
        the goods up to its end (read with :func:`column`), in TEU."""
        self._flush()
        first = math.floor(now_h) + 1
        top = self.max_hour
        last = math.floor(upto_h) if upto_h < top else top  # (never ready: inf)
        edge = _boundary(now_h)
        hours = max(min(last, edge - 1) - first + 1, 0)
        days = max(last // 24 - edge // 24 + 1, 0) if last >= edge else 0
        out = np.zeros((len(routes), 1 + hours + days), dtype=np.int64)
        if hours:
            block = self._teu[routes, first : first + hours]
            np.cumsum(block, axis=1, out=out[:, 1 : 1 + block.shape[1]])
            done = block.shape[1]
            if done < hours:  # hours past the last good: none more
                out[:, 1 + done : 1 + hours] = out[:, done : done + 1]
        if days:
            block = self._day_teu[routes, edge // 24 : edge // 24 + days]
            np.cumsum(block, axis=1, out=out[:, 1 + hours : 1 + hours + block.shape[1]])
            out[:, 1 + hours :] += out[:, hours : hours + 1]  # after the hours' goods
            done = hours + block.shape[1]  # (days past the last good: none more)
            if block.shape[1] < days:
                out[:, 1 + done :] = out[:, done : done + 1]
        return out / UNITS_PER_TEU


def column(t_h: np.ndarray, now_h: float, width: int) -> np.ndarray:
    """The column of :meth:`PendingGoods.cumulative` (asked at ``now_h``, ``width`` columns)
    that holds the goods ready by each of ``t_h``: 0 within ``now_h``'s hour, the hour's over
    the next two weeks, the day's beyond, the last column past the times asked."""
    hour0, edge = math.floor(now_h), _boundary(now_h)
    hour = np.floor(t_h)
    far = (edge - hour0 - 1) + (np.floor(hour / 24.0) - edge // 24) + 1
    col = np.where(hour < edge, hour - hour0, far)
    np.clip(col, 0, width - 1, out=col)
    return col.astype(np.int64)


def column_one(t_h: float, now_h: float, width: int) -> int:
    """:func:`column` of one time, in plain Python (the same arithmetic)."""
    if not t_h < math.inf:
        return width - 1
    hour0, edge = math.floor(now_h), _boundary(now_h)
    hour = math.floor(t_h)
    col = hour - hour0 if hour < edge else (edge - hour0 - 1) + (hour // 24 - edge // 24) + 1
    return 0 if col < 0 else (width - 1 if col > width - 1 else col)
