"""Forwarders, trains and the sea route (border crossings are in :mod:`sim.actors.borders`).

The flow after a merchant: goods wait at the consolidation point of their route (a rail line or a
sea route); a forwarder packs them into containers (:mod:`sim.actors.forwarders`); before each
departure, at the cut-off, the open container is closed and the closed containers are loaded first
come, first served up to the train's capacity; what does not fit waits for the next departure.
A train then runs its line edge
by edge; at each border crossing it queues for one of the crossing's servers (gauge change,
customs) and is served for a random time. At the destination the containers are unloaded at the
terminal (``terminal_h``) and released to the buyer after the last-mile time. The sea route runs
sea-rail feeder trains from Yiwu to Ningbo, a port dwell, sailings with a booked capacity, the
crossing, and a truck from the port to the destination.

Containers are one TEU; an order that does not fit in the open container closes it, and an order
larger than one TEU ships in its own group of containers. A container group larger than a whole
train still goes, alone, on the next departure, so nothing can be stranded.

Processes: one per route's timetable (its cut-offs) and one per disruption that cuts a
crossing's servers. A departure's journey (:class:`Trip`) and the background trains at crossings
run on timeout callbacks; orders and containers are numpy records planned before the clock.

Simultaneous events are handled in the order they were scheduled (SimPy's FIFO rule for equal
times); departures are scheduled line by line in line order, so ties are deterministic.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import simpy

from sim.actors.borders import BorderCrossing, Window, edge_hours, windows_for
from sim.actors.forwarders import Forwarder
from sim.actors.recorder import Recorder
from sim.scenario import LineSpec, Scenario
from sim.world.calendar import MarketCalendar
from sim.world.network import Line, Network
from sim.world.random_streams import RandomStreams
from sim.world.routes import rail_nominal_h

# --------------------------------------------------------------------------- routes and schedules


@dataclass
class Route:
    """A line of the scenario (rail) or a sea route, with what a run needs of it."""

    index: int
    line: Line
    spec: LineSpec
    capacity: int  # container slots per departure, after scale
    forwarder: Forwarder
    nominal_h: float  # typical door-to-door time (mode choice 'fastest' / 'deadline')
    cost_usd_per_teu: float

    @property
    def mode(self) -> str:
        return self.line.mode


def _poisson_times(
    rate_per_week: float, lo: float, hi: float, rng: np.random.Generator
) -> list[float]:
    out: list[float] = []
    mean_gap = 168.0 / rate_per_week
    t = lo
    while True:
        t += float(rng.exponential(mean_gap))
        if t >= hi:
            return out
        out.append(t)


def _timetable_times(spec: LineSpec, lo: float, hi: float) -> list[float]:
    assert spec.timetable is not None
    out: list[float] = []
    week = 0
    while 168.0 * week < hi:
        for slot in spec.timetable:
            t = 168.0 * week + 24.0 * slot.weekday + slot.hour
            if lo <= t < hi:
                out.append(t)
        week += 1
    return sorted(out)


def _even_times(rate_per_week: float, lo: float, hi: float, phase_key: int) -> list[float]:
    gap = 168.0 / rate_per_week
    # golden-ratio phases spread the lines' first departures over the interval
    phase = gap * ((phase_key * 0.6180339887498949) % 1.0)
    k = max(0, math.ceil((lo - phase) / gap))
    out: list[float] = []
    while phase + k * gap < hi:
        out.append(phase + k * gap)
        k += 1
    return out


def schedule(
    spec: LineSpec,
    index: int,
    horizon_h: float,
    rng: np.random.Generator,
    windows: list[Window],
) -> list[tuple[float, float]]:
    """Departure times within ``[0, horizon_h)`` and their capacity factor.

    Evenly spaced trains start at a phase that differs by line (golden-ratio offsets of the
    interval), so that lines do not all leave at the same hour. Inside a ``trains_factor``
    window, departures are evenly spaced (or Poisson) at the changed rate; 0 suspends the line.
    """
    rate = spec.weekly_rate()
    trains_w = [w for w in windows if w.d.trains_factor is not None]
    cuts = {0.0, horizon_h}
    for w in trains_w:
        cuts.add(min(max(w.start_h, 0.0), horizon_h))
        cuts.add(min(max(w.end_h, 0.0), horizon_h))
    times: list[float] = []
    for lo, hi in pairwise(sorted(cuts)):
        factor = 1.0
        for w in trains_w:
            if w.start_h <= lo < w.end_h:
                factor *= w.d.trains_factor  # type: ignore[operator]
        r = rate * factor
        if r <= 0 or hi <= lo:
            continue
        if spec.poisson_per_week is not None:
            times.extend(_poisson_times(r, lo, hi, rng))
        elif spec.timetable is not None and factor == 1.0:
            times.extend(_timetable_times(spec, lo, hi))
        else:
            times.extend(_even_times(r, lo, hi, index + 1))
    cap_w = [w for w in windows if w.d.capacity_factor is not None]
    out = []
    for t in sorted(times):
        f = 1.0
        for w in cap_w:
            if w.active(t):
                f *= w.d.capacity_factor  # type: ignore[operator]
        out.append((t, f))
    return out


# --------------------------------------------------------------------------- the network in motion


class Logistics:
    """Everything after the merchant: forwarders, departures, crossings, delivery."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        net: Network,
        cal: MarketCalendar,
        streams: RandomStreams,
        rec: Recorder,
    ) -> None:
        self.env = env
        self.sc = scenario
        self.net = net
        self.cal = cal
        self.rec = rec
        self.horizon_h = scenario.days * 24.0
        lg = scenario.logistics
        self.cutoff_h = lg.consolidation.cutoff_h
        self.close_partial = lg.consolidation.close_partial
        self.last_mile = lg.last_mile_h.sampler(streams.get("last_mile"))
        self.terminal_h = lg.terminal_h
        self.port_dwell = lg.sea.port_dwell_h.sampler(streams.get("port_dwell"))
        self.sea_transit = lg.sea.transit_days.sampler(streams.get("sea_transit"))
        self.borders = {
            node: BorderCrossing(
                env,
                node,
                spec,
                streams.get(f"border:{node}"),
                windows_for(scenario.disruptions, "node", node, cal),
                rec,
            )
            for node, spec in lg.borders.items()
        }
        self.edge_windows: dict[tuple[str, str], list[Window]] = {}
        for d in scenario.disruptions:
            if d.target == "edge":
                a, b = d.id.split("-")
                self.edge_windows.setdefault((a, b), []).extend(windows_for([d], "edge", d.id, cal))
        self.routes: list[Route] = []
        for i, (lid, spec) in enumerate(lg.lines.items()):
            line = net.lines[lid]
            cap = max(1, round((spec.capacity_teu or line.capacity_teu) * scenario.scale))
            gap_h = 168.0 / max(spec.weekly_rate(), 1e-9)
            if line.mode == "rail":
                nominal = rail_nominal_h(net, line, spec.weekly_rate())
                cost = lg.costs.rail_usd_per_teu
            else:
                feeder_gap = 24.0 / lg.sea.feeder_trains_per_day
                nominal = (
                    feeder_gap / 2
                    + line.edges[0].hours
                    + lg.sea.port_dwell_h.mean()
                    + gap_h / 2
                    + lg.sea.transit_days.mean() * 24.0
                )
                cost = lg.costs.sea_usd_per_teu + lg.costs.inland_usd_per_teu
            self.routes.append(Route(i, line, spec, cap, Forwarder(i), nominal, cost))
        # per sea route, the feeders' loads waiting at the port: a heap of [available_h, seq,
        # first, end] (a range of the route's container ids); a sailing takes containers from
        # the earliest available load onwards
        self.port: dict[int, list[list[Any]]] = {
            r.index: [] for r in self.routes if r.mode == "sea"
        }
        self._port_seq = 0
        # each route's line as journey legs (a sea route's first leg is its feeder's journey)
        self._line_legs = {r.index: self._legs(r.line.edges) for r in self.routes}
        self._sched_rng = streams.get("departures")
        self.dest_ids: list[str] = []  # filled by the model: index -> destination node id
        self.onward_h: dict[tuple[int, int], float] = {}  # (route, dest) -> road hours from port
        self.onward_km: dict[tuple[int, int], float] = {}

    # ----------------------------------------------------------------- set-up

    def set_destinations(self, dest_ids: list[str]) -> None:
        """Fix the destination index and the road legs from each sea port."""
        self.dest_ids = dest_ids
        sea = self.sc.logistics.sea
        for r in self.routes:
            if r.mode != "sea":
                continue
            port = r.line.destination
            for di, d in enumerate(dest_ids):
                km = (
                    0.0 if d == port else self.net.great_circle_km(port, d) * sea.road_detour_factor
                )
                self.onward_km[(r.index, di)] = km
                self.onward_h[(r.index, di)] = km / sea.onward_road_kmh

    def start(self) -> None:
        """Schedule every departure and the border crossings' background traffic, and plan
        every route's containers for its cut-offs (all goods have been handed over)."""
        env = self.env
        for node in sorted(self.borders):
            self.borders[node].start_background(self.horizon_h)
        sea = self.sc.logistics.sea
        cutoff_rows: list[tuple[Route, list[tuple[float, float, int]]]] = []
        for r in self.routes:
            windows = windows_for(self.sc.disruptions, "line", r.line.id, self.cal)
            deps = schedule(r.spec, r.index, self.horizon_h, self._sched_rng, windows)
            if r.mode == "rail":
                rows = self._cutoffs(deps, r.capacity)
                env.process(self._timetable(r, rows, self._train))
            else:
                feeder = LineSpec(trains_per_week=sea.feeder_trains_per_day * 7)
                feeders = schedule(feeder, r.index + 101, self.horizon_h, self._sched_rng, [])
                rows = self._cutoffs(
                    feeders, max(1, round(sea.feeder_capacity_teu * self.sc.scale))
                )
                env.process(self._timetable(r, rows, self._feeder))
                env.process(self._sailing_timetable(r, deps))
            cutoff_rows.append((r, rows))
        for r, rows in cutoff_rows:
            cutoffs = np.array([c for c, _, cap in rows if cap > 0])
            plan = r.forwarder.plan(cutoffs, self.close_partial, self.rec.n_containers)
            packed = plan.item_container >= 0
            self.rec.add_containers(
                plan.closed_h, plan.slots, plan.load_teu, plan.n_orders,
                r.forwarder.oid[packed], plan.item_container[packed],
            )  # fmt: skip

    def containers_closed(self) -> np.ndarray:
        """Which containers have closed by now (a mask by container id)."""
        closed = np.zeros(self.rec.n_containers, dtype=bool)
        for r in self.routes:
            fw = r.forwarder
            closed[fw.first_id : fw.first_id + fw.closed] = True
        return closed

    def _cutoffs(
        self, deps: list[tuple[float, float]], capacity: int
    ) -> list[tuple[float, float, int]]:
        """Each departure's cut-off, time and capacity in slots (0: no room, no cut-off)."""
        out = []
        now = self.env.now
        for dep_h, cap_factor in deps:
            now = max(dep_h - self.cutoff_h, now)
            out.append((now, dep_h, max(0, round(capacity * cap_factor))))
        return out

    # ----------------------------------------------------------------- rail

    def _timetable(
        self,
        r: Route,
        rows: list[tuple[float, float, int]],
        journey: Callable[[Route, float, int, int, int], None],
    ) -> Generator[Any, Any, None]:
        """At each departure's cut-off, close its containers and load up to its capacity,
        then start its journey (a train, or a sea-rail feeder to Ningbo)."""
        env = self.env
        fw = r.forwarder
        for cutoff, dep_h, cap in rows:
            if cutoff > env.now:
                yield env.timeout(cutoff - env.now)
            if cap > 0:
                fw.pack()
                a, b = fw.load(cap)
            else:
                a = b = fw.loaded
            journey(r, dep_h, cap, a, b)

    def _board(
        self, did: int, r: Route, ranges: Iterable[tuple[int, int]], first_leg: bool
    ) -> None:
        """Load route ``r``'s containers ``ranges`` (local ids) on departure ``did``: recorded
        as ranges of container ids, and orders follow their container (what each departure
        carried, and whether a container was loaded twice on one leg, are derived after the
        run: :meth:`sim.actors.recorder.Recorder.departure_loads`, ``container_departures``)."""
        loaded = self.rec.loaded_first if first_leg else self.rec.loaded_sailing
        base = r.forwarder.first_id
        for a, b in ranges:
            if a < b:
                loaded.append((base + a, base + b, did))

    def _legs(self, edges: Iterable[Any]) -> list[Leg]:
        """The legs of a journey over ``edges``: nominal hours, the disruption windows of the
        edge, and the border crossing at its end (if any)."""
        return [
            (e.hours, tuple(self.edge_windows.get((e.src, e.dst), ())), self.borders.get(e.dst))
            for e in edges
        ]

    def _start(self, trip: Trip, dep_h: float) -> None:
        if dep_h > self.env.now:
            self.env.timeout(dep_h - self.env.now).callbacks.append(trip.depart)
        else:
            trip.depart()

    def _train(self, r: Route, dep_h: float, cap: int, a: int, b: int) -> None:
        """A train leaves at ``dep_h`` with containers ``[a, b)`` and runs its line."""
        self._start(
            Trip(self, r, "train", cap, a, b, self._line_legs[r.index], self._train_in), dep_h
        )

    def _train_in(self, trip: Trip) -> None:
        if self.terminal_h > 0:  # unloading at the destination terminal
            self.env.timeout(self.terminal_h).callbacks.append(trip.arrive)
        else:
            trip.arrive()

    def _arrive(self, did: int) -> None:
        """Departure ``did`` has arrived (its orders' arrival times are derived after the run)."""
        self.rec.departures[did][5] = self.env.now

    # ----------------------------------------------------------------- sea

    def _feeder(self, r: Route, dep_h: float, cap: int, a: int, b: int) -> None:
        """A sea-rail feeder leaves at ``dep_h`` with containers ``[a, b)`` for Ningbo."""
        self._start(
            Trip(self, r, "feeder", cap, a, b, self._line_legs[r.index][:1], self._feeder_in),
            dep_h,
        )

    def _feeder_in(self, trip: Trip) -> None:
        """At the port: the containers wait for the port dwell, then for a sailing."""
        env = self.env
        trip.arrive()
        available = env.now + self.port_dwell()
        if trip.b > trip.a:
            self._port_seq += 1
            heapq.heappush(self.port[trip.route.index], [available, self._port_seq, trip.a, trip.b])

    def _sailing_timetable(
        self, r: Route, deps: list[tuple[float, float]]
    ) -> Generator[Any, Any, None]:
        env = self.env
        for dep_h, cap_factor in deps:
            if dep_h > env.now:
                yield env.timeout(dep_h - env.now)
            cap = max(0, round(r.capacity * cap_factor))
            port, fw = self.port[r.index], r.forwarder
            taken: list[tuple[int, int]] = []
            used = 0
            while port and port[0][0] <= env.now and used < cap:
                load = port[0]
                a, b = load[2], load[3]
                j = fw.take(a, b, cap - used, alone=used == 0)
                if j == a:
                    break
                taken.append((a, j))
                used += fw.slots(a, j)
                if j < b:  # the rest of this load waits for the next sailing
                    load[2] = j
                    break
                heapq.heappop(port)
            self._sailing(r, cap, taken)

    def _sailing(self, r: Route, cap: int, taken: list[tuple[int, int]]) -> None:
        env = self.env
        did = self.rec.new_departure(r.index, "sailing", env.now, cap)
        self._board(did, r, taken, first_leg=False)
        sea_leg = r.line.edges[1]
        windows = self.edge_windows.get((sea_leg.src, sea_leg.dst), ())
        run = edge_hours(self.sea_transit() * 24.0, windows, env.now)
        env.timeout(run).callbacks.append(lambda _: self._arrive(did))


