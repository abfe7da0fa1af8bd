"""The live state of the network: what a decision may know at the current time.

:class:`NetworkState` implements :class:`sim.policies.base.NetworkView` over the running actors:
goods and containers waiting per route, the coming departures and their slots, trains queueing
and recent waits per crossing, recent transit times per route, and announced closures with their
end. It only reads; policies get it and nothing else of the actors. Estimates are simple and
stated: a forwarder's rule of thumb, not a second simulation.
"""

from __future__ import annotations

import math
from bisect import bisect_left

import numpy as np

from sim.actors.logistics import Logistics
from sim.actors.monitors import level_series
from sim.policies.monitors import Monitor
from sim.world.network import Edge

TYPICAL_FILL = 0.85
"""Share of a container that packing fills, to turn loose goods into slots ahead (E: measured
in the shipped runs, as :data:`sim.world.checks.CONTAINER_FILL`)."""


class NetworkState:
    """Read-only view of the network at the clock's time (see :class:`NetworkView`)."""

    def __init__(self, logistics: Logistics) -> None:
        self.lg = logistics
        sc = logistics.sc
        self._service_h = {n: b.spec.service_h.mean() for n, b in logistics.borders.items()}
        self._port_dwell_h = sc.logistics.sea.port_dwell_h.mean()
        self._sea_h = sc.logistics.sea.transit_days.mean() * 24.0

    @property
    def now(self) -> float:
        return float(self.lg.env.now)

    # ----------------------------------------------------------------- Yiwu

    def backlog_teu(self, route: int) -> float:
        return self.lg.routes[route].forwarder.backlog_teu(self.now)

    def waiting_slots(self, route: int) -> int:
        return self.lg.routes[route].forwarder.waiting_slots()

    def next_departures(self, route: int, n: int) -> list[tuple[float, int]]:
        rows = self.lg.rows.get(route, [])
        k = self.lg.next_row.get(route, 0)
        return [(dep, cap) for _, dep, cap in rows[k : k + n]]

    def expected_departure_h(self, route: int, extra_slots: int = 1) -> float:
        fw = self.lg.routes[route].forwarder
        loose = fw.loose_teu(self.now)
        ahead = fw.waiting_slots() + math.ceil(loose / TYPICAL_FILL) + extra_slots
        rows = self.lg.rows.get(route, [])
        k = self.lg.next_row.get(route, 0)
        for _, dep, cap in rows[k:]:
            ahead -= cap
            if ahead <= 0:
                return dep
        # beyond the timetable: the departures still needed, at the route's usual interval
        r = self.lg.routes[route]
        gap = 168.0 / max(r.spec.weekly_rate(), 1e-9)
        last = rows[-1][1] if rows else self.now
        return max(last, self.now) + gap * math.ceil(max(ahead, 1) / max(r.capacity, 1))

    # ----------------------------------------------------------------- crossings

    def border_queue(self, node: str) -> int:
        return self.lg.borders[node].queue_length

    def recent_wait_h(self, node: str) -> float:
        return self.lg.borders[node].recent_wait_h

    def closed_until_h(self, node: str, at_h: float) -> float | None:
        return self.lg.borders[node].closed_until_h(at_h, known_at=self.now)

    def is_crossing(self, node: str) -> bool:
        return node in self.lg.borders

    def crossings(self) -> list[str]:
        return list(self.lg.borders)

    def recent_transit_h(self, route: int) -> float | None:
        return self.lg.recent_transit_h.get(route)

    def expected_crossing_h(self, node: str, at_h: float) -> float:
        """Expected hours a train reaching ``node`` at ``at_h`` spends there: an announced
        closure's remaining time, then the line ahead of it (the recent wait, or the queue now
        shared by the servers if longer), then its own service."""
        b = self.lg.borders[node]
        service = self._service_h[node]
        ahead = max(b.recent_wait_h, b.queue_length * service / max(b.servers, 1))
        end = b.closed_until_h(at_h, known_at=self.now)
        wait = 0.0 if end is None else end - at_h
        return wait + ahead + service

    # ----------------------------------------------------------------- door to door

    def expected_arrival_h(self, route: int, dest: int) -> float:
        lg = self.lg
        r = lg.routes[route]
        t = self.expected_departure_h(route)
        legs = r.line.edges if r.mode == "rail" else r.line.edges[:1]
        for e in legs:
            t += e.hours
            if e.dst in lg.borders:
                t += self.expected_crossing_h(e.dst, t)
        if r.mode == "rail":
            return t + lg.terminal_h
        t += self._port_dwell_h
        sailings = lg.sailing_times.get(route, [])
        k = bisect_left(sailings, t)
        if k < len(sailings):
            t = sailings[k]
        else:  # no sailing left in the run (the line is suspended, or the run ends first)
            gap = 168.0 / max(r.spec.weekly_rate(), 1e-9)
            t = max(t, sailings[-1] if sailings else lg.horizon_h) + gap
        t += self._sea_h
        for e in r.line.edges[1:]:
            if e.dst in lg.borders:
                t += self.expected_crossing_h(e.dst, t)
        return t + lg.onward_h.get((route, dest), 0.0)

    # ----------------------------------------------------------------- routes and monitors
    # (kept together at the end: what a plug-in policy reads of the network's shape and of
    # its recorded history, :mod:`sim.actors.monitors`)

    def route_line(self, route: int) -> str:
        """The id of the route's line (``L12``, ``S01`` ...)."""
        return self.lg.routes[route].line.id

    def route_edges(self, route: int) -> tuple[Edge, ...]:
        """The route's legs in order, from Yiwu (for a sea route: the feeder to the port,
        the sea leg, then any rail or road beyond)."""
        return self.lg.routes[route].line.edges

    def route_crossings(self, route: int) -> list[str]:
        """The border crossings of the run the route passes, in order (node ids)."""
        return [e.dst for e in self.lg.routes[route].line.edges if e.dst in self.lg.borders]

    def monitors(self) -> list[str]:
        """The names of the run's monitors: ``queue:`` and ``wait:`` each crossing, then
        ``at_yiwu:`` each line."""
        nodes = list(self.lg.borders)
        return [
            *(f"queue:{n}" for n in nodes),
            *(f"wait:{n}" for n in nodes),
            *(f"at_yiwu:{r.line.id}" for r in self.lg.routes),
        ]

    def monitor(self, name: str) -> Monitor:
        """The monitor ``name`` up to now (see :mod:`sim.policies.monitors`); a KeyError names
        the choices."""
        quantity, _, subject = name.partition(":")
        lg = self.lg
        if quantity in ("queue", "wait") and subject in lg.borders:
            b = lg.borders[subject]
            t, v = b.queue_series() if quantity == "queue" else b.wait_series()
            return Monitor(name, t, v)
        lines = {r.line.id: r.index for r in lg.routes}
        if quantity == "at_yiwu" and subject in lines:
            c = lg.book.cols
            mine = np.flatnonzero(c["route"] == lines[subject])
            rolled = c["rolled_h"][mine]
            joined = np.where(np.isnan(rolled), c["closed_h"][mine], rolled)
            departed = np.append(lg.departures["departed_h"], np.nan)[c["departure"][mine]]
            slots = c["slots"][mine]
            t, v = level_series(joined, slots, departed, slots, self.now)
            return Monitor(name, t, v)
        raise KeyError(f"no monitor {name!r}; the run has: {', '.join(self.monitors())}")
