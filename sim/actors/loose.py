"""Loose goods at the consolidation points, as the live state reads them.

Goods handed over to a route's forwarder are loose until a cut-off packs them. At every booking
slice the live state asks, for each route it weighs, how many TEU of its loose goods are ready
by now (goods booked but still in the workshop do not count): that is the backlog new goods
join. Asked route by route, the answer cost a pass over each route's goods at every slice.

:class:`LooseGoods` keeps the answer for every route at once, updated by what changes it: goods
handed over join the goods not ready yet; when the clock has moved on, one pass over those moves
the ones ready by now into their routes' totals (one pass a slice for all routes); a cut-off that
packs replaces its route's goods by those it left loose. Every question at the clock's time is
then a look-up.
"""

from __future__ import annotations

import math

import numpy as np


class LooseGoods:
    """Every route's loose goods: the TEU ready by the last time asked, and the goods not ready
    then (ready time, TEU, route; in no particular order).

    Parameters
    ----------
    n_routes
        How many routes (a route's index is its position).
    """

    def __init__(self, n_routes: int) -> None:
        self.ready_teu = np.zeros(n_routes)
        self.asked_h = -math.inf
        self._ready = np.zeros(0)
        self._teu = np.zeros(0)
        self._route = np.zeros(0, dtype=np.int64)
        # goods handed over since the last pass: (ready times, TEU, route)
        self._new: list[tuple[np.ndarray, np.ndarray, int]] = []

    def hand_over(self, route: int, ready_h: np.ndarray, teu: np.ndarray) -> None:
        """Goods of ``route`` that will be at the consolidation point at ``ready_h``."""
        if ready_h.size:
            self._new.append((ready_h, teu, route))

    def ready_by(self, route: int, now: float) -> float:
        """TEU of ``route``'s loose goods ready by ``now`` (not before the last time asked)."""
        if now != self.asked_h or self._new:
            self._advance(now)
        return float(self.ready_teu[route])

    def repacked(self, route: int, ready_h: np.ndarray, teu: np.ndarray) -> None:
        """A cut-off packed some of ``route``'s goods: its loose goods are now ``ready_h`` and
        ``teu`` (they are looked at again at the next question)."""
        self._gather()
        keep = self._route != route
        self._ready, self._teu, self._route = self._ready[keep], self._teu[keep], self._route[keep]
        self.ready_teu[route] = 0.0
        self.hand_over(route, ready_h, teu)

    def _gather(self) -> None:
        """Join the goods handed over since the last pass to those not ready."""
        new = self._new
        if not new:
            return
        sizes = [r.size for r, _, _ in new]
        self._ready = np.concatenate((self._ready, *(r for r, _, _ in new)))
        self._teu = np.concatenate((self._teu, *(t for _, t, _ in new)))
        routes = np.repeat(np.array([k for _, _, k in new], dtype=np.int64), sizes)
        self._route = np.concatenate((self._route, routes))
        new.clear()

    def _advance(self, now: float) -> None:
        """Move the goods ready by ``now`` into their routes' totals."""
        self._gather()
        self.asked_h = now
        due = self._ready <= now
        if not due.any():
            return
        self.ready_teu += np.bincount(
            self._route[due], weights=self._teu[due], minlength=self.ready_teu.size
        )
        wait = ~due
        self._ready, self._teu, self._route = self._ready[wait], self._teu[wait], self._route[wait]
