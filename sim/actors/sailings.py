"""Sailings from the sea port: the ships that take Yiwu's boxes from Ningbo to Europe.

Sea-rail feeders (:mod:`sim.actors.logistics`) bring the boxes of a sea route to its port, where
they wait for the port dwell. At each sailing's time the boxes whose dwell is over board, first
available first, while they fit; the rest wait for the next sailing. The carriers' sailings
policy (:mod:`sim.policies.sailings`) is asked ``notice_h`` before each published sailing
(blank it, announced then) and when it loads (blank it below a minimum fill, a larger ship, an
extra loader). A blanked sailing's boxes stay at the port and the next sailing takes them first;
the live state (:class:`sim.actors.state.NetworkState`) reads the sailings still counted on from
``Logistics.sailing_times``, which this module keeps.

One process per sea route walks its sailings, and with an active policy one more walks its
notices; an extra loader is inserted into the route's list of sailings while the clock runs.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.actors.borders import edge_hours
from sim.actors.timetables import added_room
from sim.policies.sailings import Notice, SailingCutOff
from sim.world.random_streams import RandomStreams

Logistics = Any
"""The run's :class:`sim.actors.logistics.Logistics` (typed loosely: that module builds on this
one, and an import back would be a cycle)."""
Route = Any
"""A sea route of the run (:class:`sim.actors.logistics.Route`)."""


@dataclass
class Sailing:
    """A sailing of a sea route from its port: published, or added by the sailings policy."""

    departure_h: float
    capacity: int  # booked slots (0: the line is suspended)
    blanked: str = ""  # why it did not sail: "festival" (announced ahead) or "min_fill"
    extra: bool = False  # an extra loader the sailings policy added


BLANK_REASONS = ("", "festival", "min_fill")
"""Codes of the departures table's ``blanked`` column: 0 sailed (or not a sailing), 1 blanked
ahead, announced at the notice (the ``carriers`` rule: around the Spring Festival), 2 blanked
when it loads (the ``carriers`` rule: below the minimum fill)."""

SAILING = 2
"""The departure kind of a sailing (``sim.actors.logistics.KINDS``)."""


class Carriers:
    """The sailings of every sea route of a run, as the carriers run them.

    Parameters
    ----------
    lg
        The run's logistics (its clock, container book, ports, departures and live state).
    streams
        The random streams: ``sea_transit`` for the published sailings' passages,
        ``sea_transit:extra`` for extra loaders' (so published sailings keep theirs).
    """

    def __init__(self, lg: Logistics, streams: RandomStreams) -> None:
        self.lg = lg
        sea = lg.sc.logistics.sea
        self.transit_days = sea.transit_days.sampler(streams.get("sea_transit"))
        self.extra_transit_days = sea.transit_days.sampler(streams.get("sea_transit:extra"))
        self.plan: dict[int, list[Sailing]] = {}  # per sea route: its sailings, in time order
        self.upsized: list[tuple[int, float, int]] = []  # (route, hour, extra slots)
        self.moments: list[float] = []  # when the sailings policy may change what is known
        self.blanked: dict[int, int] = {}  # blanked sailings' departure rows: BLANK_REASONS code

    def start(self, r: Route, deps: list[tuple[float, float]]) -> None:
        """Publish sea route ``r``'s sailings (time, capacity factor) and start them."""
        lg = self.lg
        env = lg.env
        plan = [Sailing(t, max(0, round(r.capacity * f))) for t, f in deps]
        self.plan[r.index] = plan
        env.process(self._timetable(r, plan))
        # sailings with room, for the live state (a suspended line has none)
        lg.sailing_times[r.index] = [s.departure_h for s in plan if s.capacity > 0]
        if lg.sailings.active:
            env.process(self._notices(r, list(plan)))
            # the live state changes when a blank is announced or a sailing decides
            ahead = lg.sailings.notice_h
            for s in plan:
                if s.capacity > 0:
                    self.moments += [max(s.departure_h - ahead, env.now), s.departure_h]

    # ----------------------------------------------------------------- on the clock

    def _timetable(self, r: Route, plan: list[Sailing]) -> Generator[Any, Any, None]:
        """At each sailing's time, the boxes at the port whose dwell is over board while they
        fit (first available, first loaded); the sailings policy may first blank the sailing
        (its boxes roll to the next), enlarge it or add an extra loader. ``plan`` may grow
        while the clock runs: extra loaders are inserted after the current sailing."""
        lg = self.lg
        env = lg.env
        slots_of = lg.book.cols
        asks = lg.sailings.active
        k = 0
        while k < len(plan):
            sailing = plan[k]
            k += 1
            dep_h = sailing.departure_h
            if dep_h > env.now:
                yield env.timeout(dep_h - env.now)
            if asks and lg.sailings.notice_h <= 0 and sailing.capacity > 0 and not sailing.extra:
                # no notice: the carrier's notice comes as the ship is due, before it loads
                # (a process of its own would wake at the same moment, after it had sailed)
                self._notice(r, sailing)
            if sailing.blanked:  # announced ahead: no ship, the boxes wait at the port
                self._blank(r, sailing.blanked)
                continue
            cap = sailing.capacity
            if asks and cap > 0:
                extra = self._ask(r, plan, k, sailing)
                if extra is None:
                    continue  # blanked: its boxes roll to the next sailing
                cap += extra
            port = lg.port[r.index]
            taken: list[np.ndarray] = []
            used = 0
            while port and port[0][0] <= env.now and used < cap:
                load = port[0]
                ids, pos = load[2], load[3]
                rest = ids[pos:]
                cum = np.cumsum(slots_of["slots"][rest])
                j = int(np.searchsorted(cum, cap - used, side="right"))
                if j == 0 and used == 0:  # a group larger than the whole sailing goes alone
                    j = 1
                if j == 0:
                    break
                taken.append(rest[:j])
                used += int(cum[j - 1])
                if j < rest.size:  # the rest of this load waits for the next sailing
                    load[3] = pos + j
                    break
                heapq.heappop(port)
            ids_out = np.concatenate(taken) if taken else np.zeros(0, dtype=np.int64)
            self._sail(r, cap, ids_out, sailing.extra)

    def _notices(self, r: Route, plan: list[Sailing]) -> Generator[Any, Any, None]:
        """``notice_h`` before each published sailing with room, the sailings policy may blank
        it; from then the live state no longer counts on it."""
        lg = self.lg
        env = lg.env
        ahead = lg.sailings.notice_h
        if ahead <= 0:  # the timetable asks as each sailing is due (:meth:`_timetable`)
            return
        for sailing in plan:
            if sailing.capacity <= 0:
                continue
            at = sailing.departure_h - ahead
            if at > env.now:
                yield env.timeout(at - env.now)
            self._notice(r, sailing)

    def _notice(self, r: Route, sailing: Sailing) -> None:
        """The sailings policy's notice of a published sailing: blank it (announced now)."""
        lg = self.lg
        assert lg.view is not None
        dep_h = sailing.departure_h
        nearest = min(lg.cal.festival_h, key=lambda f: abs(f - dep_h), default=None)
        if lg.sailings.at_notice(Notice(r.index, dep_h, sailing.capacity, nearest), lg.view):
            sailing.blanked = "festival"
            self._forget(r.index, dep_h)

    def _ask(self, r: Route, plan: list[Sailing], k: int, sailing: Sailing) -> int | None:
        """Ask the sailings policy as sailing ``plan[k - 1]`` loads; add the extra loader it
        asks for. Returns the extra slots the sailing takes, or None when it is blanked."""
        lg = self.lg
        now = lg.env.now
        ready = arriving = 0
        slots = lg.book.cols["slots"]
        for available, _, ids, pos in lg.port[r.index]:
            n = int(slots[ids[pos:]].sum())
            if available <= now:
                ready += n
            else:
                arriving += n
        coming = tuple(
            (s.departure_h, s.capacity) for s in plan[k:] if s.capacity > 0 and not s.blanked
        )
        cut = SailingCutOff(r.index, sailing.departure_h, sailing.capacity, ready, arriving, coming)
        assert lg.view is not None
        decision = lg.sailings.at_cutoff(cut, lg.view)
        # a sailing the run would not see leave is not added (the timetable ends there too)
        at = None if decision.add_at_h is None else max(float(decision.add_at_h), now)
        space = None
        if at is not None and at < lg.horizon_h:  # none inside a suspension of the route
            space = added_room(r.capacity, lg.line_windows.get(r.index, ()), at)
        if at is not None and space:
            extra = Sailing(at, space, extra=True)
            where = bisect.bisect_right([s.departure_h for s in plan], extra.departure_h, lo=k)
            plan.insert(where, extra)
            bisect.insort(lg.sailing_times[r.index], extra.departure_h)
            lg.add_decision_moment(extra.departure_h)
        if decision.blank:
            sailing.blanked = "min_fill"
            self._forget(r.index, sailing.departure_h)
            self._blank(r, "min_fill")
            return None
        if decision.extra_slots > 0:
            self.upsized.append((r.index, now, int(decision.extra_slots)))
        return max(int(decision.extra_slots), 0)

    def _forget(self, route: int, dep_h: float) -> None:
        """The live state stops counting on the sailing of ``route`` at ``dep_h``."""
        times = self.lg.sailing_times[route]
        i = bisect.bisect_left(times, dep_h)
        if i < len(times) and times[i] == dep_h:
            del times[i]

    def _blank(self, r: Route, why: str) -> None:
        """A blanked sailing: a row with no space that never arrives (its boxes stay at the
        port for the next sailing). Its passage is drawn and dropped, so the published
        sailings after it keep the passages of the fixed timetable (common random numbers)."""
        self.transit_days()
        did = self.lg._new_departure(r.index, SAILING, 0, self.lg.env.now)
        self.blanked[did] = BLANK_REASONS.index(why)

    def _sail(self, r: Route, cap: int, ids: np.ndarray, extra: bool = False) -> None:
        """A ship leaves now with containers ``ids`` in ``cap`` slots and crosses the sea."""
        lg = self.lg
        env = lg.env
        did = lg._new_departure(r.index, SAILING, cap, env.now)
        lg._board(did, ids, first_leg=False)
        sea_leg = r.line.edges[1]
        windows = lg.edge_windows.get((sea_leg.src, sea_leg.dst), ())
        # an extra loader's passage comes from its own stream: the published sailings keep theirs
        days = self.extra_transit_days() if extra else self.transit_days()
        run = edge_hours(days * 24.0, windows, env.now)
        env.timeout(run).callbacks.append(lambda _: lg._arrive(did))
        if lg.boxes is not None:  # the boxes join the port's pool when the ship is in
            boxes, port = lg.boxes, r.line.destination
            env.timeout(run).callbacks.append(lambda _: boxes.unload(port, lg.book, ids))
            env.timeout(run).callbacks.append(lambda _: boxes.ship_in(r, cap))

    # ----------------------------------------------------------------- after the run

    def at_port(self) -> np.ndarray:
        """Containers at the sea ports waiting for a sailing (in their dwell or rolled)."""
        parts = [ids[pos:] for loads in self.lg.port.values() for _, _, ids, pos in loads]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def problem(self) -> str | None:
        """Every container a feeder brought to a port is on exactly one sailing or still
        waiting there (a blanked sailing's boxes roll, none is lost); what is wrong if not.

        Counted per departure, then checked on the sea's containers only (a full-scale year's
        rail containers are not indexed)."""
        lg = self.lg
        c = lg.book.cols
        dep, sail = c["departure"], c["sailing"]
        kind = np.array([row[1] for row in lg._dep_rows] + [-1], dtype=np.int64)
        arrived = ~np.isnan(np.array([*lg._dep_arrived, math.nan]))
        fed_by = (kind == 1) & arrived  # per departure: a feeder that reached its port
        on = np.bincount(dep[dep >= 0], minlength=kind.size)  # containers per departure
        n_fed = int(on[fed_by].sum())
        at = self.at_port()
        if np.unique(at).size != at.size:
            return "a container waits twice at a port"
        if (sail[at] >= 0).any():
            return "a container both sailed and waits at a port"
        if not fed_by[dep[at]].all():
            return "a container waits at a port no feeder brought it to"
        sailed = np.flatnonzero(sail >= 0)
        if not fed_by[dep[sailed]].all():
            return "a container sailed without a feeder bringing it to the port"
        lost = n_fed - sailed.size - at.size  # the fed ones that sailed or wait are distinct
        return (
            f"{lost} containers reached a port and neither sailed nor wait there" if lost else None
        )

    def added(self) -> Counter[tuple[int, float]]:
        """The extra loaders the policy added: how many at each (route, departure hour)."""
        return Counter((r, s.departure_h) for r, plan in self.plan.items() for s in plan if s.extra)

    def blanked_column(self, n: int) -> np.ndarray:
        """The departures table's ``blanked`` codes for its ``n`` rows (:data:`BLANK_REASONS`)."""
        out = np.zeros(n, dtype=np.int64)
        if self.blanked:
            out[np.fromiter(self.blanked, dtype=np.int64)] = list(self.blanked.values())
        return out

    def summary(self, from_h: float = 0.0) -> dict[str, Any]:
        """Sailings the policy blanked (by reason), enlarged and added: overall and by line,
        those due from ``from_h`` on (the warm-up's end, as every other count of departures)."""
        lines = [r.line.id for r in self.lg.routes]
        rows = self.lg._dep_rows
        by: dict[str, dict[str, int]] = {}

        def count(what: str, r: int) -> None:
            line = by.setdefault(lines[r], {})
            line[what] = line.get(what, 0) + 1

        blanked = {did: code for did, code in self.blanked.items() if rows[did][2] >= from_h}
        for did, code in blanked.items():
            count(f"blanked_{BLANK_REASONS[code]}", rows[did][0])
        upsized = [u for u in self.upsized if u[1] >= from_h]
        for r, _, _ in upsized:
            count("enlarged", r)
        # every extra loader, several at one moment too (``added`` is a set of moments)
        added = [
            r for r, plan in self.plan.items() for s in plan if s.extra and s.departure_h >= from_h
        ]
        for r in added:
            count("added", r)
        codes = list(blanked.values())
        return {
            "blanked_festival": codes.count(1),
            "blanked_min_fill": codes.count(2),
            "enlarged": len(upsized),
            "extra_slots": sum(n for _, _, n in upsized),
            "added": len(added),
            "by_line": dict(sorted(by.items())),
        }
