"""Loose goods at the consolidation points, as the live state reads them.

Goods handed over to a route's forwarder are loose until a cut-off packs them. At every booking
slice the live state asks, for each route it weighs, how many TEU of its loose goods are ready
by now (goods booked but still in the workshop do not count): that is the backlog new goods
join. Asked route by route, the answer cost a pass over each route's goods at every slice.

:class:`LooseGoods` keeps the answer for every route at once and updates it on the events that
change it: goods handed over join the goods not ready yet; when the clock has moved on, one pass
over those moves the ones ready by now into their routes' totals (one pass a slice for all
routes); a cut-off that packs sets its route's total to what it left loose and marks the goods
it took. Every question at the clock's time is then a look-up. A route is followed from the
first question about it, so a run whose policies never ask (static ones) pays nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


class LooseGoods:
    """Every followed route's loose goods: the TEU ready by the last time asked, and the goods
    not ready then (ready time, TEU, route, the chunk they came in; in ready order).

    Parameters
    ----------
    n_routes
        How many routes (a route's index is its position).
    """

    def __init__(self, n_routes: int) -> None:
        self.ready_teu = np.zeros(n_routes)
        self.asked_h = -math.inf  # the last time the goods were looked at
        self.valid_from_h = -math.inf  # questions about earlier times are not answered here
        self._followed = [False] * n_routes
        # goods taken by a route's last cut-off: those handed over before chunk ``_mark`` and
        # ready by ``_packed_to_h`` (packed, or counted in the route's total as left loose)
        self._mark = np.zeros(n_routes, dtype=np.int64)
        self._packed_to_h = np.full(n_routes, -math.inf)
        self._chunks = 0  # chunks handed over so far
        self._ready = np.zeros(0)
        self._teu = np.zeros(0)
        self._route = np.zeros(0, dtype=np.int64)
        self._chunk = np.zeros(0, dtype=np.int64)
        self._lo = 0  # the goods before this position are ready and counted
        # goods handed over since the last pass: (ready times, TEU, route)
        self._new: list[tuple[np.ndarray, np.ndarray, int]] = []

    def follows(self, route: int) -> bool:
        """Whether the ledger follows ``route`` (from the first question about it)."""
        return self._followed[route]

    def follow(self, route: int, goods: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """Start following ``route``, whose loose goods are ``goods`` (ready times, TEU)."""
        self._followed[route] = True
        self.ready_teu[route] = 0.0
        self._mark[route] = self._chunks  # anything of the route's from before is forgotten
        self._packed_to_h[route] = math.inf
        for ready_h, teu in goods:
            self.hand_over(route, ready_h, teu)

    def hand_over(self, route: int, ready_h: np.ndarray, teu: np.ndarray) -> None:
        """Goods of ``route`` that will be at the consolidation point at ``ready_h``."""
        if ready_h.size and self._followed[route]:
            self._new.append((ready_h, teu, route))
            self._chunks += 1

    def repacked(self, route: int, cutoff_h: float, left_teu: float) -> None:
        """A cut-off at ``cutoff_h`` packed ``route``'s goods ready by then but ``left_teu``
        TEU of them (the open container's)."""
        if not self._followed[route]:
            return
        if self.asked_h > cutoff_h:  # looked at after the cut-off (not in a run): start again
            self._followed[route] = False
            return
        self.ready_teu[route] = left_teu
        self._mark[route] = self._chunks
        self._packed_to_h[route] = cutoff_h
        self.valid_from_h = max(self.valid_from_h, cutoff_h)

    def ready_by(self, route: int, now: float) -> float:
        """TEU of ``route``'s loose goods ready by ``now`` (a followed route, ``now`` not before
        :attr:`valid_from_h`)."""
        if now != self.asked_h or self._new:
            self._advance(now)
        return float(self.ready_teu[route])

    def _gather(self) -> None:
        """Merge the goods handed over since the last pass into those not ready, which are
        kept in ready order (from position ``_lo``): a pass then looks only at the goods that
        became ready since the last one. (A stable sort of the sorted goods followed by the
        new ones is a merge of runs, linear in the goods.)"""
        new = self._new
        if not new:
            return
        sizes = [r.size for r, _, _ in new]
        first = self._chunks - len(new)
        lo = self._lo
        ready = np.concatenate((self._ready[lo:], *(r for r, _, _ in new)))
        teu = np.concatenate((self._teu[lo:], *(t for _, t, _ in new)))
        route = np.concatenate((
            self._route[lo:],
            np.repeat(np.array([k for _, _, k in new], dtype=np.int64), sizes),
        ))  # fmt: skip
        chunk = np.concatenate((
            self._chunk[lo:], np.repeat(np.arange(first, self._chunks, dtype=np.int64), sizes)
        ))  # fmt: skip
        new.clear()
        order = np.argsort(ready, kind="stable")
        self._ready, self._teu = ready[order], teu[order]
        self._route, self._chunk = route[order], chunk[order]
        self._lo = 0

    def _advance(self, now: float) -> None:
        """Move the goods ready by ``now`` into their routes' totals (those a cut-off took
        are dropped)."""
        self._gather()
        self.asked_h = now
        self.valid_from_h = max(self.valid_from_h, now)
        lo = self._lo
        hi = int(np.searchsorted(self._ready, now, side="right"))
        if hi <= lo:
            return
        self._lo = hi
        route, teu = self._route[lo:hi], self._teu[lo:hi]
        taken = (self._chunk[lo:hi] < self._mark[route]) & (
            self._ready[lo:hi] <= self._packed_to_h[route]
        )
        if taken.any():
            kept = ~taken
            route, teu = route[kept], teu[kept]
        self.ready_teu += np.bincount(route, weights=teu, minlength=self.ready_teu.size)