Leg = tuple[float, tuple[Window, ...], BorderCrossing | None]
"""One edge of a journey: nominal hours, the edge's disruption windows, the border at its end."""


class Trip:
    """A departure on its way: boards at its time, then runs its legs one timeout each, queues
    at each border crossing, and hands over to ``finish`` at the end.

    Driven by event callbacks rather than a SimPy process: a journey is a straight line of
    waits, so a process (its start and end events, a generator resumed at every leg, an event
    per crossing) only added cost; the crossing calls :meth:`go` when the train is served.
    """

    __slots__ = ("a", "b", "cap", "did", "env", "finish", "kind", "leg", "legs", "lg", "route")

    def __init__(
        self,
        lg: Logistics,
        route: Route,
        kind: str,
        cap: int,
        a: int,
        b: int,
        legs: list[Leg],
        finish: Callable[[Trip], None],
    ) -> None:
        self.lg, self.env, self.route, self.kind, self.cap = lg, lg.env, route, kind, cap
        self.a, self.b = a, b
        self.legs, self.leg, self.finish = legs, 0, finish
        self.did = -1

    def depart(self, _: object = None) -> None:
        """Leave Yiwu with containers ``[a, b)`` of the route."""
        lg = self.lg
        self.did = lg.rec.new_departure(self.route.index, self.kind, self.env.now, self.cap)
        lg._board(self.did, self.route, ((self.a, self.b),), first_leg=True)
        self.go()

    def go(self, _: object = None) -> None:
        """Run the next leg (or finish): one timeout, then the border at its end, if any."""
        i = self.leg
        if i == len(self.legs):
            self.finish(self)
            return
        hours, windows, border = self.legs[i]
        self.leg = i + 1
        if windows:  # most edges have none: no call on the commonest path of a journey
            hours = edge_hours(hours, windows, self.env.now)
        end = simpy.Timeout(self.env, hours)
        end.callbacks.append(self.go if border is None else self.at_border)

    def at_border(self, _: object = None) -> None:
        border = self.legs[self.leg - 1][2]
        assert border is not None
        border.join(self.did, self.go)

    def arrive(self, _: object = None) -> None:
        self.lg._arrive(self.did)
