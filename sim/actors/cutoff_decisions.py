"""What the dispatch and roll-over policies do at a departure's cut-off.

At a rail departure's cut-off, once the departure is loaded, the dispatch policy
(``logistics.dispatch``) sees what it takes and what is left waiting, and may cancel it (its
containers go back to the head of the queue) or add an extra train after it
(:meth:`CutOffDecisions._dispatch`): the added train's row goes into the route's timetable in
cut-off order, with the room the line has then (none inside a suspension; under a capacity cut,
its share). Then the roll-over policy (``logistics.consolidation.rollover``) may move the
containers any departure left behind to another route (:meth:`CutOffDecisions._roll_over`),
where they wait the switch time before they can load.

:class:`CutOffDecisions` is the part of :class:`sim.actors.logistics.Logistics` that asks
them; :mod:`sim.actors.cutoffs` calls it from each cut-off, and :mod:`sim.actors.late_cuts`
when a line cut told late loads a line's trains again.
"""

from __future__ import annotations

import bisect
import math
from typing import Any

import numpy as np
import simpy

from sim.actors.borders import Window
from sim.actors.forwarders import ContainerBook
from sim.actors.journeys import Route
from sim.actors.late_cuts import LateCuts
from sim.actors.timetables import added_room
from sim.policies.base import NetworkView
from sim.policies.dispatch import CutOff, DispatchPolicy
from sim.policies.rollover import RollOverPolicy
from sim.scenario import Scenario
from sim.world.demand import CONTAINER_FILL


class CutOffDecisions:
    """The dispatch and roll-over policies at a cut-off (a part of
    :class:`sim.actors.logistics.Logistics`, which sets every attribute below)."""

    env: simpy.Environment
    sc: Scenario
    horizon_h: float
    cutoff_h: float
    book: ContainerBook
    routes: list[Route]
    boxes: Any
    late: LateCuts | None
    view: NetworkView | None
    dispatch: DispatchPolicy
    rollover: RollOverPolicy | None
    line_windows: dict[int, list[Window]]
    timetable_version: dict[int, int]
    _decision_h: np.ndarray
    extra_departures: list[tuple[int, float]]
    cancelled_departures: list[tuple[int, float]]
    dest_of_order: np.ndarray

    def _dispatch(
        self,
        r: Route,
        rows: list[tuple[float, float, int]],
        k: int,
        dep_h: float,
        cap: int,
        ids: np.ndarray,
    ) -> bool:
        """Ask the dispatch policy at a rail cut-off; add the extra departure it asks for
        (after row ``k - 1``); returns whether this departure is cancelled."""
        fw = r.forwarder
        c = self.book.cols
        loaded = int(c["slots"][ids].sum()) if ids.size else 0
        left = int(c["slots"][fw.queue].sum()) if fw.queue.size else 0
        left += math.ceil(fw.loose_teu(self.env.now) / CONTAINER_FILL)
        assert self.view is not None
        decision = self.dispatch.at_cutoff(CutOff(r.index, dep_h, cap, loaded, left), self.view)
        # a train the run would not see leave is not added (the timetable ends there too)
        # never before the departure whose cut-off asked (it loaded the oldest goods: an extra
        # leaving first would carry the younger ones ahead of them), as the built-in rule does
        at = None if decision.add_at_h is None else max(float(decision.add_at_h), dep_h)
        room = None  # none inside a suspension of the line; under a capacity cut, its share
        late = self.late if self.late is not None and r.index in self.late.routes else None
        if at is not None and at < self.horizon_h:
            if late is not None:  # as known now
                room = late.extra_room(r.index, at)
            else:
                room = added_room(r.capacity, self.line_windows.get(r.index, ()), at)
        if at is not None and room is not None:
            row = (max(at - self.cutoff_h, self.env.now), at, room)
            # in cut-off order, and among cut-offs at one moment (clamped to the clock: the
            # run's start, a cut told late) in departure order: the train that leaves first
            # loads first, so under ``fifo`` the oldest goods take it, not a later train's
            where = bisect.bisect_right([x[:2] for x in rows], row[:2], lo=k)
            rows.insert(max(where, k), row)
            if late is not None:
                late.extra_added(r.index, row)
            self.timetable_version[r.index] = self.timetable_version.get(r.index, 0) + 1
            self._decision_h = np.unique(np.append(self._decision_h, row[0]))
            self.extra_departures.append((r.index, at))
        if decision.cancel:
            self.cancelled_departures.append((r.index, dep_h))
        return decision.cancel

    def _roll_over(self, r: Route) -> None:
        """Ask the roll-over policy about the containers the departure left behind."""
        fw = r.forwarder
        if not fw.queue.size or self.rollover is None or self.view is None:
            return
        c = self.book.cols
        first = c["first"][fw.queue]
        dest = self.dest_of_order[self.book.members["oid"][first]]
        target = self.rollover.move(r.index, c["closed_h"][fw.queue], dest, self.view)
        if target is None:
            return
        moving = np.flatnonzero(target >= 0)
        boxless = fw.queue_from_h[moving] == math.inf  # waiting for a box: still waiting there
        ids = fw.remove(moving)
        now = self.env.now
        switch = self.sc.logistics.consolidation.rollover.switch_h
        for to in np.unique(target[moving]).tolist():
            going = target[moving] == to
            sel = ids[going]
            c["route"][sel] = to
            c["rolled_h"][sel] = now
            from_h = np.full(sel.size, now + switch)
            if self.boxes is not None:
                from_h[boxless[going]] = math.inf
                self.boxes.moved(sel[boxless[going]], to)
            self.routes[to].forwarder.join(sel, from_h)
