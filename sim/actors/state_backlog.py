"""The backlog new goods join at Yiwu, as the live state reads it
(:class:`sim.actors.state.NetworkState` inherits it).

Goods ready at the consolidation point at ``T`` leave on the first departure whose cut-off is
not before ``T`` and that has room behind the slots ahead of them. Ahead of them are:

- the closed containers waiting for the route;
- its loose goods ready now, and the goods booked that will be ready by ``T`` (still in the
  workshops: :mod:`sim.actors.pending`; a cut-off packs goods in ready order, so these are
  packed ahead of the new goods), at a typical fill;
- and, as slots, the room that the coming departures before ``T`` leave unused because the
  goods were not ready in time for them (departure ``i`` can take at most the slots ready by
  its cut-off: with ``A(c)`` the slots ready by ``c`` and ``C_i`` the room of the coming
  departures up to ``i``, those departures carry ``C_i + min(0, min over k <= i of
  (A(c_k) - C_k))``, so the room lost before ``T`` is minus that minimum).

Before the thirteenth session only the closed containers and the loose goods ready *now*
counted: an estimate that was unbiased where lines have room and optimistic by a departure
or more on a busy line (``docs/model.md``, "What a decision sees").
"""

from __future__ import annotations

import math
from bisect import bisect_left

import numpy as np

from sim.actors.pending import column, column_one
from sim.actors.state_timetables import KnownTimetables

TYPICAL_FILL = 0.85
"""Share of a container that packing fills, to turn loose goods into slots ahead (E: measured
in the shipped runs, as :data:`sim.world.demand.CONTAINER_FILL`)."""


class BacklogAhead(KnownTimetables):
    """The slots ahead of new goods at Yiwu (a part of the live state)."""

    def _backlog_now(self, route: int) -> tuple[int, float]:
        """Closed containers waiting for the route (slots) and its loose goods ready now (TEU)."""
        memo = self._memo
        key = ("now", route)
        if memo is not None and key in memo:
            known: tuple[int, float] = memo[key]
            return known
        fw = self.lg.routes[route].forwarder
        known = (fw.waiting_slots(), fw.loose_teu(self.now))
        if memo is not None:
            memo[key] = known
        return known

    def _slots_ahead(self, route: int) -> int:
        """Closed containers waiting for the route, and its loose goods ready now at a
        typical fill, in slots."""
        waiting, loose = self._backlog_now(route)
        return waiting + math.ceil(loose / TYPICAL_FILL)

    def _coming(self, route: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, float]:
        """The route's departures with room (cut-offs, times, cumulative room), the position
        of the first coming one and the room of those before it (kept for a slice)."""
        memo = self._memo
        key = ("coming", route)
        if memo is not None and key in memo:
            known: tuple[np.ndarray, np.ndarray, np.ndarray, int, float] = memo[key]
            return known
        cut, dep, cum = self._timetable(route)
        index = self._lists[route][3]
        k = bisect_left(index, self._known_rows(route)[1])  # the first coming (with room)
        known = (cut, dep, cum, k, float(cum[k - 1]) if k > 0 else 0.0)
        if memo is not None:
            memo[key] = known
        return known

    def _pending(self, route: int, upto_h: float) -> np.ndarray:
        """The route's goods not ready now that will be ready by each hour up to ``upto_h``'s
        (TEU, cumulative: :meth:`sim.actors.pending.PendingGoods.cumulative`), kept for a
        slice (asked again only for a later hour)."""
        memo = self._memo
        key = ("pending", route)
        if memo is not None:
            hit = memo.get(key)
            if hit is not None and hit[0] >= upto_h:
                known: np.ndarray = hit[1]
                return known
        ledger = self.lg.routes[route].forwarder.loose
        if ledger is None or not ledger.follows(route):
            out = np.zeros(1)  # (no ledger follows it: no goods known ahead)
        else:
            out = ledger.pending.cumulative([route], self.now, upto_h)[0]
        if memo is not None:
            memo[key] = (upto_h, out)
        return out

    def goods_ahead(self, route: int, ready_h: np.ndarray) -> np.ndarray:
        """Slots ahead of goods ready at each of ``ready_h`` (not before now): see the
        module's description."""
        now = self.now
        waiting, loose = self._backlog_now(route)
        cut, _, cum, k, before = self._coming(route)
        ready = np.maximum(np.asarray(ready_h, dtype=float), now)
        if not ready.size:
            return np.zeros(0, dtype=np.int64)
        pending = self._pending(route, float(ready.max()))
        width = pending.size
        at_ready = pending.take(column(ready, now, width))
        ahead = waiting + np.ceil((loose + at_ready) / TYPICAL_FILL)
        j_ready = cut.searchsorted(ready, side="left")
        top = int(j_ready.max())
        if top > k:  # departures before some goods' cut-off: the room they leave unused
            on_time = pending.take(column(cut[k:top], now, width))
            short = waiting + np.ceil((loose + on_time) / TYPICAL_FILL) - (cum[k:top] - before)
            np.minimum(short, 0.0, out=short)
            lowest = np.minimum.accumulate(short)
            at = j_ready - k - 1
            ahead -= np.where(at >= 0, lowest.take(np.maximum(at, 0)), 0.0)
        return ahead.astype(np.int64)

    def goods_ahead_one(self, route: int, ready_h: float) -> int:
        """:meth:`goods_ahead` of one order, in plain Python on the same numbers."""
        now = self.now
        waiting, loose = self._backlog_now(route)
        _, _, _, k, before = self._coming(route)
        cut_list, _, cum_list, _ = self._lists[route]
        ready = ready_h if ready_h > now else now
        pending = self._pending(route, ready)
        width = pending.size

        def ready_by(t: float) -> float:
            return float(pending[column_one(t, now, width)])

        ahead = waiting + math.ceil((loose + ready_by(ready)) / TYPICAL_FILL)
        lowest = 0.0
        for i in range(k, bisect_left(cut_list, ready)):  # the departures before the goods
            short = (
                waiting
                + math.ceil((loose + ready_by(cut_list[i])) / TYPICAL_FILL)
                - (cum_list[i] - before)
            )
            lowest = short if short < lowest else lowest
        return int(ahead - lowest)

    def _behind_backlog(
        self, route: int, extra_slots: int, ready_h: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
        """The route's coming departures with room (cut-offs, times), the slots ahead of
        goods ready at each of ``ready_h`` (with ``extra_slots`` of their own), the first
        departure with room behind them, and the room of all departures from the next on."""
        cut, dep, cum, k, before = self._coming(route)
        ahead = self.goods_ahead(route, ready_h) + extra_slots
        # behind the backlog: the first departure whose room from the next one on covers it.
        # Slots are whole numbers, so the cumulative room is exact and "room from the next on
        # covers it" is "cumulative room reaches it plus what went before"
        j_room = np.maximum(cum.searchsorted(ahead + before, side="left"), k)
        return cut, dep, ahead, j_room, self._room_after_next(route)

    def _behind_backlog_one(self, route: int, ready_h: float) -> tuple[int, int]:
        """:meth:`_behind_backlog` of one order's goods (one slot of its own): the slots
        ahead and the first departure with room behind them, in plain Python."""
        _, _, _, k, before = self._coming(route)
        cum_list = self._lists[route][2]
        ahead = self.goods_ahead_one(route, ready_h) + 1
        j_room = bisect_left(cum_list, ahead + before)
        return ahead, (j_room if j_room > k else k)

    def _room_after_next(self, route: int) -> float:
        """The room of all the route's departures from the next coming one on."""
        _, _, cum, _, before = self._coming(route)
        return float(cum[-1]) - before if cum.size else 0.0
